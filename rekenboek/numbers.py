"""Printed figures: parsing Dutch notation exactly, their precision, and Dutch display.

A figure is transcribed as printed (``tekst``) with the value the context supports
(``waarde``) and a ``notatie`` that says how the one follows from the other:

- ``nl``: Dutch notation (``1.234,56``; point groups thousands, comma is decimal);
- ``punt``: a decimal point printed where a comma belongs (``6.51`` for 6,51);
- ``woord``: a number written as a word (``een extra fte``);
- ``afwijkend``: a figure whose separators are misplaced (``€ 2.415,557``); the value is
  the one the context supports, its digits must be the printed digits, and a note
  must say why;
- ``pm``: pro memorie, no amount;
- ``datum``, ``jaar``, ``label``: a date, a year or a text label (an appendix number).

``precisie`` is the unit of the last printed digit, times the record's factor
(``€ 1,4 mln`` has precision 0,1 mln = 100.000); half of it is the rounding
uncertainty a printed figure carries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
import calendar

from babel.numbers import format_decimal

NOTATIES = ("nl", "punt", "woord", "afwijkend", "pm", "datum", "jaar", "label")
NUMERIEK = ("nl", "punt", "woord", "afwijkend")

# the sign may stand before or after the euro sign: '-€ 5', '€ -920.760'
_NL = re.compile(r"^(?P<sign>[-−–])?\s*(?:€\s*)?(?P<sign2>[-−–])?\s*(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d+))?\s*%?$")
_PUNT = re.compile(r"^(?P<sign>[-−–])?\s*(?:€\s*)?(?P<sign2>[-−–])?\s*(?P<int>\d+)\.(?P<dec>\d+)\s*%?$")
_WOORDEN = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10}
_SCHAALWOORDEN = re.compile(r"\s*(miljoen|mln\.?|mld|miljard|duizend)\s*$", re.IGNORECASE)
_MAANDEN = {m: i for i, m in enumerate(["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                        "september", "oktober", "november", "december"], start=1)}


class ParseFout(ValueError):
    pass


@dataclass(frozen=True)
class Gedrukt:
    """The number a printed text stands for, and the unit of its last digit."""

    waarde: Decimal
    precisie: Decimal


def parse_getal(tekst: str, notatie: str, factor: Decimal = Decimal(1)) -> Gedrukt:
    """Parse a printed number exactly; raise ParseFout when it is not of the notation."""
    kern = _SCHAALWOORDEN.sub("", tekst.strip())
    if notatie == "woord":
        for woord in kern.lower().split():
            if woord in _WOORDEN:
                return Gedrukt(Decimal(_WOORDEN[woord]) * factor, factor)
        raise ParseFout(f"geen getal in woorden gevonden in {tekst!r}")
    if notatie == "afwijkend":
        raise ParseFout("notatie 'afwijkend' heeft geen vaste leesregel; gebruik cijfers_gelijk()")
    patroon = {"nl": _NL, "punt": _PUNT}.get(notatie)
    if patroon is None:
        raise ParseFout(f"notatie {notatie!r} is geen getalnotatie")
    m = patroon.match(kern)
    if not m:
        raise ParseFout(f"{tekst!r} is geen getal in notatie {notatie!r}")
    heel = m["int"].replace(".", "") if notatie == "nl" else m["int"]
    dec = m["dec"] or ""
    try:
        waarde = Decimal(f"{heel}.{dec}" if dec else heel)
    except InvalidOperation as exc:  # pragma: no cover - the regex guarantees digits
        raise ParseFout(str(exc)) from exc
    if m["sign"] and m["sign2"]:
        raise ParseFout(f"{tekst!r} heeft twee mintekens")
    if m["sign"] or m["sign2"]:
        waarde = -waarde
    precisie = Decimal(1).scaleb(-len(dec)) * factor
    return Gedrukt(waarde * factor, precisie)


def cijfers_gelijk(tekst: str, waarde: Decimal, factor: Decimal = Decimal(1)) -> bool:
    """For notation 'afwijkend': the printed digits are the digits of the value (separators aside)."""
    gedrukt = re.sub(r"\D", "", _SCHAALWOORDEN.sub("", tekst))
    eigen = re.sub(r"\D", "", format(abs(waarde / factor).normalize(), "f"))
    return bool(gedrukt) and gedrukt.lstrip("0").rstrip("0") == eigen.lstrip("0").rstrip("0")


@dataclass(frozen=True)
class Datum:
    """A printed date with its precision: a day, a month or a whole year."""

    begin: date
    eind: date
    iso: str

    def __str__(self) -> str:
        return self.iso


def datum_uit_iso(iso: str) -> Datum:
    """``2016``, ``2016-10`` or ``2016-10-01`` as a span of days."""
    delen = iso.split("-")
    try:
        nums = [int(d) for d in delen]
        if len(nums) == 1:
            return Datum(date(nums[0], 1, 1), date(nums[0], 12, 31), iso)
        if len(nums) == 2:
            y, m = nums
            return Datum(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), iso)
        if len(nums) == 3:
            d = date(*nums)
            return Datum(d, d, iso)
    except ValueError as exc:
        raise ParseFout(f"{iso!r} is geen geldige datum (JJJJ, JJJJ-MM of JJJJ-MM-DD)") from exc
    raise ParseFout(f"{iso!r} is geen geldige datum (JJJJ, JJJJ-MM of JJJJ-MM-DD)")


def parse_datum(tekst: str) -> Datum:
    """Dutch printed dates: ``1-1-2016``, ``29-01-2018``, ``1 januari 2017``, ``juli 2017``."""
    t = tekst.strip().lower()
    if m := re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", t):
        d, mnd, y = (int(x) for x in m.groups())
        return datum_uit_iso(f"{y:04d}-{mnd:02d}-{d:02d}")
    if m := re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", t):
        if m[2] in _MAANDEN:
            return datum_uit_iso(f"{int(m[3]):04d}-{_MAANDEN[m[2]]:02d}-{int(m[1]):02d}")
    if m := re.fullmatch(r"([a-z]+) (\d{4})", t):
        if m[1] in _MAANDEN:
            return datum_uit_iso(f"{int(m[2]):04d}-{_MAANDEN[m[1]]:02d}")
    raise ParseFout(f"{tekst!r} is geen datum in een bekende Nederlandse notatie")


def parse_jaar(tekst: str) -> int:
    jaren = re.findall(r"(?<!\d)(\d{4})(?!\d)", tekst)
    if len(jaren) != 1:
        raise ParseFout(f"{tekst!r} bevat niet precies één jaartal")
    return int(jaren[0])


# ---------------------------------------------------------------- display
# The one Dutch notation of the book. Every page, card, table, chart label and explanation formats a
# number through these functions: "€ 1.234.567" (a non-breaking space after the euro sign), "344,55 fte",
# "1,15 %" (a non-breaking space before the percent sign), the minus sign U+2212, dates as "1-1-2016"
# or written out. Display rounds half up; a verdict never depends on display.
NBSP = "\u00a0"
MIN = "\u2212"

#: how a unit code of the register is written after a number ("" = a bare number)
EENHEID_NA = {"EUR": "", "pct": "%", "fte": "fte", "aantal": "", "jaar": "", "datum": "", "label": "", "ratio": "",
              "score": "", "uur": "uur", "dag": "dagen", "week": "weken", "maand": "maanden", "jaren": "jaar"}
#: a unit code as a column header or table cell: "€" and "%", never "EUR" or "pct"
EENHEID_KOP = {"EUR": "€", "pct": "%", "fte": "fte", "aantal": "aantal", "jaar": "jaar", "datum": "datum",
               "label": "label", "ratio": "verhouding", "score": "score", "uur": "uur", "dag": "dagen",
               "week": "weken", "maand": "maanden", "jaren": "jaren"}


def als_decimal(w) -> Decimal | None:
    """A value as Decimal (strings in register notation, ints, Decimals; floats via their repr);
    ``None`` for empty, NaN or non-numeric values."""
    if w is None or isinstance(w, bool):
        return None
    if isinstance(w, Decimal):
        return None if w.is_nan() else w
    if isinstance(w, float) and w != w:
        return None
    tekst = str(w).strip().replace(MIN, "-")
    if not tekst:
        return None
    try:
        d = Decimal(tekst)
    except (InvalidOperation, ValueError):
        return None
    return None if d.is_nan() or d.is_infinite() else d


def decimalen_van(w) -> int:
    """The number of decimals a value is written with (``"346.15"`` -> 2, ``"0.00"`` -> 2, ``8500000`` -> 0)."""
    d = als_decimal(w)
    return 0 if d is None else max(0, -d.as_tuple().exponent)


def afgerond(d: Decimal, decimalen: int) -> Decimal:
    """Half up to ``decimalen`` places (display only)."""
    return d.quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)


def nl_getal(d: Decimal | int | float | str | None, decimalen: int | None = None) -> str:
    """Dutch notation via Babel: ``1234.5`` -> ``1.234,5``; ``None`` -> ``onbekend``.

    Without ``decimalen`` the value's own decimals are kept (``Decimal("0.00")`` -> ``0,00``); with it,
    the value is rounded half up. The minus sign is U+2212; ``−0`` is shown as ``0``."""
    if d is None:
        return "onbekend"
    d = d if isinstance(d, Decimal) else als_decimal(d)
    if d is None:
        return "onbekend"
    if decimalen is None:
        decimalen = max(0, -d.as_tuple().exponent)
    d = afgerond(d, decimalen)
    if d == 0:
        d = abs(d)
    patroon = "#,##0" + ("." + "0" * decimalen if decimalen else "")
    tekst = format_decimal(d, format=patroon, locale="nl_NL", decimal_quantization=True)
    return MIN + tekst[1:] if tekst.startswith("-") else tekst


def nl_aantal(n: int) -> str:
    """A count in Dutch notation: 2251 -> ``2.251``."""
    return nl_getal(Decimal(int(n)), 0)


def nl_fte(d: Decimal | None, decimalen: int = 2) -> str:
    """``344,55 fte`` (non-breaking space)."""
    return "onbekend" if d is None else f"{nl_getal(d, decimalen)}{NBSP}fte"


def nl_euro(d: Decimal | None, decimalen: int = 0) -> str:
    """``€ 1.234.567`` (non-breaking space after the euro sign); cents only when asked for."""
    return "onbekend" if d is None else f"€{NBSP}{nl_getal(d, decimalen)}"


def nl_pct(d: Decimal | None, decimalen: int | None = 2) -> str:
    """``1,15 %`` (non-breaking space before the percent sign)."""
    return "onbekend" if d is None else f"{nl_getal(d, decimalen)}{NBSP}%"


def met_eenheid(getal: str, eenheid: str) -> str:
    """A formatted number with its unit: ``€ 1.234``, ``1,15 %``, ``344,55 fte``, ``5.071``."""
    if eenheid == "EUR":
        return f"€{NBSP}{getal}"
    na = EENHEID_NA.get(eenheid, eenheid)
    return f"{getal}{NBSP}{na}" if na else getal


_VOOR_BEDRAG = re.compile(r"€ (?=[−-]?\d)")
_NA_GETAL = re.compile(r"(?<=\d) (?=(?:%|fte|uur)(?!\w))")


def vaste_spaties(tekst: str) -> str:
    """Non-breaking spaces where text written by hand has ordinary ones: ``€ 5`` -> ``€\u00a05``,
    ``5 %`` -> ``5\u00a0%``, ``3 fte`` -> ``3\u00a0fte``, so a sign or unit never wraps away from its number."""
    return _NA_GETAL.sub(NBSP, _VOOR_BEDRAG.sub("€" + NBSP, tekst))


def nl_eenheid(eenheid: str, woord: bool = False) -> str:
    """A unit code as Dutch text for a header or a cell: ``EUR`` -> ``€``, ``pct`` -> ``%``; in running text
    (``woord``) ``euro`` and ``procent``."""
    if woord and eenheid in ("EUR", "pct"):
        return {"EUR": "euro", "pct": "procent"}[eenheid]
    return EENHEID_KOP.get(str(eenheid), str(eenheid))


def standaard_decimalen(d: Decimal, eenheid: str) -> int:
    """Decimals when no precision is known: as written, at most 2 for euros, fte and percentages and 4 otherwise;
    euros show whole euros or cents, never one decimal."""
    exp = max(0, -d.normalize().as_tuple().exponent) if d != 0 else 0
    dec = min(exp, 2 if eenheid in ("EUR", "fte", "pct") else 4)
    return 2 if eenheid == "EUR" and dec == 1 else dec


def nl_waarde(waarde, eenheid: str = "", decimalen: int | None = None) -> str:
    """A value with its unit in Dutch notation; the notation of every register value on every page.

    Numbers get their unit (``€ 1.234.567``, ``344,55 fte``, ``1,15 %``, ``5.071``), at ``decimalen`` or else at
    :func:`standaard_decimalen`; dates (``2016-01-01``) are written ``1-1-2016``; years and labels stay as they are;
    an empty value is ``—``."""
    if waarde is None or (isinstance(waarde, float) and waarde != waarde) or str(waarde).strip() == "":
        return "—"
    if eenheid == "datum" or (isinstance(waarde, str) and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", waarde.strip())):
        try:
            return nl_datum_kort(str(waarde).strip())
        except (ParseFout, KeyError, ValueError):      # not a date after all ("2016-17"): as given
            return str(waarde)
    if eenheid in ("jaar", "label"):
        return str(waarde)
    d = als_decimal(waarde)
    if d is None:
        return str(waarde)
    if decimalen is None:
        decimalen = standaard_decimalen(d, eenheid)
    return met_eenheid(nl_getal(d, decimalen), eenheid)


@dataclass(frozen=True)
class Rij:
    """The four figures of a check in Dutch notation, at the precision of the stated figure."""

    gesteld: str
    herberekend: str
    verschil: str
    tolerantie: str


def nl_controle(gesteld, herberekend, verschil, tolerantie, eenheid: str, gesteld_tekst: str = "") -> Rij:
    """A check's figures at the stated figure's precision: never more digits than the source printed.

    Herberekend and verschil are shown with the stated figure's decimals; the tolerance (half a printed unit,
    plus the components' rounding) with at most one decimal more. A stated date is shown as printed."""
    g = als_decimal(gesteld)
    if eenheid in ("datum", "jaar", "label") or g is None:
        dec = None
        if g is None and eenheid not in ("datum", "jaar", "label"):
            h = als_decimal(herberekend)
            dec = None if h is None else standaard_decimalen(h, eenheid)
        gest = gesteld_tekst.strip() if eenheid == "datum" and gesteld_tekst.strip() else nl_waarde(gesteld, eenheid)
        kaal = "" if eenheid in ("datum", "jaar", "label") else eenheid    # a difference of years is a number
        return Rij(gest, nl_waarde(herberekend, eenheid, dec), nl_waarde(verschil, kaal, dec),
                   nl_waarde(tolerantie, kaal, dec))
    dec = min(decimalen_van(gesteld), 4)
    t = als_decimal(tolerantie)
    tdec = min(max(0, -t.normalize().as_tuple().exponent) if t not in (None, 0) else 0, dec + 1)
    return Rij(nl_waarde(gesteld, eenheid, dec), nl_waarde(herberekend, eenheid, dec),
               nl_waarde(verschil, eenheid, dec), nl_waarde(tolerantie, eenheid, tdec))


def nl_datum_kort(d: Datum | str) -> str:
    """A date as Dutch sources print it: ``2016-01-01`` -> ``1-1-2016``; ``2017-07`` -> ``juli 2017``."""
    iso = d.iso if isinstance(d, Datum) else str(d)
    delen = iso.split("-")
    if len(delen) == 3:
        return f"{int(delen[2])}-{int(delen[1])}-{delen[0]}"
    return nl_datum(datum_uit_iso(iso)) if len(delen) == 2 else iso


def nl_datum(d: Datum | str) -> str:
    """``2017-01-01`` -> ``1 januari 2017``; ``2017-07`` -> ``juli 2017``."""
    maanden = {v: k for k, v in _MAANDEN.items()}
    delen = (d.iso if isinstance(d, Datum) else str(d)).split("-")
    if len(delen) == 3:
        return f"{int(delen[2])} {maanden[int(delen[1])]} {delen[0]}"
    if len(delen) == 2:
        return f"{maanden[int(delen[1])]} {delen[0]}"
    return delen[0]


def plain(d: Decimal | None) -> str:
    """Register notation: ``.`` as decimal point, no grouping, no exponent."""
    if d is None:
        return ""
    s = format(d, "f")
    return "0" if s in ("-0", "0") else s
