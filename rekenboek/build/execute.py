"""Executing templates: papermill per page in parallel worker processes, with recorded reads.

Each page runs in its own kernel with ``REKENBOEK_GELEZEN`` pointing at a list file; every reader
in the package records there which files it read (:mod:`rekenboek.reads`). The executed notebook
stores that list and the content hash over those files in its metadata (``rekenboek``), hides the
injected parameters cell and is written atomically to its deterministic file name.
"""
from __future__ import annotations

import html
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
import papermill as pm
from nbclient import NotebookClient
from tqdm import tqdm

from rekenboek import reads
from rekenboek.build.koppen import koppen_als_cellen
from rekenboek.build.pages import Taak
from rekenboek.build.staleness import huidige_hash, inhoud_hash, symbolisch
from rekenboek.paths import notebooks_dir
from rekenboek.templates import NBVAL_STRIKT

__all__ = ["voer_taak_uit", "voer_uit", "ververs_templates"]


def voer_taak_uit(taak: Taak) -> tuple[Taak, str | None, float]:
    """Run one template with papermill (in a worker process); return the task, an error summary or
    None, and the seconds it took (kernel start included).

    The kernel records every input file it reads (:mod:`rekenboek.reads`); the list and the
    content hash over those files are stored in the notebook's metadata."""
    start = time.monotonic()
    taak.uitvoer.parent.mkdir(parents=True, exist_ok=True)
    tmp = taak.uitvoer.with_name(f".{taak.uitvoer.stem}.{os.getpid()}.ipynb")
    lijst = taak.uitvoer.with_name(f".{taak.uitvoer.stem}.{os.getpid()}.gelezen")
    lijst.unlink(missing_ok=True)
    os.environ[reads.OMGEVING] = str(lijst)
    try:
        pm.execute_notebook(str(notebooks_dir() / f"{taak.template}.ipynb"), str(tmp), parameters=taak.parameters,
                            kernel_name="python3", cwd=str(notebooks_dir()), progress_bar=False,
                            log_output=False, request_save_on_cell_execute=False)
    except pm.PapermillExecutionError as exc:
        tmp.unlink(missing_ok=True)
        return taak, f"cel {exc.cell_index}: {exc.ename}: {exc.evalue}", time.monotonic() - start
    except Exception as exc:  # kernel died, template unreadable, ...: reported per page, the build fails with exit 1
        tmp.unlink(missing_ok=True)
        return taak, f"{type(exc).__name__}: {exc}", time.monotonic() - start
    finally:
        os.environ.pop(reads.OMGEVING, None)
        bestanden, globs = reads.lees_lijst(lijst)
        lijst.unlink(missing_ok=True)
    leest = sorted({symbolisch(b) for b in bestanden})
    zoekt = sorted({(symbolisch(m), p) for m, p in globs})
    hash_ = inhoud_hash(taak, leest, [list(z) for z in zoekt])
    nb = nbformat.read(tmp, as_version=4)
    if taak.titel and nb.cells and nb.cells[0].cell_type == "markdown":
        nb.cells[0].source = f"# {html.escape(taak.titel, quote=False)}"   # titles come from data/
    koppen_als_cellen(nb)   # printed section headings become Markdown headings (in-page contents)
    nb.metadata["rekenboek"] = {"hash": hash_, "template": taak.template, **taak.parameters,
                                "leest": leest, "zoekt": [list(z) for z in zoekt]}
    nb.metadata.pop("papermill", None)
    for cel in nb.cells:
        if "injected-parameters" in cel.metadata.get("tags", []):
            cel.metadata["tags"] = sorted(set(cel.metadata["tags"]) | {"remove-cell"})
        cel.metadata.pop("papermill", None)
        cel.metadata.pop("execution", None)
    nbformat.write(nb, tmp)
    os.replace(tmp, taak.uitvoer)
    return taak, None, time.monotonic() - start


def voer_uit(taken: list[Taak], jobs: int | None = None, force: bool = False,
             hashes: dict[Taak, str | None] | None = None) -> tuple[list[Taak], list[str]]:
    """Execute the stale tasks (all of them with ``force``) in parallel; return (executed, failures)."""
    hashes = hashes if hashes is not None else {t: huidige_hash(t) for t in taken}
    te_doen = [t for t in taken if force or hashes[t] is None]
    print(f"{len(taken)} pagina's, {len(te_doen)} uit te voeren, {len(taken) - len(te_doen)} actueel.", flush=True)
    if not te_doen:
        return [], []
    fouten: list[str] = []
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(te_doen)))
    balk = tqdm(total=len(te_doen), desc="notebooks", unit="nb") if sys.stderr.isatty() else None  # plain lines in CI logs
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(voer_taak_uit, t) for t in te_doen]
        for f in as_completed(futures):
            taak, fout, seconden = f.result()
            if fout:
                fouten.append(f"{taak.omschrijving()}: {fout}")
            if balk is not None:
                balk.update(1)
            else:
                duur = f"{seconden:.1f}".replace(".", ",")
                print(f"  {'FOUT' if fout else 'ok  '} {taak.omschrijving()} ({duur} s)", flush=True)
    if balk is not None:
        balk.close()
    return te_doen, fouten


def ververs_templates() -> list[Path]:
    """Refresh the templates for nbval: execute the strict ones in place, clear the others' outputs."""
    uit = []
    for pad in sorted(notebooks_dir().glob("*.ipynb")):
        nb = nbformat.read(pad, as_version=4)
        if pad.stem in NBVAL_STRIKT:
            NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                           resources={"metadata": {"path": str(notebooks_dir())}}).execute()
        else:
            for cel in nb.cells:
                if cel.cell_type == "code":
                    cel.outputs, cel.execution_count = [], None
                    cel.metadata["tags"] = sorted(set(cel.metadata.get("tags", [])) | {"nbval-ignore-output"})
        nbformat.write(nb, pad)
        uit.append(pad)
    return uit
