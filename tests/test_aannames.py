"""The assumptions register (data/modellen/aannames.csv): loaded, validated, the one source of the models' parameters."""
from __future__ import annotations

import csv
import fnmatch
import json
import shutil
from pathlib import Path

import pytest

from rekenboek.errors import InvoerFout
from rekenboek.models import aannames
from rekenboek.models import kostenverdeling, scenario, szmh
from rekenboek.paths import ROOT

REGISTER = ROOT / "data" / "modellen" / "aannames.csv"


def _record_ids() -> set[str]:
    ids: set[str] = set()
    for pad in (ROOT / "data" / "cijfers").glob("*.csv"):
        with pad.open(encoding="utf-8") as f:
            ids |= {r["id"] for r in csv.DictReader(f)}
    return ids


def test_register_laadt_en_dekt_elk_model():
    reg = aannames.register()
    assert {a.model for a in reg} == set(aannames.MODELLEN)
    for model, mod in (("scenario", scenario), ("szmh", szmh), ("kostenverdeling", kostenverdeling)):
        assert mod.AANNAME_PARAMETERS == {a.naam: a.betekenis for a in reg if a.model == model}


def test_elk_record_patroon_vindt_een_record():
    ids = _record_ids()
    for a in aannames.register():
        for patroon in a.records:
            assert fnmatch.filter(ids, patroon), f"{a.naam}: record {patroon!r} bestaat niet in data/cijfers"


def test_elke_modelaanname_heeft_bron_of_afleiding_en_grenzen_kloppen():
    for a in aannames.register():
        if a.model != "notebook":
            assert a.records or a.afleiding, a.naam
        bounds = [v for v in (a.min, a.plausibel_min, a.plausibel_max, a.max) if v is not None]
        assert bounds == sorted(bounds), a.naam


def test_financien_notebook_neemt_precies_de_registerparameters():
    nb = json.loads((ROOT / "notebooks" / "financien.ipynb").read_text(encoding="utf-8"))
    cel = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    namen = [regel.split("=")[0].split(":")[0].strip() for regel in "".join(cel["source"]).splitlines()
             if regel.strip() and not regel.lstrip().startswith("#")]
    verwacht = {a.naam for a in aannames.register() if a.model != "notebook"} | {"gemeente", "jaar"}
    assert set(namen) == verwacht


@pytest.mark.parametrize("kolom, waarde, veld", [
    ("min", "200", "plausibel_min"),       # min above the plausible range
    ("vorm", "per_maand", "vorm"),         # unknown form
    ("naam", "Volumegroei", "naam"),       # not a parameter name
    ("plausibel_max", "500", "max"),       # plausible bound outside the hard bound
])
def test_ongeldig_register_noemt_rij_en_veld(tmp_path: Path, kolom, waarde, veld):
    pad = tmp_path / "aannames.csv"
    shutil.copy(REGISTER, pad)
    with pad.open(encoding="utf-8") as f:
        rijen = list(csv.DictReader(f))
    i = next(n for n, r in enumerate(rijen) if r["naam"] == "volumegroei_pct")
    rijen[i][kolom] = waarde
    with pad.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rijen[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rijen)
    with pytest.raises(InvoerFout) as exc:
        aannames.register(pad)
    assert f"rij {i + 1}" in str(exc.value) and f"'{veld}'" in str(exc.value)
