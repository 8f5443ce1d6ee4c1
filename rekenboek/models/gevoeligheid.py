"""Sensitivity: every assumption of a model moved over its declared band, the effect on the key outputs.

The band of an assumption is declared policy in ``data/modellen/aannames.csv`` (column ``band``, in the
assumption's own unit: ``1`` for volume growth is ± 1 procentpunt). The analysis starts from the
assumptions *in use* (the document's values, or a scenario's) and, one assumption at a time, runs the
model (:func:`rekenboek.models.vergelijking.doorreken`) at both edges of the band:

- a number (``getal``, ``geheel``) is moved down and up by the band;
- a mapping (per year, per domain, per domain and year, per kenmerk and year, per schaal) is moved as a
  whole: every number in it down, then every number up by the band (one bar per assumption);
- shares that must add up to a total (``som``, e.g. the MLW split by population) get one bar per
  part: that part moves by the band and the other parts take the opposite change in proportion to their
  own size (exact to 0,000001; the rounding rest goes to the last), so the total stays the same;
- an edge never crosses the hard bounds ``min``/``max`` (it stops at the bound; the bar says so);
- a choice (``keuze``) and an assumption without a band are not moved; the page lists them.

Every key output of the model (:func:`rekenboek.models.vergelijking.kern`) is read from the same two runs,
so a model with n banded assumptions costs 2n runs. Nothing here is rounded: a bar's effect is the exact
difference between the key output at the edge and at the assumptions in use.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from rekenboek.inputs.register import Register
from rekenboek.models import aannames as aannames_register
from rekenboek.models.aannames import Aanname
from rekenboek.models.vergelijking import Doorrekening, Sleutel, Uitkomst, doorreken, kern
from rekenboek.numbers import nl_getal

_KWANTUM = Decimal("0.000001")
_EENHEID = {"pct": "procentpunt", "fractie": "", "jaren": "jaar", "jaar": "jaar", "": ""}


@dataclass(frozen=True)
class Variatie:
    """One bar's two edges: the assumption's value (override form) at the low and the high end of its band."""

    aanname: str
    onderdeel: str               # '' or the part that moves (a gemeente of shares that add up)
    band_tekst: str              # Dutch: '± 1 procentpunt'
    laag: object
    hoog: object
    begrensd: bool = False       # an edge stopped at a hard bound

    @property
    def label(self) -> str:
        return self.aanname + (f" ({self.onderdeel})" if self.onderdeel else "")


@dataclass(frozen=True)
class Balk:
    """The key output at the assumptions in use and at both edges of one variation."""

    variatie: Variatie
    basis: Decimal
    laag: Decimal
    hoog: Decimal

    @property
    def effect_laag(self) -> Decimal:
        return self.laag - self.basis

    @property
    def effect_hoog(self) -> Decimal:
        return self.hoog - self.basis

    @property
    def reikwijdte(self) -> Decimal:
        """The larger of the two effects in absolute value: the bar's length in the tornado's order."""
        return max(abs(self.effect_laag), abs(self.effect_hoog))


@dataclass
class Tornado:
    """All bars for one key output, the widest first."""

    uitkomst: Uitkomst
    basis: Decimal
    balken: list[Balk]


@dataclass
class Gevoeligheid:
    model: str
    basis: Doorrekening          # the run with the assumptions in use
    tornados: list[Tornado]
    zonder_band: list[Aanname]   # assumptions that are not moved (no band, or a choice)
    runs: int                    # model runs the analysis took
    seconden: float              # wall time of those runs (not shown on pages: pages are deterministic)


def band_tekst(a: Aanname) -> str:
    """'± 1 procentpunt', '± € 100.000', '± 0,25': the band in Dutch notation and the assumption's unit."""
    if a.eenheid == "EUR":
        return f"± € {nl_getal(a.band)}"
    eenheid = _EENHEID.get(a.eenheid, a.eenheid)
    return f"± {nl_getal(a.band)}" + (f" {eenheid}" if eenheid else "")


def _grens(a: Aanname, v: Decimal) -> tuple[Decimal, bool]:
    if a.min is not None and v < a.min:
        return a.min, True
    if a.max is not None and v > a.max:
        return a.max, True
    return v, False


def _schuif(a: Aanname, waarde: object, delta: Decimal) -> tuple[object, bool]:
    """``waarde`` (a number or a mapping of them) with every number moved by ``delta``, within the hard bounds."""
    if isinstance(waarde, Mapping):
        uit, begrensd = {}, False
        for k, v in waarde.items():
            uit[k], b = _schuif(a, v, delta)
            begrensd |= b
        return uit, begrensd
    if isinstance(waarde, bool) or not isinstance(waarde, (int, Decimal)):
        raise TypeError(f"{a.naam}: {waarde!r} is geen getal om te verschuiven")
    nieuw, begrensd = _grens(a, Decimal(waarde) + delta)
    return (int(nieuw) if isinstance(waarde, int) else nieuw), begrensd


def _schuif_aandeel(a: Aanname, delen: Mapping[str, Decimal], deel: str, delta: Decimal) -> tuple[dict, bool]:
    """Move one part of shares that add up to ``a.som`` by ``delta``; the others take the opposite change in
    proportion to their size, so the total stays exactly the same."""
    nieuw_deel, begrensd = _grens(a, delen[deel] + delta)
    werkelijk = nieuw_deel - delen[deel]
    anderen = [k for k in delen if k != deel]
    totaal_anderen = sum((delen[k] for k in anderen), Decimal(0))
    uit = dict(delen)
    uit[deel] = nieuw_deel
    rest = -werkelijk
    for i, k in enumerate(anderen):
        if i == len(anderen) - 1:
            aandeel = rest
        elif totaal_anderen:
            aandeel = (-werkelijk * delen[k] / totaal_anderen).quantize(_KWANTUM)
        else:
            aandeel = (-werkelijk / len(anderen)).quantize(_KWANTUM)
        uit[k] = delen[k] + aandeel
        rest -= aandeel
        b = (a.min is not None and uit[k] < a.min) or (a.max is not None and uit[k] > a.max)
        begrensd |= bool(b)
    return uit, begrensd


def variaties(aannames: list[Aanname] | tuple[Aanname, ...], gebruikt: Mapping[str, object]) -> list[Variatie]:
    """The two edges of every banded assumption, from the values in use (``Doorrekening.aannames``)."""
    uit: list[Variatie] = []
    for a in aannames:
        if a.band is None or a.naam not in gebruikt or isinstance(gebruikt[a.naam], str):
            continue
        waarde = gebruikt[a.naam]
        if a.som is not None and isinstance(waarde, Mapping):
            for deel in waarde:
                laag, bl = _schuif_aandeel(a, waarde, deel, -a.band)
                hoog, bh = _schuif_aandeel(a, waarde, deel, a.band)
                uit.append(Variatie(a.naam, str(deel), band_tekst(a), laag, hoog, bl or bh))
        else:
            laag, bl = _schuif(a, waarde, -a.band)
            hoog, bh = _schuif(a, waarde, a.band)
            uit.append(Variatie(a.naam, "", band_tekst(a), laag, hoog, bl or bh))
    return uit


def model_aannames(model: str) -> list[Aanname]:
    """The model's rows of the assumptions register, in file order."""
    return [a for a in aannames_register.register() if a.model == model]


def gevoeligheid(model: str, register: Register, overrides: Mapping[str, object] | None = None,
                 basis: Doorrekening | None = None) -> Gevoeligheid:
    """Move every banded assumption of ``model`` over its band around the values in use; one tornado per key output."""
    begin = time.perf_counter()
    gegeven = {k: v for k, v in (overrides or {}).items() if v is not None}
    basis = basis if basis is not None else doorreken(model, register, gegeven)
    rijen = model_aannames(model)
    sleutels: list[Sleutel] = kern(model)
    per_sleutel: dict[Sleutel, list[Balk]] = {k: [] for k in sleutels}
    runs = 0
    for v in variaties(rijen, basis.aannames):
        laag = doorreken(model, register, {**gegeven, v.aanname: v.laag})
        hoog = doorreken(model, register, {**gegeven, v.aanname: v.hoog})
        runs += 2
        for k in sleutels:
            b, lo, hi = basis.waarde(k), laag.waarde(k), hoog.waarde(k)
            if b is not None and lo is not None and hi is not None:
                per_sleutel[k].append(Balk(v, b, lo, hi))
    tornados = [Tornado(basis.uitkomsten[k], basis.waarde(k),
                        sorted(per_sleutel[k], key=lambda b: (-b.reikwijdte, b.variatie.label)))
                for k in sleutels if basis.waarde(k) is not None]
    zonder = [a for a in rijen if a.band is None or isinstance(basis.aannames.get(a.naam), str)]
    return Gevoeligheid(model, basis, tornados, zonder, runs, time.perf_counter() - begin)
