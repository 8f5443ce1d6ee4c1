"""The register cache (checks/cache.py) on SYNTHETIC data: reused, never stale, reads recorded."""
import json
import os
import subprocess
import sys

import pytest

from rekenboek.checks import bevindingen as reg
from rekenboek.checks import cache
from rekenboek.inputs.register import laad
from rekenboek.paths import ROOT

from conftest import wijzig_record


def _entries():
    return sorted(cache.cache_dir().glob("*.pickle"))


def test_tweede_berekening_komt_uit_de_cache(synth_env, monkeypatch):
    register = laad(synth_env)
    eerste = reg.bereken(register)
    assert len(_entries()) == 1

    def niet_opnieuw(*_):
        raise AssertionError("evaluated again although the inputs did not change")

    monkeypatch.setattr(reg, "evalueer_alle", niet_opnieuw)
    tweede = reg.bereken(laad(synth_env))
    assert tweede.tabel.equals(eerste.tabel)
    # the records of a cached result are those of the caller's register, not copies
    b = tweede.bevindingen[0]
    assert b.gesteld is tweede.register.cijfers[b.gesteld.id]
    assert all(c is tweede.register.cijfers[c.id] for b in tweede.bevindingen for c in b.onderdelen)


@pytest.mark.parametrize("wijziging", ["cijfer", "controle"])
def test_gewijzigde_invoer_wordt_opnieuw_berekend(synth_env, wijziging):
    voor = reg.bereken(laad(synth_env)).tabel.set_index("id")
    assert voor.loc["999-syn-tekst-afronding", "oordeel"] == "afronding"
    if wijziging == "cijfer":
        wijzig_record(synth_env / "cijfers" / "syn.csv", "999-syn-eind", tekst="101,50", waarde="101.50")
    else:
        pad = synth_env / "controles" / "syn.yaml"
        pad.write_text(pad.read_text(encoding="utf-8").replace(
            'formule: r("999-syn-eind")\n', 'formule: r("999-syn-eind") + 1\n', 1), encoding="utf-8")
    na = reg.bereken(laad(synth_env)).tabel.set_index("id")
    # a changed stated figure makes the loop's total deviate, and the text figure an echo of it
    assert na.loc["999-syn-tekst-afronding", "oordeel"] == ("doorwerking" if wijziging == "cijfer" else "afwijking")
    assert len(_entries()) == 2


def test_de_cache_hangt_af_van_de_documenten(echte_data):
    """A dossier and the whole register are different entries (a page must not get another page's result)."""
    deel = reg.laad_dossier("004")
    assert cache.sleutel(deel, cache.invoer_van_register(deel)) != cache.sleutel(echte_data, cache.invoer_van_register(echte_data))


def _gelezen(env, lijst):
    code = "from rekenboek.checks.bevindingen import bereken; bereken()"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env={**env, "REKENBOEK_GELEZEN": str(lijst)})
    return sorted(lijst.read_text(encoding="utf-8").splitlines())


def test_een_treffer_registreert_dezelfde_leesacties(synth_env, tmp_path):
    """The build hashes the files a page read: a cache hit must record exactly what a computation records."""
    env = dict(os.environ)
    koud = _gelezen(env, tmp_path / "koud")
    assert len(_entries()) == 1
    warm = _gelezen(env, tmp_path / "warm")
    assert koud == warm
    gelezen = {os.path.basename(json.loads(r).get("bestand", "")) for r in warm}
    assert {"syn.yaml", "syn.csv", "bronnen.csv"} <= gelezen


def test_kapotte_cache_wordt_opnieuw_berekend(synth_env):
    eerste = reg.bereken(laad(synth_env))
    (entry,) = _entries()
    entry.write_bytes(b"not a pickle")
    assert reg.bereken(laad(synth_env)).tabel.equals(eerste.tabel)
