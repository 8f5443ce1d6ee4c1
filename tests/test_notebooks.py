"""The formatie template run through papermill, as an analyst would run it."""
import nbformat
import papermill as pm
import pytest

from rekenboek.paths import notebooks_dir

TEMPLATE = str(notebooks_dir() / "formatie.ipynb")
GLUE_PREFIX = "application/papermill.record/"


def _uitvoer(nb) -> str:
    """All outputs of an executed notebook as one string (text, markdown and html)."""
    delen = []
    for cel in nb.cells:
        for o in cel.get("outputs", []):
            for mime, inhoud in o.get("data", {}).items():
                mime = mime.removeprefix(GLUE_PREFIX)  # glued with display=False
                if mime in ("text/markdown", "text/html", "text/plain"):
                    delen.append(inhoud if isinstance(inhoud, str) else "".join(inhoud))
    return "\n".join(delen)


def _run(tmp_path, gemeente, jaar):
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(TEMPLATE, str(out), parameters={"gemeente": gemeente, "jaar": jaar},
                        cwd=str(notebooks_dir()), progress_bar=False, kernel_name="python3")
    return nbformat.read(out, as_version=4)


@pytest.mark.slow
def test_szmh_2017(tmp_path, echte_data):
    nb = _run(tmp_path, "SZMH", 2017)
    tekst = _uitvoer(nb)
    begin = echte_data.cijfers["002-3a-begin"]
    # the glued introduction carries the opening balance exactly as printed
    assert f"{begin.tekst}\u00a0fte" in tekst
    assert "Niet bekend" not in tekst
    glue_keys = {o["metadata"]["scrapbook"]["name"] for c in nb.cells for o in c.get("outputs", [])
                 if "scrapbook" in o.get("metadata", {})}
    assert glue_keys == {"inleiding"}, "the template glues the introduction; the page object shows the rest"
    assert "Bron: `002_64404f7d5d23d22f.txt`" in tekst
    # five charts for SZMH 2017: the walk (waterfall, kinds), the kinds over the years, efficiency per schaal,
    # absence vs norm
    assert sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])) == 5
    assert 'alt="Watervaldiagram van de formatieloop' in tekst, "the book shows each chart with its alt text"
    for kop in ("De formatieloop", "Formatie over de jaren", "Cijfers uit de tekst", "Efficiencytaakstelling in fte",
                "Capaciteit Midden-Limburg West", "Capaciteit actieplan Toekomstagenda", "Verzuim", "Controles"):
        assert f"## {kop}" in tekst


@pytest.mark.slow
def test_eenheid_zonder_gegevens_zegt_dat(tmp_path):
    tekst = _uitvoer(_run(tmp_path, "Maastricht", 2017))
    assert "bevatten de getranscribeerde bronnen geen formatieoverzicht" in tekst
    assert "Niet bekend" in tekst


@pytest.mark.slow
@pytest.mark.parametrize("gemeente,jaar,melding", [
    ("Amsterdam", 2017, "onbekende gemeente 'Amsterdam'"),
    ("SZMH", 2030, "over 2030 zeggen ze niets"),
])
def test_onbekende_parameter_geeft_duidelijke_melding(tmp_path, gemeente, jaar, melding):
    with pytest.raises(pm.PapermillExecutionError) as exc:
        _run(tmp_path, gemeente, jaar)
    assert exc.value.ename == "OngeldigeParameter"
    assert melding in exc.value.evalue
    # no frames from inside the package or pandas: just the message
    assert len(exc.value.traceback) == 1


def test_template_is_dun():
    """Parameters, one call, the glued introduction, the page: no table or chart logic in the template."""
    nb = nbformat.read(TEMPLATE, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    assert len(code) == 2 and code[-1].strip() == "p.toon()"


def test_template_heeft_parameters_cel():
    nb = nbformat.read(TEMPLATE, as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert sum("parameters" in t for t in tags) == 1
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert "gemeente" in params.source and "jaar" in params.source


@pytest.mark.slow
def test_mlw_gemeente_toont_capaciteit(tmp_path, echte_data):
    nb = _run(tmp_path, "Leudal", 2019)
    tekst = _uitvoer(nb)
    totaal = echte_data.cijfers["004a-ovz-totaal-totaal-structureel"]
    assert f"{totaal.tekst}\u00a0fte" in tekst
    assert "twee derde" in tekst
    assert sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])) == 2


@pytest.mark.slow
def test_mh_gemeente_toont_actieplan(tmp_path):
    tekst = _uitvoer(_run(tmp_path, "Vaals", 2018))
    assert "Voor Vaals: 2 functies" in tekst
    assert "aanname" in tekst
