"""Nothing from data/ executes in the browser: every text taken from data is shown as text.

The trial (../shared/reviews/2026-12-06-reliability.md, H) found three stored XSS holes: ``data/bronnen.csv``
``titel`` (page heading, Markdown intro, colophon), ``data/eenheden.csv`` ``toelichting`` (unit pages, built as
Markdown) and a label record's value in the interactive register table (``allow_html``). The fast tests check
each writer with a payload; the slow test builds a small book from a data copy with markup and a ``<script>`` in
a label, a note, a source title, a unit's explanation and an analyst's realisation, and finds them shown as text
in every page, in the HTML and in the DOM after Chromium ran the page.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import wijzig_record
from rekenboek.paths import ROOT

SCRIPT = "<script>document.body.dataset.xss{}=1</script>"
IMG = "<img src=x onerror=document.body.dataset.xss{}=1>"


def _geen_opmaak(tekst: str) -> None:
    """No payload survives as markup: neither a script element nor an element with an event handler."""
    assert not re.search(r"<script>document\.body", tekst), "een <script> uit de data staat als opmaak in de HTML"
    assert not re.search(r"<img src=\"?x\"? onerror", tekst), "een <img onerror> uit de data staat als opmaak in de HTML"


# ---------------------------------------------------------------- fast: each writer

def test_interactieve_tabel_escapet_elke_kolom_die_geen_html_is():
    """A label record's value in the register table (Gesteld/Herberekend) was embedded raw with allow_html."""
    from rekenboek.report.display import interactief_html
    tabel = pd.DataFrame({"Id": ['<a href="#k">k</a>'], "Gesteld": [IMG.format("c")], "Herberekend": [SCRIPT.format("c")],
                          "Verschil": [1.0]})
    uit = interactief_html(tabel, "t", html_kolommen=("Id",))
    _geen_opmaak(uit)
    assert "&lt;img src=x onerror=document.body.dataset.xssc=1&gt;" in uit
    assert "&lt;script&gt;document.body.dataset.xssc=1&lt;/script&gt;" in uit
    assert '<a href=\\"#k\\">k</a>' in uit or '<a href="#k">k</a>' in uit      # the declared HTML column stays HTML


def test_registerpagina_verklaart_haar_html_kolommen():
    """Only the columns the register page builds as HTML (escaping what it takes from data) bypass escaping."""
    from rekenboek.report.pages.bevindingen import HTML_KOLOMMEN
    assert set(HTML_KOLOMMEN) <= {"Id", "Bron", "Hoofdbevinding", "Toelichting"}
    assert not {"Gesteld", "Herberekend", "Controle", "Eenheid", "Soort", "Oordeel"} & set(HTML_KOLOMMEN)


def test_colofon_toont_brontitel_als_tekst(synth_env):
    from rekenboek.build.publish import colofon
    from rekenboek.inputs.register import laad
    pad = synth_env / "bronnen.csv"
    pad.write_text(pad.read_text(encoding="utf-8").replace("SYNTHETISCHE testbron", f"SYNTHETISCHE {SCRIPT.format('a')} | x"),
                   encoding="utf-8")
    tekst = colofon(laad(synth_env))
    _geen_opmaak(tekst)
    assert "&lt;script&gt;document.body.dataset.xssa=1&lt;/script&gt; \\| x" in tekst


def test_eenheidspagina_toont_toelichting_als_tekst(synth_env):
    from rekenboek.build.pages import alle_taken, index_paginas
    from rekenboek.inputs.register import laad
    pad = synth_env / "eenheden.csv"
    pad.write_text(pad.read_text(encoding="utf-8").replace("Verzonnen.", f"Verzonnen {SCRIPT.format('b')} {IMG.format('b')}"),
                   encoding="utf-8")
    data = laad(synth_env)
    paginas = index_paginas(data, alle_taken(data))
    tekst = paginas["eenheid/testgemeente.md"]
    _geen_opmaak(tekst)
    assert "&lt;script&gt;document.body.dataset.xssb=1&lt;/script&gt;" in tekst


@pytest.mark.parametrize("naam", ["Test<b>gemeente", "Test&gemeente", "<script>x</script>"])
def test_eenheidsnaam_zonder_opmaak(synth_env, naam):
    """A unit's name is an identifier (file names, links, headings): no markup characters at all."""
    from rekenboek.errors import InvoerFout
    from rekenboek.inputs.register import laad
    for bestand in ("eenheden.csv", "matrix.csv"):
        pad = synth_env / bestand
        pad.write_text(pad.read_text(encoding="utf-8").replace("Testgemeente,", f"{naam},"), encoding="utf-8")
    with pytest.raises(InvoerFout, match=r"eenheden.csv, rij 1, veld 'gemeente'"):
        laad(synth_env)


# ---------------------------------------------------------------- slow: a small book built from poisoned data

def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow   # builds a small book (about a dozen pages) from a data copy
def test_boek_toont_opmaak_uit_data_als_tekst(data_kopie, bronnen, tmp_path):
    # a source title (page heading, intro, colophon, neighbours' titles), a unit's explanation (unit page),
    # a row label and a note of a record on the Vaals 2018 pages, and an analyst's realisation (KPI page)
    pad = data_kopie / "bronnen.csv"
    tekst = pad.read_text(encoding="utf-8")
    tekst = tekst.replace("met oplegnotitie en bijlagen\"", f"met oplegnotitie en bijlagen {IMG.format('a')} {SCRIPT.format('a')}\"", 1)
    pad.write_text(tekst, encoding="utf-8")
    assert IMG.format("a") in tekst
    pad = data_kopie / "eenheden.csv"
    tekst = pad.read_text(encoding="utf-8").replace("Vaals,gemeente,SZMH,2016,2019,\n",
                                                    f"Vaals,gemeente,SZMH,2016,2019,Vaals {SCRIPT.format('b')}\n")
    assert SCRIPT.format("b") in tekst
    pad.write_text(tekst, encoding="utf-8")
    wijzig_record(data_kopie / "cijfers" / "000a.csv", "000a-dvo-ue-vaals",
                  rij=f"Vaals {SCRIPT.format('c')}", notitie=f"noot {IMG.format('d')}")
    realisaties = tmp_path / "realisaties.csv"
    realisaties.write_text((ROOT / "data" / "kpi" / "realisaties.csv").read_text(encoding="utf-8")
                           + f"uitkeringseenheden,Vaals,2018,250,SYNTHETISCH {SCRIPT.format('e')},definitief\n",
                           encoding="utf-8")

    build = tmp_path / "_build"
    env = {**os.environ, "REKENBOEK_DATA": str(data_kopie), "REKENBOEK_BUILD": str(build),
           "REKENBOEK_GENERATED": str(tmp_path / "generated"), "REKENBOEK_KPI_REALISATIES": str(realisaties)}
    res = subprocess.run([sys.executable, "-m", "rekenboek", "build", "--gemeente", "Vaals", "--jaar", "2018", "--jobs", "1"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=3000)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    paginas = sorted(p for p in build.rglob("*.html") if "_static" not in p.parts)
    assert paginas, f"geen HTML in {build}"
    # the search index too: Sphinx 7.4's search shows a matching section title with innerHTML
    alles = {p: p.read_text(encoding="utf-8", errors="replace") for p in paginas + sorted(build.rglob("searchindex.js"))}
    for p, html_tekst in alles.items():
        try:
            _geen_opmaak(html_tekst)
        except AssertionError as exc:
            raise AssertionError(f"{p.relative_to(build)}: {exc}") from None
    samen = "\n".join(alles.values())
    for merk in "abce":          # shown as text somewhere in the book (the note is not necessarily shown)
        assert f"document.body.dataset.xss{merk}=1" in samen, f"payload {merk} komt nergens in het boek voor"

    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium niet gevonden: de HTML is gecontroleerd, de DOM niet")
    for p in paginas:
        if "dataset.xss" not in alles[p]:
            continue
        dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
                              "--dump-dom", p.as_uri()], capture_output=True, text=True, timeout=120).stdout
        assert "data-xss" not in dom, f"{p.relative_to(build)}: een script uit de data is uitgevoerd"
        _geen_opmaak(dom)


def test_thema_titels_worden_geescaped():
    """sphinx-book-theme fills ``pagetitle`` with the unescaped title text; our extension escapes it after the theme."""
    import importlib.util
    import yaml
    spec = importlib.util.spec_from_file_location("sphinx_veilig", ROOT / "book" / "_ext" / "sphinx_veilig.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    escape_titels = module.escape_titels
    context = {"pagetitle": f"Bron 000: {SCRIPT.format('a')}", "root_title": "Rekenboek & co", "title": "<b>al html</b>"}
    escape_titels(None, "p", "page.html", context, None)
    _geen_opmaak(context["pagetitle"])
    assert context["root_title"] == "Rekenboek &amp; co" and context["title"] == "<b>al html</b>"
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["local_extensions"]["sphinx_veilig"] == "book/_ext"
