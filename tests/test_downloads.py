"""Downloads for Excel and for machines (issue 14 item 4, issue 15 item 6, issue 16 item 7).

One writer (rekenboek/downloads.py) serves every download: the tables under each page, the register
workbook and the model exports. These tests read the files back as Excel and a CSV reader would.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from rekenboek import downloads
from rekenboek.checks import bevindingen
from rekenboek.downloads import Getal, lees_getal

VERWACHT = Path(__file__).parent / "verwacht" / "bevindingen.csv"


@pytest.mark.parametrize("tekst, waarde, eenheid", [
    ("€\u00a0−893.941", Decimal("-893941"), "€"),
    ("€ 1.234.567", Decimal("1234567"), "€"),
    ("− € 12,50", Decimal("-12.50"), "€"),
    ("344,55 fte", Decimal("344.55"), "fte"),
    ("1,15\u00a0%", Decimal("1.15"), "%"),
    ("−5,00 %", Decimal("-5.00"), "%"),
    ("€ 8,5 mln", Decimal("8500000.0"), "€"),
    ("5.071", Decimal("5071"), ""),
    ("2017", Decimal("2017"), ""),
    ("0,9804", Decimal("0.9804"), ""),
])
def test_nederlandse_notatie_wordt_een_getal(tekst, waarde, eenheid):
    g = lees_getal(tekst)
    assert g is not None and g.waarde == waarde and g.eenheid == eenheid


@pytest.mark.parametrize("tekst", ["004:715", "001", "1-1-2016", "3.5", "1.23", "Vaals", "2016-2019", "12 uur per week"])
def test_tekst_blijft_tekst(tekst):
    assert lees_getal(tekst) is None


def test_formaat_drukt_zoals_het_boek():
    assert lees_getal("2017").formaat == "0"                     # a year: no grouping
    assert lees_getal("5.071").formaat == "#,##0"
    assert lees_getal("344,55 fte").formaat == '#,##0.00"\u00a0fte"'
    assert lees_getal("€ 1.234,56").formaat.startswith('"€\u00a0"#,##0.00;')


VOORBEELD = pd.DataFrame({"Regel": ["Opleiding", "Totaal", "Noot"], "2017": ["€ 120.000", "€\u00a0−1.234.567", "—"],
                          "Fte": ["1,50 fte", "344,55 fte", "2,00 fte"], "Groei": ["1,15 %", "−5,00 %", ""],
                          "Bron": ["002:2147", "002:2148", "002:2149"]})


def test_csv_voor_nederlandse_excel(tmp_path):
    pad = downloads.schrijf_csv_nl(VOORBEELD, tmp_path / "maastricht-2021-tabel-17.csv")
    ruw = pad.read_bytes()
    assert ruw.startswith(b"\xef\xbb\xbf")                       # BOM: Excel reads UTF-8
    rijen = list(csv.reader(io.StringIO(ruw.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["Regel", "2017 (€)", "Fte (fte)", "Groei (%)", "Bron"]
    assert rijen[2] == ["Totaal", "-1234567", "344,55", "-5,00", "002:2148"]
    assert rijen[3][1] == ""                                     # "—": no value
    for rij in rijen[1:]:                                        # every number reads back exactly
        for tekst, cel in zip(rij[1:4], VOORBEELD.loc[rijen.index(rij) - 1, ["2017", "Fte", "Groei"]]):
            g = lees_getal(cel)
            assert (g is None and tekst == "") or Decimal(tekst.replace(",", ".")) == g.waarde


def test_xlsx_getallen_opmaak_kop_filter_breedte_uitleg(tmp_path):
    pad = downloads.schrijf_xlsx({"tabel": VOORBEELD}, tmp_path / "t.xlsx", uitleg={"Regel": "post"})
    wb = openpyxl.load_workbook(pad)
    assert wb.sheetnames == ["tabel", "Toelichting"]
    ws = wb["tabel"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E4"
    assert ws["B3"].value == -1234567 and ws["B3"].number_format.startswith('"€\u00a0"#,##0')
    assert ws["C3"].value == pytest.approx(344.55) and "fte" in ws["C3"].number_format
    assert ws["B4"].value is None and ws["E2"].value == "002:2147" and ws["E2"].data_type == "s"
    assert ws["A1"].font.bold
    assert all(ws.column_dimensions[k].width >= 8 for k in "ABCDE")
    assert ws.column_dimensions["B"].width >= len("€ −1.234.567")


def test_xlsx_is_deterministisch(tmp_path, monkeypatch):
    import openpyxl.writer.excel as excel
    from datetime import datetime as echt

    a = downloads.schrijf_xlsx({"tabel": VOORBEELD}, tmp_path / "a.xlsx")

    class Later(echt):                                           # a write a year later, in another time zone
        @classmethod
        def now(cls, tz=None):
            return echt(2031, 7, 4, 13, 37, 1, tzinfo=tz)
    monkeypatch.setattr(excel.datetime, "datetime", Later)
    monkeypatch.setenv("TZ", "America/Lima")
    b = downloads.schrijf_xlsx({"tabel": VOORBEELD}, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b"2031" not in z.read("docProps/core.xml")


def test_register_als_excel_getallen_als_getallen(tmp_path):
    """Every numeric cell of bevindingen.xlsx equals the register's value; text stays text."""
    register = pd.read_csv(VERWACHT, dtype=str, keep_default_na=False)
    pad = bevindingen.schrijf_excel(register, tmp_path / "bevindingen.xlsx")
    _vergelijk_register(pad, register)


def _vergelijk_register(pad: Path, register: pd.DataFrame) -> None:
    ws = openpyxl.load_workbook(pad)["bevindingen"]
    kop = [c.value for c in ws[1]]
    assert kop == list(register.columns)
    assert ws.max_row == len(register) + 1 and ws.freeze_panes == "A2" and ws.auto_filter.ref
    getallen = 0
    for r, rij in enumerate(ws.iter_rows(min_row=2), start=0):
        for k, cel in zip(kop, rij):
            verwacht = register.iat[r, kop.index(k)]
            getal = downloads.lees_decimaal(verwacht) is not None and (
                k in ("regel", "jaar") or (k in bevindingen.GETAL_KOLOMMEN and register.at[r, "eenheid"] not in ("datum", "label")))
            if getal:
                getallen += 1
                # Excel keeps 15 significant digits
                assert isinstance(cel.value, (int, float)) and cel.value == float(format(Decimal(verwacht), ".15g")), \
                    (register.iat[r, 0], k, cel.value, verwacht)
            else:
                assert (cel.value or "") == verwacht, (register.iat[r, 0], k, cel.value, verwacht)
    assert getallen >= 4 * len(register) * 0.9
    eur = next(i for i, e in enumerate(register["eenheid"]) if e == "EUR")
    assert "€" in ws.cell(row=eur + 2, column=kop.index("gesteld") + 1).number_format
    assert "Toelichting" in openpyxl.load_workbook(pad).sheetnames


def test_tabel_onder_de_pagina_reist_mee_in_het_notebook():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from rekenboek.report.display import toon_tabel

    InteractiveShell.instance().user_ns.pop("_rekenboek_downloadnamen", None)   # a fresh page
    with capture_output() as c:
        toon_tabel(VOORBEELD, naam="Maastricht 2021 tabel 17", titel="Tabel 17")
        toon_tabel(VOORBEELD, naam="Maastricht 2021 tabel 17")
    eerste, tweede = (o.data for o in c.outputs)
    assert eerste[downloads.MIME]["naam"] == "maastricht-2021-tabel-17"
    assert tweede[downloads.MIME]["naam"] == "maastricht-2021-tabel-17-2"    # unique on the page
    assert 'href="maastricht-2021-tabel-17.xlsx"' in eerste["text/html"]
    assert eerste["text/html"].index("</table>") < eerste["text/html"].index("rekenboek-download")  # below it
    json.dumps(eerste[downloads.MIME])                                        # JSON for the notebook


def test_namen_zeggen_wat_erin_staat():
    assert downloads.bestandsnaam("Maastricht", 2021, downloads.tabeldeel("Tabel 17: Begrotingseffect")) \
        == "maastricht-2021-tabel-17"
    assert downloads.bestandsnaam("Valkenburg aan de Geul", 2018, "Verzuim") == "valkenburg-aan-de-geul-2018-verzuim"


def test_publicatie_schrijft_de_tabellen_naast_de_pagina(tmp_path, monkeypatch):
    from rekenboek.build.pages import Taak
    from rekenboek.build.publish import schrijf_downloads

    monkeypatch.setenv("REKENBOEK_GENERATED", str(tmp_path / "generated"))
    monkeypatch.setenv("REKENBOEK_BUILD", str(tmp_path / "_build"))
    taak = Taak("financien", "Maastricht", 2021)
    taak.uitvoer.parent.mkdir(parents=True)

    def nb(*bundels):
        cellen = [{"cell_type": "code", "outputs": [{"output_type": "display_data",
                                                       "data": {"text/html": "<table/>", downloads.MIME: b}}]}
                  for b in bundels]
        taak.uitvoer.write_text(json.dumps({"cells": cellen}), encoding="utf-8")

    nb(downloads.bundel(VOORBEELD, "maastricht-2021-tabel-17", "Tabel 17"))
    html = tmp_path / "html"
    assert schrijf_downloads([taak], html) == ""
    map_ = html / "book" / "generated" / "financien"
    assert openpyxl.load_workbook(map_ / "maastricht-2021-tabel-17.xlsx")["tabel"]["B3"].value == -1234567
    assert (map_ / "maastricht-2021-tabel-17.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    # the same name for different tables on pages of one folder: a clear error, not a silent overwrite
    nb(downloads.bundel(VOORBEELD, "x", ""), downloads.bundel(VOORBEELD.head(1), "x", ""))
    assert "dezelfde downloadnaam" in schrijf_downloads([taak], tmp_path / "html2")


@pytest.mark.parametrize("model, documenten", [("scenario", ("001",)), ("szmh", ("000", "002")),
                                                ("kostenverdeling", ("004",))])
def test_modelexport_getallen_zoals_het_model(tmp_path, model, documenten):
    """A model's workbook holds its inputs and outputs as numbers, equal to the model called directly."""
    from rekenboek.checks.bevindingen import laad_dossier
    from rekenboek.models import export, scenario

    register = laad_dossier(*documenten)
    e = export.exporteer(model, register)
    b = downloads.werkboekbundel(e.bladen, e.naam, e.titel, e.uitleg)
    paden = downloads.schrijf_bundel(json.loads(json.dumps(b)), tmp_path)   # through the notebook's JSON
    assert [p.name for p in paden] == downloads.bestanden(b)
    assert all(p.name.startswith(e.naam) for p in paden)
    wb = openpyxl.load_workbook(paden[0])
    assert set(e.bladen) | {"Toelichting"} == set(wb.sheetnames)
    ws = wb["uitvoer"]
    kop = [c.value for c in ws[1]]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref and ws.max_row == len(e.bladen["uitvoer"]) + 1
    waarden = [r[kop.index("waarde")].value for r in ws.iter_rows(min_row=2)]
    assert sum(isinstance(v, (int, float)) for v in waarden) >= 0.9 * len(waarden)
    uitleg = {r[0].value: r[1].value for r in wb["Toelichting"].iter_rows(min_row=2)}
    assert all(uitleg.get(k) for k in kop)                                  # every column explained
    if model == "scenario":                                                 # equal to the model, cell by cell
        u = scenario.bereken(scenario.aannames_uit_bron(register))
        for r in ws.iter_rows(min_row=2, values_only=True):
            t, rij, kolom, jaar, waarde = r
            verwacht = u.c(str(t), str(rij), kolom or "", jaar)
            assert (waarde is None and verwacht is None) or waarde == float(format(verwacht, ".15g")), r


# ----------------------------------------------------------------------- the published book
@pytest.mark.slow
def test_gepubliceerd_register_als_excel(volledig_boek):
    """The bevindingen.xlsx a reader downloads holds every register row, numbers as numbers."""
    gevonden = list((volledig_boek / "html").rglob("bevindingen.xlsx"))
    assert len(gevonden) == 1, gevonden
    register = pd.read_csv(volledig_boek / "rekenboek" / "bevindingen.csv", dtype=str, keep_default_na=False)
    _vergelijk_register(gevonden[0], register)


@pytest.mark.slow
def test_elke_tabel_heeft_zijn_downloads(volledig_boek):
    """Every link under a table or model leads to a file next to the page, named for what it holds; no page
    carries a CSV inline any more."""
    import re

    html = volledig_boek / "html"
    links, ontbreekt, inline = 0, [], []
    for pagina in html.rglob("*.html"):
        tekst = pagina.read_text(encoding="utf-8")
        if "data:text/csv" in tekst:
            inline.append(str(pagina.relative_to(html)))
        for p in re.findall(r'<p class="rekenboek-download">(.*?)</p>', tekst, flags=re.S):
            for href in re.findall(r'href="([^"]+)"', p):
                links += 1
                assert re.fullmatch(r"[a-z0-9-]+\.(xlsx|csv)", href) and href not in ("tabel.csv", "tabel.xlsx"), href
                if not (pagina.parent / href).is_file():
                    ontbreekt.append(f"{pagina.relative_to(html)}: {href}")
    assert links > 100 and not ontbreekt and not inline, (links, ontbreekt[:10], inline[:5])
    # every model page offers its model's numbers
    for stam in ("maastricht-2020-2024-scenariomodel", "szmh-investeringsagendas-en-efficiency", "mlw-kostenverdeling"):
        assert list(html.rglob(f"{stam}.xlsx")), stam
