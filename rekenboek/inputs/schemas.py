"""Building blocks for the pandera schemas of ``data/``: every column is a string, checked by pattern or vocabulary.

Shared by the source-data register (:mod:`rekenboek.inputs.register`) and the KPI registers
(:mod:`rekenboek.inputs.indicatoren`), so both validate and word their errors the same way.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandera.pandas as pa


def optioneel(regex: str) -> pa.Check:
    """Empty, or matching ``regex``."""
    return pa.Check.str_matches(f"^$|{regex[1:]}" if regex.startswith("^") else regex)


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
