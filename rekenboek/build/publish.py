"""Publishing: the colophon, ``jupyter-book build -W -n --keep-going`` in a fresh directory, and an
atomic swap into ``_build/html`` only when the whole book rendered. A failure leaves the previous
book in place; what an interrupted build left behind is cleared before the next one.
"""
from __future__ import annotations

import hashlib
import os
import platform
import shutil
import signal
import subprocess
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd
from babel.dates import format_datetime

from rekenboek.build.pages import Taak, index_paginas, toc_tekst
from rekenboek.build.render import render
from rekenboek.build.staleness import STEMPEL, bestanden_hash
from rekenboek.checks import bevindingen, hoofdbevindingen
from rekenboek.inputs.register import Register
from rekenboek.numbers import nl_aantal
from rekenboek.paths import ROOT, build_dir, data_dir, generated_dir, register_path

__all__ = ["colofon", "publiceer", "ruim_resten_op"]

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


def colofon(data: Register) -> str:
    """The reproducibility stamp: commit, checksums of sources and data, package versions, build date."""
    h = hashlib.sha256()
    bestanden_hash(h, [p for p in data_dir().rglob("*") if p.is_file()])
    pakketten = [f"| {naam} | {_versie(naam)} |" for naam in PAKKETTEN]
    bronnen = [f"| `{r['bestand']}` | {r['titel']} | `{r['sha256']}` |" for r in data.bronnen.to_dict("records")]
    nu = format_datetime(datetime.now(timezone.utc), "d MMMM y, HH:mm 'UTC'", locale="nl_NL")
    return "\n".join([
        "# Colofon", "",
        "Dit boek is gebouwd met `make book` uit de repository van het rekenboek. Met dezelfde code, data en",
        "bronnen levert dezelfde bouw hetzelfde boek op.", "",
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
    for rel, tekst in index_paginas(data, taken).items():
        (gen / rel).parent.mkdir(parents=True, exist_ok=True)
        (gen / rel).write_text(tekst, encoding="utf-8")
    (gen / "colofon.md").write_text(colofon(data), encoding="utf-8")
    shutil.copy2(register_path(), gen / "bevindingen.csv")
    if hoofdbevindingen.pad().exists():
        shutil.copy2(hoofdbevindingen.pad(), gen / "hoofdbevindingen.csv")
    bevindingen.schrijf_excel(bevindingen.lees(register_path()), gen / "bevindingen.xlsx")


def publiceer(data: Register, taken: list[Taak], stempel: str = "") -> tuple[bool, str]:
    """Render the book in a fresh directory; replace _build/html only on success. Returns (ok, log)."""
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
        if stempel:
            (html / STEMPEL).write_text(stempel, encoding="utf-8")
        doel = bd / "html"
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
