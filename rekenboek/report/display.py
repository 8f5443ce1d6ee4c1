"""Display tables of findings, in Dutch notation."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

from rekenboek.numbers import nl_getal

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
    """A self-contained download link (data URI) for a table as CSV, UTF-8 with BOM so Excel reads it."""
    import base64

    inhoud = tabel.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
    return (f'<p class="rekenboek-download"><a download="{naam}.csv" '
            f'href="data:text/csv;charset=utf-8;base64,{base64.b64encode(inhoud).decode()}">Download als CSV</a></p>')


def toon_tabel(tabel: pd.DataFrame | None, leeg: str = "*Geen.*", naam: str = "tabel") -> None:
    """Display a table as plain, deterministic HTML (no index) with a CSV download; ``leeg`` when there is none."""
    from IPython.display import HTML, Markdown, display

    if tabel is None or tabel.empty:
        display(Markdown(leeg))
    else:
        display(HTML(tabel.to_html(index=False, border=0, classes="rekenboek-tabel", escape=True) + csv_link(tabel, naam)))


# ------------------------------------------------------------ interactive tables
_ITABLES_LAYOUT = {"topStart": "pageLength", "topEnd": "search", "bottomStart": "info", "bottomEnd": "paging"}
_ITABLES_TAAL = {"search": "Filter:", "lengthMenu": "_MENU_ rijen per pagina",
                 "info": "rij _START_ tot _END_ van _TOTAL_", "infoEmpty": "geen rijen",
                 "infoFiltered": "(gefilterd uit _MAX_)", "zeroRecords": "geen overeenkomende rijen",
                 "paginate": {"first": "eerste", "last": "laatste", "next": "volgende", "previous": "vorige"}}


def interactief_init() -> None:
    """Embed the DataTables bundle once per page, offline (no network needed to read the book)."""
    from itables import init_notebook_mode

    init_notebook_mode(all_interactive=False, connected=False)


def toon_interactief(tabel: pd.DataFrame, table_id: str, html_kolommen: bool = False) -> None:
    """A sortable, filterable table (DataTables via itables) with a fixed id, so output is deterministic."""
    from IPython.display import HTML, display
    from itables import to_html_datatable

    display(HTML(to_html_datatable(tabel, table_id=table_id, connected=False, layout=_ITABLES_LAYOUT,
                                   language=_ITABLES_TAAL, lengthMenu=[25, 50, 100, -1], pageLength=25,
                                   classes="display compact", allow_html=html_kolommen, showIndex=False)))


# ------------------------------------------------------------ source fragments
def fragment_html(bestand: str, regel: int, gedrukt: str, context: int = 3) -> str:
    """The cited line with a few lines around it; the stated figure is highlighted on its line."""
    import html

    from rekenboek.inputs.sources import BronnenOntbreken, fragment

    try:
        regels = fragment(bestand, regel, context)
    except BronnenOntbreken:
        return f"<p><em>Bronbestand {html.escape(bestand)} niet beschikbaar bij het bouwen.</em></p>"
    uit = []
    for n, tekst in regels:
        t = html.escape(tekst.rstrip())
        if n == regel and gedrukt:
            g = html.escape(gedrukt)
            t = t.replace(g, f"<mark>{g}</mark>", 1)
        klasse = ' class="rekenboek-regel-gesteld"' if n == regel else ""
        uit.append(f'<span{klasse}><span class="rekenboek-regelnr">{n:>5}</span>  {t}</span>')
    return '<pre class="rekenboek-fragment">' + "\n".join(uit) + "</pre>"
