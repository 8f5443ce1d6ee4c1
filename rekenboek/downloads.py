"""Downloads for Excel and for machines: one writer for every file a reader can take away.

- :func:`schrijf_xlsx`: a workbook with numeric cells, Dutch number formats, a frozen header, an autofilter,
  column widths from the content and, optionally, a sheet that explains the columns. The file is
  deterministic: fixed document properties and fixed zip entry times, so the same table gives the same bytes.
- :func:`schrijf_csv_nl`: a CSV for Dutch Excel: UTF-8 with BOM, ``;`` between fields, a decimal comma, plain
  numbers (no thousands separator, no currency sign; the unit is in the column header).
- :func:`schrijf_csv_machine`: the same table for programs: UTF-8 without BOM, ``,`` between fields, a decimal
  point, exact values (the register's machine CSV; a workbook bundle with ``machine=True`` adds one per sheet).
- :func:`getallen`: the numbers behind a table of Dutch display strings (``€ −893.941``, ``344,55 fte``,
  ``1,15 %``, ``8,5 mln``), exactly, each with the Excel format that prints it the way the book does.
- :func:`downloadlinks` and :func:`bundel`: the links under a table in the book and the table's data, which
  travels in the executed notebook (MIME type :data:`MIME`) until publication writes the files
  (:func:`schrijf_bundel`) next to the page. Executing a page therefore writes no files of its own.

Excel number formats are stored in the file in the neutral notation (``#,##0.00``); Excel and LibreOffice
show them with the reader's separators, on a Dutch system ``1.234,56``.
"""
from __future__ import annotations

import csv
import io
from html import escape as html_escape
import math
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

__all__ = ["MIME", "Getal", "Tekst", "getal", "lees_getal", "getallen", "schrijf_csv_nl", "schrijf_csv_machine", "schrijf_xlsx", "bestandsnaam", "tabeldeel",
           "downloadlinks", "bundel", "werkboekbundel", "werkboeklinks", "bestanden", "schrijf_bundel", "VAST_TIJDSTIP"]

#: the MIME type under which a shown table's data travels in the executed notebook
MIME = "application/vnd.rekenboek.download+json"

#: the time every workbook claims (document properties and zip entries): builds give identical bytes
VAST_TIJDSTIP = datetime(2000, 1, 1)


# ------------------------------------------------------------------ display strings -> numbers
@dataclass(frozen=True)
class Getal:
    """A number as a table printed it: exact value, the Excel format that prints it the same way, and its
    unit (``€``, ``%``, ``fte`` or ``""``) for the CSV column header."""

    waarde: Decimal
    formaat: str
    eenheid: str = ""


_SPATIES = dict.fromkeys(map(ord, "\u00a0\u202f\u2009\u2007"), " ")
_GETAL = re.compile(
    r"^(?P<euro1>€\s*)?(?P<teken>[-+])?\s*(?P<euro2>€\s*)?"
    r"(?P<getal>(?:0|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d*)(?:,(?P<dec>\d+))?)"
    r"\s*(?P<eenheid>%|fte|mln|miljoen)?$")
LEEG = {"", "—", "–", "-", "n.v.t."}


def _opmaak(decimalen: int, gegroepeerd: bool) -> str:
    kern = ("#,##0" if gegroepeerd else "0") + ("." + "0" * decimalen if decimalen else "")
    return kern


def lees_getal(tekst: str) -> Getal | None:
    """One Dutch display string -> :class:`Getal`, or None when it is not a number the book prints
    (text, a source reference ``004:715``, a date, a number with a leading zero such as ``001``)."""
    t = tekst.translate(_SPATIES).replace("\u2212", "-").strip()
    m = _GETAL.match(t)
    if not m:
        return None
    euro = bool(m.group("euro1") or m.group("euro2"))
    waarde = Decimal(m.group("getal").replace(".", "").replace(",", "."))
    if m.group("teken") == "-":
        waarde = -waarde
    dec = len(m.group("dec") or "")
    # printed without grouping at four digits or more (a year, a number): no grouping in Excel either
    gegroepeerd = "." in m.group("getal") or euro or abs(waarde) < 1000
    eenheid = m.group("eenheid") or ""
    if eenheid in ("mln", "miljoen"):
        # 8,5 mln: the value in euros (or units), shown in millions as printed
        waarde = waarde * 1_000_000
        kern = f'#,##0{"." + "0" * dec if dec else ""},,"\u00a0mln"'
        return Getal(waarde, (f'"€\u00a0"{kern};"€\u00a0"-{kern}' if euro else f"{kern};-{kern}"), "€" if euro else "")
    kern = _opmaak(dec, gegroepeerd)
    if euro:
        return Getal(waarde, f'"€\u00a0"{kern};"€\u00a0"-{kern}', "€")
    if eenheid == "%":
        return Getal(waarde, f'{kern}"\u00a0%"', "%")
    if eenheid == "fte":
        return Getal(waarde, f'{kern}"\u00a0fte"', "fte")
    return Getal(waarde, kern, "")


class Tekst(str):
    """Text that stays text in a download, even when it looks like a number (a label "11", an id "001")."""


def _als_getal(v) -> Getal | str | None:
    """A cell of a display table or a model table -> Getal, text, or None (empty)."""
    if isinstance(v, (Getal, Tekst)):
        return v
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, Decimal, float)) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") in "iuf"):
        d = Decimal(str(v)) if not isinstance(v, Decimal) else v
        if not d.is_finite():
            return None
        dec = max(0, -d.normalize().as_tuple().exponent) if d != d.to_integral_value() else 0
        return Getal(d, _opmaak(min(dec, 6), abs(d) >= 10000 or dec > 0), "")
    tekst = str(v)
    if tekst.strip() in LEEG:
        return None
    g = lees_getal(tekst)
    return g if g is not None else Tekst(tekst)   # read once: a second pass leaves it as it is


def getallen(tabel: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table with every cell a :class:`Getal`, text or None, and per column the unit its numbers share
    (``€``, ``%``, ``fte``; "" when none or mixed)."""
    uit = tabel.copy().astype(object)
    eenheden = {}
    for i, kolom in enumerate(tabel.columns):
        cellen = [_als_getal(v) for v in tabel.iloc[:, i]]
        uit.isetitem(i, pd.Series(cellen, index=tabel.index, dtype=object))
        soorten = {c.eenheid for c in cellen if isinstance(c, Getal)}
        eenheden[str(kolom)] = soorten.pop() if len(soorten) == 1 else ""
    uit.columns = [str(k) for k in tabel.columns]
    return uit, eenheden


#: the register's unit codes -> (unit shown, decimals at most)
_EENHEDEN = {"EUR": ("€", 2), "pct": ("%", 2), "fte": ("fte", 2), "aantal": ("", 0), "ratio": ("", 4), "jaar": ("", 0)}


def getal(waarde: Decimal | int | float, eenheid: str = "") -> Getal:
    """A machine value with a register unit code (``EUR``, ``pct``, ``fte``, ``aantal``, ...) -> :class:`Getal`
    whose format shows it in Dutch notation with the decimals the value has (cents only when there are)."""
    d = waarde if isinstance(waarde, Decimal) else Decimal(str(waarde))
    teken, hoogstens = _EENHEDEN.get(eenheid, ("", 4))
    dec = 0 if d == d.to_integral_value() else min(max(0, -d.normalize().as_tuple().exponent), hoogstens)
    if teken == "€" and dec:
        dec = 2
    kern = _opmaak(dec, eenheid != "jaar")
    if teken == "€":
        return Getal(d, f'"€\u00a0"{kern};"€\u00a0"-{kern}', "€")
    if teken:
        return Getal(d, f'{kern}"\u00a0{teken}"', teken)
    return Getal(d, kern, "")


# ------------------------------------------------------------------ CSV for Dutch Excel
def _csv_cel(c) -> str:
    if c is None:
        return ""
    if isinstance(c, Getal):
        c = c.waarde
    if isinstance(c, Decimal):
        return format(c, "f").replace(".", ",")      # the printed precision: -5,00 stays -5,00
    return str(c)


def schrijf_csv_nl(tabel: pd.DataFrame, pad: Path) -> Path:
    """The table as CSV for Dutch Excel: UTF-8 with BOM, ``;``-separated, decimal comma, plain numbers.

    Display strings are read back into numbers (:func:`getallen`); a column whose numbers share a unit
    says it in its header (``Bedrag (€)``)."""
    waarden, eenheden = getallen(tabel)
    kop = [f"{k} ({eenheden[k]})" if eenheden[k] and f"({eenheden[k]})" not in k else k for k in waarden.columns]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(kop)
    for rij in waarden.itertuples(index=False):
        w.writerow([_csv_cel(c) for c in rij])
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_bytes(buf.getvalue().encode("utf-8-sig"))
    return pad


def schrijf_csv_machine(tabel: pd.DataFrame, pad: Path) -> Path:
    """The table as CSV for programs: UTF-8 (no BOM), ``,``-separated, decimal point, exact plain numbers
    (no grouping, no exponent, no unit), the column names as they are."""
    waarden, _ = getallen(tabel)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(waarden.columns))
    for rij in waarden.itertuples(index=False):
        w.writerow(["" if c is None else (_plain(c.waarde) if isinstance(c, Getal) else str(c)) for c in rij])
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_bytes(buf.getvalue().encode("utf-8"))
    return pad


def _plain(d: Decimal) -> str:
    s = format(d, "f")
    return "0" if s in ("-0", "0") else s


# ------------------------------------------------------------------ Excel
def _excel_waarde(d: Decimal):
    """Excel keeps 15 significant digits: an integral value as int (exact up to 15 digits), otherwise the
    value at 15 significant digits, so that the file holds what Excel shows."""
    if d == d.to_integral_value() and abs(d) < 10**15:
        return int(d)
    return float(format(d, ".15g"))


def _blad(ws, tabel: pd.DataFrame) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    waarden, _ = getallen(tabel)
    vet = Font(bold=True)
    ws.append(list(waarden.columns))
    for cel in ws[1]:
        cel.font = vet
        cel.alignment = Alignment(wrap_text=True, vertical="top")
    breedtes = [len(str(k)) for k in waarden.columns]
    for r, rij in enumerate(waarden.itertuples(index=False), start=2):
        for k, c in enumerate(rij, start=1):
            cel = ws.cell(row=r, column=k)
            if isinstance(c, Getal):
                cel.value = _excel_waarde(c.waarde)
                cel.number_format = c.formaat
                lengte = len(str(tabel.iat[r - 2, k - 1])) if isinstance(tabel.iat[r - 2, k - 1], str) else len(f"{c.waarde:,}") + 2
            elif c is not None:
                cel.value = str(c)
                lengte = max((len(d) for d in str(c).splitlines()), default=0)
                if lengte > 60:
                    cel.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                lengte = 0
            breedtes[k - 1] = max(breedtes[k - 1], lengte)
    for k, b in enumerate(breedtes, start=1):
        ws.column_dimensions[get_column_letter(k)].width = min(max(b + 2, 8), 62)
    ws.freeze_panes = "A2"
    if ws.max_column and len(waarden.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(waarden.columns))}{max(ws.max_row, 1)}"


def _bladnaam(naam: str, gebruikt: set[str]) -> str:
    basis = re.sub(r"[\[\]:*?/\\]", "-", str(naam)).strip("'")[:31] or "blad"
    kandidaat, n = basis, 2
    while kandidaat.lower() in gebruikt:
        kandidaat = f"{basis[:28]}-{n}"
        n += 1
    gebruikt.add(kandidaat.lower())
    return kandidaat


def _vast(inhoud: bytes) -> bytes:
    """Rewrite a workbook's zip with fixed entry times and fixed document dates: the same content, the
    same bytes, whenever and wherever it is written."""
    stempel = VAST_TIJDSTIP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(inhoud)) as zin, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as zuit:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stempel + rb"\g<2>", data)
            vast = zipfile.ZipInfo(info.filename, date_time=VAST_TIJDSTIP.timetuple()[:6])
            vast.compress_type = zipfile.ZIP_DEFLATED
            vast.external_attr = 0o644 << 16
            zuit.writestr(vast, data)
    return uit.getvalue()


def schrijf_xlsx(bladen: dict[str, pd.DataFrame], pad: Path, uitleg: dict[str, str] | None = None,
                 titel: str = "") -> Path:
    """A workbook with one sheet per table (numeric cells in Dutch formats, frozen header, autofilter,
    widths from the content) and, with ``uitleg``, a sheet "Toelichting" that explains the columns
    (column -> meaning). Deterministic bytes; written atomically."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    gebruikt: set[str] = set()
    for naam, tabel in bladen.items():
        _blad(wb.create_sheet(_bladnaam(naam, gebruikt)), tabel)
    if uitleg:
        rijen = pd.DataFrame({"Kolom": list(uitleg), "Betekenis": list(uitleg.values())})
        _blad(wb.create_sheet(_bladnaam("Toelichting", gebruikt)), rijen)
    wb.properties.creator = "Rekenboek sociaal domein"
    wb.properties.title = titel or None
    wb.properties.created = VAST_TIJDSTIP
    buf = io.BytesIO()
    wb.save(buf)
    pad.parent.mkdir(parents=True, exist_ok=True)
    tmp = pad.with_name(f".{pad.name}.tmp")
    tmp.write_bytes(_vast(buf.getvalue()))
    tmp.replace(pad)
    return pad


# ------------------------------------------------------------------ names, links and the notebook payload
def bestandsnaam(*delen) -> str:
    """``("Maastricht", 2021, "tabel-17")`` -> ``maastricht-2021-tabel-17``: lower case, ASCII, hyphens."""
    import unicodedata

    tekst = "-".join(str(d) for d in delen if d not in (None, ""))
    tekst = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", tekst).strip("-")[:120].rstrip("-") or "tabel"


def tabeldeel(titel: str, lengte: int = 48) -> str:
    """The part of a file name that says which table: ``tabel-17`` for "Tabel 17: Begrotingseffect …",
    otherwise the title's first words up to ``lengte`` characters."""
    m = re.search(r"\b(tabel|bijlage)\s+(\d+[a-z]?)\b", titel, flags=re.IGNORECASE)
    if m:
        return bestandsnaam(m.group(1), m.group(2))
    slug = bestandsnaam(titel)
    if len(slug) > lengte:
        slug = slug[:lengte].rsplit("-", 1)[0]
    return slug


def downloadlinks(naam: str, tekst: str = "Download deze tabel") -> str:
    """The links under a table: the workbook and the CSV, side by side with the page."""
    return (f'<p class="rekenboek-download">{tekst}: <a href="{naam}.xlsx" download>Excel (.xlsx)</a> · '
            f'<a href="{naam}.csv" download>CSV (;, decimale komma)</a></p>')


def _json_cel(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float, Decimal)) or hasattr(v, "item"):
        g = _als_getal(v)
        return {"getal": str(g.waarde)} if isinstance(g, Getal) else None
    return str(v)


def bundel(tabel: pd.DataFrame, naam: str, titel: str = "") -> dict:
    """The table's data for the executed notebook: publication turns it into ``naam.xlsx`` and ``naam.csv``."""
    return {"naam": naam, "titel": titel, "kolommen": [str(k) for k in tabel.columns],
            "rijen": [[_json_cel(v) for v in rij] for rij in tabel.itertuples(index=False)]}


def werkboekbundel(bladen: dict[str, pd.DataFrame], naam: str, titel: str = "",
                   uitleg: dict[str, str] | None = None, machine: bool = False) -> dict:
    """Several tables for one workbook (a model's inputs and outputs): ``naam.xlsx`` with a sheet per table
    and the explanation, and ``naam-{sheet}.csv`` per table; with ``machine`` also ``naam-{sheet}-machine.csv``
    (:func:`schrijf_csv_machine`)."""
    b = {"naam": naam, "titel": titel, "uitleg": dict(uitleg or {}),
         "bladen": {b: bundel(t, bestandsnaam(naam, b), b) for b, t in bladen.items()}}
    if machine:
        b["machine"] = True
    return b


def werkboeklinks(b: dict) -> str:
    """The links under a model: the workbook and each sheet as CSV."""
    csv_ = " · ".join(f'<a href="{d["naam"]}.csv" download>{html_escape(blad)} (CSV)</a>'
                      + (f' · <a href="{d["naam"]}-machine.csv" download>{html_escape(blad)} (CSV voor programma\'s: '
                         f'komma tussen velden, decimale punt)</a>' if b.get("machine") else "")
                      for blad, d in b["bladen"].items())
    return (f'<p class="rekenboek-download">Download {html_escape(b["titel"] or "het model")}: '
            f'<a href="{b["naam"]}.xlsx" download>Excel (.xlsx, alle bladen met toelichting)</a> · {csv_}</p>')


_SOORT = {"€": "bedrag in euro", "%": "percentage (1,15 is 1,15 %)", "fte": "formatie in fte"}


def kolomuitleg(tabel: pd.DataFrame) -> dict[str, str]:
    """What each column of a shown table holds, for the sheet "Toelichting" of its workbook."""
    waarden, eenheden = getallen(tabel)
    uitleg = {}
    for k in waarden.columns:
        getal_ = any(isinstance(c, Getal) for c in waarden[k])
        tekst = any(isinstance(c, str) for c in waarden[k])
        soort = _SOORT.get(eenheden[k], "getal") if getal_ else "tekst"
        uitleg[k] = soort + (" (of tekst waar het boek geen getal drukt)" if getal_ and tekst else "")
    return uitleg


def _uit_bundel(b: dict) -> pd.DataFrame:
    rijen = [[Decimal(c["getal"]) if isinstance(c, dict) else c for c in rij] for rij in b["rijen"]]
    return pd.DataFrame(rijen, columns=b["kolommen"], dtype=object)


def bestanden(b: dict) -> list[str]:
    """The file names a bundle becomes."""
    if "bladen" in b:
        return ([f"{b['naam']}.xlsx"] + [f"{d['naam']}.csv" for d in b["bladen"].values()]
                + [f"{d['naam']}-machine.csv" for d in b["bladen"].values() if b.get("machine")])
    return [f"{b['naam']}.xlsx", f"{b['naam']}.csv"]


def schrijf_bundel(b: dict, map_: Path) -> list[Path]:
    """Write a table carried by :func:`bundel` as ``naam.xlsx`` and ``naam.csv`` into ``map_`` (a workbook
    bundle of :func:`werkboekbundel`: one workbook and a CSV per sheet)."""
    for n in [b.get("naam", "")] + [d.get("naam", "") for d in b.get("bladen", {}).values()]:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", n):
            raise ValueError(f"ongeldige naam voor een download: {n!r}")
    if "bladen" in b:
        tabellen = {blad: getallen(_uit_bundel(d))[0] for blad, d in b["bladen"].items()}
        uit = [schrijf_xlsx(tabellen, map_ / f"{b['naam']}.xlsx", uitleg=b.get("uitleg") or None,
                            titel=b.get("titel", ""))]
        uit += [schrijf_csv_nl(t, map_ / f"{b['bladen'][blad]['naam']}.csv") for blad, t in tabellen.items()]
        if b.get("machine"):
            uit += [schrijf_csv_machine(t, map_ / f"{b['bladen'][blad]['naam']}-machine.csv") for blad, t in tabellen.items()]
        return uit
    tabel, _ = getallen(_uit_bundel(b))          # read the display strings once for both files
    uitleg = {"(tabel)": b.get("titel") or b["naam"], **kolomuitleg(tabel)}
    return [schrijf_xlsx({"tabel": tabel}, map_ / f"{b['naam']}.xlsx", uitleg=uitleg, titel=b.get("titel", "")),
            schrijf_csv_nl(tabel, map_ / f"{b['naam']}.csv")]


def lees_decimaal(tekst: str) -> Decimal | None:
    """A machine number (``-9900000``, ``346.15``) -> Decimal, or None when the text is not one."""
    try:
        d = Decimal(tekst)
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None
