"""Formatting shared by the sections of the formatie page: source references and empty-section messages."""
from __future__ import annotations

from rekenboek.inputs.register import Cijfer


def bron(c: Cijfer) -> str:
    """A source reference as the book prints it: document number and line, ``000:123``."""
    return f"{c.bestand[:3]}:{c.regel}"


def niet_bekend(gemeente: str, jaar: int) -> str:
    return f"*Niet bekend:* de bronnen geven geen formatieoverzicht voor {gemeente} {jaar}."


def ids(*groepen) -> set[str]:
    """The ids of every record in the given iterables of records (None entries skipped)."""
    return {c.id for g in groepen for c in g if c is not None}
