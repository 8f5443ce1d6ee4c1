"""Shared chart style for the book: titled, labelled, in a colour-blind-safe palette (Okabe-Ito).

Pages draw their own charts (e.g. ``report/pages/formatie/``) with these pieces: the palette, the
``rc_context`` style, Dutch number notation on an axis, and deterministic PNG bytes.
"""
from __future__ import annotations

import io
from decimal import Decimal

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from rekenboek.numbers import nl_getal

OKABE_ITO = {"zwart": "#000000", "oranje": "#E69F00", "hemelblauw": "#56B4E9", "groen": "#009E73",
             "geel": "#F0E442", "blauw": "#0072B2", "vermiljoen": "#D55E00", "paars": "#CC79A7"}
#: the palette in order for series (black last: it is the colour of totals and outlines)
KLEUREN = list(OKABE_ITO.values())[1:] + [OKABE_ITO["zwart"]]

STIJL = {"figure.dpi": 100, "savefig.dpi": 100, "font.size": 10, "axes.spines.top": False,
         "axes.spines.right": False}


def png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes without metadata, independent of the active backend."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def nl_as(decimalen: int = 0) -> FuncFormatter:
    """Tick labels in Dutch notation with a fixed number of decimals."""
    return FuncFormatter(lambda x, _pos: nl_getal(Decimal(str(round(x, decimalen))), decimalen))


def nl_as_geheel(as_, label: str) -> None:
    """Integer ticks in Dutch notation on one axis, with its label."""
    as_.set_major_locator(MaxNLocator(integer=True))
    as_.set_major_formatter(nl_as(0))
    as_.set_label_text(label)
