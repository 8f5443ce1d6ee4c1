"""Candidate pairs of transcribed figures that state the same quantity but that no check compares.

Reads the records in ``data/cijfers/*.csv`` and the findings register written by
``python -m rekenboek check`` (``_build/rekenboek/bevindingen.csv``: for every
check its stated record and the records of its formula) and lists two kinds of
candidates, for a person to judge:

* ``waarde``: two records with the same unit and the same exact value on different
  lines (or in different documents), not trivially small, that never meet in one
  check; scored by how much their labels (rij, kolom, uitleg) share;
* ``label``: two records in different documents with the same unit, gemeente and
  jaar and clearly similar labels but different values (a later plan that may
  revise an earlier one).

Usage::

    python scripts/paren.py [--register _build/rekenboek/bevindingen.csv] [--min-score 0.3] > /tmp/paren.csv

Nothing here decides a verdict: every candidate is judged by hand, and the pairs
that do state the same quantity get a declared check in ``data/controles/``.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMERIEK = {"fte", "EUR", "aantal", "pct", "uur", "dag", "week", "maand", "jaren", "score", "ratio"}
STOP = {"de", "het", "een", "van", "en", "in", "op", "voor", "met", "per", "te", "tot", "aan", "bij", "is", "die",
        "dat", "of", "als", "om", "naar", "uit", "door", "over", "zijn", "wordt", "worden", "tm", "t", "m", "x"}


def woorden(*teksten: str) -> set[str]:
    uit = set()
    for t in teksten:
        for w in re.findall(r"[a-zà-ÿ]+", (t or "").lower()):
            if len(w) > 2 and w not in STOP:
                uit.add(w[:6])          # a crude stem: 'uitkeringseenheden' ~ 'uitkeringseenheid'
    return uit


def gelijkenis(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def lees_cijfers() -> list[dict]:
    rijen = []
    for pad in sorted((ROOT / "data" / "cijfers").glob("*.csv")):
        with pad.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r["eenheid"] not in NUMERIEK or r["notatie"] == "pm":
                    continue
                try:
                    r["_w"] = Decimal(r["waarde"])
                except InvalidOperation:
                    continue
                r["_woorden"] = woorden(r["rij"], r["kolom"], r["uitleg"], r["functie"], r["mutatiesoort"])
                rijen.append(r)
    return rijen


class Gedaan:
    """Which records a check already compares: directly (they meet in one check) or through a chain of
    one-to-one reconciliations (a = b and b = c compare a with c)."""

    def __init__(self, register: Path):
        self.paren: set[frozenset] = set()
        self.ouder: dict[str, str] = {}
        with register.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                ids = [r["gesteld_id"]] + (r.get("onderdelen") or "").split()
                for a, b in combinations(set(ids), 2):
                    self.paren.add(frozenset((a, b)))
                if len(ids) == 2:
                    self._een(*ids)

    def _wortel(self, x: str) -> str:
        while self.ouder.get(x, x) != x:
            x = self.ouder[x]
        return x

    def _een(self, a: str, b: str) -> None:
        self.ouder[self._wortel(a)] = self._wortel(b)

    def __contains__(self, paar: frozenset) -> bool:
        a, b = tuple(paar)
        return paar in self.paren or self._wortel(a) == self._wortel(b)


def triviaal(r: dict) -> bool:
    w = abs(r["_w"])
    if w == 0:
        return True
    if r["eenheid"] in ("aantal", "uur", "dag", "week", "maand", "jaren", "score") and w < 20:
        return True
    if r["eenheid"] == "fte" and w < 1:
        return True
    if r["eenheid"] == "pct" and w in (Decimal(5), Decimal(10), Decimal(25), Decimal(50), Decimal(100)):
        return True
    return False


def kandidaten(cijfers: list[dict], gedaan: "Gedaan", min_score: float):
    per_waarde = defaultdict(list)
    for r in cijfers:
        if not triviaal(r):
            per_waarde[(r["eenheid"], r["_w"])].append(r)
    for (eenheid, w), groep in per_waarde.items():
        for a, b in combinations(groep, 2):
            if (a["bestand"], a["regel"]) == (b["bestand"], b["regel"]) or frozenset((a["id"], b["id"])) in gedaan:
                continue
            if a["tabel"] == b["tabel"] or (a["jaar"] and b["jaar"] and a["jaar"] != b["jaar"]):
                continue        # cells of one table, or figures of different years, are different quantities
            if a["gemeente"] and b["gemeente"] and a["gemeente"] != b["gemeente"]:
                continue
            s = gelijkenis(a["_woorden"], b["_woorden"])
            if a["bestand"] != b["bestand"]:
                s += 0.1
            yield "waarde", round(s, 2), a, b
    per_sleutel = defaultdict(list)
    for r in cijfers:
        if r["jaar"]:
            per_sleutel[(r["eenheid"], r["gemeente"], r["jaar"])].append(r)
    for groep in per_sleutel.values():
        for a, b in combinations(groep, 2):
            if a["bestand"] == b["bestand"] or a["_w"] == b["_w"] or frozenset((a["id"], b["id"])) in gedaan:
                continue
            s = gelijkenis(a["_woorden"], b["_woorden"])
            if s >= max(min_score, 0.5):
                yield "label", round(s, 2), a, b


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--register", type=Path, default=ROOT / "_build" / "rekenboek" / "bevindingen.csv")
    p.add_argument("--min-score", type=float, default=0.0)
    a = p.parse_args(argv)
    if not a.register.exists():
        print(f"{a.register} ontbreekt: draai eerst python -m rekenboek check", file=sys.stderr)
        return 2
    gedaan = Gedaan(a.register)
    uit = sorted((k for k in kandidaten(lees_cijfers(), gedaan, a.min_score) if k[1] >= a.min_score),
                 key=lambda k: (k[0], -k[1], k[2]["id"]))
    w = csv.writer(sys.stdout)
    w.writerow(["soort", "score", "eenheid", "a", "a_regel", "a_tekst", "a_label", "b", "b_regel", "b_tekst", "b_label"])
    for soort, s, x, y in uit:
        lab = lambda r: " | ".join(v for v in (r["rij"], r["kolom"], r["uitleg"], r["gemeente"], r["jaar"]) if v)
        w.writerow([soort, s, x["eenheid"], x["id"], f'{x["bestand"][:3]}:{x["regel"]}', x["tekst"], lab(x),
                    y["id"], f'{y["bestand"][:3]}:{y["regel"]}', y["tekst"], lab(y)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
