"""Document against scenario: the comparison pages show exactly the cells the models compute differently.

The expected moved cells are computed here by calling the models directly (``scenario.bereken``,
``kostenverdeling.model``, ``szmh.agendas``/``szmh.efficiency``) with the same overrides, enumerating
their outputs independently of ``rekenboek.models.vergelijking``; the page must show those cells, no
more and no fewer, with the models' values.
"""
from __future__ import annotations

import csv as csv_mod
import json
from decimal import Decimal

import pandas as pd
import pytest

from rekenboek import downloads
from rekenboek.checks.bevindingen import laad_dossier
from rekenboek.errors import OngeldigeParameter
from rekenboek.models import aannames as aannames_register
from rekenboek.models import kostenverdeling as kv
from rekenboek.models import scenario as sc
from rekenboek.models import szmh
from rekenboek.models import vergelijking
from rekenboek.models.vergelijking import Uitkomst, Verschil
from rekenboek.report.pages import aannames as aannames_pagina
from rekenboek.report.pages import vergelijking as pagina_mod

#: the Done-when scenario of issue 15 (growth 3 % in 2023 and 2 % in 2024; MLW split 40/12/48)
SCENARIO = {"volumegroei_pct": {"2023": 3, "2024": 2}, "aandelen_pct": {"Leudal": 40, "Nederweert": 12, "Weert": 48}}
SZMH_SCENARIO = {"beginsaldo_agenda_2017": 800000}


def _download(toon, naam: str, map_) -> tuple[dict, dict[str, pd.DataFrame]]:
    """What a page's output puts in the notebook for the download ``naam`` (a MIME bundle), written by the
    book's one writer (downloads.schrijf_bundel) into ``map_``: (bundle, file name -> CSV read as text)."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from rekenboek import downloads

    InteractiveShell.instance().user_ns.pop("_rekenboek_downloadnamen", None)   # a fresh page
    with capture_output() as c:
        toon()
    assert not any("data:text/csv" in o.data.get("text/html", "") for o in c.outputs)
    (uit,) = [o.data for o in c.outputs if o.data.get(downloads.MIME, {}).get("naam") == naam]
    b = uit[downloads.MIME]
    json.dumps(b)                                                             # travels in the notebook
    assert "data:" not in uit["text/html"]
    geschreven = sorted(p.name for p in downloads.schrijf_bundel(b, map_))
    assert geschreven == sorted(downloads.bestanden(b))
    assert all(f'href="{n}"' in uit["text/html"] for n in geschreven)        # every file linked
    tabellen = {}
    for n in geschreven:
        if n.endswith("-machine.csv"):
            tekst = (map_ / n).read_bytes().decode("utf-8")
            assert not tekst.startswith("\ufeff")
            tabellen[n] = pd.DataFrame(list(csv_mod.DictReader(tekst.splitlines())), dtype=str)
        elif n.endswith(".csv"):
            tekst = (map_ / n).read_bytes().decode("utf-8-sig")
            tabellen[n] = pd.DataFrame(list(csv_mod.DictReader(tekst.splitlines(), delimiter=";")), dtype=str)
    return b, tabellen


@pytest.fixture(scope="module")
def registers():
    return {m: laad_dossier(*d.documenten) for m, d in vergelijking.MODELLEN.items()}


def _gewijzigd_op_pagina(p) -> list[tuple[str, str]]:
    sectie = next(s for s in p.secties if s.titel == "Wat het scenario verandert")
    tabel = sectie.tabellen[0][1]
    return [] if tabel is None else list(zip(tabel["Uitkomst"], tabel["Jaar"]))


def _controleer_pagina(p, verwacht: dict[tuple, tuple[Decimal | None, Decimal | None]]):
    """The page's moved cells are exactly ``verwacht`` (key -> (document, scenario)), its table shows them."""
    vg = p.vergelijking
    gezien = {v.uitkomst.sleutel + (v.uitkomst.jaar,): (v.document, v.scenario) for v in vg.gewijzigd}
    assert set(gezien) == set(verwacht), (sorted(set(gezien) - set(verwacht), key=str)[:5],
                                          sorted(set(verwacht) - set(gezien), key=str)[:5])
    assert gezien == verwacht
    # the table on the page lists the same cells, in the same order, with their values
    assert _gewijzigd_op_pagina(p) == [pagina_mod.uitkomst_label(v.uitkomst) for v in vg.gewijzigd]
    tabel = next(s for s in p.secties if s.titel == "Wat het scenario verandert").tabellen[0][1]
    for (_, rij), v in zip(tabel.iterrows(), vg.gewijzigd):
        assert rij["Document"] == pagina_mod.waarde(v.document, v.uitkomst.eenheid)
        assert rij["Scenario"] == pagina_mod.waarde(v.scenario, v.uitkomst.eenheid)
    # and the table of all outputs marks exactly these
    alle = next(s for s in p.secties if s.titel == "Alle uitkomsten").tabellen[0][1]
    assert (alle["Gewijzigd"] == pagina_mod.GEWIJZIGD).sum() == len(verwacht)


def test_maastricht_gewijzigde_cellen_zijn_die_van_het_model(registers):
    r = registers["scenario"]
    doc_a = sc.aannames_uit_bron(r)
    doc = sc.bereken(doc_a)
    scen = sc.bereken(sc.met_overrides(doc_a, {"volumegroei_pct": SCENARIO["volumegroei_pct"]})[0])
    verwacht = {k: (doc.cellen[k], scen.cellen[k]) for k in doc.cellen if doc.cellen[k] != scen.cellen[k]}
    assert verwacht, "the scenario must move something"
    p = pagina_mod.pagina("scenario", r, **SCENARIO)
    _controleer_pagina(p, verwacht)
    # the MLW override is for another model: named, not applied
    assert "aandelen_pct" in p.inleiding
    assert len(p.afwijkende_aannames) == 4          # E Jeugd and Wmo, 2023 and 2024


def _kv_uitkomsten(m: kv.Model) -> dict[tuple, Decimal]:
    uit = {}
    for r in m.regels:
        for kolom, v in r.bedrag.items():
            uit[("bedrag", r.slug, kolom, None)] = v
    for kolom in kv.KOLOM_ID:
        uit[("totaal", kolom, None)] = m.totaal(kolom)
    for j in m.jaren:
        uit[("kosten", j)] = m.kosten(j)
        for g in m.gemeenten:
            uit[("bijdrage", g, j)] = m.bijdrage(g, j)
    for g in m.gemeenten:
        uit[("bijdrage_som", g, None)] = m.bijdrage_som(g)
    return uit


def test_mlw_gewijzigde_cellen_zijn_die_van_het_model(registers):
    r = registers["kostenverdeling"]
    doc = _kv_uitkomsten(kv.model(r))
    scen = _kv_uitkomsten(kv.model(r, {"aandelen_pct": SCENARIO["aandelen_pct"]}))
    verwacht = {k: (doc[k], scen[k]) for k in doc if doc[k] != scen[k]}
    assert verwacht
    p = pagina_mod.pagina("kostenverdeling", r, **SCENARIO)
    _controleer_pagina(p, verwacht)
    assert len(p.vergelijking.verschillen) == len(doc)          # every output is on the page
    # only the gemeenten whose share moved: Weert keeps 48 %
    assert not any(k[1] == "Weert" for k in verwacht if k[0].startswith("bijdrage"))


def _szmh_uitkomsten(agendas, eff) -> dict[tuple, Decimal]:
    uit = {}
    for ag in agendas:
        for a in ag.jaren:
            uit[(ag.defn.sleutel, "uitgaven", a.jaar)] = a.uitgaven.waarde
            uit[(ag.defn.sleutel, "beginsaldo", a.jaar)] = a.begin.waarde
            uit[(ag.defn.sleutel, "eindsaldo", a.jaar)] = a.eind.waarde
    for e in eff.jaren:
        for naam, v in (("taakstelling", e.taakstelling.waarde), ("taakstelling_cum", e.taakstelling_cum.waarde),
                        ("voorstellen_cum", e.v_eur_cum.waarde), ("invulling", e.n_totaal.waarde),
                        ("invulling_cum", e.n_cum.waarde), ("saldo", e.saldo), ("saldo_cum", e.saldo_cum)):
            uit[("efficiency", naam, e.jaar)] = v
    return uit


def test_szmh_gewijzigde_cellen_zijn_die_van_het_model(registers):
    r = registers["szmh"]
    eff = szmh.efficiency(r)
    doc = _szmh_uitkomsten(szmh.agendas(r), eff)
    scen = _szmh_uitkomsten(szmh.agendas(r, szmh.aannames(SZMH_SCENARIO)), eff)
    verwacht = {k: (doc[k], scen[k]) for k in doc if doc[k] != scen[k]}
    p = pagina_mod.pagina("szmh", r, **SZMH_SCENARIO)
    _controleer_pagina(p, verwacht)
    assert len(p.vergelijking.verschillen) == len(doc)
    # every balance of the 2017 agenda moves by the same 195.000, nothing of the 2018 agenda
    assert {s - d for (sl, rij, _), (d, s) in verwacht.items()} == {Decimal(-195000)}
    assert all(k[0] == "agenda_2017" for k in verwacht)


@pytest.mark.parametrize("model", list(vergelijking.MODELLEN))
def test_documentvorm_zonder_scenario(registers, model):
    """The official book's form: no moved cells, every assumption with its source line or 'afgeleid' and reasoning."""
    p = pagina_mod.pagina(model, registers[model])
    assert [s.titel for s in p.secties] == ["Aannames", "Alle uitkomsten", "Gevoeligheid"]
    assert not p.vergelijking.gewijzigd and not p.afwijkende_aannames
    tabel = p.secties[0].tabellen[0][1]
    assert "Scenario" not in tabel.columns
    assert list(tabel["Aanname"]) == [a.naam for a in aannames_register.register() if a.model == model]
    for _, rij in tabel.iterrows():
        if rij["Bron"] == "afgeleid":
            assert rij["Afleiding"], rij["Aanname"]
        else:
            assert all(ref.strip()[:3].isdigit() and ":" in ref for ref in rij["Bron"].split(",")), rij["Bron"]
    assert "Gewijzigd" not in p.secties[1].tabellen[0][1].columns


@pytest.mark.parametrize("model", list(vergelijking.MODELLEN))
def test_documentwaarden_als_overrides_veranderen_niets(registers, model):
    """document_aannames gives every assumption in override form: passed back, nothing moves or is reported."""
    r = registers[model]
    doc = vergelijking.document_aannames(model, r)
    assert set(doc) == set(vergelijking.MODELLEN[model].parameters)
    vg = vergelijking.vergelijk(model, r, doc)
    assert not vg.gewijzigd
    assert vg.scenario.afwijkend == []


@pytest.mark.parametrize("model", list(vergelijking.MODELLEN))
def test_uitkomsten_hebben_een_unieke_naam(registers, model):
    """Two cells never share a (description, year) on the page: the table names each cell once."""
    uitkomsten = vergelijking.doorreken(model, registers[model]).uitkomsten.values()
    namen = [pagina_mod.uitkomst_label(u) for u in uitkomsten]
    assert len(namen) == len(set(namen))


def test_verschil_exact_en_pm():
    u = Uitkomst(("x",), 2024, "x", "EUR", Decimal("3"))
    v = Verschil(u, Decimal("3"), Decimal("3.000000001"))
    assert v.gewijzigd and v.absoluut == Decimal("0.000000001")
    assert v.relatief == Decimal("0.000000001") / 3 * 100
    assert Verschil(u, Decimal(-4), Decimal(-2)).relatief == Decimal(50)      # relative to |document|
    assert Verschil(u, Decimal(0), Decimal(1)).relatief is None               # nothing to relate to
    pm = Verschil(u, None, Decimal(1))
    assert pm.gewijzigd and pm.absoluut is None and pm.relatief is None
    assert not Verschil(u, None, None).gewijzigd


def test_onbekend_model_of_aanname():
    with pytest.raises(OngeldigeParameter, match="onbekend model"):
        pagina_mod.pagina("begroting")
    with pytest.raises(OngeldigeParameter, match="volumegroie_pct"):
        pagina_mod.pagina("scenario", volumegroie_pct={"2023": 3})


def test_verschilgrafiek_voegt_gelijke_reeksen_samen(registers):
    p = pagina_mod.pagina("scenario", registers["scenario"], volumegroei_pct=SCENARIO["volumegroei_pct"])
    reeksen = pagina_mod.verschil_reeksen(p.vergelijking)
    assert 0 < len(reeksen) <= pagina_mod.MAX_REEKSEN
    profielen = [tuple(r.items()) for r in reeksen.values()]
    assert len(profielen) == len(set(profielen))
    alt, maak = p.secties[1].figuren[0]
    eerste = next(iter(reeksen))
    assert eerste in alt and "€ −1,57 mln in 2024" in alt.replace(pagina_mod.NBSP, " ")


# ------------------------------------------------------------------ the assumptions register page
def test_registerpagina_en_csv(registers, tmp_path):
    p = aannames_pagina.pagina(registers)
    register = aannames_register.register()
    modelrijen = [a for a in register if a.model != "notebook"]
    assert sum(len(s.tabellen[0][1]) for s in p.secties) == len(modelrijen)
    # a link in a page's output is not rewritten by Sphinx: it names the published .html page
    assert all(f"(vergelijking/{m}.html)" in s.tekst for m, s in zip(vergelijking.MODELLEN, p.secties))
    # the download (files next to the page): one row per number, the document's values, exact
    b, tabellen = _download(p.toon, "aannames-register", tmp_path)
    assert sorted(tabellen) == ["aannames-register-alle-modellen-machine.csv", "aannames-register-alle-modellen.csv"]
    assert "aannames-register.xlsx" in downloads.bestanden(b)
    csv = tabellen["aannames-register-alle-modellen-machine.csv"]
    nl = tabellen["aannames-register-alle-modellen.csv"]
    assert len(nl) == len(csv) and set(csv["naam"]) == {a.naam for a in modelrijen}
    # the Dutch CSV holds the same numbers with a decimal comma
    for w, w_nl in zip(csv["document_waarde"], nl["document_waarde"]):
        assert w_nl == w.replace(".", ",")
    rij = csv[(csv["naam"] == "volumegroei_pct") & (csv["onderdeel"] == "wmo/2023")].iloc[0]
    assert Decimal(rij["document_waarde"]) == registers["scenario"].cijfers["001b-t6-e-2023"].waarde
    assert rij["bron"] == "001:647 001:675" and rij["afgeleid"] == "nee" and Decimal(rij["band"]) == 1
    for w, naam in zip(csv["document_waarde"], csv["naam"]):
        if naam != "groeibasis":
            Decimal(w)                                          # every value is a plain number
    assert set(csv.loc[csv["afgeleid"] == "ja", "naam"]) == {a.naam for a in modelrijen if not a.records}


def test_waarde_tekst_nederlands():
    def tekst(*args) -> str:
        return aannames_pagina.waarde_tekst(*args).replace(aannames_pagina.NBSP, " ")

    assert tekst({"jeugd": {"2023": Decimal("2.50"), "2024": Decimal(3)}, "wmo": {"2023": Decimal(3)}}, "pct") \
        == "Jeugd: 2023 2,5 %, 2024 3 %; Wmo: 2023 3 %"
    assert tekst({"2021": Decimal(5), "2022": Decimal(5), "2023": Decimal(5)}, "EUR") == "2021–2023 elk jaar € 5"
    assert tekst({"2021": Decimal(5), "2023": Decimal(5)}, "EUR") == "2021 € 5, 2023 € 5"      # not a run of years
    assert tekst(Decimal("1234567"), "EUR") == "€ 1.234.567"
    assert tekst(1, "jaren") == "1 jaar"
    assert tekst({"12": Decimal(100000)}, "EUR", "schaal ") == "schaal 12 € 100.000"
    assert aannames_pagina.NBSP in aannames_pagina.waarde_tekst(Decimal(5), "pct")      # a number keeps its unit


# ------------------------------------------------------------------ the template, executed
@pytest.mark.slow
def test_template_met_scenario(tmp_path):
    import papermill as pm

    from rekenboek.paths import notebooks_dir

    uit = tmp_path / "v.ipynb"
    pm.execute_notebook(str(notebooks_dir() / "vergelijking.ipynb"), str(uit), kernel_name="python3",
                        parameters={"model": "kostenverdeling", **SCENARIO}, progress_bar=False)
    tekst = json.dumps(json.loads(uit.read_text(encoding="utf-8")))
    assert "Gewijzigde uitkomsten" in tekst and "Bijdrage Nederweert" in tekst
    assert "Tornadodiagram van Bijdrage Leudal" in tekst         # the chart's alt text in the HTML bundle
    assert "volumegroei_pct" in tekst                            # named as another model's assumption


def test_modellen_overal_dezelfde():
    """The build's model list (templates.MODELLEN, no model import), the comparison's models and the register agree."""
    from rekenboek import templates

    assert list(templates.MODELLEN) == list(vergelijking.MODELLEN)
    assert aannames_register.per_naam()["model"].keuzes == tuple(vergelijking.MODELLEN)
    assert {a.model for a in aannames_register.register()} - {"notebook"} == set(vergelijking.MODELLEN)


def test_uitkomsten_als_getallen_downloaden(registers, tmp_path):
    """The page's download holds every output cell exactly (plain numbers), moved cells marked."""
    def leeg_of(w: str) -> Decimal | None:
        return None if w == "" else Decimal(w)

    p = pagina_mod.pagina("kostenverdeling", registers["kostenverdeling"], aandelen_pct=SCENARIO["aandelen_pct"])
    b, tabellen = _download(p.toon_download, "kostenverdeling-uitkomsten", tmp_path / "scenario")
    assert sorted(tabellen) == ["kostenverdeling-uitkomsten-scenario-en-document-machine.csv",
                                "kostenverdeling-uitkomsten-scenario-en-document.csv"]
    csv = tabellen["kostenverdeling-uitkomsten-scenario-en-document-machine.csv"]
    nl = tabellen["kostenverdeling-uitkomsten-scenario-en-document.csv"]
    assert len(csv) == len(nl) == len(p.vergelijking.verschillen)
    assert (csv["gewijzigd"] == "ja").sum() == len(p.vergelijking.gewijzigd)
    for (_, rij), (_, rij_nl), v in zip(csv.iterrows(), nl.iterrows(), p.vergelijking.verschillen):
        assert rij["sleutel"] == "/".join(v.uitkomst.sleutel)
        assert (leeg_of(rij["document"]), leeg_of(rij["scenario"]), leeg_of(rij["verschil"]),
                leeg_of(rij["verschil_pct"])) == (v.document, v.scenario, v.absoluut, v.relatief)
        assert leeg_of(rij_nl["document"].replace(",", ".")) == v.document
    doc = pagina_mod.pagina("kostenverdeling", registers["kostenverdeling"])
    _, tabellen = _download(doc.toon_download, "kostenverdeling-uitkomsten", tmp_path / "document")
    assert sorted(tabellen) == ["kostenverdeling-uitkomsten-document-machine.csv", "kostenverdeling-uitkomsten-document.csv"]
    csv = tabellen["kostenverdeling-uitkomsten-document-machine.csv"]
    assert "scenario" not in csv.columns
    assert [leeg_of(w) for w in csv["document"]] == [v.document for v in doc.vergelijking.verschillen]


def test_scenarioboek_krijgt_de_vergelijking_van_elk_geraakt_model(echte_data):
    """A scenario book holds the comparison page of each model the scenario changes, with only that model's
    overrides; a model the scenario leaves alone gets no page."""
    from rekenboek.build.scenario import ScenarioBoek, scenario_taken
    from rekenboek.models import scenariobestand
    from rekenboek.paths import ROOT

    sc = scenariobestand.lees(ROOT / "scenarios" / "hoge-groei.yaml")
    rijen = aannames_register.per_naam()
    boek = ScenarioBoek(sc.naam, sc.slug, sc.beschrijving, sc.bestand, sc.sha256, sc.aannames, {},
                        modellen={n: rijen[n].model for n in sc.aannames})
    taken = scenario_taken(echte_data, boek, lambda g, n: scenariobestand.aannames_voor(echte_data, g, sc, n))
    vergelijk_taken = {t.model: t.parameters for t in taken if t.template == "vergelijking"}
    assert vergelijk_taken == {"scenario": {"model": "scenario", "volumegroei_pct": SCENARIO["volumegroei_pct"]},
                               "kostenverdeling": {"model": "kostenverdeling", "aandelen_pct": SCENARIO["aandelen_pct"]}}
