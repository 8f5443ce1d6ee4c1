"""Shared display helpers: findings tables in Dutch notation, interactive tables, source lines and links.

Every ``bestand:regel`` reference in the book goes through :func:`bron_link`, which points at the line's
anchor (``r123``) on the page of the source document; :func:`brontekst_html` renders those pages' text.
Everything taken from data or sources is HTML-escaped here: nothing from them can run in the browser.
"""
from __future__ import annotations

import html
import re
import warnings
from collections import defaultdict
from decimal import Decimal, InvalidOperation

import pandas as pd

from rekenboek import downloads
from rekenboek.inputs.register import Register
from rekenboek.inputs.sources import BronnenOntbreken, regels as bron_regels
from rekenboek.numbers import nl_aantal, nl_getal

# The register's verdicts in its order; the symbols are the same on every page.
OORDEEL_SYMBOOL = {"klopt": "✔ klopt", "afronding": "≈ afronding", "afwijking": "✘ afwijking",
                   "herziening": "↻ herziening", "doorwerking": "↳ doorwerking",
                   "niet-controleerbaar": "? niet-controleerbaar"}


def _nl(waarde: str, eenheid: str) -> str:
    if waarde == "" or eenheid in ("datum", "label"):
        return waarde
    try:
        d = Decimal(waarde)
    except ArithmeticError:
        return waarde
    if eenheid == "jaar":
        return str(d)
    if -d.as_tuple().exponent > 4:  # a long ratio: four decimals are enough to read it
        d = d.quantize(Decimal("0.0001"))
    return nl_getal(d)


#: public name for pages that show register-style values (a plain number as text, and its unit) the same way
nl_waarde = _nl


def oordelen_telling(oordelen: pd.Series) -> str:
    """'20 × klopt, 3 × afwijking': the verdicts that occur, in the register's order."""
    tel = oordelen.value_counts()
    return ", ".join(f"{tel[o]} × {o}" for o in OORDEEL_SYMBOOL if o in tel)


def bevindingen_tabel(reg: pd.DataFrame) -> pd.DataFrame:
    """The register rows as a readable Dutch table."""
    return pd.DataFrame({
        "Controle": reg["omschrijving"],
        "Soort": reg["soort"],
        "Bron": reg["bestand"].str[:3] + ":" + reg["regel"].astype(str),
        "Gesteld": [_nl(w, e) for w, e in zip(reg["gesteld"], reg["eenheid"])],
        "Herberekend": [_nl(w, e) for w, e in zip(reg["herberekend"], reg["eenheid"])],
        "Verschil": [_nl(w, e) for w, e in zip(reg["verschil"], reg["eenheid"])],
        "Tolerantie": [_nl(w, e) for w, e in zip(reg["tolerantie"], reg["eenheid"])],
        "Eenheid": reg["eenheid"],
        "Oordeel": reg["oordeel"].map(OORDEEL_SYMBOOL),
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


def met_bronlinks(tabel: pd.DataFrame, prefix: str) -> str:
    """The table as HTML in which every cell that is a source reference (``000:123``, or several separated by
    commas) links to that line of the published source document; every other cell is escaped text."""
    def cel(v):
        if isinstance(v, str) and _VERWIJZINGEN.match(v):
            return ", ".join(bron_link(d.strip(), prefix) for d in re.split(r"[,;]", v))
        return html.escape(v) if isinstance(v, str) else v
    opgemaakt = tabel.copy()
    opgemaakt.columns = [html.escape(str(k)) for k in tabel.columns]
    for i in range(opgemaakt.shape[1]):
        opgemaakt.isetitem(i, opgemaakt.iloc[:, i].map(cel))
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
    if prefix is not None:
        opmaak = met_bronlinks(tabel, prefix)
    else:
        opmaak = tabel.to_html(index=False, border=0, classes="rekenboek-tabel", escape=True)
    display({"text/html": opmaak + csv_link(tabel, naam),
             downloads.MIME: downloads.bundel(tabel, naam, titel or tabel.attrs.get("titel", ""))}, raw=True)


def toon_werkboek(naam: str, titel: str, bladen: dict[str, pd.DataFrame], uitleg: dict[str, str] | None = None) -> None:
    """Offer several tables (a model's inputs and outputs) as one Excel workbook and a CSV per table."""
    from IPython.display import display

    b = downloads.werkboekbundel(bladen, _unieke_naam(downloads.bestandsnaam(naam)), titel, uitleg)
    display({"text/html": downloads.werkboeklinks(b), downloads.MIME: b}, raw=True)


# ------------------------------------------------------------ amounts and counts in Dutch words
_EENHEID_TEKEN = {"pct": "%", "EUR": "€"}


def nl_bedrag(waarde, eenheid: str, decimalen: int | None = None) -> str:
    """A register value with its unit in Dutch notation: ``€ 1.234.567``, ``344,55 fte``, ``1,15 %``, ``5.071``.

    Euros are shown in whole euros unless the value has cents; fte and percentages with up to two
    decimals; other units as printed (at most four decimals). Non-numeric values are returned as given.
    """
    if waarde is None or (isinstance(waarde, float) and pd.isna(waarde)) or str(waarde).strip() == "":
        return "—"
    try:
        d = Decimal(str(waarde))
    except (ArithmeticError, InvalidOperation):
        return str(waarde)
    if decimalen is None:
        exp = -d.normalize().as_tuple().exponent if d != 0 else 0
        grens = 2 if eenheid in ("EUR", "fte", "pct") else 4
        decimalen = max(0, min(exp, grens))
        if eenheid == "EUR" and decimalen == 1:
            decimalen = 2
    d = d.quantize(Decimal(1).scaleb(-decimalen)) if decimalen else d.quantize(Decimal(1))
    tekst = nl_getal(d, decimalen)
    if eenheid == "EUR":
        return f"€ {tekst}"
    if eenheid == "pct":
        return f"{tekst} %"
    if eenheid in ("", "aantal", "jaar", "datum", "label", "ratio", "score"):
        return tekst
    return f"{tekst} {eenheid}"


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
# DataTables' Dutch strings (after its nl-NL language file), "." as thousands separator as in the book.
_ITABLES_TAAL = {"search": "Zoeken:", "lengthMenu": "_MENU_ rijen per pagina",
                 "info": "rij _START_ tot _END_ van _TOTAL_", "infoEmpty": "geen rijen",
                 "infoFiltered": "(gefilterd uit _MAX_)", "zeroRecords": "geen overeenkomende rijen",
                 "emptyTable": "geen gegevens in de tabel", "loadingRecords": "bezig met laden…",
                 "processing": "bezig…", "thousands": ".", "decimal": ",",
                 "paginate": {"first": "eerste", "last": "laatste", "next": "volgende", "previous": "vorige"},
                 "aria": {"orderable": "sorteer op deze kolom",
                          "orderableReverse": "sorteer omgekeerd op deze kolom"}}


def interactief_init() -> None:
    """Embed the DataTables bundle once per page, offline (no network needed to read the book)."""
    from itables import init_notebook_mode

    init_notebook_mode(all_interactive=False, connected=False)


# Shows a numeric cell in Dutch notation (1.234.567,89; minus sign −) and leaves sorting numeric.
# The numbers are the register's exact values as floats: for display and sorting only, never for a verdict.
_NL_GETAL_JS = ("function (data, type) { const leeg = data === null || data === undefined || data === '' "
                "|| (typeof data === 'number' && isNaN(data)); if (type !== 'display') return leeg ? null : data; "
                "if (leeg) return ''; "
                "return new Intl.NumberFormat('nl-NL', {maximumFractionDigits: 4}).format(data).replace('-', '\\u2212'); }")


def interactief_html(tabel: pd.DataFrame, table_id: str, html_kolommen: tuple[str, ...] = (),
                     kolomfilters: bool = False, getal_kolommen: tuple[str, ...] = (),
                     brede_kolommen: tuple[str, ...] = ()) -> str:
    """The HTML of a sortable, filterable table (DataTables via itables) holding EVERY row.

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

    with warnings.catch_warnings():
        # itables types `language` as a flat str->str mapping; DataTables' nested "paginate" is valid
        warnings.filterwarnings("ignore", category=SyntaxWarning, module=r"itables(\..*)?$")
        return to_html_datatable(tabel, table_id=table_id, connected=False, layout=_ITABLES_LAYOUT,
                                 language=_ITABLES_TAAL, lengthMenu=[25, 50, 100, {"label": "Alle", "value": -1}],
                                 pageLength=25, classes="display compact", allow_html=bool(html_kolommen),
                                 showIndex=False, maxBytes=0, maxRows=0, scrollX=True, **extra)


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
