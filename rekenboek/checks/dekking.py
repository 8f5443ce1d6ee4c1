"""Completeness of the transcription: every numeric token on a declared line is accounted for.

A token is a printed number (``334,91``, ``13.5``, ``2017``) or a date
(``1-1-2016``). On every line inside a declared table or passage, each token
must be covered by a transcribed record on that line (its printed text, or its
salary scale label) or by an explicit exclusion with a reason
(``data/uitsluitingen/``). Lines with numbers outside every declared range are
reported too, so nothing in a source document can be skipped silently.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rekenboek.inputs.register import Register
from rekenboek.inputs.sources import regels

TOKEN = re.compile(r"(?<!\d)\d{1,2}-\d{1,2}-\d{4}(?!\d)|\d+(?:[.,]\d+)*")


def tokens(tekst: str) -> list[str]:
    return TOKEN.findall(tekst)


@dataclass
class Dekking:
    ongedekt: list[tuple[str, int, str, str]] = field(default_factory=list)     # bestand, regel, token, regeltekst
    niet_op_regel: list[tuple[str, str, int, str]] = field(default_factory=list)  # id, bestand, regel, tekst
    overbodig: list[tuple[str, int, str, str]] = field(default_factory=list)    # bestand, regel, token, waar vandaan
    buiten: list[tuple[str, int, list[str], str]] = field(default_factory=list)  # bestand, regel, tokens, regeltekst
    per_tabel: pd.DataFrame | None = None
    per_patroon: dict = field(default_factory=dict)

    @property
    def volledig(self) -> bool:
        return not (self.ongedekt or self.overbodig or self.buiten or self.niet_op_regel)


def bereken(register: Register, bronnen: Path | None = None, bestanden: list[str] | None = None,
            van: int | None = None, tot: int | None = None) -> Dekking:
    """Coverage of the declared ranges (optionally: some source files, a window of lines)."""
    uit = Dekking()
    per_regel: dict[tuple[str, int], Counter] = {}
    herkomst: dict[tuple[str, int], list[str]] = {}
    for c in register.cijfers.values():
        k = (c.bestand, c.regel)
        teller = per_regel.setdefault(k, Counter())
        for t in tokens(c.tekst):
            teller[t] += 1
        schaal = c.label("salarisschaal")
        if schaal:
            teller[schaal] += 1
        herkomst.setdefault(k, []).append(c.id)
    uitgesloten: dict[tuple[str, int], Counter] = {}
    for r in register.uitsluitingen.to_dict("records"):
        k = (r["bestand"], int(r["regel"]))
        uitgesloten.setdefault(k, Counter())[r["token"]] += int(r["aantal"] or 1)

    patronen = [(re.compile(r["patroon"]), r["patroon"]) for r in register.patronen.to_dict("records")]
    per_patroon: Counter = Counter()

    def naam_tokens(regel: str) -> Counter:
        """Tokens inside a declared name pattern ('3D', 'Wmo 2015') are excluded, and counted per pattern."""
        teller = Counter()
        for rx, bron in patronen:
            for m in rx.finditer(regel):
                gevonden = tokens(m.group(0))
                teller.update(gevonden)
                per_patroon[bron] += len(gevonden)
        return teller

    def binnen(bestand: str, n: int) -> bool:
        return (not bestanden or any(bestand.startswith(b) for b in bestanden)) and \
            (van is None or n >= van) and (tot is None or n <= tot)

    in_bereik: dict[str, set[int]] = {}
    stats = []
    for t in register.tabellen.to_dict("records"):
        b, a, z = t["bestand"], int(t["regel_van"]), int(t["regel_tot"])
        in_bereik.setdefault(b, set()).update(range(a, z + 1))
        if bestanden and not any(b.startswith(x) for x in bestanden):
            continue
        lijnen = regels(b, bronnen)
        n_tok = n_rec = n_uit = n_open = 0
        for n in range(a, min(z, len(lijnen)) + 1):
            if not binnen(b, n):
                continue
            regel = lijnen[n - 1]
            gedrukt = Counter(tokens(regel))
            gedekt = per_regel.get((b, n), Counter())
            uitsl = uitgesloten.get((b, n), Counter())
            namen = naam_tokens(regel)
            n_tok += sum(gedrukt.values())
            zonder_namen = gedrukt - namen
            rest = zonder_namen - gedekt
            n_rec += sum((zonder_namen - rest).values())
            over_rec = gedekt - zonder_namen
            rest2 = rest - uitsl
            n_uit += sum((rest - rest2).values()) + sum((gedrukt - zonder_namen).values())
            over_uit = uitsl - rest
            for tok, aantal in rest2.items():
                uit.ongedekt += [(b, n, tok, regel)] * aantal
                n_open += aantal
            for tok, aantal in over_rec.items():
                uit.overbodig += [(b, n, tok, "cijfer " + ", ".join(herkomst.get((b, n), [])))] * aantal
            for tok, aantal in over_uit.items():
                uit.overbodig += [(b, n, tok, "uitsluiting")] * aantal
        stats.append({"bestand": b, "tabel": t["tabel"], "titel": t["titel"], "soort": t["soort"],
                      "regels": f"{a}-{z}", "getallen": n_tok, "overgenomen": n_rec, "uitgesloten": n_uit,
                      "open": n_open})
    uit.per_tabel = pd.DataFrame(stats)
    uit.per_patroon = dict(per_patroon)
    # records or exclusions on lines outside every declared range
    for (b, n), teller in list(per_regel.items()) + list(uitgesloten.items()):
        if binnen(b, n) and n not in in_bereik.get(b, set()):
            for tok in teller:
                uit.overbodig.append((b, n, tok, "buiten elke gedeclareerde tabel of passage"))
    # provenance: every record's printed text occurs on its line
    for c in register.cijfers.values():
        if binnen(c.bestand, c.regel):
            lijnen = regels(c.bestand, bronnen)
            if c.regel > len(lijnen) or c.tekst not in lijnen[c.regel - 1]:
                uit.niet_op_regel.append((c.id, c.bestand, c.regel, c.tekst))
    # lines with numbers that no declared range covers
    for b in sorted(set(register.bronnen["bestand"])):
        if bestanden and not any(b.startswith(x) for x in bestanden):
            continue
        for n, regel in enumerate(regels(b, bronnen), start=1):
            if binnen(b, n) and n not in in_bereik.get(b, set()) and tokens(regel):
                uit.buiten.append((b, n, tokens(regel), regel))
    return uit


def rapport(d: Dekking, max_regels: int = 400) -> str:
    """Plain-text report for the command line."""
    out = []
    if d.per_tabel is not None and len(d.per_tabel):
        tot = d.per_tabel[["getallen", "overgenomen", "uitgesloten", "open"]].sum()
        out.append(f"getallen in gedeclareerde bereiken: {tot['getallen']}; overgenomen {tot['overgenomen']}, "
                   f"uitgesloten {tot['uitgesloten']}, open {tot['open']}")
    if d.niet_op_regel:
        out.append(f"\nNIET OP REGEL ({len(d.niet_op_regel)}): de gedrukte tekst van het cijfer staat niet op de genoemde regel")
        out += [f"  {i}: {t!r} niet op {b}:{n}" for i, b, n, t in d.niet_op_regel[:max_regels]]
    if d.ongedekt:
        out.append(f"\nNIET GEDEKT ({len(d.ongedekt)}): token op een gedeclareerde regel zonder cijfer of uitsluiting")
        vorige = None
        for b, n, tok, regel in d.ongedekt[:max_regels]:
            if (b, n) != vorige:
                out.append(f"  {b}:{n}: {regel.strip()[:160]}")
                vorige = (b, n)
            out.append(f"      -> {tok}")
    if d.overbodig:
        out.append(f"\nOVERBODIG ({len(d.overbodig)}): dekking voor een token dat niet (zo vaak) op de regel staat")
        out += [f"  {b}:{n}: {tok} ({waar})" for b, n, tok, waar in d.overbodig[:max_regels]]
    if d.buiten:
        out.append(f"\nBUITEN BEREIK ({len(d.buiten)}): regels met getallen buiten elke gedeclareerde tabel of passage")
        out += [f"  {b}:{n}: {' '.join(t)} | {r.strip()[:120]}" for b, n, t, r in d.buiten[:max_regels]]
    if d.volledig:
        out.append("volledig: elk getal is overgenomen of met reden uitgesloten")
    return "\n".join(out)
