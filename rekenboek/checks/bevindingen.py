"""The findings register: one row per declared check, as ../shared/design.md specifies."""
from __future__ import annotations

import ast
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from rekenboek.reads import gelezen, gezocht
from rekenboek.checks.engine import Bevinding, als_register_waarde, evalueer_alle, laad_controles
from rekenboek.inputs.register import Register, laad
from rekenboek.paths import data_dir, register_path

KOLOMMEN = ["id", "bestand", "regel", "tabel", "omschrijving", "soort", "gesteld", "herberekend", "verschil",
            "tolerantie", "eenheid", "oordeel", "toelichting",
            # beyond the required columns:
            "tabel_id", "gemeente", "jaar", "gesteld_tekst", "formule", "onderdelen", "bronregels", "gesteld_id"]


@dataclass
class Resultaat:
    register: Register
    bevindingen: list[Bevinding]
    tabel: pd.DataFrame


def als_tabel(register: Register, bevindingen: list[Bevinding]) -> pd.DataFrame:
    titels = register.tabellen.set_index("tabel")["titel"]
    rows = []
    for b in bevindingen:
        g = b.gesteld
        rows.append({
            "id": b.controle.id,
            "bestand": g.bestand,
            "regel": g.regel,
            "tabel": titels[g.tabel],
            "omschrijving": b.controle.omschrijving,
            "soort": b.controle.soort,
            "gesteld": als_register_waarde(b.waarde_gesteld),
            "herberekend": als_register_waarde(b.waarde_herberekend),
            "verschil": als_register_waarde(b.verschil),
            "tolerantie": als_register_waarde(b.tolerantie),
            "eenheid": b.eenheid,
            "oordeel": b.oordeel,
            "toelichting": b.toelichting,
            "tabel_id": g.tabel,
            "gemeente": g.label("gemeente"),
            "jaar": g.label("jaar"),
            "gesteld_tekst": g.tekst,
            "formule": b.controle.formule,
            "onderdelen": " ".join(c.id for c in b.onderdelen),
            "gesteld_id": g.id,
            "bronregels": " ".join(sorted({f"{c.bestand}:{c.regel}" for c in b.onderdelen})),
        })
    return pd.DataFrame(rows, columns=KOLOMMEN)


_DOCUMENT_ID = re.compile(r"^(\d{3})[a-z_-]")


def _documenten_van(controle: dict) -> set[str]:
    """The source documents a check touches: its stated figure, the ids in r() and the tables in som()."""
    docs = set()
    for tekst in [str(controle.get("gesteld", ""))] + [
            n.value for n in ast.walk(_ontleed(str(controle.get("formule", ""))))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]:
        if m := _DOCUMENT_ID.match(tekst):
            docs.add(m.group(1))
    return docs


def _ontleed(formule: str) -> ast.AST:
    try:
        return ast.parse(formule, mode="eval")
    except SyntaxError:
        return ast.parse("None", mode="eval")   # reported by the check loader, not here


def dossier(documenten, root: Path | None = None) -> frozenset[str]:
    """``documenten`` plus every document linked to them by a declared check, transitively.

    A check stated in one document may use figures of another (the 2018 plan restates the
    2017 plan); a page about one document must load both to show the same verdicts as the
    whole register does.
    """
    map_ = (Path(root) if root else data_dir()) / "controles"
    gezocht(map_, "*.yaml")
    groepen: list[set[str]] = []
    for pad in sorted(map_.glob("*.yaml")):
        gelezen(pad)
        try:
            items = yaml.safe_load(pad.read_text(encoding="utf-8")) or []
        except yaml.YAMLError:
            items = []          # the check loader reports it with file and line
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                groepen.append(_documenten_van(item))
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
    from rekenboek.inputs.register import BRONNEN_SCHEMA, EENHEDEN_SCHEMA, documenten_van, lees_csv

    root = Path(root) if root else data_dir()
    docs = documenten_van(lees_csv(root / "bronnen.csv", BRONNEN_SCHEMA), lees_csv(root / "eenheden.csv", EENHEDEN_SCHEMA),
                          eenheid)
    return laad_dossier(*docs, root=root) if docs else laad(root)


def bereken(register: Register | None = None, patroon: str = "*.yaml") -> Resultaat:
    """Validate the data (unless given), evaluate every declared check (or those in files matching ``patroon``)."""
    register = register or laad()
    bevindingen = evalueer_alle(register, laad_controles(register, patroon=patroon))
    return Resultaat(register, bevindingen, als_tabel(register, bevindingen))


def schrijf(tabel: pd.DataFrame, pad: Path | None = None) -> Path:
    """Write the register atomically: the previous file stays until the new one is complete."""
    pad = pad or register_path()
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=pad.parent, prefix=".bevindingen-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            tabel.to_csv(fh, index=False, lineterminator="\n")
        os.replace(tmp, pad)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return pad


VERWACHT_KOLOMMEN = ["id", "bestand", "regel", "soort", "gesteld", "herberekend", "verschil", "tolerantie", "eenheid", "oordeel"]


def verwacht(tabel: pd.DataFrame) -> pd.DataFrame:
    """The reviewed snapshot of the register (tests/verwacht/bevindingen.csv): verdicts and numbers only."""
    return tabel[VERWACHT_KOLOMMEN].astype(str).reset_index(drop=True)


def lees(pad: Path | None = None) -> pd.DataFrame:
    return pd.read_csv(pad or register_path(), dtype=str, keep_default_na=False)


def samenvatting(tabel: pd.DataFrame) -> pd.DataFrame:
    """Counts per source file and verdict."""
    telling = pd.crosstab(tabel["bestand"], tabel["oordeel"])
    for o in ("klopt", "afronding", "afwijking", "niet-controleerbaar"):
        if o not in telling.columns:
            telling[o] = 0
    telling = telling[["klopt", "afronding", "afwijking", "niet-controleerbaar"]]
    telling["totaal"] = telling.sum(axis=1)
    telling.columns.name = None
    return telling


def schrijf_excel(tabel: pd.DataFrame, pad: Path) -> Path:
    """The register as an Excel workbook (one sheet, text cells as in the CSV)."""
    with pd.ExcelWriter(pad, engine="openpyxl") as xl:
        tabel.to_excel(xl, sheet_name="bevindingen", index=False)
    return pad
