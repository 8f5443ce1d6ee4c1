"""Formatie across years, prose figures, efficiency in fte, MLW and action-plan capacity, absence; the page."""
from decimal import Decimal

import pytest

from rekenboek.errors import OngeldigeParameter
from rekenboek.models import capaciteit as cp
from rekenboek.models import formatie as fm
from rekenboek.models import kpi
from rekenboek.models import verzuim as vz
from rekenboek.report.page import Pagina
from rekenboek.report.pages import formatie as pagina
from rekenboek.report.pages.formatie import loop as loop_pagina
from rekenboek.report.pages.formatie import verzuim as verzuim_pagina


def test_reeks_sluit_aan(echte_data):
    rk = fm.reeks(echte_data, "SZMH")
    assert [lp.jaar for lp in rk.lopen] == [2017, 2018]
    a = rk.aansluitingen[0]
    assert a.eind.gedrukt == echte_data.cijfers["002-3a-eind"].waarde
    assert a.begin.gedrukt == echte_data.cijfers["000-fa-begin"].waarde
    assert not rk.breuken


def _verschuif_begin(rk, delta):
    lp = rk.lopen[1]
    b = lp.begin
    verschoven = fm.Stap("stand", "Beginstand", "", b.gedrukt + delta, b.herberekend, b.regel, 0, b.record, b.onderdelen)
    kapot = fm.FormatieLoop(lp.gemeente, lp.jaar, lp.tabel_id, lp.titel, lp.bestand, [verschoven] + lp.stappen[1:],
                            lp.regels, lp.records)
    return fm.Reeks("SZMH", [rk.lopen[0], kapot])


def test_breuk_in_reeks_wordt_gezien(echte_data):
    # both balances are printed to two decimals: 0,01 apart is within rounding (the rule of the declared
    # check 2017-2018-beginstand, tolerance 0,010); 0,02 apart is a break
    rk = fm.reeks(echte_data, "SZMH")
    rk2 = _verschuif_begin(rk, Decimal("0.02"))
    assert len(rk2.breuken) == 1 and rk2.breuken[0].verschil == Decimal("0.02")
    assert "breuk" in set(loop_pagina.reeks_tabel(rk2)["Oordeel"])
    binnen = _verschuif_begin(rk, Decimal("0.01"))
    assert not binnen.breuken and binnen.aansluitingen[0].oordeel == "afronding"
    assert "sluit aan binnen de afronding" in set(loop_pagina.reeks_tabel(binnen)["Oordeel"])


def test_stap_oordeel_met_tolerantie_uit_de_gedrukte_precisie(echte_data):
    lp = fm.loop(echte_data, "SZMH", 2017)
    eind = lp.eind
    # the tolerance of the declared check 002-3a-eindstand-uit-regels: half units of the closing balance,
    # the opening balance and every mutation row
    assert eind.tolerantie == Decimal("0.150") and eind.oordeel == "klopt"
    afwijkend = fm.Stap(eind.soort, eind.naam, eind.peildatum, eind.gedrukt + Decimal("0.16"), eind.herberekend,
                        eind.regel, 0, eind.record, eind.onderdelen)
    assert afwijkend.oordeel == "afwijking"


def test_mutaties_over_jaren_tellen_op_tot_reeks(echte_data):
    rk = fm.reeks(echte_data, "SZMH")
    totaal = sum((sum(rk.mutaties(lp).values(), Decimal(0)) for lp in rk.lopen), Decimal(0))
    assert rk.begin.herberekend + totaal == rk.eind.herberekend


def test_draaiknop_per_fte(echte_data):
    eur, fte = echte_data.cijfers["000-p-draaiknop-eur"], echte_data.cijfers["000-p-draaiknop-fte"]
    assert fm.draaiknop_per_fte(echte_data) == eur.waarde / fte.waarde


def test_efficiency_versies_gelijk_tot_2017(echte_data):
    v17, v18 = fm.efficiency_versies(echte_data)
    for j in v17.regels:
        assert v17.som(j) == v18.som(j) == v17.subtotalen[j].waarde
    laatste = max(v18.regels)
    assert v18.cumulatief(laatste) == echte_data.cijfers["000a-eff-eind-fte"].waarde


def test_verzuim_norm_richting(echte_data):
    cijfers = vz.verzuim(echte_data, "SZMH")
    pct16 = next(v for v in cijfers if v.realisatie.id == "000a-vz-2016-pct")
    assert pct16.norm.id == "000a-vz-2016-norm" and pct16.verschil > 0
    assert pct16.beoordeling.oordeel == kpi.NIET_GEHAALD and "boven" in verzuim_pagina.oordeel_tekst(pct16)
    mf17 = next(v for v in cijfers if v.realisatie.id == "000a-vz-2017-mf")
    # January-November 2017 against the annual norm: not comparable (the KPI rule, rekenboek.models.kpi.vergelijkbaar)
    assert mf17.norm.id == "000a-vz-2017-mf-norm" and mf17.beoordeling.oordeel == kpi.NIET_VERGELIJKBAAR
    assert "januari t/m november 2017" in verzuim_pagina.oordeel_tekst(mf17)


def test_verzuim_langdurig_aandeel(echte_data):
    langdurig = [v for v in vz.verzuim(echte_data, "SZMH") if v.totaal is not None]
    assert langdurig
    for v in langdurig:
        assert v.aandeel == v.realisatie.waarde / v.totaal.waarde * 100


def test_mlw_factor_twee_derde(echte_data):
    vs = cp.paragraaf_vergelijking(echte_data)
    afwijkend = [v for v in vs if not v.gelijk]
    assert len(afwijkend) == 4
    assert all(v.past_twee_derde for v in afwijkend)


def test_mlw_werkweek_berekend(echte_data):
    ww = cp.werkweek(echte_data)
    lo, hi = ww.bandbreedte
    assert lo < ww.uur_per_fte < hi
    assert ww.uur_per_fte == echte_data.cijfers["004a-mobw-uren-nieuw"].waarde / echte_data.cijfers["004a-ovz-mobw-structureel"].waarde


def test_actieplan_omrekening_en_gemeenten(echte_data):
    inzet = cp.actieplan(echte_data)
    pm = next(i for i in inzet if i.functie == "Procesmanager")
    assert pm.fte == echte_data.cijfers["003a-b2-procesmanager"].waarde
    assert pm.in_uren == pm.fte * cp.WERKWEEK_UUR * cp.WEKEN_PER_JAAR
    ek = next(i for i in inzet if i.functie == "Eigen kracht")
    assert ek.in_fte == ek.uren / (cp.WERKWEEK_UUR * cp.WEKEN_PER_JAAR)
    assert set(ek.gemeenten) == {"Vaals", "Eijsden-Margraten"}
    fte, gedeeld, n = cp.actieplan_totaal(inzet, "Vaals")
    assert n == 2 and gedeeld == ek.in_fte


def test_actieplan_uit_de_labels_zonder_bronnen(echte_data, monkeypatch, tmp_path):
    """The gemeente column and the 'notk' marks come from the records: absent sources change nothing."""
    voor = [(i.functie, i.gemeenten, i.notk) for i in cp.actieplan(echte_data)]
    monkeypatch.setenv("REKENBOEK_BRONNEN", str(tmp_path / "geen-bronnen"))
    assert [(i.functie, i.gemeenten, i.notk) for i in cp.actieplan(echte_data)] == voor
    notk = {f for f, _, n in voor if n}
    assert notk == {"Competentieontwikkeling", "Alg. toegankelijke dagbesteding", "Passend onderwijs", "Samen leren",
                    "Communicatieadviseur"}
    assert dict((f, g) for f, g, _ in voor)["Overgang 18- naar 18+"] == ["Valkenburg aan de Geul"]


def _sectie(p: Pagina, titel: str):
    return next(s for s in p.secties if s.titel == titel)


@pytest.mark.parametrize("gemeente,jaar", [("SZMH", 2016), ("SZMH", 2018), ("MLW", 2022), ("Weert", 2018),
                                           ("Maastricht", 2019), ("Valkenburg aan de Geul", 2018)])
def test_pagina_per_eenheid(gemeente, jaar):
    p = pagina.formatie(gemeente, jaar)
    assert isinstance(p, Pagina) and isinstance(p.inleiding, str)
    assert all(isinstance(s.tekst, str) for s in p.secties)
    reeks, mlw = _sectie(p, "Formatie over de jaren"), _sectie(p, "Capaciteit Midden-Limburg West")
    actieplan = _sectie(p, "Capaciteit actieplan Toekomstagenda")
    if gemeente == "SZMH":
        assert reeks.tabellen and not mlw.tabellen
    if gemeente in ("MLW", "Weert"):
        assert mlw.tabellen and "Niet van toepassing" in actieplan.tekst
    if gemeente in ("Maastricht", "Valkenburg aan de Geul"):
        eigen = actieplan.tabellen[0][1]
        assert len(eigen) and set(eigen["Gemeente (Bijlage 2)"]) >= {gemeente}


def test_pagina_toont_de_controles_op_zijn_records():
    """One selection: the page's checks are exactly the register rows touching the records its sections show."""
    p = pagina.formatie("SZMH", 2018)
    assert len(p.bevindingen)
    for _, r in p.bevindingen.iterrows():
        assert r["gesteld_id"] in p.ids or set(str(r["onderdelen"]).split()) & p.ids


def test_pagina_zonder_gegevens_zegt_dat():
    p = pagina.formatie("Meerssen", 2017)
    assert "bevatten de getranscribeerde bronnen geen formatieoverzicht" in p.inleiding
    assert not any(s.tabellen for s in p.secties) and not p.ids and not len(p.bevindingen)
    assert all(s.tekst for s in p.secties), "every section says why it is empty"


def test_onbekende_eenheid():
    with pytest.raises(OngeldigeParameter):
        pagina.formatie("Amsterdam", 2018)
