"""Stage 5, the build: register -> pages in warm kernels (parallel) -> Sphinx (parallel, incremental) -> publish.

The recipe is :func:`bouw`; its steps live in

- :mod:`rekenboek.build.pages`: which pages the book has (tasks from ``data/matrix.csv`` and the
  sources), the table of contents and the index pages;
- :mod:`rekenboek.build.staleness`: content hashes that decide which pages must run again;
- :mod:`rekenboek.build.execute`: a pool of warm kernels (one per core), recording the files a page reads;
- :mod:`rekenboek.build.render`: ``sphinx-build -j auto -W -n``, incremental, state outside the book;
- :mod:`rekenboek.build.publish`: colophon, the sources of the book, atomic swap;
- :mod:`rekenboek.build.guard`: one build at a time (a lock with the pid), SIGINT/SIGTERM, I/O errors.

The book is rendered in a fresh staging directory and replaces ``_build/html`` only when every
notebook ran and Sphinx passed with warnings as errors; a failure leaves the previous book in
place and prints every failed page. A page whose content hash is unchanged is not executed
again, so a change to one data file re-executes only the pages that read it. The build reaches
the pages only through the template registry (:mod:`rekenboek.templates`) and papermill: it
imports no report or model code.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from rekenboek.build.execute import Uitvoering, voer_uit
from rekenboek.build.guard import Onderbroken, bouwslot, onderbreekbaar, schrijffout
from rekenboek.build.pages import Taak, taken_algemeen, taken_bronnen, taken_modellen, taken_uit_matrix, toc_tekst
from rekenboek.build.publish import publiceer, ruim_resten_op
from rekenboek.build.render import METING
from rekenboek.build.staleness import STEMPEL, boek_hash, huidige_hash
from rekenboek.checks import bevindingen, hoofdbevindingen
from rekenboek.errors import InvoerFout
from rekenboek.inputs.eenheden import valideer
from rekenboek.inputs.register import Register, laad
from rekenboek.inputs.sources import BronnenOntbreken
from rekenboek.inputs.volledig import verifieer
from rekenboek.paths import ROOT, build_dir

__all__ = ["bouw", "voer_eenheid_uit", "deelboek_dir"]


def bouw(gemeenten=None, jaren=None, jobs: int | None = None, force: bool = False, *,
         timeout: int | None = None) -> int:
    """Build the book into ``_build/html`` (the pages of some units and years into their own directory,
    :func:`deelboek_dir`); exit code 0 or 1
    (130/143 when interrupted by SIGINT/SIGTERM). Raises :class:`InvoerFout` (exit 2) for invalid data,
    an unknown unit or missing sources, before anything runs. One build at a time per build directory."""
    try:
        with bouwslot(), onderbreekbaar():
            return _bouw(gemeenten, jaren, jobs, force, timeout)
    except Onderbroken as exc:
        print(f"\nDe bouw is onderbroken ({exc.naam}); het vorige boek in _build/html blijft staan. "
              "Alle kernels en Sphinx-processen zijn gestopt.", file=sys.stderr)
        return 128 + exc.signum
    except OSError as exc:
        print(f"\nDe bouw is afgebroken: {schrijffout(exc)}. Het vorige boek in _build/html blijft staan.",
              file=sys.stderr)
        return 1


def _bouw(gemeenten, jaren, jobs, force, timeout) -> int:
    meting = {"start": time.monotonic()}
    for p in ruim_resten_op():
        print(f"opgeruimd na een onderbroken bouw: {p}", flush=True)
    data = laad()
    taken = _taken(data, gemeenten, jaren)
    _verifieer_bronnen(data)
    res = bevindingen.bereken(data)
    bevindingen.schrijf(res.tabel)
    hoofdbevindingen.schrijf(res.hoofdbevindingen)
    doel = deelboek_dir(gemeenten, jaren) if (gemeenten or jaren) else build_dir() / "html"
    hashes = {t: huidige_hash(t) for t in taken}
    meting["register"] = time.monotonic()
    if not force and _boek_is_actueel(taken, hashes, doel):
        wat = "het gepubliceerde boek" if doel == build_dir() / "html" else f"het deelboek in {doel}"
        print(f"{len(taken)} pagina's, 0 uit te voeren, {len(taken)} actueel; {wat} is actueel.")
        return 0
    uitvoering = Uitvoering()
    _, fouten = voer_uit(taken, jobs=jobs, force=force, hashes=hashes, timeout=timeout, uitvoering=uitvoering)
    meting["uitvoeren"] = time.monotonic()
    if fouten:
        print("\nDe bouw is afgebroken; het vorige boek in _build/html blijft staan. Mislukt:", file=sys.stderr)
        for f in fouten:
            print(f"  - {f}", file=sys.stderr)
        return 1
    METING.pop("render", None)
    ok, log = publiceer(data, taken, stempel=boek_hash(taken, {t: huidige_hash(t) for t in taken}), doel=doel)
    meting["publiceren"] = time.monotonic()
    if not ok:
        print("\nSphinx faalde (waarschuwingen gelden als fouten); het vorige boek blijft staan:\n" + log, file=sys.stderr)
        return 1
    print(f"Boek gebouwd: {doel / 'index.html'} ({meting['publiceren'] - meting['start']:.0f} s)")
    if doel != build_dir() / "html":
        print("Dit is een deelboek in een eigen map; het gepubliceerde boek in _build/html is niet veranderd.")
    print(tijdoverzicht(meting, METING.get("render", 0.0), uitvoering.tijden))
    return 0


def deelboek_dir(gemeenten=None, jaren=None) -> Path:
    """Where a build limited by ``--gemeente``/``--jaar`` goes: ``_build/deel/<selectie>/html``. Only a
    complete book ever replaces ``_build/html``."""
    delen = sorted(re.sub(r"[^a-z0-9]+", "-", g.lower()).strip("-") for g in gemeenten or [])
    delen += [str(j) for j in sorted(jaren or [])]
    return build_dir() / "deel" / ("-".join(d for d in delen if d) or "selectie") / "html"


def _s(seconden: float) -> str:
    return f"{seconden:.1f}".replace(".", ",") + " s"


def tijdoverzicht(meting: dict[str, float], render: float, tijden: dict[Taak, float]) -> str:
    """The timing summary at the end of a build: the phases and the five slowest pages."""
    publiceren = meting["publiceren"] - meting["uitvoeren"]
    regels = [f"Tijd: register {_s(meting['register'] - meting['start'])}, uitvoeren "
              f"{_s(meting['uitvoeren'] - meting['register'])}, renderen {_s(render)}, "
              f"publiceren {_s(publiceren - render)}."]
    traagst = sorted(tijden.items(), key=lambda kv: -kv[1])[:5]
    if traagst:
        regels.append("Traagste pagina's: " + "; ".join(f"{t.omschrijving()} {_s(s)}" for t, s in traagst) + ".")
    return "\n".join(regels)


def _verifieer_bronnen(data: Register) -> None:
    """Check the sources' checksums. Without the sources the book cannot show or check a single line:
    refuse (exit 2) rather than publish a degraded book."""
    try:
        verifieer(data)
    except BronnenOntbreken as exc:
        raise InvoerFout("data/bronnen.csv", None, "bestand",
                         f"{exc}; zonder de brondocumenten wordt geen boek gebouwd (zet REKENBOEK_BRONNEN)") from None


def _taken(data: Register, gemeenten, jaren) -> list[Taak]:
    """The pages of this build; a full build also keeps the committed ``_toc.yml`` in step with the matrix.
    An unknown unit, or a selection without pages, is invalid input (exit 2) before any work is done."""
    bekend = list(data.eenheden["gemeente"])
    for g in gemeenten or []:
        if g not in bekend:
            raise InvoerFout("data/eenheden.csv", None, "gemeente", f"onbekende gemeente {g!r}; kies uit {', '.join(bekend)}")
    eenheid_taken = taken_uit_matrix(data, gemeenten, jaren)
    if (gemeenten or jaren) and not eenheid_taken:
        raise InvoerFout("data/matrix.csv", None, None, f"geen pagina's in de matrix voor gemeente {gemeenten or 'alle'}, jaar {jaren or 'alle'}")
    taken = taken_algemeen() + taken_modellen() + taken_bronnen(data) + eenheid_taken
    if not (gemeenten or jaren):
        toc_pad = ROOT / "_toc.yml"
        if not toc_pad.exists() or toc_pad.read_text(encoding="utf-8") != toc_tekst(taken):
            toc_pad.write_text(toc_tekst(taken), encoding="utf-8")
    return taken


def _boek_is_actueel(taken: list[Taak], hashes: dict[Taak, str | None], doel: Path | None = None) -> bool:
    """Every page is current and the published book carries the stamp of exactly these pages."""
    stempel = (doel or build_dir() / "html") / STEMPEL
    return all(hashes.values()) and stempel.exists() and stempel.read_text(encoding="utf-8") == boek_hash(taken, hashes)


def voer_eenheid_uit(gemeente: str, jaar: int) -> list[Path]:
    """Execute the templates of one unit and year into ``book/generated/`` (all of them); return the paths.
    Templates of the matrix for that unit and year, or every unit template used in the matrix when it has none."""
    data = laad()
    valideer(data, gemeente, jaar)
    taken = taken_uit_matrix(data, [gemeente], [jaar])
    if not taken:
        taken = [Taak(t, gemeente, jaar) for t in sorted(set(data.matrix["template"]))]
    _, fouten = voer_uit(taken, force=True)
    if fouten:
        raise SystemExit("Mislukt:\n" + "\n".join(f"  - {f}" for f in fouten))
    return [t.uitvoer for t in taken]
