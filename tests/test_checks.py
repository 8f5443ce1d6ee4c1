"""The check engine on SYNTHETIC data (tests/fixtures/synthetisch): verdicts and tolerances."""
from decimal import Decimal as D

import pytest

from rekenboek.checks.declarations import laad_controles
from rekenboek.checks.formula import DefinitieFout, Grootheid
from rekenboek.inputs.register import laad
from rekenboek.errors import InvoerFout
from rekenboek.checks.bevindingen import bereken


def _per_id(synth_env):
    res = bereken(laad(synth_env))
    return {r["id"]: r for r in res.tabel.to_dict("records")}


def test_oordelen_en_toleranties(synth_env):
    r = _per_id(synth_env)
    assert r["999-syn-loop"]["oordeel"] == "niet-controleerbaar"
    assert "pm" in r["999-syn-loop"]["toelichting"]
    assert (r["999-syn-loop-pm-nul"]["oordeel"], r["999-syn-loop-pm-nul"]["verschil"]) == ("klopt", "0.00")
    # stated figure 0,005 + three printed parts of two decimals (the pm part is exact zero)
    assert D(r["999-syn-loop-pm-nul"]["tolerantie"]) == D("0.020")
    assert "pm" in r["999-syn-loop-pm-nul"]["toelichting"]
    # 101,3 (one decimal) against 101,25: difference 0,05 within 0,05 + 0,005
    assert r["999-syn-tekst-afronding"]["oordeel"] == "afronding"
    assert D(r["999-syn-tekst-afronding"]["verschil"]) == D("0.05")
    assert D(r["999-syn-tekst-afronding"]["tolerantie"]) == D("0.055")
    # € 1,4 mln vs 0,6 + 0,7 mln: 100.000 apart, within three half-tenths of a million
    assert r["999-syn-mln-som"]["oordeel"] == "afronding"
    assert D(r["999-syn-mln-som"]["verschil"]) == D("100000")
    assert D(r["999-syn-mln-som"]["tolerantie"]) == D("150000")
    # "ca. 100" is printed to the hundred: half of that plus the half-hundredth of 101,25 absorbs the difference
    assert D(r["999-syn-tekst-circa"]["tolerantie"]) == D("50.005")
    assert r["999-syn-tekst-circa"]["oordeel"] == "afronding"
    assert r["999-syn-nota-datum"]["oordeel"] == "afwijking"
    # a share: 0,6 / 1,4 mln x 100 = 42,857...; minus the constant leaves 7 (exactly) but wide rounding room
    assert r["999-syn-aandeel"]["oordeel"] in ("klopt", "afronding")
    assert D(r["999-syn-aandeel"]["tolerantie"]) > 5
    assert r["999-syn-onbekend"]["oordeel"] == "niet-controleerbaar"
    assert "Synthetisch voorbeeld" in r["999-syn-onbekend"]["toelichting"]
    assert (r["999-syn-aantal"]["oordeel"], r["999-syn-aantal"]["tolerantie"]) == ("klopt", "0")


def test_register_kolommen_volgens_ontwerp(synth_env):
    res = bereken(laad(synth_env))
    assert list(res.tabel.columns[:13]) == ["id", "bestand", "regel", "tabel", "omschrijving", "soort", "gesteld",
                                            "herberekend", "verschil", "tolerantie", "eenheid", "oordeel", "toelichting"]


def test_interval_vermenigvuldigen_en_delen():
    a = Grootheid(D("2.0"), D("1.95"), D("2.05"), "")
    b = Grootheid(D("3.0"), D("2.95"), D("3.05"), "")
    p = a * b
    assert (p.waarde, p.laag, p.hoog) == (D("6.00"), D("5.7525"), D("6.2525"))
    q = a / b
    assert q.laag < q.waarde < q.hoog


def test_eenheden_niet_optellen():
    with pytest.raises(DefinitieFout):
        Grootheid.exact(D(1), "fte") + Grootheid.exact(D(1), "EUR")


@pytest.mark.parametrize("wijziging,veld,melding", [
    ('formule: r("999-syn-begin") + r("bestaat-niet")', "formule", "onbekend cijfer"),
    ('formule: som(tabel="999-syn-tabel", rol="geen-rol")', "formule", "selecteert geen enkel cijfer"),
    ('formule: __import__("os")', "formule", "onbekende functie"),
    ("soort: gokken", "soort", "moet een van"),
    ("gesteld: niemand", "gesteld", "onbekend cijfer"),
])
def test_foute_controle_noemt_bestand_rij_veld(synth_env, wijziging, veld, melding):
    pad = synth_env / "controles" / "syn.yaml"
    tekst = pad.read_text()
    sleutel = wijziging.split(":")[0]
    oud = next(r for r in tekst.splitlines() if r.strip().startswith(sleutel + ":"))
    pad.write_text(tekst.replace(oud, "  " + wijziging, 1))
    with pytest.raises(InvoerFout) as exc:
        laad_controles(laad(synth_env))
    assert "syn.yaml, rij 1" in str(exc.value)
    assert f"veld '{veld}'" in str(exc.value)
    assert melding in str(exc.value)


EXTRA = '''
- id: 999-syn-herzien
  soort: aansluiting
  gesteld: 999-syn-eind
  formule: r("999-syn-begin")
  omschrijving: Een later plan stelt de stand anders vast
  aard: herziening
- id: 999-syn-lezing
  soort: aansluiting
  gesteld: 999-syn-eind
  formule: r("999-syn-begin")
  omschrijving: De stand in de tekst, als men hem als beginstand leest
  lezing: "de tekst kan de stand aan het begin of aan het eind van het jaar bedoelen"
- id: 999-syn-aantal-exact
  soort: aansluiting
  gesteld: 999-syn-aantal
  formule: 8
  omschrijving: Een aantal tegen een ander getal
- id: 999-syn-aantal-afzonderlijk
  soort: footing
  gesteld: 999-syn-aantal
  formule: r("999-syn-aantal-prognose") + 1
  omschrijving: Een totaal van afzonderlijk afgeronde prognoses
  afronding: afzonderlijk
'''


def test_herziening_lezing_en_afzonderlijke_afronding(synth_env):
    pad = synth_env / "controles" / "syn.yaml"
    pad.write_text(pad.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    # a second count on the same line (a formula may not follow its own stated figure one for one)
    cijfers = synth_env / "cijfers" / "syn.csv"
    regel = next(r for r in cijfers.read_text(encoding="utf-8").splitlines() if r.startswith("999-syn-aantal,"))
    cijfers.write_text(cijfers.read_text(encoding="utf-8") + regel.replace("999-syn-aantal,", "999-syn-aantal-prognose,") + "\n",
                       encoding="utf-8")
    r = _per_id(synth_env)
    # 101,25 against 100,00: beyond rounding, but a revision is reported, not an error
    assert r["999-syn-herzien"]["oordeel"] == "herziening"
    assert r["999-syn-herzien"]["toelichting"].startswith("Herziening: ")
    assert r["999-syn-lezing"]["oordeel"] == "niet-controleerbaar"
    assert r["999-syn-lezing"]["toelichting"].startswith("Hangt af van de lezing: de tekst kan de stand")
    assert D(r["999-syn-lezing"]["verschil"]) == D("1.25")      # the difference on this reading is still shown
    # a count is exact: 7 against 8 is an afwijking ...
    assert r["999-syn-aantal-exact"]["oordeel"] == "afwijking"
    # ... but separately rounded figures each carry half a unit: 7 vs (7 + 1) has tolerance 0,5 + 0,5 (+ 0 for the constant)
    assert D(r["999-syn-aantal-afzonderlijk"]["tolerantie"]) == D("1.0")
    assert r["999-syn-aantal-afzonderlijk"]["oordeel"] == "afronding"
    assert "afzonderlijk afgerond" in r["999-syn-aantal-afzonderlijk"]["toelichting"]
    # the grouping: the revision and the reading each get a hoofdbevinding
    res = bereken(laad(synth_env))
    h = res.hoofdbevindingen.set_index("wortel")
    assert h.loc["999-syn-herzien", "aard"] == "herziening" and h.loc["999-syn-herzien", "ernst"] == ""
    assert h.loc["999-syn-lezing", "aard"] == "onzeker"


@pytest.mark.parametrize("regel,veld", [("aard: fout", "aard"), ("afronding: los", "afronding"), ("lezen: ja", "lezen")])
def test_nieuwe_velden_gevalideerd(synth_env, regel, veld):
    pad = synth_env / "controles" / "syn.yaml"
    pad.write_text(pad.read_text(encoding="utf-8").replace("  soort: herberekening\n", f"  soort: herberekening\n  {regel}\n", 1),
                   encoding="utf-8")
    with pytest.raises(InvoerFout, match=f"syn.yaml, rij 1, veld '{veld}'"):
        laad_controles(laad(synth_env))
