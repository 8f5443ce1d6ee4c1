"""Benchmark: our build vs a naive serial build, measured side by side in one run.

Scenarios (each on a fresh copy of data/ and empty output directories):
  1. full clean build;
  2. no-op rebuild (nothing changed);
  3. rebuild after changing one data file (the explanation of one figure in data/cijfers/003a.csv,
     the action plan; ``--bestand`` picks another file): only the pages that read it run again.
The naive build runs papermill on every page one after another and then `jupyter-book build`,
with no content hashing and no parallelism; ours is `python -m rekenboek build`.
Usage: python scripts/bench.py [--jobs N] [--gemeente G ...]   (make bench)
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env(basis: Path) -> dict:
    return {**os.environ, "REKENBOEK_DATA": str(basis / "data"), "REKENBOEK_BUILD": str(basis / "_build"),
            "REKENBOEK_GENERATED": str(basis / "generated")}


NAIEF = """
import sys
from rekenboek.build.execute import voer_taak_uit
from rekenboek.build.pages import alle_taken
from rekenboek.build.publish import publiceer
from rekenboek.checks import bevindingen as register
from rekenboek.inputs.register import laad
data = laad()
register.schrijf(register.bereken(data).tabel)
taken = alle_taken(data, GEMEENTEN or None)
for t in taken:                                   # one after another, every time, no hash
    _, fout, _ = voer_taak_uit(t)
    if fout:
        sys.exit(f"{t.omschrijving()}: {fout}")
ok, log = publiceer(data, taken)
sys.exit(0 if ok else log)
"""


def _tijd(cmd: list[str], env: dict) -> tuple[float, str]:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"mislukt: {' '.join(cmd[:4])}...\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}")
    m = re.search(r"(\d+) pagina's, (\d+) uit te voeren", res.stdout)
    return time.perf_counter() - t0, (f"{m.group(2)} van {m.group(1)}" if m else "alle")


def wijzig_tekstveld(pad: Path) -> None:
    """Append a marker to the last text field of the first data row (a note or explanation, no figure)."""
    tekst = pad.read_text(encoding="utf-8")
    eol = "\r\n" if "\r\n" in tekst else "\n"
    rijen = list(csv.reader(io.StringIO(tekst, newline="")))
    rijen[1][-1] = (rijen[1][-1] + " (benchmark)").strip()
    uit = io.StringIO(newline="")
    csv.writer(uit, lineterminator=eol).writerows(rijen)
    pad.write_text(uit.getvalue(), encoding="utf-8", newline="")


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--jobs", type=int, default=os.cpu_count())
    p.add_argument("--gemeente", action="append", default=[])
    p.add_argument("--bestand", default="cijfers/003a.csv", help="the data file changed in scenario 3 (under data/)")
    args = p.parse_args()
    py = sys.executable
    ons = [py, "-m", "rekenboek", "build", "--jobs", str(args.jobs)] + sum((["--gemeente", g] for g in args.gemeente), [])
    naief = [py, "-c", f"GEMEENTEN = {args.gemeente!r}\n" + NAIEF]
    resultaten = []
    with tempfile.TemporaryDirectory() as tmp:
        basis = {naam: Path(tmp) / naam for naam in ("ons", "naief")}
        for b in basis.values():
            shutil.copytree(ROOT / "data", b / "data")
        for scenario in ("volledige bouw", "niets veranderd", "één databestand veranderd"):
            if scenario == "één databestand veranderd":
                for b in basis.values():
                    wijzig_tekstveld(b / "data" / args.bestand)
                scenario += f" ({args.bestand})"
            t_ons, uitgevoerd = _tijd(ons, _env(basis["ons"]))
            t_naief, _ = _tijd(naief, _env(basis["naief"]))
            resultaten.append((scenario, t_ons, uitgevoerd, t_naief))
            print(f"{scenario:28s} ons {t_ons:7.1f} s ({uitgevoerd} notebooks)   naief serieel {t_naief:7.1f} s   "
                  f"verhouding {t_naief / t_ons:5.2f}x", flush=True)
    print("\n| scenario | ons (s) | notebooks uitgevoerd (ons) | naïef serieel (s) | naïef / ons |\n|---|---|---|---|---|")
    for s, a, n, b in resultaten:
        print(f"| {s} | {a:.1f} | {n} | {b:.1f} | {b / a:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
