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
            if (v := self.js(expressie)):
                return v
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
    tabellen = dict(_tabellen((html / "book" / "generated" / "bevindingen.html").read_text(encoding="utf-8")))
    assert tabellen.get("rekenboek-register") == len(register), (tabellen, len(register))


@pytest.mark.skipif(_chromium() is None, reason="Chromium niet gevonden (Debian-pakket 'chromium')")
def test_filter_op_afwijking_toont_alle_afwijkingen(boek, register):
    b = Chromium()
    try:
        b.open((boek / "html" / "book" / "generated" / "bevindingen.html").resolve().as_uri())
        b.wacht("!!document.querySelector('#rekenboek-register_info')")
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
