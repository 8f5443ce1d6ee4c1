"""Sensitivity: a bar of the tornado equals the model evaluated at the edges of the assumption's declared band."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from rekenboek.checks.bevindingen import laad_dossier
from rekenboek.models import aannames as aannames_register
from rekenboek.models import gevoeligheid as gv
from rekenboek.models import kostenverdeling as kv
from rekenboek.models import scenario as sc
from rekenboek.models import szmh
from rekenboek.report.gevoeligheid_grafiek import tornado_alt


@pytest.fixture(scope="module")
def maastricht():
    return laad_dossier("001")


@pytest.fixture(scope="module")
def mlw():
    return laad_dossier("004")


def _balk(analyse: gv.Gevoeligheid, aanname: str, kern: int = 0) -> gv.Balk:
    return next(b for b in analyse.tornados[kern].balken if b.variatie.aanname == aanname)


def test_balk_volumegroei_maastricht_2024_tegen_het_model(maastricht):
    """The volume-growth bar: every E (both domains, every year) minus and plus the band, Tabel 18 'Afwijking' 2024."""
    band = aannames_register.per_naam()["volumegroei_pct"].band
    doc = sc.aannames_uit_bron(maastricht)
    rand = {}
    for teken in (-1, 1):
        groei = {d: {str(j): doc.volumegroei_pct[d][j] + teken * band for j in sc.JAREN} for d in sc.DOMEINEN}
        rand[teken] = sc.bereken(sc.met_overrides(doc, {"volumegroei_pct": groei})[0]).c("18", "Afwijking", "", 2024)
    basis = sc.bereken(doc).c("18", "Afwijking", "", 2024)
    analyse = gv.gevoeligheid("scenario", maastricht)
    b = _balk(analyse, "volumegroei_pct")
    assert (b.basis, b.laag, b.hoog) == (basis, rand[-1], rand[1])
    assert b.effect_laag == rand[-1] - basis and b.effect_laag > 0 > b.effect_hoog   # more growth: a worse budget


def test_balk_rond_een_scenario(maastricht):
    """In a scenario book the bars move around the scenario's values, not the document's."""
    scen = {"besparingspotentieel_pct": {"jeugd": {"2024": -20}}}
    band = aannames_register.per_naam()["besparingspotentieel_pct"].band
    a, _ = sc.met_overrides(sc.aannames_uit_bron(maastricht), scen)
    hoog = {d: {str(j): a.besparingspotentieel_pct[d][j] + band for j in sc.JAREN} for d in sc.DOMEINEN}
    verwacht = sc.bereken(sc.met_overrides(a, {"besparingspotentieel_pct": hoog})[0]).c("18", "Afwijking", "", 2024)
    b = _balk(gv.gevoeligheid("scenario", maastricht, scen), "besparingspotentieel_pct")
    assert b.hoog == verwacht
    assert b.basis == sc.bereken(a).c("18", "Afwijking", "", 2024)


def test_balk_onvoorzien_mlw_per_gemeente(mlw):
    band = aannames_register.per_naam()["onvoorzien_pct"].band
    pct = mlw.cijfers["004a-ovz-onvoorzien-structureel"].waarde
    analyse = gv.gevoeligheid("kostenverdeling", mlw)
    assert [t.uitkomst.sleutel for t in analyse.tornados] == [("bijdrage_som", g) for g in kv.gemeenten(mlw)]
    for i, g in enumerate(kv.gemeenten(mlw)):
        b = _balk(analyse, "onvoorzien_pct", i)
        assert b.laag == kv.model(mlw, {"onvoorzien_pct": pct - band}).bijdrage_som(g)
        assert b.hoog == kv.model(mlw, {"onvoorzien_pct": pct + band}).bijdrage_som(g)


def test_balk_szmh_beginsaldo():
    r = laad_dossier("000", "002")
    band = aannames_register.per_naam()["beginsaldo_agenda_2018"].band
    doc = next(a for a in szmh.agendas(r) if a.defn.sleutel == "agenda_2018").beginsaldo_document.waarde
    analyse = gv.gevoeligheid("szmh", r)
    b = _balk(analyse, "beginsaldo_agenda_2018", 1)
    laag = next(a for a in szmh.agendas(r, {"beginsaldo_agenda_2018": doc - band}) if a.defn.sleutel == "agenda_2018")
    assert b.laag == laag.jaren[-1].eind.waarde
    assert _balk(analyse, "beginsaldo_agenda_2018", 0).reikwijdte == 0    # the other agenda does not move


def test_volgorde_en_alleen_aannames_met_band(maastricht):
    analyse = gv.gevoeligheid("scenario", maastricht)
    balken = analyse.tornados[0].balken
    assert [b.reikwijdte for b in balken] == sorted((b.reikwijdte for b in balken), reverse=True)
    rijen = [a for a in aannames_register.register() if a.model == "scenario"]
    assert {b.variatie.aanname for b in balken} == {a.naam for a in rijen if a.band is not None}
    assert {a.naam for a in analyse.zonder_band} == {a.naam for a in rijen if a.band is None}
    assert analyse.runs == 2 * len(balken)
    assert analyse.seconden < 10        # the model in a loop: well under a second on the 2-core machine


def test_aandelen_die_optellen_blijven_optellen():
    """Shares with a declared total: one bar per part, the others take the opposite change in proportion."""
    rij = dataclasses.replace(aannames_register.per_naam()["aandelen_pct"], band=Decimal(1))
    delen = {"Leudal": Decimal(36), "Nederweert": Decimal(16), "Weert": Decimal(48)}
    variaties = gv.variaties([rij], {"aandelen_pct": delen})
    assert [v.onderdeel for v in variaties] == list(delen)
    for v in variaties:
        for rand, teken in ((v.laag, -1), (v.hoog, 1)):
            assert sum(rand.values()) == Decimal(100)
            assert rand[v.onderdeel] == delen[v.onderdeel] + teken
    leudal = variaties[0].hoog
    assert leudal["Nederweert"] == Decimal(16) - Decimal(16) / 64 and leudal["Weert"] == Decimal(48) - Decimal(48) / 64


def test_rand_stopt_bij_de_harde_grens():
    rij = dataclasses.replace(aannames_register.per_naam()["neutraal_weging"], band=Decimal("0.75"))
    (v,) = gv.variaties([rij], {"neutraal_weging": Decimal("0.5")})
    assert (v.laag, v.hoog, v.begrensd) == (Decimal(0), Decimal(1), True)
    rij = aannames_register.per_naam()["vertraging_negatief"]
    (v,) = gv.variaties([rij], {"vertraging_negatief": 1})
    assert (v.laag, v.hoog, v.begrensd) == (0, 2, False) and isinstance(v.laag, int)


def test_alt_tekst_noemt_de_kerngetallen(maastricht):
    t = gv.gevoeligheid("scenario", maastricht).tornados[0]
    alt = tornado_alt(t).replace("\u00a0", " ")
    assert "Afwijking 2024" in alt and "€ −12,12 mln" in alt
    assert "besparingspotentieel_pct ± 2,5 procentpunt: € +1,98 mln aan de onderkant, € −1,98 mln aan de bovenkant" in alt
