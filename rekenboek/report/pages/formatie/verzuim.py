"""Sickness absence against its norms: table, chart and text (a section of the formatie page)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from rekenboek.models import verzuim as vz
from rekenboek.models.kpi import GEHAALD, NIET_GEHAALD
from rekenboek.numbers import nl_getal
from rekenboek.report.charts import OKABE_ITO, STIJL, alt_tekst, nl_as
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
    return "geen norm gegeven"


def _pct(c) -> str:
    return " %" if c.eenheid == "pct" else ""


def tabel(cijfers: list[vz.Verzuimcijfer]) -> pd.DataFrame:
    rows = []
    for v in cijfers:
        eenheid = _pct(v.realisatie)
        aandeel = "" if v.aandeel is None else f"{nl_getal(v.aandeel, 1)} % van het verzuim"
        rows.append({"Jaar": str(v.jaar) if v.jaar else "niet genoemd", "Indicator": v.naam,
                     "Omschrijving (bron)": v.realisatie.label("uitleg"),
                     "Realisatie": nl_getal(v.realisatie.waarde) + eenheid,
                     "Norm": "—" if v.norm is None else nl_getal(v.norm.waarde) + eenheid,
                     "Realisatie − norm": "—" if v.verschil is None else nl_getal(v.verschil) + (" %-punt" if eenheid else ""),
                     "Richting norm": "—" if v.norm is None else "bovengrens (lager is beter)",
                     "Oordeel": oordeel_tekst(v) if v.norm else (aandeel or oordeel_tekst(v)),
                     "Bron": bron(v.realisatie)})
    return pd.DataFrame(rows)


def grafiek(cijfers: list[vz.Verzuimcijfer]):
    """Grouped bars per indicator and year: realisation against the norm."""
    with plt.rc_context(STIJL):
        met = [v for v in cijfers if v.norm is not None]
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
        for ax, pct, label in ((axes[0], True, "verzuimpercentage (%)"), (axes[1], False, "meldingsfrequentie (per jaar)")):
            sel = [v for v in met if (v.realisatie.eenheid == "pct") == pct]
            x = list(range(len(sel)))
            ax.bar([i - 0.2 for i in x], [float(v.realisatie.waarde) for v in sel], width=0.4,
                   color=OKABE_ITO["vermiljoen"], edgecolor="black", linewidth=0.5, label="realisatie")
            ax.bar([i + 0.2 for i in x], [float(v.norm.waarde) for v in sel], width=0.4, color=OKABE_ITO["blauw"],
                   edgecolor="black", linewidth=0.5, label="norm (bovengrens)")
            ax.set_xticks(x, [str(v.jaar) for v in sel])
            ax.set_xlabel("jaar")
            ax.yaxis.set_major_formatter(nl_as(1 if pct else 2))
            ax.set_ylabel(label)
            ax.legend(fontsize=8, frameon=False, loc="lower right")
        fig.suptitle("Verzuim SZMH tegen de norm")
        fig.tight_layout()
        return fig


def grafiek_alt(cijfers: list[vz.Verzuimcijfer]) -> str:
    return alt_tekst("Gegroepeerde staafdiagrammen", "het verzuim van SZMH per jaar naast de norm (bovengrens)",
                     [f"{v.naam} {v.jaar}: {nl_getal(v.realisatie.waarde)}{_pct(v.realisatie)} tegen norm "
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
