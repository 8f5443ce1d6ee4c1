"""The findings on the page: complete interactive tables, links to source lines, the right highlight,
ranked summaries and re-performable cards. Cards are tested on the visibly synthetic fixture with a
synthetic root-cause frame in the columns of ``_build/rekenboek/hoofdbevindingen.csv``."""
from __future__ import annotations

import json
import re
from decimal import Decimal
from types import SimpleNamespace

import pandas as pd
import pytest

from rekenboek.inputs.register import Cijfer
from rekenboek.report import findings
from rekenboek.report.display import (bron_href, bron_link, brontekst_html, fragment_html, interactief_html,
                                      nl_bedrag, posities)


def rijen_in_datatable(html_tekst: str) -> list[int]:
    """Row counts of every itables table embedded in an HTML output (its ``data_json``)."""
    return [len(json.loads(json.loads(f'"{m}"'))) for m in re.findall(r'"data_json": "((?:[^"\\]|\\.)*)"', html_tekst)]


# ------------------------------------------------------------ the complete register
def test_interactieve_tabel_houdt_elke_rij():
    """itables' default keeps ~64 KB and silently drops the rest; the register must keep every row."""
    n = 5000   # itables estimates 8 bytes per cell: 5.000 x 4 cells is well over its 64 KB default
    groot = pd.DataFrame({k: [f"{k}{i}" for i in range(n)] for k in ("id", "bron", "oordeel", "toelichting")})
    uit = interactief_html(groot, "t-groot")
    assert rijen_in_datatable(uit) == [n]
    assert "downsampl" not in uit


def test_interactieve_tabel_is_nederlands_en_zonder_waarschuwing(recwarn):
    uit = interactief_html(pd.DataFrame({"a": range(30)}), "t-nl", kolomfilters=True)
    assert '"info": "rij _START_ tot _END_ van _TOTAL_"' in uit and '"thousands": "."' in uit
    assert '"label": "Alle"' in uit and '"column_filters": "header"' in uit
    assert not [w for w in recwarn if issubclass(w.category, SyntaxWarning)]


# ------------------------------------------------------------ links to source lines
@pytest.mark.parametrize("ref,prefix,href", [
    ("000:123", "", "bron/000.html#r123"),
    ("001_d19e611800eb9a89.txt:7", "../", "../bron/001.html#r7"),
])
def test_bron_href(ref, prefix, href):
    assert bron_href(ref, prefix) == href
    assert f'href="{href}"' in bron_link(ref, prefix)


def test_bron_href_weigert_iets_anders():
    with pytest.raises(ValueError, match="geen bronverwijzing"):
        bron_href("regel 12")


@pytest.mark.parametrize("waarde,eenheid,tekst", [
    ("8500000", "EUR", "€\u00a08.500.000"), ("350000.0", "EUR", "€\u00a0350.000"), ("-3287111.861250", "EUR", "€\u00a0−3.287.111,86"),
    ("344.550", "fte", "344,55\u00a0fte"), ("1.15", "pct", "1,15\u00a0%"), ("5071", "aantal", "5.071"), ("", "EUR", "—"),
])
def test_nl_bedrag(waarde, eenheid, tekst):
    assert nl_bedrag(waarde, eenheid) == tekst


# ------------------------------------------------------------ the right occurrence
def _cijfer(id_, regel, tekst, rij, bestand="998_synthetisch.txt"):
    return Cijfer(id_, bestand, regel, "t", tekst, Decimal(0), None, "EUR", "nl", "cel", {}, "data/cijfers/x.csv", rij)


@pytest.fixture
def synthetische_bron(tmp_path, monkeypatch):
    (tmp_path / "998_synthetisch.txt").write_text(
        "SYNTHETISCH\n"
        "Post\t€\u00a05\t€\u00a05\t€\u00a07\n"                       # the same printed text in two columns
        "de komende 2 jaren €\u00a02,4 miljoen in 2016\n"   # '2' must not be found inside 2,4 or 2016
        "<script>alert(1)</script> 9\n", encoding="utf-8")
    monkeypatch.setenv("REKENBOEK_BRONNEN", str(tmp_path))
    return tmp_path


def test_posities_volgen_de_kolommen(synthetische_bron):
    reg = SimpleNamespace(cijfers={c.id: c for c in [
        _cijfer("a-2021", 2, "€\u00a05", 1), _cijfer("a-2022", 2, "€\u00a05", 2), _cijfer("a-2023", 2, "€\u00a07", 3),
        _cijfer("jaren", 3, "2", 4), _cijfer("x", 4, "9", 5)]})
    pos = posities(reg)
    lijn = "Post\t€\u00a05\t€\u00a05\t€\u00a07"
    assert pos["a-2021"] == (5, 8) and pos["a-2022"] == (9, 12)        # the second column, not the first match
    assert lijn[slice(*pos["a-2022"])] == "€\u00a05"
    assert pos["jaren"] == (11, 12)                                     # 'komende 2', not the 2 of '2,4'


def test_fragment_en_brontekst_ontsnappen_de_tekst(synthetische_bron):
    tekst = brontekst_html("998_synthetisch.txt", {2: [(9, 12, "gesteld")]})
    assert "<script>" not in tekst and "&lt;script&gt;" in tekst
    assert tekst.count('id="r') == 4 and 'id="r4"' in tekst
    assert '€\u00a05\t<mark class="rekenboek-gesteld">€\u00a05</mark>' in tekst
    frag = fragment_html("998_synthetisch.txt", 3, "2", context=1)
    assert "komende <mark" in frag and "<mark class=\"rekenboek-gesteld\">2</mark> jaren" in frag


def test_posities_in_de_echte_bronnen(bronnen, echte_data):
    """The auditor's examples: each year's cell marks its own column, a '2' is not found inside '€\u00a02,4'."""
    from rekenboek.inputs.sources import regel
    pos = posities(echte_data)
    c20, c21 = echte_data.cijfers["001b-t5-a-2020"], echte_data.cijfers["001b-t5-a-2021"]
    assert pos[c20.id] != pos[c21.id] and pos[c20.id][0] < pos[c21.id][0]
    for c in echte_data.cijfers.values():
        if c.id in pos:
            assert regel(c.bestand, c.regel)[slice(*pos[c.id])] == c.tekst, c.id
    gevonden = sum(c.id in pos for c in echte_data.cijfers.values())
    assert gevonden >= 0.98 * len(echte_data.cijfers)


# ------------------------------------------------------------ root-cause findings: ranking and cards
@pytest.fixture
def synth_register(synth_env):
    from rekenboek.checks.bevindingen import bereken
    return bereken()


def _hoofd(**over) -> pd.DataFrame:
    rijen = [
        dict(id="hb-syn-klein", titel="Synthetisch: klein verschil", aard="rekenfout in de bron", zekerheid="zeker",
             ernst="triviaal", verschil="0.05", eenheid="fte", bestand="999_5e5e5e5e5e5e5e5e.txt", regel="6",
             controles="1", wortel="999-syn-tekst-afronding", grondslag="", grondslag_waarde="", aandeel_pct="",
             effect="", toelichting="", status="", rang="3"),
        dict(id="hb-syn-groot", titel="Synthetisch <script>x</script> som", aard="inconsistentie", zekerheid="zeker",
             ernst="materieel", verschil="-100000", eenheid="EUR", bestand="999_5e5e5e5e5e5e5e5e.txt", regel="7",
             controles="2", wortel="999-syn-mln-som", grondslag="999-syn-mln-totaal", grondslag_waarde="1400000",
             aandeel_pct="7.14", effect="", toelichting="Synthetische toelichting.", status="", rang="1"),
        dict(id="hb-syn-midden", titel="Synthetisch: middel", aard="inconsistentie", zekerheid="waarschijnlijk",
             ernst="aandachtspunt", verschil="-900000", eenheid="EUR", bestand="999_5e5e5e5e5e5e5e5e.txt", regel="7",
             controles="1", wortel="", grondslag="", grondslag_waarde="", aandeel_pct="", effect="",
             toelichting="", status="", rang="2"),
    ]
    return pd.DataFrame(rijen)


def test_rangschikking_volgt_de_rang_van_de_controlefase_niet_het_id():
    h = findings.rangschik(_hoofd().assign(rang=["3", "1", "2"]))
    assert list(h["id"]) == ["hb-syn-groot", "hb-syn-midden", "hb-syn-klein"]


def test_status_open_zonder_beoordeling_en_velden_met():
    beoordeling = pd.DataFrame([dict(hoofdbevinding="hb-syn-groot", status="voorgelegd", wederhoor="SYNTHETISCH antwoord",
                                     opgesteld_door="Test Opsteller", opgesteld_op="2030-01-02",
                                     beoordeeld_door="Test Beoordelaar", beoordeeld_op="2030-01-03")])
    h = findings.met_beoordeling(_hoofd(), beoordeling).set_index("id")
    assert h.loc["hb-syn-groot", "status"] == "voorgelegd" and h.loc["hb-syn-klein", "status"] == "open"
    assert h.loc["hb-syn-groot", "beoordeeld_door"] == "Test Beoordelaar"


def test_samenvatting_in_woorden_met_bedragen_en_links():
    md = findings.samenvatting_md(findings.met_beoordeling(_hoofd(), None))
    eerste = md.splitlines()[0]
    assert eerste.startswith("- **materieel**") and 'href="bevindingen.html#hb-hb-syn-groot"' in eerste
    assert "€\u00a0−100.000 (7,14\u00a0% van de grondslag)" in eerste and "inconsistentie, zeker;" in eerste
    assert 'href="bron/999.html#r7"' in eerste and "verklaart 2 controles" in eerste
    assert "<script>" not in md
    per_aard = findings.per_aard(_hoofd())
    assert per_aard.set_index("Aard").loc["inconsistentie", "Totaal"] == "2"


def test_kaart_is_na_te_rekenen(synth_register):
    from rekenboek.report.display import posities as pos_van
    tabel = synth_register.tabel.assign(hoofdbevinding="")
    tabel.loc[tabel["id"].isin(["999-syn-mln-som", "999-syn-tekst-afronding"]), "hoofdbevinding"] = "hb-syn-groot"
    h = findings.met_beoordeling(_hoofd(), None)
    groot = h[h["id"] == "hb-syn-groot"].iloc[0].to_dict()
    kaart = findings.kaart_html(groot, tabel, synth_register.register, pos_van(synth_register.register))
    assert 'id="hb-hb-syn-groot"' in kaart and "<script>" not in kaart
    assert "<dt>Status</dt><dd>open</dd>" in kaart
    assert re.search(r'<dt>Grondslag</dt><dd>[^<]*: €\u00a01\.400\.000 \(<a class="rekenboek-bronlink" href="bron/999\.html#r7">', kaart)
    assert "In symbolen: <code>G = a + b</code>" in kaart                      # formula in symbols
    mln = synth_register.register.cijfers
    assert mln["999-syn-mln-a"].tekst in kaart and mln["999-syn-mln-b"].tekst in kaart
    assert kaart.count('href="bron/999.html#r7"') >= 3                          # stated figure and both components
    # the source fragment marks each component at its own place on the shared line
    assert kaart.count('<mark class="rekenboek-onderdeel">') == 2 and '<mark class="rekenboek-gesteld">€ 1,4 mln' in kaart
    # the echo (the other check of this finding) is listed with its effect
    assert "1 controles volgen hieruit" in kaart and "999-syn-tekst-afronding" in kaart


def test_formule_in_woorden(synth_register):
    reg = synth_register.register
    f = findings.formule('r("999-syn-begin") + som(tabel="999-syn-tabel", rol="mutatie")', reg.cijfers["999-syn-eind"], reg)
    assert f.symbolen == "G = a + Σb"
    assert "de som van tabel = 999-syn-tabel, rol = mutatie" in f.woorden


def test_ernstregel_toont_de_drempels_die_worden_meegegeven():
    tekst = findings.ernst_regel_html(1, 3, "0.1")
    assert "vanaf 1\u00a0%" in tekst and "vanaf 3\u00a0%" in tekst and "onder 0,1\u00a0%" in tekst and "onder 0,3\u00a0%" in tekst
    assert "vanaf 2\u00a0%" in findings.ernst_regel_html(2, 2, "0.1")      # BADO from audit year 2025: 2\u00a0% for both


def test_registerpagina_toont_elke_controle(bronnen):
    """The register page's interactive table embeds every row of the findings register (1.320+, not 744)."""
    from rekenboek.report.pages import bevindingen
    p = bevindingen.pagina()
    uit = p.register_html()
    assert rijen_in_datatable(uit) == [len(p.tabel)]
    assert f"alle {len(p.tabel):,}".replace(",", ".") in p.register_telling


def test_overzicht_zwaarste_eerst_met_links():
    t = findings.overzicht(findings.met_beoordeling(_hoofd(), None))
    assert list(t["Ernst"]) == ["materieel", "aandachtspunt", "triviaal"]
    eerste = t.iloc[0]
    assert 'href="bevindingen.html#hb-hb-syn-groot"' in eerste["Hoofdbevinding"] and "<script>" not in eerste["Hoofdbevinding"]
    assert "€\u00a0−100.000" in eerste["Omvang"] and "7,14\u00a0% van de grondslag" in eerste["Omvang"]
    assert eerste["Bron"].endswith('href="bron/999.html#r7">999:7</a>') and eerste["Status"] == "open"


def test_bronverwijzingen_in_een_tabel_zijn_links_en_de_rest_is_tekst():
    from rekenboek.report.display import met_bronlinks
    t = pd.DataFrame({"Wat": ["<script>alert(1)</script>", "gewoon"], "Bron": ["000:12", "001:7, 001:9"]})
    h = met_bronlinks(t, "../")
    assert 'href="../bron/000.html#r12"' in h and 'href="../bron/001.html#r9"' in h
    assert "<script>" not in h and "&lt;script&gt;" in h
    assert met_bronlinks(pd.DataFrame({"Bron": ["000:12"]}), "").count('href="bron/000.html#r12"') == 1
