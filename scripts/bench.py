"""Benchmark: our build vs a naive serial build, measured side by side in one run.

Scenarios (each on a fresh copy of data/ and empty output directories):
  1. full clean build;
  2. no-op rebuild (nothing changed);
  3. rebuild after changing one data file (a text field of data/eenheden.csv).
The naive build runs papermill on every page one after another and then `jupyter-book build`,
with no content hashing and no parallelism; ours is `python -m rekenboek build`.
Usage: python scripts/bench.py [--jobs N] [--gemeente G ...]   (make bench)
"""
from __future__ import annotations

import argparse
import os
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
from rekenboek import build, register
from rekenboek.data import laad
data = laad()
register.schrijf(register.bereken(data).tabel)
taken = [build.Taak(t, None, None) for t in build.ALGEMEEN] + build.taken_bronnen(data) + build.taken_uit_matrix(data, GEMEENTEN or None)
for t in taken:                                   # one after another, every time, no hash
    _, fout = build._voer_uit(t, "naief")
    if fout:
        sys.exit(f"{t.omschrijving()}: {fout}")
ok, log = build.publiceer(data, taken)
sys.exit(0 if ok else log)
"""


def _tijd(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"mislukt: {' '.join(cmd[:4])}...\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}")
    return time.perf_counter() - t0


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--jobs", type=int, default=os.cpu_count())
    p.add_argument("--gemeente", action="append", default=[])
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
                    pad = b / "data" / "eenheden.csv"
                    pad.write_text(pad.read_text(encoding="utf-8").replace("kostenverdeling 2018-2022", "kostenverdeling 2018 t/m 2022", 1),
                                   encoding="utf-8")
            t_ons = _tijd(ons, _env(basis["ons"]))
            t_naief = _tijd(naief, _env(basis["naief"]))
            resultaten.append((scenario, t_ons, t_naief))
            print(f"{scenario:28s} ons {t_ons:7.1f} s   naief serieel {t_naief:7.1f} s   verhouding {t_naief / t_ons:5.2f}x", flush=True)
    print("\n| scenario | ons (s) | naïef serieel (s) | naïef / ons |\n|---|---|---|---|")
    for s, a, b in resultaten:
        print(f"| {s} | {a:.1f} | {b:.1f} | {b / a:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
