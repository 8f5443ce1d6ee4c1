"""Charts of the comparison pages: the tornado of a sensitivity analysis and the differences over the years.

Drawn with the book's chart conventions (:mod:`rekenboek.report.charts`): the Okabe-Ito palette, the
shared style, Dutch number notation on the axes and in the labels, and an alt text that states the
key numbers. Amounts are shown in € mln when the largest is at least a million, otherwise in € 1.000.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from rekenboek.models.gevoeligheid import Balk, Tornado
from rekenboek.numbers import nl_getal
from rekenboek.report.charts import OKABE_ITO, STIJL

MLN = Decimal(1000000)
DUIZEND = Decimal(1000)
KLEUR_LAAG, KLEUR_HOOG = OKABE_ITO["blauw"], OKABE_ITO["oranje"]
NBSP = "\u00a0"    # an amount stays on one line in running text


def schaal(waarden: Sequence[Decimal], eenheid: str = "EUR") -> tuple[Decimal, str, int]:
    """(divisor, axis unit, decimals) for amounts: € mln from a million up, else € 1.000; pct as is."""
    if eenheid != "EUR":
        return Decimal(1), "procentpunt" if eenheid == "pct" else eenheid, 2
    grootste = max((abs(w) for w in waarden), default=Decimal(0))
    if grootste >= MLN:
        return MLN, "× € 1 mln", 2
    return DUIZEND, "× € 1.000", 1


def bedrag(v: Decimal, eenheid: str = "EUR", teken: bool = False) -> str:
    """An amount in words for labels and alt texts: € −1,98 mln, € 12.020, 2,50 %; with ``teken`` a + for gains."""
    plus = "+" if teken and v > 0 else ""
    if eenheid == "pct":
        return f"{plus}{nl_getal(v.quantize(Decimal('0.01')), 2)}{NBSP}%"
    if eenheid != "EUR":
        return f"{plus}{nl_getal(v)}{NBSP}{eenheid}"
    if abs(v) >= MLN:
        return f"€{NBSP}{plus}{nl_getal((v / MLN).quantize(Decimal('0.01')), 2)}{NBSP}mln"
    return f"€{NBSP}{plus}{nl_getal(v.quantize(Decimal(1)), 0)}"


def _as(ax, deler: Decimal, decimalen: int) -> None:
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: nl_getal(Decimal(str(round(x, decimalen))), decimalen)))


def tornado_alt(t: Tornado) -> str:
    """The chart in words: the key output, its value, and every bar's effect at both edges, widest first."""
    u = t.uitkomst
    naam = u.omschrijving + (f" {u.jaar}" if u.jaar else "")
    if not t.balken:
        return f"Tornadodiagram zonder balken: geen aanname met een band raakt {naam}."
    delen = [f"{b.variatie.label} {b.variatie.band_tekst}: {bedrag(b.effect_laag, u.eenheid, True)} aan de onderkant, "
             f"{bedrag(b.effect_hoog, u.eenheid, True)} aan de bovenkant" for b in t.balken]
    return (f"Tornadodiagram van {naam} (bij de gebruikte aannames {bedrag(t.basis, u.eenheid)}): het effect als elke "
            f"aanname over haar band schuift, grootste eerst. " + "; ".join(delen) + ".")


def tornado_figuur(tornados: Sequence[Tornado], titel: str) -> Figure:
    """One panel per key output: a horizontal bar per assumption, the effect at the low edge (blue) and the
    high edge (orange) of its band against the value with the assumptions in use."""
    alle = [e for t in tornados for b in t.balken for e in (b.effect_laag, b.effect_hoog)]
    deler, eenheid_as, decimalen = schaal(alle, tornados[0].uitkomst.eenheid if tornados else "EUR")
    hoogtes = [max(1, len(t.balken)) * 0.55 + 1.1 for t in tornados]
    with plt.rc_context(STIJL):
        fig, assen = plt.subplots(len(tornados), 1, figsize=(9, sum(hoogtes) + 0.6), squeeze=False,
                                  gridspec_kw={"height_ratios": hoogtes})
        for ax, t in zip(assen[:, 0], tornados):
            balken: list[Balk] = list(reversed(t.balken))     # widest on top
            ys = range(len(balken))
            laag = [float(b.effect_laag / deler) for b in balken]
            hoog = [float(b.effect_hoog / deler) for b in balken]
            ax.barh(ys, laag, color=KLEUR_LAAG, height=0.6, label="onderkant van de band")
            ax.barh(ys, hoog, color=KLEUR_HOOG, height=0.6, alpha=0.85, label="bovenkant van de band")
            ax.axvline(0, color=OKABE_ITO["zwart"], linewidth=0.8)
            ax.set_yticks(list(ys), [f"{b.variatie.label}\n{b.variatie.band_tekst}" for b in balken], fontsize=8)
            grens = max([abs(x) for x in laag + hoog] + [1e-9])
            ax.set_xlim(-grens * 1.35, grens * 1.35)
            for y, lo, hi in zip(ys, laag, hoog):
                for x in (lo, hi):
                    if x:
                        ax.annotate(nl_getal(Decimal(str(round(x, decimalen))), decimalen), (x, y),
                                    xytext=(3 if x > 0 else -3, 0), textcoords="offset points", va="center",
                                    ha="left" if x > 0 else "right", fontsize=8)
            u = t.uitkomst
            ax.set_title(f"{u.omschrijving}{f' {u.jaar}' if u.jaar else ''}: {bedrag(t.basis, u.eenheid)}", fontsize=9)
            _as(ax, deler, decimalen)
            ax.set_xlabel(f"effect ({eenheid_as})")
            if not balken:
                ax.text(0.5, 0.5, "geen aanname met een band", transform=ax.transAxes, ha="center", va="center")
        assen[0, 0].legend(loc="lower right", fontsize=8)
        fig.suptitle(titel, fontsize=10)
        fig.tight_layout()
    return fig


def verschil_figuur(reeksen: dict[str, dict[int, Decimal]], titel: str) -> Figure:
    """Lines: per output series the difference scenario − document per year (amounts)."""
    alle = [v for r in reeksen.values() for v in r.values()]
    deler, eenheid_as, decimalen = schaal(alle)
    kleuren = [OKABE_ITO[k] for k in ("blauw", "oranje", "groen", "vermiljoen", "paars", "hemelblauw", "zwart")]
    jaren = sorted({j for r in reeksen.values() for j in r})
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(9, 4.2 + 0.22 * len(reeksen)))
        for (naam, r), kleur, stijl in zip(reeksen.items(), kleuren, ("-", "--", "-.", ":", "-", "--", "-.")):
            js = sorted(r)
            ax.plot(js, [float(r[j] / deler) for j in js], marker="o", color=kleur, linestyle=stijl, label=naam)
        ax.axhline(0, color=OKABE_ITO["zwart"], linewidth=0.8)
        ax.set_xticks(jaren, [str(j) for j in jaren])
        ax.set_xlabel("jaar")
        ax.set_ylabel(f"scenario − document ({eenheid_as})")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _p: nl_getal(Decimal(str(round(x, decimalen))), decimalen)))
        ax.set_title(titel, fontsize=10)
        # the series names are long: the legend goes under the chart, never over the lines
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.16), frameon=False)
        fig.tight_layout()
    return fig
