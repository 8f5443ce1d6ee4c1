"""The formatie walk of the year and the series of walks: tables, charts and text (sections of the formatie page)."""
from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import pandas as pd

from rekenboek.models import formatie as fm
from rekenboek.numbers import nl_fte, nl_getal
from rekenboek.report.charts import KLEUREN, OKABE_ITO, STIJL, alt_tekst, kleur_bronlabels, markeer_bronlabel, nl_as_geheel
from rekenboek.report.page import Sectie
from rekenboek.report.pages.formatie.opmaak import ids, niet_bekend
from rekenboek.report.tables import bron

STAND, PLUS, MIN = OKABE_ITO["blauw"], OKABE_ITO["groen"], OKABE_ITO["vermiljoen"]
UITLEG = ("Per stap de gedrukte waarde, de waarde die het rekenboek uit de afzonderlijke regels herberekent, en het "
          "verschil. De regelnummers verwijzen naar het bronbestand.")
#: the roles of the records the walk tables show (balances with their printed dates, subtotals, mutation rows)
GETOOND = fm.STANDEN + ("peildatum", "subtotaal", "mutatie")
AANSLUITING = {"klopt": "sluit aan", "afronding": "sluit aan binnen de afronding", "afwijking": "breuk"}


def _stapnaam(s: fm.Stap) -> str:
    return s.naam + (f" ({s.pm} × pm)" if s.pm else "")


def _fte(d: Decimal | None) -> str:
    return "—" if d is None else nl_getal(d, 2)


# --------------------------------------------------------------------------- tables
def loop_tabel(lp: fm.FormatieLoop) -> pd.DataFrame:
    """The walk as a Dutch display table."""
    return pd.DataFrame([{
        "Stap": _stapnaam(s), "Peildatum (gedrukt)": s.peildatum, "Gedrukt (fte)": _fte(s.gedrukt),
        "Herberekend (fte)": nl_getal(s.herberekend, 2), "Verschil (fte)": _fte(s.verschil),
        "Regel": "" if s.regel is None else str(s.regel),
    } for s in lp.stappen])


def per_schaal_tabel(lp: fm.FormatieLoop) -> pd.DataFrame:
    """Mutations summed per salary scale and kind, with row and column totals."""
    kt = fm.mutaties_per_schaal(lp)
    rows = []
    for s in kt.rijen:
        rij = {"Schaal": str(s)}
        for m in kt.kolommen:
            v = kt.cel(s, m)
            rij[fm.SOORT_NAMEN.get(m, m)] = nl_getal(v, 2) if v else ""
        rows.append(rij | {"Totaal": nl_getal(kt.rij_totaal(s), 2)})
    rij = {"Schaal": "Totaal"}
    for m in kt.kolommen:
        v = kt.kolom_totaal(m)
        rij[fm.SOORT_NAMEN.get(m, m)] = nl_getal(v, 2) if v else ""
    rows.append(rij | {"Totaal": nl_getal(kt.totaal, 2)})
    return pd.DataFrame(rows)


def mutatieregels_tabel(lp: fm.FormatieLoop) -> pd.DataFrame:
    """Every mutation row as printed, for the detail table."""
    return pd.DataFrame([{
        "Soort": fm.SOORT_NAMEN.get(c.label("mutatiesoort"), c.label("mutatiesoort")), "Functie": c.label("functie"),
        "Schaal": c.label("salarisschaal"), "Fte": "pm" if c.is_pm else nl_getal(c.waarde, 2),
        "Uitleg": c.label("uitleg"), "Regel": c.regel,
    } for c in lp.regels])


def reeks_tabel(rk: fm.Reeks) -> pd.DataFrame:
    """One row per balance and mutation kind over all walks; the link between walks is a row of its own."""
    rows = []
    for i, lp in enumerate(rk.lopen):
        for s in lp.stappen:
            if i > 0 and s is lp.begin:
                a = rk.aansluitingen[i - 1]
                rows.append({"Plan (loop)": f"{lp.jaar}", "Stap": "Aansluiting: beginstand = eindstand vorige loop",
                             "Peildatum": s.peildatum, "Gedrukt (fte)": nl_getal(s.gedrukt, 2),
                             "Herberekend (fte)": nl_getal(a.eind.gedrukt, 2), "Verschil (fte)": nl_getal(a.verschil, 2),
                             "Bron": f"{bron(s.record)} / {bron(a.eind.record)}", "Oordeel": AANSLUITING[a.oordeel]})
                continue
            rows.append({"Plan (loop)": f"{lp.jaar}", "Stap": _stapnaam(s), "Peildatum": s.peildatum,
                         "Gedrukt (fte)": _fte(s.gedrukt), "Herberekend (fte)": nl_getal(s.herberekend, 2),
                         "Verschil (fte)": _fte(s.verschil), "Bron": "" if s.record is None else bron(s.record),
                         "Oordeel": s.oordeel or ""})
    return pd.DataFrame(rows)


def soorten_over_jaren_tabel(rk: fm.Reeks) -> pd.DataFrame:
    """Net mutation per kind (rows) and walk (columns), recomputed from the rows, with totals."""
    kt = fm.soorten_over_jaren(rk)
    rows = []
    for soort in kt.rijen:
        rij = {"Soort mutatie": soort}
        for j in kt.kolommen:
            v = kt.cel(soort, j)
            rij[f"Loop jaarplan {j} (fte)"] = "" if v is None else nl_getal(v, 2)
        rows.append(rij | {"Samen (fte)": nl_getal(kt.rij_totaal(soort), 2)})
    rij = {"Soort mutatie": "Totaal"} | {f"Loop jaarplan {j} (fte)": nl_getal(kt.kolom_totaal(j), 2) for j in kt.kolommen}
    rows.append(rij | {"Samen (fte)": nl_getal(kt.totaal, 2)})
    return pd.DataFrame(rows)


def _met_pm(v: Decimal | None, n: int, altijd: bool = False) -> str:
    return (nl_getal(v, 2) if v or altijd else "") + (f" + {n} × pm" if n else "")


def schalen_over_jaren_tabel(rk: fm.Reeks) -> pd.DataFrame:
    """Mutations per salary scale and walk (all kinds together), exact; pm rows counted separately."""
    kt = fm.schalen_over_jaren(rk)
    rows = [{"Schaal": s} | {f"Loop {j} (fte)": _met_pm(kt.cel(s, j), kt.aantal_pm(s, j)) for j in kt.kolommen}
            for s in kt.rijen]
    rows.append({"Schaal": "Totaal"} | {f"Loop {j} (fte)": _met_pm(kt.kolom_totaal(j), kt.kolom_pm(j), altijd=True)
                                        for j in kt.kolommen})
    return pd.DataFrame(rows)


def functies_over_jaren_tabel(rk: fm.Reeks) -> pd.DataFrame:
    """Every mutation row of all walks, per function and scale, side by side per walk."""
    kt = fm.functies_over_jaren(rk)
    rows = []
    for functie, schaal in kt.rijen:
        rij = {"Functie": functie, "Schaal": schaal}
        for j in kt.kolommen:
            v, pm = kt.cel((functie, schaal), j), kt.aantal_pm((functie, schaal), j)
            rij[f"Loop {j} (fte)"] = nl_getal(v, 2) if v is not None else "pm" if pm else ""
        rows.append(rij)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- charts
def waterval(lp: fm.FormatieLoop, fouten: dict[str, str] | None = None):
    """Waterfall of the walk: balances as full bars, each kind of mutation floating; a date label the register
    found wrong (``fouten``: record id -> intended text, :func:`rekenboek.report.charts.bronlabel_fouten`) is flagged."""
    fouten = fouten or {}
    datum_id = {c.regel: c.id for c in lp.records if c.rol == "peildatum"}
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(9, 4.4))
        namen, onder, hoogte, kleur, label = [], [], [], [], []
        niveau = float(lp.begin.herberekend)
        for s in lp.stappen:
            bedoeld = fouten.get(datum_id.get(s.regel, ""))
            datum = markeer_bronlabel(s.peildatum, bedoeld) if s.peildatum and bedoeld else s.peildatum
            namen.append(s.naam + (f"\n({datum})" if datum else ""))
            if s.soort == "stand":
                niveau = float(s.herberekend)
                onder.append(0.0)
                hoogte.append(niveau)
                kleur.append(STAND)
                label.append(nl_getal(s.herberekend, 2))
            else:
                delta = float(s.herberekend)
                onder.append(niveau if delta >= 0 else niveau + delta)
                hoogte.append(abs(delta))
                kleur.append(PLUS if delta >= 0 else MIN)
                label.append(("+" if delta > 0 else "") + nl_getal(s.herberekend, 2))
                niveau += delta
        niveaus = [o + h for o, h in zip(onder, hoogte)] + [o for o, k in zip(onder, kleur) if k != STAND]
        laag, hoog = min(niveaus), max(niveaus)
        marge = max(2.0, (hoog - laag) * 0.6)
        bars = ax.bar(range(len(namen)), hoogte, bottom=onder, color=kleur, edgecolor="black", linewidth=0.5)
        for b, t in zip(bars, label):
            ax.annotate(t, (b.get_x() + b.get_width() / 2, b.get_y() + b.get_height()), ha="center", va="bottom",
                        fontsize=9, xytext=(0, 2), textcoords="offset points")
        ax.set_ylim(laag - marge, hoog + marge)
        ax.set_xticks(range(len(namen)), namen, rotation=20, ha="right", fontsize=8)
        kleur_bronlabels(ax)
        nl_as_geheel(ax.yaxis, "formatie (fte)")
        ax.set_title(f"Formatieloop {lp.gemeente} {lp.jaar} (herberekend; y-as begint niet bij nul)")
        fig.tight_layout()
        return fig


def waterval_alt(lp: fm.FormatieLoop, fouten: dict[str, str] | None = None) -> str:
    """Alt text of :func:`waterval`: every step with its recomputed fte, the flagged date included."""
    fouten = fouten or {}
    datum_id = {c.regel: c.id for c in lp.records if c.rol == "peildatum"}
    delen = []
    for s in lp.stappen:
        if s.soort == "stand":
            bedoeld = fouten.get(datum_id.get(s.regel, ""))
            datum = markeer_bronlabel(s.peildatum, bedoeld) if s.peildatum and bedoeld else s.peildatum
            delen.append(f"{s.naam}{f' ({datum})' if datum else ''} {nl_getal(s.herberekend, 2)} fte")
        else:
            delen.append(f"{s.naam} {('+' if s.herberekend > 0 else '') + nl_getal(s.herberekend, 2)}")
    return alt_tekst("Watervaldiagram", f"de formatieloop {lp.gemeente} {lp.jaar} (herberekend)", delen)


def mutaties_alt(lp: fm.FormatieLoop) -> str:
    return alt_tekst("Staafdiagram", f"het saldo van de mutaties per soort, {lp.gemeente} {lp.jaar}",
                     [f"{s.naam} {nl_getal(s.herberekend, 2)} fte" for s in lp.mutatiestappen])


def over_jaren_alt(rk: fm.Reeks) -> str:
    kt = fm.soorten_over_jaren(rk)
    return alt_tekst("Gestapeld staafdiagram", f"de mutaties per soort per formatieloop, {rk.gemeente}, met het saldo als ruit",
                     [f"{lp.begin.peildatum} → jaarplan {lp.jaar}: saldo {nl_getal(kt.kolom_totaal(j), 2)} fte"
                      for lp, j in zip(rk.lopen, kt.kolommen)])


def mutaties_per_soort(lp: fm.FormatieLoop):
    """Horizontal bars: net mutation per kind."""
    with plt.rc_context(STIJL):
        soorten = lp.mutatiestappen
        fig, ax = plt.subplots(figsize=(7, 0.5 * len(soorten) + 1.4))
        waarden = [float(s.herberekend) for s in soorten]
        ax.barh([s.naam for s in soorten], waarden, color=[PLUS if v >= 0 else MIN for v in waarden],
                edgecolor="black", linewidth=0.5)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.invert_yaxis()
        nl_as_geheel(ax.xaxis, "mutatie (fte)")
        ax.set_title(f"Mutaties per soort, {lp.gemeente} {lp.jaar}")
        fig.tight_layout()
        return fig


def mutaties_over_jaren(rk: fm.Reeks):
    """Stacked bars: per walk, the net mutation of each kind (positive up, negative down)."""
    kt = fm.soorten_over_jaren(rk)
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(8, 4.4))
        x = list(range(len(rk.lopen)))
        plus, min_ = [0.0] * len(x), [0.0] * len(x)
        for i, soort in enumerate(kt.rijen):
            waarden = [float(kt.cel(soort, j) or 0) for j in kt.kolommen]
            onder = [p if v >= 0 else m for v, p, m in zip(waarden, plus, min_)]
            ax.bar(x, waarden, bottom=onder, color=KLEUREN[i % len(KLEUREN)], edgecolor="black", linewidth=0.5, label=soort)
            plus = [p + v if v > 0 else p for v, p in zip(waarden, plus)]
            min_ = [m + v if v < 0 else m for v, m in zip(waarden, min_)]
        saldo = [kt.kolom_totaal(j) for j in kt.kolommen]
        ax.scatter(x, [float(s) for s in saldo], color="black", marker="D", zorder=3, label="Saldo")
        for xi, s in zip(x, saldo):
            ax.annotate(nl_getal(s, 2), (xi, float(s)), xytext=(8, 0), textcoords="offset points", va="center", fontsize=9)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.margins(y=0.1)
        ax.set_xticks(x, [f"{lp.begin.peildatum} → jaarplan {lp.jaar}" for lp in rk.lopen])
        ax.set_xlabel("formatieloop (beginstand → plan)")
        nl_as_geheel(ax.yaxis, "mutatie (fte)")
        ax.set_title(f"Mutaties per soort over de jaren, {rk.gemeente}")
        ax.legend(fontsize=8, frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
        fig.tight_layout()
        return fig


# --------------------------------------------------------------------------- text and sections
def reeks_tekst(rk: fm.Reeks | None, gemeente: str, jaar: int) -> str:
    if rk is None:
        return f"*Niet bekend:* de bronnen geven voor {gemeente} geen formatieloop, dus ook geen reeks over de jaren."
    aansl = "; ".join(f"de eindstand van de loop {a.van.jaar} ({nl_fte(a.eind.gedrukt)}, {bron(a.eind.record)}) "
                      f"{'sluit NIET aan op' if a.breuk else 'sluit aan op'} de beginstand van de loop {a.naar.jaar} "
                      f"({nl_fte(a.begin.gedrukt)}, {bron(a.begin.record)})" for a in rk.aansluitingen)
    jaren = rk.jaren
    hier = (f"De loop van {jaar} is de {jaren.index(jaar) + 1}e van de reeks." if jaar in jaren else
            f"Voor {jaar} zelf is er geen loop; de reeks loopt van {rk.begin.peildatum} (plan {jaren[0]}) tot "
            f"plan {jaren[-1]}.")
    return (f"De {len(rk.lopen)} formatielopen van {rk.gemeente} vormen samen één reeks: van {nl_fte(rk.begin.herberekend)} "
            f"({rk.begin.peildatum}) naar {nl_fte(rk.eind.herberekend)} (plan {jaren[-1]}), per saldo "
            f"{'+' if rk.saldo > 0 else ''}{nl_fte(rk.saldo)}. Aansluiting: {aansl}. "
            + ("Er is geen breuk in de reeks. " if not rk.breuken else f"**{len(rk.breuken)} breuk(en) in de reeks** (bevinding). ")
            + hier)


def secties(lp: fm.FormatieLoop | None, rk: fm.Reeks | None, gemeente: str, jaar: int,
            fouten: dict[str, str] | None = None) -> list[Sectie]:
    """The walk of the year, its mutations per kind and scale, and the series of walks."""
    if lp is None:
        leeg = niet_bekend(gemeente, jaar)
        loop_ = Sectie("De formatieloop", UITLEG + "\n\n" + leeg)
        mutaties = Sectie("Mutaties per soort en per schaal", leeg)
    else:
        loop_ = Sectie("De formatieloop", UITLEG, [("", loop_tabel(lp))],
                       [(waterval_alt(lp, fouten), lambda: waterval(lp, fouten))],
                       ids(c for c in lp.records if c.rol in GETOOND))
        mutaties = Sectie("Mutaties per soort en per schaal", "",
                          [("", per_schaal_tabel(lp)),
                           ("De afzonderlijke mutatieregels zoals gedrukt:", mutatieregels_tabel(lp))],
                          [(mutaties_alt(lp), lambda: mutaties_per_soort(lp))],
                          ids(lp.regels))
    reeks = Sectie("Formatie over de jaren", reeks_tekst(rk, gemeente, jaar))
    if rk is not None:
        reeks.tabellen = [("", reeks_tabel(rk)),
                          ("Mutaties per soort, per schaal en per functie over de lopen (herberekend uit de regels):",
                           soorten_over_jaren_tabel(rk)),
                          ("", schalen_over_jaren_tabel(rk)), ("", functies_over_jaren_tabel(rk))]
        reeks.figuren = [(over_jaren_alt(rk), lambda: mutaties_over_jaren(rk))]
        reeks.ids = ids(c for c in rk.records if c.rol in GETOOND)
    return [loop_, mutaties, reeks]
