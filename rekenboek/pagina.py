"""Everything a template notebook shows, computed here so the notebook stays thin.

``formatie(gemeente, jaar)`` validates the parameters, loads and checks the data,
and returns a page object with the texts to glue, the tables and the charts.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from . import charts
from . import formatie as fm
from .data import Register, laad
from .eenheden import valideer
from .presentatie import bevindingen_tabel, toon_tabel, voor_eenheid
from .register import bereken


def _niet_bekend(gemeente: str, jaar: int) -> str:
    return f"*Niet bekend:* de bronnen geven geen formatieoverzicht voor {gemeente} {jaar}."


@dataclass
class FormatiePagina:
    gemeente: str
    jaar: int
    register: Register
    loop: fm.FormatieLoop | None
    bevindingen: pd.DataFrame

    # ---------------------------------------------------------------- texts
    @cached_property
    def inleiding(self) -> str:
        return fm.inleiding(self.register, self.loop, self.gemeente, self.jaar, self.bevindingen)

    @cached_property
    def bronvermelding(self) -> str:
        if self.loop is None:
            return ""
        t = self.register.tabel(self.loop.tabel_id)
        return f"Bron: `{t['bestand']}`, regels {t['regel_van']}–{t['regel_tot']}."

    @cached_property
    def telling(self) -> str:
        n = len(self.bevindingen)
        if n == 0:
            return f"Voor {self.gemeente} {self.jaar} zijn er geen controles op de formatie."
        telling = self.bevindingen["oordeel"].value_counts()
        delen = [f"{telling[o]} × {o}" for o in ("klopt", "afronding", "afwijking", "niet-controleerbaar") if o in telling]
        return f"{n} controles op de formatie van {self.gemeente} {self.jaar}: " + ", ".join(delen) + "."

    # --------------------------------------------------------------- tables
    @property
    def loop_tabel(self):
        return None if self.loop is None else fm.loop_tabel(self.loop)

    @property
    def per_schaal(self):
        return None if self.loop is None else fm.mutaties_per_schaal(self.loop)

    @property
    def mutatieregels(self):
        return None if self.loop is None else fm.mutatieregels(self.loop)

    @property
    def controles(self):
        return bevindingen_tabel(self.bevindingen) if len(self.bevindingen) else None

    # --------------------------------------------------------------- charts
    def waterval(self):
        return charts.waterval(self.loop)

    def mutaties_per_soort(self):
        return charts.mutaties_per_soort(self.loop)

    # -------------------------------------------------------------- display
    def toon(self, tabel: pd.DataFrame | None) -> None:
        toon_tabel(tabel, leeg=_niet_bekend(self.gemeente, self.jaar))

    def toon_figuur(self, maak) -> None:
        from IPython.display import Image, Markdown, display
        import matplotlib.pyplot as plt

        if self.loop is None:
            display(Markdown(_niet_bekend(self.gemeente, self.jaar)))
            return
        fig = maak()
        try:
            display(Image(charts.png(fig)))
        finally:
            plt.close(fig)


def formatie(gemeente: str, jaar) -> FormatiePagina:
    register = laad()
    gemeente, jaar = valideer(register, gemeente, jaar)
    lp = fm.loop(register, gemeente, jaar)
    res = bereken(register)
    bev = voor_eenheid(res.tabel, gemeente, jaar)
    bev = bev[bev["id"].isin([c.id for c in _formatie_controles(res)])]
    return FormatiePagina(gemeente, jaar, register, lp, bev)


def _formatie_controles(res):
    """The checks declared in data/controles/formatie.yaml."""
    return [b.controle for b in res.bevindingen if b.controle.bestand.endswith("/formatie.yaml")]
