"""Build driver: register -> papermill per unit/year (parallel) -> Jupyter Book -> publish.

The book is rendered in a fresh staging directory and replaces ``_build/html``
only when every notebook ran and Sphinx passed with warnings as errors; a
failure leaves the previous book in place and prints every failed unit.
An executed notebook records the input files it read and a content hash of its
template, parameters, those files and the package source; a page whose hash is
unchanged is not executed again, so a change to one data file re-executes only the
pages that read it.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from rekenboek import reads as afh
from rekenboek.checks import bevindingen as reg
from rekenboek.inputs.register import Register, laad
from rekenboek.inputs.eenheden import slug, valideer
from rekenboek.errors import InvoerFout
from rekenboek.paths import ROOT, bronnen_dir, build_dir, data_dir, generated_dir, notebooks_dir, register_path
from rekenboek.inputs.sources import BronnenOntbreken, verifieer

TITELS = {"cijfers": "Cijfers", "formatie": "Formatie", "bron": "Bron", "financien": "Financiën", "kpi": "KPI"}
HOOFDSTUKKEN = {"cijfers": "Cijfers", "formatie": "Formatie", "financien": "Financiën", "kpi": "KPI", "bron": "Brondocumenten"}
ALGEMEEN = ("start", "bevindingen", "dekking", "kpi_overzicht")  # templates without unit parameters, executed once


@dataclass(frozen=True)
class Taak:
    """One page: a template with its parameters (a unit and year, a source document, or none)."""

    template: str
    gemeente: str | None
    jaar: int | None
    bestand: str | None = None      # for the page per source document
    titel_bron: str = ""

    @property
    def uitvoer(self) -> Path:
        if self.bestand is not None:
            return generated_dir() / self.template / f"{self.bestand[:3]}.ipynb"
        if self.gemeente is None:
            return generated_dir() / f"{self.template}.ipynb"
        return generated_dir() / self.template / f"{slug(self.gemeente, self.jaar)}.ipynb"

    @property
    def parameters(self) -> dict:
        if self.bestand is not None:
            return {"bestand": self.bestand}
        return {} if self.gemeente is None else {"gemeente": self.gemeente, "jaar": self.jaar}

    @property
    def titel(self) -> str:
        if self.bestand is not None:
            return f"Bron {self.bestand[:3]}: {self.titel_bron}"
        if self.gemeente is None:
            return ""
        return f"{TITELS.get(self.template, self.template.capitalize())} {self.gemeente} {self.jaar}"

    @property
    def nav_titel(self) -> str:
        return f"{self.bestand[:3]} {self.titel_bron}" if self.bestand is not None else f"{self.gemeente} {self.jaar}"

    def omschrijving(self) -> str:
        if self.bestand is not None:
            return f"{self.template} {self.bestand[:3]}"
        return self.template if self.gemeente is None else f"{self.template} {self.gemeente} {self.jaar}"


def taken_bronnen(data: Register) -> list[Taak]:
    return [Taak("bron", None, None, bestand=r["bestand"], titel_bron=r["titel"]) for r in data.bronnen.to_dict("records")]


# ----------------------------------------------------------------- hashing
def _bestanden_hash(h, paden) -> None:
    for p in sorted(paden):
        h.update(str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p).encode())
        h.update(p.read_bytes())


def _wortels() -> list[tuple[str, Path]]:
    return [("data", data_dir()), ("bronnen", bronnen_dir()), ("root", ROOT)]


def _symbolisch(pad: str) -> str:
    """A recorded path relative to the data, sources or repository directory (so a moved clone stays valid)."""
    p = Path(pad)
    for naam, wortel in _wortels():
        if p.is_relative_to(wortel):
            return f"{naam}:{p.relative_to(wortel).as_posix()}"
    return str(p)


def _absoluut(sym: str) -> Path:
    naam, _, rel = sym.partition(":")
    for n, wortel in _wortels():
        if n == naam and rel:
            return wortel / rel
    return Path(sym)


def _basis_hash(taak: Taak):
    h = hashlib.sha256()
    h.update((notebooks_dir() / f"{taak.template}.ipynb").read_bytes())
    h.update(json.dumps(taak.parameters, sort_keys=True).encode())
    _bestanden_hash(h, list(sorted((ROOT / "rekenboek").rglob("*.py"))))
    return h


def inhoud_hash(taak: Taak, leest: list[str], zoekt: list[list[str]]) -> str:
    """Hash of everything the executed page depends on: the template, its parameters, the package
    source, and the data files (and directory listings) the page read when it last ran."""
    h = _basis_hash(taak)
    for sym in sorted(leest):
        pad = _absoluut(sym)
        h.update(f"\0{sym}\0".encode())
        h.update(pad.read_bytes() if pad.is_file() else b"\0ontbreekt")
    for sym, patroon in sorted(zoekt):
        map_ = _absoluut(sym)
        h.update(f"\0{sym}/{patroon}\0".encode())
        h.update("\n".join(sorted(p.name for p in map_.glob(patroon))).encode())
    return h.hexdigest()


def huidige_hash(taak: Taak) -> str | None:
    """The content hash of a page as it stands now, from the inputs its executed notebook recorded;
    None when the page was never executed (or its record is unreadable): it must run."""
    if not taak.uitvoer.exists():
        return None
    try:
        meta = nbformat.read(taak.uitvoer, as_version=4).metadata.get("rekenboek", {})
    except Exception:
        return None
    if "leest" not in meta or "zoekt" not in meta:
        return None
    nu = inhoud_hash(taak, meta["leest"], meta["zoekt"])
    return nu if nu == meta.get("hash") else None


def _is_actueel(taak: Taak) -> bool:
    return huidige_hash(taak) is not None


# --------------------------------------------------------------- execution
def _voer_uit(taak: Taak) -> tuple[Taak, str | None]:
    """Run one template with papermill (in a worker process); return an error summary or None.

    The kernel records every input file it reads (``afhankelijkheden``); the list and the
    content hash over those files are stored in the notebook's metadata."""
    import papermill as pm

    taak.uitvoer.parent.mkdir(parents=True, exist_ok=True)
    tmp = taak.uitvoer.with_name(f".{taak.uitvoer.stem}.{os.getpid()}.ipynb")
    lijst = taak.uitvoer.with_name(f".{taak.uitvoer.stem}.{os.getpid()}.gelezen")
    lijst.unlink(missing_ok=True)
    os.environ[afh.OMGEVING] = str(lijst)
    try:
        pm.execute_notebook(str(notebooks_dir() / f"{taak.template}.ipynb"), str(tmp), parameters=taak.parameters,
                            kernel_name="python3", cwd=str(notebooks_dir()), progress_bar=False,
                            log_output=False, request_save_on_cell_execute=False)
    except pm.PapermillExecutionError as exc:
        tmp.unlink(missing_ok=True)
        return taak, f"cel {exc.cell_index}: {exc.ename}: {exc.evalue}"
    except Exception as exc:  # kernel died, template unreadable, ...
        tmp.unlink(missing_ok=True)
        return taak, f"{type(exc).__name__}: {exc}"
    finally:
        os.environ.pop(afh.OMGEVING, None)
        bestanden, globs = afh.lees_lijst(lijst)
        lijst.unlink(missing_ok=True)
    leest = sorted({_symbolisch(b) for b in bestanden})
    zoekt = sorted({(_symbolisch(m), p) for m, p in globs})
    hash_ = inhoud_hash(taak, leest, [list(z) for z in zoekt])
    nb = nbformat.read(tmp, as_version=4)
    if taak.titel and nb.cells and nb.cells[0].cell_type == "markdown":
        nb.cells[0].source = f"# {taak.titel}"
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
    return taak, None


def _voortgang(totaal: int):
    """A progress bar on a terminal, plain lines elsewhere (CI logs)."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(total=totaal, desc="notebooks", unit="nb")
    return None


def voer_uit(taken: list[Taak], jobs: int | None = None, force: bool = False,
             hashes: dict[Taak, str | None] | None = None) -> tuple[list[Taak], list[str]]:
    """Execute stale tasks in parallel; return (executed, failures)."""
    hashes = hashes if hashes is not None else {t: huidige_hash(t) for t in taken}
    te_doen = [t for t in taken if force or hashes[t] is None]
    print(f"{len(taken)} pagina's, {len(te_doen)} uit te voeren, {len(taken) - len(te_doen)} actueel.", flush=True)
    if not te_doen:
        return [], []
    fouten: list[str] = []
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(te_doen)))
    balk = _voortgang(len(te_doen))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_voer_uit, t) for t in te_doen]
        for f in as_completed(futures):
            taak, fout = f.result()
            if fout:
                fouten.append(f"{taak.omschrijving()}: {fout}")
            if balk is not None:
                balk.update(1)
            else:
                print(f"  {'FOUT' if fout else 'ok  '} {taak.omschrijving()}", flush=True)
    if balk is not None:
        balk.close()
    return te_doen, fouten


def taken_uit_matrix(data: Register, gemeenten=None, jaren=None) -> list[Taak]:
    taken = []
    for r in data.matrix.to_dict("records"):
        jaar = int(r["jaar"])
        if gemeenten and r["gemeente"] not in gemeenten:
            continue
        if jaren and jaar not in jaren:
            continue
        taken.append(Taak(r["template"], r["gemeente"], jaar))
    return taken


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
    verantwoording = [{"file": "book/methode"}, {"file": "book/generated/bevindingen"}, {"file": "book/generated/dekking"},
                      {"file": "book/generated/kpi_overzicht"}, {"file": "book/woordenlijst"}, {"file": "book/generated/colofon"}]
    eenheden = [{"file": f"book/generated/eenheid/{_eenheid_slug(g)}", "title": g,
                 "sections": [{"file": _rel(t), "title": f"{TITELS.get(t.template, t.template)} {t.jaar}"} for t in ts]}
                for g, ts in _per_eenheid(taken).items()]
    jaren = sorted({t.jaar for t in taken if t.jaar is not None})
    parts = [{"caption": "Verantwoording", "chapters": verantwoording},
             {"caption": "Per eenheid", "chapters": eenheden},
             {"caption": "Per jaar", "chapters": [{"file": f"book/generated/jaar/{j}", "title": str(j)} for j in jaren]},
             {"caption": "Brondocumenten", "chapters": [{"file": _rel(t), "title": t.nav_titel} for t in taken if t.bestand]}]
    return {"format": "jb-book", "root": "book/generated/start", "parts": [p for p in parts if p["chapters"]]}


def toc_tekst(taken: list[Taak]) -> str:
    kop = "# Generated by `python -m rekenboek build` from data/matrix.csv; do not edit by hand.\n"
    return kop + yaml.safe_dump(toc(taken), sort_keys=False, allow_unicode=True)


def index_paginas(data: Register, taken: list[Taak]) -> dict[str, str]:
    """Markdown index pages per unit and per year (links only; every figure lives on the linked pages)."""
    uit: dict[str, str] = {}
    toelichting = data.eenheden.set_index("gemeente")["toelichting"]
    for g, ts in _per_eenheid(taken).items():
        regels = [f"# {g}", ""]
        if toelichting.get(g):
            regels += [toelichting[g], ""]
        regels += ["Pagina's per jaar en hoofdstuk:", ""]
        for jaar in sorted({t.jaar for t in ts}):
            links = ", ".join(f"[{TITELS.get(t.template, t.template)}](../{t.uitvoer.relative_to(generated_dir()).as_posix()})"
                              for t in ts if t.jaar == jaar)
            regels.append(f"- **{jaar}**: {links}")
        uit[f"eenheid/{_eenheid_slug(g)}.md"] = "\n".join(regels) + "\n"
    for jaar in sorted({t.jaar for t in taken if t.jaar is not None}):
        regels = [f"# {jaar}", "", "Pagina's over dit jaar, per eenheid:", ""]
        for g, ts in _per_eenheid(taken).items():
            links = ", ".join(f"[{TITELS.get(t.template, t.template)}](../{t.uitvoer.relative_to(generated_dir()).as_posix()})"
                              for t in ts if t.jaar == jaar)
            if links:
                regels.append(f"- **{g}**: {links}")
        uit[f"jaar/{jaar}.md"] = "\n".join(regels) + "\n"
    return uit


def colofon(data: Register) -> str:
    """The reproducibility stamp: commit, checksums of sources and data, package versions, build date."""
    import platform
    from datetime import datetime, timezone
    from importlib.metadata import PackageNotFoundError, version

    from babel.dates import format_datetime

    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        schoon = not subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip()
        commit_tekst = f"`{commit}`" + ("" if schoon else " (met lokale wijzigingen)")
    except (OSError, subprocess.CalledProcessError):
        commit_tekst = "onbekend (geen git-repository)"
    h = hashlib.sha256()
    _bestanden_hash(h, [p for p in data_dir().rglob("*") if p.is_file()])
    pakketten = []
    for naam in ("jupyter-book", "myst-nb", "sphinx", "papermill", "nbclient", "pandas", "pandera", "matplotlib",
                 "babel", "itables"):
        try:
            pakketten.append(f"| {naam} | {version(naam)} |")
        except PackageNotFoundError:
            pakketten.append(f"| {naam} | niet geïnstalleerd |")
    bronnen = [f"| `{r['bestand']}` | {r['titel']} | `{r['sha256']}` |" for r in data.bronnen.to_dict("records")]
    nu = format_datetime(datetime.now(timezone.utc), "d MMMM y, HH:mm 'UTC'", locale="nl_NL")
    return "\n".join([
        "# Colofon", "",
        "Dit boek is gebouwd met `make book` uit de repository van het rekenboek. Met dezelfde code, data en",
        "bronnen levert dezelfde bouw hetzelfde boek op.", "",
        f"- Gebouwd op: {nu}",
        f"- Code (commit): {commit_tekst}",
        f"- Data (`data/`, sha256 over alle bestanden): `{h.hexdigest()}`",
        f"- Python: {platform.python_version()}", "",
        "## Bronnen", "", "| bestand | titel | sha256 |", "|---|---|---|", *bronnen, "",
        "## Pakketten", "", "| pakket | versie |", "|---|---|", *pakketten, "",
    ])


# ----------------------------------------------------------------- publish
def _jupyter_book(staging: Path, uit: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(exe), "build", str(staging), "--path-output", str(uit), "--builder", "html",
           "--warningiserror", "--nitpick", "--keep-going", "--quiet"]
    return subprocess.run(cmd, capture_output=True, text=True)


STEMPEL = ".rekenboek-boek-hash"


def boek_hash(taken: list[Taak], hashes: dict[Taak, str | None]) -> str:
    """Everything the published book is made of: every page's content hash, the hand-written chapters,
    the configuration and the table of contents. Equal hash, equal book."""
    h = hashlib.sha256()
    for t in sorted(taken, key=lambda t: str(t.uitvoer)):
        h.update(f"{t.uitvoer}:{hashes[t]}".encode())
    _bestanden_hash(h, [p for p in (ROOT / "book").rglob("*") if p.is_file() and "generated" not in p.parts])
    h.update((ROOT / "_config.yml").read_bytes())
    h.update(toc_tekst(taken).encode())
    return h.hexdigest()


def publiceer(data: Register, taken: list[Taak], stempel: str = "") -> tuple[bool, str]:
    """Render the book in a fresh directory; replace _build/html only on success."""
    bd = build_dir()
    bd.mkdir(exist_ok=True)
    staging = bd / f"staging-{os.getpid()}"
    uit = bd / f"render-{os.getpid()}"
    for p in (staging, uit):
        shutil.rmtree(p, ignore_errors=True)
    try:
        staging.mkdir()
        shutil.copy2(ROOT / "_config.yml", staging / "_config.yml")
        (staging / "_toc.yml").write_text(toc_tekst(taken), encoding="utf-8")
        shutil.copytree(ROOT / "book", staging / "book",
                        ignore=shutil.ignore_patterns(".*", "__pycache__", "generated"))
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
        reg.schrijf_excel(reg.lees(register_path()), gen / "bevindingen.xlsx")
        proc = _jupyter_book(staging, uit)
        html = uit / "_build" / "html"
        if proc.returncode != 0 or not (html / "index.html").exists():
            return False, (proc.stdout + proc.stderr).strip()
        if stempel:
            (html / STEMPEL).write_text(stempel, encoding="utf-8")
        doel = bd / "html"
        oud = bd / f"html-oud-{os.getpid()}"
        if doel.exists():
            os.replace(doel, oud)
        os.replace(html, doel)
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
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
        weg.append(p)
    return weg


def bouw(gemeenten=None, jaren=None, jobs: int | None = None, force: bool = False) -> int:
    start = time.monotonic()
    for p in ruim_resten_op():
        print(f"opgeruimd na een onderbroken bouw: {p}", flush=True)
    data = laad()
    try:
        verifieer(data.bronnen)
    except BronnenOntbreken as exc:
        print(f"let op: {exc}; checksums niet geverifieerd", file=sys.stderr)
    res = reg.bereken(data)
    reg.schrijf(res.tabel)
    bekend = list(data.eenheden["gemeente"])
    for g in gemeenten or []:
        if g not in bekend:
            raise InvoerFout("data/eenheden.csv", None, "gemeente", f"onbekende gemeente {g!r}; kies uit {', '.join(bekend)}")
    eenheid_taken = taken_uit_matrix(data, gemeenten, jaren)
    if (gemeenten or jaren) and not eenheid_taken:
        raise InvoerFout("data/matrix.csv", None, None, f"geen pagina's in de matrix voor gemeente {gemeenten or 'alle'}, jaar {jaren or 'alle'}")
    taken = [Taak(t, None, None) for t in ALGEMEEN] + taken_bronnen(data) + eenheid_taken
    if not (gemeenten or jaren):
        # the committed _toc.yml documents the full book; keep it in step with data/matrix.csv
        toc_pad = ROOT / "_toc.yml"
        if not toc_pad.exists() or toc_pad.read_text(encoding="utf-8") != toc_tekst(taken):
            toc_pad.write_text(toc_tekst(taken), encoding="utf-8")
    hashes = {t: huidige_hash(t) for t in taken}
    bestaand = build_dir() / "html" / STEMPEL
    if not force and bestaand.exists() and all(hashes.values()) \
            and bestaand.read_text(encoding="utf-8") == boek_hash(taken, hashes):
        print(f"{len(taken)} pagina's, 0 uit te voeren, {len(taken)} actueel; het gepubliceerde boek is actueel.")
        return 0
    _, fouten = voer_uit(taken, jobs=jobs, force=force, hashes=hashes)
    if fouten:
        print("\nDe bouw is afgebroken; het vorige boek in _build/html blijft staan. Mislukt:", file=sys.stderr)
        for f in fouten:
            print(f"  - {f}", file=sys.stderr)
        return 1
    stempel = boek_hash(taken, {t: huidige_hash(t) for t in taken})
    ok, log = publiceer(data, taken, stempel)
    if not ok:
        print("\njupyter-book build faalde (waarschuwingen gelden als fouten); het vorige boek blijft staan:\n" + log, file=sys.stderr)
        return 1
    print(f"Boek gebouwd: {build_dir() / 'html' / 'index.html'} ({time.monotonic() - start:.0f} s)")
    return 0


def voer_eenheid_uit(gemeente: str, jaar: int) -> list[Path]:
    data = laad()
    valideer(data, gemeente, jaar)
    taken = [t for t in taken_uit_matrix(data, [gemeente], [jaar])]
    if not taken:
        taken = [Taak(t, gemeente, jaar) for t in sorted(set(data.matrix["template"]))]
    _, fouten = voer_uit(taken, force=True)
    if fouten:
        raise SystemExit("Mislukt:\n" + "\n".join(f"  - {f}" for f in fouten))
    return [t.uitvoer for t in taken]


# Templates whose committed outputs nbval compares cell by cell. The others (register,
# coverage, source pages) show the whole register, which changes with every data edit:
# they are committed without outputs and nbval only executes them (nbval-ignore-output).
NBVAL_STRIKT = ("formatie",)


def ververs_templates() -> list[Path]:
    """Refresh the templates for nbval: execute the strict ones in place, clear the others."""
    from nbclient import NotebookClient

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
