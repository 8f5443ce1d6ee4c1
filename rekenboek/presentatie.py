"""Display tables of findings, in Dutch notation."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .numbers import nl_getal

OORDEEL_SYMBOOL = {"klopt": "✔ klopt", "afronding": "≈ afronding", "afwijking": "✘ afwijking",
                   "niet-controleerbaar": "? niet-controleerbaar"}


def _nl(waarde: str, eenheid: str) -> str:
    if waarde == "" or eenheid in ("datum", "label"):
        return waarde
    try:
        d = Decimal(waarde)
    except ArithmeticError:
        return waarde
    if eenheid == "jaar":
        return str(d)
    return nl_getal(d)


def bevindingen_tabel(reg: pd.DataFrame) -> pd.DataFrame:
    """The register rows as a readable Dutch table."""
    return pd.DataFrame({
        "Controle": reg["omschrijving"],
        "Soort": reg["soort"],
        "Bron": reg["bestand"].str[:3] + ":" + reg["regel"].astype(str),
        "Gesteld": [_nl(w, e) for w, e in zip(reg["gesteld"], reg["eenheid"])],
        "Herberekend": [_nl(w, e) for w, e in zip(reg["herberekend"], reg["eenheid"])],
        "Verschil": [_nl(w, e) for w, e in zip(reg["verschil"], reg["eenheid"])],
        "Tolerantie": [_nl(w, e) for w, e in zip(reg["tolerantie"], reg["eenheid"])],
        "Eenheid": reg["eenheid"],
        "Oordeel": reg["oordeel"].map(OORDEEL_SYMBOOL),
    }).reset_index(drop=True)


def voor_eenheid(reg: pd.DataFrame, gemeente: str, jaar: int, tabel_ids: set[str] | None = None) -> pd.DataFrame:
    """Register rows whose stated figure belongs to this unit and year (optionally: these tables)."""
    sel = (reg["gemeente"] == gemeente) & (reg["jaar"] == str(jaar))
    if tabel_ids is not None:
        sel &= reg["tabel_id"].isin(tabel_ids)
    return reg[sel]


def toon_tabel(tabel: pd.DataFrame | None, leeg: str = "*Geen.*") -> None:
    """Display a table as plain, deterministic HTML (no index); ``leeg`` when there is none."""
    from IPython.display import HTML, Markdown, display

    if tabel is None or tabel.empty:
        display(Markdown(leeg))
    else:
        display(HTML(tabel.to_html(index=False, border=0, classes="rekenboek-tabel", escape=True)))
