"""Sickness absence against its norms: table, chart and text (a section of the formatie page)."""
from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
import pandas as pd

from rekenboek.models import verzuim as vz
from rekenboek.models.kpi import GEHAALD, NIET_GEHAALD, NIET_VERGELIJKBAAR, periode_woorden
from rekenboek.numbers import nl_getal
from rekenboek.report.charts import OKABE_ITO, STIJL_CL, alt_tekst, nl_as, teken
from rekenboek.report.page import Sectie
from rekenboek.report.pages.formatie.opmaak import ids
from rekenboek.report.tables import bron


def oordeel_tekst(v: vz.Verzuimcijfer) -> str:
    """The verdict of :func:`rekenboek.models.kpi.beoordeel` in the page's words (lower is better)."""
    b = v.beoordeling.oordeel
    if b == NIET_GEHAALD:
        return "boven de norm (ongunstig)"
    if b == GEHAALD:
        return "op de norm" if v.verschil == 0 else "onder de norm (gunstig)"
    if b == NIET_VERGELIJKBAAR:
        return f"niet vergelijkbaar: {v.beoordeling.reden}"
    return "geen norm gegeven"


def periode_kort(v: vz.Verzuimcijfer) -> str:
    """'2017' for a whole year, '2017 (t/m november)' for part of it."""
    if not v.jaar:
        return "niet genoemd"
    woorden = periode_woorden(v.periode) if v.periode else ""
    return f"{v.jaar} (t/m {woorden.split(' t/m ')[1][:-5]})" if " t/m " in woorden else str(v.jaar)


def _pct(c) -> str:
    return " %" if c.eenheid == "pct" else ""


def tabel(cijfers: list[vz.Verzuimcijfer]) -> pd.DataFrame:
    rows = []
    for v in cijfers:
        eenheid = _pct(v.realisatie)
        aandeel = "" if v.aandeel is None else f"{nl_getal(v.aandeel, 1)} % van het verzuim"
        rows.append({"Jaar": periode_kort(v), "Indicator": v.naam,
                     "Omschrijving (bron)": v.realisatie.label("uitleg"),
                     "Realisatie": nl_getal(v.realisatie.waarde) + eenheid,
                     "Norm": "—" if v.norm is None else nl_getal(v.norm.waarde) + eenheid,
                     "Realisatie − norm": "—" if v.verschil is None else nl_getal(v.verschil) + (" %-punt" if eenheid else ""),
                     "Richting norm": "—" if v.norm is None else "bovengrens (lager is beter)",
                     "Oordeel": oordeel_tekst(v) if v.norm else (aandeel or oordeel_tekst(v)),
                     "Bron": bron(v.realisatie)})
    return pd.DataFrame(rows)


def grafiek(cijfers: list[vz.Verzuimcijfer]):
    """Per indicator and year: the realisation as a bar, the norm (a ceiling) as a mark across it; a realisation
    over part of the year is hatched and says so under its bar."""
    with plt.rc_context(STIJL_CL):
        met = [v for v in cijfers if v.norm is not None]
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
        for ax, pct, label in ((axes[0], True, "verzuimpercentage (%)"), (axes[1], False, "meldingsfrequentie (per jaar)")):
            sel = [v for v in met if (v.realisatie.eenheid == "pct") == pct]
            x = list(range(len(sel)))
            deel = [periode_kort(v) != str(v.jaar) for v in sel]
            ax.bar(x, [float(v.realisatie.waarde) for v in sel], width=0.5, color=OKABE_ITO["vermiljoen"], edgecolor="black",
                   linewidth=0.5, hatch=["//" if d else None for d in deel])
            teken(ax, x, [float(v.norm.waarde) for v in sel], "norm", OKABE_ITO["blauw"], markersize=42)
            for xi, v in zip(x, sel):
                ax.annotate(nl_getal(v.realisatie.waarde), (xi, float(v.realisatie.waarde) / 2), ha="center", va="center",
                            fontsize=9, bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"})
            ax.set_xticks(x, [periode_kort(v).replace(" (", "\n(") for v in sel])
            ax.set_xlim(-0.6, len(sel) - 0.4)
            ax.margins(y=0.15)
            ax.set_xlabel("jaar")
            ax.yaxis.set_major_formatter(nl_as(1 if pct else 2))
            ax.set_ylabel(label)
        handles = [Patch(facecolor=OKABE_ITO["vermiljoen"], edgecolor="black", label="realisatie"),
                   Patch(facecolor=OKABE_ITO["vermiljoen"], edgecolor="black", hatch="//", label="realisatie, deel van het jaar"),
                   Line2D([], [], color=OKABE_ITO["blauw"], marker="_", markersize=18, markeredgewidth=3, linestyle="none",
                          label="norm (bovengrens)")]
        fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=8)
        fig.suptitle("Verzuim SZMH tegen de norm")
        return fig


def grafiek_alt(cijfers: list[vz.Verzuimcijfer]) -> str:
    return alt_tekst("Gegroepeerde staafdiagrammen", "het verzuim van SZMH per jaar naast de norm (bovengrens)",
                     [f"{v.naam} {periode_woorden(v.periode)}: {nl_getal(v.realisatie.waarde)}{_pct(v.realisatie)} tegen norm "
                      f"{nl_getal(v.norm.waarde)}{_pct(v.norm)}" for v in cijfers if v.norm is not None])


def tekst(cijfers: list[vz.Verzuimcijfer], gemeente: str, jaar: int) -> str:
    if not cijfers:
        return f"*Niet bekend:* de bronnen geven verzuimcijfers alleen voor SZMH, niet voor {gemeente}."
    eigen = [v for v in cijfers if v.jaar == jaar and v.norm is not None]
    jaren = sorted({v.jaar for v in cijfers if v.jaar})
    if not eigen:
        kop = (f"*Niet bekend voor {jaar}:* de jaarplannen geven verzuimcijfers met een norm voor "
               f"{', '.join(map(str, jaren))}; die staan hieronder.")
    else:
        kop = " ".join(f"{v.naam} {jaar}: {nl_getal(v.realisatie.waarde)}{_pct(v.realisatie)} tegen een norm van "
                       f"{nl_getal(v.norm.waarde)}{_pct(v.norm)}, {oordeel_tekst(v)}." for v in eigen)
    return kop + f"\n\n*Richting van de norm (aanname):* {vz.RICHTING_AANNAME}"


def sectie(cijfers: list[vz.Verzuimcijfer], gemeente: str, jaar: int) -> Sectie:
    s = Sectie("Verzuim", tekst(cijfers, gemeente, jaar))
    if cijfers:
        s.tabellen, s.ids = [("", tabel(cijfers))], ids(*(v.records for v in cijfers))
    if any(v.norm for v in cijfers):
        s.figuren = [(grafiek_alt(cijfers), lambda: grafiek(cijfers))]
    return s
