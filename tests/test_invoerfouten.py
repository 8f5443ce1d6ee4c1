"""Every bad input a user can put in data/ is a clear error: exit 2, file, row and field in Dutch, no traceback,
and the previous book untouched.

The cases are the fault-injection trial's (../shared/reviews/2026-12-06-reliability.md, tables A-E) and their
siblings, one per kind of cell and structure. They run ``python -m rekenboek check`` in-process on a copy of the
visibly synthetic data set (tests/fixtures/synthetisch: fast), with a small fake ``_build/html`` that must stay
byte-for-byte the same; the KPI cases use the real indicator register with a synthetic realisations file. The
slow tests at the end run the real command line as a subprocess on a copy of the real data.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SYNTH, wijzig_record
from rekenboek import cli
from rekenboek.paths import ROOT

CIJFERS = "data/cijfers/syn.csv"
YAML = "data/controles/syn.yaml"
BRON = "999_5e5e5e5e5e5e5e5e.txt"
KOP = "id,bestand,regel,tabel,rij,kolom,tekst,benadering,waarde,eenheid,factor,notatie,rol,mutatiesoort,functie," \
      "salarisschaal,uitleg,datum,gemeente,jaar,notitie"


# ---------------------------------------------------------------- harness

def boek_hash(html: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(html.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(html)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def omgeving(monkeypatch, tmp_path):
    """A writable synthetic data set and source directory, and a previously published (fake) book."""
    data, bronnen, build = tmp_path / "data", tmp_path / "bronnen", tmp_path / "_build"
    shutil.copytree(SYNTH / "data", data)
    shutil.copytree(SYNTH / "bronnen", bronnen)
    (build / "html" / "book").mkdir(parents=True)
    (build / "html" / "index.html").write_text("<html><body>vorig boek</body></html>", encoding="utf-8")
    (build / "html" / "book" / "pagina.html").write_bytes(b"\x00vorige pagina\xff")
    for naam in ("REKENBOEK_DATA", "REKENBOEK_BRONNEN", "REKENBOEK_BUILD"):
        monkeypatch.setenv(naam, str({"REKENBOEK_DATA": data, "REKENBOEK_BRONNEN": bronnen, "REKENBOEK_BUILD": build}[naam]))
    monkeypatch.delenv("REKENBOEK_KPI_REALISATIES", raising=False)
    return data, bronnen, build


def draai_check(build: Path, capsys, argv=("check",)) -> tuple[int, str]:
    """``python -m rekenboek check`` in-process; the fake book must be byte-for-byte what it was."""
    voor = boek_hash(build / "html")
    rc = cli.main(list(argv))
    uit = capsys.readouterr()
    assert boek_hash(build / "html") == voor, "het vorige boek is veranderd"
    return rc, uit.err + uit.out


def verwacht_fout(rc: int, tekst: str, bestand: str, rij: int | None, veld: str | None, melding: str) -> None:
    assert rc == 2, tekst
    assert "Traceback" not in tekst and "Error:" not in tekst, tekst
    assert "fout in de invoer" in tekst, tekst
    waar = bestand + (f", rij {rij}" if rij is not None else "") + (f", veld '{veld}'" if veld else "")
    regels = [r for r in tekst.splitlines() if r.startswith(waar)]
    assert regels, f"geen melding over {waar!r}:\n{tekst}"
    assert any(melding in r for r in regels), f"{melding!r} niet in:\n" + "\n".join(regels)


def regels_van(pad: Path) -> list[str]:
    return pad.read_text(encoding="utf-8").splitlines(keepends=True)


def vervang_regel(pad: Path, nummer: int, nieuw: str) -> None:
    """Replace file line ``nummer`` (1-based, header = 1)."""
    r = regels_van(pad)
    r[nummer - 1] = nieuw
    pad.write_text("".join(r), encoding="utf-8")


# ---------------------------------------------------------------- cells of data/cijfers (per column type)

CELLEN = [
    # (field, value, named field, Dutch message fragment)
    ("waarde", "", "waarde", "is geen getal"),
    ("waarde", "abc", "waarde", "is geen getal"),
    ("waarde", "1e309", "waarde", "geen e-notatie"),
    ("waarde", "1E2", "waarde", "is geen getal"),
    ("waarde", "nan", "waarde", "is geen eindig getal"),
    ("waarde", "NaN", "waarde", "is geen eindig getal"),
    ("waarde", "inf", "waarde", "is geen eindig getal"),
    ("waarde", "-Infinity", "waarde", "is geen eindig getal"),
    ("waarde", "100,00", "waarde", "decimaalteken"),
    ("waarde", "1_00.00", "waarde", "is geen getal"),
    ("waarde", " 100.00", "waarde", "spaties"),
    ("waarde", "100.00 ", "waarde", "spaties"),
    ("waarde", "-100.00", "waarde", "volgt niet uit de gedrukte tekst"),
    ("waarde", "100.01", "waarde", "volgt niet uit de gedrukte tekst"),
    ("regel", "", "regel", "verwacht een positief geheel getal"),
    ("regel", "twee", "regel", "verwacht een positief geheel getal"),
    ("regel", "-2", "regel", "verwacht een positief geheel getal"),
    ("regel", "0", "regel", "verwacht een positief geheel getal"),
    ("regel", "2.0", "regel", "verwacht een positief geheel getal"),
    ("regel", "1e3", "regel", "verwacht een positief geheel getal"),
    ("factor", "0", "factor", "moet een van"),
    ("factor", "7", "factor", "moet een van"),
    ("factor", "-1000", "factor", "moet een van"),
    ("factor", "1e3", "factor", "moet een van"),
    ("salarisschaal", "-9", "salarisschaal", "verwacht leeg of een geheel getal"),
    ("salarisschaal", "negen", "salarisschaal", "verwacht leeg of een geheel getal"),
    ("jaar", "18", "jaar", "verwacht leeg of een jaartal"),
    ("jaar", "1899", "jaar", "valt buiten de jaren van elke eenheid"),
    ("jaar", "3000", "jaar", "valt buiten de jaren van elke eenheid"),
    ("jaar", "2030.5", "jaar", "jaartal"),
    ("datum", "2030-13-01", "datum", ""),
    ("datum", "2030-02-30", "datum", ""),
    ("datum", "1-1-2030", "datum", "verwacht leeg of een datum"),
    ("eenheid", "euro", "eenheid", "moet een van"),
    ("eenheid", "", "eenheid", "moet een van"),
    ("eenheid", "FTE", "eenheid", "moet een van"),
    ("notatie", "dutch", "notatie", "moet een van"),
    ("rol", "eind", "rol", "moet een van"),
    ("benadering", "ongeveer", "benadering", "moet een van"),
    ("tekst", "", "tekst", "mag niet leeg zijn"),
    ("id", "", "id", "verwacht een id"),
    ("id", "999-Syn-Begin", "id", "verwacht een id"),
    ("bestand", "", "bestand", "mag niet leeg zijn"),
    ("bestand", "000_0000000000000000.txt", "bestand", "staat niet in bronnen.csv"),
    ("tabel", "bestaat-niet", "tabel", "staat niet in data/tabellen/"),
    ("gemeente", "Atlantis", "gemeente", "onbekende gemeente"),
    ("gemeente", " Testgemeente", "gemeente", "spaties"),
]


@pytest.mark.parametrize("veld,waarde,genoemd,melding", CELLEN, ids=[f"{c[0]}={c[1]!r}" for c in CELLEN])
def test_foute_cel(omgeving, capsys, veld, waarde, genoemd, melding):
    data, _, build = omgeving
    rij = wijzig_record(data / "cijfers" / "syn.csv", "999-syn-begin", **{veld: waarde})
    verwacht_fout(*draai_check(build, capsys), CIJFERS, rij, genoemd, melding)


def test_goede_data_gaat_door(omgeving, capsys):
    """The harness itself: the unaltered synthetic set passes, so every failure above is the mutation's."""
    _, _, build = omgeving
    rc, tekst = draai_check(build, capsys)
    assert rc == 0, tekst


# ---------------------------------------------------------------- structure and encoding of a CSV

def _regel_met(pad: Path, rid: str) -> int:
    return next(i for i, r in enumerate(regels_van(pad), start=1) if r.startswith(rid + ","))


def test_latin1_noemt_rij_en_veld(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "cijfers" / "syn.csv"
    wijzig_record(pad, "999-syn-nieuw", uitleg="uitbreiding café")          # data row 3
    pad.write_bytes(pad.read_text(encoding="utf-8").encode("latin-1", errors="replace"))   # € has no Latin-1 byte
    verwacht_fout(*draai_check(build, capsys), CIJFERS, 3, "uitleg", "geen UTF-8")


def test_cp1252_noemt_rij_en_veld(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "cijfers" / "syn.csv"
    pad.write_bytes(pad.read_text(encoding="utf-8").encode("cp1252"))          # '€' of row 6 becomes byte 0x80
    verwacht_fout(*draai_check(build, capsys), CIJFERS, 6, "tekst", "geen UTF-8")


@pytest.mark.parametrize("vorm", ["bom", "crlf", "bom+crlf", "lege regel aan het eind"])
def test_onschuldige_vorm_geeft_dezelfde_cijfers(omgeving, vorm):
    from rekenboek.inputs.register import laad
    data, _, _ = omgeving
    voor = {k: (c.waarde, c.labels) for k, c in laad(data).cijfers.items()}
    pad = data / "cijfers" / "syn.csv"
    tekst = pad.read_text(encoding="utf-8")
    if "crlf" in vorm:
        tekst = tekst.replace("\n", "\r\n")
    if "bom" in vorm:
        tekst = "\ufeff" + tekst
    if "lege" in vorm:
        tekst += "\n\n"
    pad.write_bytes(tekst.encode("utf-8"))
    assert {k: (c.waarde, c.labels) for k, c in laad(data).cijfers.items()} == voor


def test_rij_met_een_veld_te_veel_is_de_juiste_rij(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "cijfers" / "syn.csv"
    n = _regel_met(pad, "999-syn-eff")                                          # data row 2
    vervang_regel(pad, n, regels_van(pad)[n - 1].rstrip("\n") + ",x\n")
    verwacht_fout(*draai_check(build, capsys), CIJFERS, 2, None, "22 velden, de kopregel 21")


def test_afgebroken_rij_wordt_geen_lege_labels(omgeving, capsys):
    """The trial's case: ',,Maastricht,2021,' cut off; the labels must not silently become empty."""
    data, _, build = omgeving
    pad = data / "cijfers" / "syn.csv"
    n = _regel_met(pad, "999-syn-eind")                                         # data row 4
    vervang_regel(pad, n, regels_van(pad)[n - 1].replace(",,Testgemeente,2030,\n", "\n"))
    verwacht_fout(*draai_check(build, capsys), CIJFERS, 4, "datum", "de rij is afgebroken")


def test_afgebroken_bestand_midden_in_een_rij(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "cijfers" / "syn.csv"
    tekst = pad.read_text(encoding="utf-8")
    pad.write_text(tekst[: tekst.index("999-syn-nieuw") + 40], encoding="utf-8")     # row 3 cut after 40 characters
    verwacht_fout(*draai_check(build, capsys), CIJFERS, 3, None, "de rij is afgebroken")


def test_afgebroken_bestand_midden_in_aanhalingstekens(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "cijfers" / "syn.csv"
    tekst = pad.read_text(encoding="utf-8")
    pad.write_text(tekst[: tekst.index('"-1,25"') + 3], encoding="utf-8")             # row 2 ends inside "-1,25"
    verwacht_fout(*draai_check(build, capsys), CIJFERS, 2, None, "eindigt midden in een veld")


def test_leeg_bestand(omgeving, capsys):
    data, _, build = omgeving
    (data / "cijfers" / "syn.csv").write_bytes(b"")
    verwacht_fout(*draai_check(build, capsys), CIJFERS, None, None, "het bestand is leeg")


def test_alleen_kopregel_noemt_de_controles_die_hun_cijfers_kwijt_zijn(omgeving, capsys):
    data, _, build = omgeving
    (data / "cijfers" / "syn.csv").write_text(KOP + "\n", encoding="utf-8")
    verwacht_fout(*draai_check(build, capsys), YAML, 1, "gesteld", "onbekend cijfer")


@pytest.mark.parametrize("wijziging,veld,melding", [
    (lambda k: k.replace(",notitie", ""), "notitie", "kolom ontbreekt"),
    (lambda k: k + ",extra", "extra", "onbekende kolom"),
    (lambda k: k.replace("uitleg,", "uitleg,uitleg,"), "uitleg", "kolom komt dubbel voor"),
])
def test_kolommen(omgeving, capsys, wijziging, veld, melding):
    data, _, build = omgeving
    pad = data / "cijfers" / "syn.csv"
    r = regels_van(pad)
    r[0] = wijziging(r[0].rstrip("\n")) + "\n"
    if melding != "kolom ontbreekt":
        r = [r[0]] + [x.rstrip("\n") + ",\n" for x in r[1:]]         # one more (empty) field per row
    else:
        r = [r[0]] + [x.rstrip("\n").rsplit(",", 1)[0] + "\n" for x in r[1:]]
    pad.write_text("".join(r), encoding="utf-8")
    verwacht_fout(*draai_check(build, capsys), CIJFERS, None, veld, melding)


def test_dubbel_id(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "cijfers" / "syn.csv"
    with pad.open("a", encoding="utf-8") as fh:
        fh.write(regels_van(pad)[1])
    rij = len(regels_van(pad)) - 1
    verwacht_fout(*draai_check(build, capsys), CIJFERS, rij, "id", "komt al voor in data/cijfers/syn.csv, rij 1")


def test_map_met_csv_naam(omgeving, capsys):
    data, _, build = omgeving
    (data / "cijfers" / "zz.csv").mkdir()
    verwacht_fout(*draai_check(build, capsys), "data/cijfers/zz.csv", None, None, "is een map")


def test_losse_symlink(omgeving, capsys):
    data, _, build = omgeving
    (data / "cijfers" / "zz.csv").symlink_to("/bestaat/niet.csv")
    verwacht_fout(*draai_check(build, capsys), "data/cijfers/zz.csv", None, None, "bestand ontbreekt")


# ---------------------------------------------------------------- provenance: the printed text on its cited line

def test_gedrukte_tekst_niet_op_de_regel(omgeving, capsys):
    data, _, build = omgeving
    rij = wijzig_record(data / "cijfers" / "syn.csv", "999-syn-begin", tekst="200,00", waarde="200.00")
    verwacht_fout(*draai_check(build, capsys), CIJFERS, rij, "tekst", "staat niet op regel 2")


def test_record_verplaatst_naar_een_regel_die_het_niet_drukt(omgeving, capsys):
    data, _, build = omgeving
    rij = wijzig_record(data / "cijfers" / "syn.csv", "999-syn-begin", regel="3")
    verwacht_fout(*draai_check(build, capsys), CIJFERS, rij, "tekst", "staat niet op regel 3")


def test_regel_voorbij_het_einde_van_de_bron(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "tabellen" / "syn.csv"
    pad.write_text(pad.read_text(encoding="utf-8").replace(",2,10,tabel,", ",2,99999,tabel,"), encoding="utf-8")
    rij = wijzig_record(data / "cijfers" / "syn.csv", "999-syn-begin", regel="5000")
    rc, tekst = draai_check(build, capsys)
    verwacht_fout(rc, tekst, CIJFERS, rij, "regel", "regel 5000 bestaat niet")
    verwacht_fout(rc, tekst, "data/tabellen/syn.csv", 1, "regel_tot", "heeft 10 regels")


def test_tabel_voorbij_het_einde_van_de_bron(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "tabellen" / "syn.csv"
    pad.write_text(pad.read_text(encoding="utf-8").replace(",2,10,tabel,", ",2,11,tabel,"), encoding="utf-8")
    verwacht_fout(*draai_check(build, capsys), "data/tabellen/syn.csv", 1, "regel_tot", "loopt tot regel 11")


def test_datumregel_van_een_bron_voorbij_het_einde(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "bronnen.csv"
    pad.write_text(pad.read_text(encoding="utf-8").replace(",2031-01,9,", ",2031-01,12,"), encoding="utf-8")
    verwacht_fout(*draai_check(build, capsys), "data/bronnen.csv", 1, "datum_regel", "regel 12 bestaat niet")


# ---------------------------------------------------------------- the source documents

def test_gewijzigde_bron(omgeving, capsys):
    _, bronnen, build = omgeving
    pad = bronnen / BRON
    pad.write_text(pad.read_text(encoding="utf-8").replace("101,25", "101,26"), encoding="utf-8")
    verwacht_fout(*draai_check(build, capsys), "data/bronnen.csv", 1, "sha256", "de bron is gewijzigd")


def test_checksum_in_bronnen_csv_gewijzigd(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "bronnen.csv"
    pad.write_text(pad.read_text(encoding="utf-8").replace(",7e2a87c9", ",7e2a87c8"), encoding="utf-8")
    verwacht_fout(*draai_check(build, capsys), "data/bronnen.csv", 1, "sha256", "de bron is gewijzigd")


def test_ontbrekende_bron_naast_andere(echte_data, bronnen, tmp_path):
    from rekenboek.errors import InvoerFout
    from rekenboek.inputs.sources import verifieer
    for b in list(echte_data.bronnen["bestand"])[:-1]:
        shutil.copy(bronnen / b, tmp_path / b)
    with pytest.raises(InvoerFout, match=r"bronnen.csv, rij 5, veld 'bestand': bronbestand .* ontbreekt"):
        verifieer(echte_data.bronnen, tmp_path)


# ---------------------------------------------------------------- the other register files

@pytest.mark.parametrize("bestand,oud,nieuw,rij,veld,melding", [
    ("eenheden.csv", ",2030,2031,", ",2031,2030,", 1, "jaar_tot", "ligt voor jaar_van"),
    ("eenheden.csv", "Testgemeente,gemeente,,", "Testgemeente,gemeente,XYZ,", 1, "samenwerking", "is geen samenwerking"),
    ("eenheden.csv", ",gemeente,", ",stad,", 1, "soort", "moet een van"),
    ("eenheden.csv", ",2030,2031,", ",twintig,2031,", 1, "jaar_van", "verwacht een jaartal"),
    ("matrix.csv", "Testgemeente,2030,formatie", "Testgemeente,2030,bestaatniet", 1, "template", "geen template"),
    ("matrix.csv", "Testgemeente,2030,formatie", "Atlantis,2030,formatie", 1, "gemeente", "onbekende gemeente"),
    ("matrix.csv", "Testgemeente,2030,formatie", "Testgemeente,2030,formatie\nTestgemeente,2030,formatie", 2, "template",
     "staat al in de matrix"),
    ("matrix.csv", "Testgemeente,2030,formatie", "Testgemeente,2040,formatie", 1, "jaar", "valt buiten de jaren"),
    ("matrix.csv", "Testgemeente,2030,formatie", "Testgemeente,2030,../../tmp/x", 1, "template", "geen template"),
    ("bronnen.csv", ",2031-01,9,", ",2031-01,negen,", 1, "datum_regel", "verwacht een positief geheel getal"),
    ("tabellen/syn.csv", ",2,10,tabel,", ",12,10,tabel,", 1, "regel_tot", "eindregel ligt voor beginregel"),
    ("tabellen/syn.csv", ",tabel,Synthetische", ",lijst,Synthetische", 1, "soort", "moet een van"),
])
def test_andere_registerbestanden(omgeving, capsys, bestand, oud, nieuw, rij, veld, melding):
    data, _, build = omgeving
    pad = data / bestand
    tekst = pad.read_text(encoding="utf-8")
    assert oud in tekst
    pad.write_text(tekst.replace(oud, nieuw, 1), encoding="utf-8")
    verwacht_fout(*draai_check(build, capsys), f"data/{bestand}", rij, veld, melding)


# ---------------------------------------------------------------- check YAML and the formula language

def _controle(data: Path, formule: str, gesteld: str = "999-syn-eind", extra: str = "") -> int:
    """Append a check; return its position (the 'rij' of check messages)."""
    pad = data / "controles" / "syn.yaml"
    pad.write_text(pad.read_text(encoding="utf-8") + f"- id: kx\n  soort: herberekening\n  gesteld: {gesteld}\n"
                   f"  formule: {formule}\n  omschrijving: testgeval\n{extra}", encoding="utf-8")
    return pad.read_text(encoding="utf-8").count("\n- id:") + pad.read_text(encoding="utf-8").startswith("- id:")


def test_yaml_parseert_niet(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "controles" / "syn.yaml"
    pad.write_text(pad.read_text(encoding="utf-8").replace("gesteld: 999-syn-eind\n", "gesteld: [999-syn-eind\n", 1),
                   encoding="utf-8")
    verwacht_fout(*draai_check(build, capsys), YAML, None, None, "geen geldige YAML (regel")


def test_yaml_geen_lijst(omgeving, capsys):
    data, _, build = omgeving
    (data / "controles" / "syn.yaml").write_text("a: 1\n", encoding="utf-8")
    verwacht_fout(*draai_check(build, capsys), YAML, None, None, "verwacht een lijst van controles")


def test_yaml_python_tag_wordt_niet_uitgevoerd(omgeving, capsys, tmp_path):
    data, _, build = omgeving
    spoor = tmp_path / "uitgevoerd"
    _controle(data, f'!!python/object/apply:os.system ["touch {spoor}"]')
    verwacht_fout(*draai_check(build, capsys), YAML, None, None, "geen geldige YAML")
    assert not spoor.exists()


def test_dubbele_sleutel_wint_niet_stil(omgeving, capsys):
    """The trial's case: a second 'formule' made the check a tautology that passed."""
    data, _, build = omgeving
    rij = _controle(data, 'r("999-syn-begin")', extra='  formule: r("999-syn-eind")\n')
    verwacht_fout(*draai_check(build, capsys), YAML, rij, "formule", "staat twee keer in deze controle")


@pytest.mark.parametrize("formule,melding", [
    ('r("999-bestaat-niet")', "onbekend cijfer '999-bestaat-niet'"),
    ('r("999-syn-begin") / 0', "deelt door nul"),
    ('r("999-syn-begin") / (r("999-syn-eff") - r("999-syn-eff"))', "deelt door nul"),
    ('r("999-syn-eind")', "volgt het gestelde cijfer '999-syn-eind' zelf"),
    ('r("999-syn-eind") + 0 * r("999-syn-begin")', "volgt het gestelde cijfer"),
    ('r("999-syn-begin") + 1e309', "geen eindig getal"),
    ('r("999-syn-begin") + 1e40', "te groot"),
    ('r("999-syn-begin") + ' + "9" * 5000, "te groot"),
    (" + ".join(['r("999-syn-begin")'] * 1500), "te lang"),
    (" + ".join(["1"] * 1500), "te groot"),
    ('r("999-syn-begin") + ' + " + ".join(["1"] * 150), "te groot"),
    (" + ".join(['r("999-syn-begin")'] * 20000), "te lang"),
    (" * ".join(['r("999-syn-begin")'] * 200), "te groot"),
    ("(" * 300 + 'r("999-syn-begin")' + ")" * 300, "te"),
    ("__import__('os').system('true')", "niet toegestaan in een formule"),
    ("(lambda: 1)()", "niet toegestaan in een formule"),
    ('r("999-syn-begin").__class__', "niet toegestaan in een formule"),
    ("som(tabel=__import__('os').system('true'))", "moet een constante zijn"),
    ('som(__class__="x")', "kan niet selecteren op '__class__'"),
    ('som(**{"tabel": "x"})', "moet een constante zijn"),
    ('r(f"999-syn-{1}")', "r() verwacht één id"),
    ('(x := 1) + r("999-syn-begin")', "niet toegestaan in een formule"),
    ("9 ** 9 ** 9", "niet toegestaan in een formule"),
    ('"tekst"', "niet toegestaan in een formule"),
    ("r(", "geen geldige uitdrukking"),
])
def test_formule(omgeving, capsys, formule, melding):
    data, _, build = omgeving
    rij = _controle(data, f"'{formule}'" if "'" not in formule else f'"{formule.replace(chr(34), chr(92) + chr(34))}"')
    verwacht_fout(*draai_check(build, capsys), YAML, rij, "formule", melding)


def test_vergelijking_met_zichzelf_die_een_echte_vergelijking_is_mag(omgeving, capsys):
    """x = 5 % of (total - x) uses its own stated figure but can fail: that is a check, not a tautology."""
    data, _, build = omgeving
    _controle(data, "'(r(\"999-syn-mln-a\") + r(\"999-syn-mln-b\") - r(\"999-syn-mln-totaal\")) / 2 + r(\"999-syn-mln-totaal\")'",
              gesteld="999-syn-mln-totaal")
    rc, tekst = draai_check(build, capsys)
    assert rc == 0, tekst


# ---------------------------------------------------------------- the KPI registers (real indicator register)



@pytest.fixture
def kpi_realisaties(tmp_path):
    """A realisations file: the committed rows plus the rows a test adds."""
    def maak(*rijen: str) -> Path:
        pad = tmp_path / "realisaties.csv"
        pad.write_text((ROOT / "data" / "kpi" / "realisaties.csv").read_text(encoding="utf-8")
                       + "".join(r + "\n" for r in rijen), encoding="utf-8")
        return pad
    return maak


def _n_realisaties() -> int:
    return len((ROOT / "data" / "kpi" / "realisaties.csv").read_text(encoding="utf-8").splitlines()) - 1


@pytest.mark.parametrize("rijen,veld,melding", [
    (["uitkeringseenheden,Vaals,2018,-5,SYNTHETISCH rapport,definitief"], "waarde", "is negatief"),
    (["uitkeringseenheden,Vaals,2018,12.5,SYNTHETISCH rapport,definitief"], "waarde", "geen geheel aantal"),
    (['uitkeringseenheden,Vaals,2018,"12,5",SYNTHETISCH rapport,definitief'], "waarde", "verwacht leeg of een getal"),
    (["uitkeringseenheden,Vaals,2018,abc,SYNTHETISCH rapport,definitief"], "waarde", "verwacht leeg of een getal"),
    (["uitkeringseenheden,Vaals,2018,1e309,SYNTHETISCH rapport,definitief"], "waarde", "verwacht leeg of een getal"),
    (["uitkeringseenheden,Vaals,2018,NaN,SYNTHETISCH rapport,definitief"], "waarde", "verwacht leeg of een getal"),
    (["uitkeringseenheden,Vaals,2099,250,SYNTHETISCH rapport,definitief"], "periode", "geen norm"),
    (["uitkeringseenheden,Vaals,2018-02-30,250,SYNTHETISCH rapport,definitief"], "periode", "geen bestaande datum"),
    (["uitkeringseenheden,Vaals,2018-13,250,SYNTHETISCH rapport,definitief"], "periode", "verwacht een periode"),
    (["uitkeringseenheden,Weert,2018,250,SYNTHETISCH rapport,definitief"], "gemeente", "moet een van"),
    (["uitkeringseenheden,Vaals,2018,250,SYNTHETISCH rapport,concept"], "status", "moet een van"),
    (["bestaatniet,Vaals,2018,250,SYNTHETISCH rapport,definitief"], "indicator", "staat niet in data/kpi/indicatoren.csv"),
    (["uitkeringseenheden,Vaals,2018,,000a-bestaat-niet,definitief"], "bron", "bestaat niet in data/cijfers/"),
    (["uitkeringseenheden,Vaals,2018,250,SYNTHETISCH rapport A,definitief",
      "uitkeringseenheden,Vaals,2018,900,SYNTHETISCH rapport B,definitief"], "waarde", "spreken elkaar tegen"),
    (["uitkeringseenheden,Vaals,2018,250,SYNTHETISCH rapport A,definitief",
      "uitkeringseenheden,Vaals,2018,250,SYNTHETISCH rapport A,definitief"], "waarde", "staat er dubbel"),
])
def test_kpi_realisaties(echte_data, kpi_realisaties, rijen, veld, melding):
    from rekenboek.errors import InvoerFout
    from rekenboek.inputs.indicatoren import laad_indicatoren, laad_realisaties
    pad = kpi_realisaties(*rijen)
    with pytest.raises(InvoerFout) as exc:
        laad_realisaties(echte_data, laad_indicatoren(echte_data), pad)
    rij = _n_realisaties() + len(rijen)
    assert f"realisaties.csv, rij {rij}, veld '{veld}'" in str(exc.value) and melding in str(exc.value), str(exc.value)


def test_kpi_voorlopig_en_definitief_naast_elkaar_mag(echte_data, kpi_realisaties):
    from rekenboek.inputs.indicatoren import laad_indicatoren, laad_realisaties
    pad = kpi_realisaties("uitkeringseenheden,Vaals,2018,250,SYNTHETISCH rapport A,voorlopig",
                          "uitkeringseenheden,Vaals,2018,260,SYNTHETISCH rapport B,definitief")
    assert len(laad_realisaties(echte_data, laad_indicatoren(echte_data), pad)) == _n_realisaties() + 2


def test_kpi_indicatoren_foute_eenheid(echte_data, tmp_path):
    from rekenboek.errors import InvoerFout
    from rekenboek.inputs.indicatoren import laad_indicatoren
    pad = tmp_path / "indicatoren.csv"
    r = (ROOT / "data" / "kpi" / "indicatoren.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    r[1] = r[1].replace(",pct,", ",xx,", 1)
    pad.write_text("".join(r), encoding="utf-8")
    with pytest.raises(InvoerFout, match=r"indicatoren.csv, rij 1, veld 'eenheid'.*moet een van"):
        laad_indicatoren(echte_data, pad)


def test_check_leest_de_kpi_registers(monkeypatch, tmp_path, capsys, kpi_realisaties):
    """`check` itself rejects a bad analyst's row (exit 2, before any page runs), not only the build."""
    build = tmp_path / "_build"
    (build / "html").mkdir(parents=True)
    (build / "html" / "index.html").write_text("vorig boek", encoding="utf-8")
    monkeypatch.setenv("REKENBOEK_BUILD", str(build))
    monkeypatch.setenv("REKENBOEK_KPI_REALISATIES", str(kpi_realisaties(
        "uitkeringseenheden,Vaals,2018,-5,SYNTHETISCH rapport,definitief")))
    rc, tekst = draai_check(build, capsys)
    verwacht_fout(rc, tekst, str(tmp_path / "realisaties.csv"), _n_realisaties() + 1, "waarde", "is negatief")


# ---------------------------------------------------------------- the real command line (subprocess)

def _cli(*argv: str, data: Path, build: Path, **env) -> subprocess.CompletedProcess:
    omg = {**os.environ, "REKENBOEK_DATA": str(data), "REKENBOEK_BUILD": str(build),
           "REKENBOEK_GENERATED": str(build.parent / "generated"), **env}
    return subprocess.run([sys.executable, "-m", "rekenboek", *argv], cwd=ROOT, env=omg, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.slow  # copies the real data and runs the command line
@pytest.mark.parametrize("commando", [("check",), ("build", "--gemeente", "Vaals", "--jaar", "2018", "--jobs", "1")])
def test_review_gevallen_op_echte_data(data_kopie, bronnen, tmp_path, commando):
    """The trial's silently accepted cases on the real data: printed text not on its line, factor 0, jaar 3000,
    a cut-off row; `check` and `build` both refuse with exit 2 and leave the previous book alone."""
    build = tmp_path / "_build"
    (build / "html").mkdir(parents=True)
    (build / "html" / "index.html").write_text("vorig boek", encoding="utf-8")
    voor = boek_hash(build / "html")
    pad = data_kopie / "cijfers" / "000a.csv"
    rij = wijzig_record(pad, "000a-dvo-ue-vaals", tekst="2.790", waarde="2790")
    pad1 = data_kopie / "cijfers" / "001a.csv"
    rij_j = wijzig_record(pad1, "001a-p51-begroting-2021", jaar="3000")
    res = _cli(*commando, data=data_kopie, build=build)
    tekst = res.stdout + res.stderr
    assert res.returncode == 2, tekst[-3000:]
    assert "Traceback" not in tekst
    assert boek_hash(build / "html") == voor
    assert f"data/cijfers/001a.csv, rij {rij_j}, veld 'jaar'" in tekst, tekst
    # the provenance check runs after laad(): fix the year and it is the next error found
    wijzig_record(pad1, "001a-p51-begroting-2021", jaar="2021")
    res = _cli(*commando, data=data_kopie, build=build)
    tekst = res.stdout + res.stderr
    assert res.returncode == 2 and "Traceback" not in tekst, tekst[-3000:]
    assert f"data/cijfers/000a.csv, rij {rij}, veld 'tekst': de gedrukte tekst '2.790' staat niet op regel" in tekst, tekst
    assert boek_hash(build / "html") == voor


def test_dubbele_sleutel_in_hoofdbevindingen(omgeving, capsys):
    """The same loader guards data/hoofdbevindingen.yaml: a repeated key is an error, not a silent override."""
    data, _, build = omgeving
    (data / "hoofdbevindingen.yaml").write_text(
        "- id: hb-x\n  titel: SYNTHETISCH\n  titel: nog eens\n  aard: rekenfout\n  zekerheid: zeker\n"
        "  wortel: 999-syn-loop\n  toelichting: testgeval\n", encoding="utf-8")
    verwacht_fout(*draai_check(build, capsys), "data/hoofdbevindingen.yaml", None, None, "sleutel 'titel' staat twee keer")


@pytest.mark.parametrize("regel,token,veld,melding", [
    ("10", "8", "token", "'8' staat niet op regel 10"),
    ("11", "7", "regel", "regel 11 bestaat niet"),
])
def test_uitsluiting_op_haar_regel(omgeving, capsys, regel, token, veld, melding):
    """An exclusion (data/uitsluitingen/) names a number printed on its line, like a record."""
    data, _, build = omgeving
    (data / "uitsluitingen").mkdir()
    (data / "uitsluitingen" / "syn.csv").write_text(
        f"bestand,regel,token,aantal,soort,toelichting\n{BRON},{regel},{token},,overig,SYNTHETISCH\n", encoding="utf-8")
    verwacht_fout(*draai_check(build, capsys), "data/uitsluitingen/syn.csv", 1, veld, melding)


def test_kwalitatieve_norm_voorbij_het_einde_van_de_bron(data_kopie, bronnen):
    from rekenboek.errors import InvoerFout
    from rekenboek.inputs.register import laad
    from rekenboek.inputs.volledig import verifieer
    import csv
    pad = data_kopie / "kpi" / "indicatoren.csv"
    with pad.open(encoding="utf-8", newline="") as fh:
        rijen = list(csv.DictReader(fh))
    rij = next(i for i, x in enumerate(rijen, start=1) if x["richting"] == "kwalitatief")
    rijen[rij - 1]["regel"] = "99999"
    with pad.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rijen[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rijen)
    with pytest.raises(InvoerFout, match=rf"indicatoren.csv, rij {rij}, veld 'regel': regel 99999 bestaat niet"):
        verifieer(laad(data_kopie), bronnen)


def test_nul_teken(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "cijfers" / "syn.csv"
    pad.write_bytes(pad.read_bytes().replace(b"Testfunctie", b"Test\x00functie", 1))
    verwacht_fout(*draai_check(build, capsys), CIJFERS, None, None, "NUL-teken op regel 3")


def test_verkeerde_eenheid_noemt_het_record(omgeving, capsys):
    """The trial's 'eenheid EUR on a count' named only the check that sums it; now also the record and its row."""
    data, _, build = omgeving
    rij = wijzig_record(data / "cijfers" / "syn.csv", "999-syn-eff", eenheid="EUR")
    rc, tekst = draai_check(build, capsys)
    verwacht_fout(rc, tekst, YAML, 1, "formule", f"999-syn-eff (data/cijfers/syn.csv, rij {rij}); klopt die eenheid?")


def test_deling_door_nul_noemt_de_controle(omgeving, capsys):
    data, _, build = omgeving
    rij = _controle(data, "'r(\"999-syn-begin\") / 0'")
    rc, tekst = draai_check(build, capsys)
    verwacht_fout(rc, tekst, YAML, rij, "formule", "deelt door nul")
    assert "(controle kx, regel " in tekst


def test_veld_te_veel_in_een_crlf_bestand_is_de_juiste_rij(omgeving, capsys):
    """The trial's `sed '5s/$/,x/'` on a CRLF file puts ',x' after the CR: still row 4, not a phantom row 5."""
    data, _, build = omgeving
    pad = data / "cijfers" / "syn.csv"
    r = pad.read_text(encoding="utf-8").splitlines()
    r[4] += "\r,x"                                                  # file line 5 = data row 4
    pad.write_bytes(("\r\n".join(r[:4]) + "\r\n" + r[4] + "\r\n" + "\r\n".join(r[5:]) + "\r\n").encode("utf-8"))
    verwacht_fout(*draai_check(build, capsys), CIJFERS, 4, None, "22 velden, de kopregel 21")


def test_los_cr_in_een_veld(omgeving, capsys):
    data, _, build = omgeving
    pad = data / "cijfers" / "syn.csv"
    pad.write_bytes(pad.read_bytes().replace(b"Testfunctie,9", b"Test\rfunctie,9", 1))
    verwacht_fout(*draai_check(build, capsys), CIJFERS, 2, "functie", "los regeleinde")
