"""Completeness: every numeric token on every declared line is transcribed or excluded with a reason."""
import shutil

from rekenboek.checks import dekking
from rekenboek.inputs.register import laad


def _toon(items, n=40):
    return "\n".join(str(i)[:200] for i in items[:n]) + (f"\n... en {len(items) - n} meer" if len(items) > n else "")


def test_elk_getal_verantwoord(bronnen, echte_data):
    d = dekking.bereken(echte_data, bronnen)
    assert not d.niet_op_regel, "tekst niet op de genoemde regel:\n" + _toon(d.niet_op_regel)
    assert not d.ongedekt, "getallen zonder cijfer of uitsluiting:\n" + _toon(d.ongedekt)
    assert not d.overbodig, "dekking voor getallen die er niet staan:\n" + _toon(d.overbodig)


def test_geen_getal_buiten_een_tabel_of_passage(bronnen, echte_data):
    d = dekking.bereken(echte_data, bronnen)
    assert not d.buiten, "regels met getallen buiten elke tabel of passage:\n" + _toon(d.buiten)


def test_elk_document_heeft_tabellen(echte_data):
    assert set(echte_data.tabellen["bestand"]) == set(echte_data.bronnen["bestand"])


def _kopie_bronnen(bronnen, echte_data, tmp_path):
    for b in echte_data.bronnen["bestand"]:
        shutil.copy(bronnen / b, tmp_path / b)
    return tmp_path


def test_nieuw_getal_valt_op(bronnen, echte_data, tmp_path):
    """A number added to a declared line of a (copied) source is reported as open."""
    kopie = _kopie_bronnen(bronnen, echte_data, tmp_path)
    pad = kopie / "002_64404f7d5d23d22f.txt"
    regels = pad.read_text(encoding="utf-8").split("\n")
    regels[1636] += " Nieuw: 99,99 fte."   # line 1637, inside the declared formatie passage
    pad.write_text("\n".join(regels), encoding="utf-8")
    d = dekking.bereken(echte_data, kopie, bestanden=["002"], van=1630, tot=1660)
    assert [(b[:3], n, t) for b, n, t, _ in d.ongedekt] == [("002", 1637, "99,99")]


def test_uitsluiting_van_afwezig_getal_valt_op(bronnen, data_kopie):
    pad = data_kopie / "uitsluitingen" / "002_formatie.csv"
    pad.write_text(pad.read_text(encoding="utf-8") + "002_64404f7d5d23d22f.txt,1637,777,,jaartal,staat er niet\n", encoding="utf-8")
    d = dekking.bereken(laad(data_kopie), bronnen, bestanden=["002"], van=1630, tot=1660)
    assert ("002_64404f7d5d23d22f.txt", 1637, "777", "uitsluiting") in d.overbodig


def test_tokens():
    assert dekking.tokens("per 1-1-2016 bedroeg 334,91 fte (17-47), € 1.234,5 en 13.5") == \
        ["1-1-2016", "334,91", "17", "47", "1.234,5", "13.5"]
