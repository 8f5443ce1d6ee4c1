"""The five source documents: locating them, verifying their checksums, reading lines."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from rekenboek.reads import gelezen
from rekenboek.errors import InvoerFout, InvoerFouten
from rekenboek.paths import bronnen_dir


class BronnenOntbreken(Exception):
    """The source documents are not available (tests skip, the check notes it)."""


def bron_pad(bestand: str, map_: Path | None = None) -> Path:
    return (map_ or bronnen_dir()) / bestand


def beschikbaar(bestanden, map_: Path | None = None) -> bool:
    return all(bron_pad(b, map_).is_file() for b in bestanden)


def sha256(pad: Path) -> str:
    return hashlib.sha256(pad.read_bytes()).hexdigest()


def verifieer(bronnen_df, map_: Path | None = None) -> None:
    """Every catalogued source must exist and match its checksum.

    Raises BronnenOntbreken when the directory holds none of them (so the caller
    can say the sources were not verified), and InvoerFout(en) when a file is
    missing from a directory that holds others, or when a checksum differs.
    """
    map_ = map_ or bronnen_dir()
    aanwezig = [b for b in bronnen_df["bestand"] if bron_pad(b, map_).is_file()]
    if not aanwezig:
        raise BronnenOntbreken(f"geen bronbestanden gevonden in {map_} (zet REKENBOEK_BRONNEN)")
    fouten = []
    for i, r in enumerate(bronnen_df.to_dict("records"), start=1):
        pad = bron_pad(r["bestand"], map_)
        if not pad.is_file():
            fouten.append(InvoerFout("data/bronnen.csv", i, "bestand", f"bronbestand {pad} ontbreekt"))
        elif (werkelijk := sha256(pad)) != r["sha256"]:
            fouten.append(InvoerFout("data/bronnen.csv", i, "sha256",
                                     f"checksum van {pad} is {werkelijk}, verwacht {r['sha256']}: de bron is gewijzigd"))
    if fouten:
        raise InvoerFouten(fouten)


@lru_cache(maxsize=16)
def _regels(pad: str) -> tuple[str, ...]:
    return tuple(Path(pad).read_text(encoding="utf-8").splitlines())


def regels(bestand: str, map_: Path | None = None) -> tuple[str, ...]:
    pad = bron_pad(bestand, map_)
    if not pad.is_file():
        raise BronnenOntbreken(f"bronbestand {pad} niet gevonden")
    gelezen(pad)
    return _regels(str(pad))


def regel(bestand: str, nummer: int, map_: Path | None = None) -> str:
    """Line ``nummer`` (1-based) of a source file."""
    alle = regels(bestand, map_)
    if not 1 <= nummer <= len(alle):
        raise IndexError(f"{bestand} heeft {len(alle)} regels; regel {nummer} bestaat niet")
    return alle[nummer - 1]


def fragment(bestand: str, nummer: int, context: int = 3, map_: Path | None = None) -> list[tuple[int, str]]:
    """The cited line with ``context`` lines before and after, as (line number, text)."""
    alle = regels(bestand, map_)
    van, tot = max(1, nummer - context), min(len(alle), nummer + context)
    return [(n, alle[n - 1]) for n in range(van, tot + 1)]


def herkomst(register, map_: Path | None = None) -> list[InvoerFout]:
    """Provenance of the loaded register against the sources (which must be present).

    Every record's printed text stands on the line it cites (a record moved to a line that
    does not print it, or printed text that is not on its line, is an error); no record,
    table range or document date cites a line past the end of its source. One pass over
    lines already in memory: fast enough for every ``check`` and ``build``.
    """
    fouten: list[InvoerFout] = []
    lengte: dict[str, int] = {}
    for i, r in enumerate(register.bronnen.to_dict("records"), start=1):
        alle = regels(r["bestand"], map_)
        lengte[r["bestand"]] = len(alle)
        if int(r["datum_regel"]) > len(alle):
            fouten.append(InvoerFout("data/bronnen.csv", i, "datum_regel",
                                     f"regel {r['datum_regel']} bestaat niet: {r['bestand']} heeft {len(alle)} regels"))
    for t in register.tabellen.to_dict("records"):
        n = lengte.get(t["bestand"])
        if n is not None and int(t["regel_tot"]) > n:
            csv_, rij = register.tabel_herkomst.get(t["tabel"], ("data/tabellen", None))
            fouten.append(InvoerFout(csv_, rij, "regel_tot", f"tabel {t['tabel']!r} loopt tot regel {t['regel_tot']}, "
                                                             f"maar {t['bestand']} heeft {n} regels"))
    for c in register.cijfers.values():
        n = lengte.get(c.bestand)
        if n is None:
            continue
        if c.regel > n:
            fouten.append(InvoerFout(c.csv, c.rij, "regel", f"regel {c.regel} bestaat niet: {c.bestand} heeft {n} regels"))
            continue
        lijn = regels(c.bestand, map_)[c.regel - 1]
        if c.tekst not in lijn:
            kort = lijn.strip() if len(lijn.strip()) <= 100 else lijn.strip()[:97] + "..."
            fouten.append(InvoerFout(c.csv, c.rij, "tekst", f"de gedrukte tekst {c.tekst!r} staat niet op regel {c.regel} van "
                                                            f"{c.bestand} (daar staat {kort!r}); klopt de tekst of de regel niet?"))
    for u in register.uitsluitingen.to_dict("records"):     # an exclusion names a token printed on its line, too
        n = lengte.get(u["bestand"])
        if n is None:
            continue
        if int(u["regel"]) > n:
            fouten.append(InvoerFout(u["_csv"], u["_rij"], "regel", f"regel {u['regel']} bestaat niet: {u['bestand']} heeft {n} regels"))
        elif u["token"] not in regels(u["bestand"], map_)[int(u["regel"]) - 1]:
            fouten.append(InvoerFout(u["_csv"], u["_rij"], "token", f"{u['token']!r} staat niet op regel {u['regel']} van {u['bestand']}"))
    return fouten


def buiten_bron(bestand: str, regel: int, map_: Path | None = None) -> str | None:
    """Why ``regel`` does not exist in a source (a message), or None when it does."""
    n = len(regels(bestand, map_))
    return None if 1 <= regel <= n else f"regel {regel} bestaat niet: {bestand} heeft {n} regels"
