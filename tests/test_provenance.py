"""Every transcribed figure is printed on the line it cites; the sources are the catalogued ones."""
import shutil

import pytest

from rekenboek.errors import InvoerFout
from rekenboek.inputs.sources import regel, sha256, verifieer


def test_checksums(bronnen, echte_data):
    verifieer(echte_data.bronnen, bronnen)
    for r in echte_data.bronnen.to_dict("records"):
        assert sha256(bronnen / r["bestand"]) == r["sha256"]


def test_gewijzigde_bron_is_een_fout(bronnen, echte_data, tmp_path):
    for b in echte_data.bronnen["bestand"]:
        shutil.copy(bronnen / b, tmp_path / b)
    doel = tmp_path / "002_64404f7d5d23d22f.txt"
    doel.write_text(doel.read_text(encoding="utf-8").replace("334,91", "334,92", 1), encoding="utf-8")
    with pytest.raises(InvoerFout, match=r"bronnen.csv, rij 3, veld 'sha256'.*gewijzigd"):
        verifieer(echte_data.bronnen, tmp_path)


def test_elk_cijfer_staat_op_zijn_regel(bronnen, echte_data):
    fout = [f"{c.csv} rij {c.rij} ({c.id}): {c.tekst!r} staat niet op {c.bestand}:{c.regel}"
            for c in echte_data.cijfers.values() if c.tekst not in regel(c.bestand, c.regel, bronnen)]
    assert not fout, "\n".join(fout)


def test_tabellen_binnen_bron(bronnen, echte_data):
    from rekenboek.inputs.sources import regels
    for t in echte_data.tabellen.to_dict("records"):
        assert int(t["regel_tot"]) <= len(regels(t["bestand"], bronnen)), t["tabel"]


def test_datum_van_bron_staat_op_regel(bronnen, echte_data):
    from rekenboek.numbers import datum_uit_iso, nl_datum
    for r in echte_data.bronnen.to_dict("records"):
        tekst = regel(r["bestand"], int(r["datum_regel"]), bronnen).lower()
        d = datum_uit_iso(r["datum"])
        jaar = str(d.begin.year)
        assert jaar in tekst or nl_datum(d).split()[-1] in tekst, (r["bestand"], tekst)


def test_herkomst_is_de_controle_van_check(bronnen, echte_data):
    """`check` and `build` run the same provenance check as the tests above (inputs.sources.herkomst), fast."""
    import time
    from rekenboek.inputs.sources import herkomst
    begin = time.monotonic()
    assert herkomst(echte_data, bronnen) == []
    assert time.monotonic() - begin < 2


def test_herkomst_vindt_tekst_naast_de_regel(bronnen, data_kopie):
    """The trial's case: '2.790' instead of the printed 279, and the record moved to a line that does not print it."""
    from conftest import wijzig_record
    from rekenboek.inputs.register import laad
    from rekenboek.inputs.sources import herkomst
    from rekenboek.inputs.sources import regel as bronregel
    pad = data_kopie / "cijfers" / "000a.csv"
    rij = wijzig_record(pad, "000a-dvo-ue-vaals", tekst="2.790", waarde="2790")
    c = laad(data_kopie).cijfers["000a-dvo-ue-vaals-datum"]
    elders = next(n for n in range(c.regel + 1, c.regel + 20) if c.tekst not in bronregel(c.bestand, n, bronnen))
    rij2 = wijzig_record(pad, c.id, regel=str(elders))       # still inside its table, but not where it is printed
    fouten = {(f.rij, f.veld) for f in herkomst(laad(data_kopie), bronnen)}
    assert fouten == {(rij, "tekst"), (rij2, "tekst")}
