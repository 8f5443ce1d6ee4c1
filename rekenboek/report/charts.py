"""Charts for the book: titled, labelled, in a colour-blind-safe palette (Okabe-Ito)."""
from __future__ import annotations

from decimal import Decimal

import io

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
import matplotlib.pyplot as plt

from rekenboek.models.formatie import FormatieLoop
from rekenboek.numbers import nl_getal

OKABE_ITO = {"zwart": "#000000", "oranje": "#E69F00", "hemelblauw": "#56B4E9", "groen": "#009E73",
             "geel": "#F0E442", "blauw": "#0072B2", "vermiljoen": "#D55E00", "paars": "#CC79A7"}
STAND, PLUS, MIN = OKABE_ITO["blauw"], OKABE_ITO["groen"], OKABE_ITO["vermiljoen"]

STIJL = {"figure.dpi": 100, "savefig.dpi": 100, "font.size": 10, "axes.spines.top": False,
         "axes.spines.right": False}


def png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes without metadata, independent of the active backend."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _nl_as(decimalen: int = 0):
    return FuncFormatter(lambda x, _pos: nl_getal(Decimal(str(round(x, decimalen))), decimalen))


def _nl_as_afwerking(as_, label: str) -> None:
    """Integer ticks in Dutch notation on one axis, with its label."""
    as_.set_major_locator(MaxNLocator(integer=True))
    as_.set_major_formatter(_nl_as(0))
    as_.set_label_text(label)


def waterval(lp: FormatieLoop):
    """Waterfall of the walk: balances as full bars, each kind of mutation floating."""
    with plt.rc_context(STIJL):
        return _waterval(lp)


def _waterval(lp: FormatieLoop):
    fig, ax = plt.subplots(figsize=(9, 4.4))
    namen, onder, hoogte, kleur, label = [], [], [], [], []
    niveau = float(lp.begin.herberekend)
    for s in lp.stappen:
        namen.append(s.naam + (f"\n({s.peildatum})" if s.peildatum else ""))
        if s.soort == "stand":
            niveau = float(s.herberekend)
            onder.append(0.0)
            hoogte.append(niveau)
            kleur.append(STAND)
            label.append(nl_getal(s.herberekend, 2))
        else:
            delta = float(s.herberekend)
            onder.append(niveau if delta >= 0 else niveau + delta)
            hoogte.append(abs(delta))
            kleur.append(PLUS if delta >= 0 else MIN)
            label.append(("+" if delta > 0 else "") + nl_getal(s.herberekend, 2))
            niveau += delta
    niveaus = [o + h for o, h in zip(onder, hoogte)] + [o for o, k in zip(onder, kleur) if k != STAND]
    laag, hoog = min(niveaus), max(niveaus)
    marge = max(2.0, (hoog - laag) * 0.6)
    bars = ax.bar(range(len(namen)), hoogte, bottom=onder, color=kleur, edgecolor="black", linewidth=0.5)
    for b, t in zip(bars, label):
        ax.annotate(t, (b.get_x() + b.get_width() / 2, b.get_y() + b.get_height()), ha="center", va="bottom",
                    fontsize=9, xytext=(0, 2), textcoords="offset points")
    ax.set_ylim(laag - marge, hoog + marge)
    ax.set_xticks(range(len(namen)), namen, rotation=20, ha="right", fontsize=8)
    _nl_as_afwerking(ax.yaxis, "formatie (fte)")
    ax.set_title(f"Formatieloop {lp.gemeente} {lp.jaar} (herberekend; y-as begint niet bij nul)")
    fig.tight_layout()
    return fig


def mutaties_per_soort(lp: FormatieLoop):
    """Horizontal bars: net mutation per kind."""
    with plt.rc_context(STIJL):
        return _mutaties_per_soort(lp)


def _mutaties_per_soort(lp: FormatieLoop):
    soorten = [s for s in lp.stappen if s.soort == "mutatie"]
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(soorten) + 1.4))
    waarden = [float(s.herberekend) for s in soorten]
    ax.barh([s.naam for s in soorten], waarden, color=[PLUS if v >= 0 else MIN for v in waarden], edgecolor="black", linewidth=0.5)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.invert_yaxis()
    _nl_as_afwerking(ax.xaxis, "mutatie (fte)")
    ax.set_title(f"Mutaties per soort, {lp.gemeente} {lp.jaar}")
    fig.tight_layout()
    return fig
