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
    assert nl_fte(D("344.55")) == "344,55 fte"
    assert nl_euro(D("355000")) == "€ 355.000"
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
