"""One parser and validator for model assumption overrides.

Every financial model declares ``AANNAME_PARAMETERS`` (parameter name -> Dutch meaning and
format); those names are the notebook parameters besides ``gemeente`` and ``jaar``. A page
receives the overrides a notebook was run with (``None`` = the document's value) and turns
them into exact values with the functions below, so that every model rejects the same bad
input with the same plain Dutch message (:class:`OngeldigeParameter`, shown without a
traceback in a notebook).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Iterable, Mapping

from rekenboek.errors import OngeldigeParameter


def overrides(aannames: Mapping[str, object] | None, parameters: Mapping[str, str], model: str) -> dict[str, object]:
    """The overrides that were given (``None`` = document value dropped); unknown names are an error.

    ``model`` names the model in the message, e.g. ``"het kostenmodel MLW"``.
    """
    gegeven = {k: v for k, v in (aannames or {}).items() if v is not None}
    onbekend = sorted(set(gegeven) - set(parameters))
    if onbekend:
        raise OngeldigeParameter(f"onbekende aanname(s) voor {model}: {', '.join(onbekend)}. "
                                 f"Bekend: {', '.join(parameters)}.")
    return gegeven


def getal(naam: str, v: object) -> Decimal:
    """An exact finite number; a string may use a decimal comma (``"2,5"``). ``True``/``False`` are not numbers."""
    if isinstance(v, bool):
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is geen getal.")
    try:
        d = Decimal(v.strip().replace(",", ".")) if isinstance(v, str) else Decimal(str(v))
    except (InvalidOperation, ValueError, TypeError):
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is geen getal.") from None
    if not d.is_finite():
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is geen eindig getal.")
    return d


def tussen(naam: str, v: object, laag: Decimal | int, hoog: Decimal | int, *, hoog_mag: bool = True) -> Decimal:
    """A number in ``[laag, hoog]`` (or ``[laag, hoog)`` when ``hoog_mag`` is false)."""
    d = getal(naam, v)
    if not (laag <= d and (d <= hoog if hoog_mag else d < hoog)):
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} ligt niet tussen {laag} en {hoog}.")
    return d


def niet_negatief(naam: str, v: object) -> Decimal:
    d = getal(naam, v)
    if d < 0:
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is negatief; een negatief bedrag of aandeel kan hier niet.")
    return d


def geheel(naam: str, v: object, minimum: int = 0) -> int:
    """A whole number not below ``minimum`` (e.g. a number of years)."""
    d = getal(naam, v)
    if d != d.to_integral_value() or d < minimum:
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is geen geheel getal ≥ {minimum}.")
    return int(d)


def mapping(naam: str, v: object, formaat: str = "") -> dict[str, object]:
    """A mapping (JSON object / dict) with its keys as strings."""
    if not isinstance(v, Mapping):
        raise OngeldigeParameter(f"aanname '{naam}': verwacht een mapping (JSON-object), kreeg {type(v).__name__} {v!r}"
                                 + (f"; formaat: {formaat}" if formaat else "") + ".")
    return {str(k): x for k, x in v.items()}


def jaar(naam: str, k: object, toegestaan: Iterable[int]) -> int:
    """A year that lies in ``toegestaan``."""
    toegestaan = tuple(toegestaan)
    try:
        j = int(str(k))
    except ValueError:
        raise OngeldigeParameter(f"aanname '{naam}': {k!r} is geen jaartal.") from None
    if j not in toegestaan:
        raise OngeldigeParameter(f"aanname '{naam}': jaar {j} valt buiten het model "
                                 f"({', '.join(str(t) for t in toegestaan)}).")
    return j


def keuze(naam: str, k: object, keuzes: Iterable[str], wat: str = "waarde", *, klein: bool = False) -> str:
    """One of ``keuzes`` (compared in lower case when ``klein``)."""
    keuzes = tuple(keuzes)
    s = str(k).lower() if klein else str(k)
    if s not in keuzes:
        raise OngeldigeParameter(f"aanname '{naam}': onbekende {wat} {k!r}; kies uit {', '.join(keuzes)}.")
    return s
