"""Display tables shared by several pages (Dutch notation, every cell a string)."""
from __future__ import annotations

import pandas as pd

from rekenboek.inputs.register import Cijfer, Register
from rekenboek.models.kostenverdeling import CAPACITEIT
from rekenboek.models.szmh import FteRij, zelfde_schaal
from rekenboek.numbers import nl_euro, nl_fte, nl_getal


def kosten_per_fte_tabel(rijen: list[FteRij], jaar: int) -> pd.DataFrame | None:
    """Cost per fte of every function row of ``jaar``, next to the other rows of the same schaal.

    Shown on the SZMH financial page and on the formatie page; ``None`` when no row of that year has
    both an amount and an fte. The comparison itself is :func:`rekenboek.models.szmh.zelfde_schaal`.
    """
    sel = [r for r in rijen if r.jaar == jaar]
    if not sel:
        return None
    out = []
    for r in sel:
        anderen, afwijkend = zelfde_schaal(r, sel)
        lo, hi = r.interval
        if not anderen:
            vergelijking = "enige regel van deze schaal"
        elif afwijkend:
            vergelijking = "wijkt af van: " + "; ".join(f"{o.functie} ({nl_euro(o.per_fte)})" for o in afwijkend)
        else:
            vergelijking = "gelijk binnen afronding"
        out.append({"Versie": r.versie, "Functie": r.functie, "Schaal": r.schaal, "Bron": f"{r.fte.bestand[:3]}:{r.fte.regel}",
                    "Fte": nl_getal(r.fte.waarde, 2), "Bedrag": nl_euro(r.bedrag.waarde),
                    "Kosten per fte": nl_euro(r.per_fte), "Bandbreedte (afronding)": f"{nl_euro(lo)} – {nl_euro(hi)}",
                    "Andere regels zelfde schaal": (f"{nl_euro(min(o.per_fte for o in anderen))} – "
                                                    f"{nl_euro(max(o.per_fte for o in anderen))}" if anderen else "–"),
                    "Vergelijking": vergelijking})
    return pd.DataFrame(out)


def bron(c: Cijfer) -> str:
    """Where a printed figure is: ``"004:715"`` (document number and line)."""
    return f"{c.bestand[:3]}:{c.regel}"


def capaciteit_tabel(register: Register, gemeente: str) -> pd.DataFrame:
    """The capacity the MLW covenant's text says a gemeente supplies (fte or hours per week), with its source."""
    rows = []
    for rid in CAPACITEIT.get(gemeente, ()):
        c = register.cijfers[rid]
        omvang = nl_fte(c.waarde, 1) if c.eenheid == "fte" else f"{nl_getal(c.waarde)} uur per week"
        wat = c.label("rij") or c.label("uitleg")
        rows.append({"Wat": wat, "Omvang": omvang, "Toelichting": c.label("uitleg") if c.label("uitleg") != wat else "",
                     "Bron": bron(c)})
    return pd.DataFrame(rows)
