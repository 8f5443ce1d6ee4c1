"""A scenario book: the pages an analyst's assumptions affect, executed with them and rendered into a
directory of its own, never touching ``_build/html`` or ``book/generated``.

The caller (the command line) validates the scenario file and decides, per page, which overrides
the page receives (:class:`ScenarioBoek`); the build knows pages only through the template
registry and papermill. A template that declares an assumption parameter receives the scenario's
value under that same name (:func:`scenario_taken`). The executed notebooks go to
``<uit>/generated`` (``REKENBOEK_GENERATED`` is pointed there for the run), the book to
``<uit>/html``, replaced atomically and only when it rendered.

Every page carries the theme's announcement banner (scenario name, what differs from the
documents); the start page lists the overrides and the warnings of values outside their plausible
range; the colophon lists the overrides and the scenario file's sha256. The checks of printed
figures are those of the documents: a scenario result is never presented as a finding.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rekenboek.build.execute import voer_uit
from rekenboek.build.pages import Taak, taken_uit_matrix
from rekenboek.build.publish import colofon, laat_weg_wat_lezers_niet_gebruiken
from rekenboek.errors import InvoerFout
from rekenboek.inputs.register import Register
from rekenboek.paths import ROOT, build_dir, generated_dir, notebooks_dir
from rekenboek.templates import MODELLEN, TEMPLATES, parameters_van

__all__ = ["ScenarioBoek", "scenario_dir", "scenario_taken", "voer_scenario_uit", "bouw_scenario", "config_tekst",
           "colofon_regels", "startpagina", "zonder_dode_links"]


@dataclass(frozen=True)
class ScenarioBoek:
    """What the build needs to know of a validated scenario (plain data: the build imports no models)."""

    naam: str
    slug: str
    beschrijving: str
    bestand: Path
    sha256: str
    aannames: dict[str, object]                  # parameter name -> value
    betekenis: dict[str, str]                    # parameter name -> its meaning (for the start page)
    waarschuwingen: tuple[str, ...] = ()
    jaren: tuple[int, ...] = ()
    overige: dict[str, str] = field(default_factory=dict)   # auteur, datum
    modellen: dict[str, str] = field(default_factory=dict)  # parameter name -> its model (for the comparison pages)


def scenario_dir(boek: ScenarioBoek, uit: Path | None = None) -> Path:
    """The scenario book's directory (default ``_build/scenario/<slug>``); it may not hold or lie inside the
    published book, the executed pages of the official book, or the repository's sources."""
    doel = Path(uit).resolve() if uit else build_dir() / "scenario" / boek.slug
    verboden = [build_dir() / "html", generated_dir(), ROOT / "book", ROOT / "data", ROOT / "notebooks",
                ROOT / "rekenboek"]
    for v in verboden:
        if doel == v or doel.is_relative_to(v) or v.is_relative_to(doel):
            raise InvoerFout("--uit", None, None, f"{doel} valt samen met {v}; kies een eigen map voor het "
                                                  "scenarioboek (standaard _build/scenario/<naam>)")
    return doel


def scenario_taken(data: Register, boek: ScenarioBoek, paginas_voor, gemeenten=None, jaren=None) -> list[Taak]:
    """The pages the overrides affect: every page (of the matrix, or a book page) whose template declares one
    of the scenario's parameters, with the overrides ``paginas_voor(gemeente, declared names)`` gives it."""
    uit: list[Taak] = []
    jaren = list(jaren or []) or list(boek.jaren)
    for naam, t in TEMPLATES.items():
        verklaard = set(parameters_van(notebooks_dir() / f"{naam}.ipynb"))
        if not verklaard & set(boek.aannames):
            continue
        if t.bereik == "boek":
            kandidaten = [Taak(naam, None, None)]
        elif t.bereik == "eenheid-jaar":
            kandidaten = [k for k in taken_uit_matrix(data, gemeenten, jaren) if k.template == naam]
        elif t.bereik == "model":      # the comparison page of each model the scenario changes, with its own overrides
            kandidaten = [Taak(naam, None, None, model=m) for m in MODELLEN]
        else:
            kandidaten = []
        for k in kandidaten:
            eigen = paginas_voor(k.gemeente, verklaard)
            if k.model is not None:
                eigen = {n: v for n, v in eigen.items() if boek.modellen.get(n) == k.model}
                if eigen:
                    uit.append(Taak(k.template, None, None, model=k.model, aannames=json.dumps(eigen, sort_keys=True)))
                continue
            if eigen:
                uit.append(Taak(k.template, k.gemeente, k.jaar, aannames=json.dumps(eigen, sort_keys=True)))
    return uit


@contextmanager
def _gegenereerd_in(map_: Path):
    """Point REKENBOEK_GENERATED (and so every worker and kernel) at the scenario's own directory."""
    vorige = os.environ.get("REKENBOEK_GENERATED")
    os.environ["REKENBOEK_GENERATED"] = str(map_)
    try:
        yield
    finally:
        if vorige is None:
            os.environ.pop("REKENBOEK_GENERATED", None)
        else:
            os.environ["REKENBOEK_GENERATED"] = vorige


def voer_scenario_uit(taken: list[Taak], uit: Path, jobs: int | None = None) -> tuple[list[Path], list[str]]:
    """Execute the scenario's pages into ``<uit>/generated``; return the notebooks and the failures."""
    with _gegenereerd_in(uit / "generated"):
        _, fouten = voer_uit(taken, jobs=jobs, force=True)
        return [t.uitvoer for t in taken], fouten


def _waarde(v: object) -> str:
    return json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v)


def _md(tekst: str) -> str:
    """Text from the scenario file, shown as text (no markup of the file's author executes in the book)."""
    return html.escape(tekst).replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


def afwijkingen(boek: ScenarioBoek) -> list[str]:
    """Markdown table of the overrides: parameter, value, meaning."""
    regels = ["| aanname | waarde in dit scenario | betekenis |", "|---|---|---|"]
    regels += [f"| `{n}` | `{_waarde(v)}` | {_md(boek.betekenis.get(n, ''))} |" for n, v in boek.aannames.items()]
    return regels


def colofon_regels(boek: ScenarioBoek) -> list[str]:
    """The scenario section of the colophon."""
    return ["## Scenario", "",
            f"- Naam: {_md(boek.naam)}",
            *([f"- Beschrijving: {_md(boek.beschrijving)}"] if boek.beschrijving else []),
            *[f"- {k.capitalize()}: {_md(v)}" for k, v in boek.overige.items() if v],
            f"- Scenariobestand: `{_md(boek.bestand.name)}`, sha256 `{boek.sha256}`", "",
            "Afwijkend van de documenten:", "", *afwijkingen(boek)]


def startpagina(boek: ScenarioBoek, taken: list[Taak]) -> str:
    """The scenario book's landing page."""
    regels = [f"# Scenario: {_md(boek.naam)}", ""]
    if boek.beschrijving:
        regels += [_md(boek.beschrijving), ""]
    regels += ["Dit is een **scenarioboek**: de modellen rekenen hier met de aannames hieronder in plaats van met die "
               "van de documenten. De uitkomsten zijn geen bevindingen over de bronnen; de controles van gedrukte "
               "cijfers blijven zoals in de documenten. Het gepubliceerde rekenboek is niet veranderd.", "",
               "## Wat afwijkt van de documenten", "", *afwijkingen(boek), ""]
    if boek.waarschuwingen:
        regels += ["## Let op: ongebruikelijke aannames", "",
                   "Deze waarden zijn mogelijk, maar vallen buiten wat gebruikelijk is "
                   "(`data/modellen/aannames.csv`):", "", *[f"- {_md(w)}" for w in boek.waarschuwingen], ""]
    regels += ["## De pagina's van dit scenario", "",
               *[f"- [{_md(t.titel or t.template)}]({t.uitvoer.relative_to(generated_dir()).as_posix()})" for t in taken],
               "", "De colofon noemt het scenariobestand met zijn sha256.", ""]
    return "\n".join(regels)


def _toc(taken: list[Taak]) -> dict:
    paginas = [{"file": f"book/generated/{t.uitvoer.relative_to(generated_dir()).with_suffix('').as_posix()}",
                "title": t.titel or t.template} for t in taken]
    return {"format": "jb-book", "root": "book/generated/start",
            "parts": [{"caption": "Scenario", "chapters": paginas},
                      {"caption": "Verantwoording", "chapters": [{"file": "book/generated/colofon"}]}]}


def config_tekst(boek: ScenarioBoek) -> str:
    """The book configuration of a scenario book: its own title and the announcement banner on every page."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    # the theme may or may not escape the title: leave out the characters of markup altogether
    naam = re.sub(r"[<>&\"`]", "", boek.naam)
    config["title"] = f"Scenario {naam} (rekenboek sociaal domein)"
    afwijkend = ", ".join(boek.aannames)
    let_op = (f" Let op: {len(boek.waarschuwingen)} ongebruikelijke aanname(s), zie de startpagina."
              if boek.waarschuwingen else "")
    config.setdefault("html", {})["announcement"] = html.escape(
        f"Scenario '{boek.naam}': deze pagina rekent met afwijkende aannames ({afwijkend}), niet met die van de "
        f"documenten. Geen bevindingen over de bronnen.{let_op}")
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


#: a Markdown link (not an image): [text](target)
_LINK = re.compile(r"(?<!!)\[([^\[\]]+)\]\(([^()\s]+)\)")
#: said after the text of a link whose page is in the full book only
ELDERS = " (in het volledige rekenboek)"


def _extern(doel: str) -> bool:
    return doel.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:", doel, re.I) is not None


def zonder_dode_links(tekst: str, map_: Path, staging: Path) -> str:
    """Markdown ``tekst`` of a page in ``map_`` with every relative link whose target is not in the book at
    ``staging`` turned into its plain text (and :data:`ELDERS`): a scenario book holds a few pages, its
    templates link to pages of the full book (the register, the method), which would be Sphinx warnings."""
    def vervang(m: re.Match) -> str:
        doel = m.group(2).split("#", 1)[0]
        if _extern(m.group(2)) or not doel:
            return m.group(0)
        pad = (map_ / doel).resolve()
        return m.group(0) if pad.is_relative_to(staging.resolve()) and pad.exists() else m.group(1) + ELDERS
    return _LINK.sub(vervang, tekst)


def _herschrijf_links(notebook: Path, staging: Path) -> None:
    """:func:`zonder_dode_links` over the Markdown cells and the Markdown outputs (glued or displayed)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))

    def herschrijf(bron):
        tekst = bron if isinstance(bron, str) else "".join(bron)
        return zonder_dode_links(tekst, notebook.parent, staging)
    for cel in nb.get("cells", []):
        if cel.get("cell_type") == "markdown":
            cel["source"] = herschrijf(cel.get("source", ""))
        for o in cel.get("outputs", []):
            for mime in [k for k in o.get("data", {}) if k.endswith("text/markdown")]:
                o["data"][mime] = herschrijf(o["data"][mime])
    notebook.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def publiceer_scenario(data: Register, boek: ScenarioBoek, taken: list[Taak], uit: Path) -> tuple[bool, str]:
    """Render the scenario book in a fresh directory and swap it into ``<uit>/html``. Returns (ok, log).
    Rendered like the official book, with warnings as errors: links into pages of the full book that this book
    does not hold become plain text first (:func:`zonder_dode_links`)."""
    staging, render = uit / f"staging-{os.getpid()}", uit / f"render-{os.getpid()}"
    for p in (staging, render):
        shutil.rmtree(p, ignore_errors=True)
    try:
        gen = staging / "book" / "generated"
        gen.mkdir(parents=True)
        for deel in ("_static", "_ext", "_locale", "_templates"):   # what _config.yml refers to
            if (ROOT / "book" / deel).is_dir():
                shutil.copytree(ROOT / "book" / deel, staging / "book" / deel,
                                ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        (staging / "_config.yml").write_text(config_tekst(boek), encoding="utf-8")
        (staging / "_toc.yml").write_text(yaml.safe_dump(_toc(taken), sort_keys=False, allow_unicode=True),
                                          encoding="utf-8")
        for t in taken:
            doel = gen / t.uitvoer.relative_to(generated_dir())
            doel.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(t.uitvoer, doel)
        (gen / "start.md").write_text(startpagina(boek, taken), encoding="utf-8")
        (gen / "colofon.md").write_text(colofon(data, scenario=colofon_regels(boek)), encoding="utf-8")
        for nb in gen.rglob("*.ipynb"):
            _herschrijf_links(nb, staging)
        for md in gen.rglob("*.md"):
            md.write_text(zonder_dode_links(md.read_text(encoding="utf-8"), md.parent, staging), encoding="utf-8")
        exe = Path(sys.executable).with_name("jupyter-book")
        proc = subprocess.run([str(exe), "build", str(staging), "--path-output", str(render), "--builder", "html",
                               "--warningiserror", "--nitpick", "--keep-going", "--quiet"],
                              capture_output=True, text=True)
        gebouwd = render / "_build" / "html"
        if proc.returncode != 0 or not (gebouwd / "index.html").exists():
            return False, (proc.stdout + proc.stderr).strip()
        laat_weg_wat_lezers_niet_gebruiken(gebouwd)
        doel, oud = uit / "html", uit / f"html-oud-{os.getpid()}"
        if doel.exists():
            os.replace(doel, oud)
        os.replace(gebouwd, doel)
        shutil.rmtree(oud, ignore_errors=True)
        return True, (proc.stdout + proc.stderr).strip()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(render, ignore_errors=True)


def bouw_scenario(data: Register, boek: ScenarioBoek, taken: list[Taak], uit: Path, jobs: int | None = None) -> int:
    """Execute the scenario's pages and publish the scenario book into ``<uit>/html``; exit code 0 or 1."""
    start = time.monotonic()
    uit.mkdir(parents=True, exist_ok=True)
    with _gegenereerd_in(uit / "generated"):
        _, fouten = voer_uit(taken, jobs=jobs, force=True)
        if fouten:
            print(f"\nHet scenarioboek is niet gebouwd; {uit / 'html'} blijft zoals het was. Mislukt:", file=sys.stderr)
            for f in fouten:
                print(f"  - {f}", file=sys.stderr)
            return 1
        ok, log = publiceer_scenario(data, boek, taken, uit)
    if not ok:
        print("\njupyter-book build faalde; het vorige scenarioboek blijft staan:\n" + log, file=sys.stderr)
        return 1
    print(f"Scenarioboek '{boek.naam}' gebouwd: {uit / 'html' / 'index.html'} ({len(taken)} pagina's, "
          f"{time.monotonic() - start:.0f} s). Het gepubliceerde boek in _build/html is niet veranderd.")
    return 0
