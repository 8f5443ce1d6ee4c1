"""Executing templates: a pool of warm kernels, one per core, each running many pages.

A kernel starts once per build and imports the package once; before every page it is reset to a
fresh namespace (``InteractiveShell.reset``, execution counter back to 1, working directory and
``REKENBOEK_GELEZEN`` set for that page), so a page's output is the same as in a fresh kernel
(``tests/test_warme_kernels.py`` holds that). Module-level caches stay warm: each is keyed by
content and records its reads on every hit (:mod:`rekenboek.reads`), so recorded reads stay exact.

A page that fails, dies or exceeds the cell timeout is reported, and its kernel is killed and
replaced by a fresh one for the next page. Every kernel runs in its own process group and is
killed with it when the build ends, however it ends (:func:`stop_alle_kernels`).

The executed notebook is deterministic: the injected parameters cell gets a fixed id, no timing
or papermill metadata is kept, and the file is written atomically to its deterministic name.
"""
from __future__ import annotations

import asyncio
import html
import json
import os
import signal
import sys
import tempfile
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from papermill.translators import translate_parameters
from tqdm import tqdm

from rekenboek import reads
from rekenboek.build.guard import schrijffout
from rekenboek.build.koppen import koppen_als_cellen
from rekenboek.build.pages import Taak
from rekenboek.build.staleness import huidige_hash, inhoud_hash, symbolisch
from rekenboek.paths import build_dir, notebooks_dir
from rekenboek.templates import NBVAL_STRIKT

__all__ = ["CEL_TIMEOUT", "Uitvoering", "cel_timeout", "stop_alle_kernels", "voer_uit", "ververs_templates"]

CEL_TIMEOUT = 600            # seconds a single cell may run before the page fails (REKENBOEK_CEL_TIMEOUT)
INJECTED_ID = "injected-parameters"
_LEVEND: set[AsyncKernelManager] = set()   # every kernel this process started and has not stopped


def cel_timeout() -> int:
    """The cell timeout in seconds: ``REKENBOEK_CEL_TIMEOUT`` or :data:`CEL_TIMEOUT`."""
    try:
        return max(1, int(os.environ.get("REKENBOEK_CEL_TIMEOUT", CEL_TIMEOUT)))
    except ValueError:
        return CEL_TIMEOUT


@dataclass
class Uitvoering:
    """What an execution run did: the pages executed, the failures, and seconds per page."""

    uitgevoerd: list[Taak] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)
    tijden: dict[Taak, float] = field(default_factory=dict)


class _WarmeClient(NotebookClient):
    """nbclient on a kernel it does not own: no kernel start or shutdown, no signal handlers per page
    (nbclient's own would reset SIGTERM to its default after every page)."""

    @asynccontextmanager
    async def async_setup_kernel(self, **kwargs):
        yield


class _Kernel:
    """One long-lived kernel of the pool, with its client; restarted after a failure."""

    def __init__(self, nummer: int, log: Path):
        self.nummer, self.log = nummer, log
        self.km: AsyncKernelManager | None = None
        self.kc = None

    async def start(self) -> None:
        # ipc: local sockets, no TCP warning; an absolute, short path (a socket path has at most 107 bytes)
        km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                ip=os.path.join(tempfile.gettempdir(), f"rekenboek-{os.getpid()}-{self.nummer}"))
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as fh:        # the kernel's own log lines go here, not to the build's output
            await km.start_kernel(extra_arguments=["--HistoryManager.hist_file=:memory:"],
                                  cwd=str(notebooks_dir()), stdout=fh, stderr=fh)
        _LEVEND.add(km)
        self.km = km
        self.kc = km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=120)

    async def stop(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None:
            _dood(self.km)
        self.km = self.kc = None

    async def reset(self, lijst: Path) -> None:
        """A fresh namespace and input history for the next page (the parameter guard reads ``In``: a page
        without injected parameters must not see the previous page's), with that page's read list and
        working directory."""
        code = ("get_ipython().reset(new_session=False); get_ipython().execution_count = 1; "
                "_hm = get_ipython().history_manager; _hm.input_hist_parsed[:] = ['']; _hm.input_hist_raw[:] = ['']; del _hm; "
                f"__import__('os').chdir({str(notebooks_dir())!r}); "
                f"__import__('os').environ[{reads.OMGEVING!r}] = {str(lijst)!r}; "
                "__import__('sys').modules.get('matplotlib.pyplot') and __import__('sys').modules['matplotlib.pyplot'].close('all')")
        reply = await self.kc.execute_interactive(code, silent=True, store_history=False, timeout=60,
                                                  output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"de kernel kon niet worden teruggezet: {reply['content'].get('evalue', '')}")


def _dood(km: AsyncKernelManager) -> None:
    """Kill a kernel's process group at once and remove its connection file (synchronous: safe in cleanup)."""
    _LEVEND.discard(km)
    proc = getattr(km.provisioner, "process", None) if km.provisioner is not None else None
    if proc is not None and proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)    # the kernel leads its own session (jupyter_client)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout=5)
        except Exception:  # noqa: BLE001 - a zombie is reaped by init; nothing more to do
            pass
    try:
        km.cleanup_connection_file()
        km.cleanup_ipc_files()
    except OSError:
        pass


def stop_alle_kernels() -> None:
    """Kill every kernel this process started (on interruption and at the end of every run)."""
    for km in list(_LEVEND):
        _dood(km)


def _notebook(taak: Taak) -> nbformat.NotebookNode:
    """The template with its parameters injected after its ``parameters`` cell (papermill's translation
    and tag), with a fixed cell id instead of a random one."""
    nb = nbformat.read(notebooks_dir() / f"{taak.template}.ipynb", as_version=4)
    for cel in nb.cells:               # as papermill does before it looks for the parameters cell
        cel.metadata.setdefault("tags", [])
    if taak.parameters:
        code = translate_parameters("python3", "python", taak.parameters, "Parameters")
        cel = nbformat.v4.new_code_cell(source=code, id=INJECTED_ID)
        cel.metadata["tags"] = [INJECTED_ID]
        plek = next((i + 1 for i, c in enumerate(nb.cells) if "parameters" in c.metadata["tags"]), 0)
        nb.cells.insert(plek, cel)
    return nb


def _schrijf(taak: Taak, nb, lijst: Path) -> None:
    """Metadata (reads, hash), title, hidden parameters; written atomically to the page's file."""
    bestanden, globs = reads.lees_lijst(lijst)
    leest = sorted({symbolisch(b) for b in bestanden})
    zoekt = sorted({(symbolisch(m), p) for m, p in globs})
    hash_ = inhoud_hash(taak, leest, [list(z) for z in zoekt])
    if taak.titel and nb.cells and nb.cells[0].cell_type == "markdown":
        nb.cells[0].source = f"# {html.escape(taak.titel, quote=False)}"   # titles come from data/
    koppen_als_cellen(nb)   # printed section headings become Markdown headings (in-page contents)
    nb.metadata.pop("papermill", None)
    nb.metadata["rekenboek"] = {"hash": hash_, "template": taak.template, **taak.parameters,
                                "leest": leest, "zoekt": [list(z) for z in zoekt]}
    for cel in nb.cells:
        if INJECTED_ID in cel.metadata.get("tags", []):
            cel.metadata["tags"] = sorted(set(cel.metadata["tags"]) | {"remove-cell"})
        cel.metadata.pop("papermill", None)
        cel.metadata.pop("execution", None)
    tmp = taak.uitvoer.with_name(f".{taak.uitvoer.stem}.{os.getpid()}.ipynb")
    nbformat.write(nb, tmp)
    os.replace(tmp, taak.uitvoer)


def _foutmelding(exc: BaseException, timeout: int) -> str:
    if isinstance(exc, CellTimeoutError):
        return f"een cel liep langer dan {timeout} s (REKENBOEK_CEL_TIMEOUT) en is afgebroken"
    if isinstance(exc, CellExecutionError):
        return f"cel {_cel_index(exc)}: {exc.ename}: {exc.evalue}"
    if isinstance(exc, OSError):
        return f"kan niet schrijven of lezen: {schrijffout(exc)}"
    if isinstance(exc, DeadKernelError):
        return "de kernel is gestopt tijdens de uitvoering (DeadKernelError)"
    return f"{type(exc).__name__}: {exc}"


def _cel_index(exc: CellExecutionError) -> str:
    return str(getattr(exc, "cell_index", "?"))


async def _voer_pagina_uit(kernel: _Kernel, taak: Taak, timeout: int) -> str | None:
    """Run one page on ``kernel``; an error summary or None. The kernel is unusable after an error."""
    taak.uitvoer.parent.mkdir(parents=True, exist_ok=True)
    lijst = taak.uitvoer.with_name(f".{taak.uitvoer.stem}.{os.getpid()}.gelezen")
    lijst.unlink(missing_ok=True)
    try:
        nb = _notebook(taak)
        await kernel.reset(lijst)
        client = _WarmeClient(nb, km=kernel.km, timeout=timeout, kernel_name="python3", record_timing=False,
                              allow_errors=False, resources={"metadata": {"path": str(notebooks_dir())}})
        client.kc = kernel.kc
        indices = {id(c): i for i, c in enumerate(nb.cells)}
        try:
            await client.async_execute()
        except CellExecutionError as exc:
            exc.cell_index = _mislukte_cel(nb, indices)
            raise
        _schrijf(taak, nb, lijst)
        return None
    finally:
        lijst.unlink(missing_ok=True)


def _mislukte_cel(nb, indices) -> int | str:
    """The index of the first code cell whose outputs hold an error (as papermill reports it)."""
    for cel in nb.cells:
        if cel.cell_type == "code" and any(o.get("output_type") == "error" for o in cel.get("outputs", [])):
            return indices.get(id(cel), "?")
    return "?"


async def _pool(taken: list[Taak], jobs: int, timeout: int, vers: bool, klaar) -> None:
    wachtrij: asyncio.Queue[Taak] = asyncio.Queue()
    for t in taken:
        wachtrij.put_nowait(t)
    logs = build_dir() / "rekenboek" / "logs"

    async def werker(nummer: int) -> None:
        kernel = _Kernel(nummer, logs / f"kernel-{nummer}.log")
        try:
            while not wachtrij.empty():
                taak = wachtrij.get_nowait()
                start = time.monotonic()
                try:
                    if kernel.km is None:
                        await kernel.start()
                    fout = await _voer_pagina_uit(kernel, taak, timeout)
                except (asyncio.CancelledError, KeyboardInterrupt):
                    raise
                except Exception as exc:  # noqa: BLE001 - reported per page; the build fails with exit 1
                    fout = _foutmelding(exc, timeout)
                if fout or vers:           # a failed (or fresh-only) kernel is replaced before the next page
                    await kernel.stop()
                klaar(taak, fout, time.monotonic() - start)
        finally:
            await kernel.stop()

    await asyncio.gather(*(werker(i) for i in range(jobs)))


def voer_uit(taken: list[Taak], jobs: int | None = None, force: bool = False,
             hashes: dict[Taak, str | None] | None = None, timeout: int | None = None,
             vers: bool = False, uitvoering: Uitvoering | None = None) -> tuple[list[Taak], list[str]]:
    """Execute the stale tasks (all of them with ``force``) in a pool of warm kernels; return
    (executed, failures). ``vers`` starts a fresh kernel for every page (for comparisons);
    ``uitvoering`` collects the seconds per page as well."""
    u = uitvoering if uitvoering is not None else Uitvoering()
    hashes = hashes if hashes is not None else {t: huidige_hash(t) for t in taken}
    te_doen = [t for t in taken if force or hashes[t] is None]
    print(f"{len(taken)} pagina's, {len(te_doen)} uit te voeren, {len(taken) - len(te_doen)} actueel.", flush=True)
    if not te_doen:
        return [], []
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(te_doen)))
    timeout = timeout or cel_timeout()
    balk = tqdm(total=len(te_doen), desc="pagina's", unit="p") if sys.stderr.isatty() else None  # plain lines in CI

    def klaar(taak: Taak, fout: str | None, seconden: float) -> None:
        u.uitgevoerd.append(taak)
        u.tijden[taak] = seconden
        if fout:
            u.fouten.append(f"{taak.omschrijving()}: {fout}")
        if balk is not None:
            balk.update(1)
            if fout:
                balk.write(f"  FOUT {taak.omschrijving()}")
        else:
            duur = f"{seconden:.1f}".replace(".", ",")
            print(f"  {'FOUT' if fout else 'ok  '} {taak.omschrijving()} ({duur} s)", flush=True)

    try:
        asyncio.run(_pool(te_doen, jobs, timeout, vers, klaar))
    finally:
        stop_alle_kernels()
        if balk is not None:
            balk.close()
    return te_doen, u.fouten


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


def lees_metadata(pad: Path) -> dict:
    """The ``rekenboek`` metadata of an executed page (for tools and tests)."""
    return json.loads(pad.read_text(encoding="utf-8")).get("metadata", {}).get("rekenboek", {})
