"""Issue 14 item 6: a page exists where it has something of its own to say.

The financial pages of one unit share one model; the whole model is shown once, on the unit's model page
(the first year in the matrix), and every other year links to it and keeps what is its own. These tests
build the pages' models (no notebooks) and fail when a near-duplicate page appears again or when a check
the uncut pages showed is shown on no page any more.
"""
from __future__ import annotations

from collections import defaultdict

import pytest

from rekenboek.report.pages import financien
from rekenboek.report.pages.financien.eigen import gelijk, modeljaar


@pytest.fixture(scope="module")
def paginas(echte_data):
    """Every financial page of the matrix: (unit, year) -> (page as built, the page with the whole model)."""
    m = echte_data.matrix
    rijen = m[m["template"] == "financien"]
    uit = {}
    for g, j in zip(rijen["gemeente"], rijen["jaar"]):
        model = financien.model_voor(g) or "kostenverdeling"
        heel = financien.MODELLEN[model][0](echte_data, g, int(j), {})
        uit[(g, int(j))] = (financien.pagina(g, int(j), register=echte_data), heel)
    return uit


def test_elke_eenheid_heeft_een_modelpagina_en_de_andere_jaren_linken_erheen(paginas, echte_data):
    """The model page carries the whole model; every other year with shared sections links to it once."""
    for (g, j), (p, heel) in paginas.items():
        thuis = modeljaar(echte_data, g)
        if j == thuis:
            assert [s.titel for s in p.secties] == [s.titel for s in heel.secties], (g, j)
            continue
        tekst = "\n".join([p.inleiding] + [s.tekst for s in p.secties])
        n = tekst.count(f'.html">Financiën {g} {thuis}</a>')
        assert n <= 1, f"{g} {j} linkt {n} keer naar de modelpagina"
        if len(p.secties) < len(heel.secties):   # something was cut: the link says where it is
            assert n == 1, f"{g} {j}: secties weggelaten zonder link naar Financiën {g} {thuis}"


def test_geen_sectie_met_tabellen_staat_op_twee_jaren_van_een_eenheid(paginas):
    """A section with tables or charts is shown on one page of a unit only: no year repeats another year."""
    per_eenheid = defaultdict(list)
    for (g, j), (p, _) in paginas.items():
        per_eenheid[g].append(p)
    for g, ps in per_eenheid.items():
        for i, a in enumerate(ps):
            for b in ps[i + 1:]:
                dubbel = [s.titel for s in a.secties if (s.tabellen or s.figuren)
                          and any(gelijk(s, t) for t in b.secties)]
                assert not dubbel, f"{g} {a.jaar} en {b.jaar} tonen dezelfde secties: {dubbel}"


def test_elke_pagina_heeft_iets_eigens(paginas):
    """Each page has a section (title, records and tables) that no other page of the unit has."""
    per_eenheid = defaultdict(list)
    for (g, j), (p, _) in paginas.items():
        per_eenheid[g].append(p)
    for g, ps in per_eenheid.items():
        for p in ps:
            andere = [s for q in ps if q is not p for s in q.secties]
            eigen = [s for s in p.secties if not any(gelijk(s, t) and s.tekst == t.tekst for t in andere)]
            assert eigen, f"Financiën {g} {p.jaar} heeft niets wat de andere jaren niet hebben"


def test_geen_controle_verdwijnt(paginas):
    """Every register check an uncut page showed is still shown on some financial page."""
    getoond = set().union(*(set(p.bevindingen["id"]) for p, _ in paginas.values() if len(p.bevindingen)))
    vroeger = set().union(*(set(h.bevindingen["id"]) for _, h in paginas.values() if len(h.bevindingen)))
    assert vroeger and not vroeger - getoond, sorted(vroeger - getoond)[:10]


def test_minder_woorden_dan_het_hele_model_per_jaar(paginas):
    """A year's page that links to the model page is far shorter than the whole model (guards against repetition)."""
    def woorden(p):
        return sum(len(s.tekst.split()) + sum(0 if t is None else t.size for _, t in s.tabellen) for s in p.secties)
    for (g, j), (p, heel) in paginas.items():
        if len(p.secties) < len(heel.secties) or p.secties[0].titel.endswith("in het hele model"):
            assert woorden(p) < woorden(heel), (g, j)


@pytest.mark.slow
def test_elke_pagina_van_de_matrix_toont_iets_eigens(echte_data):
    """Every unit-year page of data/matrix.csv shows a record of its own unit (or, for a cooperation, of one of its
    gemeenten) and year: a page that only says "niet bekend" or shows another year's figures is not in the matrix.
    (Builds every page model, no notebooks: about a minute.)"""
    from rekenboek.inputs.eenheden import leden
    from rekenboek.report.pages import cijfers, formatie, kpi

    maak = {"cijfers": cijfers.pagina, "formatie": formatie.pagina, "kpi": kpi.pagina, "financien": financien.pagina}
    m = echte_data.matrix
    zonder = []
    for t, g, j in zip(m["template"], m["gemeente"], m["jaar"]):
        namen = {g, *leden(echte_data, g)}
        eigen = {c.id for c in echte_data.cijfers.values() if c.label("gemeente") in namen and c.label("jaar") == j}
        if not maak[t](g, int(j)).ids & eigen:
            zonder.append(f"{t} {g} {j}")
    assert not zonder, f"pagina's zonder eigen cijfers in data/matrix.csv: {zonder}"
