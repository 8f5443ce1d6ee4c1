"""The benchmark's helpers (the benchmark itself is `make bench` / `make bench-snel`, not a test)."""
import csv
import shutil
import sys

import nbformat

from rekenboek.paths import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402  (scripts/bench.py)


def test_lege_templates_houden_alleen_parameters_en_imports(tmp_path):
    bench.lege_templates(tmp_path / "leeg")
    for pad in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(tmp_path / "leeg" / pad.name, as_version=4)
        assert nb.cells, pad.name
        for cel in nb.cells:
            assert cel.cell_type == "code"
            if "parameters" not in cel.metadata.get("tags", []):
                assert all(r.startswith(("import ", "from ")) for r in cel.source.splitlines()), (pad.name, cel.source)
        assert any("rekenboek" in c.source for c in nb.cells), pad.name


def test_wijzig_tekstveld_verandert_alleen_de_laatste_kolom(tmp_path):
    pad = tmp_path / "004a.csv"
    shutil.copy(ROOT / "data" / "cijfers" / "004a.csv", pad)
    voor = list(csv.reader(pad.open(newline="", encoding="utf-8")))
    bench.wijzig_tekstveld(pad)
    na = list(csv.reader(pad.open(newline="", encoding="utf-8")))
    assert len(voor) == len(na) and voor[0] == na[0] and voor[2:] == na[2:]
    assert na[1][:-1] == voor[1][:-1] and na[1][-1].endswith("(benchmark)")
