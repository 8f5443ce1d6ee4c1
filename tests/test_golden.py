"""Golden tests: the reproduced formatie walks against the printed tables, cell by cell.

The printed tables are parsed here straight from the source lines, independently
of the transcription in data/, so a transcription slip or a model error fails.
"""
import re
from decimal import Decimal

import pytest

from rekenboek.models import formatie as fm
from rekenboek.numbers import parse_getal
from rekenboek.inputs.sources import regels

HTML = re.compile(r"</?[bu]>")


def _bijlage_3a(bronnen):
    """Bijlage 3a (002, lines 1736-1812): loose space-separated lines."""
    rijen, totalen = [], []
    for n, t in enumerate(regels("002_64404f7d5d23d22f.txt", bronnen)[1735:1812], start=1736):
        t = t.strip()
        if m := re.fullmatch(r"(.+?) (\d{1,2}) (-?\d+,\d\d) (.+)", t):
            rijen.append((n, m[1], m[2], parse_getal(m[3], "nl").waarde))
        elif m := re.fullmatch(r"(?:\d{1,2}-\d{1,2}-\d{4} )?(-?\d+,\d\d)", t):
            totalen.append((n, parse_getal(m[1], "nl").waarde))
    return rijen, totalen


def _formatieanalyse(bronnen):
    """Formatieanalyse 2017-2018 (000, lines 579-605): tab-separated cells."""
    rijen, totalen = [], []
    for n, t in enumerate(regels("000_660d28090c3a4c26.txt", bronnen)[578:605], start=579):
        cellen = [HTML.sub("", c).strip() for c in t.split("\t")]
        if len(cellen) < 3:
            continue
        functie, schaal, fte = cellen[0], cellen[1], cellen[2]
        if re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", functie):  # a bold balance: date in the first cell
            functie = ""
        if functie and (m := re.fullmatch(r"(\d{1,2})( pm)?", schaal)):
            rijen.append((n, functie, m[1], None if m[2] else parse_getal(fte, "nl").waarde))
        elif not functie and fte:
            totalen.append((n, parse_getal(fte, "nl").waarde))
    return rijen, totalen


@pytest.mark.parametrize("jaar,parser", [(2017, _bijlage_3a), (2018, _formatieanalyse)])
def test_mutatieregels_cel_voor_cel(bronnen, echte_data, jaar, parser):
    lp = fm.loop(echte_data, "SZMH", jaar)
    gedrukt, _ = parser(bronnen)
    model = [(c.regel, c.label("functie"), c.label("salarisschaal"), None if c.is_pm else c.waarde) for c in lp.regels]
    assert len(model) == len(gedrukt)
    for m, g in zip(model, gedrukt):
        assert m == g


@pytest.mark.parametrize("jaar,parser", [(2017, _bijlage_3a), (2018, _formatieanalyse)])
def test_loop_cel_voor_cel(bronnen, echte_data, jaar, parser):
    """Each printed subtotal and balance, in order, against the walk recomputed from the rows."""
    lp = fm.loop(echte_data, "SZMH", jaar)
    _, totalen = parser(bronnen)
    stappen = [s for s in lp.stappen if s.gedrukt is not None]
    assert [s.regel for s in stappen] == [n for n, _ in totalen]
    for s, (n, gedrukt) in zip(stappen, totalen):
        assert s.gedrukt == gedrukt, f"regel {n}"
        # the recomputed value may differ from the printed one by at most its printed half unit
        assert abs(s.herberekend - gedrukt) <= Decimal("0.005"), f"regel {n}: {s.herberekend} vs {gedrukt}"


def test_geen_loop_zonder_bron(echte_data):
    assert fm.loop(echte_data, "Maastricht", 2017) is None
