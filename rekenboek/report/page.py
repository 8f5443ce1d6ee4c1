"""The page contract: every template is ``parameters -> Pagina -> sections``.

A page module under ``report/pages/`` builds a :class:`Pagina` from its parameters. Each
:class:`Sectie` carries its Dutch text, tables and charts *and* the record ids it shows; the
page's checks are the register rows that touch those ids (:func:`raakt`), selected in one way
for every page. A notebook template only glues ``pagina.inleiding`` and calls ``pagina.toon()``.
"""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from rekenboek.downloads import bestandsnaam, tabeldeel
from rekenboek.report.display import bevindingen_tabel, toon_tabel, toon_werkboek


@dataclass
class Sectie:
    """A titled part of a page: computed Dutch text, tables and charts, and the record ids it shows."""

    titel: str
    tekst: str = ""                                                              # Markdown, every figure computed
    tabellen: list[tuple[str, pd.DataFrame | None]] = field(default_factory=list)  # (caption, display table)
    figuren: list[tuple[str, Callable[[], object]]] = field(default_factory=list)  # (alt text, makes a Figure)
    ids: set[str] = field(default_factory=set)                                   # record ids shown in this section


def raakt(tabel: pd.DataFrame, ids: set[str]) -> pd.DataFrame:
    """Register rows (design.md columns) whose stated figure or one of whose components is one of ``ids``.

    ``onderdelen`` holds the component record ids separated by spaces; ``gesteld_id`` the stated record.
    """
    if not len(tabel):
        return tabel
    gesteld = tabel["gesteld_id"].isin(ids) if "gesteld_id" in tabel else pd.Series(False, index=tabel.index)
    onderdelen = tabel["onderdelen"].fillna("").map(lambda s: any(i in ids for i in str(s).split()))
    return tabel[gesteld | onderdelen]


def figuur(data: bytes, alt: str) -> dict:
    """A PNG display bundle that keeps its alt text in the book.

    myst-nb takes no alt text from output metadata (only width and height), but it prefers ``text/html``
    over ``image/png``: the HTML ``<img>`` carries the alt text; Jupyter and nbval still see the PNG.
    """
    b64 = base64.b64encode(data).decode()
    return {"image/png": b64, "text/html": f'<img src="data:image/png;base64,{b64}" alt="{html.escape(alt)}"/>'}


def toon_secties(secties: list[Sectie], leeg: str = "*Geen.*", prefix: str | None = None, stam: str = "") -> None:
    """Display sections: a heading, its text, its tables (with Excel and CSV downloads named
    ``{stam}-{table}``, e.g. ``maastricht-2021-tabel-17``) and its charts (with alt text)."""
    from IPython.display import Markdown, display

    for s in secties:
        display(Markdown(f"## {s.titel}" + (f"\n\n{s.tekst}" if s.tekst else "")))
        for bijschrift, tabel in s.tabellen:
            if bijschrift:
                display(Markdown(f"*{bijschrift}*"))
            toon_tabel(tabel, leeg=leeg, prefix=prefix, naam=bestandsnaam(stam, tabeldeel(bijschrift or s.titel)),
                       titel=bijschrift or s.titel)
        toon_figuren(s.figuren)


def toon_figuren(figuren) -> None:
    """Display each chart of a section (``(alt, maak)`` pairs) as a PNG with its alt text, and close it."""
    from IPython.display import display
    import matplotlib.pyplot as plt

    from rekenboek.report.charts import png

    for alt, maak in figuren:
        fig = maak()
        try:
            display(figuur(png(fig), alt), raw=True)
        finally:
            plt.close(fig)


@dataclass
class Pagina:
    """One page of the book for a unit and year (or a source, or the whole register)."""

    gemeente: str
    jaar: int | None
    inleiding: str                                   # Markdown, glued at the top of the page
    secties: list[Sectie]
    bevindingen: pd.DataFrame                        # register rows (design.md columns) for this page
    afwijkende_aannames: list[str] = field(default_factory=list)  # Dutch lines: assumption, document value, used value
    # workbooks offered for download: (name, title, sheets, column meanings), e.g. a model's inputs and outputs
    werkboeken: list[tuple[str, str, dict[str, pd.DataFrame], dict[str, str]]] = field(default_factory=list)
    leeg: str = "*Niet bekend voor deze eenheid en dit jaar.*"

    @property
    def ids(self) -> set[str]:
        """Every record id the page's sections show."""
        return set().union(*(s.ids for s in self.secties)) if self.secties else set()

    @property
    def prefix(self) -> str:
        """The way from this page to the top of the generated book: a unit-year page lives one folder down."""
        return "" if self.jaar is None else "../"

    @property
    def stam(self) -> str:
        """The start of this page's download names: ``maastricht-2021``."""
        return bestandsnaam(self.gemeente, self.jaar)

    @property
    def aannames_tekst(self) -> str:
        if not self.afwijkende_aannames:
            return ("Deze pagina wijzigt geen aanname: het model rekent met de cijfers en aannames uit het document en, "
                    "waar het document niets zegt, met de afgeleide aannames van het rekenboek die bij het model "
                    "staan (gemarkeerd als afgeleid).")
        return ("**Let op:** deze pagina rekent met aannames die afwijken van het brondocument:\n\n"
                + "\n".join(f"- {a}" for a in self.afwijkende_aannames))

    def toon(self) -> None:
        """Display every section, then the checks of this page's figures."""
        from IPython.display import Markdown, display

        toon_secties(self.secties, leeg=self.leeg, prefix=self.prefix, stam=self.stam)
        if self.werkboeken:
            display(Markdown("## Het model als getallen\n\nDe invoer, de aannames en de uitkomsten van het model als "
                             "getallen om mee verder te rekenen: één Excel-werkboek (met een blad dat de kolommen "
                             "uitlegt) en per blad een CSV."))
            for naam, titel, bladen, uitleg in self.werkboeken:
                toon_werkboek(naam, titel, bladen, uitleg)
        display(Markdown("## Controles"))
        toon_tabel(bevindingen_tabel(self.bevindingen) if len(self.bevindingen) else None,
                   leeg="*Geen controles op de cijfers van deze pagina.*", prefix=self.prefix,
                   naam=bestandsnaam(self.stam, "controles"), titel="Controles")
