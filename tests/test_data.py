"""Validation of data/: bad input is an error naming file, row and field, with exit code 2."""
import os
import subprocess
import sys

import pytest

from rekenboek.inputs.register import laad
from rekenboek.errors import InvoerFout
from rekenboek.paths import ROOT

from conftest import wijzig_record


def _wijzig(pad, rid: str, veld: str, waarde: str) -> int:
    return wijzig_record(pad, rid, **{veld: waarde})


def test_echte_data_is_geldig(echte_data):
    assert len(echte_data.cijfers) > 0
    assert set(echte_data.bronnen["bestand"]) == {
        "000_660d28090c3a4c26.txt", "001_d19e611800eb9a89.txt", "002_64404f7d5d23d22f.txt",
        "003_33280780b592fe6d.txt", "004_c167100d92cc397d.txt"}


@pytest.mark.parametrize("veld,waarde,genoemd,melding", [
    ("waarde", "abc", "waarde", "geen getal"),                 # wrong type
    ("eenheid", "ftee", "eenheid", "moet een van"),            # unknown unit
    ("regel", "", "regel", "voldoet niet"),                    # missing line
    ("regel", "9999", "regel", "buiten tabel"),                # line outside its table
    ("waarde", "334.92", "waarde", "volgt niet uit de gedrukte tekst"),
    ("tabel", "verzonnen-tabel", "tabel", "staat niet in data/tabellen/"),
    ("notatie", "punt", "tekst", "geen getal in notatie 'punt'"),  # the printed text does not fit the notation
    ("gemeente", "Amsterdam", "gemeente", "onbekende gemeente"),
])
def test_foute_cijfers(data_kopie, veld, waarde, genoemd, melding):
    pad = data_kopie / "cijfers" / "002_formatie.csv"
    rij = _wijzig(pad, "002-p-begin", veld, waarde)  # the opening balance, printed as 334,91
    with pytest.raises(InvoerFout) as exc:
        laad(data_kopie)
    tekst = str(exc.value)
    assert f"002_formatie.csv, rij {rij}" in tekst and f"veld '{genoemd}'" in tekst and melding in tekst, tekst


def test_dubbel_id(data_kopie):
    pad = data_kopie / "cijfers" / "002_formatie.csv"
    rij = _wijzig(pad, "002-p-efficiency", "id", "002-p-begin")
    with pytest.raises(InvoerFout, match=rf"rij {rij}, veld 'id'.*komt al voor"):
        laad(data_kopie)


def test_ontbrekende_kolom(data_kopie):
    pad = data_kopie / "bronnen.csv"
    pad.write_text(pad.read_text().replace(",sha256,", ",sha_256,", 1))
    with pytest.raises(InvoerFout, match=r"bronnen.csv, veld 'sha256': kolom ontbreekt"):
        laad(data_kopie)


def _check(env_data, tmp_path):
    env = {**os.environ, "REKENBOEK_DATA": str(env_data), "REKENBOEK_BUILD": str(tmp_path / "_build")}
    return subprocess.run([sys.executable, "-m", "rekenboek", "check"], cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.mark.slow  # evaluates the whole register on a data copy, or runs the CLI
def test_cli_exit_2_en_vorige_uitvoer_blijft(data_kopie, tmp_path):
    goed = _check(data_kopie, tmp_path)
    assert goed.returncode == 0, goed.stderr
    register = tmp_path / "_build" / "rekenboek" / "bevindingen.csv"
    voor = register.read_bytes()
    rij = _wijzig(data_kopie / "cijfers" / "000_formatie.csv", "000-p-begin", "eenheid", "gulden")
    fout = _check(data_kopie, tmp_path)
    assert fout.returncode == 2
    assert f"000_formatie.csv, rij {rij}, veld 'eenheid'" in fout.stderr
    assert "Traceback" not in fout.stderr
    assert register.read_bytes() == voor


@pytest.mark.slow  # evaluates the whole register on a data copy, or runs the CLI
def test_cli_check_schrijft_register(data_kopie, tmp_path):
    res = _check(data_kopie, tmp_path)
    assert res.returncode == 0, res.stderr
    kop = (tmp_path / "_build" / "rekenboek" / "bevindingen.csv").read_text(encoding="utf-8").splitlines()[0]
    assert kop.startswith("id,bestand,regel,tabel,omschrijving,soort,gesteld,herberekend,verschil,tolerantie,eenheid,oordeel,toelichting")


def test_exacte_en_circa_precisie(echte_data):
    """A rule percentage is exact; a 'circa' amount carries the room of its last significant digit."""
    from decimal import Decimal as D
    regel = echte_data.cijfers["004a-ink-stelpost"]          # '5%' contingency norm, marked exact
    assert regel.label("benadering") == "exact" and regel.halve_eenheid == 0
    ca = [c for c in echte_data.cijfers.values() if c.label("benadering") == "circa" and c.tekst.endswith("230.000")]
    assert ca and all(c.halve_eenheid == D("5000") for c in ca)


def test_factoren_zijn_gedeclareerd(echte_data):
    """Every factor in data/ is one of the declared scales, and the README says the same (0 is never one)."""
    from rekenboek.inputs.register import FACTOREN
    gebruikt = {c.label("factor") for c in echte_data.cijfers.values()} - {""}
    assert gebruikt <= set(FACTOREN) and "0" not in FACTOREN
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert all(f"`{f}`" in readme for f in FACTOREN)


def test_jaar_binnen_de_eenheden(echte_data):
    jaren = [int(j) for j in echte_data.eenheden["jaar_van"]] + [int(j) for j in echte_data.eenheden["jaar_tot"]]
    for c in echte_data.cijfers.values():
        if c.label("jaar"):
            assert min(jaren) <= int(c.label("jaar")) <= max(jaren), c.id
