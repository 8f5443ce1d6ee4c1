"""Per-page dependencies: a page reads only its documents' data, and that changes nothing it shows.

The incremental build re-executes a page only when a file it read changed, so a page must
read no less than it needs. These tests hold the restricted loading to the whole register:
the same verdicts, and (for a sample of every template and kind of unit) the same page.
"""
import json
import os
import subprocess
import sys

import pytest

from rekenboek.checks import bevindingen as reg
from rekenboek.checks import dossier as dossiers
from rekenboek.inputs.register import laad
from rekenboek.errors import InvoerFouten
from rekenboek.paths import ROOT

from conftest import wijzig_record


@pytest.fixture(scope="module")
def volledig(echte_data):
    return reg.bereken(echte_data).tabel.set_index("id")


def test_dossiers_volgen_de_controles():
    # the 2018 plan's checks restate the 2017 plan: the two form one dossier; the others stand alone
    assert reg.dossier(["000"]) == reg.dossier(["002"]) == {"000", "002"}
    assert reg.dossier(["001"]) == {"001"}
    assert reg.dossier(["004"]) == {"004"}


@pytest.mark.slow  # evaluates the whole register on a data copy, or runs the CLI
@pytest.mark.parametrize("document", ["000", "001", "003", "004"])
def test_deelregister_geeft_dezelfde_oordelen(document, volledig):
    deel = reg.laad_dossier(document)
    tabel = reg.bereken(deel).tabel.set_index("id")
    verwacht = volledig[volledig["bestand"].str[:3].isin(deel.documenten)]
    assert len(tabel) > 0
    assert sorted(tabel.index) == sorted(verwacht.index)
    assert tabel.equals(verwacht.loc[tabel.index])


def test_controle_over_een_niet_geladen_document_faalt_luid():
    deel = laad(documenten={"000"})         # without 002, which the 2018 plan's checks use
    with pytest.raises(InvoerFouten, match="hoort bij document 002, dat niet is geladen"):
        reg.bereken(deel)


def test_eenheid_laadt_de_documenten_van_zijn_samenwerking(echte_data):
    assert echte_data.documenten_van("Weert") == ["004"]
    assert echte_data.documenten_van("Gulpen-Wittem") == ["000", "001", "002", "003"]
    assert reg.laad_eenheid("Leudal").documenten == {"004"}


def test_cijfer_buiten_de_samenwerking_van_zijn_document(data_kopie):
    wijzig_record(data_kopie / "cijfers" / "004a.csv", "004a-vs-verhoging", gemeente="Vaals")
    with pytest.raises(InvoerFouten, match="hoort niet bij de samenwerking van 004"):
        laad(data_kopie)


# ------------------------------------------------------------------ same page, restricted or whole
def _uitvoer(template: str, **parameters):
    """Run a template's code cells in-process and return everything it displays."""
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    shell.reset()
    nb = nbformat.read(ROOT / "notebooks" / f"{template}.ipynb", as_version=4)
    with capture_output() as cap:
        shell.run_cell("\n".join(f"{k} = {v!r}" for k, v in parameters.items())).raise_error()
        for cel in nb.cells:
            if cel.cell_type == "code" and "parameters" not in cel.metadata.get("tags", []):
                shell.run_cell(cel.source).raise_error()
    return [o.data for o in cap.outputs], cap.stdout


PAGINAS = [
    ("formatie", {"gemeente": "SZMH", "jaar": 2018}),
    ("formatie", {"gemeente": "Maastricht", "jaar": 2019}),
    ("formatie", {"gemeente": "Weert", "jaar": 2019}),
    ("financien", {"gemeente": "SZMH", "jaar": 2017}),
    ("financien", {"gemeente": "Maastricht", "jaar": 2022}),
    ("financien", {"gemeente": "Leudal", "jaar": 2020}),
    ("kpi", {"gemeente": "Maastricht", "jaar": 2019}),
    ("kpi", {"gemeente": "Vaals", "jaar": 2018}),
    ("bron", {"bestand": "002"}),
    ("bron", {"bestand": "003"}),
    ("cijfers", {"gemeente": "Maastricht", "jaar": 2018}),
    ("cijfers", {"gemeente": "MLW", "jaar": 2018}),
]


@pytest.mark.parametrize("template, parameters", PAGINAS, ids=[f"{t}-{'-'.join(map(str, p.values()))}" for t, p in PAGINAS])
@pytest.mark.slow  # computes 12 whole pages in process
def test_pagina_gelijk_aan_die_uit_het_hele_register(template, parameters, monkeypatch, bronnen):
    deel = _uitvoer(template, **parameters)
    alle = frozenset(laad().bronnen["bestand"].str[:3])
    monkeypatch.setattr(dossiers, "dossier", lambda documenten, root=None: alle)
    heel = _uitvoer(template, **parameters)
    assert deel[0], "the page displays something"
    assert deel == heel, "the page built from its documents differs from the page built from all data"


# ------------------------------------------------------------------ what a page records
@pytest.mark.slow  # runs a page in a subprocess
def test_pagina_registreert_wat_hij_leest(tmp_path, bronnen):
    lijst = tmp_path / "gelezen"
    code = "from rekenboek.report.pages import formatie as pagina; pagina.formatie('Weert', 2019)"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                   env={**os.environ, "REKENBOEK_GELEZEN": str(lijst)})
    regels = [json.loads(r) for r in lijst.read_text(encoding="utf-8").splitlines()]
    gelezen = {os.path.relpath(r["bestand"], ROOT) for r in regels if "bestand" in r}
    assert {"data/cijfers/004a.csv", "data/cijfers/003a.csv", "data/eenheden.csv"} <= gelezen
    assert not gelezen & {"data/cijfers/001a.csv", "data/cijfers/000a.csv", "data/matrix.csv", "data/kpi/indicatoren.csv"}
    assert any(r.get("patroon") == "004*.csv" for r in regels), "the glob over cijfers/ is recorded (a new file makes the page stale)"
