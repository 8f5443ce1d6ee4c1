"""The findings-register page: summary counts and the register as tables."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .presentatie import OORDEEL_SYMBOOL, bevindingen_tabel, toon_tabel
from .register import bereken, samenvatting


@dataclass
class RegisterPagina:
    tabel: pd.DataFrame
    bronnen: pd.DataFrame

    @property
    def samenvatting_tekst(self) -> str:
        n = len(self.tabel)
        telling = self.tabel["oordeel"].value_counts()
        delen = [f"{telling.get(o, 0)} × {o}" for o in OORDEEL_SYMBOOL]
        return (f"Het register telt {n} controles over {self.tabel['bestand'].nunique()} brondocumenten: "
                + ", ".join(delen) + ".")

    @property
    def per_bron(self) -> pd.DataFrame:
        s = samenvatting(self.tabel).reset_index()
        titels = self.bronnen.set_index("bestand")["titel"]
        s.insert(1, "titel", s["bestand"].map(titels))
        return s.rename(columns={"bestand": "Bestand", "titel": "Document"})

    @property
    def afwijkingen(self) -> pd.DataFrame:
        sel = self.tabel[self.tabel["oordeel"].isin(["afwijking", "niet-controleerbaar"])]
        t = bevindingen_tabel(sel)
        t.insert(len(t.columns), "Toelichting", sel["toelichting"].to_numpy())
        return t

    @property
    def alle(self) -> pd.DataFrame:
        t = bevindingen_tabel(self.tabel)
        t.insert(0, "Id", self.tabel["id"].to_numpy())
        return t

    def toon(self, tabel: pd.DataFrame) -> None:
        toon_tabel(tabel)


def pagina() -> RegisterPagina:
    res = bereken()
    return RegisterPagina(res.tabel, res.register.bronnen)
