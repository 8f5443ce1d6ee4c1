"""Which input files a page reads, recorded while it runs.

The build driver sets ``REKENBOEK_GELEZEN`` to a file before it executes a page; every
reader in the package (``data.lees_csv``, the check loader, the source reader) calls
:func:`gelezen`, which appends the path to that file once per page (per list file: a warm kernel runs many pages). A glob over a
directory is recorded as well (:func:`gezocht`), so that a file added to that directory
makes the page stale. The driver stores the list in the executed notebook and hashes
exactly those files the next time (see ``build.inhoud_hash``).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

OMGEVING = "REKENBOEK_GELEZEN"
_GEZIEN: set[tuple[str, str]] = set()   # (list file, entry): once per page, also in a warm kernel


def _schrijf(regel: dict) -> None:
    sleutel = json.dumps(regel, sort_keys=True)
    doel = os.environ.get(OMGEVING)
    if (doel, sleutel) in _GEZIEN:
        return
    _GEZIEN.add((doel, sleutel))
    if doel:
        with open(doel, "a", encoding="utf-8") as fh:
            fh.write(sleutel + "\n")


def gelezen(pad: Path) -> None:
    """Record that the file ``pad`` was read."""
    _schrijf({"bestand": str(Path(pad).resolve())})


def gezocht(map_: Path, patroon: str) -> None:
    """Record that ``map_`` was searched with the glob ``patroon`` (the set of matches is an input too)."""
    _schrijf({"map": str(Path(map_).resolve()), "patroon": patroon})


def lees_lijst(pad: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """The files and globs recorded in ``pad`` (as written by a page run), sorted and deduplicated."""
    bestanden, globs = set(), set()
    if pad.exists():
        for regel in pad.read_text(encoding="utf-8").splitlines():
            if not regel.strip():
                continue
            r = json.loads(regel)
            if "bestand" in r:
                bestanden.add(r["bestand"])
            else:
                globs.add((r["map"], r["patroon"]))
    return sorted(bestanden), sorted(globs)
