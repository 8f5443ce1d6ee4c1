"""The financial template run through papermill with the document's and with changed assumptions."""
import nbformat
import papermill as pm
import pytest

from rekenboek.models import scenario
from rekenboek.report.pages.financien import scenario as scenario_pagina
from rekenboek.paths import notebooks_dir

TEMPLATE = str(notebooks_dir() / "financien.ipynb")
GLUE = "application/papermill.record/"


def _run(tmp_path, naam, **parameters):
    out = tmp_path / f"{naam}.ipynb"
    pm.execute_notebook(TEMPLATE, str(out), parameters=parameters, cwd=str(notebooks_dir()),
                        progress_bar=False, kernel_name="python3")
    return nbformat.read(out, as_version=4)


def _tekst(nb) -> str:
    delen = []
    for cel in nb.cells:
        for o in cel.get("outputs", []):
            for mime, inhoud in o.get("data", {}).items():
                if mime.removeprefix(GLUE) in ("text/markdown", "text/html"):
                    delen.append(inhoud if isinstance(inhoud, str) else "".join(inhoud))
    return "\n".join(delen)


def _cel(tabel, waar: dict, kolom: str) -> str:
    """The display cell in ``kolom`` of the one row whose columns equal ``waar``."""
    rij = tabel
    for k, v in waar.items():
        rij = rij[rij[k].astype(str) == v]
    assert len(rij) == 1, waar
    return rij.iloc[0][kolom]


@pytest.mark.slow
def test_andere_volumegroei_rekent_alles_door(tmp_path, echte_data):
    """A different growth path in 2023 changes the budget effect N downstream, as the package computes it."""
    standaard = scenario.aannames_uit_bron(echte_data)
    anders, regels = scenario.met_overrides(standaard, {"volumegroei_pct": {"2023": 4}})
    assert regels  # the override really differs from the document
    waar = {"": "N", "Scenario": "neutraal"}  # budget result incl. budgetplafonds, neutral scenario
    n_doc = _cel(scenario_pagina.tabel_begrotingseffect(scenario.bereken(standaard)), waar, "2023")
    n_anders = _cel(scenario_pagina.tabel_begrotingseffect(scenario.bereken(anders)), waar, "2023")
    assert n_doc != n_anders

    doc = _tekst(_run(tmp_path, "doc", gemeente="Maastricht", jaar=2023))
    nieuw = _tekst(_run(tmp_path, "nieuw", gemeente="Maastricht", jaar=2023, volumegroei_pct={"2023": 4}))
    # under a scenario the document's figures stay on the page (its checks keep the documents' verdicts)
    assert n_doc in doc and n_anders in nieuw and n_anders not in doc
    assert "Deze pagina wijzigt geen aanname" in doc
    assert "afwijken van het brondocument" in nieuw and all(r in nieuw for r in regels)


@pytest.mark.slow
def test_andere_kostenverdeling_per_gemeente(tmp_path):
    doc = _tekst(_run(tmp_path, "doc", gemeente="Leudal", jaar=2019))
    nieuw = _tekst(_run(tmp_path, "nieuw", gemeente="Leudal", jaar=2019,
                        aandelen_pct={"Leudal": 40, "Nederweert": 12, "Weert": 48}))
    assert "Deze pagina wijzigt geen aanname" in doc
    assert "afwijken van het brondocument" in nieuw
    assert doc != nieuw


@pytest.mark.slow
@pytest.mark.parametrize("parameters,melding", [
    ({"gemeente": "Vaals", "jaar": 2018}, "geen financieel model voor Vaals"),
    ({"gemeente": "Maastricht", "jaar": 2022, "aandelen_pct": {"Leudal": 100}}, "aandelen_pct"),
])
def test_ongeldige_parameters(tmp_path, parameters, melding):
    with pytest.raises(pm.PapermillExecutionError) as exc:
        _run(tmp_path, "fout", **parameters)
    assert exc.value.ename == "OngeldigeParameter"
    assert melding in exc.value.evalue


def test_elke_eenheid_en_jaar_in_de_matrix(echte_data):
    """Pages exist for every unit and year the financial sources cover."""
    m = echte_data.matrix[echte_data.matrix["template"] == "financien"]
    paren = set(zip(m["gemeente"], m["jaar"].astype(int)))
    verwacht = ({("Maastricht", j) for j in range(2020, 2025)} | {("SZMH", j) for j in range(2012, 2021)}
                | {(g, j) for g in ("MLW", "Leudal", "Nederweert", "Weert") for j in range(2018, 2023)})
    assert paren == verwacht


# ---------------------------------------------------------------- the one assumption parser (fast)
def test_aannames_getal_en_fouten():
    from decimal import Decimal

    from rekenboek.errors import OngeldigeParameter
    from rekenboek.models import aannames as a

    assert a.getal("x", "2,5") == a.getal("x", 2.5) == Decimal("2.5") and a.getal("x", 7) == 7
    for fout in (True, "veel", float("nan"), None, [1]):
        with pytest.raises(OngeldigeParameter, match="'x'"):
            a.getal("x", fout)
    assert a.overrides({"p": None, "q": 1}, {"p": "", "q": ""}, "het model") == {"q": 1}
    with pytest.raises(OngeldigeParameter, match="onbekende aanname.*het model: r"):
        a.overrides({"r": 1}, {"p": ""}, "het model")
    with pytest.raises(OngeldigeParameter, match="tussen 0 en 1"):
        a.tussen("w", "1.5", 0, 1)
    with pytest.raises(OngeldigeParameter, match="geen geheel getal"):
        a.geheel("n", 1.5)
    with pytest.raises(OngeldigeParameter, match="mapping"):
        a.mapping("m", [1, 2])
    with pytest.raises(OngeldigeParameter, match="buiten het model"):
        a.jaar("j", "2030", (2021, 2022))
    assert a.keuze("d", "Jeugd", ("jeugd", "wmo"), klein=True) == "jeugd"


def test_elke_aanname_is_een_notebookparameter():
    """The notebook's parameters cell names exactly the assumptions of the three models (static dispatch)."""
    from rekenboek.report.pages import financien

    from rekenboek.templates import parameters_van

    namen = set(parameters_van(TEMPLATE))
    assert namen - {"gemeente", "jaar"} == financien.aanname_namen()


# ---------------------------------------------------------------- scenario values are never findings about the sources
_OORDEEL_WOORDEN = ("gedrukt", "verschil", "oordeel", "model")


def _oordelen(p) -> list:
    """Everything on a page that judges a printed figure: the checks (verdict, recomputed value, difference) and, in
    every table, the columns that compare with the printed figures (model, gedrukt, verschil, oordeel)."""
    uit = [p.bevindingen[["id", "oordeel", "herberekend", "verschil"]].astype(str).values.tolist()]
    for s in p.secties:
        for _, t in s.tabellen:
            kolommen = [k for k in t.columns
                        if any(w in str(k).lower() for w in _OORDEEL_WOORDEN) and "scenario" not in str(k).lower()]
            if kolommen:
                uit.append((s.titel, kolommen, t[kolommen].astype(str).values.tolist()))
    return uit


def _scenario_waarden(p) -> list:
    """The MLW page's scenario columns (Maastricht's column 'Scenario' is the document's positief/neutraal/negatief)."""
    from rekenboek.report.pages.financien.kostenverdeling import SCENARIO_KOLOM, SCENARIO_VERSCHIL

    return [t[k].tolist() for s in p.secties for _, t in s.tabellen for k in t.columns
            if k in (SCENARIO_KOLOM, SCENARIO_VERSCHIL)]


@pytest.mark.parametrize("gemeente, jaar, documenten, aannames", [
    ("Maastricht", 2023, ("001",), {"volumegroei_pct": {"2023": 3, "2024": 2}, "neutraal_weging": 0.6}),
    ("MLW", 2018, ("004",), {"aandelen_pct": {"Leudal": 40, "Nederweert": 12, "Weert": 48}, "onvoorzien_pct": 7}),
    ("Nederweert", 2019, ("004",), {"aandelen_pct": {"Leudal": 40, "Nederweert": 12, "Weert": 48}}),
    ("Weert", 2020, ("004",), {"tarief_per_schaal": {"11": 80000}}),
])
def test_scenario_laat_de_oordelen_over_gedrukte_cijfers_staan(gemeente, jaar, documenten, aannames):
    """Issue 15: a scenario that changes the model's outputs leaves every comparison with the printed figures on the
    page exactly as in the document run; the scenario's values appear only in columns labelled 'Scenario'."""
    from rekenboek.checks.dossier import laad_dossier
    from rekenboek.report.pages import financien

    reg = laad_dossier(*documenten)
    # a scenario's page shows the whole model (issue 14 item 6: the book's other years link to the model page);
    # compare it with the whole model in the document run
    document = financien.MODELLEN[financien.model_voor(gemeente) or "kostenverdeling"][0](reg, gemeente, jaar, {})
    variant = financien.pagina(gemeente, jaar, register=reg, **aannames)
    assert variant.afwijkende_aannames and not document.afwijkende_aannames
    assert _oordelen(variant) == _oordelen(document)
    if gemeente != "Maastricht":
        assert not _scenario_waarden(document)   # MLW: the scenario's values beside the document's, with their difference
        verschillen = [v for kol in _scenario_waarden(variant) for v in kol]
        assert verschillen and any(v not in ("0", "") for v in verschillen)


def test_maastricht_onder_een_scenario_heten_de_tabellen_scenario():
    """Maastricht: the model's tables and chart carry the scenario's values and say so; the document run does not.
    The whole model is on the model page (2020, the first year in the matrix); 2023 links there."""
    from rekenboek.checks.dossier import laad_dossier
    from rekenboek.report.pages import financien

    reg = laad_dossier("001")
    for aannames, woord in (({}, "herberekend met de gedrukte waarden"), (MAASTRICHT_SCENARIO, "afwijkende aannames")):
        p = financien.pagina("Maastricht", 2020, register=reg, **aannames)
        jaar_2023 = financien.pagina("Maastricht", 2023, register=reg, **aannames)
        # the book's 2023 links to the model page; a scenario's 2023 (in a scenario book) shows the whole model
        assert ('<a href="maastricht-2020.html">Financiën Maastricht 2020</a>' in jaar_2023.secties[0].tekst) != bool(aannames)
        bijschriften = [b for s in p.secties for b, _ in s.tabellen if b != "Aannames van het model"]
        assert len(bijschriften) == 10 and all(("scenario:" in b) == bool(aannames) for b in bijschriften)
        assert woord in " ".join(a for s in p.secties for a, _ in s.figuren)


MAASTRICHT_SCENARIO = {"volumegroei_pct": {"2023": 3, "2024": 2}}
