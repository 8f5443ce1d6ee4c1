"""Formatie across years, prose figures, efficiency in fte, MLW and action-plan capacity, absence (issue 6)."""
from decimal import Decimal

import pytest

from rekenboek.models import capaciteit as cp
from rekenboek.models import formatie as fm
from rekenboek.report.pages import formatie as pagina
from rekenboek.errors import OngeldigeParameter


def test_reeks_sluit_aan(echte_data):
    rk = fm.reeks(echte_data, "SZMH")
    assert [lp.jaar for lp in rk.lopen] == [2017, 2018]
    a = rk.aansluitingen[0]
    assert a.eind.gedrukt == echte_data.cijfers["002-3a-eind"].waarde
    assert a.begin.gedrukt == echte_data.cijfers["000-fa-begin"].waarde
    assert not rk.breuken


def test_breuk_in_reeks_wordt_gezien(echte_data):
    rk = fm.reeks(echte_data, "SZMH")
    lp = rk.lopen[1]
    verschoven = fm.Stap("stand", "Beginstand", "", lp.begin.gedrukt + Decimal("0.01"), lp.begin.herberekend, lp.begin.regel)
    kapot = fm.FormatieLoop(lp.gemeente, lp.jaar, lp.tabel_id, lp.titel, lp.bestand, [verschoven] + lp.stappen[1:], lp.regels)
    rk2 = fm.Reeks("SZMH", [rk.lopen[0], kapot])
    assert len(rk2.breuken) == 1 and rk2.breuken[0].verschil == Decimal("0.01")
    assert "breuk" in set(fm.reeks_tabel(rk2)["Oordeel"])


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
    kpis = fm.verzuim(echte_data, "SZMH")
    pct16 = next(k for k in kpis if k.realisatie.id == "000a-vz-2016-pct")
    assert pct16.norm.id == "000a-vz-2016-norm" and pct16.verschil > 0 and "boven" in pct16.oordeel
    mf17 = next(k for k in kpis if k.realisatie.id == "000a-vz-2017-mf")
    assert mf17.norm.id == "000a-vz-2017-mf-norm" and "onder" in mf17.oordeel


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


@pytest.mark.parametrize("gemeente,jaar", [("SZMH", 2016), ("SZMH", 2018), ("MLW", 2022), ("Weert", 2018),
                                           ("Maastricht", 2019), ("Valkenburg aan de Geul", 2018)])
def test_pagina_per_eenheid(gemeente, jaar):
    p = pagina.formatie(gemeente, jaar)
    teksten = p.glue_teksten
    assert all(isinstance(v, str) for v in teksten.values())
    if gemeente == "SZMH":
        assert p.reeks_tabel is not None and p.mlw_functies is None
    if gemeente in ("MLW", "Weert"):
        assert p.mlw_functies is not None and "Niet van toepassing" in teksten["actieplan"]
    if gemeente in ("Maastricht", "Valkenburg aan de Geul"):
        assert p.actieplan_eigen is not None and len(p.actieplan_eigen)


def test_pagina_zonder_gegevens_zegt_dat():
    p = pagina.formatie("Meerssen", 2017)
    assert "bevatten de getranscribeerde bronnen geen formatieoverzicht" in p.inleiding
    assert all(p.__getattribute__(a) is None for a in ("reeks_tabel", "mlw_functies", "actieplan_tabel", "verzuim_tabel"))


def test_onbekende_eenheid():
    with pytest.raises(OngeldigeParameter):
        pagina.formatie("Amsterdam", 2018)
