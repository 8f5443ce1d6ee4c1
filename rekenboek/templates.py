"""The notebook templates in ``notebooks/``: one registry of their names, Dutch titles, scope and
nbval strictness.

Pure data at the foundation level, so that both the build (which runs the templates) and the
report pages (which link to each other's chapters) read the same titles without importing each
other. Adding a template is a notebook in ``notebooks/`` plus one line here.

Scope (``bereik``) says which parameters a template takes and so how often the build runs it:

- ``boek``: no parameters; executed once per book (landing page, register, coverage, KPI overview);
- ``bron``: parameter ``bestand``; executed once per source document in ``data/bronnen.csv``;
- ``eenheid-jaar``: parameters ``gemeente`` and ``jaar``; executed for every row of
  ``data/matrix.csv`` that names it;
- ``model``: parameter ``model``; executed once per financial model in :data:`MODELLEN`.

``nbval_strikt``: nbval compares the template's committed outputs cell by cell. The others show
the whole register, which changes with every data edit: they are committed without outputs and
nbval only executes them (``nbval-ignore-output``).
"""
from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["Bereik", "Template", "TEMPLATES", "ALGEMEEN", "PER_BRON", "PER_EENHEID", "PER_MODEL", "MODELLEN",
           "NBVAL_STRIKT", "titel", "parameters_van"]

Bereik = Literal["boek", "bron", "eenheid-jaar", "model"]

#: the financial models (``rekenboek.models.vergelijking.MODELLEN``) and how the book's navigation names them
MODELLEN: dict[str, str] = {"scenario": "Maastricht 2020-2024", "szmh": "SZMH", "kostenverdeling": "MLW"}


@dataclass(frozen=True)
class Template:
    """One notebook template: ``notebooks/<naam>.ipynb``."""

    naam: str
    titel: str            # Dutch chapter title, as in the table of contents and the unit indexes
    bereik: Bereik
    nbval_strikt: bool = False


# Order matters: book pages in the order the build runs them, unit pages in chapter order.
TEMPLATES: dict[str, Template] = {t.naam: t for t in (
    Template("start", "Rekenboek sociaal domein", "boek"),
    Template("bevindingen", "Bevindingen", "boek"),
    Template("dekking", "Dekking van de transcriptie", "boek"),
    Template("kpi_overzicht", "KPI: de zes MH-gemeenten vergeleken", "boek"),
    Template("aannames", "Aannames van de rekenmodellen", "boek"),
    Template("bron", "Bron", "bron"),
    Template("cijfers", "Cijfers", "eenheid-jaar"),
    Template("formatie", "Formatie", "eenheid-jaar", nbval_strikt=True),
    Template("financien", "Financiën", "eenheid-jaar"),
    Template("kpi", "KPI", "eenheid-jaar"),
    Template("vergelijking", "Vergelijking en gevoeligheid", "model"),
)}

ALGEMEEN: tuple[str, ...] = tuple(n for n, t in TEMPLATES.items() if t.bereik == "boek")
PER_BRON: tuple[str, ...] = tuple(n for n, t in TEMPLATES.items() if t.bereik == "bron")
PER_EENHEID: tuple[str, ...] = tuple(n for n, t in TEMPLATES.items() if t.bereik == "eenheid-jaar")
PER_MODEL: tuple[str, ...] = tuple(n for n, t in TEMPLATES.items() if t.bereik == "model")
NBVAL_STRIKT: tuple[str, ...] = tuple(n for n, t in TEMPLATES.items() if t.nbval_strikt)


def titel(naam: str) -> str:
    """The Dutch title of template ``naam``; an unregistered name is shown capitalised."""
    t = TEMPLATES.get(naam)
    return t.titel if t is not None else naam.capitalize()


def parameters_van(notebook: Path) -> tuple[str, ...]:
    """The parameter names a template declares: the assignments in its cell tagged ``parameters``, in order."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    for cel in nb.get("cells", []):
        if "parameters" in cel.get("metadata", {}).get("tags", []):
            bron = "".join(cel["source"]) if isinstance(cel["source"], list) else cel["source"]
            namen = []
            for stmt in ast.parse(bron).body:
                doelen = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
                namen += [d.id for d in doelen if isinstance(d, ast.Name)]
            return tuple(namen)
    return ()
