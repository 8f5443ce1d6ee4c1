"""Maps from printed records to model cells, kept as data in ``data/modellen/``.

A model that reproduces printed figures says, per printed record id, which of its cells (or
which linear combination of them) the record should equal: one row per term,

    id, factor, tabel, rij, kolom, jaar

so that the record's model value is the sum of ``factor`` x cell ``(tabel, rij, kolom, jaar)``
over its rows (``factor`` -1 for a figure printed with the opposite sign, 0.25 for the mean of
four years). The map holds no figures, only ids and cell keys; the model checks that every
cell it names exists. Errors name file, row and field (exit 2 on the command line).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandera.pandas as pa

from rekenboek.inputs.register import lees_csv
from rekenboek.paths import data_dir
from rekenboek.reads import gelezen

KAART_SCHEMA = pa.DataFrameSchema({
    "id": pa.Column(str, pa.Check.str_matches(r"^\d{3}[a-z]-[a-z0-9-]+$")),
    "factor": pa.Column(str, pa.Check.str_matches(r"^-?\d+(\.\d+)?$")),
    "tabel": pa.Column(str, pa.Check.str_matches(r"^\S+$")),
    "rij": pa.Column(str, pa.Check.str_matches(r"^\S.*$")),
    "kolom": pa.Column(str),
    "jaar": pa.Column(str, pa.Check.str_matches(r"^\d{4}$")),
}, strict=True, ordered=False)


@dataclass(frozen=True)
class Term:
    """One row of a map: ``factor`` x model cell (tabel, rij, kolom, jaar) counts in printed record ``id``."""

    id: str
    factor: Decimal
    tabel: str
    rij: str
    kolom: str
    jaar: int
    bestand: str       # the map file (relative to the repository), for error messages
    regel: int         # its data row (1 = first row after the header)


_GELADEN: dict[tuple[str, int, int], tuple[Term, ...]] = {}


def kaart(naam: str, root: Path | None = None) -> tuple[Term, ...]:
    """The validated map ``data/<naam>``; parsed once per file version, recorded as read on every call."""
    pad = (Path(root) if root else data_dir()) / naam
    st = pad.stat() if pad.exists() else None
    sleutel = (str(pad.resolve()), st.st_mtime_ns if st else 0, st.st_size if st else 0)
    if sleutel not in _GELADEN:
        df = lees_csv(pad, KAART_SCHEMA)
        _GELADEN[sleutel] = tuple(Term(r["id"], Decimal(r["factor"]), r["tabel"], r["rij"], r["kolom"], int(r["jaar"]),
                                       f"data/{naam}", i) for i, r in enumerate(df.to_dict("records"), start=1))
    gelezen(pad)
    return _GELADEN[sleutel]
