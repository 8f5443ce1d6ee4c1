"""KPI registers (inputs), norm evaluation and series (model), and the KPI pages (report)."""
from __future__ import annotations

import csv
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from rekenboek.inputs import indicatoren
from rekenboek.models import kpi
from rekenboek.report.pages import kpi as kpi_pagina
from rekenboek.report.pages import kpi_overzicht
from rekenboek.errors import InvoerFout, OngeldigeParameter
from rekenboek.paths import notebooks_dir

from conftest import notebook_tekst

FIXTURE = Path(__file__).parent / "fixtures" / "kpi" / "realisaties_synthetisch.csv"
SYNTH = "SYNTHETISCH testgeval - geen echte realisatie"


@pytest.fixture(scope="module")
def gegevens(echte_data):
    return indicatoren.laad_kpi(echte_data)


@pytest.fixture(scope="module")
def resultaat(echte_data):
    from rekenboek.checks.bevindingen import bereken
    return bereken(echte_data)


def _ind(gegevens, sleutel, jaar, scope="SZMH"):
    return next(i for i in gegevens.indicatoren if (i.indicator, i.jaar, i.scope) == (sleutel, jaar, scope))


def _schrijf(pad: Path, rijen: list[dict]) -> None:
    with open(pad, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rijen[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rijen)


def _lees(pad: Path) -> list[dict]:
    with open(pad, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ------------------------------------------------------------------ the register
def test_elke_norm_van_de_overeenkomsten_staat_in_het_register(echte_data, gegevens):
    """Every norm record of the DVO 2017, the DVO Pw 2018 and the education agreement is an indicator's norm or one of its records."""
    gedekt = {i.norm.id for i in gegevens.indicatoren if i.norm} | {c.id for i in gegevens.indicatoren for c in i.overige}
    tabellen = lambda t: t.startswith(("002c-dvo-", "000a-dvo-pw-", "000a-uo-"))  # noqa: E731
    normen = {c.id for c in echte_data.cijfers.values() if tabellen(c.tabel) and c.rol in ("norm", "prognose")}
    assert normen - gedekt == set()
    assert len(normen) > 60


def test_register_dekt_domeinen_jaren_en_bronregels(gegevens, bronnen):
    ind = gegevens.indicatoren
    assert {i.domein for i in ind} == set(indicatoren.DOMEINEN)
    assert {i.jaar for i in ind} == {2016, 2017, 2018}
    for i in ind:
        regel = (bronnen / i.bestand).read_text(encoding="utf-8").splitlines()[i.regel - 1]
        if i.norm is not None:
            assert i.norm.tekst in regel, (i.indicator, i.jaar)
    # ambiguous definitions are marked
    assert _ind(gegevens, "wko-aanvragen", 2017).dubbelzinnig
    assert not _ind(gegevens, "gegronde-bezwaren", 2018).dubbelzinnig


def test_norm_id_dat_niet_bestaat_is_een_fout(data_kopie, echte_data):
    pad = data_kopie / "kpi" / "indicatoren.csv"
    rijen = _lees(pad)
    rijen[4]["norm_id"] = "002c-bestaat-niet"
    _schrijf(pad, rijen)
    with pytest.raises(InvoerFout) as exc:
        indicatoren.laad_indicatoren(echte_data, pad)
    assert "rij 5" in str(exc.value) and "'norm_id'" in str(exc.value) and "indicatoren.csv" in str(exc.value)
    assert "002c-bestaat-niet" in str(exc.value)


def test_ongeldige_richting_en_verkeerde_regel_zijn_fouten(data_kopie, echte_data):
    pad = data_kopie / "kpi" / "indicatoren.csv"
    rijen = _lees(pad)
    rijen[0]["richting"] = "ongeveer"
    rijen[1]["regel"] = str(int(rijen[1]["regel"]) + 1)
    _schrijf(pad, rijen)
    with pytest.raises(InvoerFout) as exc:
        indicatoren.laad_indicatoren(echte_data, pad)
    tekst = str(exc.value)
    assert "rij 1, veld 'richting'" in tekst


def test_verkeerde_regel_is_een_fout(data_kopie, echte_data):
    pad = data_kopie / "kpi" / "indicatoren.csv"
    rijen = _lees(pad)
    rijen[1]["regel"] = str(int(rijen[1]["regel"]) + 1)
    _schrijf(pad, rijen)
    with pytest.raises(InvoerFout, match=r"rij 2, veld 'regel'"):
        indicatoren.laad_indicatoren(echte_data, pad)


def test_scope_komt_uit_de_eenheden(data_kopie, echte_data):
    """The allowed scopes are SZMH and its members in data/eenheden.csv: an MLW gemeente is an error."""
    pad = data_kopie / "kpi" / "indicatoren.csv"
    rijen = _lees(pad)
    rijen[0]["scope"] = "Weert"
    _schrijf(pad, rijen)
    with pytest.raises(InvoerFout, match=r"rij 1, veld 'scope'.*Weert"):
        indicatoren.laad_indicatoren(echte_data, pad)


def test_realisaties_worden_gevalideerd(tmp_path, echte_data, gegevens):
    pad = tmp_path / "r.csv"
    _schrijf(pad, [{"indicator": "gegronde-bezwaren", "gemeente": "SZMH", "periode": "2018", "waarde": "12,5",
                    "bron": "x", "status": "voorlopig"},
                   {"indicator": "verzuimpercentage", "gemeente": "SZMH", "periode": "2016", "waarde": "3",
                    "bron": "000a-vz-2016-pct", "status": "definitief"},
                   {"indicator": "bestaat-niet", "gemeente": "Weert", "periode": "2018", "waarde": "1",
                    "bron": "x", "status": "klaar"}])
    with pytest.raises(InvoerFout) as exc:
        indicatoren.laad_realisaties(echte_data, gegevens.indicatoren, pad)
    tekst = str(exc.value)
    assert "rij 1, veld 'waarde'" in tekst
    assert "rij 3, veld 'gemeente'" in tekst and "rij 3, veld 'status'" in tekst


def test_bronrij_met_waarde_is_een_fout(tmp_path, echte_data, gegevens):
    pad = tmp_path / "r.csv"
    _schrijf(pad, [{"indicator": "verzuimpercentage", "gemeente": "SZMH", "periode": "2016", "waarde": "3",
                    "bron": "000a-vz-2016-pct", "status": "definitief"}])
    with pytest.raises(InvoerFout, match=r"rij 1, veld 'waarde'.*laat 'waarde' leeg"):
        indicatoren.laad_realisaties(echte_data, gegevens.indicatoren, pad)


# ------------------------------------------------------------------ norms across years
def test_wijzigingen_2017_2018(echte_data, gegevens):
    w = {(x.indicator, x.scope): x for x in kpi.wijzigingen(gegevens.indicatoren, 2017, 2018)}
    c = echte_data.cijfers
    # the expected kind follows from the records, not from typed figures
    assert c["000a-dvo-inkomen-debiteuren-buig"].waarde < c["002c-dvo5-debiteuren-i-deel"].waarde
    assert w[("debiteuren-buig", "SZMH")].wijziging == "verlaagd"
    assert c["000a-dvo-inkomen-fraudevorderingen-geind"].waarde > c["002c-dvo6-geinde-fraudevorderingen"].waarde
    assert w[("fraudevorderingen-geind", "SZMH")].wijziging == "verhoogd"
    assert w[("gegronde-bezwaren", "SZMH")].wijziging == "ongewijzigd"
    assert w[("tijdigheid-aanvragen-pw", "SZMH")].wijziging == "vervallen"
    assert w[("foutscore-rechtmatigheid", "SZMH")].wijziging == "vervallen"
    assert w[("uitkeringseenheden", "SZMH")].wijziging == "nieuw"
    # a maximum that goes down is a raised (stricter) norm
    assert c["000a-dvo-ue-maastricht"].waarde < c["002c-prog-saldo-maastricht"].waarde
    assert w[("uitkeringseenheden", "Maastricht")].wijziging == "verhoogd"
    assert c["000a-dvo-ue-meerssen"].waarde > c["002c-prog-saldo-meerssen"].waarde
    assert w[("uitkeringseenheden", "Meerssen")].wijziging == "verlaagd"
    # definition changes are recorded on the later year
    assert w[("kinderopvang-smi-toekenning", "SZMH")].naar.definitiewijziging
    # education: no 2017 agreement in the sources, so not 'nieuw' but not compared
    assert ("llv-beschikkingen", "SZMH") not in w


# ------------------------------------------------------------------ verdicts
def test_beoordeling_is_exact_en_volgt_de_richting(gegevens):
    bez = _ind(gegevens, "gegronde-bezwaren", 2018)      # < norm, strict
    n = bez.norm.waarde

    def r(w):
        return indicatoren.Realisatie("gegronde-bezwaren", "SZMH", "2018", w, "t", "voorlopig", None, 1)
    assert kpi.beoordeel_indicator(bez, r(n)).oordeel == kpi.NIET_GEHAALD
    assert kpi.beoordeel_indicator(bez, r(n - Decimal("0.01"))).oordeel == kpi.GEHAALD
    assert kpi.beoordeel_indicator(bez, None).oordeel == kpi.ONBEKEND
    kw = _ind(gegevens, "beleidsoverleg", 2017)
    assert kpi.beoordeel_indicator(kw, r(n)).oordeel == kpi.ONBEKEND


@pytest.mark.parametrize("waarde,richting,strikt,verwacht", [
    ("5", kpi.HOGER, False, kpi.GEHAALD), ("5", kpi.HOGER, True, kpi.NIET_GEHAALD), ("4.99", kpi.HOGER, False, kpi.NIET_GEHAALD),
    ("5.01", kpi.HOGER, True, kpi.GEHAALD),
    ("5", kpi.LAGER, False, kpi.GEHAALD), ("5", kpi.LAGER, True, kpi.NIET_GEHAALD), ("5.01", kpi.LAGER, False, kpi.NIET_GEHAALD),
    ("4.99", kpi.LAGER, True, kpi.GEHAALD),
    ("5", kpi.GELIJK, False, kpi.GEHAALD), ("5.00", kpi.GELIJK, True, kpi.GEHAALD), ("6", kpi.GELIJK, False, kpi.NIET_GEHAALD),
])
def test_beoordeel_volgt_de_richting(waarde, richting, strikt, verwacht):
    """The one norm evaluation: the direction says which side of the norm is better; exact, no tolerance."""
    assert kpi.beoordeel(Decimal(waarde), Decimal("5"), richting, strikt).oordeel == verwacht


def test_beoordeel_zonder_getal_is_onbekend():
    assert kpi.beoordeel(None, Decimal(5), kpi.LAGER).oordeel == kpi.ONBEKEND
    assert kpi.beoordeel(Decimal(5), None, kpi.LAGER).oordeel == kpi.ONBEKEND
    assert kpi.beoordeel(Decimal(5), Decimal(5), None).oordeel == kpi.ONBEKEND
    with pytest.raises(ValueError, match="richting"):
        kpi.beoordeel(Decimal(5), Decimal(5), "maximaal")   # the indicator's vocabulary goes through BETER


def test_richting_van_elke_indicator(gegevens):
    for i in gegevens.indicatoren:
        assert i.beter == (None if i.richting == "kwalitatief" else kpi.BETER[i.richting])
    assert _ind(gegevens, "gegronde-bezwaren", 2018).beter == kpi.LAGER


def test_verzuim_2016_tegen_norm(echte_data, gegevens):
    ind = _ind(gegevens, "verzuimpercentage", 2016)
    real = kpi.kies_realisatie(ind, "SZMH", 2016, gegevens.realisaties)
    assert real.record.id == "000a-vz-2016-pct" and real.status == "definitief"
    verwacht = kpi.GEHAALD if real.waarde <= ind.norm.waarde else kpi.NIET_GEHAALD
    assert kpi.beoordeel_indicator(ind, real).oordeel == verwacht == kpi.NIET_GEHAALD


def test_zelfde_cijfer_als_norm_en_realisatie_geeft_geen_oordeel(gegevens):
    ind = _ind(gegevens, "vsv-registratie", 2018)
    real = kpi.kies_realisatie(ind, "SZMH", 2018, gegevens.realisaties)
    assert real is not None
    o = kpi.beoordeel_indicator(ind, real)
    assert o.oordeel == kpi.ONBEKEND and "hetzelfde" in o.reden


def test_szmh_normen_gelden_voor_elke_mh_gemeente(echte_data, gegevens):
    mh = kpi.gemeenten(echte_data)
    assert len(mh) == 6 and "Maastricht" in mh and "Weert" not in mh   # the SZMH members of data/eenheden.csv
    for g in mh:
        normen = kpi.normen_voor(gegevens.indicatoren, 2018, kpi.bereik(echte_data, g))
        assert {i.scope for i in normen} == {"SZMH", g}
        assert sum(i.indicator == "uitkeringseenheden" for i in normen) == 2


def test_stapeling_toets_gebruikt_het_ene_oordeel(echte_data):
    """The stacking table against the pillar counts: the verdict is checks.oordeel of the distance to the
    interval the table implies, with the tolerance carried from its printed precision."""
    toetsen = [a for j in (2019, 2020) for a in kpi.afgeleide_kpis(echte_data, "Maastricht", j) if a.toets is not None]
    assert len(toetsen) >= 3
    for a in toetsen:
        t = a.toets
        assert t.laag <= t.hoog and t.tolerantie > 0
        assert t.past == (t.laag - t.tolerantie <= a.waarde <= t.hoog + t.tolerantie)
        assert t.oordeel == ("klopt" if t.laag <= a.waarde <= t.hoog else "afronding" if t.past else "afwijking")


def test_afgeleide_kpis_zijn_exact(echte_data):
    c = echte_data.cijfers
    rij = {a.soort: a for a in kpi.afgeleide_kpis(echte_data, "Maastricht", 2018)}
    assert rij["aandeel-totaal"].waarde == c["000a-dvo-ue-maastricht"].waarde / c["000a-dvo-ue-szmh"].waarde * 100
    assert rij["llv-aandeel"].waarde == (c["000a-uo-llv-deelname-maastricht-totaal"].waarde
                                         / c["000a-uo-llv-deelname-totaal-totaal"].waarde * 100)
    vaals = {a.soort: a for a in kpi.afgeleide_kpis(echte_data, "Vaals", 2018)}
    assert vaals["llv-onbekend"].waarde is None and "llv-aandeel" not in vaals
    assert kpi.afgeleide_kpis(echte_data, "Weert", 2018) == []


def test_model_en_invoer_tekenen_niets():
    """inputs/indicatoren and models/kpi import no report code, IPython or matplotlib (fresh interpreter)."""
    code = ("import sys; import rekenboek.models.kpi, rekenboek.inputs.indicatoren; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'IPython', 'itables') "
            "or m.startswith('rekenboek.report')))")
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert uit.stdout.strip() == "[]"


# ------------------------------------------------------------------ the pages
def test_controles_van_de_pagina_raken_haar_cijfers(echte_data, resultaat):
    p = kpi_pagina.pagina("Vaals", 2018, echte_data, resultaat)
    assert len(p.bevindingen) > 0
    for r in p.bevindingen.itertuples():
        geraakt = {r.gesteld_id} | set(r.onderdelen.split())
        assert geraakt & p.ids
        # no check about another MH gemeente's own figure, unless it also uses Vaals's or is SZMH-wide
        andere = {echte_data.cijfers[i].label("gemeente") for i in geraakt} & (set(kpi.gemeenten(echte_data)) - {"Vaals"})
        assert not andere or r.gemeente == "SZMH" or geraakt & {i for s in p.secties if s.titel == "Cijfers per gemeente" for i in s.ids}


def test_overzicht_object(echte_data, resultaat):
    o = kpi_overzicht.overzicht(echte_data, resultaat)
    oordelen = next(s for s in o.secties if s.titel == "Oordelen per gemeente").tabellen[0][1]
    assert list(oordelen["Gemeente"]) == list(kpi.gemeenten(echte_data))
    # a growth check per gemeente: its components are that gemeente's records
    for g in kpi.gemeenten(echte_data):
        assert any(any(echte_data.cijfers[i].label("gemeente") == g for i in r.split()) for r in o.bevindingen["onderdelen"]), g
    assert o.bevindingen["id"].str.startswith(kpi_overzicht.GROEI_CONTROLES).all()


# ------------------------------------------------------------------ analysts' realisations on the page
def test_zonder_realisatie_is_het_oordeel_onbekend(echte_data, resultaat, tmp_path, monkeypatch):
    leeg = tmp_path / "leeg.csv"
    leeg.write_text("indicator,gemeente,periode,waarde,bron,status\n", encoding="utf-8")
    monkeypatch.setenv("REKENBOEK_KPI_REALISATIES", str(leeg))
    p = kpi_pagina.pagina("Maastricht", 2018, echte_data, resultaat)
    assert set(p.normtabel["Realisatie"]) == {"onbekend"}
    assert p.telling[kpi.ONBEKEND] == len(p.normen) > 20


def test_analist_verandert_het_oordeel(echte_data, resultaat, monkeypatch):
    voor = kpi_pagina.pagina("Maastricht", 2018, echte_data, resultaat)
    assert voor.oordeel("gegronde-bezwaren") == kpi.ONBEKEND
    assert voor.oordeel("tijdigheid-bezwaar-beroep") == kpi.ONBEKEND
    assert voor.oordeel("uitkeringseenheden", "Maastricht") == kpi.ONBEKEND
    monkeypatch.setenv("REKENBOEK_KPI_REALISATIES", str(FIXTURE))
    na = kpi_pagina.pagina("Maastricht", 2018, echte_data, resultaat)
    assert na.oordeel("gegronde-bezwaren") == kpi.NIET_GEHAALD
    assert na.oordeel("tijdigheid-bezwaar-beroep") == kpi.GEHAALD
    assert na.oordeel("uitkeringseenheden", "Maastricht") == kpi.NIET_GEHAALD  # above the maximum
    # an SZMH-wide analyst row counts on every MH gemeente's page; a gemeente's own row only on its own
    assert kpi_pagina.pagina("Vaals", 2018, echte_data, resultaat).oordeel("gegronde-bezwaren") == kpi.NIET_GEHAALD
    assert kpi_pagina.pagina("Vaals", 2018, echte_data, resultaat).oordeel("uitkeringseenheden", "Vaals") == kpi.ONBEKEND
    tabel = na.normtabel
    rij = tabel[tabel["Indicator"] == _ind(indicatoren.laad_kpi(echte_data), "gegronde-bezwaren", 2018).definitie].iloc[0]
    assert rij["Oordeel"] == "✘ niet gehaald" and SYNTH in rij["Bron realisatie"]
    assert "realisatie(s) van analisten" in na.inleiding


def _run(tmp_path, naam="kpi.ipynb", **parameters):
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(notebooks_dir() / naam), str(out), parameters=parameters, cwd=str(notebooks_dir()),
                        progress_bar=False, kernel_name="python3")
    return nbformat.read(out, as_version=4)


@pytest.mark.slow
def test_notebook_toont_het_oordeel_van_de_analist(tmp_path, monkeypatch):
    voor = notebook_tekst(_run(tmp_path, gemeente="Gulpen-Wittem", jaar=2018))
    assert "<td>✘ niet gehaald</td>" not in voor and "<td>✔ gehaald</td>" not in voor and SYNTH not in voor
    monkeypatch.setenv("REKENBOEK_KPI_REALISATIES", str(FIXTURE))
    na = notebook_tekst(_run(tmp_path, gemeente="Gulpen-Wittem", jaar=2018))
    assert na.count("<td>✘ niet gehaald</td>") == 1 and na.count("<td>✔ gehaald</td>") == 1 and SYNTH in na


@pytest.mark.slow
def test_notebook_maastricht_2019_zegt_wat_niet_bekend_is(tmp_path):
    nb = _run(tmp_path, gemeente="Maastricht", jaar=2019)
    tekst = notebook_tekst(nb)
    assert "Niet bekend" in tekst and "Stapeling" in tekst
    assert sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])) >= 2


@pytest.mark.slow
def test_overzichtspagina(tmp_path, echte_data):
    tekst = notebook_tekst(_run(tmp_path, "kpi_overzicht.ipynb"))
    for g in kpi.gemeenten(echte_data):
        assert g in tekst


@pytest.mark.parametrize("gemeente,jaar,melding", [("Weert", 2018, "niet voor Weert"), ("Vaals", 2030, "over 2030")])
def test_onbekende_eenheid_of_jaar(echte_data, gemeente, jaar, melding):
    with pytest.raises(OngeldigeParameter, match=melding):
        kpi_pagina.pagina(gemeente, jaar, echte_data)


# ------------------------------------------------------------------ the general rules: level and period
def _realisaties(tmp_path, monkeypatch, rijen: list[dict]) -> Path:
    pad = tmp_path / "realisaties.csv"
    kop = {"indicator": "", "gemeente": "", "periode": "", "waarde": "", "bron": SYNTH, "status": "definitief"}
    _schrijf(pad, [{**kop, **r} for r in rijen])
    monkeypatch.setenv("REKENBOEK_KPI_REALISATIES", str(pad))
    return pad


def test_niveau_bepaalt_op_welke_pagina_een_norm_staat(echte_data, gegevens):
    """A totaal or organisatie norm applies only on its own scope's page; a per-gemeente SZMH norm on every member's."""
    mh = kpi.gemeenten(echte_data)
    niveaus = {i.niveau for i in gegevens.indicatoren}
    assert niveaus == set(indicatoren.NIVEAUS)
    for i in gegevens.indicatoren:
        assert kpi.geldt_op(i, i.scope)
        for g in mh:
            if g != i.scope:
                assert kpi.geldt_op(i, g) == (i.scope == "SZMH" and i.niveau == "per gemeente"), (i.indicator, g)
    # the register says what the sources say: SZMH's own staff absence is the organisation's
    assert {i.niveau for i in gegevens.indicatoren if i.domein == "personeel"} == {"organisatie"}
    assert all(i.eenheid in ("aantal", "EUR") for i in gegevens.indicatoren if i.niveau == "totaal")


def test_verzuim_van_szmh_staat_alleen_op_de_pagina_van_szmh(echte_data, resultaat):
    organisatie = {i.indicator for i in indicatoren.laad_kpi(echte_data).indicatoren if i.niveau == "organisatie"}
    szmh = kpi_pagina.pagina("SZMH", 2017, echte_data, resultaat)
    assert {"verzuimpercentage", "meldingsfrequentie"} <= {i.indicator for i, _r, _o in szmh.normen}
    g = indicatoren.laad_kpi(echte_data)
    for gemeente in kpi.gemeenten(echte_data):
        for jaar in (2016, 2017, 2018):
            assert not organisatie & {i.indicator for i, _r, _o in kpi.normen_met_oordeel(g, gemeente, jaar)}, gemeente
    p = kpi_pagina.pagina("Vaals", 2017, echte_data, resultaat)
    assert not organisatie & {i.indicator for i, _r, _o in p.normen}
    realisaties = next(s for s in p.secties if s.titel == "Realisaties").tabellen[0][1]
    assert realisaties is None or not organisatie & set(realisaties["Indicator"])
    assert "alleen voor SZMH als geheel" in p.inleiding
    # nor do the register's checks of the absence records reach the member's page
    assert not p.ids & {"000a-vz-2017-pct", "000a-vz-2017-mf"}


@pytest.mark.parametrize("normperiode,periode,ok", [
    ("jaar", "2017", True), ("jaar", "2017-12", True), ("jaar", "2017-11", False), ("jaar", "2017-H1", False),
    ("jaar", "2017-Q4", False), ("jaar", "2017-06-30", False),
    ("peildatum", "2018-12-31", True), ("peildatum", "2018", True), ("peildatum", "2018-09-30", False),
    ("kwartaal", "2018-Q2", True), ("kwartaal", "2018", False), ("meting", "2018-H2", True), ("schooljaar", "2018", False),
])
def test_periode_van_de_realisatie_tegen_die_van_de_norm(normperiode, periode, ok):
    gelukt, reden = kpi.vergelijkbaar(normperiode, periode)
    assert gelukt == ok
    assert (reden == "") == ok
    if not ok:
        assert kpi.periode_woorden(periode) in reden


def test_deel_van_het_jaar_is_niet_vergelijkbaar(echte_data, resultaat):
    """The absence through November 2017 is not judged against the annual norm: 'niet vergelijkbaar' with the period."""
    p = kpi_pagina.pagina("SZMH", 2017, echte_data, resultaat)
    for sleutel in ("verzuimpercentage", "meldingsfrequentie"):
        assert p.oordeel(sleutel) == kpi.NIET_VERGELIJKBAAR
        rij = next((i, r, o) for i, r, o in p.normen if i.indicator == sleutel)
        assert rij[1].periode == "2017-11" and "januari t/m november 2017" in rij[2].reden
    tabel = p.normtabel
    assert (tabel["Oordeel"] == "≠ niet vergelijkbaar").sum() == p.telling[kpi.NIET_VERGELIJKBAAR] == 2


def test_elke_jaarnorm_weigert_een_halfjaar_en_neemt_een_heel_jaar(echte_data, resultaat, tmp_path, monkeypatch):
    """General: for every annual norm of a page, a half-year realisation is not comparable; a year's is judged;
    with both present the year's wins."""
    g = indicatoren.laad_kpi(echte_data)
    jaarnormen = [i for i in kpi.normen_voor(g.indicatoren, 2018, {"SZMH"}, "SZMH") if i.norm and i.normperiode == "jaar"]
    assert len(jaarnormen) > 20
    eenheid_waarde = {"pct": "50", "aantal": "10", "EUR": "1000", "score": "7", "ratio": "1", "maand": "4"}
    _realisaties(tmp_path, monkeypatch, [{"indicator": i.indicator, "gemeente": "SZMH", "periode": "2018-H1",
                                          "waarde": eenheid_waarde[i.eenheid]} for i in jaarnormen])
    half = kpi_pagina.pagina("SZMH", 2018, echte_data, resultaat)
    assert all(half.oordeel(i.indicator) == kpi.NIET_VERGELIJKBAAR for i in jaarnormen)
    _realisaties(tmp_path, monkeypatch, [{"indicator": i.indicator, "gemeente": "SZMH", "periode": p,
                                          "waarde": eenheid_waarde[i.eenheid], "status": s}
                                         for i in jaarnormen for p, s in (("2018-H1", "definitief"), ("2018", "voorlopig"))])
    heel = kpi_pagina.pagina("SZMH", 2018, echte_data, resultaat)
    assert all(heel.oordeel(i.indicator) in (kpi.GEHAALD, kpi.NIET_GEHAALD) for i in jaarnormen)


def test_aantal_van_een_gemeente_nooit_tegen_het_szmh_totaal(echte_data, resultaat, tmp_path, monkeypatch):
    """The analyst's case: Vaals's 290 benefit units are judged against Vaals's own maximum, never against the
    SZMH-wide total; the same holds for every count or amount of SZMH (niveau 'totaal')."""
    g = indicatoren.laad_kpi(echte_data)
    totalen = [i for i in g.indicatoren if i.jaar == 2018 and i.scope == "SZMH" and i.niveau == "totaal" and i.norm]
    assert {"uitkeringseenheden", "llv-beschikkingen"} <= {i.indicator for i in totalen}
    rijen = [{"indicator": i.indicator, "gemeente": "Vaals", "periode": "2018", "waarde": "1"} for i in totalen
             if i.indicator != "uitkeringseenheden"]
    _realisaties(tmp_path, monkeypatch, rijen + [{"indicator": "uitkeringseenheden", "gemeente": "Vaals",
                                                  "periode": "2018-12-31", "waarde": "290"}])
    vaals = kpi_pagina.pagina("Vaals", 2018, echte_data, resultaat)
    assert vaals.oordeel("uitkeringseenheden", "Vaals") == kpi.NIET_GEHAALD   # above Vaals's own maximum
    assert echte_data.cijfers["000a-dvo-ue-vaals"].waarde < 290
    assert not [i for i, _r, _o in vaals.normen if i.scope == "SZMH" and i.niveau == "totaal"]
    szmh = kpi_pagina.pagina("SZMH", 2018, echte_data, resultaat)
    for i in totalen:
        assert szmh.oordeel(i.indicator, "SZMH") == kpi.ONBEKEND, i.indicator   # Vaals's row is not SZMH's
    # and in the overview Vaals's verdicts hold only its own norm
    t = kpi.telling(o for _i, _r, o in kpi.normen_met_oordeel(indicatoren.laad_kpi(echte_data), "Vaals", 2018))
    assert (t[kpi.GEHAALD], t[kpi.NIET_GEHAALD]) == (0, 1)


def test_totaal_is_een_aantal_of_bedrag(data_kopie, echte_data):
    pad = data_kopie / "kpi" / "indicatoren.csv"
    rijen = _lees(pad)
    k = next(n for n, r in enumerate(rijen) if r["eenheid"] == "pct")
    rijen[k]["niveau"] = "totaal"
    _schrijf(pad, rijen)
    with pytest.raises(InvoerFout, match=rf"rij {k + 1}, veld 'niveau'"):
        indicatoren.laad_indicatoren(echte_data, pad)


def test_normen_van_de_gemeenten_vergeleken(echte_data, gegevens, resultaat):
    """Norms of each gemeente's own are compared side by side where they differ; SZMH-wide norms are not repeated."""
    mh = kpi.gemeenten(echte_data)
    verschillen = kpi.normen_per_gemeente(gegevens.indicatoren, mh)
    assert {(v.indicator, v.jaar) for v in verschillen} == {("uitkeringseenheden", 2017), ("uitkeringseenheden", 2018)}
    for v in verschillen:
        assert [n.scope for n in v.normen] == list(mh)
        assert v.gelijk == (len({n.norm.waarde for n in v.normen}) == 1) is False
    o = kpi_overzicht.overzicht(echte_data, resultaat)
    s = next(s for s in o.secties if s.titel == "Normen per gemeente vergeleken")
    tabel = s.tabellen[0][1]
    rij = tabel[tabel["Jaar"] == "2018"].iloc[0]
    assert rij["Vaals"] == "≤ " + kpi_pagina.getal(echte_data.cijfers["000a-dvo-ue-vaals"]) and rij["Verschilt per gemeente"] == "ja"
    # the chart compares the norms relative to each gemeente's own standcijfer, exactly
    rel = {(g, soort[:4]): w for g, soort, w in kpi.normen_tov_stand(echte_data)}
    c = echte_data.cijfers
    assert rel[("Vaals", "norm")] == (c["000a-dvo-ue-vaals"].waarde / c["002c-prog-stand-vaals"].waarde - 1) * 100
    alt = s.figuren[0][0]
    assert all(g in alt for g in mh) and "%" in alt
