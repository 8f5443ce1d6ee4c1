"""Shared chart style and marks for the book: titled, labelled, Dutch, unclipped, deterministic.

Pages draw their own charts (e.g. ``report/pages/formatie/``) with these pieces:

- the palette (Okabe-Ito, colour-blind safe) and the ``rc_context`` styles :data:`STIJL` and
  :data:`STIJL_CL` (constrained layout, so titles, labels and legends are laid out inside the figure);
- :func:`png` / :func:`svg`: bytes without dates or software metadata, cropped to everything
  drawn (``bbox_inches="tight"``), so a chart renders the same in every build and nothing is cut;
- distinct marks for what a value *is* (:data:`MARKERING`: realisatie, prognose, norm,
  gedrukt, herberekend) with :func:`legenda_soorten`, so a realisation, a prognosis and a norm
  are never drawn as one line;
- :func:`gedrukt_over_herberekend`: the printed values over the recomputed ones, deviations marked;
- :func:`markeer_bronlabel`: a label the source prints wrongly, flagged on the chart;
- :func:`alt_tekst`: alt text that says what the chart shows with its key numbers;
- seaborn charts: :func:`oordelen_heatmap` (verdicts per document and table) and
  :func:`normen_vergelijking` (one quantity compared across gemeenten).
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from rekenboek.numbers import nl_getal

OKABE_ITO = {"zwart": "#000000", "oranje": "#E69F00", "hemelblauw": "#56B4E9", "groen": "#009E73",
             "geel": "#F0E442", "blauw": "#0072B2", "vermiljoen": "#D55E00", "paars": "#CC79A7"}
#: the palette in order for series (black last: it is the colour of totals and outlines)
KLEUREN = list(OKABE_ITO.values())[1:] + [OKABE_ITO["zwart"]]

#: the fixed hash salt makes SVG ids the same in every build; :func:`png` and :func:`svg` crop to
#: everything drawn, so a title or legend outside the axes is never cut off
STIJL = {"figure.dpi": 100, "savefig.dpi": 100, "font.size": 10, "axes.spines.top": False,
         "axes.spines.right": False, "svg.hashsalt": "rekenboek", "svg.fonttype": "none"}
#: for new charts: constrained layout keeps titles, tick labels and legends inside the figure
#: (a chart that calls ``fig.tight_layout()`` keeps :data:`STIJL`: the two layouts do not mix)
STIJL_CL = {**STIJL, "figure.constrained_layout.use": True}

#: how a value is drawn, by what it is; a page passes the colour (the unit) and the label
MARKERING = {
    "realisatie": {"marker": "o", "markersize": 8, "linestyle": "none"},
    "prognose": {"marker": "o", "markersize": 8, "linestyle": "none", "markerfacecolor": "white", "markeredgewidth": 1.8},
    "norm": {"marker": "_", "markersize": 22, "markeredgewidth": 3, "linestyle": "none"},
    "gedrukt": {"marker": "D", "markersize": 6, "linestyle": "none", "markerfacecolor": "white", "markeredgewidth": 1.4},
    "herberekend": {"marker": "o", "markersize": 5, "linestyle": "-"},
}
SOORT_NAMEN = {"realisatie": "realisatie (gemeten)", "prognose": "prognose", "norm": "norm (streepje)",
               "gedrukt": "gedrukt in de bron", "herberekend": "herberekend"}


def ruim_balken(fig: Figure) -> None:
    """Let no bar touch the end of an autoscaled axis.

    matplotlib keeps an axis limit at a bar's base ('sticky edge'); in a stacked chart an empty segment
    has its base at the top of the stack, so the margin is lost and the last segment ends at the frame
    (it looks cut off). Empty bars lose their sticky edges and the view is autoscaled again.
    """
    from matplotlib.patches import Rectangle

    for ax in fig.axes:
        leeg = [p for p in ax.patches if isinstance(p, Rectangle) and (p.get_width() == 0 or p.get_height() == 0)]
        if not leeg:
            continue
        for p in leeg:
            p.sticky_edges.x.clear()
            p.sticky_edges.y.clear()
        ax.autoscale_view()


def png(fig: Figure) -> bytes:
    """PNG bytes without metadata, cropped to everything drawn (nothing clipped), independent of the backend.

    The image is reduced to a palette of at most 256 colours (no dithering: a chart has few colours, and
    a page embeds its charts, so this keeps pages about three times lighter); the result is deterministic.
    """
    from PIL import Image

    ruim_balken(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight", pad_inches=0.15)
    beeld = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    uit = io.BytesIO()
    beeld.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(uit, format="PNG", optimize=True)
    return uit.getvalue()


def svg(fig: Figure) -> bytes:
    """SVG bytes without date or creator, with stable element ids (the salt of :data:`STIJL`)."""
    import matplotlib

    ruim_balken(fig)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": STIJL["svg.hashsalt"]}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight", pad_inches=0.15)
    return buf.getvalue()


def nl_as(decimalen: int = 0) -> FuncFormatter:
    """Tick labels in Dutch notation with a fixed number of decimals."""
    return FuncFormatter(lambda x, _pos: nl_getal(Decimal(str(round(x, decimalen))), decimalen))


def nl_as_geheel(as_, label: str) -> None:
    """Integer ticks in Dutch notation on one axis, with its label."""
    as_.set_major_locator(MaxNLocator(integer=True))
    as_.set_major_formatter(nl_as(0))
    as_.set_label_text(label)


# ------------------------------------------------------------------ marks
def teken(ax, xs: Sequence, ys: Sequence, soort: str, kleur: str, label: str | None = None, **extra):
    """Draw values as the mark of their kind (:data:`MARKERING`) in the unit's colour."""
    stijl = {**MARKERING[soort], **extra}
    stijl.setdefault("markeredgecolor", kleur)
    return ax.plot(list(xs), list(ys), color=kleur, label=label, **stijl)


def legenda_soorten(soorten: Iterable[str]) -> list[Line2D]:
    """Legend handles (in black) for the kinds of mark used, so the reader can tell them apart."""
    uit = []
    for s in soorten:
        stijl = {k: v for k, v in MARKERING[s].items()}
        stijl.setdefault("markeredgecolor", "black")
        uit.append(Line2D([], [], color="black", label=SOORT_NAMEN[s], **stijl))
    return uit


#: the ring around a deviating printed value: black, so it differs from every series colour
RING = OKABE_ITO["zwart"]


def gedrukt_over_herberekend(ax, xs: Sequence, herberekend: Sequence, gedrukt: Sequence, afwijkend: Sequence[bool],
                             kleur: str, label: str = "") -> None:
    """Recomputed values as a line, the printed ones as open diamonds on top; a deviating cell gets a red ring
    ``gedrukt`` may hold ``None`` where the source prints nothing."""
    teken(ax, xs, herberekend, "herberekend", kleur, f"{label} herberekend".strip())
    punten = [(x, g, a) for x, g, a in zip(xs, gedrukt, afwijkend) if g is not None]
    if punten:
        teken(ax, [p[0] for p in punten], [p[1] for p in punten], "gedrukt", kleur, f"{label} gedrukt".strip())
    for x, g, a in punten:
        if a:
            ax.plot([x], [g], marker="o", markersize=14, markerfacecolor="none", markeredgecolor=RING,
                    markeredgewidth=1.6, linestyle="none")


def afwijking_legenda() -> Line2D:
    return Line2D([], [], marker="o", markersize=12, markerfacecolor="none", markeredgecolor=RING,
                  markeredgewidth=1.6, linestyle="none", label="afwijking: gedrukt ≠ herberekend")


def markeer_bronlabel(label: str, bedoeld: str) -> str:
    """A tick or bar label the source prints wrongly, flagged: '1-1-2016 [bron; bedoeld 1-1-2017]'."""
    return f"{label} [bron; bedoeld {bedoeld}]"


def bronlabel_fouten(tabel: pd.DataFrame) -> dict[str, str]:
    """From the findings register: record id -> the intended text, for every label (date, heading, number of an
    appendix) that a label check found to deviate ('afwijking'). A date is written the way the sources print
    one (``1-1-2017``)."""
    if not len(tabel) or "soort" not in tabel:
        return {}
    sel = tabel[(tabel["soort"] == "label") & (tabel["oordeel"] == "afwijking")]
    uit = {}
    for gid, her in zip(sel["gesteld_id"], sel["herberekend"]):
        her = str(her)
        if len(her) == 10 and her[4] == "-" and her[7] == "-":
            her = f"{int(her[8:])}-{int(her[5:7])}-{her[:4]}"
        uit.setdefault(gid, her)
    return uit


def kleur_bronlabels(ax) -> None:
    """Colour every tick label that :func:`markeer_bronlabel` flagged, so the flag is seen."""
    for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        if "[bron; bedoeld" in t.get_text():
            t.set_color(OKABE_ITO["vermiljoen"])


def markeer_bronlabels(ax, as_: str, fout: dict[str, str]) -> None:
    """Flag, on an axis, every tick label the source prints wrongly (``fout``: printed text -> intended text)."""
    labels = (ax.get_xticklabels() if as_ == "x" else ax.get_yticklabels())
    for t in labels:
        if t.get_text() in fout:
            t.set_text(markeer_bronlabel(t.get_text(), fout[t.get_text()]))
            t.set_color(OKABE_ITO["vermiljoen"])
    ticks = ax.get_xticks() if as_ == "x" else ax.get_yticks()
    (ax.set_xticks if as_ == "x" else ax.set_yticks)(ticks, [t.get_text() for t in labels])


# ------------------------------------------------------------------ alt text
def alt_tekst(soort: str, onderwerp: str, kerncijfers: Iterable[str] = (), noot: str = "") -> str:
    """Alt text: the kind of chart, what it shows and its key numbers (already in Dutch notation)."""
    delen = [f"{soort} van {onderwerp}"]
    cijfers = [k for k in kerncijfers if k]
    if cijfers:
        delen.append(": " + "; ".join(cijfers))
    tekst = "".join(delen) + "."
    return tekst + (f" {noot}" if noot else "")


# ------------------------------------------------------------------ seaborn charts
#: the order and colour of verdicts in the heatmap's columns (most serious last)
OORDELEN = ("klopt", "afronding", "herziening", "niet-controleerbaar", "doorwerking", "afwijking")


def oordelen_matrix(tabel: pd.DataFrame, titels: dict[str, str] | None = None, alleen_bijzonder: bool = True) -> pd.DataFrame:
    """Counts of verdicts per document and table (rows 'document · tabel', columns :data:`OORDELEN`).

    ``alleen_bijzonder``: only the tables with at least one verdict other than 'klopt' and 'afronding'.
    """
    t = tabel.assign(_doc=tabel["bestand"].str[:3], _tabel=tabel["tabel_id"].fillna("").astype(str).replace("", "(geen tabel)"))
    m = pd.crosstab([t["_doc"], t["_tabel"]], t["oordeel"]).reindex(columns=[o for o in OORDELEN], fill_value=0)
    if alleen_bijzonder:
        m = m[m.drop(columns=["klopt", "afronding"]).sum(axis=1) > 0]
    m.index = [f"{d} · {tb}" for d, tb in m.index]
    return m


def oordelen_heatmap(matrix: pd.DataFrame, titel: str = "Oordelen per document en tabel") -> Figure:
    """A seaborn heatmap of verdict counts: a row per document and table, a column per verdict, counts written in."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    with plt.rc_context(STIJL_CL):
        fig, ax = plt.subplots(figsize=(8.5, 0.28 * len(matrix) + 1.8))
        aandeel = matrix.div(matrix.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
        sns.heatmap(aandeel, annot=matrix.to_numpy(), fmt="d", cmap="Blues", vmin=0, vmax=1, linewidths=0.5,
                    linecolor="white", cbar_kws={"label": "aandeel van de controles van de tabel",
                                                 "format": FuncFormatter(lambda v, _p: f"{nl_getal(Decimal(str(round(v * 100))), 0)} %")},
                    ax=ax, annot_kws={"fontsize": 8})
        ax.set_xlabel("oordeel")
        ax.set_ylabel("document · tabel")
        ax.tick_params(axis="y", labelsize=8)
        ax.set_title(titel)
    return fig


def heatmap_alt(matrix: pd.DataFrame) -> str:
    """Alt text of :func:`oordelen_heatmap`: size, totals per verdict and the tables with the most deviations."""
    tot = matrix.sum()
    cijfers = [f"{nl_getal(Decimal(int(tot[o])), 0)} × {o}" for o in matrix.columns if tot[o]]
    top = matrix["afwijking"].sort_values(ascending=False, kind="stable") if "afwijking" in matrix else pd.Series(dtype=int)
    top = top[top > 0].head(3)
    if len(top):
        cijfers.append("meeste afwijkingen: " + ", ".join(f"{i} ({int(v)})" for i, v in top.items()))
    return alt_tekst("Heatmap", f"de oordelen in {len(matrix)} tabellen (een rij per document en tabel, een kolom per oordeel)",
                     cijfers)


def normen_vergelijking(data: pd.DataFrame, x: str, y: str, hue: str, titel: str, ylabel: str, decimalen: int = 1) -> Figure:
    """A seaborn grouped bar chart comparing one quantity across gemeenten (``x``), one colour per ``hue``,
    the values written on the bars in Dutch notation; a zero line where values change sign."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    with plt.rc_context(STIJL_CL):
        fig, ax = plt.subplots(figsize=(9, 4.4))
        sns.barplot(data=data, x=x, y=y, hue=hue, palette=KLEUREN[:data[hue].nunique()], saturation=1, ax=ax, edgecolor="black",
                    linewidth=0.5)
        for c in ax.containers:
            ax.bar_label(c, labels=[nl_getal(Decimal(str(round(v, decimalen))), decimalen) for v in c.datavalues],
                         fontsize=8, padding=2)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.margins(y=0.15)
        ax.yaxis.set_major_formatter(nl_as(decimalen))
        ax.set_ylabel(ylabel)
        ax.set_xlabel("")
        ax.tick_params(axis="x", labelrotation=15)
        ax.legend(title="", frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3)
        ax.set_title(titel)
    return fig
