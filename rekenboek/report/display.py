"""Shared display helpers: findings tables in Dutch notation, interactive tables, source lines and links.

Every ``bestand:regel`` reference in the book goes through :func:`bron_link`, which points at the line's
anchor (``r123``) on the page of the source document; :func:`brontekst_html` renders those pages' text.
Everything taken from data or sources is HTML-escaped here: nothing from them can run in the browser.
"""
from __future__ import annotations

import html
import json
import re
from collections import defaultdict

import pandas as pd
from itables import JavascriptCode

from rekenboek import downloads
from rekenboek.inputs.register import Register
from rekenboek.inputs.sources import BronnenOntbreken, regels as bron_regels
from rekenboek.numbers import (als_decimal, nl_aantal, nl_controle, nl_eenheid, nl_getal, standaard_decimalen)
from rekenboek.numbers import nl_waarde as nl_waarde_met_eenheid

# The register's verdicts in its order; the symbols are the same on every page.
OORDEEL_SYMBOOL = {"klopt": "✔ klopt", "afronding": "≈ afronding", "afwijking": "✘ afwijking",
                   "herziening": "↻ herziening", "doorwerking": "↳ doorwerking",
                   "niet-controleerbaar": "? niet-controleerbaar"}


# The kinds of check in Dutch: the register CSV keeps its codes, every page shows these words.
SOORT_NL = {"footing": "optelling", "crossfooting": "dwarstelling", "herberekening": "herberekening",
            "aansluiting": "aansluiting", "label": "label", "model": "model"}
SOORT_UITLEG = {
    "footing": "een gedrukt totaal is de som van de gedrukte posten erboven of ernaast (optelling)",
    "crossfooting": "de rijtotalen en de kolomtotalen van een tabel komen op hetzelfde eindtotaal uit (dwarstelling)",
    "herberekening": "een gedrukt cijfer volgt met een formule uit andere gedrukte cijfers",
    "aansluiting": "hetzelfde cijfer staat op twee plaatsen, in hetzelfde of in een ander document, en is daar gelijk",
    "label": "een jaartal, datum of nummer in een kop of tekst past bij de cijfers waar het bij staat",
    "model": "een cijfer volgt uit het rekenmodel van het rekenboek, met aannames die bij het model staan",
}


def soort_nl(soort) -> str:
    """The Dutch name of a kind of check (``footing`` -> ``optelling``); an unknown code as given."""
    return SOORT_NL.get(str(soort), str(soort))


def _nl(waarde: str, eenheid: str) -> str:
    """A register value (plain notation) in Dutch notation without its unit; dates as printed (1-1-2016)."""
    if waarde == "" or eenheid == "label":
        return waarde
    if eenheid == "jaar":
        return str(waarde)
    d = als_decimal(waarde)
    if eenheid == "datum" or d is None:
        return nl_waarde_met_eenheid(waarde, "datum") if eenheid == "datum" else waarde
    return nl_getal(d, standaard_decimalen(d, eenheid if eenheid in ("EUR", "fte", "pct") else ""))


#: public name for pages that show register-style values (a plain number as text, and its unit) the same way
nl_waarde = _nl


def oordelen_telling(oordelen: pd.Series) -> str:
    """'20 × klopt, 3 × afwijking': the verdicts that occur, in the register's order."""
    tel = oordelen.value_counts()
    return ", ".join(f"{tel[o]} × {o}" for o in OORDEEL_SYMBOOL if o in tel)


def bevindingen_tabel(reg: pd.DataFrame) -> pd.DataFrame:
    """The register rows as a readable Dutch table: figures at the stated figure's precision, with their unit."""
    rijen = [nl_controle(g, h, v, t, e, gt) for g, h, v, t, e, gt in
             zip(reg["gesteld"], reg["herberekend"], reg["verschil"], reg["tolerantie"], reg["eenheid"],
                 reg["gesteld_tekst"] if "gesteld_tekst" in reg else [""] * len(reg))]
    return pd.DataFrame({
        "Controle": list(reg["omschrijving"]),
        "Soort": [soort_nl(s) for s in reg["soort"]],
        "Bron": list(reg["bestand"].str[:3] + ":" + reg["regel"].astype(str)),
        "Gesteld": [r.gesteld for r in rijen],
        "Herberekend": [r.herberekend for r in rijen],
        "Verschil": [r.verschil for r in rijen],
        "Tolerantie": [r.tolerantie for r in rijen],
        "Eenheid": [nl_eenheid(e) for e in reg["eenheid"]],
        "Oordeel": list(reg["oordeel"].map(OORDEEL_SYMBOOL)),
    }).reset_index(drop=True)


def voor_eenheid(reg: pd.DataFrame, gemeente: str, jaar: int, tabel_ids: set[str] | None = None) -> pd.DataFrame:
    """Register rows whose stated figure belongs to this unit and year (optionally: these tables)."""
    sel = (reg["gemeente"] == gemeente) & (reg["jaar"] == str(jaar))
    if tabel_ids is not None:
        sel &= reg["tabel_id"].isin(tabel_ids)
    return reg[sel]


def csv_link(tabel: pd.DataFrame, naam: str = "tabel") -> str:
    """The download links under a table (Excel and CSV, written next to the page at publication)."""
    return downloads.downloadlinks(naam)


def _unieke_naam(naam: str) -> str:
    """A download name not used before on this page: a second table named alike gets ``-2``.

    The names a page used live in the kernel's user namespace, which every page starts afresh."""
    try:
        from IPython import get_ipython

        ns = get_ipython().user_ns if get_ipython() is not None else _NAMEN_BUITEN_KERNEL
    except ImportError:
        ns = _NAMEN_BUITEN_KERNEL
    gebruikt = ns.setdefault("_rekenboek_downloadnamen", set())
    kandidaat, n = naam, 2
    while kandidaat in gebruikt:
        kandidaat, n = f"{naam}-{n}", n + 1
    gebruikt.add(kandidaat)
    return kandidaat


_NAMEN_BUITEN_KERNEL: dict = {}


_VERWIJZINGEN = re.compile(r"^\s*\d{3}:\d+(?:\s*[,;]\s*\d{3}:\d+)*\s*$")


#: columns that quote the source as printed (``5.86``, ``€ 1,4 mln``): marked, so that a reader (and the page scan)
#: can tell a quotation from the book's own notation
GEDRUKT_KOLOMMEN = ("Gedrukt", "gedrukt")


def met_bronlinks(tabel: pd.DataFrame, prefix: str | None) -> str:
    """The table as HTML in which every cell that is a source reference (``000:123``, or several separated by
    commas) links to that line of the published source document (with a ``prefix``; without one, no links);
    a cell quoting the source as printed is marked ``rekenboek-gedrukt``; every other cell is escaped text."""
    def cel(v):
        if prefix is not None and isinstance(v, str) and _VERWIJZINGEN.match(v):
            return ", ".join(bron_link(d.strip(), prefix) for d in re.split(r"[,;]", v))
        return html.escape(v) if isinstance(v, str) else v
    opgemaakt = tabel.copy()
    opgemaakt.columns = [html.escape(str(k)) for k in tabel.columns]
    for i in range(opgemaakt.shape[1]):
        opgemaakt.isetitem(i, opgemaakt.iloc[:, i].map(cel))
        if str(tabel.columns[i]) in GEDRUKT_KOLOMMEN:
            opgemaakt.isetitem(i, opgemaakt.iloc[:, i].map(
                lambda v: f'<span class="rekenboek-gedrukt">{v}</span>' if isinstance(v, str) and v else v))
    return opgemaakt.to_html(index=False, border=0, classes="rekenboek-tabel", escape=False)


def toon_tabel(tabel: pd.DataFrame | None, leeg: str = "*Geen.*", naam: str = "", prefix: str | None = None,
               titel: str = "") -> None:
    """Display a table as plain, deterministic HTML (no index) with its downloads below it (Excel and CSV
    named ``naam``, e.g. ``maastricht-2021-tabel-17``); ``leeg`` when there is none.

    The table's data travels in the notebook (:func:`rekenboek.downloads.bundel`); publication writes the
    files next to the page. ``naam`` falls back to ``tabel.attrs["naam"]``, then ``tabel``; a name used
    before on the page gets a number. With ``prefix`` (see :func:`bron_href`: ``""`` for a page at the top
    of the book, ``"../"`` for a unit page), every source reference in the table is a link to its line."""
    from IPython.display import Markdown, display

    if tabel is None or tabel.empty:
        display(Markdown(leeg))
        return
    naam = _unieke_naam(downloads.bestandsnaam(naam or tabel.attrs.get("naam") or "tabel"))
    opmaak = met_bronlinks(tabel, prefix)
    display({"text/html": opmaak + csv_link(tabel, naam),
             downloads.MIME: downloads.bundel(tabel, naam, titel or tabel.attrs.get("titel", ""))}, raw=True)


def toon_werkboek(naam: str, titel: str, bladen: dict[str, pd.DataFrame], uitleg: dict[str, str] | None = None,
                  machine: bool = False) -> None:
    """Offer several tables (a model's inputs and outputs) as one Excel workbook and a CSV per table
    (``machine``: also a CSV per table for programs, decimal point)."""
    from IPython.display import display

    b = downloads.werkboekbundel(bladen, _unieke_naam(downloads.bestandsnaam(naam)), titel, uitleg, machine)
    display({"text/html": downloads.werkboeklinks(b), downloads.MIME: b}, raw=True)


# ------------------------------------------------------------ amounts and counts in Dutch words
def nl_bedrag(waarde, eenheid: str, decimalen: int | None = None) -> str:
    """A register value with its unit in Dutch notation: ``€ 1.234.567``, ``344,55 fte``, ``1,15 %``, ``5.071``
    (:func:`rekenboek.numbers.nl_waarde`, the book's one notation)."""
    return nl_waarde_met_eenheid(waarde, eenheid, decimalen)


def telling_zin(oordelen: pd.Series) -> str:
    """'1.320 controles: 969 × klopt, 170 × afwijking, …' with Dutch grouping, verdicts that occur only."""
    tel = oordelen.value_counts()
    delen = [f"{nl_aantal(tel[o])} × {o}" for o in OORDEEL_SYMBOOL if o in tel]
    return f"{nl_aantal(len(oordelen))} controles: " + ", ".join(delen)


# ------------------------------------------------------------ links to source lines
def bron_slug(bestand: str) -> str:
    """``002_64404f7d5d23d22f.txt`` (or ``002``) -> ``002``: the page name of a source document."""
    return str(bestand)[:3]


def regel_anker(regel: int) -> str:
    """The anchor of a line on a source page: ``r123``."""
    return f"r{int(regel)}"


_VERWIJZING = re.compile(r"^\s*(\d{3})(?:_[0-9a-f]+\.txt)?\s*:\s*(\d+)\s*$")


def bron_href(verwijzing: str, prefix: str = "") -> str:
    """``000:123`` (or ``000_660d….txt:123``) -> ``{prefix}bron/000.html#r123``.

    ``prefix`` leads from the page that links to ``book/generated/``: ``""`` for pages there
    (start, bevindingen), ``"../"`` for pages one folder down (bron/, cijfers/, formatie/, ...).
    """
    m = _VERWIJZING.match(str(verwijzing))
    if not m:
        raise ValueError(f"geen bronverwijzing (verwacht 000:123): {verwijzing!r}")
    return f"{prefix}bron/{m.group(1)}.html#{regel_anker(int(m.group(2)))}"


def bron_link(verwijzing: str, prefix: str = "", tekst: str | None = None) -> str:
    """An HTML link from a ``000:123`` reference to that line of the published source document."""
    m = _VERWIJZING.match(str(verwijzing))
    label = tekst if tekst is not None else (f"{m.group(1)}:{m.group(2)}" if m else str(verwijzing))
    return (f'<a class="rekenboek-bronlink" href="{html.escape(bron_href(verwijzing, prefix))}">'
            f"{html.escape(label)}</a>")


def verwijzing(bestand: str, regel) -> str:
    """``(000_660d….txt, 123)`` -> ``000:123``."""
    return f"{bron_slug(bestand)}:{int(regel)}"


# ------------------------------------------------------------ interactive tables
_ITABLES_LAYOUT = {"topStart": "pageLength", "topEnd": "search", "bottomStart": "info", "bottomEnd": "paging"}


def _js_object(waarde: dict) -> JavascriptCode:
    """A nested part of DataTables' ``language`` object. itables types ``language`` as a flat mapping of
    strings (and with typeguard installed warns about anything else), while DataTables' paging and aria
    texts are nested objects: passed as JavaScript code (a string, evaluated in the browser) both hold."""
    return JavascriptCode(f"({json.dumps(waarde, ensure_ascii=False)})")   # parenthesised: an object, not a block


# DataTables' Dutch strings (after its nl-NL language file), "." as thousands separator as in the book.
_ITABLES_TAAL = {"search": "Zoeken:", "searchPlaceholder": "zoek in alle kolommen",
                 "lengthMenu": "_MENU_ rijen per pagina",
                 "info": "rij _START_ tot _END_ van _TOTAL_", "infoEmpty": "geen rijen",
                 "infoFiltered": "(gefilterd uit _MAX_ rijen)", "zeroRecords": "geen overeenkomende rijen",
                 "emptyTable": "geen gegevens in de tabel", "loadingRecords": "bezig met laden…",
                 "processing": "bezig…", "thousands": ".", "decimal": ",",
                 "paginate": _js_object({"first": "eerste", "last": "laatste", "next": "volgende",
                                         "previous": "vorige"}),
                 "aria": _js_object({"orderable": "sorteer op deze kolom",
                                     "orderableReverse": "sorteer omgekeerd op deze kolom",
                                     "orderableRemove": "sortering van deze kolom opheffen",
                                     "paginate": {"first": "eerste pagina", "last": "laatste pagina",
                                                  "next": "volgende pagina", "previous": "vorige pagina",
                                                  "number": "pagina "}})}
_ITABLES_LENGTES = [25, 50, 100, {"label": "Alle", "value": -1}]


def _init_nl(init_html: str) -> str:
    """itables' offline init block with its English no-JavaScript notice in Dutch."""
    return re.sub(r"<noscript>.*?</noscript>", "<noscript>De interactieve tabellen op deze pagina hebben JavaScript "
                  "nodig; elke tabel is ook als download beschikbaar.</noscript>", init_html, flags=re.S)


def interactief_init() -> None:
    """Embed the DataTables bundle once per page, offline (no network needed to read the book)."""
    from IPython.display import HTML, display
    from IPython.utils.capture import capture_output
    from itables import init_notebook_mode

    with capture_output(stdout=False, stderr=False) as uit:
        init_notebook_mode(all_interactive=False, connected=False)
    for o in uit.outputs:
        display(HTML(_init_nl(o.data.get("text/html", ""))))


# Shows a numeric cell in Dutch notation (1.234.567,89; minus sign −) and leaves sorting numeric.
# The numbers are the register's exact values as floats: for display and sorting only, never for a verdict.
_NL_GETAL_JS = ("function (data, type) { const leeg = data === null || data === undefined || data === '' "
                "|| (typeof data === 'number' && isNaN(data)); if (type !== 'display') return leeg ? null : data; "
                "if (leeg) return ''; "
                "return new Intl.NumberFormat('nl-NL', {maximumFractionDigits: 2}).format(data).replace('-', '\\u2212'); }")


def _cel_nl(v) -> str:
    """A cell of the no-JavaScript preview: numbers in Dutch notation, text as it is."""
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return nl_getal(als_decimal(repr(v)), None if isinstance(v, int) else 2)
    return str(v)


def fallback_html(tabel: pd.DataFrame, html_kolommen: bool, rijen: int) -> str:
    """What a browser without JavaScript shows instead of the interactive table: its first rows, in Dutch."""
    kop = "".join(f"<th>{html.escape(str(k))}</th>" for k in tabel.columns)
    body = "".join("<tr>" + "".join(f"<td>{c if html_kolommen else html.escape(c)}</td>" for c in map(_cel_nl, r))
                   + "</tr>" for r in tabel.head(rijen).itertuples(index=False))
    rest = len(tabel) - min(rijen, len(tabel))
    noot = (f'<p class="rekenboek-telling">Zonder JavaScript staan hier de eerste {nl_aantal(rijen)} van de '
            f"{nl_aantal(len(tabel))} rijen; de volledige tabel staat in de download.</p>") if rest else ""
    return f'<table class="rekenboek-tabel"><thead><tr>{kop}</tr></thead><tbody>{body}</tbody></table>{noot}'


def _itables_nl(uit: str, table_id: str, fallback: str) -> str:
    """itables' HTML with its English loading text and static preview replaced by Dutch ones."""
    uit, n = re.subn(r"Loading ITables v[^<]*<code>init_notebook_mode</code> cell\.\.\.\s*\(need <a [^>]*>help</a>\?\)",
                     "De tabel wordt geladen…", uit)
    voor = f'<div id="{table_id}_fallback">'
    na = f'</div><script>document.getElementById("{table_id}")'
    i, j = uit.find(voor), uit.find(na)
    if n != 1 or i < 0 or j < i:    # a new itables version: fail loudly rather than publish English
        raise RuntimeError("itables-uitvoer heeft een onverwachte vorm; pas display._itables_nl aan")
    return uit[:i + len(voor)] + fallback + uit[j:]


def interactief_html(tabel: pd.DataFrame, table_id: str, html_kolommen: tuple[str, ...] = (),
                     kolomfilters: bool = False, getal_kolommen: tuple[str, ...] = (),
                     brede_kolommen: tuple[str, ...] = ()) -> str:
    """The HTML of a sortable, filterable table (DataTables via itables) holding EVERY row, all text in Dutch.

    ``maxBytes=0`` switches off itables' downsampling (its default keeps about 64 KB of a table and
    silently drops the rest); the register is the audit trail, so every row is embedded.
    ``getal_kolommen`` hold floats (or None): they sort as numbers and show in Dutch notation.
    ``brede_kolommen`` (long text) get a minimum width, so that rows do not grow tall on a narrow page.
    ``html_kolommen`` name the columns the caller built as HTML (escaping what it took from data); every
    other text cell is escaped here, so a value from data/ can never become markup in the table.
    """
    from itables import JavascriptFunction, to_html_datatable

    if isinstance(html_kolommen, bool):
        raise TypeError("html_kolommen: noem de kolommen die als HTML zijn opgebouwd; elke andere kolom wordt ge-escaped")
    if html_kolommen:
        tabel = tabel.copy()
        for k in tabel.columns:
            if k not in html_kolommen:
                tabel[k] = [html.escape(v) if isinstance(v, str) else v for v in tabel[k]]
    kolommen = list(tabel.columns)
    extra = {}
    if getal_kolommen:
        extra["columnDefs"] = [{"targets": [kolommen.index(k) for k in getal_kolommen],
                                "render": JavascriptFunction(_NL_GETAL_JS), "className": "dt-right"}]
    if brede_kolommen:
        extra.setdefault("columnDefs", []).append({"targets": [kolommen.index(k) for k in brede_kolommen],
                                                   "className": "rekenboek-breed"})
    if kolomfilters:
        extra["column_filters"] = "header"
    pagina = 25
    uit = to_html_datatable(tabel, table_id=table_id, connected=False, layout=_ITABLES_LAYOUT,
                            language=_ITABLES_TAAL, lengthMenu=_ITABLES_LENGTES, pageLength=pagina,
                            classes="display compact", allow_html=bool(html_kolommen), showIndex=False,
                            maxBytes=0, maxRows=0, scrollX=True, display_logo_when_loading=False, **extra)
    return _itables_nl(uit, table_id, fallback_html(tabel, html_kolommen, pagina))


def toon_interactief(tabel: pd.DataFrame, table_id: str, html_kolommen: tuple[str, ...] = (),
                     kolomfilters: bool = False, getal_kolommen: tuple[str, ...] = (),
                     brede_kolommen: tuple[str, ...] = ()) -> None:
    """Display :func:`interactief_html`, preceded by the row count in Dutch (the table is complete)."""
    from IPython.display import HTML, display

    display(HTML(f'<p class="rekenboek-telling">{nl_aantal(len(tabel))} rijen, alle getoond.</p>'
                 + interactief_html(tabel, table_id, html_kolommen, kolomfilters, getal_kolommen,
                                    brede_kolommen)))


# ------------------------------------------------------------ where a record stands on its line
_GETAL_TEKENS = re.compile(r"[\d]")


def _zoek(tekst: str, lijn: str, vanaf: int = 0) -> list[tuple[int, int]]:
    """Occurrences of a printed figure on a line that are not part of a longer number.

    ``2`` does not match inside ``2016`` or ``€ 2,4 miljoen``; ``€ 100`` does match ``€ 100k``.
    """
    if not tekst:
        return []
    voor = r"(?<!\d)(?<!\d[.,])" if _GETAL_TEKENS.match(tekst) else ""
    na = r"(?!\d)(?![.,]\d)" if _GETAL_TEKENS.search(tekst[-1]) else ""
    return [(m.start(), m.end()) for m in re.finditer(voor + re.escape(tekst) + na, lijn) if m.start() >= vanaf]


def posities(register: Register, bestanden=None) -> dict[str, tuple[int, int]]:
    """Where each record's printed text stands on its line: record id -> (start, end) in the line.

    The records carry no column position, only the printed text (``tekst``) and the transcription
    order (file and row of ``data/cijfers``). Transcribers went left to right, so the records of a
    line, taken in transcription order, are found by one scan from left to right: each starts after
    the previous one ends. When that scan fails (3 of about 1.000 lines), a record takes the k-th
    occurrence of its text, k being its rank among the line's records with that text. A figure is
    never matched inside a longer number. Records whose text is not on the line get no position.
    """
    per_regel: dict[tuple[str, int], list] = defaultdict(list)
    for c in register.cijfers.values():
        if bestanden is None or c.bestand in bestanden:
            per_regel[(c.bestand, c.regel)].append(c)
    uit: dict[str, tuple[int, int]] = {}
    for (bestand, nr), cs in per_regel.items():
        try:
            lijn = bron_regels(bestand)[nr - 1]
        except (BronnenOntbreken, IndexError):
            continue
        cs.sort(key=lambda c: (c.csv, c.rij))
        scan, cursor = {}, 0
        for c in cs:
            gevonden = _zoek(c.tekst, lijn, cursor)
            if not gevonden:
                scan = None
                break
            scan[c.id] = gevonden[0]
            cursor = gevonden[0][1]
        if scan is not None:
            uit.update(scan)
            continue
        rang: dict[str, int] = defaultdict(int)
        for c in cs:
            alle = _zoek(c.tekst, lijn) or [(m.start(), m.end()) for m in re.finditer(re.escape(c.tekst), lijn)]
            if alle:
                uit[c.id] = alle[min(rang[c.tekst], len(alle) - 1)]
            rang[c.tekst] += 1
    return uit


# ------------------------------------------------------------ source fragments and whole documents
Markering = tuple[int, int, str]   # start, end, CSS class ("gesteld" or "onderdeel")


def _markeer(lijn: str, markeringen: list[Markering]) -> str:
    """Escape a line and wrap the marked spans in <mark> (overlaps: the first span wins)."""
    uit, cursor = [], 0
    for start, eind, klasse in sorted(markeringen):
        if start < cursor or eind > len(lijn):
            continue
        uit.append(html.escape(lijn[cursor:start]))
        uit.append(f'<mark class="rekenboek-{html.escape(klasse)}">{html.escape(lijn[start:eind])}</mark>')
        cursor = eind
    uit.append(html.escape(lijn[cursor:]))
    return "".join(uit)


def fragment_html(bestand: str, regel: int, gedrukt: str, context: int = 3,
                  positie: tuple[int, int] | None = None) -> str:
    """The cited line with a few lines around it; the stated figure is highlighted on its line.

    ``positie`` (from :func:`posities`) marks the right occurrence; without it the first occurrence
    of ``gedrukt`` that is not part of a longer number is marked.
    """
    if positie is None and gedrukt:
        try:
            gevonden = _zoek(gedrukt, bron_regels(bestand)[int(regel) - 1])
        except (BronnenOntbreken, IndexError):
            gevonden = []
        positie = gevonden[0] if gevonden else None
    markeringen = {int(regel): [(*positie, "gesteld")]} if positie else {}
    return fragmenten_html(bestand, {int(regel)}, markeringen, context, nadruk={int(regel)})


def fragmenten_html(bestand: str, regelnummers, markeringen: dict[int, list[Markering]] | None = None,
                    context: int = 2, nadruk=None, prefix: str | None = None) -> str:
    """The lines of one document around ``regelnummers`` (overlapping ranges merged, gaps shown as ⋮).

    ``prefix`` (see :func:`bron_href`) makes each line number a link to that line on the source page.
    """
    try:
        alle = bron_regels(bestand)
    except BronnenOntbreken:
        return f"<p><em>Bronbestand {html.escape(bestand)} niet beschikbaar bij het bouwen.</em></p>"
    markeringen = markeringen or {}
    nadruk = set(nadruk if nadruk is not None else regelnummers)
    toon = sorted({n for r in regelnummers for n in range(max(1, r - context), min(len(alle), r + context) + 1)})
    uit, vorige = [], None
    for n in toon:
        if vorige is not None and n != vorige + 1:
            uit.append('<span class="rekenboek-regelnr">    ⋮</span>')
        nummer = f"{n:>5}"
        if prefix is not None:
            nummer = f'<a href="{html.escape(bron_href(verwijzing(bestand, n), prefix))}">{nummer}</a>'
        klasse = ' class="rekenboek-regel-gesteld"' if n in nadruk else ""
        uit.append(f'<span{klasse}><span class="rekenboek-regelnr">{nummer}</span>  '
                   f"{_markeer(alle[n - 1].rstrip(), markeringen.get(n, []))}</span>")
        vorige = n
    return '<pre class="rekenboek-fragment">' + "\n".join(uit) + "</pre>"


def brontekst_html(bestand: str, markeringen: dict[int, list[Markering]] | None = None) -> str:
    """A whole source document as one escaped <pre>, every line an anchor ``r123`` (see :func:`regel_anker`)."""
    try:
        alle = bron_regels(bestand)
    except BronnenOntbreken:
        return f"<p><em>Bronbestand {html.escape(bestand)} niet beschikbaar bij het bouwen.</em></p>"
    markeringen = markeringen or {}
    uit = [f'<span id="{regel_anker(n)}" class="rekenboek-bronregel"><a class="rekenboek-regelnr" '
           f'href="#{regel_anker(n)}">{n:>5}</a>  {_markeer(lijn.rstrip(), markeringen.get(n, []))}</span>'
           for n, lijn in enumerate(alle, start=1)]
    return '<pre class="rekenboek-brontekst">' + "\n".join(uit) + "</pre>"
