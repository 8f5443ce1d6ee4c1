"""Charts of the formatie page beyond the single walk: years, schalen, MLW capacity, absence vs norm."""
from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt

from rekenboek.report.charts import OKABE_ITO, STIJL, _nl_as, _nl_as_afwerking
from rekenboek.numbers import nl_getal

KLEUREN = list(OKABE_ITO.values())[1:] + [OKABE_ITO["zwart"]]


def _f(d: Decimal) -> float:
    return float(d)


def mutaties_over_jaren(rk):
    """Stacked bars: per walk, the net mutation of each kind (positive up, negative down)."""
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(8, 4.4))
        x = list(range(len(rk.lopen)))
        plus, min_ = [0.0] * len(x), [0.0] * len(x)
        for i, soort in enumerate(rk.soorten):
            waarden = [_f(rk.mutaties(lp).get(soort, Decimal(0))) for lp in rk.lopen]
            onder = [p if v >= 0 else m for v, p, m in zip(waarden, plus, min_)]
            ax.bar(x, waarden, bottom=onder, color=KLEUREN[i % len(KLEUREN)], edgecolor="black", linewidth=0.5, label=soort)
            plus = [p + v if v > 0 else p for v, p in zip(waarden, plus)]
            min_ = [m + v if v < 0 else m for v, m in zip(waarden, min_)]
        saldo = [sum(rk.mutaties(lp).values(), Decimal(0)) for lp in rk.lopen]
        ax.scatter(x, [_f(s) for s in saldo], color="black", marker="D", zorder=3, label="Saldo")
        for xi, s in zip(x, saldo):
            ax.annotate(nl_getal(s, 2), (xi, _f(s)), xytext=(8, 0), textcoords="offset points", va="center", fontsize=9)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.margins(y=0.1)
        ax.set_xticks(x, [f"{lp.begin.peildatum} → jaarplan {lp.jaar}" for lp in rk.lopen])
        ax.set_xlabel("formatieloop (beginstand → plan)")
        _nl_as_afwerking(ax.yaxis, "mutatie (fte)")
        ax.set_title(f"Mutaties per soort over de jaren, {rk.gemeente}")
        ax.legend(fontsize=8, frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
        fig.tight_layout()
        return fig


def efficiency_per_schaal(per_jaar: dict[int, dict[str, Decimal]], versie: str, jaar: int):
    """Stacked bars per year: the fte of the efficiency target per salary scale; the page's year marked."""
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(8, 4.2))
        jaren = list(per_jaar)
        schalen = sorted({s for d in per_jaar.values() for s in d}, key=lambda s: (not s.isdigit(), int(s) if s.isdigit() else 0))
        onder = [0.0] * len(jaren)
        for i, s in enumerate(schalen):
            w = [_f(per_jaar[j].get(s, Decimal(0))) for j in jaren]
            ax.bar([str(j) for j in jaren], w, bottom=onder, color=KLEUREN[i % len(KLEUREN)], edgecolor="black",
                   linewidth=0.5, label=f"schaal {s}" if s.isdigit() else "diverse functies")
            onder = [o + v for o, v in zip(onder, w)]
        if jaar in jaren:
            ax.get_xticklabels()[jaren.index(jaar)].set_fontweight("bold")
        ax.set_xlabel("jaar van de efficiencytaakstelling")
        ax.yaxis.set_major_formatter(_nl_as(1))
        ax.set_ylabel("ingevulde formatie (fte)")
        ax.set_title(f"Efficiencytaakstelling: ingevulde fte per schaal ({versie})")
        ax.legend(fontsize=8, frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
        fig.tight_layout()
        return fig


def mlw_capaciteit(functies, kolommen: dict[str, str]):
    """Horizontal stacked bars per function: basis, structural additional, temporary."""
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(8, 0.4 * len(functies) + 1.6))
        namen = [f.naam for f in functies]
        links = [0.0] * len(functies)
        for i, (k, label) in enumerate(kolommen.items()):
            w = [_f(f.waarde(k) or Decimal(0)) for f in functies]
            ax.barh(namen, w, left=links, color=KLEUREN[i], edgecolor="black", linewidth=0.5, label=label)
            links = [a + b for a, b in zip(links, w)]
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(_nl_as(1))
        ax.set_xlabel("formatie (fte)")
        ax.set_title("Capaciteit Midden-Limburg West per functie (samenvattend overzicht 2018)")
        ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        return fig


def mlw_per_gemeente(fte: dict[str, Decimal], uren: dict[str, Decimal]):
    """Per gemeente: fte of the 2016 base it supplies and hours per week it contributes."""
    with plt.rc_context(STIJL):
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.4))
        g = list(fte)
        a1.bar(g, [_f(fte[x]) for x in g], color=OKABE_ITO["blauw"], edgecolor="black", linewidth=0.5)
        a1.yaxis.set_major_formatter(_nl_as(1))
        a1.set_ylabel("basisformatie convenant 2016 (fte)")
        a1.set_xlabel("leverende gemeente")
        a1.set_title("Geleverde formatie (fte)")
        a2.bar(g, [_f(uren[x]) for x in g], color=OKABE_ITO["oranje"], edgecolor="black", linewidth=0.5)
        _nl_as_afwerking(a2.yaxis, "inzet (uur per week)")
        a2.set_xlabel("gemeente")
        a2.set_title("Inzet in uren per week")
        fig.suptitle("Capaciteit die elke gemeente volgens de tekst levert (MLW)")
        fig.tight_layout()
        return fig


def verzuim_vs_norm(kpis):
    """Grouped bars per indicator and year: realisation against the norm."""
    with plt.rc_context(STIJL):
        met = [k for k in kpis if k.norm is not None]
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
        for ax, pct, label in ((axes[0], True, "verzuimpercentage (%)"), (axes[1], False, "meldingsfrequentie (per jaar)")):
            sel = [k for k in met if (k.realisatie.eenheid == "pct") == pct]
            x = list(range(len(sel)))
            ax.bar([i - 0.2 for i in x], [_f(k.realisatie.waarde) for k in sel], width=0.4, color=OKABE_ITO["vermiljoen"],
                   edgecolor="black", linewidth=0.5, label="realisatie")
            ax.bar([i + 0.2 for i in x], [_f(k.norm.waarde) for k in sel], width=0.4, color=OKABE_ITO["blauw"],
                   edgecolor="black", linewidth=0.5, label="norm (bovengrens)")
            ax.set_xticks(x, [str(k.jaar) for k in sel])
            ax.set_xlabel("jaar")
            ax.yaxis.set_major_formatter(_nl_as(1 if pct else 2))
            ax.set_ylabel(label)
            ax.legend(fontsize=8, frameon=False, loc="lower right")
        fig.suptitle("Verzuim SZMH tegen de norm")
        fig.tight_layout()
        return fig
