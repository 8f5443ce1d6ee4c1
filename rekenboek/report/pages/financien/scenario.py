"""The financial page of Maastricht 2020-2024: the Verbeterplan's scenario model as tables, a chart and text.

The numbers come from :mod:`rekenboek.models.scenario` (exact, from the transcribed records); this
module only formats them in Dutch notation and lays out the page. The page's checks are the
register rows that touch the record ids its sections show (:func:`rekenboek.report.page.raakt`).
"""
from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from rekenboek.checks.bevindingen import bereken as register_bereken
from rekenboek.errors import OngeldigeParameter
from rekenboek.inputs.register import Register
from rekenboek.models.cellen import kaart
from rekenboek.models.scenario import (AFGELEIDE_AANNAMES, ALLE_JAREN, BESTAND, DOMEIN_NAAM, DOMEIN_TABEL, DOMEINEN,
                                       GROEIBASES, HONDERD, JAREN, MLN, SCENARIOS, TABEL2, TABEL3, TABEL4, Aannames,
                                       CELLEN, Uitvoer, aannames_uit_bron, bereken, invoer_ids, met_overrides)
from rekenboek.numbers import nl_euro, nl_getal
from rekenboek.report.charts import (OKABE_ITO, STIJL_CL, afwijking_legenda, alt_tekst, gedrukt_over_herberekend,
                                     legenda_soorten)
from rekenboek.report.page import Pagina, Sectie, raakt


def _pct(d: Decimal) -> str:
    return f"{nl_getal(d, 2)} %"


# ------------------------------------------------------------------ display (Dutch notation, strings)
def _e(v: Decimal | None) -> str:
    return "pm" if v is None else nl_euro(v, 0)


def _m(v: Decimal | None) -> str:
    return "pm" if v is None else nl_getal(v / MLN, 1)


def tabel_domein(u: Uitvoer, d: str) -> pd.DataFrame:
    """Tabel 5 (Jeugd) or 6 (Wmo): rows A-H, columns 2020-2024."""
    t = str(DOMEIN_TABEL[d])
    namen = {"A": "Prognose-basis", "B": "Prognose volumeontwikkeling", "C": "Totaal",
             "D": "Volumeontwikkeling – mutatie (€)", "E": "Volumeontwikkeling – mutatie (%)",
             "F": "Besparingspotentieel (%)", "G": "Besparingspotentieel (€)", "H": "Verwachte kostenontwikkeling"}
    rijen = []
    for r in "ABCDE":
        cel = {str(j): "" for j in ALLE_JAREN}
        for j in ALLE_JAREN:
            v = u.cellen.get((t, r, d, j))
            if v is not None:
                cel[str(j)] = _pct(v) if r == "E" else _e(v)
        rijen.append({"": r, "Omschrijving": namen[r], "Scenario": "", **cel})
    for r in "FGH":
        for s in SCENARIOS:
            cel = {"2020": ""} | {str(j): (_pct(u.c(t, r, s, j)) if r == "F" else _e(u.c(t, r, s, j))) for j in JAREN}
            rijen.append({"": r, "Omschrijving": namen[r], "Scenario": s, **cel})
    return pd.DataFrame(rijen)


def tabel_totaal(u: Uitvoer) -> pd.DataFrame:
    """Tabel 7: G and H, Jeugd and Wmo together."""
    rijen = [{"": r, "Omschrijving": {"G": "Besparingspotentieel (€)", "H": "Verwachte kostenontwikkeling"}[r],
              "Scenario": s, **{str(j): _e(u.c("7", r, s, j)) for j in JAREN}} for r in "GH" for s in SCENARIOS]
    return pd.DataFrame(rijen)


def tabel_begrotingseffect(u: Uitvoer) -> pd.DataFrame:
    """Tabel 8: from expected cost development H to the budget result N."""
    rijen = []

    def rij(letter, oms, kolom, sc=""):
        rijen.append({"": letter, "Omschrijving": oms, "Scenario": sc,
                      **{str(j): _e(u.c("8", letter, kolom, j)) for j in JAREN}})
    for s in SCENARIOS:
        rij("H", "Verwachte kostenontwikkeling", s, s)
    rij("I", "Volumecompensatie in begroting", "")
    for d in DOMEINEN:
        rij("I", f"Volumecompensatie {DOMEIN_NAAM[d]}", d)
    rij("J", "Bezuinigingsmaatregelen (Tabel 4)", "")
    rij("K", "Volumecompensatie −/− bezuinigingsmaatregelen", "")
    for s in SCENARIOS:
        rij("L", "Begrotingsresultaat excl. budgetplafonds", s, s)
    rij("M", "Correctie toepassing budgetplafonds", "")
    for d in DOMEINEN:
        rij("M", f"Budgetplafonds {DOMEIN_NAAM[d]}", d)
    for s in SCENARIOS:
        rij("N", "Begrotingsresultaat incl. budgetplafonds", s, s)
    return pd.DataFrame(rijen)


def tabel_bezuinigingen(u: Uitvoer) -> pd.DataFrame:
    """Tabel 4: the savings measures Jeugd/Wmo in the budget."""
    a = u.aannames
    rijen = [{"Kenmerk": k, "Maatregel": lab, "Wet": DOMEIN_NAAM[d],
              **{str(j): _e(a.bezuinigingsmaatregelen[k][j]) for j in JAREN}} for k, (_, d, lab) in TABEL4.items()]
    for d in DOMEINEN:
        rijen.append({"Kenmerk": "", "Maatregel": f"Subtotaal {DOMEIN_NAAM[d]}", "Wet": "",
                      **{str(j): _e(u.c("4", "Subtotaal", d, j)) for j in JAREN}})
    rijen.append({"Kenmerk": "", "Maatregel": "Totaal", "Wet": "", **{str(j): _e(u.c("4", "Totaal", "", j)) for j in JAREN}})
    return pd.DataFrame(rijen)


def tabel_onzekerheden(u: Uitvoer) -> pd.DataFrame:
    """Tabel 2 (uncertainties) and Tabel 3 (risks), x € 1 mln, with computed totals."""
    a, rijen = u.aannames, []
    for k, lab in TABEL2.items():
        for s in SCENARIOS:
            rijen.append({"Tabel": "2", "Post": lab, "Scenario": s, **{str(j): _m(a.onzekerheden[k][s][j]) for j in JAREN}})
    for s in SCENARIOS:
        rijen.append({"Tabel": "2", "Post": "Totaal onzekerheden", "Scenario": s, **{str(j): _m(u.c("2", "Totaal", s, j)) for j in JAREN}})
    for k, lab in TABEL3.items():
        for s in SCENARIOS:
            w = a.risicos[k][s]
            if all(v == Decimal(0) for v in w.values()) and k in ("wlz-bw", "mo-vo", "tozo"):
                continue
            rijen.append({"Tabel": "3", "Post": lab, "Scenario": s, **{str(j): _m(w[j]) for j in JAREN}})
    for s in SCENARIOS:
        rijen.append({"Tabel": "3", "Post": "Totaal risico's (niet in Tabel 14)", "Scenario": s,
                      **{str(j): _m(u.c("3", "Totaal", s, j)) for j in JAREN}})
    return pd.DataFrame(rijen)


def tabel_overige(u: Uitvoer) -> pd.DataFrame:
    """Tabel 9 with Tabel 10's total (infeasible part of the other measures)."""
    rijen = [{"Omschrijving": lab, **{str(j): _e(u.c("9", r, "", j)) for j in JAREN}}
             for r, lab in (("Totaal", "Totaal overige maatregelen begroting"), ("Haalbaar", "Aandeel naar verwachting haalbaar"),
                            ("Niet haalbaar", "Aandeel naar verwachting niet haalbaar (Tabel 10)"))]
    return pd.DataFrame(rijen)


def tabel_veranderkosten(u: Uitvoer) -> pd.DataFrame:
    """Tabel 16 (from Tabel 12 and 13), x € 1 mln."""
    return pd.DataFrame([{"Omschrijving": r, **{str(j): _m(u.c("16", r, "", j)) for j in JAREN}}
                         for r in ("Veranderkosten", "Dekking", "Nog te dekken")])


def tabel_effect(u: Uitvoer) -> pd.DataFrame:
    """Tabel 17 (= 14 + 15 + 16 per scenario), x € 1 mln."""
    namen = {"Onzekerheden": "Onzekerheden begroting (incl. volumegroei)",
             "Haalbaarheid": "Haalbaarheid bezuinigingen (excl. volumegroei)", "Veranderkosten": "Veranderkosten",
             "Totaal": "Totaal"}
    return pd.DataFrame([{"Onderdeel": lab, "Scenario": s, **{str(j): _m(u.c("17", r, s, j)) for j in JAREN}}
                         for r, lab in namen.items() for s in SCENARIOS])


def tabel_opgave(u: Uitvoer) -> pd.DataFrame:
    """Tabel 18: the neutral scenario against the current budget, x € 1 mln."""
    volgorde = ["Begroting huidig", "Onzekerheden begroting", "Onzekerheden plan", "Onzekerheden resultaat",
                "Bezuinigingen begroting", "Bezuinigingen plan", "Bezuinigingen resultaat", "Veranderkosten begroting",
                "Veranderkosten plan", "Veranderkosten resultaat", "Begroting inschatting", "Afwijking"]
    return pd.DataFrame([{"Omschrijving": r, **{str(j): _m(u.c("18", r, "", j)) for j in JAREN}} for r in volgorde])


def tabel_aannames(a: Aannames, doc: Aannames | None = None) -> pd.DataFrame:
    """The assumptions with their source and status (document, INFERRED, or changed by the user)."""
    rijen = []
    for d in DOMEINEN:
        rijen.append({"Aanname": f"Prognose-basis A {DOMEIN_NAAM[d]}", "Waarde": _e(a.prognose_basis[d]),
                      "Bron": a.bron["prognose_basis"], "Status": "document"})
        rijen.append({"Aanname": f"Volumegroei E {DOMEIN_NAAM[d]}",
                      "Waarde": ", ".join(f"{j}: {_pct(a.volumegroei_pct[d][j])}" for j in JAREN),
                      "Bron": a.bron["volumegroei_pct"], "Status": "document"})
        rijen.append({"Aanname": f"Besparingspotentieel F positief {DOMEIN_NAAM[d]}",
                      "Waarde": ", ".join(f"{j}: {_pct(a.besparingspotentieel_pct[d][j])}" for j in JAREN),
                      "Bron": a.bron["besparingspotentieel_pct"], "Status": "document"})
        rijen.append({"Aanname": f"Volumecompensatie I {DOMEIN_NAAM[d]} (per jaar)",
                      "Waarde": ", ".join(f"{j}: {_e(a.volumecompensatie[d][j])}" for j in JAREN),
                      "Bron": a.bron["volumecompensatie"], "Status": "document"})
        rijen.append({"Aanname": f"Budgetplafonds {DOMEIN_NAAM[d]}: aandeel van D, vanaf",
                      "Waarde": f"{nl_getal(a.budgetplafond_aandeel[d] * HONDERD, 0)} % vanaf {a.budgetplafond_startjaar[d]}",
                      "Bron": a.bron["budgetplafond_aandeel"], "Status": "afgeleid door het rekenboek"})
    rijen += [
        {"Aanname": "Groeibasis", "Waarde": GROEIBASES[a.groeibasis], "Bron": a.bron["groeibasis"],
         "Status": "document" if a.groeibasis == "totaal" else "afwijkend van de stelling"},
        {"Aanname": "Negatief scenario", "Waarde": f"positief scenario met {a.vertraging_negatief} jaar vertraging; "
                                                   f"daarvóór nul", "Bron": a.bron["vertraging_negatief"],
         "Status": "document (nul ervoor: afgeleid door het rekenboek)"},
        {"Aanname": "Neutraal scenario", "Waarde": f"{nl_getal(a.neutraal_weging * HONDERD, 0)} % positief + "
                                                   f"{nl_getal((1 - a.neutraal_weging) * HONDERD, 0)} % negatief",
         "Bron": a.bron["neutraal_weging"], "Status": "afgeleid door het rekenboek"},
        {"Aanname": "Tabel 14, 15, 17, 18: samenstelling", "Waarde": "zie de afgeleide aannames hieronder",
         "Bron": "Tabel 14-18 (regels 836-912)", "Status": "afgeleid door het rekenboek"},
    ]
    df = pd.DataFrame(rijen)
    if doc is not None:
        vergelijk = tabel_aannames(doc)
        anders = df["Waarde"].ne(vergelijk["Waarde"])
        df.loc[anders, "Status"] = "afwijkend van het document (aanname gebruiker)"
    return df


# ------------------------------------------------------------------ charts
def grafiek_effect(u: Uitvoer, jaar: int | None = None, gedrukt: dict | None = None):
    """Lines: the combined budget effect (Tabel 17 total) and the budget result N (Tabel 8) per scenario, x € 1 mln;
    the printed values (``gedrukt``: model cell -> (printed value, deviates)) as open diamonds over the recomputed
    line, a deviating cell ringed (:func:`rekenboek.report.charts.gedrukt_over_herberekend`)."""
    kleur = {"positief": OKABE_ITO["groen"], "neutraal": OKABE_ITO["blauw"], "negatief": OKABE_ITO["vermiljoen"]}
    gedrukt = gedrukt or {}
    with plt.rc_context(STIJL_CL):
        fig, assen = plt.subplots(1, 2, figsize=(10, 4.4), sharey=True)
        for ax, (t, r, titel) in zip(assen, (("17", "Totaal", "Effect verbeterplan t.o.v. begroting (Tabel 17)"),
                                             ("8", "N", "Begrotingsresultaat incl. budgetplafonds (Tabel 8, N)"))):
            for s in SCENARIOS:
                ys = [float(u.c(t, r, s, j) / MLN) for j in JAREN]
                g = [gedrukt.get((t, r, s, j)) for j in JAREN]
                gedrukt_over_herberekend(ax, JAREN, ys, [None if x is None else float(x[0] / MLN) for x in g],
                                         [bool(x and x[1]) for x in g], kleur[s])
            ax.axhline(0, color="black", linewidth=0.8)
            if jaar in JAREN:
                ax.axvline(jaar, color=OKABE_ITO["paars"], linestyle=":", linewidth=1.2)
            ax.set_xticks(JAREN, [str(j) for j in JAREN])
            ax.set_xlabel("begrotingsjaar")
            ax.set_title(titel, fontsize=10)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _p: nl_getal(Decimal(str(round(x, 1))), 1)))
        assen[0].set_ylabel("effect (× € 1 mln; negatief = tegenvaller)")
        handles = [Line2D([], [], color=kleur[s], linewidth=2, label=f"scenario {s}") for s in SCENARIOS]
        handles += legenda_soorten(["herberekend", "gedrukt"] if gedrukt else ["herberekend"])
        if any(x[1] for x in gedrukt.values()):
            handles.append(afwijking_legenda())
        if jaar in JAREN:
            handles.append(Line2D([], [], color=OKABE_ITO["paars"], linestyle=":", label=f"jaar van deze pagina ({jaar})"))
        fig.legend(handles=handles, loc="outside lower center", ncol=4, frameon=False, fontsize=8)
        fig.suptitle("Maastricht sociaal domein: drie scenario's 2021-2024 (herberekend"
                     + (", met de gedrukte waarden)" if gedrukt else ", met afwijkende aannames; zonder de gedrukte waarden)"))
    return fig


def gedrukte_cellen(register: Register, tabellen: tuple[str, ...] = ("17", "8")) -> dict:
    """Model cell -> (printed value, deviates per the register) for every printed record that is one model cell."""
    tabel = register_bereken(register).tabel
    afwijkend = set(tabel.loc[tabel["oordeel"].isin(("afwijking", "doorwerking")), "gesteld_id"])
    return {(t.tabel, t.rij, t.kolom, t.jaar): (register.cijfers[t.id].waarde, t.id in afwijkend)
            for t in kaart(CELLEN) if t.tabel in tabellen and t.factor == 1 and t.id in register.cijfers}


def grafiek_alt(u: Uitvoer, gedrukt: bool = True) -> str:
    """Alt text of :func:`grafiek_effect`: both lines per scenario and year in € mln, Dutch notation."""
    def reeks(t, r, s):
        return " / ".join(nl_getal(u.c(t, r, s, j) / MLN, 1) for j in JAREN)
    return alt_tekst("Lijngrafiek", f"het effect van het verbeterplan (Tabel 17) en het begrotingsresultaat N (Tabel 8) per "
                     f"scenario, {JAREN[0]}-{JAREN[-1]}, in € mln, herberekend"
                     + (" met de gedrukte waarden erover" if gedrukt else " met afwijkende aannames (zonder de gedrukte waarden)"),
                     [f"Tabel 17 {s} {reeks('17', 'Totaal', s)}" for s in SCENARIOS]
                     + [f"Tabel 8 N {s} {reeks('8', 'N', s)}" for s in SCENARIOS])


# ------------------------------------------------------------------ the page
#: the document's tables each section reproduces (its record ids are the section's ids)
SECTIE_TABELLEN = {
    "aannames": ("001b-tabel-5", "001b-tabel-6", "001b-tabel-8"),
    "besparing": ("001b-tabel-5", "001b-tabel-6", "001b-tabel-7"),
    "begroting": ("001a-tabel-4", "001b-tabel-8"),
    "onderdelen": ("001a-tabel-2", "001a-tabel-3", "001b-tabel-9", "001b-tabel-10", "001b-tabel-12", "001b-tabel-13",
                   "001c-tabel-16"),
    "effect": ("001b-tabel-14", "001c-tabel-15", "001c-tabel-17", "001c-tabel-18"),
}
TABEL_IDS = tuple(dict.fromkeys(t for ts in SECTIE_TABELLEN.values() for t in ts))


def _ids(register: Register, sectie: str, alleen: set[str] | None = None) -> set[str]:
    """The records of the tables section ``sectie`` reproduces (restricted to ``alleen`` when given)."""
    return {c.id for c in register.cijfers.values()
            if c.tabel in SECTIE_TABELLEN[sectie] and (alleen is None or c.id in alleen)}


def _mln(v: Decimal) -> str:
    return f"€ {nl_getal(v / MLN, 1)} mln"


def _inleiding(u: Uitvoer, jaar: int, afwijkend: bool) -> str:
    a = u.aannames
    kop = ("Het **Verbeterplan Sociaal Domein** van Maastricht (januari 2021, § 5.1, "
           f"`{BESTAND}` regels 385-925) rekent met drie scenario's (positief, neutraal, negatief) voor 2021-2024. "
           "Deze pagina rekent het model opnieuw uit" + (" met **afwijkende aannames** (zie hieronder)" if afwijkend else
                                                          " met de aannames van het document") + ".")
    if jaar == 2020:
        b = a.begroting_2020
        return (kop + f"\n\n**{jaar}** is het basisjaar: de begroting {jaar} daalde van {_mln(b['initieel'])} met "
                f"{_mln(b['bezuinigingen'])} bezuinigingen naar {_mln(u.c('2020', 'Definitief', '', 2020))}; tegenover een "
                f"prognose van {_mln(b['prognose'])} is het verwachte resultaat een tekort van "
                f"{_mln(u.c('2020', 'Resultaat', '', 2020))}. De prognose-basis {jaar} (A) voor de zorgkosten is "
                f"{_e(a.prognose_basis['jeugd'])} (Jeugd) en {_e(a.prognose_basis['wmo'])} (Wmo excl. BW). "
                "De modeljaren zijn 2021-2024; de tabellen hieronder tonen alle jaren.")
    h = u.c("7", "H", "neutraal", jaar)
    n = {s: u.c("8", "N", s, jaar) for s in SCENARIOS}
    t = {s: u.c("17", "Totaal", s, jaar) for s in SCENARIOS}
    richting = "stijging" if h >= 0 else "daling"
    return (kop + f"\n\nVoor **{jaar}** in het neutrale scenario: een verwachte kosten{richting} (H) voor Jeugd en Wmo van "
            f"{_e(abs(h))} ten opzichte van de prognose 2020, een begrotingsresultaat inclusief budgetplafonds (N) van "
            f"{_e(n['neutraal'])} (positief {_e(n['positief'])}, negatief {_e(n['negatief'])}), en een totaal effect van "
            f"het verbeterplan ten opzichte van de begroting (Tabel 17) van {_mln(t['neutraal'])} "
            f"(bandbreedte {_mln(t['negatief'])} tot {_mln(t['positief'])}). De geraamde begroting {jaar} wordt daarmee "
            f"{_mln(u.c('18', 'Begroting inschatting', '', jaar))} tegen {_mln(u.c('18', 'Begroting huidig', '', jaar))} "
            "nu. Negatieve bedragen zijn tegenvallers ten opzichte van de begroting.")


def pagina(register: Register, gemeente: str, jaar: int, aannames: dict) -> Pagina:
    """The financial page for Maastricht, one year 2020-2024: the whole model, with year ``jaar`` highlighted."""
    if gemeente != "Maastricht":
        raise OngeldigeParameter(f"het scenariomodel geldt alleen voor Maastricht, niet voor {gemeente}")
    if jaar not in ALLE_JAREN:
        raise OngeldigeParameter(f"het scenariomodel Maastricht kent de jaren 2020-2024, niet {jaar}")
    a, afwijkend = met_overrides(aannames_uit_bron(register), aannames or {})
    u = bereken(a)
    doc = bereken(aannames_uit_bron(register)) if afwijkend else u
    j_txt = jaar if jaar in JAREN else JAREN[0]

    afgeleid = "\n".join(f"- *{k}* (afgeleid): {v}" for k, v in AFGELEIDE_AANNAMES.items())
    s_aannames = Sectie(
        "Aannames",
        "De invoer komt uit de getranscribeerde cijfers van het document (per cijfer-id). Aannames die het document "
        "niet noemt maar die uit de gedrukte cijfers volgen, zijn **afgeleid door het rekenboek** (niet door het document gesteld):\n\n" + afgeleid +
        "\n\nHet document stelt dat de volumegroei E een jaarlijks percentage is van de geprognosticeerde kosten; het "
        "model past E toe op het totale kostenniveau C van het voorgaande jaar. De gedrukte mutaties D voor 2023 en "
        "2024 volgen alleen als E wordt toegepast op A plus alleen de mutatie van het voorgaande jaar; daardoor wijken "
        "de cellen van 2023 en 2024 die daarvan afhangen af van de gedrukte (zie de controles).",
        [("Aannames van het model", tabel_aannames(a, aannames_uit_bron(register) if afwijkend else None))])
    s_besparing = Sectie(
        "Besparingspotentieel Jeugd en Wmo (Tabel 5-7)",
        f"B is de cumulatieve volumegroei, C = A + B, G = F × C en H = B + G. In {j_txt} is de verwachte "
        f"kostenontwikkeling (H, neutraal) {_e(u.c('5', 'H', 'neutraal', j_txt))} voor Jeugd en "
        f"{_e(u.c('6', 'H', 'neutraal', j_txt))} voor Wmo; negatief bedrag = daling van de kosten.",
        [("Tabel 5: besparingspotentieel Jeugd (herberekend, in euro)", tabel_domein(u, "jeugd")),
         ("Tabel 6: besparingspotentieel Wmo excl. BW (herberekend, in euro)", tabel_domein(u, "wmo")),
         ("Tabel 7: besparingspotentieel totaal (herberekend, in euro)", tabel_totaal(u))])
    s_begroting = Sectie(
        "Begrotingseffect (Tabel 4 en 8)",
        f"L = K − H en N = L + M. In {j_txt}: K = {_e(u.c('8', 'K', '', j_txt))}, M = {_e(u.c('8', 'M', '', j_txt))}, "
        f"N (neutraal) = {_e(u.c('8', 'N', 'neutraal', j_txt))}. Positief begrotingsresultaat = meevaller.",
        [("Tabel 4: bezuinigingsmaatregelen Jeugd/Wmo in de begroting (in euro)", tabel_bezuinigingen(u)),
         ("Tabel 8: begrotingsresultaat ten opzichte van de begroting (herberekend, in euro)", tabel_begrotingseffect(u))])
    s_onderdelen = Sectie(
        "Onderdelen van het gecombineerde effect (Tabel 2, 3, 9, 10, 12, 13, 16)",
        f"Onzekerheden (Tabel 2) in {j_txt}, neutraal: {_mln(u.c('2', 'Totaal', 'neutraal', j_txt))}; "
        f"niet haalbare overige maatregelen: {_e(u.c('9', 'Niet haalbaar', '', j_txt))}; nog te dekken veranderkosten: "
        + ("pm" if u.c('16', 'Nog te dekken', '', j_txt) is None else _mln(u.c('16', 'Nog te dekken', '', j_txt))) + ".",
        [("Tabel 2 en 3: onzekerheden en risico's (× € 1 mln, totalen herberekend)", tabel_onzekerheden(u)),
         ("Tabel 9/10: overige maatregelen (in euro)", tabel_overige(u)),
         ("Tabel 16: veranderkosten en dekking (× € 1 mln; uit Tabel 12 en 13)", tabel_veranderkosten(u))])
    s_effect = Sectie(
        "Gecombineerd effect (Tabel 14, 15, 17, 18)",
        f"Tabel 17 telt de onzekerheden (Tabel 14), de haalbaarheid van de bezuinigingen (Tabel 15) en de nog te dekken "
        f"veranderkosten op. In {j_txt} is het totaal neutraal {_mln(u.c('17', 'Totaal', 'neutraal', j_txt))}"
        + ("" if u is doc else f" (met de aannames van het document: {_mln(doc.c('17', 'Totaal', 'neutraal', j_txt))})")
        + ". Bedragen × € 1 mln, negatief = tegenvaller.",
        [("Tabel 17: begrotingseffect verbeterplan (herberekend)", tabel_effect(u)),
         ("Tabel 18: financiële opgave verbeterplan, neutraal scenario (herberekend)", tabel_opgave(u))],
        [(grafiek_alt(u, u is doc), lambda: grafiek_effect(u, jaar, gedrukte_cellen(register) if u is doc else None))])

    s_aannames.ids = _ids(register, "aannames", alleen=set(invoer_ids(register)))
    for sectie, naam in ((s_besparing, "besparing"), (s_begroting, "begroting"), (s_onderdelen, "onderdelen"),
                         (s_effect, "effect")):
        sectie.ids = _ids(register, naam)
    secties = [s_aannames, s_besparing, s_begroting, s_onderdelen, s_effect]
    if afwijkend:   # the model's tables hold the scenario's values: say so; the checks below stay the documents'
        for s in secties[1:]:
            s.tabellen = [(f"{b} — scenario: met afwijkende aannames", t) for b, t in s.tabellen]
    p = Pagina(gemeente=gemeente, jaar=jaar, inleiding=_inleiding(u, jaar, bool(afwijkend)), secties=secties,
               bevindingen=pd.DataFrame(), afwijkende_aannames=afwijkend)
    sel = raakt(register_bereken(register).tabel, p.ids).copy()
    sel["_eerst"] = sel["jaar"].ne(str(jaar))   # the page's year first
    p.bevindingen = sel.sort_values(["_eerst", "tabel_id", "regel"], kind="stable").drop(columns="_eerst").reset_index(drop=True)
    return p
