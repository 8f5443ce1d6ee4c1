"""Golden and behaviour tests of the SZMH model (rekenboek/models/szmh.py) and its page.

Tolerance of a golden comparison: the model value carries the sum of half the last printed
unit of every printed input it is computed from (``Getal.marge``), and the printed cell its
own half unit (``record.halve_eenheid``); a recomputed cell matches when the difference is
within the sum of both. A printed cell that does NOT follow from the document's own
arithmetic is listed below as a known deviation with the reason, and the findings register
must hold a check on that very cell, judged ``afwijking``, whose recomputed value is the
model's.
"""
from __future__ import annotations

from decimal import Decimal

import matplotlib
import pytest

matplotlib.use("Agg")

from rekenboek.models import szmh  # noqa: E402
from rekenboek.errors import OngeldigeParameter  # noqa: E402
from rekenboek.report.page import Pagina  # noqa: E402
from rekenboek.report.pages.financien import szmh as szmh_pagina  # noqa: E402
from rekenboek.report.tables import kosten_per_fte_tabel  # noqa: E402
from rekenboek.checks.bevindingen import bereken  # noqa: E402

# record id -> why the printed cell does not follow from the document's own figures
BEKENDE_AFWIJKINGEN_AGENDA = {
    "002b-inv-totaal-2017": "'Totaal per jaar' 2017 is gedrukt als 440.000; de vijf posten tellen op tot 540.000 "
                            "(en het gedrukte eindsaldo 2017 volgt uit 540.000)",
    "002b-inv-totale-agenda-2018": "kolom 2018 van 'Totale investeringsagenda' is niet het eindsaldo 2017",
    "002b-inv-eindsaldo-2018": "eindsaldo 2018 is niet eindsaldo 2017 min de posten 2018",
    "002b-inv-totale-agenda-2019": "kolom 2019 van 'Totale investeringsagenda' is niet het doorlopende saldo",
    "002b-inv-eindsaldo-2019": "het doorlopende saldo eindigt niet op nul: de afwijking van 2018 werkt door",
    "000a-ia-totale-agenda-2019": "kolom 2019 van 'Totale investeringsagenda 2018-2020' is niet het eindsaldo 2018",
    "000a-ia-totale-agenda-2020": "kolom 2020 van 'Totale investeringsagenda 2018-2020' is niet het eindsaldo 2019",
}
BEKENDE_AFWIJKINGEN_AANSLUITING = {
    "002b-3b-totaal-2016-fte": "Bijlage 3b telt 8,50 fte in 2016 (incl. 'Diverse functies'), Bijlage 3c 4,00",
    "002b-3b-totaal-2017-fte": "Bijlage 3b telt 2,15 fte in 2017, Bijlage 3c stelt 6,25 voor",
    "000a-eff-2018-tot-fte": "het jaarplan 2018 vult 2018 in met 3,00 fte; Bijlage 3c stelde 4,90 voor",
    "000a-eff-2018-tot-totaal": "het jaarplan 2018 vult 2018 in met 239.274; Bijlage 3c stelde 253.000 voor",
}


@pytest.fixture(scope="module")
def register_res(echte_data):
    return bereken(echte_data)


def _check_op(res, record_id: str):
    return [b for b in res.bevindingen if b.gesteld.id == record_id]


def _golden(vergelijkingen, bekend, res):
    afwijkend = {v.record.id: v for v in vergelijkingen if not v.past}
    assert set(afwijkend) == set(bekend), (
        f"onverwacht afwijkend: {sorted(set(afwijkend) - set(bekend))}; "
        f"verwacht afwijkend maar klopt: {sorted(set(bekend) - set(afwijkend))}")
    for rid, v in afwijkend.items():
        checks = [b for b in _check_op(res, rid) if b.oordeel not in ("klopt", "afronding")]   # afwijking, herziening, ...
        assert checks, f"{rid}: geen controle in het register met oordeel afwijking ({bekend[rid]})"
        assert any(b.waarde_herberekend == v.model.waarde for b in checks), (
            f"{rid}: het register rekent niet met de modelwaarde {v.model.waarde}: "
            f"{[(b.controle.id, b.waarde_herberekend) for b in checks]}")


# ------------------------------------------------------------------ investment agendas
def test_agendas_golden(bronnen, echte_data, register_res):
    vs = [v for ag in szmh.agendas(echte_data) for v in ag.vergelijkingen()]
    assert len(vs) == 2 * 3 * 3 - 2       # 2 agendas x 3 years x (total, begin, end), minus the two opening balances
    _golden(vs, BEKENDE_AFWIJKINGEN_AGENDA, register_res)


def test_agenda_2017_lopend_saldo(bronnen, echte_data):
    ag = szmh.agendas(echte_data)[0]
    r = echte_data.cijfers
    # the opening balance is the first 'Totale investeringsagenda' column; each year: minus the sum of its items
    assert ag.jaren[0].begin.waarde == r["002b-inv-totale-agenda-2017"].waarde
    for a, volgende in zip(ag.jaren, ag.jaren[1:]):
        assert volgende.begin == a.eind
    for a in ag.jaren:
        assert a.uitgaven.waarde == sum(c.waarde for c in a.posten.values())
        assert a.eind.waarde == a.begin.waarde - a.uitgaven.waarde
    # the 2017 closing balance equals the printed one (evidence for the inferred opening balance)
    assert ag.jaren[0].eind.waarde == r["002b-inv-eindsaldo-2017"].waarde


def test_aansluiting_agendas(bronnen, echte_data, register_res):
    oud, nieuw = szmh.agendas(echte_data)
    gemeen = sorted(set(oud.jaartallen) & set(nieuw.jaartallen))
    assert len(gemeen) == 2
    for j in gemeen:
        t = szmh_pagina.aansluiting_agendas(oud, nieuw, j)
        assert len(t) == len(oud.defn.posten) + 5
        for (k, _), (_, rij) in zip(oud.defn.posten, t.iterrows()):
            a, b = oud.jaar(j).posten[k], nieuw.jaar(j).posten[k]
            # every item that differs between the agendas has an 'aansluiting' check judged afwijking
            checks = _check_op(register_res, b.id)
            if a.waarde != b.waarde:
                assert any(c.oordeel == "herziening" and c.waarde_herberekend == a.waarde for c in checks), b.id
    assert szmh_pagina.aansluiting_agendas(oud, nieuw, oud.jaartallen[0]) is None


def test_beginsaldo_aanname_werkt_door(bronnen, echte_data):
    """Changing the opening balance moves every balance by the same amount; spending does not move."""
    basis = szmh.agendas(echte_data)
    doc = basis[0].beginsaldo_document.waarde
    delta = Decimal("-95000")
    ander = szmh.agendas(echte_data, {"beginsaldo_agenda_2017": doc + delta})
    for a, b in zip(basis[0].jaren, ander[0].jaren):
        assert b.uitgaven == a.uitgaven
        assert b.begin.waarde - a.begin.waarde == delta
        assert b.eind.waarde - a.eind.waarde == delta
    assert [a.eind for a in basis[1].jaren] == [a.eind for a in ander[1].jaren]   # the other agenda is untouched
    p = szmh_pagina.pagina(echte_data, "SZMH", 2018, {"beginsaldo_agenda_2017": float(doc + delta)})
    assert len(p.afwijkende_aannames) == 1 and "995.000" in p.afwijkende_aannames[0]
    assert "Let op" in p.aannames_tekst


def test_onbekende_of_ongeldige_aanname(bronnen, echte_data):
    with pytest.raises(OngeldigeParameter, match="onbekende aanname"):
        szmh_pagina.pagina(echte_data, "SZMH", 2018, {"rente": 3})
    with pytest.raises(OngeldigeParameter, match="geen getal"):
        szmh_pagina.pagina(echte_data, "SZMH", 2018, {"beginsaldo_agenda_2018": "veel"})


# ------------------------------------------------------------------ efficiency
def test_efficiency_golden(bronnen, echte_data, register_res):
    eff = szmh.efficiency(echte_data)
    assert eff.jaartallen == list(range(2012, 2019))
    vs = eff.vergelijkingen()
    _golden(vs, {}, register_res)
    # the footings judged 'afronding' by the register are one-euro differences the model reproduces
    for v in vs:
        if v.oordeel == "afronding":
            assert abs(v.verschil) <= 2


def test_efficiency_cumulatief(bronnen, echte_data):
    eff = szmh.efficiency(echte_data)
    r = echte_data.cijfers
    vorige = None
    for e in eff.jaren:
        assert e.taakstelling_cum.waarde == (vorige.taakstelling_cum.waarde if vorige else 0) + e.taakstelling.waarde
        # incidental measures count only in their own year (INFERRED): the printed cumulative line equals it exactly
        assert e.v_eur_cum.waarde == r[f"002b-3c-cumulatief-{e.jaar}-eur"].waarde
        assert e.v_fte_cum.waarde == r[f"002b-3c-cumulatief-{e.jaar}-fte"].waarde
        vorige = e
    # the two prose sentences: target and realisation through 2017 and 2018
    e17, e18 = eff.jaar(2017), eff.jaar(2018)
    assert e17.taakstelling_cum.waarde == r["002b-3b-tekst-taakstelling"].waarde
    assert e18.taakstelling_cum.waarde == r["000a-eff-taakstelling-tm-2018"].waarde
    assert abs(e18.n_cum.waarde - r["000a-eff-ingevuld-tm-2018"].waarde) <= e18.n_cum.marge
    # the surplus the 2018 plan implies is positive and small relative to the target
    assert 0 < e18.n_cum.waarde - e18.taakstelling_cum.waarde < e18.taakstelling.waarde


def test_efficiency_aansluiting_2017_2018(bronnen, echte_data, register_res):
    _golden(szmh.efficiency(echte_data).aansluitingen(), BEKENDE_AFWIJKINGEN_AANSLUITING, register_res)


def test_kosten_per_fte(bronnen, echte_data):
    rijen = szmh.fte_rijen(echte_data)
    # both versions have the same function rows for 2012-2017, and the same cost per fte
    for j in range(2012, 2018):
        a = [x for x in rijen if x.jaar == j and x.versie.startswith("plan 2017")]
        b = [x for x in rijen if x.jaar == j and x.versie == "plan 2018"]
        assert len(a) == len(b) > 0
        assert [x.per_fte for x in a] == [x.per_fte for x in b]
    for x in rijen:
        assert x.per_fte * x.fte.waarde == pytest.approx(x.bedrag.waarde)
        lo, hi = x.interval
        assert lo <= x.per_fte <= hi
    t = kosten_per_fte_tabel(rijen, 2014)
    # schaal 8 in 2014: Financieel medewerker and Communicatie medewerker do not agree, even with rounding
    acht = t[(t["Schaal"] == "8") & (t["Versie"] == "plan 2018")]
    assert len(acht) == 2 and all(acht["Vergelijking"].str.startswith("wijkt af"))
    negen = t[(t["Schaal"] == "9") & (t["Versie"] == "plan 2018")]
    assert all(negen["Vergelijking"] == "gelijk binnen afronding")
    assert kosten_per_fte_tabel(rijen, 2019) is None


# ------------------------------------------------------------------ the page
@pytest.mark.parametrize("jaar", range(2012, 2021))
def test_pagina_elk_jaar(bronnen, echte_data, jaar):
    p = szmh_pagina.pagina(echte_data, "SZMH", jaar, {})
    assert isinstance(p, Pagina) and p.jaar == jaar
    assert p.afwijkende_aannames == []
    jaren = set(p.bevindingen["jaar"])
    assert jaren <= {str(jaar), ""}
    for s in p.secties:
        for _, t in s.tabellen:
            assert all(t[k].map(type).eq(str).all() for k in t.columns)


@pytest.mark.parametrize("jaar", [2012, 2016])
def test_pagina_zonder_agenda(bronnen, echte_data, jaar):
    p = szmh_pagina.pagina(echte_data, "SZMH", jaar, {})
    assert "Niet bekend voor" in p.inleiding and "geen investeringsagenda" in p.inleiding
    s = p.secties[0]
    assert s.tekst.startswith(f"*Niet bekend voor {jaar}:*") and not s.tabellen and not s.figuren
    assert not p.bevindingen["tabel_id"].isin(szmh.TABELLEN_AGENDA).any()


@pytest.mark.parametrize("jaar", [2019, 2020])
def test_pagina_zonder_efficiency(bronnen, echte_data, jaar):
    p = szmh_pagina.pagina(echte_data, "SZMH", jaar, {})
    assert "geen taakstelling of invulling" in p.inleiding
    eff = next(s for s in p.secties if s.titel.startswith("Efficiency"))
    assert eff.tekst.startswith(f"*Niet bekend voor {jaar}:*") and not eff.tabellen
    kpf = next(s for s in p.secties if s.titel.startswith("Kosten per fte"))
    assert "Niet bekend" in kpf.tekst
    assert not p.bevindingen["tabel_id"].isin(szmh.TABELLEN_EFF).any()


def test_pagina_2018_toont_beide_agendas_en_aansluiting(bronnen, echte_data):
    p = szmh_pagina.pagina(echte_data, "SZMH", 2018, {})
    s = p.secties[0]
    titels = [t for t, _ in s.tabellen]
    assert any(t.startswith("Aansluiting 2018") for t in titels)
    assert "Afgeleide aanname" in s.tekst
    assert {"002b-investeringsagenda-financieel", "000a-investeringsagenda-fin", "000a-efficiency"} <= set(p.bevindingen["tabel_id"])
    # the page's tables show the recomputed 2017 closing balance next to the printed one
    ag = s.tabellen[0][1]
    assert "€\u00a0130.000" in set(ag[ag["Regel"] == "Eindsaldo bedrijfsreserve (herberekend)"]["2018"])


def test_grafieken(bronnen, echte_data):
    import matplotlib.pyplot as plt

    p = szmh_pagina.pagina(echte_data, "SZMH", 2018, {})
    figuren = [maak for s in p.secties for _, maak in s.figuren]
    assert len(figuren) == 2
    for maak in figuren:
        fig = maak()
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and "€" in ax.get_ylabel()
        plt.close(fig)


def test_alleen_szmh(echte_data):
    with pytest.raises(OngeldigeParameter):
        szmh_pagina.pagina(echte_data, "Weert", 2018, {})
