import re
from decimal import Decimal as D

import pytest

from rekenboek.numbers import ParseFout, nl_euro, nl_fte, nl_getal, parse_datum, parse_getal, parse_jaar, plain


@pytest.mark.parametrize("tekst,notatie,factor,waarde,precisie", [
    ("334,91", "nl", 1, "334.91", "0.01"),
    ("-1,15", "nl", 1, "-1.15", "0.01"),
    ("−0,48", "nl", 1, "-0.48", "0.01"),
    ("€ 355.000", "nl", 1, "355000", "1"),
    ("€ -920.760", "nl", 1, "-920760", "1"),
    ("1.234.567,89", "nl", 1, "1234567.89", "0.01"),
    ("80%", "nl", 1, "80", "1"),
    ("€ 1,4 mln", "nl", 1000000, "1400000", "100000"),
    ("6.51", "punt", 1, "6.51", "0.01"),
    ("€ 13.5 miljoen", "punt", 1000000, "13500000", "100000"),
    ("een extra fte", "woord", 1, "1", "1"),
])
def test_parse_getal(tekst, notatie, factor, waarde, precisie):
    g = parse_getal(tekst, notatie, D(factor))
    assert g.waarde == D(waarde)
    assert g.precisie == D(precisie)


@pytest.mark.parametrize("tekst,notatie", [
    ("6.51", "nl"),          # a point is a thousands separator in Dutch: 6.51 is not Dutch notation
    ("1.23,4", "nl"),        # thousands group of two digits
    ("12,5", "punt"),
    ("abc", "nl"),
    ("2,15is", "nl"),
    ("geen", "woord"),
])
def test_parse_getal_weigert(tekst, notatie):
    with pytest.raises(ParseFout):
        parse_getal(tekst, notatie)


def test_parse_datum():
    assert parse_datum("1-1-2016").iso == "2016-01-01"
    assert parse_datum("29-01-2018").iso == "2018-01-29"
    assert parse_datum("1 januari 2017").iso == "2017-01-01"
    juli = parse_datum("juli 2017")
    assert (juli.begin.isoformat(), juli.eind.isoformat()) == ("2017-07-01", "2017-07-31")
    with pytest.raises(ParseFout):
        parse_datum("31-02-2017")
    with pytest.raises(ParseFout):
        parse_datum("juli")


def test_parse_jaar():
    assert parse_jaar("per 2018") == 2018
    with pytest.raises(ParseFout):
        parse_jaar("2016 -2017")


def test_nederlandse_notatie():
    assert nl_getal(D("1234567.891"), 2) == "1.234.567,89"
    assert nl_getal(D("-2.15")) == "−2,15"
    assert nl_fte(D("344.55")) == "344,55\u00a0fte"
    assert nl_euro(D("355000")) == "€\u00a0355.000"
    assert nl_getal(None) == "onbekend"
    assert plain(D("-2.150")) == "-2.150"
    assert plain(D("1E+2")) == "100"


def test_cijfers_gelijk_voor_afwijkende_notatie():
    from rekenboek.numbers import cijfers_gelijk
    assert cijfers_gelijk("€ 2.415,557", D("2415557"))
    assert cijfers_gelijk("(0,48)", D("-0.48"))
    assert not cijfers_gelijk("€ 2.415,557", D("2415558"))
    assert cijfers_gelijk("€ 1,4 mln", D("1400000"), D("1000000"))


def test_significante_precisie_voor_circa():
    from rekenboek.inputs.register import significante_precisie
    assert significante_precisie(D("230000"), D("1")) == D("10000")
    assert significante_precisie(D("1400000"), D("100000")) == D("100000")
    assert significante_precisie(D("12.5"), D("0.1")) == D("0.1")
    assert significante_precisie(D("0"), D("1")) == D("1")


def test_csv_download_van_een_tabel():
    """The links under a table name the files publication writes (tests/test_downloads.py: their content)."""
    import pandas as pd

    from rekenboek.report.display import csv_link
    html = csv_link(pd.DataFrame({"Stap": ["Beginstand"], "Fte": ["1,00"]}), "loop")
    assert 'href="loop.csv"' in html and 'href="loop.xlsx"' in html


# ---------------------------------------------------------------- the one Dutch notation
from rekenboek.numbers import (NBSP, als_decimal, decimalen_van, met_eenheid, nl_controle, nl_datum, nl_datum_kort,
                               nl_eenheid, nl_pct, nl_waarde)


@pytest.mark.parametrize("waarde,eenheid,tekst", [
    ("8500000", "EUR", "€ 8.500.000"),
    ("350000.0", "EUR", "€ 350.000"),           # a machine zero after the point is not a printed cent
    ("-3287111.861250", "EUR", "€ −3.287.111,86"),
    ("1234.5", "EUR", "€ 1.234,50"),            # euros: whole euros or cents, never one decimal
    ("344.550", "fte", "344,55 fte"),
    ("1.15", "pct", "1,15 %"),
    ("5071", "aantal", "5.071"),
    ("0.2531390134529147982062780269", "", "0,2531"),
    ("2016-01-01", "datum", "1-1-2016"),
    ("2017", "jaar", "2017"),
    ("", "EUR", "—"),
    (None, "EUR", "—"),
    (float("nan"), "fte", "—"),
    ("12", "uur", "12 uur"),
    ("2016-17", "", "2016-17"),                 # a range of years, not a date
    ("-0.00", "EUR", "€ 0"),                    # no negative zero
])
def test_nl_waarde(waarde, eenheid, tekst):
    assert nl_waarde(waarde, eenheid).replace(NBSP, " ") == tekst


def test_spaties_zijn_vast():
    """The euro sign, percent sign and unit never wrap away from their number."""
    assert nl_euro(D("1")) == "€\u00a01" and nl_pct(D("1.15")) == "1,15\u00a0%" and nl_fte(D("2")) == "2,00\u00a0fte"
    assert " " not in nl_waarde("1234567", "EUR") + nl_waarde("3.5", "pct") + nl_waarde("2.5", "fte")


def test_afronding_half_naar_boven():
    assert nl_getal(D("2.5"), 0) == "3" and nl_getal(D("0.125"), 2) == "0,13" and nl_getal(D("-2.5"), 0) == "−3"


@pytest.mark.parametrize("rij,verwacht", [
    # gesteld, herberekend, verschil, tolerantie, eenheid -> at the stated figure's precision
    (("8500000", "18400000", "-9900000", "350000.0", "EUR"),
     ("€ 8.500.000", "€ 18.400.000", "€ −9.900.000", "€ 350.000")),
    (("346.15", "346.1512345", "-0.0012345", "0.015", "fte"),
     ("346,15 fte", "346,15 fte", "0,00 fte", "0,015 fte")),
    (("7.51", "7.5", "0.01", "0.055", "pct"), ("7,51 %", "7,50 %", "0,01 %", "0,055 %")),
    (("50000", "50000.3", "-0.3", "50000.505", "EUR"), ("€ 50.000", "€ 50.000", "€ 0", "€ 50.000,5")),
    (("0.00", "-3287111.861250", "3287111.861250", "0.005", "EUR"),
     ("€ 0,00", "€ −3.287.111,86", "€ 3.287.111,86", "€ 0,005")),
    (("2022", "2024", "-2", "0", "jaar"), ("2022", "2024", "−2", "0")),
    (("2016-01-01", "2017-01-01", "", "", "datum"), ("1-1-2016", "1-1-2017", "—", "—")),
    (("", "12.3456", "", "", "fte"), ("—", "12,35 fte", "—", "—")),
])
def test_nl_controle_op_de_precisie_van_het_gestelde(rij, verwacht):
    r = nl_controle(*rij)
    assert tuple(x.replace(NBSP, " ") for x in (r.gesteld, r.herberekend, r.verschil, r.tolerantie)) == verwacht


def test_gestelde_datum_zoals_gedrukt():
    assert nl_controle("2016-01-01", "2016-09-01", "", "", "datum", "01-01-2016").gesteld == "01-01-2016"


def test_nooit_meer_cijfers_dan_gedrukt():
    """Whatever the arithmetic produces, a shown figure never has more decimals than the stated one (+1 for the
    tolerance), and never a decimal point."""
    import random
    rnd = random.Random(7)
    for _ in range(500):
        dec = rnd.randint(0, 3)
        gesteld = D(rnd.randint(-10**7, 10**7)).scaleb(-dec)
        herb = gesteld + D(rnd.randint(-10**9, 10**9)).scaleb(-rnd.randint(0, 28))
        tol = D(rnd.randint(0, 10**6)).scaleb(-rnd.randint(0, 10))
        eenheid = rnd.choice(["EUR", "fte", "pct", "aantal"])
        r = nl_controle(plain(gesteld), plain(herb), plain(gesteld - herb), plain(tol), eenheid)
        for tekst, maximaal in ((r.herberekend, dec), (r.verschil, dec), (r.tolerantie, dec + 1)):
            getal = tekst.split(NBSP)[-1] if eenheid == "EUR" else tekst.split(NBSP)[0]
            decimalen = len(getal.split(",")[1]) if "," in getal else 0
            assert decimalen <= maximaal, (tekst, dec)
            assert re.fullmatch(r"−?\d{1,3}(\.\d{3})*(,\d+)?", getal), tekst


@pytest.mark.parametrize("eenheid,kop", [("EUR", "€"), ("pct", "%"), ("fte", "fte"), ("aantal", "aantal")])
def test_eenheid_als_kop(eenheid, kop):
    assert nl_eenheid(eenheid) == kop
    assert nl_eenheid("EUR", woord=True) == "euro"


def test_datums():
    assert nl_datum_kort("2016-01-01") == "1-1-2016" and nl_datum("2016-01-01") == "1 januari 2016"
    assert nl_datum_kort("2017-07") == "juli 2017" and nl_datum_kort("2017") == "2017"


def test_hulpfuncties():
    assert decimalen_van("0.00") == 2 and decimalen_van("8500000") == 0 and decimalen_van(None) == 0
    assert als_decimal("−2,5".replace(",", ".")) == D("-2.5") and als_decimal("abc") is None
    assert als_decimal(float("nan")) is None and als_decimal("") is None
    assert met_eenheid("3", "EUR") == "€\u00a03" and met_eenheid("3", "aantal") == "3"


def test_registertabel_in_nederlandse_notatie():
    """The register as pages show it: Dutch kinds of check, units as € and %, figures at the stated precision."""
    import pandas as pd

    from rekenboek.report.display import bevindingen_tabel

    reg = pd.DataFrame([
        {"omschrijving": "Totaal", "soort": "footing", "bestand": "001_x.txt", "regel": "795", "gesteld": "8500000",
         "herberekend": "18400000", "verschil": "-9900000", "tolerantie": "350000.0", "eenheid": "EUR",
         "oordeel": "afwijking", "gesteld_tekst": "€ 8,5 mln"},
        {"omschrijving": "Rij", "soort": "crossfooting", "bestand": "002_x.txt", "regel": "12", "gesteld": "1.15",
         "herberekend": "1.1523", "verschil": "-0.0023", "tolerantie": "0.005", "eenheid": "pct",
         "oordeel": "afronding", "gesteld_tekst": "1,15%"},
        {"omschrijving": "Datum", "soort": "label", "bestand": "000_x.txt", "regel": "3", "gesteld": "2016-01-01",
         "herberekend": "2016-01-01", "verschil": "", "tolerantie": "", "eenheid": "datum", "oordeel": "klopt",
         "gesteld_tekst": "1-1-2016"},
    ])
    t = bevindingen_tabel(reg)
    assert list(t["Soort"]) == ["optelling", "dwarstelling", "label"]
    assert list(t["Eenheid"]) == ["€", "%", "datum"]
    assert [x.replace(NBSP, " ") for x in t.iloc[0][["Gesteld", "Herberekend", "Verschil", "Tolerantie"]]] == \
        ["€ 8.500.000", "€ 18.400.000", "€ −9.900.000", "€ 350.000"]
    assert [x.replace(NBSP, " ") for x in t.iloc[1][["Gesteld", "Herberekend", "Verschil", "Tolerantie"]]] == \
        ["1,15 %", "1,15 %", "0,00 %", "0,005 %"]
    assert t.iloc[2]["Gesteld"] == "1-1-2016"


def test_vaste_spaties():
    from rekenboek.numbers import vaste_spaties

    assert vaste_spaties("€ 5 en € −3, 16 % en 3 fte; 3 ftes, €uro 5") == \
        "€\u00a05 en €\u00a0−3, 16\u00a0% en 3\u00a0fte; 3 ftes, €uro 5"
