"""The one CSV reader of ``data/`` and the pandera building blocks every register shares.

Every CSV under ``data/`` (and the analysts' KPI realisations) is read by :func:`lees_csv`:
strict structure first (encoding, quoting, as many fields in every row as in the header,
no duplicate or missing or extra columns, no stray whitespace around a value), then the
column rules of a pandera schema in which every column is a string, checked by pattern or
vocabulary. Every violation becomes an :class:`InvoerFout` naming file, row and field in
Dutch; all violations of a file are collected before raising. Row numbers count data rows
from 1 (the header is not a row); where a message needs it, it also gives the file line.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from rekenboek.errors import InvoerFout, InvoerFouten
from rekenboek.paths import data_dir
from rekenboek.reads import gelezen

#: number patterns shared by every register (no sign where none can be, no grouping, no exponent, no nan/inf)
GEHEEL = r"^\d+$"
POSITIEF = r"^[1-9]\d*$"
DECIMAAL = r"^-?\d+(\.\d+)?$"
NIET_NEGATIEF = r"^\d+(\.\d+)?$"
JAARTAL = r"^\d{4}$"
ISO_DATUM = r"^\d{4}(-\d{2}(-\d{2})?)?$"

#: what a pattern expects, in Dutch
UITLEG = {
    GEHEEL: "een geheel getal (alleen cijfers)",
    POSITIEF: "een positief geheel getal (alleen cijfers, niet 0)",
    DECIMAAL: "een getal (punt als decimaalteken, geen groepering, geen e-notatie, geen nan of inf)",
    NIET_NEGATIEF: "een getal van nul of meer (punt als decimaalteken, geen groepering, geen e-notatie)",
    JAARTAL: "een jaartal (vier cijfers)",
    ISO_DATUM: "een datum in de vorm JJJJ, JJJJ-MM of JJJJ-MM-DD",
}

# a byte that is not UTF-8, kept by the 'surrogateescape' decoder so its row and field can be named
_GEEN_UTF8 = re.compile("[\udc80-\udcff]")
# a carriage return not followed by a line feed (an edit that broke a CRLF line): kept inside its line as
# this private-use character, so the row it is in is reported, not a phantom row after it
_LOS_CR = "\ue00d"


def _verwacht(regex: str, uitleg: str | None) -> str:
    return uitleg or UITLEG.get(regex) or f"een waarde die past bij {regex}"


def patroon(regex: str, uitleg: str | None = None) -> pa.Check:
    """Matching ``regex``; the error says in Dutch what was expected (``uitleg``: 'een ...')."""
    return pa.Check.str_matches(regex, error=f"verwacht {_verwacht(regex, uitleg)}")


def optioneel(regex: str, uitleg: str | None = None) -> pa.Check:
    """Empty, or matching ``regex``."""
    return pa.Check.str_matches(f"^$|{regex[1:]}" if regex.startswith("^") else regex,
                                error=f"verwacht leeg of {_verwacht(regex, uitleg)}")


def verplicht() -> pa.Check:
    """Not empty (whitespace counts as empty)."""
    return pa.Check(lambda s: s.str.strip() != "", error="mag niet leeg zijn")


def een_van(waarden: Iterable[str], leeg_mag: bool = False) -> pa.Check:
    """One of ``waarden`` (or empty when ``leeg_mag``); the error lists the allowed values."""
    toegestaan = set(waarden) | ({""} if leeg_mag else set())
    return pa.Check(lambda s: s.isin(toegestaan), error=f"moet een van {sorted(toegestaan)} zijn")


def tekstschema(kolommen: dict[str, list[pa.Check]]) -> pa.DataFrameSchema:
    """A strict schema of string columns: no column missing, none extra."""
    return pa.DataFrameSchema({k: pa.Column(str, checks=v) for k, v in kolommen.items()}, strict=True, ordered=False)


def rel(pad: Path) -> str:
    """A data path as messages give it: relative to the repository (``data/...``) when it lies in the data tree."""
    pad = Path(pad)
    try:        # the directory resolved, not the file: a dangling symlink is named where it lies
        return str((pad.parent.resolve() / pad.name).relative_to(data_dir().parent))
    except ValueError:
        return str(pad)


def lees_csv(pad: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Read a CSV as strings, check its structure and validate it; errors name file, row and field."""
    naam = rel(pad)
    pad = Path(pad)
    gelezen(pad)
    if pad.is_dir():
        raise InvoerFout(naam, None, None, "is een map, geen CSV-bestand")
    if not pad.is_file():
        raise InvoerFout(naam, None, None, "bestand ontbreekt")
    try:
        tekst = pad.read_bytes().decode("utf-8", errors="surrogateescape")
    except OSError as exc:
        raise InvoerFout(naam, None, None, f"niet te lezen: {exc.strerror or exc}") from None
    kop, rijen = _structuur(naam, tekst.removeprefix("\ufeff"))
    df = pd.DataFrame([r for _, r in rijen], columns=kop, dtype=str) if rijen else pd.DataFrame(columns=kop, dtype=str)
    ontbrekend = [k for k in schema.columns if k not in kop]
    extra = [k for k in kop if k not in schema.columns]
    if ontbrekend or extra:
        fouten = [InvoerFout(naam, None, k, "kolom ontbreekt") for k in ontbrekend]
        fouten += [InvoerFout(naam, None, k, "onbekende kolom") for k in extra]
        raise InvoerFouten(fouten)
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fouten = []
        for _, fc in exc.failure_cases.iterrows():
            idx = fc["index"]
            rij = int(idx) + 1 if pd.notna(idx) else None
            fouten.append(InvoerFout(naam, rij, fc["column"], f"waarde {fc['failure_case']!r} voldoet niet: {fc['check']}"))
        fouten.sort(key=lambda f: (f.rij or 0, f.veld or ""))
        raise InvoerFouten(fouten) from None
    return df


def _structuur(naam: str, tekst: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and data rows ((file line, fields)) of a CSV text; every structural fault is an InvoerFout."""
    if not tekst.strip():
        raise InvoerFout(naam, None, None, "het bestand is leeg (geen kopregel)")
    if "\x00" in tekst:
        regel = tekst.count("\n", 0, tekst.index("\x00")) + 1
        raise InvoerFout(naam, None, None, f"bevat een NUL-teken op regel {regel} van het bestand: geen tekstbestand, of beschadigd")
    tekst = re.sub("\r(?!\n)", _LOS_CR, tekst)
    lezer = csv.reader(io.StringIO(tekst, newline=""), strict=True)
    fouten: list[InvoerFout] = []
    rijen: list[tuple[int, list[str]]] = []
    kop: list[str] | None = None
    while True:
        begin = lezer.line_num + 1
        try:
            velden = next(lezer)
        except StopIteration:
            break
        except csv.Error as exc:
            fouten.append(InvoerFout(naam, len(rijen) + 1 if kop else None, None,
                                     f"geen geldige CSV vanaf regel {begin} van het bestand ({_csv_fout(exc)})"))
            break
        if not velden:
            continue                                    # a blank line is no record
        if kop is None:
            kop = velden
            continue
        rijen.append((begin, velden))
    if kop is None:
        raise InvoerFouten(fouten) if fouten else InvoerFout(naam, None, None, "het bestand is leeg (geen kopregel)")
    for k in kop:
        if _GEEN_UTF8.search(k):
            raise InvoerFout(naam, None, None, "de kopregel is geen UTF-8 (Latin-1/Windows-1252?); sla het bestand op als UTF-8")
        if k != k.strip():
            fouten.append(InvoerFout(naam, None, k.strip(), f"kolomnaam {k!r} heeft spaties aan begin of eind"))
    for k in sorted({k for k in kop if kop.count(k) > 1}):
        fouten.append(InvoerFout(naam, None, k, "kolom komt dubbel voor in de kopregel"))
    for i, (regel, velden) in enumerate(rijen, start=1):
        if len(velden) > len(kop):
            fouten.append(InvoerFout(naam, i, None, f"regel {regel} van het bestand heeft {len(velden)} velden, de kopregel "
                                                    f"{len(kop)}: een komma te veel of een waarde zonder aanhalingstekens?"))
            continue
        if len(velden) < len(kop):
            fouten.append(InvoerFout(naam, i, kop[len(velden)],
                                     f"de rij is afgebroken: regel {regel} van het bestand heeft {len(velden)} van de "
                                     f"{len(kop)} velden; vanaf '{kop[len(velden)]}' ontbreken ze"))
            continue
        for k, v in zip(kop, velden):
            if _GEEN_UTF8.search(v):
                fouten.append(InvoerFout(naam, i, k, f"{_zichtbaar(v)!r} bevat tekens die geen UTF-8 zijn "
                                                     "(Latin-1/Windows-1252?); sla het bestand op als UTF-8"))
            elif _LOS_CR in v:
                fouten.append(InvoerFout(naam, i, k, "bevat een los regeleinde (CR zonder LF) midden in de regel; "
                                                     "sla het bestand op met gewone regeleinden"))
            elif v != v.strip():
                fouten.append(InvoerFout(naam, i, k, f"waarde {v!r} heeft spaties of een regeleinde aan begin of eind"))
    if fouten:
        raise InvoerFouten(fouten)
    return kop, rijen


def _csv_fout(exc: csv.Error) -> str:
    tekst = str(exc)
    if "unexpected end of data" in tekst:
        return "het bestand eindigt midden in een veld tussen aanhalingstekens: afgebroken?"
    return f"aanhalingstekens kloppen niet: {tekst}"


def _zichtbaar(v: str) -> str:
    """A value with its undecodable bytes shown as \\xNN."""
    return _GEEN_UTF8.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", v)
