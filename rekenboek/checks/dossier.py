"""Which documents a page must load: a document and every document its checks link it to."""
from __future__ import annotations

import re
from pathlib import Path

from rekenboek.checks.declarations import declaraties
from rekenboek.checks.formula import teksten
from rekenboek.inputs.register import BRONNEN_SCHEMA, EENHEDEN_SCHEMA, Register, documenten_van, laad, lees_csv
from rekenboek.paths import data_dir

_DOCUMENT_ID = re.compile(r"^(\d{3})[a-z_-]")


def documenten_van_controle(controle: dict) -> set[str]:
    """The source documents a check touches: its stated figure, the ids in r() and the tables in som()."""
    docs = set()
    for tekst in [str(controle.get("gesteld", ""))] + teksten(str(controle.get("formule", ""))):
        if m := _DOCUMENT_ID.match(tekst):
            docs.add(m.group(1))
    return docs


def dossier(documenten, root: Path | None = None) -> frozenset[str]:
    """``documenten`` plus every document linked to them by a declared check, transitively.

    A check stated in one document may use figures of another (the 2018 plan restates the
    2017 plan); a page about one document must load both to show the same verdicts as the
    whole register does. Uses the same (cached) parse of the check files as the check loader.
    """
    groepen: list[set[str]] = []
    for bestand in declaraties((Path(root) if root else data_dir()) / "controles"):
        # a file that is not a list of mappings is reported by the check loader with file and row
        for item in bestand.items if isinstance(bestand.items, list) else []:
            if isinstance(item, dict):
                groepen.append(documenten_van_controle(item))
    uit = set(documenten)
    while True:
        erbij = set().union(*(g for g in groepen if g & uit)) - uit
        if not erbij:
            return frozenset(uit)
        uit |= erbij


def laad_dossier(*documenten: str, root: Path | None = None) -> Register:
    """The register restricted to ``documenten`` and the documents checks link them to (see :func:`dossier`)."""
    return laad(root, documenten=dossier(documenten, root))


def laad_eenheid(eenheid: str, root: Path | None = None) -> Register:
    """The register restricted to the documents about ``eenheid``'s cooperation (and their dossier)."""
    root = Path(root) if root else data_dir()
    docs = documenten_van(lees_csv(root / "bronnen.csv", BRONNEN_SCHEMA), lees_csv(root / "eenheden.csv", EENHEDEN_SCHEMA),
                          eenheid)
    return laad_dossier(*docs, root=root) if docs else laad(root)
