"""Publishing: the colophon, ``jupyter-book build -W -n --keep-going`` in a fresh directory, the
downloads, and an atomic swap into ``_build/html`` only when the whole book rendered. A failure leaves
the previous book in place; what an interrupted build left behind is cleared before the next one.

Downloads: every table a page shows carries its data in the executed notebook (MIME type
``rekenboek.downloads.MIME``); :func:`schrijf_downloads` writes each as ``.xlsx`` and ``.csv`` next to
its page in the rendered book, once per content (a hash-keyed cache under ``_build/rekenboek``).
"""
from __future__ import annotations

import html
import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd
from babel.dates import format_datetime

from rekenboek import downloads
from rekenboek.build.pages import Taak, index_paginas, toc_tekst
from rekenboek.build.render import render
from rekenboek.build.staleness import STEMPEL, bestanden_hash
from rekenboek.checks import bevindingen, hoofdbevindingen
from rekenboek.inputs.register import Register
from rekenboek.numbers import nl_aantal
from rekenboek.paths import ROOT, build_dir, data_dir, generated_dir, register_path

__all__ = ["colofon", "publiceer", "ruim_resten_op", "schrijf_downloads", "bundels"]

# The packages whose versions the colophon lists.
PAKKETTEN = ("jupyter-book", "myst-nb", "sphinx", "papermill", "nbclient", "pandas", "pandera", "matplotlib",
             "babel", "itables")


def _commit_tekst() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        schoon = not subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip()
        return f"`{commit}`" + ("" if schoon else " (met lokale wijzigingen)")
    except (OSError, subprocess.CalledProcessError):
        return "onbekend (geen git-repository)"


def _versie(naam: str) -> str:
    try:
        return version(naam)
    except PackageNotFoundError:
        return "niet geïnstalleerd"


STATUSSEN = ("open", "voorgelegd", "verklaard", "opgelost")


def beoordelingsstand() -> list[str]:
    """The review state of the root-cause findings (data/beoordeling.csv), as the colophon states it."""
    pad = hoofdbevindingen.pad()
    if not pad.exists():
        return ["## Stand van de beoordeling", "", "Het register van hoofdbevindingen is in deze bouw niet geschreven."]
    hb = pd.read_csv(pad, dtype=str, keep_default_na=False)
    tel = hb["status"].value_counts()
    beoordeeld = int((hb["beoordeeld_door"].str.strip() != "").sum()) if "beoordeeld_door" in hb else 0
    regels = [f"| {s} | {nl_aantal(int(tel.get(s, 0)))} |" for s in STATUSSEN]
    return ["## Stand van de beoordeling", "",
            f"Van de {nl_aantal(len(hb))} hoofdbevindingen zijn er {nl_aantal(beoordeeld)} beoordeeld door een tweede "
            "persoon (`data/beoordeling.csv`); een hoofdbevinding zonder regel daar staat open.", "",
            "| status | hoofdbevindingen |", "|---|---|", *regels]


def _md_cel(tekst: str) -> str:
    """Text from data/ in a Markdown table cell: shown as text, never as HTML, and no '|' that splits the cell."""
    return html.escape(tekst, quote=False).replace("|", "\\|")


def colofon(data: Register, scenario: list[str] | None = None) -> str:
    """The reproducibility stamp: commit, checksums of sources and data, package versions, build date.
    ``scenario``: the Markdown lines of a scenario book's section (its overrides and file checksum)."""
    h = hashlib.sha256()
    bestanden_hash(h, [p for p in data_dir().rglob("*") if p.is_file()])
    pakketten = [f"| {naam} | {_versie(naam)} |" for naam in PAKKETTEN]
    bronnen = [f"| `{r['bestand']}` | {_md_cel(r['titel'])} | `{r['sha256']}` |" for r in data.bronnen.to_dict("records")]
    nu = format_datetime(datetime.now(timezone.utc), "d MMMM y, HH:mm 'UTC'", locale="nl_NL")
    return "\n".join([
        "# Colofon", "",
        *(["Dit is een scenarioboek, gebouwd met `python -m rekenboek build --scenario`: het rekent met de",
           "aannames hieronder in plaats van die van de documenten. Met dezelfde code, data, bronnen en",
           "hetzelfde scenariobestand levert dezelfde bouw hetzelfde boek op.", "", *scenario, ""] if scenario else
          ["Dit boek is gebouwd met `make book` uit de repository van het rekenboek. Met dezelfde code, data en",
           "bronnen levert dezelfde bouw hetzelfde boek op.", ""]),
        f"- Gebouwd op: {nu}",
        f"- Code (commit): {_commit_tekst()}",
        f"- Data (`data/`, sha256 over alle bestanden): `{h.hexdigest()}`",
        f"- Python: {platform.python_version()}", "",
        *beoordelingsstand(), "",
        "## Bronnen", "", "| bestand | titel | sha256 |", "|---|---|---|", *bronnen, "",
        "## Pakketten", "", "| pakket | versie |", "|---|---|", *pakketten, "",
    ])


def _vul_staging(staging: Path, data: Register, taken: list[Taak]) -> None:
    """Configuration, table of contents, hand-written chapters, executed pages, indexes, colophon and
    the register downloads, laid out as the book's source directory."""
    staging.mkdir()
    shutil.copy2(ROOT / "_config.yml", staging / "_config.yml")
    (staging / "_toc.yml").write_text(toc_tekst(taken), encoding="utf-8")
    shutil.copytree(ROOT / "book", staging / "book", ignore=shutil.ignore_patterns(".*", "__pycache__", "generated"))
    gen = staging / "book" / "generated"
    for t in taken:
        doel = gen / t.uitvoer.relative_to(generated_dir())
        doel.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(t.uitvoer, doel)
    statisch = generated_dir() / "_static"      # files pages load on request (the complete register)
    if statisch.is_dir():
        shutil.copytree(statisch, staging / "book" / "_static", dirs_exist_ok=True)
    for rel, tekst in index_paginas(data, taken).items():
        (gen / rel).parent.mkdir(parents=True, exist_ok=True)
        (gen / rel).write_text(tekst, encoding="utf-8")
    (gen / "colofon.md").write_text(colofon(data), encoding="utf-8")
    shutil.copy2(register_path(), gen / "bevindingen.csv")
    if hoofdbevindingen.pad().exists():
        shutil.copy2(hoofdbevindingen.pad(), gen / "hoofdbevindingen.csv")
    bevindingen.schrijf_excel(bevindingen.lees(register_path()), gen / "bevindingen.xlsx")


DOWNLOADS_VERSIE = "1"   # raise when the writers change: the cache of written downloads starts afresh


def bundels(notebook: Path) -> list[dict]:
    """The tables an executed page carries for download (``rekenboek.downloads.MIME`` outputs)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return [o["data"][downloads.MIME] for cel in nb.get("cells", []) for o in cel.get("outputs", [])
            if downloads.MIME in o.get("data", {})]


def _schrijf_in_cache(taak: tuple[dict, Path]) -> None:
    b, bewaard = taak
    tmp = bewaard.with_name(f"{bewaard.name}.{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    downloads.schrijf_bundel(b, tmp)
    shutil.rmtree(bewaard, ignore_errors=True)
    os.replace(tmp, bewaard)


def schrijf_downloads(taken: list[Taak], html: Path) -> str:
    """Write every shown table as ``.xlsx`` and ``.csv`` next to its page in the rendered book; "" or an error.

    Each file is written once per content (cached under ``_build/rekenboek/downloads`` by a hash of the
    table's data, on all cores), so a build that re-executes a few pages writes only their tables again."""
    cache = build_dir() / "rekenboek" / "downloads"
    doelen: dict[Path, str] = {}
    kopieen: list[tuple[Path, Path]] = []
    te_schrijven: dict[str, tuple[dict, Path]] = {}
    for t in taken:
        if not t.uitvoer.exists():
            continue
        map_ = html / "book" / "generated" / t.uitvoer.relative_to(generated_dir()).parent
        for b in bundels(t.uitvoer):
            sleutel = hashlib.sha256((DOWNLOADS_VERSIE + json.dumps(b, sort_keys=True)).encode()).hexdigest()
            namen = downloads.bestanden(b)
            for n in namen:
                if doelen.setdefault(map_ / n, sleutel) != sleutel:
                    return (f"twee tabellen met dezelfde downloadnaam {n!r} in {map_.relative_to(html)}; "
                            "geef de tabellen verschillende namen (display.toon_tabel, naam=...)")
            bewaard = cache / sleutel[:2] / sleutel
            if not all((bewaard / n).exists() for n in namen):
                bewaard.parent.mkdir(parents=True, exist_ok=True)
                te_schrijven[sleutel] = (b, bewaard)
            kopieen += [(bewaard / n, map_ / n) for n in namen]
    if len(te_schrijven) > 1 and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
            list(pool.map(_schrijf_in_cache, te_schrijven.values(), chunksize=8))
    else:
        for taak in te_schrijven.values():
            _schrijf_in_cache(taak)
    for bron, doel in kopieen:
        doel.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bron, doel)
    # the cache keeps what this book uses, nothing of tables that are gone
    gebruikt = set(doelen.values())
    for oud in cache.glob("*/*"):
        if oud.name not in gebruikt:
            shutil.rmtree(oud, ignore_errors=True)
    return ""


def laat_weg_wat_lezers_niet_gebruiken(html: Path) -> list[Path]:
    """Remove what a reader never uses from the rendered site: the JavaScript/CSS source maps the theme ships
    (3,4 MB; a browser fetches them only with its developer tools open) and any copied page sources (the
    executed notebooks, 22 MB; ``html_copy_source`` is off, this removes what a theme may still copy)."""
    weg = [p for p in html.rglob("*.map") if p.is_file()]
    bronnen = html / "_sources"
    for p in weg:
        p.unlink()
    if bronnen.is_dir():
        shutil.rmtree(bronnen)
        weg.append(bronnen)
    return weg


def publiceer(data: Register, taken: list[Taak], stempel: str = "", doel: Path | None = None) -> tuple[bool, str]:
    """Render the book in a fresh directory; replace _build/html (or ``doel``: a partial book's own
    directory) only on success. Returns (ok, log)."""
    bd = build_dir()
    bd.mkdir(exist_ok=True)
    staging = bd / f"staging-{os.getpid()}"
    uit = bd / f"render-{os.getpid()}"
    for p in (staging, uit):
        shutil.rmtree(p, ignore_errors=True)
    try:
        _vul_staging(staging, data, taken)
        ok, log, gerenderd, _ = render(staging)
        if not ok:
            return False, log
        html = uit / "html"
        shutil.copytree(gerenderd, html)
        fout = schrijf_downloads(taken, html)
        if fout:
            return False, fout
        laat_weg_wat_lezers_niet_gebruiken(html)
        if stempel:
            (html / STEMPEL).write_text(stempel, encoding="utf-8")
        doel = doel or bd / "html"
        doel.parent.mkdir(parents=True, exist_ok=True)
        oud = bd / f"html-oud-{os.getpid()}"
        oude_masker = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})  # swap as one step
        try:
            if doel.exists():
                os.replace(doel, oud)
            os.replace(html, doel)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, oude_masker)
        shutil.rmtree(oud, ignore_errors=True)
        return True, ""
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(uit, ignore_errors=True)


def _pid_leeft(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ruim_resten_op() -> list[Path]:
    """Remove what an interrupted build left behind: staging and render directories of builds whose
    process is gone, and half-written notebooks; the published _build/html is never touched."""
    weg = []
    kandidaten = list(build_dir().glob("staging-*")) + list(build_dir().glob("render-*")) + list(build_dir().glob("html-oud-*"))
    kandidaten += list(generated_dir().rglob(".*.ipynb")) if generated_dir().exists() else []
    for p in kandidaten:
        pid = p.name.rsplit("-", 1)[-1] if p.is_dir() else p.stem.rsplit(".", 1)[-1]
        if pid.isdigit() and _pid_leeft(int(pid)) and int(pid) != os.getpid():
            continue
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        weg.append(p)
    return weg
