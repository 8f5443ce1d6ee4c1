"""What the book is made of: the pages (tasks) from the matrix and the sources, the table of
contents and the index pages per unit and per year.

A page is a template (see :mod:`rekenboek.templates`) with its parameters; the build reaches the
page code only through the template's name and papermill, never by importing it.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from rekenboek.inputs.eenheden import slug
from rekenboek.inputs.register import Register
from rekenboek.paths import generated_dir
from rekenboek.templates import ALGEMEEN, MODELLEN, PER_BRON, PER_MODEL, titel

__all__ = ["Taak", "taken_algemeen", "taken_modellen", "taken_bronnen", "taken_uit_matrix", "alle_taken", "toc",
           "toc_tekst", "index_paginas"]


@dataclass(frozen=True)
class Taak:
    """One page: a template with its parameters (a unit and year, a source document, a model, or none)."""

    template: str
    gemeente: str | None
    jaar: int | None
    bestand: str | None = None      # for the page per source document
    titel_bron: str = ""
    model: str | None = None        # for the page per financial model (templates.MODELLEN)
    aannames: str = ""              # a scenario's overrides for this page, as canonical JSON ('' = the documents')

    @property
    def uitvoer(self) -> Path:
        """Where the executed notebook goes (deterministic, under ``book/generated/``)."""
        if self.bestand is not None:
            return generated_dir() / self.template / f"{self.bestand[:3]}.ipynb"
        if self.model is not None:
            return generated_dir() / self.template / f"{self.model}.ipynb"
        if self.gemeente is None:
            return generated_dir() / f"{self.template}.ipynb"
        return generated_dir() / self.template / f"{slug(self.gemeente, self.jaar)}.ipynb"

    @property
    def parameters(self) -> dict:
        """The papermill parameters of this page."""
        if self.bestand is not None:
            return {"bestand": self.bestand}
        eigen = json.loads(self.aannames) if self.aannames else {}
        if self.model is not None:
            return {"model": self.model, **eigen}
        return eigen if self.gemeente is None else {"gemeente": self.gemeente, "jaar": self.jaar, **eigen}

    @property
    def titel(self) -> str:
        """The page heading the build writes over the template's first cell ('' keeps the template's own)."""
        if self.bestand is not None:
            return f"Bron {self.bestand[:3]}: {self.titel_bron}"
        if self.model is not None:
            return f"{titel(self.template)}: {MODELLEN[self.model]}"
        if self.gemeente is None:
            return ""
        return f"{titel(self.template)} {self.gemeente} {self.jaar}"

    @property
    def nav_titel(self) -> str:
        if self.model is not None:
            return f"{titel(self.template)}: {MODELLEN[self.model]}"
        return f"{self.bestand[:3]} {self.titel_bron}" if self.bestand is not None else f"{self.gemeente} {self.jaar}"

    def omschrijving(self) -> str:
        """How progress lines and failure summaries name this page."""
        if self.bestand is not None:
            return f"{self.template} {self.bestand[:3]}"
        if self.model is not None:
            return f"{self.template} {self.model}"
        return self.template if self.gemeente is None else f"{self.template} {self.gemeente} {self.jaar}"


def taken_algemeen() -> list[Taak]:
    """The book pages without parameters (landing page, register, coverage, KPI overview)."""
    return [Taak(t, None, None) for t in ALGEMEEN]


def taken_modellen() -> list[Taak]:
    """One page per financial model (the comparison and sensitivity page)."""
    return [Taak(t, None, None, model=m) for t in PER_MODEL for m in MODELLEN]


def taken_bronnen(data: Register) -> list[Taak]:
    """One page per source document in ``data/bronnen.csv``."""
    return [Taak(t, None, None, bestand=r["bestand"], titel_bron=r["titel"])
            for t in PER_BRON for r in data.bronnen.to_dict("records")]


def taken_uit_matrix(data: Register, gemeenten=None, jaren=None) -> list[Taak]:
    """The unit pages of ``data/matrix.csv``, optionally only for some units and years."""
    taken = []
    for r in data.matrix.to_dict("records"):
        jaar = int(r["jaar"])
        if gemeenten and r["gemeente"] not in gemeenten:
            continue
        if jaren and jaar not in jaren:
            continue
        taken.append(Taak(r["template"], r["gemeente"], jaar))
    return taken


def alle_taken(data: Register, gemeenten=None, jaren=None) -> list[Taak]:
    """Every page of a book: the book pages, the source pages and the unit pages of the matrix."""
    return taken_algemeen() + taken_modellen() + taken_bronnen(data) + taken_uit_matrix(data, gemeenten, jaren)


# --------------------------------------------------------------------- toc
def _rel(t: Taak) -> str:
    return ("book/generated" / t.uitvoer.relative_to(generated_dir()).with_suffix("")).as_posix()


def _eenheid_slug(gemeente: str) -> str:
    return slug(gemeente, 0).rsplit("-", 1)[0]


def _per_eenheid(taken: list[Taak]) -> dict[str, list[Taak]]:
    """Unit pages grouped per unit, in the order of first appearance, each sorted by year and template."""
    groepen: dict[str, list[Taak]] = {}
    for t in taken:
        if t.gemeente is not None:
            groepen.setdefault(t.gemeente, []).append(t)
    return {g: sorted(ts, key=lambda t: (t.jaar, t.template)) for g, ts in groepen.items()}


def toc(taken: list[Taak]) -> dict:
    """The Jupyter Book table of contents: accountability chapters, pages per unit, per year, per source."""
    verantwoording = [{"file": "book/methode"}, {"file": "book/generated/bevindingen"}, {"file": "book/generated/dekking"},
                      {"file": "book/generated/kpi_overzicht"}, {"file": "book/woordenlijst"}, {"file": "book/generated/colofon"}]
    eenheden = [{"file": f"book/generated/eenheid/{_eenheid_slug(g)}", "title": g,
                 "sections": [{"file": _rel(t), "title": f"{titel(t.template)} {t.jaar}"} for t in ts]}
                for g, ts in _per_eenheid(taken).items()]
    jaren = sorted({t.jaar for t in taken if t.jaar is not None})
    modellen = ([{"file": "book/generated/aannames"}] if any(t.template == "aannames" for t in taken) else []) + [
        {"file": _rel(t), "title": t.nav_titel} for t in taken if t.model is not None]
    parts = [{"caption": "Verantwoording", "chapters": verantwoording},
             {"caption": "Rekenmodellen", "chapters": modellen},
             {"caption": "Per eenheid", "chapters": eenheden},
             {"caption": "Per jaar", "chapters": [{"file": f"book/generated/jaar/{j}", "title": str(j)} for j in jaren]},
             {"caption": "Brondocumenten", "chapters": [{"file": _rel(t), "title": t.nav_titel} for t in taken if t.bestand]}]
    return {"format": "jb-book", "root": "book/generated/start", "parts": [p for p in parts if p["chapters"]]}


def toc_tekst(taken: list[Taak]) -> str:
    """``_toc.yml`` as text, with a header that says where it comes from."""
    kop = "# Generated by `python -m rekenboek build` from data/matrix.csv; do not edit by hand.\n"
    return kop + yaml.safe_dump(toc(taken), sort_keys=False, allow_unicode=True)


def _link(t: Taak) -> str:
    return f"[{titel(t.template)}](../{t.uitvoer.relative_to(generated_dir()).as_posix()})"


def index_paginas(data: Register, taken: list[Taak]) -> dict[str, str]:
    """Markdown index pages per unit and per year (links only; every figure lives on the linked pages)."""
    uit: dict[str, str] = {}
    toelichting = data.eenheden.set_index("gemeente")["toelichting"]
    e = lambda tekst: html.escape(tekst, quote=False)   # noqa: E731  text from data/ is shown as text, never as HTML
    for g, ts in _per_eenheid(taken).items():
        regels = [f"# {e(g)}", ""]
        if toelichting.get(g):
            regels += [e(toelichting[g]), ""]
        regels += ["Pagina's per jaar en hoofdstuk:", ""]
        for jaar in sorted({t.jaar for t in ts}):
            regels.append(f"- **{jaar}**: {', '.join(_link(t) for t in ts if t.jaar == jaar)}")
        uit[f"eenheid/{_eenheid_slug(g)}.md"] = "\n".join(regels) + "\n"
    for jaar in sorted({t.jaar for t in taken if t.jaar is not None}):
        regels = [f"# {jaar}", "", "Pagina's over dit jaar, per eenheid:", ""]
        for g, ts in _per_eenheid(taken).items():
            links = ", ".join(_link(t) for t in ts if t.jaar == jaar)
            if links:
                regels.append(f"- **{e(g)}**: {links}")
        uit[f"jaar/{jaar}.md"] = "\n".join(regels) + "\n"
    return uit
