"""Scenarios: a YAML file of assumptions, validated before anything runs, built into a book of its own.

Fast tests check the file format, the choice of pages and what the scenario book says about itself;
the slow ones run the command line and papermill end to end (issue 15, "Done when"): the scenario
with growth 3 % (2023) and 2 % (2024) and a 40/12/48 MLW split builds into its own directory while
``_build/html`` stays byte-for-byte the same, and four bad inputs exit 2 naming the field in both
the CLI and papermill.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rekenboek.errors import InvoerFout
from rekenboek.paths import ROOT

HOGE_GROEI = ROOT / "scenarios" / "hoge-groei.yaml"
MAASTRICHT = {"volumegroei_pct": {"2023": 3, "2024": 2}}
MLW = {"aandelen_pct": {"Leudal": 40, "Nederweert": 12, "Weert": 48}}

#: the Done-when bad inputs: (scenario text of `aannames`, the field the message must name, a word of it)
FOUTEN = {
    "verspeld": ('volumegroie_pct: {"2023": 3}', "volumegroie_pct", "Bedoelt u 'volumegroei_pct'"),
    "tekst": ('volumegroei_pct: {"2023": "drie"}', "volumegroei_pct[2023]", "geen getal"),
    "min150": ('volumegroei_pct: {"2023": -150}', "volumegroei_pct[2023]", "buiten de grenzen"),
    "som90": ("aandelen_pct: {Leudal: 40, Nederweert: 12, Weert: 38}", "aandelen_pct", "tot 90 %"),
}


def _schrijf(tmp_path: Path, aannames: str, naam: str = "Proef") -> Path:
    pad = tmp_path / "scenario.yaml"
    pad.write_text(f"naam: {naam}\naannames:\n  {aannames}\n", encoding="utf-8")
    return pad


# --------------------------------------------------------------------------- the file
def test_voorbeeldbestand_heeft_precies_de_done_when_waarden():
    from rekenboek.models import scenariobestand

    sc = scenariobestand.lees(HOGE_GROEI)
    assert sc.naam == "Hoge groei" and sc.slug == "hoge-groei"
    assert sc.aannames == {**MAASTRICHT, **MLW}
    assert sc.sha256 == hashlib.sha256(HOGE_GROEI.read_bytes()).hexdigest()
    assert sc.modellen() == {"scenario", "kostenverdeling"} and not sc.waarschuwingen


@pytest.mark.parametrize("geval", sorted(FOUTEN))
def test_fout_in_scenariobestand_noemt_bestand_en_veld(tmp_path, geval):
    from rekenboek.models import scenariobestand

    tekst, veld, woord = FOUTEN[geval]
    with pytest.raises(InvoerFout) as exc:
        scenariobestand.lees(_schrijf(tmp_path, tekst))
    bericht = str(exc.value)
    assert "scenario.yaml" in bericht and f"'{veld}'" in bericht and woord in bericht, bericht


@pytest.mark.parametrize("inhoud, veld", [
    ("aannames: {volumegroei_pct: {'2023': 3}}\n", "naam"),                 # no name
    ("naam: x\n", "aannames"),                                              # nothing to change
    ("naam: x\nvolumegroei_pct: 3\naannames: {onvoorzien_pct: 6}\n", "volumegroei_pct"),   # not under aannames
    ("naam: x\njaren: 2023\naannames: {onvoorzien_pct: 6}\n", "jaren"),
    ("naam: x\naannames: {onvoorzien_pct: null}\n", "aannames.onvoorzien_pct"),
])
def test_vorm_van_het_bestand(tmp_path, inhoud, veld):
    from rekenboek.models import scenariobestand

    pad = tmp_path / "s.yaml"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(InvoerFout) as exc:
        scenariobestand.lees(pad)
    assert exc.value.veld == veld


def test_proef_laat_het_model_zelf_oordelen(tmp_path):
    """A key the register cannot judge (the gemeenten of a split) is refused by the model before anything runs."""
    from rekenboek.models import scenariobestand

    sc = scenariobestand.lees(_schrijf(tmp_path, "aandelen_pct: {leudal: 40, Nederweert: 12, Weert: 48}"))
    with pytest.raises(InvoerFout) as exc:
        scenariobestand.proef(sc)
    assert exc.value.veld == "aannames.aandelen_pct" and "Leudal" in str(exc.value)
    scenariobestand.proef(scenariobestand.lees(HOGE_GROEI))      # the example passes


def test_ongebruikelijke_waarde_is_een_waarschuwing_op_de_startpagina(tmp_path):
    from rekenboek.build.pages import Taak
    from rekenboek.build.scenario import ScenarioBoek, config_tekst, startpagina
    from rekenboek.models import scenariobestand

    sc = scenariobestand.lees(_schrijf(tmp_path, 'volumegroei_pct: {"2023": 30}'))
    assert len(sc.waarschuwingen) == 1
    boek = ScenarioBoek(sc.naam, sc.slug, "", sc.bestand, sc.sha256, sc.aannames, {}, sc.waarschuwingen)
    tekst = startpagina(boek, [Taak("financien", "Maastricht", 2023)])
    assert "ongebruikelijk" in tekst and "volumegroei\\_pct[2023]" in tekst
    assert "1 ongebruikelijke aanname(s)" in config_tekst(boek)       # the banner on every page says so too


# --------------------------------------------------------------------------- which pages, what they say
def test_elke_pagina_krijgt_alleen_de_aannames_van_haar_model(echte_data):
    """The Maastricht pages get the growth, MLW and its gemeenten the split, nothing else is in the book."""
    from rekenboek.build.scenario import ScenarioBoek, scenario_taken
    from rekenboek.models import scenariobestand

    sc = scenariobestand.lees(HOGE_GROEI)
    boek = ScenarioBoek(sc.naam, sc.slug, sc.beschrijving, sc.bestand, sc.sha256, sc.aannames, {})
    taken = scenario_taken(echte_data, boek, lambda g, n: scenariobestand.aannames_voor(echte_data, g, sc, n))
    per_eenheid = {(t.gemeente, t.jaar): t.parameters for t in taken}
    matrix = echte_data.matrix
    fin = matrix[matrix["template"] == "financien"]
    verwacht = {(r["gemeente"], int(r["jaar"])) for r in fin.to_dict("records")
                if r["gemeente"] in ("Maastricht", "MLW", "Leudal", "Nederweert", "Weert")}
    assert set(per_eenheid) == verwacht
    for (g, j), p in per_eenheid.items():
        eigen = {k: v for k, v in p.items() if k not in ("gemeente", "jaar")}
        assert eigen == (MAASTRICHT if g == "Maastricht" else MLW), (g, j)
    assert {t.template for t in taken} == {"financien"}


def test_scenariomap_nooit_het_gepubliceerde_boek(tmp_path):
    from rekenboek.build.scenario import ScenarioBoek, scenario_dir
    from rekenboek.paths import build_dir, generated_dir

    boek = ScenarioBoek("Proef", "proef", "", HOGE_GROEI, "0" * 64, MAASTRICHT, {})
    assert scenario_dir(boek) == build_dir() / "scenario" / "proef"
    assert scenario_dir(boek, tmp_path / "x") == (tmp_path / "x").resolve()
    for verboden in (build_dir() / "html", build_dir() / "html" / "sub", generated_dir(), build_dir(), ROOT):
        with pytest.raises(InvoerFout):
            scenario_dir(boek, verboden)


def test_deelboek_krijgt_een_eigen_map():
    from rekenboek.build import deelboek_dir
    from rekenboek.paths import build_dir

    assert deelboek_dir(["Vaals"], [2018]) == build_dir() / "deel" / "vaals-2018" / "html"
    assert deelboek_dir(["Valkenburg aan de Geul", "SZMH"], None) == build_dir() / "deel" / "szmh-valkenburg-aan-de-geul" / "html"
    assert deelboek_dir(None, [2017]).parent.name == "2017"


def test_colofon_en_banner_noemen_het_scenario_en_tonen_markup_als_tekst(echte_data):
    from rekenboek.build.publish import colofon
    from rekenboek.build.scenario import ScenarioBoek, colofon_regels, config_tekst

    boek = ScenarioBoek("<script>x()</script> groei", "groei", "", HOGE_GROEI, "ab" * 32, {**MAASTRICHT, **MLW},
                        {"volumegroei_pct": "groei", "aandelen_pct": "aandelen"})
    tekst = colofon(echte_data, scenario=colofon_regels(boek))
    assert "scenarioboek" in tekst and "ab" * 32 in tekst
    assert '`{"2023": 3, "2024": 2}`' in tekst and '`{"Leudal": 40, "Nederweert": 12, "Weert": 48}`' in tekst
    assert "<script>" not in tekst and "&lt;script&gt;" in tekst
    assert "Met dezelfde code, data en\nbronnen levert dezelfde bouw hetzelfde boek op." not in tekst
    config = config_tekst(boek)
    assert "<script>" not in config and "volumegroei_pct" in config and "aandelen_pct" in config


def test_links_naar_het_volledige_boek_worden_tekst(tmp_path):
    """A scenario book holds a few pages: a link to a page it does not hold (the register, the method) becomes its
    text, a link within the book, an anchor or an external address stays (the book is built with -W)."""
    from rekenboek.build.scenario import ELDERS, zonder_dode_links

    gen = tmp_path / "book" / "generated"
    (gen / "financien").mkdir(parents=True)
    (gen / "start.md").write_text("# s", encoding="utf-8")
    (gen / "financien" / "maastricht-2023.ipynb").write_text("{}", encoding="utf-8")
    tekst = ("Zie het [register](../bevindingen.ipynb), de [methode](../../methode.md#tolerantie), "
             "[2023](maastricht-2023.ipynb#aannames), [start](../start.md), [hier](#controles), "
             "[docs](https://jupyterbook.org/x.html) en ![grafiek](../plaatje.png).")
    uit = zonder_dode_links(tekst, gen / "financien", tmp_path)
    assert uit == ("Zie het register" + ELDERS + ", de methode" + ELDERS + ", [2023](maastricht-2023.ipynb#aannames), "
                   "[start](../start.md), [hier](#controles), [docs](https://jupyterbook.org/x.html) en "
                   "![grafiek](../plaatje.png).")


# --------------------------------------------------------------------------- end to end (slow)
def _omgeving(tmp_path: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "REKENBOEK_BUILD": str(tmp_path / "_build"),
            "REKENBOEK_GENERATED": str(tmp_path / "generated")}


def _cli(env, *args, timeout=1200):
    return subprocess.run([sys.executable, "-m", "rekenboek", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def _boom_hash(map_: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(map_.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(map_)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


@pytest.mark.slow
def test_scenario_bouwt_in_eigen_map_en_laat_het_boek_staan(tmp_path):
    """Done when: the Hoge groei scenario builds into its own directory; _build/html and book/generated stay
    byte-for-byte the same; the colophon lists both overrides. (Limited to 2020, the one year both models
    have pages for, to keep the test short: Maastricht's page shows the whole model 2020-2024.)"""
    env = _omgeving(tmp_path)
    html, gen = tmp_path / "_build" / "html", tmp_path / "generated"
    for map_ in (html, gen):                  # a stand-in for the published book and its executed pages
        (map_ / "book").mkdir(parents=True)
        (map_ / "index.html").write_text("<p>gepubliceerd</p>", encoding="utf-8")
        (map_ / "book" / "x.ipynb").write_text("{}", encoding="utf-8")
    voor = _boom_hash(html), _boom_hash(gen)
    uit = tmp_path / "scenario-uit"
    res = _cli(env, "build", "--scenario", str(HOGE_GROEI), "--uit", str(uit), "--jaar", "2020", "--jobs", "2")
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert (_boom_hash(html), _boom_hash(gen)) == voor
    boek = uit / "html" / "book" / "generated"
    paginas = sorted(p.relative_to(boek).as_posix() for p in boek.rglob("*.html"))
    assert paginas == ["colofon.html", "financien/leudal-2020.html", "financien/maastricht-2020.html",
                       "financien/mlw-2020.html", "financien/nederweert-2020.html", "financien/weert-2020.html",
                       "start.html", "vergelijking/kostenverdeling.html", "vergelijking/scenario.html"]
    colofon = (boek / "colofon.html").read_text(encoding="utf-8")
    for stukje in ("volumegroei_pct", "aandelen_pct", hashlib.sha256(HOGE_GROEI.read_bytes()).hexdigest(),
                   "Leudal&quot;:"):
        assert stukje in colofon, stukje
    for pagina in boek.rglob("*.html"):
        assert "Scenario &#x27;Hoge groei&#x27;" in pagina.read_text(encoding="utf-8"), pagina
    # the pages computed with the scenario's values: Nederweert pays 12 % of MLW's structural costs
    nb = json.loads((uit / "generated" / "financien" / "nederweert-2020.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["rekenboek"]["aandelen_pct"] == MLW["aandelen_pct"]
    assert "aandeel" in (boek / "financien" / "nederweert-2020.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_run_scenario_voert_alleen_uit(tmp_path):
    env = _omgeving(tmp_path)
    uit = tmp_path / "s"
    res = _cli(env, "run", "--scenario", str(HOGE_GROEI), "--uit", str(uit), "--gemeente", "Maastricht", "--jaar", "2023")
    assert res.returncode == 0, res.stderr[-3000:]
    pad = uit / "generated" / "financien" / "maastricht-2023.ipynb"
    assert str(pad) in res.stdout.strip().splitlines()
    nb = json.loads(pad.read_text(encoding="utf-8"))
    assert nb["metadata"]["rekenboek"]["volumegroei_pct"] == MAASTRICHT["volumegroei_pct"]
    assert not (tmp_path / "generated").exists() and not (uit / "html").exists()


@pytest.mark.slow
@pytest.mark.parametrize("geval", sorted(FOUTEN))
def test_fout_exit_2_in_de_cli(tmp_path, geval):
    tekst, veld, woord = FOUTEN[geval]
    res = _cli(_omgeving(tmp_path), "build", "--scenario", str(_schrijf(tmp_path, tekst)), timeout=300)
    assert res.returncode == 2, res.stdout + res.stderr
    assert f"'aannames.{veld.split('[')[0]}'" in res.stderr and woord in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "_build").exists()


@pytest.mark.slow
@pytest.mark.parametrize("geval", sorted(FOUTEN))
def test_fout_faalt_in_papermill(tmp_path, geval):
    """The same four inputs through papermill itself (-y) fail with the message naming the field; the
    message is printed first, before papermill's own traceback."""
    tekst, veld, woord = FOUTEN[geval]
    gemeente = "MLW" if "aandelen" in tekst else "Maastricht"
    jaar = "2019" if gemeente == "MLW" else "2023"
    exe = Path(sys.executable).with_name("papermill")
    res = subprocess.run([str(exe), "--log-level", "WARNING", "--no-progress-bar", str(ROOT / "notebooks" / "financien.ipynb"),
                          str(tmp_path / "uit.ipynb"), "-p", "gemeente", gemeente, "-p", "jaar", jaar, "-y", tekst],
                         cwd=ROOT / "notebooks", env=_omgeving(tmp_path), capture_output=True, text=True, timeout=300)
    assert res.returncode != 0
    assert f"'{veld}'" in res.stderr and woord in res.stderr
    eerste = res.stderr.find("ongeldige parameter:")
    # papermill's own traceback (the one that ends in PapermillExecutionError) comes after our message; a
    # kernel may log unrelated noise of its own before either (e.g. a heartbeat port taken by another kernel)
    fout = res.stderr.find("PapermillExecutionError")
    papermill_traceback = res.stderr.rfind("Traceback (most recent call last)", 0, fout if fout >= 0 else None)
    assert 0 <= eerste < papermill_traceback, res.stderr[:2000]


@pytest.mark.slow
@pytest.mark.parametrize("parameters, woord", [
    (["-p", "gemeente", "Vaals", "-p", "jaar", "2018.7"], "geen geheel jaartal"),
    (["-p", "gemeente", "../../etc", "-p", "jaar", "2018"], "geen naam van een eenheid"),
])
def test_papermill_paginaparameters(tmp_path, parameters, woord):
    exe = Path(sys.executable).with_name("papermill")
    res = subprocess.run([str(exe), "--log-level", "WARNING", "--no-progress-bar", str(ROOT / "notebooks" / "cijfers.ipynb"),
                          str(tmp_path / "uit.ipynb"), *parameters], cwd=ROOT / "notebooks", env=_omgeving(tmp_path),
                         capture_output=True, text=True, timeout=300)
    assert res.returncode != 0 and woord in res.stderr


def test_scenario_verandert_geen_oordeel_over_gedrukte_cijfers():
    """SZMH with another opening balance: the page's table of recomputed cells against the printed ones keeps
    the verdicts of the documents (a scenario result is never presented as a finding about the sources)."""
    from rekenboek.checks.dossier import laad_dossier
    from rekenboek.report.pages.financien import szmh

    reg = laad_dossier("000", "002")

    def oordelen(aannames):
        p = szmh.pagina(reg, "SZMH", 2018, aannames)
        return [list(t["Oordeel"]) for s in p.secties for titel, t in s.tabellen
                if "tegen de gedrukte" in titel and "Oordeel" in t]

    document, scenario = oordelen({}), oordelen({"beginsaldo_agenda_2017": 800000})
    assert document and scenario == document


@pytest.mark.slow
def test_scenario_van_een_model_bouwt_zonder_waarschuwingen(tmp_path):
    """A scenario of one model (Maastricht) is rendered like the official book, with warnings as errors: its
    pages' links to the register and the method have no target in it and are shown as text."""
    env = _omgeving(tmp_path)
    uit = tmp_path / "een-model"
    res = _cli(env, "build", "--scenario", str(_schrijf(tmp_path, "volumegroei_pct: {\"2023\": 3, \"2024\": 2}")),
               "--uit", str(uit), "--jaar", "2023", "--jobs", "2")
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "WARNING:" not in res.stdout + res.stderr   # Sphinx's; -W would have failed the build on one
    boek = uit / "html" / "book" / "generated"
    assert sorted(p.relative_to(boek).as_posix() for p in boek.rglob("*.html")) == [
        "colofon.html", "financien/maastricht-2023.html", "start.html", "vergelijking/scenario.html"]
    pagina = (boek / "financien" / "maastricht-2023.html").read_text(encoding="utf-8")
    assert "register (in het volledige rekenboek)" in pagina and "bevindingen.html" not in pagina
