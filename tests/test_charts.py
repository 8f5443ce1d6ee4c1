"""Charts: deterministic bytes, nothing clipped, alt text that informs, distinct marks, flagged source labels, seaborn."""
from __future__ import annotations

import re
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from rekenboek.report import charts  # noqa: E402
from rekenboek.report.pages import kpi as kpi_pagina  # noqa: E402
from rekenboek.report.pages import kpi_overzicht  # noqa: E402


@pytest.fixture(scope="module")
def resultaat(echte_data):
    from rekenboek.checks.bevindingen import bereken
    return bereken(echte_data)


@pytest.fixture(scope="module")
def kpi_figuren(echte_data, resultaat):
    """(page, alt text, maker) of every chart on the KPI pages of SZMH 2018, Vaals 2018, Maastricht 2019 and the overview."""
    uit = []
    paginas = [kpi_pagina.pagina(g, j, echte_data, resultaat) for g, j in (("SZMH", 2018), ("Vaals", 2018), ("Maastricht", 2019))]
    paginas.append(kpi_overzicht.overzicht(echte_data, resultaat))
    for p in paginas:
        for s in p.secties:
            for alt, maak in s.figuren:
                uit.append((f"{p.gemeente} {p.jaar}", alt, maak))
    assert len(uit) >= 7
    return uit


def _lijn(marks=("realisatie", "prognose", "norm")):
    with plt.rc_context(charts.STIJL_CL):
        fig, ax = plt.subplots(figsize=(5, 3))
        for k, m in enumerate(marks):
            charts.teken(ax, [k], [k + 1], m, charts.KLEUREN[k], m)
        ax.set_title("Een titel die lang genoeg is om buiten de assen door te lopen tot voorbij de rand van de figuur")
        ax.legend(handles=charts.legenda_soorten(marks), loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig


# ------------------------------------------------------------------ deterministic output
def test_png_en_svg_zijn_elke_bouw_gelijk():
    a, b = _lijn(), _lijn()
    try:
        pa, sa = charts.png(a), charts.svg(a)
        assert pa == charts.png(b) and sa == charts.svg(b)
    finally:
        plt.close(a)
        plt.close(b)
    # no date, no software version in either
    assert b"Software" not in pa and b"matplotlib" not in pa.lower()
    tekst = sa.decode()
    assert "<dc:date>" not in tekst and not re.search(r"20\d\d-\d\d-\d\dT", tekst)


# ------------------------------------------------------------------ nothing clipped
def _zichtbare_teksten(fig) -> list[Text]:
    """Texts drawn: titles, labels, legend entries, annotations, and tick labels of ticks inside the view limits."""
    tick = set()
    uit = []
    for ax in fig.axes:
        for as_, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = sorted((lo, hi))
            for t in as_.get_major_ticks():
                for lab in (t.label1, t.label2):
                    tick.add(id(lab))
                    if lab.get_visible() and lab.get_text().strip() and lo - 1e-9 <= t.get_loc() <= hi + 1e-9:
                        uit.append(lab)
    for t in fig.findobj(Text):
        if id(t) not in tick and t.get_visible() and t.get_text().strip():
            uit.append(t)
    return uit


def _buiten(fig) -> list[str]:
    """Texts (titles, labels, legend entries, annotations) that reach outside the saved image."""
    import io

    from PIL import Image

    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    kader = fig.get_tightbbox(r)                # what png() crops to, in inches
    uit = []
    for t in _zichtbare_teksten(fig):
        bb = t.get_window_extent(r).transformed(fig.dpi_scale_trans.inverted())
        if bb.x0 < kader.x0 - 0.01 or bb.x1 > kader.x1 + 0.01 or bb.y0 < kader.y0 - 0.01 or bb.y1 > kader.y1 + 0.01:
            uit.append(t.get_text())
    breed, hoog = Image.open(io.BytesIO(charts.png(fig))).size
    assert breed >= kader.width * fig.dpi - 2 and hoog >= kader.height * fig.dpi - 2
    return uit


@pytest.mark.slow   # renders every chart (or builds five pages): seconds each on a loaded machine
def test_niets_valt_buiten_het_beeld(kpi_figuren):
    fig = _lijn()
    assert _buiten(fig) == []         # the long title and the legend outside the axes are kept
    plt.close(fig)
    gezien = set()
    for pagina, alt, maak in kpi_figuren:
        if alt in gezien:                 # the same chart on another page
            continue
        gezien.add(alt)
        fig = maak()
        try:
            assert _buiten(fig) == [], pagina
            # the axes' content (points and bars) lies within the axes limits: no bar or point is cut at the axis end
            for ax in fig.axes:
                x0, x1 = sorted(ax.get_xlim())
                y0, y1 = sorted(ax.get_ylim())
                for lijn in ax.get_lines():
                    for x, y in lijn.get_xydata():
                        if x == x and y == y:                     # not NaN
                            assert x0 <= x <= x1 and y0 <= y <= y1, (pagina, lijn.get_label())
                for bar in ax.patches:
                    if hasattr(bar, "get_height"):
                        for y in (bar.get_y(), bar.get_y() + bar.get_height()):
                            assert y0 - 1e-9 <= y <= y1 + 1e-9, pagina
        finally:
            plt.close(fig)


# ------------------------------------------------------------------ alt text
def test_alt_tekst_zegt_wat_de_grafiek_toont_met_kerncijfers(kpi_figuren, echte_data):
    per_pagina: dict[str, list[str]] = {}
    for pagina, alt, _maak in kpi_figuren:
        assert not re.search(r"\.(png|svg)|/|_images", alt), alt          # never a file path
        assert re.search(r"\d", alt), alt                                  # key numbers
        assert not re.search(r"\d\.\d", alt.replace(".", "")) and not re.search(r"\d,\d{3}\b", alt)  # Dutch notation
        per_pagina.setdefault(pagina, []).append(alt)
    for pagina, alts in per_pagina.items():
        assert len(set(alts)) == len(alts), pagina                          # two charts, two alt texts
    # the numbers in the alt text are the records' figures, in Dutch notation
    vaals = next(alt for p, alt, _m in kpi_figuren if p == "Vaals 2018" and "uitkeringseenheden" in alt)
    for rid in ("002c-prog-stand-vaals", "002c-prog-saldo-vaals", "000a-dvo-ue-vaals"):
        assert kpi_pagina.nl_getal(echte_data.cijfers[rid].waarde) in vaals
    maas = next(alt for p, alt, _m in kpi_figuren if p == "SZMH 2018" and "Maastricht" in alt and "Eijsden" not in alt)
    assert "4.009" in maas and "3.843" in maas


def test_alt_tekst_bouwsteen():
    assert charts.alt_tekst("Staafdiagram", "x", ["a 1", "", "b 2"], "Noot.") == "Staafdiagram van x: a 1; b 2. Noot."


# ------------------------------------------------------------------ marks
def test_realisatie_prognose_en_norm_zijn_verschillende_tekens(kpi_figuren):
    stijlen = {s: (m.get("marker"), m.get("markerfacecolor"), m.get("linestyle")) for s, m in charts.MARKERING.items()}
    assert len(set(stijlen.values())) == len(stijlen)
    for m in ("realisatie", "prognose", "norm"):
        assert charts.MARKERING[m]["linestyle"] == "none"        # never joined into one line as if a time series
    # the benefit-unit charts draw no line through the points and carry a legend with the three kinds
    for pagina, alt, maak in kpi_figuren:
        if "uitkeringseenheden per peildatum" not in alt:
            continue
        fig = maak()
        try:
            ax = fig.axes[0]
            assert all(lijn.get_linestyle() in ("None", "none", "") for lijn in ax.get_lines() if len(lijn.get_xdata()))
            labels = [t.get_text() for t in ax.get_legend().get_texts()]
            assert {charts.SOORT_NAMEN[s] for s in ("realisatie", "prognose", "norm")} <= set(labels), pagina
        finally:
            plt.close(fig)


def test_gedrukt_over_herberekend_markeert_afwijkingen():
    with plt.rc_context(charts.STIJL_CL):
        fig, ax = plt.subplots()
        charts.gedrukt_over_herberekend(ax, [1, 2, 3], [10, 20, 30], [10, None, 31], [False, False, True], charts.KLEUREN[0])
    lijnen = ax.get_lines()
    gedrukt = [lijn for lijn in lijnen if lijn.get_marker() == "D"]
    ringen = [lijn for lijn in lijnen if lijn.get_markersize() == 14 and lijn.get_markeredgecolor() == charts.RING]
    assert list(gedrukt[0].get_ydata()) == [10, 31]           # the printed values, where printed
    assert [list(r.get_ydata()) for r in ringen] == [[31]]    # only the deviating cell is ringed
    plt.close(fig)


# ------------------------------------------------------------------ flagged source labels
def test_fout_bronlabel_wordt_gemarkeerd(resultaat):
    """The register's label checks decide which printed label is flagged, and with what (general, not the example)."""
    fouten = charts.bronlabel_fouten(resultaat.tabel)
    labels = resultaat.tabel[(resultaat.tabel["soort"] == "label") & (resultaat.tabel["oordeel"] == "afwijking")]
    assert set(fouten) == set(labels["gesteld_id"])
    assert fouten["002-3a-eind-datum"] == "1-1-2017"          # the source prints 1-1-2016 for the end balance
    assert charts.markeer_bronlabel("1-1-2016", "1-1-2017") == "1-1-2016 [bron; bedoeld 1-1-2017]"
    assert charts.bronlabel_fouten(pd.DataFrame()) == {}


def test_waterval_toont_de_foute_datum_van_de_bron(resultaat):
    from rekenboek.models import formatie as fm
    from rekenboek.report.pages.formatie import loop

    lp = fm.loop(resultaat.register, "SZMH", 2017) if "002-3a-eind-datum" in resultaat.register.cijfers else None
    if lp is None:
        pytest.skip("the dossier of this result holds no formatieloop")
    fig = loop.waterval(lp, charts.bronlabel_fouten(resultaat.tabel))
    try:
        labels = [t for t in fig.axes[0].get_xticklabels() if "[bron; bedoeld" in t.get_text()]
        assert len(labels) == 1 and "1-1-2016 [bron; bedoeld 1-1-2017]" in labels[0].get_text()
        assert labels[0].get_color() == charts.OKABE_ITO["vermiljoen"]
    finally:
        plt.close(fig)


# ------------------------------------------------------------------ seaborn
@pytest.mark.slow   # renders every chart (or builds five pages): seconds each on a loaded machine
def test_heatmap_van_oordelen_telt_het_register(resultaat):
    t = resultaat.tabel
    m = charts.oordelen_matrix(t, alleen_bijzonder=False)
    assert int(m.to_numpy().sum()) == len(t[t["oordeel"].isin(charts.OORDELEN)])
    for o in charts.OORDELEN:
        assert int(m[o].sum()) == int((t["oordeel"] == o).sum())
    bijzonder = charts.oordelen_matrix(t)
    assert (bijzonder.drop(columns=["klopt", "afronding"]).sum(axis=1) > 0).all()
    alt = charts.heatmap_alt(bijzonder)
    assert f"{charts.nl_getal(Decimal(int((t['oordeel'] == 'afwijking').sum())), 0)} × afwijking" in alt
    fig = charts.oordelen_heatmap(bijzonder)
    try:
        assert _buiten(fig) == []
        # one annotated cell per count
        assert len([x for x in fig.axes[0].texts]) == bijzonder.size
    finally:
        plt.close(fig)


@pytest.mark.slow   # renders every chart (or builds five pages): seconds each on a loaded machine
def test_scenariografiek_legt_de_gedrukte_waarden_over_de_herberekende():
    """Maastricht: every printed Tabel 17 total and Tabel 8 N is drawn; exactly the cells the register finds
    deviating are ringed; the page's year has a legend entry."""
    from rekenboek.models.scenario import JAREN, SCENARIOS, aannames_uit_bron, bereken
    from rekenboek.report.pages.financien import scenario as sc
    from rekenboek.checks.bevindingen import laad_dossier

    register = laad_dossier("001")
    gedrukt = sc.gedrukte_cellen(register)
    assert {(t, r, s, j) for t, r in (("17", "Totaal"), ("8", "N")) for s in SCENARIOS for j in JAREN} <= set(gedrukt)
    fig = sc.grafiek_effect(bereken(aannames_uit_bron(register)), 2023, gedrukt)
    try:
        ruiten = sum(len(lijn.get_xdata()) for ax in fig.axes for lijn in ax.get_lines() if lijn.get_marker() == "D")
        ringen = sum(1 for ax in fig.axes for lijn in ax.get_lines() if lijn.get_markersize() == 14)
        relevant = {k: v for k, v in gedrukt.items() if (k[0], k[1]) in (("17", "Totaal"), ("8", "N"))}
        assert ruiten == len(relevant)
        assert ringen == sum(1 for _w, afw in relevant.values() if afw) > 0
        labels = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
        assert "jaar van deze pagina (2023)" in labels and "gedrukt in de bron" in labels
        assert _buiten(fig) == []
    finally:
        plt.close(fig)


@pytest.mark.parametrize("liggend", [False, True])
def test_lege_bovenste_plak_snijdt_de_stapel_niet_af(liggend):
    """A stacked bar whose last segment is empty (zero) must not pin the axis to the top of the stack."""
    with plt.rc_context(charts.STIJL):
        fig, ax = plt.subplots()
        teken = ax.barh if liggend else ax.bar
        basis = [0.0, 0.0]
        for w in ([1.0, 0.5], [0.66, 0.2], [0.0, 0.1]):
            teken(["a", "b"], w, **({"left": basis} if liggend else {"bottom": basis}))
            basis = [a + b for a, b in zip(basis, w)]
    charts.png(fig)
    top = max(basis)
    grens = max(ax.get_xlim()) if liggend else max(ax.get_ylim())
    assert grens > top * 1.02
    plt.close(fig)


@pytest.mark.slow   # renders every chart (or builds five pages): seconds each on a loaded machine
def test_elke_grafiek_van_formatie_en_financien_heeft_een_alt_met_kerncijfers():
    """Not only the KPI pages: every chart of the formatie and financien pages says what it shows, with its figures."""
    from rekenboek.report.pages import financien, formatie

    paginas = [formatie.pagina("SZMH", 2017), formatie.pagina("MLW", 2018), financien.pagina("SZMH", 2018),
               financien.pagina("MLW", 2019), financien.pagina("Maastricht", 2023)]
    n = 0
    for p in paginas:
        alts = [alt for s in p.secties for alt, _m in s.figuren]
        assert len(set(alts)) == len(alts), p.gemeente
        for alt in alts:
            n += 1
            assert not re.search(r"\.(png|svg)\b|_images|\.\./|/work/|<venv>", alt), alt
            assert len(re.findall(r"\d", alt)) >= 4, alt
            assert not re.search(r"\d\.\d{1,2}\b", alt) and not re.search(r"\b\d{1,3},\d{3}\b", alt), alt  # Dutch notation
    assert n >= 9
    waterval = next(alt for s in paginas[0].secties for alt, _m in s.figuren if alt.startswith("Watervaldiagram"))
    assert "[bron; bedoeld 1-1-2017]" in waterval
