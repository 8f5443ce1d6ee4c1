"""The landing page: headline figures of the register, computed, and the main findings per document."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rekenboek.numbers import nl_aantal
from rekenboek.report.display import OORDEEL_SYMBOOL, toon_tabel
from rekenboek.checks.bevindingen import bereken


@dataclass
class StartPagina:
    tabel: pd.DataFrame
    n_cijfers: int
    n_bronnen: int
    titels: pd.Series

    @property
    def kerncijfers(self) -> str:
        t = self.tabel["oordeel"].value_counts()
        return (f"Uit {self.n_bronnen} documenten zijn **{nl_aantal(self.n_cijfers)} cijfers** overgenomen. "
                f"**{nl_aantal(len(self.tabel))} controles** beoordelen ze: "
                + ", ".join(f"{nl_aantal(t.get(o, 0))} × {o}" for o in OORDEEL_SYMBOOL) + ". "
                f"Een *afwijking* is een verschil dat afronding niet kan verklaren: een bevinding over de bron.")

    @property
    def per_document(self) -> pd.DataFrame:
        rijen = []
        for bestand, groep in self.tabel.groupby("bestand"):
            afw = groep[groep["oordeel"] == "afwijking"]
            rijen.append({
                "Document": self.titels.get(bestand, bestand),
                "Controles": nl_aantal(len(groep)),
                "Afwijkingen": nl_aantal(len(afw)),
                "Tabellen met een afwijking": ", ".join(sorted(afw["tabel"].unique())[:6])
                                              + (" …" if afw["tabel"].nunique() > 6 else ""),
            })
        return pd.DataFrame(rijen)

    def toon_per_document(self) -> None:
        toon_tabel(self.per_document)


def pagina() -> StartPagina:
    res = bereken()
    return StartPagina(res.tabel, len(res.register.cijfers), res.register.bronnen["bestand"].nunique(),
                       res.register.bronnen.set_index("bestand")["titel"])
