"""Search finds every word the way a reader types it (issue 14 item 3).

Fast tests hold the two halves of the search together: the Python stemmer and tokeniser that build the
index (``book/_ext/rekenboek_zoeken.py``) against the JavaScript the browser runs on the query (Sphinx's
shipped ``DutchStemmer`` and our ``splitQuery``), on the vocabulary of the data and the hand-written
chapters, run in Node. The slow test searches the complete book in headless Chromium, opened from the
file system and served over HTTP, for a gemeente, a Dutch compound noun, a table name and a printed amount,
and requires every page whose text holds the term among the results.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import socket
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from rekenboek.paths import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import rekenboek_zoeken as zoeken  # noqa: E402  (a Sphinx extension, not a package module)

NODE = shutil.which("node") or shutil.which("nodejs")


def _sphinx_js(naam: str) -> str:
    import sphinx

    return (Path(sphinx.__file__).parent / "search" / "non-minified-js" / naam).read_text(encoding="utf-8")


def _node(script: str, invoer: list[str]) -> list:
    res = subprocess.run([NODE, "-e", script], input=json.dumps(invoer), capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _woordenschat() -> list[str]:
    """Every word of data/ (labels, titles, names) and of the hand-written chapters, lowercased."""
    woorden: set[str] = set()
    for pad in list((ROOT / "data").rglob("*.csv")) + list((ROOT / "book").glob("*.md")):
        woorden.update(w.lower() for w in re.findall(r"[^\W\d_]{3,}", pad.read_text(encoding="utf-8")))
    return sorted(woorden)


@pytest.mark.skipif(NODE is None, reason="Node.js niet gevonden (Debian-pakket 'nodejs')")
def test_index_en_browser_stammen_elk_woord_gelijk():
    """The stem the index holds is the stem the browser looks up, for every word of the book's data."""
    woorden = _woordenschat() + ["vaals", "gemeente", "gemeenten", "uitkeringseenheden", "budgetplafonds",
                                 "leerlingenvervoer", "tegenvaller", "realisatie", "begroting", "totaal"]
    script = (_sphinx_js("base-stemmer.js") + _sphinx_js("dutch-stemmer.js")
              + "const s = new DutchStemmer(); const w = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              + "console.log(JSON.stringify(w.map(x => s.stemWord(x))));")
    browser = _node(script, woorden)
    taal = zoeken.ZoekNederlands({})
    anders = [(w, taal.stem(w), b) for w, b in zip(woorden, browser) if taal.stem(w) != b]
    assert len(woorden) > 1000
    assert not anders, f"{len(anders)} woorden stammen anders in de index dan in de browser: {anders[:20]}"


@pytest.mark.skipif(NODE is None, reason="Node.js niet gevonden (Debian-pakket 'nodejs')")
def test_vraag_wordt_in_de_browser_gesplitst_als_in_python():
    vragen = ["Vaals", "€ 1.234.567", "344,55 fte", "Tabel 17: Begrotingseffect", "Gulpen-Wittem 2017",
              "k001b-t11-totaal-2022", "002:2351", "8500000", "−893.941", "1,15 %", "uitkeringseenheden (UE)"]
    script = zoeken.JS_SPLITTER + ("const v = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
                                   "console.log(JSON.stringify(v.map(splitQuery)));")
    assert _node(script, vragen) == [zoeken.vraagtermen(v) for v in vragen]


def test_termen_zoals_gedrukt():
    assert zoeken.vraagtermen("€ 1.234.567") == ["1.234.567"]
    assert zoeken.vraagtermen("8500000") == ["8.500.000"]          # typed without grouping: as printed
    assert zoeken.vraagtermen("Tabel 17") == ["Tabel", "17#"]      # kept: searchtools.js drops all-digit terms
    assert zoeken.termen("Gulpen-Wittem") == ["Gulpen-Wittem", "Gulpen", "Wittem"]
    assert zoeken.termen("344,55") == ["344,55"]                   # an amount is one term, not 344 and 55
    # every query term of a text is in the index of that text
    tekst = "Tabel 11 telt € 8.500.000 op voor Gulpen-Wittem in 2016-2024 (k001b-t11-totaal-2022, 002:2351)."
    assert set(zoeken.vraagtermen(tekst)) <= set(zoeken.termen(tekst))


def test_ruwe_html_wordt_woord_voor_woord_geindexeerd():
    tekst = zoeken.tekst_uit_html('<table><tr><td>afwijking</td><td style="x">000</td></tr></table>'
                                  "<p>de <mark>4</mark>50 &amp; <b>Vaals</b></p><script>var geheim = 1;</script>")
    assert zoeken.termen(tekst) == ["afwijking", "000#", "de", "450#", "Vaals"]


# ----------------------------------------------------------------------- the book, in a browser
class _Artikel(HTMLParser):
    """The text of a page's article (what Sphinx indexes), without scripts, styles and navigation."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.diepte, self.weg, self.delen = 0, 0, []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.weg += 1
        if self.diepte or (tag == "article" and "bd-article" in (dict(attrs).get("class") or "")):
            self.diepte += tag not in ("br", "img", "input", "meta", "link", "hr", "col", "wbr", "source")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.weg -= 1
        if self.diepte and tag not in ("br", "img", "input", "meta", "link", "hr", "col", "wbr", "source"):
            self.diepte -= 1

    def handle_data(self, data):
        if self.diepte and not self.weg:
            self.delen.append(data)


def _teksten(html_dir: Path) -> dict[str, str]:
    uit = {}
    for pad in html_dir.rglob("*.html"):
        rel = pad.relative_to(html_dir).as_posix()
        if rel.startswith("_") or rel in ("search.html", "genindex.html"):
            continue
        p = _Artikel()
        p.feed(pad.read_text(encoding="utf-8"))
        uit[rel] = " ".join(" ".join(p.delen).split())
    return uit


def _met(teksten: dict[str, str], patroon: str) -> set[str]:
    return {rel for rel, t in teksten.items() if re.search(patroon, t, flags=re.IGNORECASE)}


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_zoeken_vindt_elke_pagina_met_het_woord(volledig_boek):
    from test_browser import Chromium   # the DevTools client of the browser tests (tests/ is on sys.path)

    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        pytest.skip("Chromium niet gevonden (Debian-pakket 'chromium')")
    html_dir = volledig_boek / "html"
    teksten = _teksten(html_dir)
    # a printed amount of seven digits that a few pages show (the first in a fixed order)
    bedragen = sorted({b for t in teksten.values() for b in re.findall(r"(?<![\d.,])\d\.\d{3}\.\d{3}(?![\d,]|\.\d)", t)})
    bedrag = next(b for b in bedragen if 0 < len(_met(teksten, rf"(?<![\d.,]){re.escape(b)}(?![\d,]|\.\d)")) <= 5)
    vragen = {
        "Vaals": r"\bVaals\b",                                   # a gemeente
        "uitkeringseenheden": r"\buitkeringseenheden\b",         # a Dutch compound noun
        "gemeente": r"\bgemeente\b",
        "Tabel 17": r"\bTabel 17\b",                             # a table by its name
        bedrag: rf"(?<![\d.,]){re.escape(bedrag)}(?![\d,]|\.\d)",  # an amount as printed
    }
    verwacht = {v: _met(teksten, p) for v, p in vragen.items()}
    assert all(verwacht.values()), {v: len(p) for v, p in verwacht.items()}
    assert any("vaals-" in p for p in verwacht["Vaals"])

    poort = _vrije_poort()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(poort), "--bind", "127.0.0.1",
                               "--directory", str(html_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    b = Chromium()
    try:
        for basis in (html_dir.resolve().as_uri(), f"http://127.0.0.1:{poort}"):
            for vraag, pagina_s in verwacht.items():
                b.open(f"{basis}/search.html?q={quote(vraag)}")
                # the closing line appears when every result is listed (rekenboek_zoeken gives it its Dutch text)
                slot = b.wacht("typeof Search !== 'undefined' && !!Search.status && Search.status.textContent.trim()", 60)
                assert "gevonden" in slot, slot
                gevonden = {h.split(basis + "/", 1)[-1].split("#")[0] for h in b.js("[...document.querySelectorAll('#search-results ul.search li > a')]"
                                          ".map(a => a.href)")}
                ontbreekt = sorted(pagina_s - gevonden)
                assert not ontbreekt, (f"{basis}: zoeken op {vraag!r} vindt {len(gevonden)} pagina's; "
                                       f"{len(ontbreekt)} van de {len(pagina_s)} met het woord ontbreken: {ontbreekt[:10]}")
    finally:
        b.sluit()
        server.terminate()
        server.wait(timeout=10)
