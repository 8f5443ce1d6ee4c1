"""The page "Cijfers" per unit and year."""
from __future__ import annotations

import nbformat
import pandas as pd
import papermill as pm
import pytest

from rekenboek.report.pages import cijfers as cijferoverzicht
from rekenboek.errors import OngeldigeParameter
from rekenboek.paths import notebooks_dir

from conftest import notebook_tekst


@pytest.fixture(scope="module")
def resultaat(echte_data):
    from rekenboek.checks.bevindingen import bereken
    return bereken(echte_data)


def _ids(df: pd.DataFrame, gemeente: str, jaar: str) -> set[str]:
    """Independently: the record ids with these labels, straight from the records table."""
    return set(df.loc[(df["gemeente"] == gemeente) & (df["jaar"] == jaar), "id"])


def _raken(tabel: pd.DataFrame, gemeente: str, jaar: str, ids: set[str]) -> list[str]:
    """Independently, from the register table alone: checks whose stated figure carries these labels
    (the register's ``gemeente``/``jaar`` columns are the stated record's labels) or that use one of ``ids``."""
    eigen = (tabel["gemeente"] == gemeente) & (tabel["jaar"] == jaar)
    onderdeel = tabel["onderdelen"].fillna("").map(lambda o: bool(set(o.split()) & ids))
    return list(tabel.loc[eigen | onderdeel, "id"])


def test_szmh_2017_telt_en_toont_precies_de_eigen_cijfers(echte_data, resultaat):
    ids = _ids(echte_data.cijfers_df, "SZMH", "2017")
    assert len(ids) > 100
    p = cijferoverzicht.pagina("SZMH", 2017, echte_data, resultaat)
    assert len(p.records) == len(ids)
    assert f"**SZMH 2017** {len(ids)} eigen cijfers" in p.inleiding
    # the full table and the per-document tables show exactly those ids, once each
    assert sorted(p.cijfertabel()["Id"]) == sorted(ids)
    per_document = pd.concat([p.cijfertabel(b) for b, _t, _cs in p.documenten])
    assert sorted(per_document["Id"]) == sorted(ids)
    # documents named by number and catalogue title, chapters from the matrix
    titels = echte_data.bronnen.set_index("bestand")["titel"]
    for b in {echte_data.cijfers[i].bestand for i in ids}:
        assert f"{b[:3]} *{titels[b]}*" in p.inleiding
    assert "Formatie, Financiën en KPI" in p.inleiding
    # the records without year are counted once, not listed
    zonder = _ids(echte_data.cijfers_df, "SZMH", "")
    assert zonder and f"{len(zonder)} cijfers bij SZMH zonder jaar" in p.inleiding
    assert not zonder & set(p.cijfertabel()["Id"])


def test_waarden_in_nederlandse_notatie(echte_data, resultaat):
    p = cijferoverzicht.pagina("SZMH", 2017, echte_data, resultaat)
    tabel = p.cijfertabel().set_index("Id")
    eur = next(c for c in p.records if c.eenheid == "EUR" and c.waarde is not None and c.waarde >= 1000)
    assert "." in tabel.loc[eur.id, "Waarde"] and tabel.loc[eur.id, "Waarde"].replace(".", "") == str(int(eur.waarde))
    fte = next(c for c in p.records if c.eenheid == "fte" and c.waarde is not None and c.waarde != c.waarde.to_integral())
    assert "," in tabel.loc[fte.id, "Waarde"] and "." not in tabel.loc[fte.id, "Waarde"]


def test_controles_zijn_precies_die_welke_de_cijfers_raken(echte_data, resultaat):
    for gemeente, jaar in [("SZMH", 2017), ("Maastricht", 2021), ("Weert", 2019)]:
        ids = _ids(echte_data.cijfers_df, gemeente, str(jaar))
        verwacht = _raken(resultaat.tabel, gemeente, str(jaar), ids)
        p = cijferoverzicht.pagina(gemeente, jaar, echte_data, resultaat)
        assert verwacht, (gemeente, jaar)
        assert list(p.bevindingen["id"]) == verwacht
        assert f"{len(verwacht)} controles uit het register raken" in p.inleiding
        assert len(cijferoverzicht.bevindingen_tabel(p.bevindingen)) == len(verwacht)
    # a check that touches a record only as a component is on the page too
    p = cijferoverzicht.pagina("SZMH", 2017, echte_data, resultaat)
    eigen = set(p.ids)
    alleen_onderdeel = [r for r in p.bevindingen.itertuples() if (r.gemeente, r.jaar) != ("SZMH", "2017")]
    assert alleen_onderdeel and all(set(r.onderdelen.split()) & eigen for r in alleen_onderdeel)
    # and no check that touches none of the records
    overig = resultaat.tabel[~resultaat.tabel["id"].isin(p.bevindingen["id"])]
    assert not any(set(str(o).split()) & eigen for o in overig["onderdelen"])


def test_secties_per_document_met_hun_ids(echte_data, resultaat):
    """Each section is one source document and carries exactly the ids of its records; the page's ids are theirs."""
    p = cijferoverzicht.pagina("SZMH", 2017, echte_data, resultaat)
    assert [s.titel for s in p.secties] == [f"Bron {b[:3]}: {t}" for b, t, _cs in p.documenten]
    for s, (_b, _t, cs) in zip(p.secties, p.documenten):
        assert s.ids == {c.id for c in cs}
    assert p.ids == {c.id for c in p.records}


def test_gulpen_wittem_2016_zegt_dat_er_geen_eigen_cijfers_zijn(echte_data, resultaat):
    assert not _ids(echte_data.cijfers_df, "Gulpen-Wittem", "2016")
    p = cijferoverzicht.pagina("Gulpen-Wittem", 2016, echte_data, resultaat)
    assert "De bronnen geven voor Gulpen-Wittem in 2016 geen eigen cijfers." in p.inleiding
    szmh = len(_ids(echte_data.cijfers_df, "SZMH", "2016"))
    assert f"voor SZMH geven de bronnen over 2016 {szmh} cijfers" in p.inleiding
    assert "pagina's van SZMH 2016" in p.inleiding
    assert "geen hoofdstuk" in p.inleiding
    assert p.cijfertabel() is None and p.bevindingen.empty


def test_hoofdstukken_komen_uit_de_matrix(echte_data, resultaat):
    m = echte_data.matrix
    rij = m[m["template"] == "kpi"].iloc[0]
    p = cijferoverzicht.pagina(rij["gemeente"], int(rij["jaar"]), echte_data, resultaat)
    assert "KPI" in p.hoofdstukken
    for g, j in {(r.gemeente, int(r.jaar)) for r in m.itertuples()}:
        verwacht = set(m[(m["gemeente"] == g) & (m["jaar"] == str(j))]["template"]) - {"cijfers"}
        namen = {"formatie": "Formatie", "financien": "Financiën", "kpi": "KPI"}
        assert set(cijferoverzicht.pagina(g, j, echte_data, resultaat).hoofdstukken) == {namen.get(t, t.capitalize()) for t in verwacht}


def test_elke_eenheid_en_elk_jaar_heeft_een_pagina(echte_data, resultaat):
    for r in echte_data.eenheden.itertuples():
        for j in range(int(r.jaar_van), int(r.jaar_tot) + 1):
            p = cijferoverzicht.pagina(r.gemeente, j, echte_data, resultaat)
            assert len(p.records) == len(_ids(echte_data.cijfers_df, r.gemeente, str(j)))
            assert (f"De bronnen geven voor {r.gemeente} in {j} geen eigen cijfers." in p.inleiding) == (not p.records)


def test_onbekende_gemeente_of_jaar(echte_data, resultaat):
    with pytest.raises(OngeldigeParameter, match="onbekende gemeente"):
        cijferoverzicht.pagina("Atlantis", 2018, echte_data, resultaat)
    with pytest.raises(OngeldigeParameter, match="2016-2019"):
        cijferoverzicht.pagina("Gulpen-Wittem", 2020, echte_data, resultaat)


@pytest.mark.slow
def test_notebook_gulpen_wittem_2019(tmp_path):
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(notebooks_dir() / "cijfers.ipynb"), str(out), parameters={"gemeente": "Gulpen-Wittem", "jaar": 2019},
                        cwd=str(notebooks_dir()), progress_bar=False, kernel_name="python3")
    tekst = notebook_tekst(nbformat.read(out, as_version=4))
    assert "De bronnen geven voor Gulpen-Wittem in 2019 geen eigen cijfers." in tekst
    assert "SZMH" in tekst


def test_notebook_is_dun():
    nb = nbformat.read(notebooks_dir() / "cijfers.ipynb", as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# Cijfers")
    assert set(nb.cells[1].metadata["tags"]) == {"parameters", "remove-cell", "nbval-ignore-output"}
    for c in nb.cells:
        if c.cell_type == "code":
            assert not c.outputs and "nbval-ignore-output" in c.metadata["tags"]
            assert "for " not in c.source and "+" not in c.source
