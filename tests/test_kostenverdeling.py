"""Golden and behaviour tests of the MLW cost model (rekenboek/models/kostenverdeling.py, source 004) and its page.

Golden tests compare every printed cell of the euro table (lines 703-715) and of the split per
gemeente (lines 720-722) with the model, cell by cell. Each cell is recomputed by the model's rule
for that cell from the printed inputs of that cell:

- fte x rate cells: the printed fte times the rate inferred from a basisformatie row. Tolerance:
  the half-width of the interval the printed inputs allow (fte +/- 0,005; the rate's own amount and
  fte +/- half a unit) plus the printed cell's own half unit (half a cent);
- the fixed amount (additionele expertise): the input's half unit plus the cell's;
- Onvoorzien/vervanging: the percentage (a norm, taken exactly, as the register does) of the other
  printed structural costs; tolerance: the percentage of their half units plus the cell's;
- totals: the sum of the printed cells (footing); tolerance: the sum of their half units;
- split: share (a norm, exact) x the printed costs of the year; tolerance: share x their half units
  plus the cell's half unit.

The full chain (every amount from fte x rate) is then reconciled with the printed table: its
difference from every printed total and every printed contribution is exactly the sum of the
differences of the listed cells. Cells that do not follow from the document's assumptions are
listed below with the reason, and the register's verdict on them is asserted.
"""
from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from rekenboek.models import kostenverdeling as kv
from rekenboek.errors import OngeldigeParameter
from rekenboek.report.page import Pagina
from rekenboek.report.pages.financien import kostenverdeling as kv_pagina
from rekenboek.checks.bevindingen import bereken

HONDERD = Decimal(100)

#: printed cells that do NOT follow from the model: (functie, kolom) -> (register check, verdict, reason)
AFWIJKINGEN = {
    ("informatie-analist", "tijdelijk"): (
        "k004a-tarief-informatie-analist-tijdelijk-2018", "niet-controleerbaar",
        "de tijdelijke informatie analist kost meer dan 0,75 fte maal het bedrag per fte van schaal 10; "
        "de toelichting noemt inhuur, dus mogelijk een inhuurtarief"),
    ("onvoorzien", "structureel"): (
        "k004a-onvoorzien", "niet-controleerbaar",
        "de stelpost is niet 5 % van de overige structurele kosten (ligt dicht bij 5 % van de in de tekst genoemde "
        "nieuwe structurele kosten uit een eerdere versie van de tabel)"),
    ("onvoorzien", "totaal"): (
        "k004a-onvoorzien", "niet-controleerbaar", "idem (de totaalkolom herhaalt de stelpost)"),
}
#: printed cells within printed precision of the model but not equal to it
AFRONDINGEN = {
    ("communicatie", "structureel"): ("k004a-tarief-communicatie-structureel", "afronding",
                                      "eurotabel rekent met twee derde (afgekapt 0,66) van 0,2 fte = 0,132 fte; "
                                      "het overzicht drukt 0,13"),
    ("communicatie", "totaal"): ("k004a-tarief-communicatie-structureel", "afronding", "idem"),
    ("ondersteuner", "structureel"): ("k004a-tarief-ondersteuner-structureel", "afronding",
                                      "eurotabel rekent met 0,66 x 0,4 = 0,264 fte; het overzicht drukt 0,26"),
    ("ondersteuner", "totaal"): ("k004a-tarief-ondersteuner-structureel", "afronding", "idem"),
}
#: printed totals and contributions that follow from the printed cells (footing/split: klopt) but differ
#: from the full model chain because they inherit the cells above
GEERFD = {
    ("totaal", "structureel"): "Onvoorzien, Communicatie, Ondersteuner",
    ("totaal", "totaal"): "Onvoorzien, Communicatie, Ondersteuner",
    ("totaal", "tijdelijk"): "Informatie analist tijdelijk",
}


@pytest.fixture(scope="module")
def register(echte_data):
    return echte_data


@pytest.fixture(scope="module")
def m(register):
    return kv.model(register, {})


@pytest.fixture(scope="module")
def oordelen(register):
    t = bereken(register).tabel
    return dict(zip(t["id"], t["oordeel"]))


# ---------------------------------------------------------------- tolerances (see module docstring)
def _fte_tarief_interval(m, r: kv.Regel, kolom: str) -> tuple[Decimal, Decimal]:
    t = m.tarieven[r.schaal]
    e, f = t.bedrag, t.fte
    t_laag = (e.waarde - e.halve_eenheid) / (f.waarde + f.halve_eenheid)
    t_hoog = (e.waarde + e.halve_eenheid) / (f.waarde - f.halve_eenheid)
    c = r.fte[kolom]
    return (c.waarde - c.halve_eenheid) * t_laag, (c.waarde + c.halve_eenheid) * t_hoog


def tolerantie(m, slug: str, kolom: str) -> Decimal:
    """Rounding room of the model's value of one printed cell, from the printed inputs."""
    _, gedrukt = m.cel(slug, kolom)
    if slug == kv.TOTAAL:
        return sum((r.gedrukt[kolom].halve_eenheid for r in m.regels if kolom in r.gedrukt), Decimal(0)) + gedrukt.halve_eenheid
    r = m.regel(slug)
    if slug == kv.ONVOORZIEN:
        overige = [x.gedrukt["totaal"] for x in m.regels if x.slug != kv.ONVOORZIEN]
        return m.onvoorzien_pct / HONDERD * sum((c.halve_eenheid for c in overige), Decimal(0)) + gedrukt.halve_eenheid
    if slug == kv.VAST_BEDRAG:
        return r.fte["structureel"].halve_eenheid + gedrukt.halve_eenheid
    delen = ["basis", "structureel"] if kolom == "totaal" else [kolom]
    breedte = Decimal(0)
    for k in delen:
        if k in r.fte:
            laag, hoog = _fte_tarief_interval(m, r, k)
            breedte += (hoog - laag) / 2
    return breedte + gedrukt.halve_eenheid


def regelwaarde(m, slug: str, kolom: str) -> Decimal:
    """The model's rule for one cell applied to the printed inputs of that cell (component-wise)."""
    if slug == kv.TOTAAL:
        return sum((r.gedrukt[kolom].waarde for r in m.regels if kolom in r.gedrukt), Decimal(0))
    if slug == kv.ONVOORZIEN:
        grondslag = sum((r.gedrukt["totaal"].waarde for r in m.regels if r.slug != kv.ONVOORZIEN), Decimal(0))
        return kv.onvoorzien_bedrag(grondslag, m.onvoorzien_pct)
    return m.cel(slug, kolom)[0]


def golden_verschillen(m) -> dict[tuple[str, str], tuple[Decimal, Decimal, Decimal]]:
    """Cells whose printed value lies outside the model's rounding room: (slug, kolom) -> (model, printed, tol)."""
    uit = {}
    for slug, kolom, _model, gedrukt in m.cellen():
        waarde, tol = regelwaarde(m, slug, kolom), tolerantie(m, slug, kolom)
        if abs(gedrukt.waarde - waarde) > tol:
            uit[(slug, kolom)] = (waarde, gedrukt.waarde, tol)
    for g in kv.GEMEENTEN:
        for j in m.jaren:
            gd = m.bijdrage_gedrukt(g, j)
            waarde = kv.verdeel(m.kosten_gedrukt(j), m.aandelen)[g]
            kolommen = ["totaal"] + (["tijdelijk"] if j == m.tijdelijk_jaar else [])
            tol = m.aandelen[g] / HONDERD * sum((m.totalen_gedrukt[k].halve_eenheid for k in kolommen), Decimal(0)) + gd.halve_eenheid
            if abs(gd.waarde - waarde) > tol:
                uit[(g, str(j))] = (waarde, gd.waarde, tol)
    return uit


# ---------------------------------------------------------------- golden tests
def test_tarief_per_schaal_afgeleid_uit_basisformatie(m, register):
    """INFERRED rate: amount / fte of the first basisformatie row of each schaal (as k004a-tarief-* do)."""
    assert set(m.tarieven) == {r.schaal for r in m.regels if r.schaal}
    for s, t in m.tarieven.items():
        assert t.tarief == t.bedrag.waarde / t.fte.waarde
        assert t.bedrag.tabel == kv.TABEL_EURO and t.fte.tabel == kv.TABEL_FTE
    # every other basisformatie row of a schaal gives the same rate (Beleid Wmo, schaal 12)
    for r in m.regels:
        if r.schaal and "basis" in r.fte:
            assert r.gedrukt["basis"].waarde / r.fte["basis"].waarde == m.tarieven[r.schaal].tarief, r.slug


def test_golden_eurotabel_en_verdeling(m):
    """Every printed cell within its rounding room, except exactly the listed deviations."""
    assert set(golden_verschillen(m)) == set(AFWIJKINGEN)


def test_bekende_afwijkingen_staan_in_register(m, oordelen):
    for (slug, kolom), (check, oordeel, reden) in {**AFWIJKINGEN, **AFRONDINGEN}.items():
        assert oordelen.get(check) == oordeel, f"{slug}/{kolom}: register {check} zegt {oordelen.get(check)} ({reden})"
        model, gedrukt = m.cel(slug, kolom)
        assert model != gedrukt.waarde, f"{slug}/{kolom} is geen afwijking meer"


def test_afrondingen_binnen_afronding_en_verklaard(m, register):
    """Communicatie and Ondersteuner: within printed precision; the euro table used 0,66 x the paragraph's fte."""
    for slug, kolom in AFRONDINGEN:
        model, gedrukt = m.cel(slug, kolom)
        assert 0 < abs(gedrukt.waarde - model) <= tolerantie(m, slug, kolom)
    factor = register.cijfers["004a-ovz-contractmanager-structureel"].waarde / register.cijfers["004a-cm-tabel-structureel"].waarde
    for slug, paragraaf in (("communicatie", "004a-com-tabel-structureel"), ("ondersteuner", "004a-ond-tabel-structureel")):
        r = m.regel(slug)
        assert factor * register.cijfers[paragraaf].waarde * m.tarieven[r.schaal].tarief == r.gedrukt["structureel"].waarde


def test_alle_overige_cellen_exact(m):
    bijzonder = set(AFWIJKINGEN) | set(AFRONDINGEN) | set(GEERFD)
    for slug, kolom, model, gedrukt in m.cellen():
        if (slug, kolom) not in bijzonder:
            assert model == gedrukt.waarde, (slug, kolom)


def test_keten_verschil_is_som_van_bekende_cellen(m):
    """Full chain: each printed total differs from the model by exactly the listed cells' differences."""
    for kolom in kv.KOLOM_ID:
        verschil_totaal = m.totalen_gedrukt[kolom].waarde - m.totaal(kolom)
        som_cellen = sum((g.waarde - v for s, k, v, g in m.cellen() if k == kolom and s != kv.TOTAAL), Decimal(0))
        assert verschil_totaal == som_cellen, kolom
        if (kv.TOTAAL, kolom) in GEERFD:
            assert verschil_totaal != 0
        else:
            assert verschil_totaal == 0
    # the Onvoorzien of the chain: the same percentage over the model's (slightly lower) other costs
    ov_model, ov_gedrukt = m.cel(kv.ONVOORZIEN, "totaal")
    regel = regelwaarde(m, kv.ONVOORZIEN, "totaal")
    afr = sum((g.waarde - v for s, k, v, g in m.cellen() if k == "totaal" and (s, k) in AFRONDINGEN), Decimal(0))
    assert regel - ov_model == m.onvoorzien_pct / HONDERD * afr


def test_verdeling_golden_en_keten(m, oordelen):
    """The split rule reproduces every printed contribution exactly from the printed costs (register: klopt);
    the full chain differs by exactly the share of the inherited difference in the costs."""
    for g in kv.GEMEENTEN:
        for j in m.jaren:
            gd = m.bijdrage_gedrukt(g, j)
            assert kv.verdeel(m.kosten_gedrukt(j), m.aandelen)[g] == gd.waarde
            assert oordelen[f"k004a-kv-{g.lower()}-{j}"] == "klopt"
            assert gd.waarde - m.bijdrage(g, j) == m.aandelen[g] / HONDERD * (m.kosten_gedrukt(j) - m.kosten(j))
            assert m.bijdrage(g, j) != gd.waarde  # inherited: Onvoorzien (and in 2018 the temporary analyst)


def test_jaar_aanname_tijdelijk_alleen_in_kolomjaar(m):
    """INFERRED: the year of the temporary column bears the temporary costs; the printed columns confirm it."""
    assert m.jaren == list(range(m.jaren[0], m.jaren[-1] + 1)) and m.tijdelijk_jaar == m.jaren[0]
    som = {j: sum((m.bijdrage_gedrukt(g, j).waarde for g in kv.GEMEENTEN), Decimal(0)) for j in m.jaren}
    for j in m.jaren[1:]:
        assert som[j] == m.totalen_gedrukt["totaal"].waarde
        assert m.kosten(j) == m.totaal("totaal")
    assert som[m.tijdelijk_jaar] - som[m.jaren[1]] == m.totalen_gedrukt["tijdelijk"].waarde
    assert m.kosten(m.tijdelijk_jaar) - m.kosten(m.jaren[1]) == m.totaal("tijdelijk")


def test_aansluiting_met_de_tekst(m, oordelen):
    a = {x.tekst.id: x for x in kv.aansluitingen(m)}
    # uitvoeringsbudget: 900.000 + 200.000 = 1,1 miljoen exactly
    b = a[kv.TEKST["budget_nieuw"]]
    assert b.model == b.tekst.waarde
    # its share of the total budget: 'afgerond 7 %' of 'ruim 16 miljoen' (both circa; register: afronding)
    p = a[kv.TEKST["aandeel_uitvoering"]]
    assert abs(p.tekst.waarde - p.model) <= p.tekst.halve_eenheid
    assert oordelen["k004a-aandeel-voorstel"] == "afronding"
    # basisformatie in fte: exact
    f = a[kv.TEKST["basis_fte"]]
    assert f.model == f.tekst.waarde == f.tabel
    # known deviations of the prose from the table (and hence from the model)
    for sleutel, check in (("nieuwe_kosten", "k004a-nieuwe-kosten"), ("basis_kosten", "k004a-basis-kosten"),
                           ("meerkosten", "k004a-meerkosten-tabel")):
        x = a[kv.TEKST[sleutel]]
        assert x.tekst.waarde != x.tabel and x.tekst.waarde != x.model
        assert oordelen[check] == "afwijking", check
    # the prose is internally consistent: new costs - budget 2017 = extra costs
    assert oordelen["k004a-meerkosten"] == "klopt"
    # basis costs of the model are the printed table total
    assert a[kv.TEKST["basis_kosten"]].model == m.totalen_gedrukt["basis"].waarde


def test_golden_kan_falen(data_kopie):
    """An altered printed cell is caught by the golden comparison."""
    from conftest import wijzig_record
    from rekenboek.inputs.register import laad

    wijzig_record(data_kopie / "cijfers" / "004a.csv", "004a-kv-leudal-2020", tekst="€ 253.716,40", waarde="253716.40")
    wijzig_record(data_kopie / "cijfers" / "004a.csv", "004a-eur-mobw-structureel", tekst="€ 36.100,00", waarde="36100.00")
    verschillen = golden_verschillen(kv.model(laad(), {}))
    assert ("Leudal", "2020") in verschillen and ("mobw", "structureel") in verschillen


# ---------------------------------------------------------------- assumptions
def test_aandelen_wijzigen_verandert_bijdragen_en_houdt_totalen(register, m):
    nieuw = {"Leudal": 30, "Nederweert": 20.5, "Weert": "49.5"}
    m2 = kv.model(register, {"aandelen_pct": nieuw})
    for g in kv.GEMEENTEN:
        assert m2.aandelen[g] == Decimal(str(nieuw[g]))
        for j in m.jaren:
            assert m2.bijdrage(g, j) != m.bijdrage(g, j)
            assert m2.bijdrage(g, j) == Decimal(str(nieuw[g])) / HONDERD * m.kosten(j)
    for j in m.jaren:   # downstream totals kept
        assert sum((m2.bijdrage(g, j) for g in kv.GEMEENTEN), Decimal(0)) == m.kosten(j) == m2.kosten(j)
    # upstream cells untouched
    assert [(s, k, v) for s, k, v, _ in m2.cellen()] == [(s, k, v) for s, k, v, _ in m.cellen()]
    p = kv_pagina.pagina(register, "Leudal", 2020, {"aandelen_pct": nieuw})
    doc = str(m.aandelen_document["Leudal"].waarde)
    assert len(p.afwijkende_aannames) == 1 and f"Leudal {doc} %" in p.afwijkende_aannames[0]
    assert "Leudal 30 %" in p.afwijkende_aannames[0]


def test_onvoorzien_pct_wijzigen(register, m):
    m2 = kv.model(register, {"onvoorzien_pct": 10})
    ov, ov2 = m.cel(kv.ONVOORZIEN, "totaal")[0], m2.cel(kv.ONVOORZIEN, "totaal")[0]
    assert ov2 == 2 * ov
    for s, k, v, _ in m.cellen():
        if s not in (kv.ONVOORZIEN, kv.TOTAAL):
            assert m2.cel(s, k)[0] == v          # upstream unchanged
    assert m2.totaal("totaal") - m.totaal("totaal") == ov2 - ov
    assert m2.totaal("basis") == m.totaal("basis") and m2.totaal("tijdelijk") == m.totaal("tijdelijk")
    for g in kv.GEMEENTEN:
        assert m2.bijdrage(g, 2019) - m.bijdrage(g, 2019) == m.aandelen[g] / HONDERD * (ov2 - ov)


def test_tarief_per_schaal_wijzigen(register, m):
    m2 = kv.model(register, {"tarief_per_schaal": {"11": 100000}})
    assert m2.tarieven["11"].overschreven and m2.tarieven["11"].afgeleid == m.tarieven["11"].afgeleid
    for r, r2 in zip(m.regels, m2.regels):
        if r.schaal == "11":
            for k, c in r.fte.items():
                if k in r.bedrag and k != "totaal":
                    assert r2.bedrag[k] == c.waarde * 100000
            assert r2.bedrag != r.bedrag
        elif r.slug != kv.ONVOORZIEN:
            assert r2.bedrag == r.bedrag
    assert m2.cel(kv.ONVOORZIEN, "totaal")[0] > m.cel(kv.ONVOORZIEN, "totaal")[0]


@pytest.mark.parametrize("aannames, melding", [
    ({"aandelen_pct": {"Leudal": 36, "Nederweert": 16, "Weert": 47}}, "niet tot 100"),
    ({"aandelen_pct": {"Leudal": 50, "Weert": 50}}, "precies de gemeenten"),
    ({"aandelen_pct": {"Leudal": 36, "Nederweert": 16, "Weert": 48, "Roermond": 0}}, "precies de gemeenten"),
    ({"aandelen_pct": {"Leudal": -4, "Nederweert": 56, "Weert": 48}}, "negatief"),
    ({"aandelen_pct": {"Leudal": "veel", "Nederweert": 16, "Weert": 48}}, "geen getal"),
    ({"aandelen_pct": [36, 16, 48]}, "mapping"),
    ({"onvoorzien_pct": 120}, "tussen 0 en 100"),
    ({"tarief_per_schaal": {"9": 70000}}, "schaal '9'"),
    ({"scenario": "positief"}, "onbekende aanname"),
])
def test_ongeldige_aannames(register, aannames, melding):
    with pytest.raises(OngeldigeParameter, match=melding):
        kv_pagina.pagina(register, "MLW", 2019, aannames)


def test_onbekende_eenheid_of_jaar(register):
    with pytest.raises(OngeldigeParameter, match="2018"):
        kv_pagina.pagina(register, "Weert", 2023, {})
    with pytest.raises(OngeldigeParameter, match="kent"):
        kv_pagina.pagina(register, "Maastricht", 2019, {})


# ---------------------------------------------------------------- the page
@pytest.mark.parametrize("gemeente", kv.EENHEDEN)
def test_pagina(register, gemeente):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    p = kv_pagina.pagina(register, gemeente, 2018, {})
    assert isinstance(p, Pagina) and p.gemeente == gemeente and p.jaar == 2018
    assert p.afwijkende_aannames == [] and p.aannames_tekst.startswith("Deze pagina wijzigt geen aanname")
    teksten = [p.inleiding] + [s.tekst for s in p.secties]
    assert all(t and "None" not in t and "onbekend" not in t for t in teksten)
    assert "afgeleide aanname" in "\n".join(teksten).lower()
    for s in p.secties:
        for _, t in s.tabellen:
            assert isinstance(t, pd.DataFrame) and not t.empty
            assert all(isinstance(v, str) for v in t.to_numpy().ravel())
        for _, maak in s.figuren:
            fig = maak()
            assert fig.axes[0].get_title() and fig.axes[0].get_ylabel() or fig.axes[0].get_xlabel()
            plt.close(fig)
    assert any(s.figuren for s in p.secties)
    b = p.bevindingen
    assert len(b) and set(b["bestand"]) == {register.cijfers["004a-kv-weert-2018"].bestand}
    verdeling = b[b["tabel_id"] == kv.TABEL_VERDELING]
    if gemeente == "MLW":
        assert set(verdeling["gemeente"]) == set(kv.GEMEENTEN)
        assert {"k004a-onvoorzien", "k004a-tarief-informatie-analist-tijdelijk-2018", "k004a-nieuwe-kosten"} <= set(b["id"])
    else:
        # its own five contributions; the other gemeenten's rows come along because they use the MLW totals shown
        assert len(verdeling[verdeling["gemeente"] == gemeente]) == 5
        # the MLW totals it depends on and the deviations behind them
        assert {"k004a-eur-footing-totaal-structureel", "k004a-onvoorzien", "k004a-kv-som-2019"} <= set(b["id"])
        assert ("k004a-budget-verhoging" in set(b["id"])) == (gemeente == "Weert")


def test_pagina_noemt_capaciteit(register):
    p = kv_pagina.pagina(register, "Weert", 2019, {})
    cap = next(s for s in p.secties if s.titel.startswith("Capaciteit"))
    tabel = cap.tabellen[0][1]
    assert len(tabel) == len(kv.CAPACITEIT["Weert"])
    assert any(c.startswith("Weert:") for c in tabel["Wat"])


# ---------------------------------------------------------------- sensitivity bands (data/modellen/aannames.csv)
def test_tornado_mlw_heeft_een_balk_per_aandeel(register, m):
    """The MLW comparison page's tornado moves every gemeente's share by its declared band (± 1 procentpunt, the
    others in proportion, total 100) besides the stelpost; tarief_per_schaal is listed as not moved."""
    from rekenboek.models import aannames as aannames_register
    from rekenboek.report.pages import vergelijking

    band = aannames_register.per_naam()["aandelen_pct"].band
    assert band == 1
    p = vergelijking.pagina("kostenverdeling", register=register)
    assert [a.naam for a in p.gevoeligheid.zonder_band] == ["tarief_per_schaal"]
    for t in p.gevoeligheid.tornados:
        _, gemeente = t.uitkomst.sleutel
        labels = {b.variatie.label for b in t.balken}
        assert labels == {f"aandelen_pct ({g})" for g in kv.GEMEENTEN} | {"onvoorzien_pct"}
        eigen = next(b for b in t.balken if b.variatie.onderdeel == gemeente)
        # the gemeente's own share one procentpunt up: its contribution over all years grows by 1 % of the costs
        assert eigen.effect_hoog == band / 100 * sum((m.kosten(j) for j in m.jaren), Decimal(0))
        for b in t.balken:
            if b.variatie.onderdeel:
                assert sum(Decimal(str(v)) for v in b.variatie.hoog.values()) == 100
    alt = " ".join(a for s in p.secties for a, _ in s.figuren)   # the chart the page draws
    assert all(f"aandelen_pct ({g})" in alt for g in kv.GEMEENTEN)
