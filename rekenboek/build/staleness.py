"""What is stale: content hashes per page and per book.

A page's hash covers its template, its parameters, the package source (every
``rekenboek/**/*.py``, subpackages included) and the data files and directory listings the page
recorded while it last ran (:mod:`rekenboek.reads`). Recorded paths are stored relative to the
data, sources or repository directory, so a moved clone or a copied data directory stays valid.
A page whose hash is unchanged is not executed again; a book whose hash equals the stamp in the
published ``_build/html`` is not rendered again.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from rekenboek.build.pages import Taak, toc_tekst
from rekenboek.paths import ROOT, bronnen_dir, data_dir, notebooks_dir

__all__ = ["STEMPEL", "bestanden_hash", "symbolisch", "inhoud_hash", "huidige_hash", "boek_hash"]

STEMPEL = ".rekenboek-boek-hash"   # file in the published book holding the hash it was built from


def bestanden_hash(h, paden) -> None:
    """Feed the names (relative to the repository where possible) and contents of ``paden`` into ``h``."""
    for p in sorted(paden):
        h.update(str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p).encode())
        h.update(p.read_bytes())


def _wortels() -> list[tuple[str, Path]]:
    return [("data", data_dir()), ("bronnen", bronnen_dir()), ("root", ROOT)]


def symbolisch(pad: str) -> str:
    """A recorded path relative to the data, sources or repository directory (so a moved clone stays valid)."""
    p = Path(pad)
    for naam, wortel in _wortels():
        if p.is_relative_to(wortel):
            return f"{naam}:{p.relative_to(wortel).as_posix()}"
    return str(p)


def _absoluut(sym: str) -> Path:
    naam, _, rel = sym.partition(":")
    for n, wortel in _wortels():
        if n == naam and rel:
            return wortel / rel
    return Path(sym)


def _basis_hash(taak: Taak):
    h = hashlib.sha256()
    h.update((notebooks_dir() / f"{taak.template}.ipynb").read_bytes())
    h.update(json.dumps(taak.parameters, sort_keys=True).encode())
    bestanden_hash(h, sorted((ROOT / "rekenboek").rglob("*.py")))
    return h


def inhoud_hash(taak: Taak, leest: list[str], zoekt: list[list[str]]) -> str:
    """Hash of everything the executed page depends on: the template, its parameters, the package
    source, and the data files (and directory listings) the page read when it last ran."""
    h = _basis_hash(taak)
    for sym in sorted(leest):
        pad = _absoluut(sym)
        h.update(f"\0{sym}\0".encode())
        h.update(pad.read_bytes() if pad.is_file() else b"\0ontbreekt")
    for sym, patroon in sorted(zoekt):
        map_ = _absoluut(sym)
        h.update(f"\0{sym}/{patroon}\0".encode())
        h.update("\n".join(sorted(p.name for p in map_.glob(patroon))).encode())
    return h.hexdigest()


def huidige_hash(taak: Taak) -> str | None:
    """The content hash of a page as it stands now, from the inputs its executed notebook recorded;
    None when the page was never executed or its record is missing or unreadable: it must run."""
    if not taak.uitvoer.exists():
        return None
    try:   # the notebook's JSON as written by the build; no need to validate a whole notebook for its metadata
        nb = json.loads(taak.uitvoer.read_text(encoding="utf-8"))
    except (OSError, ValueError):   # unreadable or half-written (JSONDecodeError, UnicodeDecodeError): run it again
        return None
    meta = nb.get("metadata") if isinstance(nb, dict) else None
    meta = meta.get("rekenboek") if isinstance(meta, dict) else None
    if not isinstance(meta, dict) or "leest" not in meta or "zoekt" not in meta:
        return None
    nu = inhoud_hash(taak, meta["leest"], meta["zoekt"])
    return nu if nu == meta.get("hash") else None


def boek_hash(taken: list[Taak], hashes: dict[Taak, str | None]) -> str:
    """Everything the published book is made of: every page's content hash, the hand-written chapters,
    the configuration and the table of contents. Equal hash, equal book."""
    h = hashlib.sha256()
    for t in sorted(taken, key=lambda t: str(t.uitvoer)):
        h.update(f"{t.uitvoer}:{hashes[t]}".encode())
    bestanden_hash(h, [p for p in (ROOT / "book").rglob("*") if p.is_file() and "generated" not in p.parts])
    h.update((ROOT / "_config.yml").read_bytes())
    h.update(toc_tekst(taken).encode())
    return h.hexdigest()
