"""Root causes on the real data: echoes derived by substitution, one finding per cause, weight and review."""
import os
import subprocess
import sys
from decimal import Decimal as D

import pandas as pd
import pytest

from rekenboek.checks import hoofdbevindingen as hb
from rekenboek.checks.bevindingen import bereken
from rekenboek.errors import InvoerFout
from rekenboek.inputs.beoordeling import laad_beoordeling
from rekenboek.inputs.register import laad
from rekenboek.paths import ROOT

from conftest import wijzig_record


@pytest.fixture(scope="module")
def res(echte_data):
    return bereken(echte_data)


def test_tabel_5_6_is_een_hoofdbevinding_met_al_haar_doorwerkingen(res):
    """The Maastricht growth error: the four D cells are the root; every afwijking it causes is its echo."""
    t = res.tabel.set_index("id")
    groei = t[t["hoofdbevinding"] == "HB-001-groei-2023"]
    assert set(groei.index[groei["oordeel"] == "afwijking"]) == {"k001b-t5-d-2023", "k001b-t5-d-2024",
                                                                 "k001b-t6-d-2023", "k001b-t6-d-2024"}
    # every model check of the scenario model and every Tabel 5/6 check that differs is explained by it
    plan = t[t.index.str.startswith(("model001-", "k001b-t5-", "k001b-t6-"))]
    afwijkend = plan[~plan["oordeel"].isin(["klopt", "afronding"])]
    assert (afwijkend["hoofdbevinding"] == "HB-001-groei-2023").all(), afwijkend[["oordeel", "hoofdbevinding"]]
    assert (groei["oordeel"] == "doorwerking").sum() >= 80
    rij = res.hoofdbevindingen.set_index("id").loc["HB-001-groei-2023"]
    assert int(rij["controles"]) == len(groei)
    assert D(rij["effect"]) != 0 and rij["aard"] == "rekenfout"


def test_geen_doorwerking_of_herziening_is_afwijking(res):
    t = res.tabel
    doorwerking = t[t["oordeel"] == "doorwerking"]
    assert len(doorwerking) and doorwerking["toelichting"].str.startswith("Doorwerking van ").all()
    herzien = set(res.hoofdbevindingen.loc[res.hoofdbevindingen["aard"] == "herziening", "id"])
    assert herzien, "the revised investment agenda is a herziening"
    leden = t[t["hoofdbevinding"].isin(herzien)]
    assert (leden["oordeel"] == "herziening").all(), leden[["id", "oordeel"]]
    onzeker = set(res.hoofdbevindingen.loc[res.hoofdbevindingen["aard"] == "onzeker", "id"])
    lezing = t[t["hoofdbevinding"].isin(onzeker)]
    assert (lezing["oordeel"] != "afwijking").all()
    nc = lezing[lezing["oordeel"] == "niet-controleerbaar"]
    assert nc["toelichting"].str.startswith("Hangt af van de lezing: ").all()


def test_elke_afwijking_heeft_een_hoofdbevinding(res):
    t = res.tabel
    moet = t[t["oordeel"].isin(["afwijking", "doorwerking", "herziening"])]
    assert (moet["hoofdbevinding"] != "").all(), moet.loc[moet["hoofdbevinding"] == "", "id"].tolist()
    assert (t.loc[t["oordeel"].isin(["klopt", "afronding"]), "hoofdbevinding"] == "").all()
    h = res.hoofdbevindingen
    assert h["id"].is_unique
    assert set(t["hoofdbevinding"]) - {""} == set(h["id"])
    telling = t[t["hoofdbevinding"] != ""].groupby("hoofdbevinding").size()
    assert (h.set_index("id")["controles"].astype(int) == telling.reindex(h["id"]).values).all()
    assert set(h["aard"]) <= set(hb.AARDEN) and set(h["ernst"]) <= set(hb.ERNST)
    assert (h.loc[h["aard"] == "herziening", "ernst"] == "").all()
    assert (h["status"] == "open").all()        # the project ships beoordeling.csv with a header only


def test_volgorde_ernst_dan_zekerheid_dan_omvang(res):
    h = res.hoofdbevindingen
    sleutel = list(zip(h["ernst"].map(hb.ERNST.index), h["zekerheid"].map(hb.ZEKERHEDEN.index)))
    assert sleutel == sorted(sleutel)
    assert list(h["rang"]) == list(range(1, len(h) + 1))
    # within one ernst a certain error ranks above a finding that depends on a reading
    ids = list(h["id"])
    materieel = h[h["ernst"] == "materieel"]
    zeker, onzeker = materieel[materieel["zekerheid"] == "zeker"], materieel[materieel["zekerheid"] == "onzeker"]
    if len(zeker) and len(onzeker):
        assert max(ids.index(i) for i in zeker["id"]) < min(ids.index(i) for i in onzeker["id"])


@pytest.mark.slow  # evaluates the whole register on a data copy, or runs the CLI
def test_correctie_van_de_wortel_maakt_de_doorwerking_klopt(data_kopie):
    """Correcting a root's stated figure in a copy of the data turns its echoes into klopt."""
    voor = bereken(laad(data_kopie)).tabel.set_index("id")
    echos = voor.index[(voor["oordeel"] == "doorwerking") & (voor["toelichting"].str.startswith("Doorwerking van k002b-inv-totaal-2017:"))]
    assert list(echos) == ["k002b-inv-eindsaldo-2017"]
    wijzig_record(data_kopie / "cijfers" / "002b.csv", "002b-inv-totaal-2017", tekst="€ 540.000", waarde="540000")
    na = bereken(laad(data_kopie)).tabel.set_index("id")
    assert na.loc["k002b-inv-totaal-2017", "oordeel"] == "klopt"
    assert (na.loc[echos, "oordeel"] == "klopt").all()
    assert na.loc["k002b-inv-totaal-2017", "hoofdbevinding"] == ""


def test_drempels_verplaatsen_een_bevinding(res, echte_data):
    # the rule itself
    assert hb.ernst("rekenfout", "zeker", D("5"), D("1000"))[0] == "aandachtspunt"       # 0,5 %
    assert hb.ernst("rekenfout", "zeker", D("15"), D("1000"))[0] == "materieel"          # 1,5 %
    assert hb.ernst("rekenfout", "zeker", D("0.5"), D("1000"))[0] == "triviaal"          # 0,05 %
    assert hb.ernst("onzeker", "onzeker", D("15"), D("1000"))[0] == "aandachtspunt"      # below 3 % for uncertainties
    assert hb.ernst("herziening", "zeker", D("15"), D("1000"))[0] == ""
    # on the register: a lower threshold makes the Maastricht savings inconsistency (1,01 %) stay, the
    # change-cost finding (0,27 %) material
    streng = hb.Drempels(materieel=D("0.2"), triviaal_deel=D("0.1"))
    nu = res.hoofdbevindingen.set_index("id")["ernst"]
    anders = hb.bereken(echte_data, res, drempels=streng).set_index("id")["ernst"]
    assert nu["HB-001-veranderkosten-2021"] == "aandachtspunt" and anders["HB-001-veranderkosten-2021"] == "materieel"
    ruim = hb.Drempels(materieel=D("50"), triviaal_deel=D("0.5"))
    assert hb.bereken(echte_data, res, drempels=ruim).set_index("id").loc["HB-001-t11-totaal", "ernst"] == "triviaal"


# ------------------------------------------------------------------ review (beoordeling.csv), synthetic rows
KOP = "hoofdbevinding,status,wederhoor,opgesteld_door,opgesteld_op,beoordeeld_door,beoordeeld_op\n"


@pytest.mark.parametrize("rij,veld,melding", [
    ("HB-BESTAAT-NIET,open,,,,,", "hoofdbevinding", "onbekende hoofdbevinding"),
    ("HB-001-t11-totaal,afgehandeld,,,,,", "status", "voldoet niet"),
    ("HB-001-t11-totaal,open,,Test Opsteller,31-02-2026,,", "opgesteld_op", "geen bestaande datum"),
    ("HB-001-t11-totaal,open,,Test Opsteller,2026-12-01,,", "opgesteld_op", "voldoet niet"),
    ("HB-001-t11-totaal,verklaard,Synthetisch antwoord,Test Opsteller,1-12-2026,,", "beoordeeld_door", "vraagt een beoordelaar"),
    ("HB-001-t11-totaal,open,,Test Opsteller,,,", "opgesteld_op", "horen samen ingevuld"),
])
def test_beoordeling_fout_noemt_bestand_rij_veld(tmp_path, rij, veld, melding):
    pad = tmp_path / "beoordeling.csv"
    pad.write_text(KOP + "HB-001-groei-2023,voorgelegd,,Test Opsteller,1-12-2026,,\n" + rij + "\n", encoding="utf-8")
    with pytest.raises(InvoerFout) as exc:
        laad_beoordeling({"HB-001-t11-totaal", "HB-001-groei-2023"}, pad=pad)
    assert "beoordeling.csv, rij 2" in str(exc.value)
    assert f"veld '{veld}'" in str(exc.value)
    assert melding in str(exc.value)


@pytest.mark.slow  # evaluates the whole register on a data copy, or runs the CLI
def test_beoordeling_geeft_de_status(data_kopie, echte_data):
    (data_kopie / "beoordeling.csv").write_text(
        KOP + "HB-001-t11-totaal,verklaard,Synthetisch: deeltelling bedoeld,Test Opsteller,1-12-2026,Test Beoordelaar,2-12-2026\n",
        encoding="utf-8")
    h = bereken(laad(data_kopie)).hoofdbevindingen.set_index("id")
    assert h.loc["HB-001-t11-totaal", "status"] == "verklaard"
    assert h.loc["HB-001-t11-totaal", "beoordeeld_door"] == "Test Beoordelaar"
    assert (h.drop(index="HB-001-t11-totaal")["status"] == "open").all()


@pytest.mark.slow  # evaluates the whole register on a data copy, or runs the CLI
def test_onbekende_hoofdbevinding_geeft_exit_2(data_kopie):
    (data_kopie / "beoordeling.csv").write_text(KOP + "HB-BESTAAT-NIET,open,,,,,\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "rekenboek", "check"], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ})
    assert p.returncode == 2
    assert "beoordeling.csv, rij 1, veld 'hoofdbevinding'" in p.stderr


def test_verklaring_fout_noemt_bestand_rij_veld(data_kopie):
    pad = data_kopie / "hoofdbevindingen.yaml"
    pad.write_text(pad.read_text(encoding="utf-8").replace("wortel: k001b-t11-totaal-2022", "wortel: k001b-bestaat-niet", 1),
                   encoding="utf-8")
    with pytest.raises(InvoerFout, match=r"hoofdbevindingen.yaml, rij 2, veld 'wortel': onbekende controle"):
        hb.laad_verklaringen(laad(data_kopie))
