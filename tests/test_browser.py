"""The published register and cards, as a reader uses them in a browser (headless Chromium).

A small book is built into a temporary directory. Then:
- every interactive table in the book holds every row of its source (no itables downsampling), and the
  register holds exactly the rows of ``bevindingen.csv``;
- filtering the register's Oordeel column on ``afwijking`` shows as many rows as the CSV has afwijkingen;
- a hoofdbevinding's card links each component to its source line, and that line carries the component.

The browser is driven through the DevTools protocol over ``--remote-debugging-pipe`` (no extra package:
the Debian ``chromium`` package is enough).
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from rekenboek.paths import ROOT

pytestmark = pytest.mark.slow


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Chromium:
    """A minimal DevTools-protocol client: commands on fd 3, replies on fd 4, NUL-separated JSON."""

    def __init__(self, breedte: int = 1400, hoogte: int = 2000):
        self.profiel = tempfile.TemporaryDirectory()
        r_in, w_in = os.pipe()
        r_out, w_out = os.pipe()

        def fds():  # in the child; duplicate first so that fds 3 and 4 cannot clobber each other
            a, b = os.dup(r_in), os.dup(w_out)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proces = subprocess.Popen(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={self.profiel.name}", f"--window-size={breedte},{hoogte}", "about:blank"],
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(r_in)
        os.close(w_out)
        self.schrijf, self.lees = os.fdopen(w_in, "wb", buffering=0), os.fdopen(r_out, "rb", buffering=0)
        self.buffer, self.n = b"", 0
        self.gebeurtenissen: list[dict] = []     # DevTools events received while waiting for replies
        doel = self.stuur("Target.createTarget", url="about:blank")["targetId"]
        self.sessie = self.stuur("Target.attachToTarget", targetId=doel, flatten=True)["sessionId"]
        self.stuur("Page.enable", sessie=True)
        self.stuur("Runtime.enable", sessie=True)

    def _bericht(self) -> dict:
        while b"\0" not in self.buffer:
            blok = self.lees.read(1 << 16)
            if not blok:
                raise RuntimeError("Chromium sloot de verbinding")
            self.buffer += blok
        bericht, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(bericht)

    def stuur(self, methode: str, sessie: bool = False, **params) -> dict:
        self.n += 1
        opdracht = {"id": self.n, "method": methode, "params": params}
        if sessie:
            opdracht["sessionId"] = self.sessie
        self.schrijf.write(json.dumps(opdracht).encode() + b"\0")
        while True:
            m = self._bericht()
            if "method" in m and "id" not in m:
                self.gebeurtenissen.append(m)
                continue
            if m.get("id") == self.n:
                if "error" in m:
                    raise RuntimeError(f"{methode}: {m['error']}")
                return m.get("result", {})

    def js(self, expressie: str):
        res = self.stuur("Runtime.evaluate", sessie=True, expression=expressie, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in res:
            raise RuntimeError(res["exceptionDetails"].get("exception", {}).get("description", res["exceptionDetails"]))
        return res["result"].get("value")

    def wacht(self, expressie: str, tijd: float = 30.0):
        eind = time.monotonic() + tijd
        while time.monotonic() < eind:
            try:
                if (v := self.js(expressie)):
                    return v
            except RuntimeError as exc:   # the page navigated while we asked (a redirect): ask again
                if "navigated or closed" not in str(exc) and "context" not in str(exc).lower():
                    raise
            time.sleep(0.2)
        raise TimeoutError(expressie)

    def open(self, url: str) -> None:
        self.stuur("Page.navigate", sessie=True, url=url)
        self.wacht("document.readyState === 'complete' && location.href !== 'about:blank'")

    def sluit(self) -> None:
        try:
            self.stuur("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proces.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proces.kill()
        self.profiel.cleanup()


@pytest.fixture(scope="module")
def boek(volledig_boek):
    """The one complete book of the test session (tests/conftest.py), shared with the page checks."""
    return volledig_boek


@pytest.fixture(scope="module")
def register(boek) -> list[dict]:
    with open(boek / "rekenboek" / "bevindingen.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _tabellen(html_tekst: str) -> list[tuple[str, int]]:
    """(table id, rows embedded) of every itables table in a page."""
    uit = []
    for m in re.finditer(r'querySelectorAll\("#([\w-]+):not\(\.dataTable\)"\).*?"data_json": "((?:[^"\\]|\\.)*)"',
                         html_tekst, flags=re.S):
        uit.append((m.group(1), len(json.loads(json.loads(f'"{m.group(2)}"')))))
    return uit


def test_elke_gepubliceerde_tabel_is_volledig(boek, register):
    """No published interactive table is downsampled, and the register holds every row of the CSV."""
    html = boek / "html"
    afgekapt = [str(p.relative_to(html)) for p in html.rglob("*.html") if "downsampled from" in p.read_text(encoding="utf-8")]
    assert not afgekapt, f"itables heeft rijen weggelaten op: {afgekapt}"
    tabellen = dict(_tabellen(_register_html(html)))
    assert tabellen.get("rekenboek-register") == len(register), (tabellen, len(register))


def _register_html(html: Path) -> str:
    """The HTML of the complete register, which the register page loads on request from _static."""
    js = (html / "_static" / "rekenboek-register.js").read_text(encoding="utf-8")
    return json.loads(js.split("] = ", 1)[1].rstrip().rstrip(";"))


def _laad_register(b: "Chromium") -> None:
    b.js("document.querySelector('button.rekenboek-laad').click()")
    b.wacht("!!document.querySelector('#rekenboek-register_info')")


def test_registerpagina_klein_tot_het_register_gevraagd_wordt(boek):
    """The register page itself stays under 1 MB; the complete table comes from a separate file on request."""
    pagina = boek / "html" / "book" / "generated" / "bevindingen.html"
    assert pagina.stat().st_size < 1_000_000, pagina.stat().st_size
    assert "data_json" not in pagina.read_text(encoding="utf-8")
    assert 'class="rekenboek-laad"' in pagina.read_text(encoding="utf-8")


@pytest.mark.skipif(_chromium() is None, reason="Chromium niet gevonden (Debian-pakket 'chromium')")
def test_filter_op_afwijking_toont_alle_afwijkingen(boek, register):
    b = Chromium()
    try:
        b.open((boek / "html" / "book" / "generated" / "bevindingen.html").resolve().as_uri())
        _laad_register(b)
        assert re.search(r"van " + re.escape(f"{len(register):,}".replace(",", ".")) + r"$",
                         b.js("document.querySelector('#rekenboek-register_info').textContent").strip())
        b.js("""(() => { const i = [...document.querySelectorAll('#rekenboek-register_wrapper thead input')]
                       .find(i => i.placeholder === 'Oordeel');
                       i.value = 'afwijking'; i.dispatchEvent(new Event('input', {bubbles: true}));
                       i.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true})); })()""")
        info = b.wacht("(t => t.includes('gefilterd') && t)(document.querySelector('#rekenboek-register_info').textContent)")
        verwacht = sum(r["oordeel"] == "afwijking" for r in register)
        gevonden = int(re.search(r"van ([\d.]+) \(gefilterd", info).group(1).replace(".", ""))
        assert gevonden == verwacht, info
    finally:
        b.sluit()


@pytest.mark.skipif(_chromium() is None, reason="Chromium niet gevonden (Debian-pakket 'chromium')")
def test_kaart_leidt_naar_de_bronregel(boek, bronnen):
    pagina = boek / "html" / "book" / "generated" / "bevindingen.html"
    if 'class="rekenboek-kaart' not in pagina.read_text(encoding="utf-8"):
        pytest.skip("deze bouw heeft geen register van hoofdbevindingen (checks/hoofdbevindingen.py ontbreekt)")
    b = Chromium()
    try:
        b.open(pagina.resolve().as_uri())
        kaart = b.wacht("document.querySelector('div.rekenboek-kaart') && document.querySelector('div.rekenboek-kaart').id")
        # the first component row of the first card: its printed text and its link to the source line
        rij = b.js(f"""(() => {{ const r = document.querySelector('#{kaart} table.rekenboek-componenten tbody tr');
                               const a = r.querySelector('a.rekenboek-bronlink');
                               return {{gedrukt: r.cells[2].textContent, href: a.href, tekst: a.textContent}}; }})()""")
        bestand, regel = rij["tekst"].split(":")
        assert rij["href"].endswith(f"/bron/{bestand}.html#r{int(regel)}")
        b.open(rij["href"])
        lijn = b.wacht(f"document.getElementById('r{int(regel)}') && document.getElementById('r{int(regel)}').textContent")
        assert rij["gedrukt"] in lijn
        # and it is that line of the source document
        seed = next(bronnen.glob(f"{bestand}_*.txt"))
        assert lijn.strip().endswith(seed.read_text(encoding="utf-8").splitlines()[int(regel) - 1].strip())
    finally:
        b.sluit()


# ---------------------------------------------------------------------------------------------------------
# Every page of the complete book (``volledig_boek``): console, layout, accessibility.

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
_zonder_chromium = pytest.mark.skipif(_chromium() is None, reason="Chromium niet gevonden (Debian-pakket 'chromium')")


def _paginas(boek: Path) -> list[Path]:
    """Every HTML page of the published book (not the theme's static files)."""
    html = boek / "html"
    return sorted(p for p in html.rglob("*.html") if not {"_static", "_sources", "_downloads"} & set(p.relative_to(html).parts))


def _rustig(b: Chromium, url: str) -> None:
    """Open a page and let its scripts (DataTables, rekenboek.js) finish their first draw; content a page
    loads on request (the complete register) is requested too, so that it is checked like the rest."""
    b.open(url)
    if b.js("!!document.querySelector('button.rekenboek-laad')"):
        b.js("document.querySelectorAll('button.rekenboek-laad').forEach(k => k.click())")
        b.wacht("!document.querySelector('button.rekenboek-laad') && "
                "[...document.querySelectorAll('.dt-container, .dataTables_wrapper')].length > 0")
    b.js("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150))))")


def _fouten(gebeurtenissen: list[dict]) -> list[str]:
    """Console errors, uncaught exceptions and browser log errors among DevTools events."""
    uit = []
    for g in gebeurtenissen:
        m, p = g.get("method"), g.get("params", {})
        if m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            uit.append("exceptie: " + str(d.get("exception", {}).get("description") or d.get("text")))
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            uit.append("console." + p["type"] + ": " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            e = p["entry"]
            uit.append(f"log ({e.get('source')}): {e.get('text')} {e.get('url', '')}".strip())
    return uit


@_zonder_chromium
def test_geen_consolefout_op_enige_pagina(volledig_boek):
    """No page logs a console error, throws an uncaught exception or fails to load a resource."""
    b = Chromium()
    try:
        b.stuur("Log.enable", sessie=True)
        fouten = {}
        for p in _paginas(volledig_boek):
            b.gebeurtenissen.clear()
            _rustig(b, p.resolve().as_uri())
            if (f := _fouten(b.gebeurtenissen)):
                fouten[str(p.relative_to(volledig_boek / "html"))] = f[:3]
        assert not fouten, f"{len(fouten)} pagina's met fouten in de console, bijvoorbeeld: {dict(list(fouten.items())[:5])}"
    finally:
        b.sluit()


# The columns a reader needs to judge a row: the verdict and every amount or figure. Matched on the
# column's header; besides these, every column rekenboek.js recognised as numeric counts as key.
SLEUTELKOLOM = re.compile(r"oordeel|verschil|gesteld|herberekend|gedrukt|bedrag|totaal|saldo|waarde|norm\b|realisatie|"
                          r"fte|€|aantal|tolerantie|omvang|klopt|afwijking", re.I)

# For each visible table: the right edge of the text column (the article's content box, narrowed by every
# scrolling ancestor) and, per cell of the first visible body row, its header, whether it is numeric and
# whether its right edge lies beyond that edge (the reader would have to scroll sideways to see it).
_MEET = """(() => {
  const art = document.querySelector('article.bd-article') || document.querySelector('main');
  const vak = art.getBoundingClientRect(), st = getComputedStyle(art);
  const rand = vak.right - parseFloat(st.paddingRight);
  const uit = [];
  document.querySelectorAll('article table').forEach((t, n) => {
    if (!t.offsetParent || t.getBoundingClientRect().height < 2) return;
    let rechts = rand;
    for (let e = t.parentElement; e && e !== art; e = e.parentElement)
      if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(e).overflowX)) rechts = Math.min(rechts, e.getBoundingClientRect().right);
    const rij = [...(t.tBodies[0] ? t.tBodies[0].rows : [])].find(r => r.getBoundingClientRect().height > 0);
    if (!rij) return;
    uit.push({tabel: n, id: t.id, cellen: [...rij.cells].filter(c => c.getBoundingClientRect().width > 0).map(c => ({
      kop: c.getAttribute('data-label') || '', getal: c.classList.contains('rekenboek-getal'),
      buiten: c.getBoundingClientRect().right > rechts + 1}))});
  });
  return uit;
})()"""


def _afgesneden(boek: Path, breedte: int, alleen_sleutels: bool) -> dict[str, list[str]]:
    b = Chromium(breedte=breedte, hoogte=1000)
    uit: dict[str, list[str]] = {}
    try:
        for p in _paginas(boek):
            _rustig(b, p.resolve().as_uri())
            for t in b.js(_MEET):
                buiten = [c["kop"] or "?" for c in t["cellen"] if c["buiten"]
                          and (not alleen_sleutels or c["getal"] or SLEUTELKOLOM.search(c["kop"]))]
                if buiten:
                    uit.setdefault(str(p.relative_to(boek / "html")), []).append(f"tabel {t['tabel']} {t['id']}: {buiten}")
    finally:
        b.sluit()
    return uit


@_zonder_chromium
def test_sleutelkolommen_passen_op_1400_px(volledig_boek):
    """At 1.400 px the verdict and the amounts of every table lie inside the text column (no sideways scrolling)."""
    te_breed = _afgesneden(volledig_boek, 1400, alleen_sleutels=True)
    assert not te_breed, f"{len(te_breed)} pagina's met afgesneden sleutelkolommen: {dict(list(te_breed.items())[:8])}"


@_zonder_chromium
def test_elke_tabel_leesbaar_op_een_telefoon(volledig_boek):
    """At 390 px no column of any table is cut off: a row reads as a card, every value under its column's name."""
    te_breed = _afgesneden(volledig_boek, 390, alleen_sleutels=False)
    assert not te_breed, f"{len(te_breed)} pagina's met afgesneden kolommen op 390 px: {dict(list(te_breed.items())[:8])}"


def test_koppen_staan_in_de_inhoud(volledig_boek):
    """Section headings are document headings, not output: no page has rubrics, and a page with sections lists
    them under 'Op deze pagina' / 'Inhoud' (the secondary sidebar)."""
    zonder, rubrieken = [], []
    for p in _paginas(volledig_boek):
        tekst = p.read_text(encoding="utf-8")
        if 'class="rubric"' in tekst:
            rubrieken.append(str(p.relative_to(volledig_boek / "html")))
        artikel = tekst.split('<article class="bd-article">', 1)[-1]
        if "<h2>" in artikel and "page-toc" not in tekst:
            zonder.append(str(p.relative_to(volledig_boek / "html")))
    assert not rubrieken, f"koppen als uitvoer (rubric) op: {rubrieken[:10]}"
    assert not zonder, f"pagina's met secties zonder inhoudsopgave: {zonder[:10]}"


def _axe_schendingen(b: Chromium, url: str) -> list[str]:
    _rustig(b, url)
    b.js(AXE.read_text(encoding="utf-8") + "\n;0")
    res = b.js("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => "
               "({id: v.id, impact: v.impact, help: v.help, n: v.nodes.length, "
               "doel: v.nodes.slice(0, 2).map(n => n.target.join(' '))})))")
    return [f"{v['id']} ({v['impact']}, {v['n']}×): {v['help']} {v['doel']}" for v in res
            if v["impact"] in ("serious", "critical")]


@_zonder_chromium
@pytest.mark.skipif(not AXE.is_file(), reason="axe-core ontbreekt: `npm ci` in de repository (make test doet dat)")
def test_toegankelijkheid_axe(volledig_boek):
    """axe-core finds no serious or critical violation on the landing page, the register, a unit page, a KPI page
    and a model page."""
    gen = volledig_boek / "html" / "book" / "generated"
    paginas = [gen / "start.html", gen / "bevindingen.html"]
    for map_ in ("eenheid", "kpi", "financien", "formatie"):
        kandidaten = sorted((gen / map_).glob("*.html"))
        if kandidaten:
            paginas.append(next((k for k in kandidaten if k.name.startswith("szmh")), kandidaten[0]))
    b = Chromium()
    try:
        schendingen = {str(p.relative_to(gen)): s for p in paginas if (s := _axe_schendingen(b, p.resolve().as_uri()))}
    finally:
        b.sluit()
    assert not schendingen, schendingen
