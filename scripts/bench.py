"""Benchmark: our build against the floor, the kernel floor and a naive build, side by side in one run.

- ours: ``python -m rekenboek build`` (warm kernels, incremental parallel Sphinx), in three scenarios:
  clean (empty build directory), no-op (nothing changed) and one data file changed (the note of one
  figure in ``--bestand``; only the pages that read it run again);
- floor: the work no build can avoid: every page's code run in ONE warm process (package imported once,
  the register evaluated once and then served from its cache), divided by the cores, plus the render
  of the same pages (our Sphinx time of the same scenario);
- kernel floor: a template with only the page's imports, run for every page in a fresh kernel each,
  on all cores: what the old one-kernel-per-page build paid before computing anything;
- naive: papermill on every page one after another, then one serial Sphinx render from scratch. It
  does the same work in every scenario, so it is measured once.

``--snel`` does the same on 19 pages (every template; Vaals, Leudal, Maastricht; 2019 and 2023) and
ends with one line ``bench: clean ours/floor=X naive/ours=Y; one-file ours=Z s``.
Usage: python scripts/bench.py [--snel] [--jobs N] [--bestand cijfers/003a.csv]   (make bench)
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNEL = ["--gemeente", "Vaals", "--gemeente", "Leudal", "--gemeente", "Maastricht", "--jaar", "2019", "--jaar", "2023"]


def _env(basis: Path, **extra) -> dict:
    return {**os.environ, "REKENBOEK_DATA": str(basis / "data"), "REKENBOEK_BUILD": str(basis / "_build"),
            "REKENBOEK_GENERATED": str(basis / "generated"), "PYTHONPATH": str(ROOT), **extra}


def _draai(cmd: list[str], env: dict) -> tuple[float, str]:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    duur = time.perf_counter() - t0
    if res.returncode != 0:
        sys.exit(f"mislukt: {' '.join(cmd[:6])}...\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return duur, res.stdout


def _render_tijd(stdout: str) -> float:
    m = re.search(r"renderen (\d+),(\d) s", stdout)
    return float(f"{m.group(1)}.{m.group(2)}") if m else 0.0


def wijzig_tekstveld(pad: Path) -> None:
    """Append a marker to the last text field of the first data row (a note or explanation, no figure)."""
    tekst = pad.read_text(encoding="utf-8")
    eol = "\r\n" if "\r\n" in tekst else "\n"
    rijen = list(csv.reader(io.StringIO(tekst, newline="")))
    rijen[1][-1] = (rijen[1][-1] + " (benchmark)").strip()
    uit = io.StringIO(newline="")
    csv.writer(uit, lineterminator=eol).writerows(rijen)
    pad.write_text(uit.getvalue(), encoding="utf-8", newline="")


# Run inside one process: every page's code cells in one IPython shell (the package imported once,
# the register computed once and then read from its cache). Prints the seconds of the page code only.
VLOER = r"""
import json, sys, time
import nbformat
from IPython.core.interactiveshell import InteractiveShell
from papermill.translators import translate_parameters
from rekenboek.build.pages import alle_taken
from rekenboek.inputs.register import laad
from rekenboek.paths import notebooks_dir
sel = json.loads(sys.argv[1])
taken = alle_taken(laad(), sel["gemeente"] or None, sel["jaar"] or None)
shell = InteractiveShell.instance()
t0 = time.perf_counter()
for t in taken:
    shell.reset(new_session=False)
    nb = nbformat.read(notebooks_dir() / f"{t.template}.ipynb", as_version=4)
    cellen = [c.source for c in nb.cells if c.cell_type == "code"]
    if t.parameters:
        cellen.insert(1, translate_parameters("python3", "python", t.parameters, "Parameters"))
    for code in cellen:
        r = shell.run_cell(code, silent=False)
        if not r.success:
            sys.exit(f"{t.omschrijving()}: {r.error_in_exec or r.error_before_exec}")
print("VLOER", time.perf_counter() - t0, len(taken))
"""

NAIEF = r"""
import json, sys
import papermill as pm
from rekenboek.build.pages import alle_taken
from rekenboek.build.publish import publiceer
from rekenboek.build.render import wis_staat
from rekenboek.checks import bevindingen as register, hoofdbevindingen
from rekenboek.inputs.register import laad
from rekenboek.paths import notebooks_dir
sel = json.loads(sys.argv[1])
data = laad()
res = register.bereken(data)
register.schrijf(res.tabel)
hoofdbevindingen.schrijf(res.hoofdbevindingen)
taken = alle_taken(data, sel["gemeente"] or None, sel["jaar"] or None)
for t in taken:                                   # one after another, a fresh kernel each, no hash
    t.uitvoer.parent.mkdir(parents=True, exist_ok=True)
    pm.execute_notebook(str(notebooks_dir() / f"{t.template}.ipynb"), str(t.uitvoer), parameters=t.parameters,
                        kernel_name="python3", cwd=str(notebooks_dir()), progress_bar=False)
wis_staat()                                       # a render from scratch, on one core (REKENBOEK_SPHINX_JOBS=1)
ok, log = publiceer(data, taken)
sys.exit(0 if ok else log)
"""

KERNELVLOER = r"""
import json, sys, time
from rekenboek.build.execute import voer_uit
from rekenboek.build.pages import alle_taken
from rekenboek.inputs.register import laad
sel = json.loads(sys.argv[1])
taken = alle_taken(laad(), sel["gemeente"] or None, sel["jaar"] or None)
t0 = time.perf_counter()
_, fouten = voer_uit(taken, jobs=int(sys.argv[2]), force=True, vers=True)
if fouten:
    sys.exit("\n".join(fouten))
print("KERNELVLOER", time.perf_counter() - t0)
"""


def lege_templates(doel: Path) -> None:
    """Copies of the templates holding only their parameters and import lines (the kernel floor)."""
    import nbformat

    doel.mkdir(parents=True)
    for pad in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(pad, as_version=4)
        houden = []
        for cel in nb.cells:
            if cel.cell_type != "code":
                continue
            if "parameters" in cel.metadata.get("tags", []):
                houden.append(cel)
                continue
            regels = [r for r in cel.source.splitlines() if r.startswith(("import ", "from "))]
            if regels:
                cel.source, cel.outputs = "\n".join(regels), []
                houden.append(cel)
        nb.cells = houden
        nbformat.write(nb, doel / pad.name)


def _f(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--jobs", type=int, default=os.cpu_count())
    p.add_argument("--snel", action="store_true", help="19 pages of every template instead of the whole book")
    p.add_argument("--bestand", default=None, help="the data file changed in scenario 3 (under data/)")
    p.add_argument("--zonder-naief", action="store_true", help="leave out the naive build")
    args = p.parse_args()
    sel_args = SNEL if args.snel else []
    sel = {"gemeente": [sel_args[i + 1] for i, a in enumerate(sel_args) if a == "--gemeente"],
           "jaar": [int(sel_args[i + 1]) for i, a in enumerate(sel_args) if a == "--jaar"]}
    bestand = args.bestand or ("cijfers/004a.csv" if args.snel else "cijfers/003a.csv")
    py = sys.executable
    ons = [py, "-m", "rekenboek", "build", "--jobs", str(args.jobs), *sel_args]
    print(f"machine: {os.cpu_count()} cores, {os.uname().machine}, load {os.getloadavg()[0]:.1f}; "
          f"{'--snel' if args.snel else 'volledig boek'}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        basis = {naam: Path(tmp) / naam for naam in ("ons", "vloer", "kernel", "naief")}
        for b in basis.values():
            shutil.copytree(ROOT / "data", b / "data")
        # floor: page code in one warm process, divided by the cores (+ our render time below)
        _draai([py, "-m", "rekenboek", "check"], _env(basis["vloer"]))   # (writes the register the pages read)
        _, uit = _draai([py, "-c", VLOER, json.dumps(sel)], _env(basis["vloer"]))
        rekenen, n = float(uit.split("VLOER")[1].split()[0]), int(uit.split("VLOER")[1].split()[1])
        print(f"vloer: paginacode {_f(rekenen)} s voor {n} pagina's in één proces", flush=True)
        # kernel floor: templates with only their imports, a fresh kernel per page, on all cores
        lege_templates(Path(tmp) / "lege-templates")
        _draai([py, "-m", "rekenboek", "check"], _env(basis["kernel"]))
        _, uit = _draai([py, "-c", KERNELVLOER, json.dumps(sel), str(args.jobs)],
                        _env(basis["kernel"], REKENBOEK_NOTEBOOKS=str(Path(tmp) / "lege-templates")))
        kernelvloer = float(uit.split("KERNELVLOER")[1].split()[0])
        print(f"kernelvloer: {_f(kernelvloer)} s ({n} lege pagina's, elk een verse kernel, {args.jobs} tegelijk)", flush=True)
        # ours, three scenarios
        rijen = []
        for scenario in ("schoon", "niets veranderd", "één databestand"):
            if scenario == "één databestand":
                wijzig_tekstveld(basis["ons"] / "data" / bestand)
                wijzig_tekstveld(basis["vloer"] / "data" / bestand)
            t, uit = _draai(ons, _env(basis["ons"]))
            m = re.search(r"(\d+) pagina's, (\d+) uit te voeren", uit)
            uitgevoerd = int(m.group(2)) if m else 0
            vloer = rekenen * (uitgevoerd / n) / args.jobs + _render_tijd(uit)
            rijen.append((scenario, t, uitgevoerd, vloer))
            print(f"ons {scenario:16s} {_f(t):>7s} s ({uitgevoerd} van {n} pagina's uitgevoerd; "
                  f"vloer {_f(vloer)} s)", flush=True)
            for regel in uit.splitlines():
                if regel.startswith(("Tijd:", "Traagste")):
                    print(f"    {regel}", flush=True)
        naief = None
        if not args.zonder_naief:
            naief, _ = _draai([py, "-c", NAIEF, json.dumps(sel)], _env(basis["naief"], REKENBOEK_SPHINX_JOBS="1"))
            print(f"naïef (papermill na elkaar + seriële Sphinx): {_f(naief)} s", flush=True)
    print("\n| scenario | ons (s) | pagina's uitgevoerd | vloer (s) | ons / vloer | naïef (s) | naïef / ons |")
    print("|---|---|---|---|---|---|---|")
    for s, t, u, v in rijen:
        nv = f"{_f(naief)} | {naief / t:.2f}".replace(".", ",") if naief else "- | -"
        print(f"| {s} | {_f(t)} | {u} van {n} | {_f(v)} | {f'{t / v:.2f}'.replace('.', ',') if v else '-'} | {nv} |")
    print(f"| kernelvloer (lege templates, verse kernel per pagina) | {_f(kernelvloer)} | {n} | | | | |")
    schoon, een = rijen[0], rijen[2]
    naief_ons = f"{naief / schoon[1]:.2f}" if naief else "-"
    print(f"bench: clean ours/floor={schoon[1] / schoon[3]:.2f} naive/ours={naief_ons}; one-file ours={een[1]:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
