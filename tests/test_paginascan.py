"""Every built HTML page is clean: no build noise, no English UI, no machine notation in Dutch text.

The scanner reads a page twice:

- the raw HTML (scripts and attributes included; embedded ``data:`` payloads left out), for Python
  warnings, tracebacks, local paths of the build machine and the Thebe/launch machinery;
- the text a reader sees (text nodes outside ``script``/``style``, plus the ``title``, ``alt``,
  ``aria-label`` and ``placeholder`` attributes), for English UI strings and English words, audit jargon,
  unit codes (``pct``, ``(EUR)``) and numbers not in Dutch notation. Source text is quoted verbatim
  (``pre``, ``code``, and elements marked ``rekenboek-gedrukt``) and is left out of the notation checks.

The rules are general (any ``...Warning:``, any path under a home or temp directory, any number with a
decimal point or five ungrouped digits, any of a list of English function words), so a regression nobody
has seen yet is caught too. The fast tests below feed the scanner synthetic bad pages and prove that each
rule fires; the slow test scans every page of the complete book (fixture ``volledig_boek``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

# ------------------------------------------------------------------ rules on the raw HTML
_DATA_URI = re.compile(r"data:[\w/+.-]+(?:;[\w=-]+)*,[^\"'\s)]*")
RUW = {
    "Python-waarschuwing": re.compile(r"\b[A-Z]\w*Warning\b:|warnings\.warn\("),
    "traceback": re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|^\s*\w+Error: ", re.M),
    "lokaal pad": re.compile(r"(?:/work/|/home/|/tmp/|/root/|/Users/|site-packages|dist-packages|\.venv/|"
                             r"[A-Za-z]:\\\\(?:Users|Windows))"),
    "Thebe/launch": re.compile(r"thebe|binder-examples|mybinder|launch-buttons", re.I),
}

# ------------------------------------------------------------------ rules on the visible text
#: UI strings of the tools the book is made with (Sphinx, its theme, itables/DataTables) that must be Dutch
ENGELSE_UI = ["Search this book", "Search the docs", "downsampled", "not shown", "Loading ITables", "static preview",
              "trust this notebook", "Showing", "entries", "No data available", "previous page", "next page",
              "Toggle", "Color mode", "On this page", "Skip to main content", "Back to top", "Download this page",
              "Print to PDF", "Fullscreen", "Last updated", "Link to this heading", "Site navigation",
              "Version warning", "System Settings", "Contents", "Copyright", "By the", "Please activate JavaScript",
              "Search Results", "Page", "Light", "Dark", "Main", "All", "First", "Last", "Next", "Previous"]
_ENGELSE_UI = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in ENGELSE_UI) + r")(?![\w-])")
#: English function words that are not Dutch words: one is enough to show untranslated text
ENGELSE_WOORDEN = ["the", "and", "with", "this", "that", "from", "you", "your", "please", "click", "shown", "rows",
                   "loading", "show", "which", "should", "would", "there", "their", "about", "into", "than",
                   "were", "been", "has", "have", "not", "are", "for", "its", "only"]
_ENGELS = re.compile(r"(?<![\w'-])(?:" + "|".join(ENGELSE_WOORDEN) + r")(?![\w'-])", re.I)
#: English audit jargon and unit codes that have a Dutch word or sign
JARGON = re.compile(r"(?<![\w-])(?:(?:cross)?footing|INFERRED|pct|EUR|\(EUR\)|check|checks|record|records|tokens|"
                    r"1-based)(?![\w-])", re.I)
# numbers: a decimal point where Dutch has a comma (5.86, 350000.0, 0.00), or five or more digits without
# grouping (8500000). Grouped thousands (1.234.567), versions (7.4.7) and digits inside ids stay.
_GETAL = re.compile(r"(?<![\w.,/#:-])[-−]?\d[\d.,]*\d(?![\w/-])|(?<![\w.,/#:-])\d(?![\w.,/-])")
_NL_GETAL = re.compile(r"^[-−]?(?:\d{1,3}(?:\.\d{3})+|\d{1,4})(?:,\d+)?$")
# "€ 5", "5 %", "3 fte" with an ordinary space: the sign or unit can wrap away from its number
_LOSSE_SPATIE = re.compile(r"€ (?=[−-]?\d)|(?<=\d) (?:%|fte)(?!\w)")
_EENHEID_ERNAAST = re.compile(r"€|%|\bfte\b|\bmln\b|\buur\b")
_VERSIE = re.compile(r"^\d+(?:\.\d+){2,}$")


def ruw_getal(token: str) -> bool:
    """True for a number in machine notation in Dutch text, or with more decimals than any source prints."""
    t = token.rstrip(".,")
    if re.search(r",\d{7,}$", t):                   # 0,2531390134529147982062780269
        return True
    if _NL_GETAL.match(t) or _VERSIE.match(t):
        return False
    if m := re.fullmatch(r"[-−]?(\d+)\.(\d+)", t):
        # a decimal point; "6.2" or "8.10" is also how a section is numbered, and sections start at 1 and stay
        # below 100: ambiguous cases with a one- or two-digit first part are left to the rules below
        return m[1] == "0" or len(m[1]) >= 3 or len(m[2]) >= 3 or m[2].startswith("0") and len(m[2]) > 1
    return bool(re.fullmatch(r"[-−]?\d{5,}(?:[.,]\d+)?", t))


OVERSLAAN = {"script", "style", "template", "svg"}
CITAAT = {"pre", "code", "kbd", "samp"}
ATTRIBUTEN = ("title", "alt", "aria-label", "placeholder")
LEEG = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "param",
        "track"}


class _Tekst(HTMLParser):
    """The text a reader sees, split in prose (checked for notation) and quotes (source text, code)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stapel: list[tuple[str, bool, bool]] = []      # (tag, skipped, quote)
        self.proza: list[str] = []
        self.citaat: list[str] = []

    def _status(self) -> tuple[bool, bool]:
        return (any(s for _, s, _ in self.stapel), any(c for _, _, c in self.stapel))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        overslaan, citaat = self._status()
        klassen = (a.get("class") or "").split()
        if not overslaan:
            for naam in ATTRIBUTEN:
                if a.get(naam):
                    (self.citaat if citaat else self.proza).append(a[naam])
        if tag in LEEG:
            return
        self.stapel.append((tag, tag in OVERSLAAN, tag in CITAAT or "rekenboek-gedrukt" in klassen))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in LEEG and self.stapel and self.stapel[-1][0] == tag:
            self.stapel.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stapel) - 1, -1, -1):
            if self.stapel[i][0] == tag:
                del self.stapel[i:]
                return

    def handle_data(self, data):
        overslaan, citaat = self._status()
        if not overslaan and data.strip():
            (self.citaat if citaat else self.proza).append(data)


@dataclass
class Vondst:
    pagina: str
    regel: str
    fragment: str
    gevonden: str = ""


@dataclass
class Scan:
    vondsten: list[Vondst] = field(default_factory=list)

    def voeg(self, pagina: str, regel: str, tekst: str, m: re.Match) -> None:
        self.vondsten.append(Vondst(pagina, regel, tekst[max(0, m.start() - 40):m.end() + 40].replace("\n", " "),
                                   m.group()))


def scan_html(inhoud: str, pagina: str = "pagina") -> list[Vondst]:
    """Every rule violation on one page."""
    scan = Scan()
    ruw = _DATA_URI.sub("data:…", inhoud)
    for regel, patroon in RUW.items():
        for m in patroon.finditer(ruw):
            scan.voeg(pagina, regel, ruw, m)
    p = _Tekst()
    p.feed(inhoud)
    p.close()
    for stuk in p.proza:
        for m in _ENGELSE_UI.finditer(stuk):
            scan.voeg(pagina, "Engelse UI-tekst", stuk, m)
        for m in _ENGELS.finditer(stuk):
            scan.voeg(pagina, "Engels woord", stuk, m)
        for m in JARGON.finditer(stuk):
            scan.voeg(pagina, "jargon of eenheidscode", stuk, m)
        for m in _LOSSE_SPATIE.finditer(stuk):
            scan.voeg(pagina, "gewone spatie bij €, % of eenheid", stuk, m)
        for m in _GETAL.finditer(stuk):
            if ruw_getal(m.group()) or (re.fullmatch(r"[-−]?\d+\.\d{1,2}", m.group())
                                        and _EENHEID_ERNAAST.search(stuk[max(0, m.start() - 3):m.end() + 6])):
                scan.voeg(pagina, "getal niet in Nederlandse notatie", stuk, m)
    for stuk in p.citaat:             # quoted source text: only what never belongs in a book
        for m in _ENGELSE_UI.finditer(stuk):
            if m.group() in ("Loading ITables", "downsampled", "not shown", "static preview"):
                scan.voeg(pagina, "Engelse UI-tekst", stuk, m)
    return scan.vondsten


def scan_boek(html_dir: Path) -> list[Vondst]:
    uit: list[Vondst] = []
    for pad in sorted(html_dir.rglob("*.html")):
        rel = pad.relative_to(html_dir).as_posix()
        if rel.startswith(("_static/", "_sources/", "_downloads/")):
            continue
        uit += scan_html(pad.read_text(encoding="utf-8"), rel)
    return uit


def rapport(vondsten: list[Vondst], maximaal: int = 60) -> str:
    per: dict[str, int] = {}
    for v in vondsten:
        per[v.regel] = per.get(v.regel, 0) + 1
    kop = ", ".join(f"{k}: {n}" for k, n in sorted(per.items()))
    return kop + "\n" + "\n".join(f"{v.pagina} [{v.regel}] …{v.fragment}…" for v in vondsten[:maximaal])


# ------------------------------------------------------------------ the scanner fails on bad pages (fast)
GOED = """<html><head><title>Rekenboek</title><script>const x = "Showing 1 to 10 entries"; let y = 3.14;</script>
<style>.a{width:12.5px}</style></head><body>
<nav aria-label="Navigatie"><a title="vorige pagina" href="a.html">vorige</a></nav>
<p>Het register telt 1.320 controles: 969 × klopt. Gesteld €&nbsp;8.500.000, herberekend €&nbsp;18.400.000, verschil
€&nbsp;−9.900.000, tolerantie €&nbsp;350.000. Formatie 344,55&nbsp;fte; verzuim 5,00&nbsp;%; groei 1,15&nbsp;%. Op 1-1-2016 en in 2017.</p>
<p>Optelling, dwarstelling, herberekening. Afgeleide aanname van het rekenboek. Versie 7.4.7.</p>
<p><code>k000a-eff-2012-crossfooting</code> <a href="bron/001.html#r795">001:795</a> sha256 3f5a…
<span class="rekenboek-gedrukt">5.86</span> bestand 001_d19e611800eb9a89.txt</p>
<pre>  795  Totaal  8500000  The source says 6.51</pre>
<img alt="Staafdiagram van de formatie per jaar" src="data:image/png;base64,AAAA/tmp/work/BBBB">
</body></html>"""

SLECHT = {
    "Python-waarschuwing": '<pre>x.py:12: SyntaxWarning: language={...}\n  warnings.warn(</pre>',
    "traceback": "<pre>Traceback (most recent call last):\n  File \"x.py\", line 3, in f\nValueError: x</pre>",
    "lokaal pad": "<p>zie /work/main/.venv/lib/python3.11/site-packages/itables/typing.py</p>",
    "Thebe/launch": '<script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"</script>',
    "Engelse UI-tekst": '<input placeholder="Search this book...">',
    "Engels woord": "<p>Rows per page: click here to show the table</p>",
    "jargon of eenheidscode": "<p>Soort: footing (INFERRED), eenheid pct</p>",
    "getal niet in Nederlandse notatie": "<p>gesteld 8500000, tolerantie 350000.0 (EUR), gesteld 0.00</p>",
    "gewone spatie bij €, % of eenheid": "<p>een bedrag van € 5 en een aandeel van 16 %</p>",
}


def test_scanner_vindt_niets_op_een_nette_pagina():
    assert scan_html(GOED) == [], rapport(scan_html(GOED))


@pytest.mark.parametrize("regel", sorted(SLECHT))
def test_scanner_vindt_elke_soort_fout(regel):
    """Each rule fires on a synthetic bad fragment placed in an otherwise clean page."""
    pagina = GOED.replace("</body>", SLECHT[regel] + "</body>")
    gevonden = {v.regel for v in scan_html(pagina)}
    assert regel in gevonden, rapport(scan_html(pagina))


@pytest.mark.parametrize("fout", [
    "<p>Het verschil is 0.2531390134529147982062780269 euro.</p>",     # ratio with a decimal point
    "<td>253706.4000</td>",                                            # a table cell in machine notation
    '<p>Kosten <span title="bedrag 1234567">x</span></p>',             # a tooltip counts as text
    "<p>positief € −629552</p>",
    "<p>formatie 5.86 fte, bijdrage € 2.5 mln</p>",                     # small decimals next to a unit                                       # minus sign, no grouping
    "<div>(downsampled from 1,320 rows as maxBytes=64KB)</div>",       # itables' downsampling note
    "<p>Traceback follows</p><pre>DeprecationWarning: x</pre>",        # a warning inside a quote is still noise
    "<p>Laatste aanpassing op Dec 06, 2026. The end.</p>",             # an English sentence
])
def test_scanner_vangt_regressies(fout):
    assert scan_html(GOED.replace("</body>", fout + "</body>")), fout


@pytest.mark.parametrize("token,ruw", [("1.234.567", False), ("344,55", False), ("2017", False), ("7.4.7", False),
                                       ("8500000", True), ("350000.0", True), ("0.00", True), ("8.10", False),
                                       ("6.2", False), ("346.15", True), ("0.5", True), ("12.05", True),
                                       ("−9.900.000", False), ("12345", True), ("1.234,5678", False),
                                       ("0,2531390134529147982062780269", True)])
def test_ruw_getal(token, ruw):
    assert ruw_getal(token) is ruw


# ------------------------------------------------------------------ the whole book (slow)
@pytest.mark.slow
def test_elke_pagina_is_schoon(volledig_boek):
    html_dir = volledig_boek / "html"
    paginas = [p for p in html_dir.rglob("*.html") if not p.relative_to(html_dir).as_posix().startswith("_")]
    assert len(paginas) > 50, "het boek lijkt onvolledig"
    vondsten = scan_boek(html_dir)
    assert not vondsten, rapport(vondsten)


# ------------------------------------------------------------------ the interactive table itself (fast)
def test_interactieve_tabel_zonder_waarschuwing_en_in_het_nederlands():
    """itables checks its options against its types (typeguard is installed): the Dutch language object must
    pass that check without a warning, and the HTML (loading text, no-JavaScript preview) must be Dutch."""
    import warnings

    import pandas as pd
    from itables import options

    from rekenboek.report.display import interactief_html

    assert options.warn_on_unexpected_option_type and options.warn_on_undocumented_option
    tabel = pd.DataFrame({"Id": [f"k{i}" for i in range(60)], "Verschil": [1234567.891 * i for i in range(60)],
                          "Oordeel": ["✔ klopt"] * 60})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        uit = interactief_html(tabel, "t1", getal_kolommen=("Verschil",))
    pagina = GOED.replace("</body>", uit + "</body>")
    assert scan_html(pagina) == [], rapport(scan_html(pagina))
    assert "Zonder JavaScript staan hier de eerste 25 van de 60 rijen" in uit
    assert '"label": "Alle"' in uit and "1.234.567,89" in uit


def test_itables_init_zonder_engels():
    from rekenboek.report.display import _init_nl

    kaal = '<div><noscript>This is the <code>init_notebook_mode</code> cell from ITables v2<br>(you should not see ' \
           'this message - is your notebook <it>trusted</it>?)</noscript></div>'
    assert scan_html(GOED.replace("</body>", kaal + "</body>"))
    assert scan_html(GOED.replace("</body>", _init_nl(kaal) + "</body>")) == []


def test_geneste_taalopties_zijn_javascript_objecten():
    """itables evaluates JavascriptCode with window.eval: a bare '{...}' would be a block (a SyntaxError in the
    console and English paging texts); each nested language part must be a parenthesised object literal."""
    import json

    from itables import JavascriptCode

    from rekenboek.report.display import _ITABLES_TAAL

    genest = {k: v for k, v in _ITABLES_TAAL.items() if isinstance(v, JavascriptCode)}
    assert set(genest) == {"paginate", "aria"}
    for v in genest.values():
        assert v.startswith("(") and v.endswith(")") and isinstance(json.loads(v[1:-1]), dict)


def test_vaste_spaties_op_elke_pagina():
    """book/_ext/vaste_spaties.py (a Sphinx extension) puts non-breaking spaces around €, % and units in text
    and tooltips written by hand, and leaves quotations, code and scripts alone."""
    import sys

    from rekenboek.paths import ROOT

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        import vaste_spaties
    finally:
        sys.path.pop(0)
    uit = vaste_spaties._html('<p title="gelezen als 6,51 fte">bedrag € 5 en 16 %, 3 ftes <code>€ 5</code>'
                              '<pre>€ 6 %</pre><script>let a = "€ 7";</script></p>'
                              '<td><span class="rekenboek-gedrukt">€ 440.000</span></td><td>€ 440.000</td>')
    assert uit == ('<p title="gelezen als 6,51\u00a0fte">bedrag €\u00a05 en 16\u00a0%, 3 ftes <code>€ 5</code>'
                   '<pre>€ 6 %</pre><script>let a = "€ 7";</script></p>'
                   '<td><span class="rekenboek-gedrukt">€ 440.000</span></td><td>€\u00a0440.000</td>')
    assert scan_html(GOED.replace("</body>", uit + "</body>")) == []
