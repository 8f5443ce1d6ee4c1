"""Formatting shared by the sections of the formatie page: empty-section messages and the ids a section shows."""
from __future__ import annotations


def niet_bekend(gemeente: str, jaar: int) -> str:
    return f"*Niet bekend:* de bronnen geven geen formatieoverzicht voor {gemeente} {jaar}."


def ids(*groepen) -> set[str]:
    """The ids of every record in the given iterables of records (None entries skipped)."""
    return {c.id for g in groepen for c in g if c is not None}
