"""The landing page: what is wrong, how big, where (the hoofdbevindingen, ranked), then the register in numbers."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rekenboek.checks.bevindingen import bereken
from rekenboek.numbers import nl_aantal
from rekenboek.report import findings
from rekenboek.report.display import telling_zin, toon_tabel

TOP = 10   # findings named on the landing page; the register page lists them all


@dataclass
class StartPagina:
    tabel: pd.DataFrame
    n_cijfers: int
    n_bronnen: int
    titels: pd.Series
    hoofd: pd.DataFrame

    @property
    def kerncijfers(self) -> str:
        return (f"Uit {self.n_bronnen} documenten zijn **{nl_aantal(self.n_cijfers)} cijfers** overgenomen. "
                f"Het register telt **{telling_zin(self.tabel['oordeel'])}**. Een *afwijking* is een cijfer van "
                f"een document dat niet volgt uit de eigen cijfers van dat document.")

    @property
    def wat_is_er_mis(self) -> str:
        """The most serious findings in Dutch words, with amounts, places and links to their cards."""
        if self.hoofd.empty:
            afw = int((self.tabel["oordeel"] == "afwijking").sum())
            return (f"Het register van hoofdbevindingen is in deze bouw niet beschikbaar; het register telt "
                    f"{nl_aantal(afw)} afwijkingen, zie [Bevindingen](bevindingen.ipynb).")
        n = len(self.hoofd)
        kop = (f"De controles leiden tot **{nl_aantal(n)} hoofdbevindingen**, één per oorzaak in de bron. "
               + (f"De {min(TOP, n)} zwaarste, op ernst en omvang:" if n > TOP else "Op ernst en omvang:"))
        return kop + "\n\n" + findings.samenvatting_md(self.hoofd, prefix="", maximaal=TOP)

    @property
    def per_aard(self) -> pd.DataFrame:
        return findings.per_aard(self.hoofd)

    def toon_per_aard(self) -> None:
        toon_tabel(self.per_aard, leeg="*Geen hoofdbevindingen.*", naam="hoofdbevindingen-per-aard")

    @property
    def per_document(self) -> pd.DataFrame:
        rijen = []
        for bestand, groep in self.tabel.groupby("bestand"):
            rij = {"Document": self.titels.get(bestand, bestand), "Controles": nl_aantal(len(groep)),
                   "Afwijkingen": nl_aantal(int((groep["oordeel"] == "afwijking").sum()))}
            if "hoofdbevinding" in groep:
                hb = set(groep["hoofdbevinding"].fillna("").astype(str)) - {""}
                rij["Hoofdbevindingen"] = nl_aantal(len(hb))
            rijen.append(rij)
        return pd.DataFrame(rijen)

    def toon_per_document(self) -> None:
        toon_tabel(self.per_document, naam="start-per-document")
        self.toon_heatmap()

    def toon_heatmap(self) -> None:
        """The verdicts per document and table as a seaborn heatmap (the tables with more than klopt/afronding)."""
        from IPython.display import display
        import matplotlib.pyplot as plt

        from rekenboek.report.charts import heatmap_alt, oordelen_heatmap, oordelen_matrix, png
        from rekenboek.report.page import figuur

        matrix = oordelen_matrix(self.tabel)
        if matrix.empty:
            return
        fig = oordelen_heatmap(matrix, "Oordelen per document en tabel (tabellen met meer dan klopt en afronding)")
        try:
            display(figuur(png(fig), heatmap_alt(matrix)), raw=True)
        finally:
            plt.close(fig)


def pagina() -> StartPagina:
    res = bereken()
    return StartPagina(res.tabel, len(res.register.cijfers), res.register.bronnen["bestand"].nunique(),
                       res.register.bronnen.set_index("bestand")["titel"],
                       findings.hoofdbevindingen(res.register, res))
