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


# --------------------------------------------------------------------------- the parameters cells and papermill help
def _parametercel(pad: Path) -> str:
    nb = json.loads(pad.read_text(encoding="utf-8"))
    cel = next((c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    return "" if cel is None else "".join(cel["source"])


@pytest.mark.parametrize("pad", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_parametercel_is_gegenereerd_uit_het_register(pad: Path):
    """Each parameters cell is exactly what the register generates (type and help per name), so
    `papermill --help-notebook` shows the register's meaning, form and bounds."""
    import ast

    bron = _parametercel(pad)
    if not bron:
        return
    standaarden = {}
    for stmt in ast.parse(bron).body:
        doel = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
        standaarden[doel.id] = ast.get_source_segment(bron, stmt.value)
    assert bron == aannames.parametercel(standaarden)


def test_papermill_help_toont_elke_parameter_met_type_en_betekenis():
    import papermill as pm

    rijen = aannames.per_naam()
    gevonden = {p["name"]: p for p in pm.inspect_notebook(str(ROOT / "notebooks" / "financien.ipynb")).values()}
    assert set(gevonden) == {n for n, a in rijen.items() if a.model != "notebook"} | {"gemeente", "jaar"}
    for naam, p in gevonden.items():
        assert p["help"].startswith(rijen[naam].betekenis.split(" = ")[0][:30]), naam
        assert p["inferred_type_name"] == aannames.parametertype(rijen[naam])


# --------------------------------------------------------------------------- validating values
@pytest.mark.parametrize("waarden, veld, woorden", [
    ({"volumegroie_pct": {"2023": 3}}, "volumegroie_pct", ["Bedoelt u 'volumegroei_pct'"]),
    ({"volumegroei_pct": {"2023": "drie"}}, "volumegroei_pct[2023]", ["geen getal", "mapping jaar -> getal"]),
    ({"volumegroei_pct": {"2023": -150}}, "volumegroei_pct[2023]", ["buiten de grenzen", "-100"]),
    ({"aandelen_pct": {"Leudal": 40, "Nederweert": 12, "Weert": 38}}, "aandelen_pct", ["tot 90", "niet tot 100"]),
    ({"volumegroei_pct": 3}, "volumegroei_pct", ["verwacht een mapping"]),
    ({"groeibasis": "alles"}, "groeibasis", ["totaal", "basis_plus_vorige_mutatie"]),
    ({"vertraging_negatief": 1.5}, "vertraging_negatief", ["geen geheel getal"]),
    ({"onvoorzien_pct": True}, "onvoorzien_pct", ["geen getal"]),
])
def test_ongeldige_aanname_noemt_het_veld(waarden, veld, woorden):
    from rekenboek.errors import OngeldigeParameter

    with pytest.raises(OngeldigeParameter) as exc:
        aannames.controleer_alle(waarden)
    assert f"'{veld}'" in str(exc.value)
    for w in woorden:
        assert w in str(exc.value)


def test_ongebruikelijk_is_een_waarschuwing_en_json_tekst_een_mapping():
    waarden, w = aannames.controleer_alle({"volumegroei_pct": '{"2023": 30}', "aandelen_pct": {"Leudal": 40, "Nederweert": 12, "Weert": 48}})
    assert waarden["volumegroei_pct"] == {"2023": 30}
    assert len(w) == 1 and "volumegroei_pct[2023]" in w[0] and "ongebruikelijk" in w[0]


def test_elke_grens_werkt_op_elke_rij():
    """General: for every row with a hard bound, a value just outside fails and the bound itself passes."""
    from decimal import Decimal

    from rekenboek.errors import OngeldigeParameter

    for a in aannames.register():
        if a.model == "notebook" or a.som is not None:
            continue
        for grens, stap in ((a.min, Decimal(-1)), (a.max, Decimal(1))):
            if grens is None:
                continue
            vorm = a.vormen[0]
            maak = (lambda x: x) if vorm in ("getal", "geheel") else \
                (lambda x: {"2023": x}) if vorm == "per_jaar" else \
                (lambda x: {"a": {"2023": x}}) if vorm.endswith("_jaar") else (lambda x: {"a": x})
            aannames.controleer(a, maak(grens))
            with pytest.raises(OngeldigeParameter, match="buiten de grenzen"):
                aannames.controleer(a, maak(grens + stap))


# --------------------------------------------------------------------------- the notebook guard (without a kernel)
def test_bewaking_weigert_onbekende_papermill_parameter():
    from rekenboek.errors import OngeldigeParameter
    from rekenboek.report.parameters import controleer_namespace

    ns = {"gemeente": "Maastricht", "jaar": 2023, "volumegroie_pct": {"2023": 3},
          "In": ["", "gemeente = 'x'", '# Parameters\ngemeente = "Maastricht"\njaar = 2023\nvolumegroie_pct = {"2023": 3}\n']}
    with pytest.raises(OngeldigeParameter, match="'volumegroie_pct'.*Bedoelt u 'volumegroei_pct'"):
        controleer_namespace(ns, "financien")


@pytest.mark.parametrize("naam, waarde, woord", [
    ("jaar", 2018.7, "geen geheel jaartal"), ("jaar", True, "geen geheel jaartal"),
    ("gemeente", "../../etc", "geen naam van een eenheid"), ("gemeente", "Vaals/..", "geen naam"),
    ("bestand", "../x", "geen bronbestand"), ("bestand", "000_660d28090c3a4c26.txt/../../x", "geen bronbestand"),
])
def test_paginaparameters_in_hun_vorm(naam, waarde, woord):
    from rekenboek.errors import OngeldigeParameter
    from rekenboek.report.parameters import controleer_paginaparameters

    with pytest.raises(OngeldigeParameter, match=woord):
        controleer_paginaparameters({naam: waarde})


def test_paginaparameters_genormaliseerd():
    from rekenboek.report.parameters import controleer_paginaparameters

    assert controleer_paginaparameters({"jaar": "2018", "bestand": 2, "gemeente": "Valkenburg aan de Geul"}) == \
        {"jaar": 2018, "bestand": "002", "gemeente": "Valkenburg aan de Geul"}
    # the build passes the file name of data/bronnen.csv
    assert controleer_paginaparameters({"bestand": "000_660d28090c3a4c26.txt"}) == {"bestand": "000_660d28090c3a4c26.txt"}


def test_elke_eenheid_uit_de_data_past_door_de_bewaking(echte_data):
    """General: every unit name in data/eenheden.csv is a valid gemeente parameter (no real name is refused)."""
    from rekenboek.report.parameters import controleer_paginaparameters

    for g in echte_data.eenheden["gemeente"]:
        assert controleer_paginaparameters({"gemeente": g}) == {"gemeente": g}
    for b in echte_data.bronnen["bestand"]:
        assert controleer_paginaparameters({"bestand": b}) == {"bestand": b}


def test_alleen_de_laatste_geinjecteerde_cel_telt():
    """A warm kernel still holds the injected cells of the pages it ran before: only the current one counts."""
    from rekenboek.report.parameters import geinjecteerd
    geschiedenis = ["", "# Parameters\nbestand = \"001\"\n", "import x", "# Parameters\ngemeente = \"SZMH\"\njaar = 2016\n",
                    "pagina = 1"]
    assert geinjecteerd(geschiedenis) == ["gemeente", "jaar"]
    assert geinjecteerd(["import x"]) == []
