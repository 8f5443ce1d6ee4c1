"""A disk cache of evaluated registers, so that the pages of one build evaluate each dossier once.

An entry is keyed by the content hash of exactly the files its result was computed from:
the register's data files (``bronnen.csv``, ``eenheden.csv`` and the ``tabellen/`` and
``cijfers/`` files of its documents), the check declarations, any further inputs a stage
declares (such as ``data/hoofdbevindingen.yaml``), and the package source of the checks and
inputs stages and the foundations. A change to any of them is a new key; nothing is ever
invalidated by time. A hit records the same reads (:mod:`rekenboek.reads`) as a computation
would, so the build's per-file staleness stays exact.

Entries are pickles written atomically (temporary file + rename): two page processes that
compute the same dossier at once both write a complete file and the last rename wins.
The records (``Cijfer``) in a result are not stored but re-linked to the caller's register.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import platform
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rekenboek.inputs.register import Cijfer, Register
from rekenboek.paths import ROOT, build_dir
from rekenboek.reads import gelezen, gezocht

VERSIE = "1"          # bump when the layout of a cached result changes without a source change
BEWAARD = 64          # entries kept; older ones are removed after each write
BRONCODE = [ROOT / "rekenboek" / d for d in ("checks", "inputs")] + \
    [ROOT / "rekenboek" / f for f in ("numbers.py", "errors.py", "paths.py", "reads.py")]


def cache_dir() -> Path:
    return build_dir() / "cache" / "register"


@dataclass(frozen=True)
class Invoer:
    """The files a computation reads: single files and globs (map, patroon)."""

    bestanden: tuple[Path, ...]
    globs: tuple[tuple[Path, str], ...]

    def paden(self) -> list[Path]:
        uit = set(self.bestanden)
        for map_, patroon in self.globs:
            uit |= set(Path(map_).glob(patroon))
        return sorted(uit)

    def registreer(self) -> None:
        """Record these reads as the computation itself would."""
        for map_, patroon in self.globs:
            gezocht(map_, patroon)
        for pad in self.paden():
            if pad.exists():
                gelezen(pad)


def invoer_van_register(register: Register) -> Invoer:
    """The data files ``register`` was loaded from (see ``inputs.register.laad``)."""
    patronen = [register.patroon] if isinstance(register.patroon, str) else list(register.patroon)
    root = register.root
    return Invoer((root / "bronnen.csv", root / "eenheden.csv"),
                  tuple((root / d, p) for d in ("tabellen", "cijfers") for p in patronen))


def _broncode() -> list[Path]:
    return sorted(p for b in BRONCODE for p in ([b] if b.is_file() else b.rglob("*.py")))


def sleutel(register: Register, invoer: Invoer, *extra: str) -> str:
    """The content hash of everything a result depends on (``extra``: parameters such as a glob)."""
    h = hashlib.sha256()
    for deel in (VERSIE, platform.python_version(), pd.__version__, str(register.root),
                 repr(sorted(register.documenten) if register.documenten is not None else None),
                 repr(register.patroon), *extra):
        h.update(deel.encode() + b"\0")
    for pad in invoer.paden() + _broncode():
        h.update(str(pad).encode() + b"\0")
        h.update(hashlib.sha256(pad.read_bytes()).digest() if pad.exists() else b"-")
    return h.hexdigest()


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        return ("cijfer", obj.id) if isinstance(obj, Cijfer) else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, fh, register: Register):
        super().__init__(fh)
        self.register = register

    def persistent_load(self, pid):
        soort, rid = pid
        if soort != "cijfer" or rid not in self.register.cijfers:
            raise pickle.UnpicklingError(f"cached result refers to unknown record {rid!r}")
        return self.register.cijfers[rid]


def lees(sleutel_: str, register: Register):
    """The cached value for ``sleutel_`` with its records linked to ``register``, or None."""
    pad = cache_dir() / f"{sleutel_}.pickle"
    try:
        with open(pad, "rb") as fh:
            return _Unpickler(fh, register).load()
    except FileNotFoundError:
        return None
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None        # an entry from an incompatible version: compute again and overwrite


def schrijf(sleutel_: str, waarde) -> None:
    """Store ``waarde`` atomically under ``sleutel_``; keep the newest BEWAARD entries."""
    map_ = cache_dir()
    map_.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(waarde)
    fd, tmp = tempfile.mkstemp(dir=map_, prefix=".tmp-", suffix=".pickle")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.getvalue())
        os.replace(tmp, map_ / f"{sleutel_}.pickle")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for p in sorted(map_.glob("*.pickle"), key=_mtime, reverse=True)[BEWAARD:]:
        p.unlink(missing_ok=True)


def _mtime(pad: Path) -> float:
    try:
        return pad.stat().st_mtime
    except FileNotFoundError:     # removed by a parallel page process meanwhile
        return 0.0
