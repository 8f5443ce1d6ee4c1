"""The findings register on the real data: the committed expected verdicts, and sensitivity."""
from pathlib import Path

import pytest
import pandas as pd

from rekenboek.inputs.register import laad
from rekenboek.checks import hoofdbevindingen as hb
from rekenboek.checks.bevindingen import bereken, verwacht

from conftest import wijzig_record

VERWACHT = Path(__file__).parent / "verwacht" / "bevindingen.csv"
VERWACHT_HB = Path(__file__).parent / "verwacht" / "hoofdbevindingen.csv"


def test_register_gelijk_aan_verwacht(echte_data):
    """Fails when any verdict or number moves; run `make verwacht` and commit the diff with the change."""
    nu = verwacht(bereken(echte_data).tabel)
    vorig = pd.read_csv(VERWACHT, dtype=str, keep_default_na=False)
    samen = vorig.merge(nu, on="id", how="outer", suffixes=("_verwacht", "_nu"), indicator=True)
    verschillen = []
    for r in samen.to_dict("records"):
        if r["_merge"] != "both":
            verschillen.append(f"{r['id']}: {'nieuw' if r['_merge'] == 'right_only' else 'verdwenen'}")
            continue
        for k in ("oordeel", "gesteld", "herberekend", "verschil", "tolerantie", "regel", "bestand", "eenheid", "soort",
                  "hoofdbevinding"):
            if r[f"{k}_verwacht"] != r[f"{k}_nu"]:
                verschillen.append(f"{r['id']}: {k} {r[f'{k}_verwacht']!r} -> {r[f'{k}_nu']!r}")
    assert not verschillen, "register wijkt af van tests/verwacht/bevindingen.csv (make verwacht):\n" + "\n".join(verschillen)


def test_hoofdbevindingen_gelijk_aan_verwacht(echte_data):
    """Fails when a root cause, its class, weight or size moves; run `make verwacht` and commit the diff."""
    nu = hb.verwacht(bereken(echte_data).hoofdbevindingen).set_index("id")
    vorig = pd.read_csv(VERWACHT_HB, dtype=str, keep_default_na=False).set_index("id")
    verschillen = [f"{i}: {'nieuw' if i not in vorig.index else 'verdwenen'}" for i in sorted(set(nu.index) ^ set(vorig.index))]
    for i in sorted(set(nu.index) & set(vorig.index)):
        verschillen += [f"{i}: {k} {vorig.loc[i, k]!r} -> {nu.loc[i, k]!r}" for k in vorig.columns if vorig.loc[i, k] != nu.loc[i, k]]
    assert not verschillen, "hoofdbevindingen wijken af van tests/verwacht/hoofdbevindingen.csv (make verwacht):\n" + "\n".join(verschillen)


def test_elke_controle_heeft_geldig_oordeel(echte_data):
    tabel = bereken(echte_data).tabel
    assert set(tabel["oordeel"]) <= {"klopt", "afronding", "afwijking", "herziening", "doorwerking", "niet-controleerbaar"}
    assert tabel["id"].is_unique
    assert (tabel["toelichting"].str.len() > 0).all()


def _veranderd(data, csvnaam: str, rid: str, tekst: str, waarde: str) -> tuple[dict, dict, set]:
    """Verdicts before and after changing one printed figure (text and value) in a copy of data/."""
    voor = _oordelen(data)
    wijzig_record(data / "cijfers" / csvnaam, rid, tekst=tekst, waarde=waarde)
    na = _oordelen(data)
    return voor, na, {k for k in voor if voor[k] != na[k]}


def _oordelen(data):
    t = bereken(laad(data)).tabel
    return dict(zip(t["id"], t["oordeel"]))


def _gebruikers(data, rid: str) -> set[str]:
    """Checks that use a record, as stated figure or as component."""
    res = bereken(laad(data))
    return {b.controle.id for b in res.bevindingen if b.gesteld.id == rid or any(c.id == rid for c in b.onderdelen)}


@pytest.mark.slow  # evaluates the whole register on a data copy, or runs the CLI
def test_gewijzigde_tabelregel_raakt_precies_zijn_controles(data_kopie):
    gebruikers = _gebruikers(data_kopie, "002-3a-eff-assistent-uitvoering")
    _, na, veranderd = _veranderd(data_kopie, "002_formatie.csv", "002-3a-eff-assistent-uitvoering", "-1,25", "-1.25")
    assert veranderd <= gebruikers  # nothing that does not use the figure moves
    # its subtotal, the walk over all rows, and the restatement of the row in Bijlage 3b
    assert veranderd == {"002-3a-efficiency-subtotaal", "002-3a-eindstand-uit-regels", "k002b-3b-3a-2017-busbegeleiding"}
    assert na["k002b-3b-3a-2017-busbegeleiding"] == "afwijking"
    # two printed rows: 0,10 is far beyond their rounding room
    assert na["002-3a-efficiency-subtotaal"] == "afwijking"
    # the walk over all 29 rows may honestly absorb up to 29 half-hundredths plus one: rounding
    assert na["002-3a-eindstand-uit-regels"] == "afronding"


@pytest.mark.slow  # evaluates the whole register on a data copy, or runs the CLI
def test_gewijzigd_proza_cijfer_raakt_precies_zijn_controles(data_kopie):
    gebruikers = _gebruikers(data_kopie, "000-p-nieuw")
    _, _, veranderd = _veranderd(data_kopie, "000_formatie.csv", "000-p-nieuw", "4,6", "4.6")
    assert veranderd <= gebruikers
    assert veranderd == {"000-proza-nieuw", "000-proza-loop"}


@pytest.mark.slow  # evaluates the whole register on a data copy, or runs the CLI
def test_afronding_binnen_gedrukte_precisie(data_kopie):
    """A prose figure printed to one decimal that differs by rounding only is 'afronding', not 'afwijking'."""
    for rid in ("000-fa-weg-participatiecoach", "000-fa-weg-sub"):
        wijzig_record(data_kopie / "cijfers" / "000_formatie.csv", rid, tekst="-1,73", waarde="-1.73")
    na = _oordelen(data_kopie)
    assert na["000-proza-wegvallen"] == "afronding"   # 1,7 printed vs 1,73
    assert na["000-fa-wegvallen-subtotaal"] == "klopt"


def test_elk_totaal_beoordeeld(echte_data):
    """Every printed total, subtotal and balance is the stated figure of at least one check
    (a total whose parts are not printed is declared with 'onbekend' and a reason)."""
    res = bereken(echte_data)
    gesteld = {b.gesteld.id for b in res.bevindingen}
    open_ = sorted(f"{c.id} ({c.bestand[:3]}:{c.regel})" for c in echte_data.cijfers.values()
                   if c.rol in ("totaal", "subtotaal", "tussenstand", "eindstand") and c.id not in gesteld)
    assert not open_, "totalen zonder controle:\n" + "\n".join(open_)
