"""Layout of the book that needs no browser: printed headings become document headings, the sidebar
groups the units by cooperation, and a unit page is a dashboard with its findings linked."""
from __future__ import annotations

import nbformat
import pandas as pd

from rekenboek.build import pages
from rekenboek.build.koppen import koppen_als_cellen
from rekenboek.build.pages import alle_taken, index_paginas, samenwerkingen, toc


def _md(tekst):
    return nbformat.v4.new_output("display_data", data={"text/markdown": tekst, "text/plain": "<Markdown>"})


def _html(tekst):
    return nbformat.v4.new_output("display_data", data={"text/html": tekst})


def test_koppen_in_uitvoer_worden_markdowncellen():
    cel = nbformat.v4.new_code_cell("p.toon()", outputs=[_html("<p>voor</p>"), _md("## Eerste\n\nTekst één."),
                                                         _html("<table></table>"), _md("*bijschrift*"),
                                                         _md("### Tweede"), _html("<img/>")])
    cel.metadata["tags"] = ["remove-input"]
    weg = nbformat.v4.new_code_cell("x", outputs=[_md("## Verborgen")])
    weg.metadata["tags"] = ["remove-cell"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Titel"), cel, weg])
    assert koppen_als_cellen(nb) == 2
    soorten = [(c.cell_type, c.source if c.cell_type == "markdown" else len(c.outputs)) for c in nb.cells]
    assert soorten == [("markdown", "# Titel"), ("code", 1), ("markdown", "## Eerste"), ("code", 3),
                       ("markdown", "### Tweede"), ("code", 1), ("code", 1)]
    # the text under a heading stays, without the heading; every following cell hides its input
    assert nb.cells[3].outputs[0]["data"]["text/markdown"] == "Tekst één."
    assert all("remove-input" in c.metadata["tags"] for c in nb.cells if c.cell_type == "code" and c is not weg)
    assert nb.cells[3].source.strip(), "myst-nb skips code cells with an empty source, and their outputs with them"
    assert nb.cells[-1] is weg and weg.outputs[0]["data"]["text/markdown"] == "## Verborgen"
    nbformat.validate(nb)
    assert koppen_als_cellen(nb) == 0, "a second pass changes nothing"


def test_zijbalk_groepeert_eenheden_per_samenwerking(echte_data):
    groepen = samenwerkingen(echte_data.eenheden)
    e = echte_data.eenheden
    for sw, leden in groepen.items():
        assert leden[0] == sw
        assert set(leden[1:]) == set(e.loc[e["samenwerking"] == sw, "gemeente"])
    inhoud = toc(alle_taken(echte_data), echte_data.eenheden)
    eenheden_delen = [[h["title"] for h in p["chapters"]] for p in inhoud["parts"]
                      if p["chapters"] and p["chapters"][0].get("title") in groepen]
    # each cooperation with its own gemeenten, in the order of eenheden.csv: SZMH and its six, MLW and its three
    assert eenheden_delen == [groepen[sw] for sw in groepen]
    assert [len(d) for d in eenheden_delen] == [7, 4]


def test_eenheidspagina_is_een_dashboard(echte_data, monkeypatch):
    reg = pd.DataFrame({"id": ["c1", "c2", "c3"], "bestand": ["002_x.txt", "002_x.txt", "004_y.txt"],
                        "oordeel": ["afwijking", "klopt", "afwijking"], "gemeente": ["Vaals", "Vaals", "Weert"],
                        "jaar": ["2017", "2017", "2019"], "hoofdbevinding": ["HB-syn-1", "", "HB-syn-2"]})
    hoofd = pd.DataFrame({"id": ["HB-syn-1", "HB-syn-2"], "titel": ["Synthetisch <één>", "Ander"],
                          "ernst": ["materieel", "triviaal"], "verschil": ["-1000", "5"], "eenheid": ["EUR", "EUR"],
                          "rang": ["1", "2"]})
    monkeypatch.setattr(pages, "_register", lambda: (reg, hoofd))
    tekst = index_paginas(echte_data, alle_taken(echte_data))["eenheid/vaals.md"]
    for kop in ("## Kerncijfers", "## Bevindingen", "## Documenten", "## Jaren"):
        assert kop in tekst
    assert "| Controles op cijfers van Vaals | 2: 1 afwijking, 1 klopt |" in tekst
    assert '<a href="../bevindingen.html#hb-HB-syn-1">Synthetisch &lt;één&gt;</a> (materieel, verschil €\u00a0−1.000)' in tekst
    assert "Ander" not in tekst, "a finding of another unit is not listed"
    assert "Gemeente in de samenwerking [SZMH](szmh.md)." in tekst


def test_kaartanker_is_dat_van_de_registerpagina():
    from rekenboek.report import findings
    assert pages._kaart_href("HB-x") == f"../bevindingen.html#{findings.anker('HB-x')}"
