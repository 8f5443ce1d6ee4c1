"""Errors that the command line turns into a clear message and exit code 2."""
from __future__ import annotations

from pathlib import Path


class InvoerFout(Exception):
    """Invalid input: names the file, the row and the field."""

    def __init__(self, bestand: Path | str, rij: int | None, veld: str | None, melding: str):
        self.bestand, self.rij, self.veld, self.melding = str(bestand), rij, veld, melding
        waar = self.bestand
        if rij is not None:
            waar += f", rij {rij}"
        if veld:
            waar += f", veld '{veld}'"
        super().__init__(f"{waar}: {melding}")


class InvoerFouten(InvoerFout):
    """Several input errors found in one pass; all are reported, not just the first."""

    def __init__(self, fouten: list[InvoerFout]):
        self.fouten = fouten
        first = fouten[0]
        super().__init__(first.bestand, first.rij, first.veld, first.melding)
        self.args = ("\n".join(str(f) for f in fouten),)

    def __str__(self) -> str:
        return self.args[0]


class OngeldigeParameter(ValueError):
    """An unknown gemeente or a year outside the sources, raised in notebooks.

    IPython renders ``_render_traceback_`` instead of a full traceback, so a
    papermill run shows this one message rather than frames from the package.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"OngeldigeParameter: {self}"]
