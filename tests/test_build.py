"""End-to-end: build a small book into a temporary directory, as `make book` does (marked slow), and
the fast checks of what the build is made of (template registry, table of contents, matrix, staleness)."""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from rekenboek.build.pages import alle_taken, index_paginas, met_inhoud, taken_uit_matrix, toc_tekst, zonder_inhoud
from rekenboek.inputs.register import laad
from rekenboek.paths import ROOT, data_dir, notebooks_dir
from rekenboek.templates import ALGEMEEN, NBVAL_STRIKT, PER_EENHEID, TEMPLATES, parameters_van, titel


# a build limited to SZMH 2017 goes to its own directory; only a complete book goes to _build/html
DEELBOEK = Path("_build") / "deel" / "szmh-2017" / "html"


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("boek")
    env = {**os.environ, "REKENBOEK_BUILD": str(tmp / "_build"), "REKENBOEK_GENERATED": str(tmp / "generated")}
    return tmp, env


def _bouw(env, *args):
    return subprocess.run([sys.executable, "-m", "rekenboek", "build", "--gemeente", "SZMH", "--jaar", "2017", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_bouw_klein_boek(omgeving, echte_data):
    tmp, env = omgeving
    res = _bouw(env, "--jobs", "2")
    assert res.returncode == 0, res.stdout + res.stderr
    html = tmp / DEELBOEK
    assert (html / "index.html").exists()
    pagina = (html / "book" / "generated" / "formatie" / "szmh-2017.html").read_text(encoding="utf-8")
    assert "Formatie SZMH 2017" in pagina
    # glued prose is rendered, not left as a role
    assert "{glue" not in pagina and "glue:md" not in pagina
    assert f"{echte_data.cijfers['002-3a-eind'].tekst}\u00a0fte" in pagina
    assert 'alt="Watervaldiagram' in pagina
    assert "injected-parameters" not in pagina and 'jaar = 2017' not in pagina
    register = (html / "book" / "generated" / "bevindingen.html").read_text(encoding="utf-8")
    assert "002-3a-datum-eindstand" in register
    assert list((html / "_downloads").rglob("bevindingen.csv"))
    # no stray staging directories
    assert sorted(p.name for p in (tmp / "_build").iterdir()) == ["deel", "rekenboek"]   # a partial build never creates or replaces _build/html


@pytest.mark.slow
def test_tweede_bouw_voert_niets_uit(omgeving):
    """Nothing changed: no notebook runs and the published book is not rendered again."""
    tmp, env = omgeving
    index = tmp / DEELBOEK / "index.html"
    voor = index.stat().st_mtime_ns
    res = _bouw(env)
    assert res.returncode == 0, res.stderr
    assert "0 uit te voeren" in res.stdout and "is actueel" in res.stdout
    assert index.stat().st_mtime_ns == voor


def _uitgevoerd(stdout: str) -> set[str]:
    """The pages a build executed, from its progress lines (``  ok   formatie SZMH 2017 (5,2 s)``)."""
    return {m.group(1) for m in re.finditer(r"^  ok +(.+?) \(\d+,\d s\)$", stdout, re.M)}


@pytest.mark.slow
def test_een_databestand_voert_alleen_zijn_lezers_uit(omgeving, tmp_path):
    """Each page records the data files it read; changing one re-executes only the pages that read it."""
    tmp, env = omgeving
    kopie = tmp_path / "data"
    shutil.copytree(ROOT / "data", kopie)
    env = {**env, "REKENBOEK_DATA": str(kopie)}
    # an identical copy elsewhere: the recorded paths are relative to the data directory, nothing is stale
    res = _bouw(env)
    assert res.returncode == 0, res.stderr
    assert "0 uit te voeren" in res.stdout
    nb = nbformat.read(tmp / "generated" / "formatie" / "szmh-2017.ipynb", as_version=4)
    leest = nb.metadata["rekenboek"]["leest"]
    assert "data:cijfers/002_formatie.csv" in leest and "data:cijfers/004a.csv" not in leest
    # the covenant (004) is read by its source page, the pages over the whole register and the MLW model's pages
    # (its comparison page and the assumptions register), not by SZMH's pages
    formatie = tmp / "generated" / "formatie" / "szmh-2017.ipynb"
    voor = formatie.stat().st_mtime_ns
    pad = kopie / "cijfers" / "004a.csv"
    tekst = pad.read_text(encoding="utf-8")
    rijen = list(csv.reader(io.StringIO(tekst, newline="")))
    rijen[1][-1] = (rijen[1][-1] + " (gewijzigd door de test)").strip()          # the note of one figure, no value changes
    uit = io.StringIO(newline="")
    csv.writer(uit, lineterminator="\r\n" if "\r\n" in tekst else "\n").writerows(rijen)
    pad.write_text(uit.getvalue(), encoding="utf-8", newline="")
    res = _bouw(env)
    assert res.returncode == 0, res.stderr
    assert _uitgevoerd(res.stdout) == {"start", "bevindingen", "dekking", "bron 004", "aannames",
                                       "vergelijking kostenverdeling"}, res.stdout
    assert formatie.stat().st_mtime_ns == voor


@pytest.mark.slow
def test_kapotte_notebook_laat_vorig_boek_staan(omgeving, tmp_path):
    tmp, env = omgeving
    index = tmp / DEELBOEK / "index.html"
    voor = index.read_bytes(), index.stat().st_mtime_ns
    kapot = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", kapot)
    nb = nbformat.read(kapot / "formatie.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell('raise RuntimeError("opzettelijk kapot")'))
    nbformat.write(nb, kapot / "formatie.ipynb")
    res = _bouw({**env, "REKENBOEK_NOTEBOOKS": str(kapot)})
    assert res.returncode == 1
    assert "formatie SZMH 2017" in res.stderr and "opzettelijk kapot" in res.stderr
    assert (index.read_bytes(), index.stat().st_mtime_ns) == voor
    assert sorted(p.name for p in (tmp / "_build").iterdir()) == ["deel", "rekenboek"]   # a partial build never creates or replaces _build/html


@pytest.mark.slow
def test_sphinx_waarschuwing_laat_vorig_boek_staan(omgeving, tmp_path):
    tmp, env = omgeving
    index = tmp / DEELBOEK / "index.html"
    voor = index.read_bytes()
    kapot = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", kapot)
    nb = nbformat.read(kapot / "formatie.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Zie [een pagina die niet bestaat](bestaat-niet.md)."))
    nbformat.write(nb, kapot / "formatie.ipynb")
    res = _bouw({**env, "REKENBOEK_NOTEBOOKS": str(kapot)})
    assert res.returncode == 1
    assert "bestaat-niet" in res.stderr
    assert index.read_bytes() == voor


def test_onbekende_gemeente_exit_2(omgeving):
    _, env = omgeving
    res = subprocess.run([sys.executable, "-m", "rekenboek", "build", "--gemeente", "Atlantis"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert res.returncode == 2
    assert "onbekende gemeente 'Atlantis'" in res.stderr


def test_toc_in_repository_is_actueel():
    """A full `make book` rewrites _toc.yml from data/matrix.csv; the committed copy must match."""
    assert (ROOT / "_toc.yml").read_text(encoding="utf-8") == toc_tekst(alle_taken(laad()))


@pytest.mark.slow
def test_geen_gebroken_interne_links(omgeving):
    """Every relative link in the built book points to an existing file and, if it names one, anchor."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urlparse

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.hrefs, self.ids = [], set()

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if a.get("id"):
                self.ids.add(a["id"])
            if tag == "a" and a.get("href"):
                self.hrefs.append(a["href"])

    tmp, _ = omgeving
    html = tmp / DEELBOEK
    paginas = {}
    for pad in html.rglob("*.html"):
        p = Links()
        p.feed(pad.read_text(encoding="utf-8"))
        paginas[pad.resolve()] = p
    gebroken = []
    for pad, p in paginas.items():
        for href in p.hrefs:
            u = urlparse(href)
            if u.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            doel = (pad.parent / unquote(u.path)).resolve() if u.path else pad
            if not doel.exists():
                gebroken.append(f"{pad.relative_to(html.resolve())}: {href}")
            elif u.fragment and doel.suffix == ".html" and u.fragment not in paginas.get(doel, Links()).ids:
                gebroken.append(f"{pad.relative_to(html.resolve())}: {href} (anker ontbreekt)")
    assert not gebroken, "\n".join(gebroken[:30])


@pytest.mark.slow
def test_onderbroken_bouw_laat_geen_resten(omgeving):
    """What a killed build leaves (staging dirs of a dead process, half-written notebooks) is cleared next time."""
    tmp, env = omgeving
    dood = 2 ** 22 + 12345  # a pid far above the kernel's default pid_max: no such process
    resten = [tmp / "_build" / f"staging-{dood}", tmp / "_build" / f"render-{dood}"]
    for r in resten:
        (r / "book").mkdir(parents=True)
    half = tmp / "generated" / "formatie" / f".szmh-2017.{dood}.ipynb"
    half.write_text("{", encoding="utf-8")
    res = _bouw(env)
    assert res.returncode == 0, res.stderr
    assert not any(r.exists() for r in resten) and not half.exists()
    assert sorted(p.name for p in (tmp / "_build").iterdir()) == ["deel", "rekenboek"]   # a partial build never creates or replaces _build/html


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _dom(url: str) -> str:
    """The DOM after JavaScript ran, as headless Chromium (Debian package) renders it."""
    import tempfile
    with tempfile.TemporaryDirectory() as profiel:
        res = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                              "--no-first-run", "--disable-background-networking", "--disable-component-update",
                              "--disable-sync", f"--user-data-dir={profiel}", "--virtual-time-budget=8000",
                              "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="Chromium niet gevonden (Debian-pakket 'chromium'; .ci/run installeert het)")
def test_browser_toont_de_inhoud(omgeving, echte_data):
    tmp, _ = omgeving
    html = (tmp / DEELBOEK).resolve()
    start = _dom((html / "index.html").as_uri())          # the redirect leads to the landing page
    assert "Rekenboek sociaal domein" in start and "controles" in start and "{glue" not in start
    from rekenboek.numbers import nl_aantal
    assert f"<strong>{nl_aantal(len(echte_data.cijfers))} cijfers</strong>" in start   # Dutch grouping: 2.251
    register = _dom((html / "book" / "generated" / "bevindingen.html").as_uri())
    # the complete register loads on request (button), from _static; test_browser.py clicks it and filters it
    assert 'class="rekenboek-laad"' in register and (html / "_static" / "rekenboek-register.js").is_file()
    eenheid = _dom((html / "book" / "generated" / "formatie" / "szmh-2017.html").as_uri())
    assert 'alt="Watervaldiagram' in eenheid and "Formatie SZMH 2017" in eenheid


def test_elke_eenheid_en_elk_jaar_heeft_een_pagina(echte_data):
    """Issue 8, with issue 14 item 6: a page for every unit and year the sources speak of, and none for the others.

    A unit-year with a figure of its own (the ``gemeente`` and ``jaar`` labels of the records; a cooperation also
    speaks through its gemeenten) has a page in data/matrix.csv; one whose own records exist has its "Cijfers"
    page. A unit-year without any has no page: the unit page says so (see test_eenheidpagina_noemt_jaren_zonder_pagina).
    """
    m = echte_data.matrix
    wel = met_inhoud(echte_data)
    eigen = {(c.label("gemeente"), c.label("jaar")) for c in echte_data.cijfers.values()}
    for r in echte_data.eenheden.to_dict("records"):
        for jaar in range(int(r["jaar_van"]), int(r["jaar_tot"]) + 1):
            rijen = m[(m["gemeente"] == r["gemeente"]) & (m["jaar"] == str(jaar))]
            if (r["gemeente"], jaar) in wel:
                assert len(rijen), f"geen pagina voor {r['gemeente']} {jaar} in data/matrix.csv"
            if (r["gemeente"], str(jaar)) in eigen:
                assert "cijfers" in set(rijen["template"]), f"geen Cijfers-pagina voor {r['gemeente']} {jaar}"
    assert wel and any((r["gemeente"], j) not in wel for r in echte_data.eenheden.to_dict("records")
                       for j in range(int(r["jaar_van"]), int(r["jaar_tot"]) + 1))   # the rule leaves some out


def test_matrix_heeft_geen_pagina_zonder_eigen_cijfers(echte_data, synth_env):
    """Issue 14 item 6: no row of data/matrix.csv is a unit-year without figures of its own; the build would skip
    such a row (a page that can only say "niet bekend"), and this test names it so that the matrix stays honest."""
    assert zonder_inhoud(echte_data) == []
    data = laad()                                                      # the synthetic data set (synth_env)
    m = data.matrix
    rij = m.iloc[0]
    e = data.eenheden.set_index("gemeente").loc[rij["gemeente"]]
    leeg = next(j for j in range(int(e["jaar_van"]), int(e["jaar_tot"]) + 1) if (rij["gemeente"], j) not in met_inhoud(data))
    (data_dir() / "matrix.csv").write_text(
        (data_dir() / "matrix.csv").read_text(encoding="utf-8") + f"{rij['gemeente']},{leeg},{rij['template']}\n",
        encoding="utf-8")
    data = laad()
    assert zonder_inhoud(data) == [(rij["gemeente"], leeg, rij["template"])]
    assert all(t.jaar != leeg for t in taken_uit_matrix(data))


def test_eenheidpagina_noemt_jaren_zonder_pagina(echte_data):
    """A unit-year in the unit's range without a page is listed on the unit page with the reason."""
    taken = taken_uit_matrix(echte_data)
    paginas = index_paginas(echte_data, taken)
    vaals = paginas["eenheid/vaals.md"]
    assert "- **2019**: geen pagina: de bronnen geven geen eigen cijfers van Vaals over 2019" in vaals
    assert "- **2018**: [" in vaals
    deel = index_paginas(echte_data, taken_uit_matrix(echte_data, jaren=[2017]))["eenheid/vaals.md"]
    assert "2018" not in deel.split("## Jaren")[1] and "- **2019**: geen pagina" in deel   # partial book: no false claim


def test_templateregister_is_volledig(echte_data):
    """Every template in notebooks/ is in the registry with its scope, and the matrix names only unit templates."""
    assert set(TEMPLATES) == {p.stem for p in notebooks_dir().glob("*.ipynb")}
    assert set(echte_data.matrix["template"]) <= set(PER_EENHEID)
    assert ALGEMEEN == ("start", "bevindingen", "dekking", "kpi_overzicht", "aannames")
    assert NBVAL_STRIKT == ("formatie",)
    assert (titel("financien"), titel("kpi"), titel("onbekend")) == ("Financiën", "KPI", "Onbekend")


def test_templates_met_parameters_hebben_hun_parametercel():
    """A template's scope says which parameters the build injects: its parameters cell defines exactly those."""
    verwacht = {"boek": set(), "bron": {"bestand"}, "eenheid-jaar": {"gemeente", "jaar"}, "model": {"model"}}
    for naam, t in TEMPLATES.items():
        namen = set(parameters_van(notebooks_dir() / f"{naam}.ipynb"))
        assert verwacht[t.bereik] <= namen, f"{naam}: parameters {namen}, verwacht {verwacht[t.bereik]}"
        assert not (namen & {"gemeente", "jaar", "bestand", "model"} - verwacht[t.bereik]), f"{naam}: parameters {namen}"


# ------------------------------------------------------------------ staleness, without running anything
def test_halfgeschreven_of_vreemde_notebook_moet_opnieuw(monkeypatch, tmp_path):
    """A page whose notebook is missing, unreadable, foreign or out of date has no current hash: it runs."""
    from rekenboek.build import staleness
    from rekenboek.build.pages import Taak

    monkeypatch.setenv("REKENBOEK_GENERATED", str(tmp_path))
    taak = Taak("formatie", "SZMH", 2017)
    assert staleness.huidige_hash(taak) is None                      # never executed
    taak.uitvoer.parent.mkdir(parents=True)
    for inhoud in ("{", "[]", '{"metadata": []}', '{"metadata": {"rekenboek": {"hash": "x"}}}'):
        taak.uitvoer.write_text(inhoud, encoding="utf-8")
        assert staleness.huidige_hash(taak) is None, inhoud
    leest = ["data:eenheden.csv"]
    goed = staleness.inhoud_hash(taak, leest, [])
    meta = {"rekenboek": {"hash": goed, "leest": leest, "zoekt": []}}
    taak.uitvoer.write_text(json.dumps({"metadata": meta}), encoding="utf-8")
    assert staleness.huidige_hash(taak) == goed
    meta["rekenboek"]["hash"] = "verouderd"
    taak.uitvoer.write_text(json.dumps({"metadata": meta}), encoding="utf-8")
    assert staleness.huidige_hash(taak) is None


def test_code_in_een_subpakket_maakt_paginas_verouderd(monkeypatch, tmp_path):
    """The page hash covers rekenboek/**/*.py: an edit deep in a stage folder makes every page stale."""
    from rekenboek.build import staleness
    from rekenboek.build.pages import Taak

    (tmp_path / "rekenboek" / "models").mkdir(parents=True)
    (tmp_path / "rekenboek" / "__init__.py").write_text("", encoding="utf-8")
    model = tmp_path / "rekenboek" / "models" / "x.py"
    model.write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(staleness, "ROOT", tmp_path)
    taak = Taak("formatie", "SZMH", 2017)
    voor = staleness.inhoud_hash(taak, [], [])
    assert staleness.inhoud_hash(taak, [], []) == voor
    model.write_text("A = 2\n", encoding="utf-8")
    assert staleness.inhoud_hash(taak, [], []) != voor


def test_gelezen_paden_zijn_relatief_aan_hun_wortel(monkeypatch, tmp_path):
    """Recorded reads are stored relative to data/, the sources or the repository, so a copy stays valid."""
    from rekenboek.build import staleness

    monkeypatch.setenv("REKENBOEK_DATA", str(tmp_path / "data"))
    assert staleness.symbolisch(str(tmp_path / "data" / "cijfers" / "002_formatie.csv")) == "data:cijfers/002_formatie.csv"
    assert staleness.symbolisch(str(ROOT / "notebooks" / "formatie.ipynb")) == "root:notebooks/formatie.ipynb"
    assert staleness.symbolisch("/elders/bestand.csv") == "/elders/bestand.csv"


# ------------------------------------------------------------------ warm kernels, determinism
@pytest.mark.slow
def test_warme_kernels_geven_dezelfde_uitvoer_als_verse(monkeypatch, tmp_path, bronnen):
    """One page of every template, run many to a kernel (in reverse order as well) and each in a fresh
    kernel: the executed notebooks are byte-identical, recorded reads included."""
    from rekenboek.build.execute import voer_uit
    from rekenboek.build.pages import taken_algemeen, taken_bronnen, taken_modellen, taken_uit_matrix

    data = laad()
    taken = (taken_algemeen() + taken_modellen()[:1] + taken_bronnen(data)[:2]
             + taken_uit_matrix(data, ["SZMH"], [2017]))
    assert {t.template for t in taken} == set(TEMPLATES)
    uit = {}
    for naam, volgorde, vers in (("warm", taken, False), ("omgekeerd", taken[::-1], False), ("vers", taken, True)):
        monkeypatch.setenv("REKENBOEK_BUILD", str(tmp_path / naam / "_build"))
        monkeypatch.setenv("REKENBOEK_GENERATED", str(tmp_path / naam / "generated"))
        _, fouten = voer_uit(volgorde, jobs=1, force=True, vers=vers)
        assert not fouten
        uit[naam] = {p.relative_to(tmp_path / naam / "generated"): p.read_bytes()
                     for p in sorted((tmp_path / naam / "generated").rglob("*.ipynb"))}
    assert len(uit["vers"]) == len(taken)
    for naam in ("warm", "omgekeerd"):
        verschil = [str(p) for p in uit["vers"] if uit[naam].get(p) != uit["vers"][p]]
        assert not verschil, f"{naam}: {verschil}"


def _bestanden(html: Path) -> dict[str, bytes]:
    return {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_twee_schone_bouwen_zijn_gelijk(tmp_path, bronnen):
    """Two clean builds of a small matrix: registers, downloads (CSV, XLSX), executed notebooks and HTML
    are byte-identical apart from the build stamp (the colophon and the search index that indexes it)."""
    uit = []
    for naam in ("a", "b"):
        env = {**os.environ, "REKENBOEK_BUILD": str(tmp_path / naam / "_build"),
               "REKENBOEK_GENERATED": str(tmp_path / naam / "generated")}
        res = subprocess.run([sys.executable, "-m", "rekenboek", "build", "--gemeente", "Vaals", "--jaar", "2018"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
        uit.append(tmp_path / naam)
    a, b = uit
    for rel in ("rekenboek/bevindingen.csv", "rekenboek/hoofdbevindingen.csv"):
        assert (a / "_build" / rel).read_bytes() == (b / "_build" / rel).read_bytes(), rel
    assert _bestanden(a / "generated") == _bestanden(b / "generated")
    deel = Path("_build") / "deel" / "vaals-2018" / "html"      # a partial build has its own directory
    ha, hb = _bestanden(a / deel), _bestanden(b / deel)
    assert set(ha) == set(hb)
    stempel = {"book/generated/colofon.html", "searchindex.js", "_sources/book/generated/colofon.md", ".rekenboek-boek-hash"}
    verschil = sorted(p for p in ha if ha[p] != hb[p] and p not in stempel)
    assert not verschil, verschil
    assert any(p.endswith("bevindingen.xlsx") for p in ha)
