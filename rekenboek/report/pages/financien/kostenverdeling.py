"""The financial page of Midden-Limburg West and its gemeenten: cost per function and the split per gemeente.

The numbers come from :mod:`rekenboek.models.kostenverdeling` (exact); this module formats them in
Dutch, draws the charts and lays out the page. The page's checks are the register rows that touch
the record ids its sections show.
"""
from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter

from rekenboek.checks.bevindingen import bereken
from rekenboek.errors import OngeldigeParameter
from rekenboek.inputs.register import Register
from rekenboek.models.kostenverdeling import (CAPACITEIT, FTE_TOTAAL_BASIS, JAAR_AANNAME, KOLOM_ID, KOLOM_KORT,
                                              ONVOORZIEN, ONVOORZIEN_GRONDSLAG, SAMENWERKING, TABEL_EURO, TABEL_FTE,
                                              TARIEF_AANNAME, TEKST, TOTAAL, VAST_BEDRAG, Model, Regel, aansluitingen,
                                              afwijkende_cellen, gemeenten, model, uitvoeringsbudget)
from rekenboek.numbers import nl_euro, nl_fte, nl_getal
from rekenboek.report.charts import OKABE_ITO, STIJL, alt_tekst
from rekenboek.report.page import Pagina, Sectie, raakt
from rekenboek.report.pages.financien.eigen import telling
from rekenboek.report.tables import bron, capaciteit_tabel


def _verschil(gedrukt: Decimal, model_: Decimal) -> str:
    d = gedrukt - model_
    return "0" if d == 0 else nl_euro(d, 2)


# Under a scenario the comparison with the printed figures stays as the documents are (issue 15): the columns
# "model", "gedrukt" and "verschil" come from the document run; the scenario's value is an extra column,
# labelled as such, with its difference from the document's model. A scenario is never a finding about a source.
SCENARIO_KOLOM = "Scenario"
SCENARIO_VERSCHIL = "Scenario − document"


def _scenario_kolommen(rij: dict, document: Decimal, scenario: Decimal | None) -> dict:
    if scenario is None:
        return rij
    return rij | {SCENARIO_KOLOM: nl_euro(scenario, 2), SCENARIO_VERSCHIL: _verschil(scenario, document)}


def tarief_tabel(m: Model) -> pd.DataFrame:
    rows = []
    for s in sorted(m.tarieven, key=int, reverse=True):
        t = m.tarieven[s]
        rows.append({"Schaal": s, "Afgeleid uit": f"{t.bron_functie}, basisformatie",
                     "Bedrag (gedrukt)": nl_euro(t.bedrag.waarde, 2), "fte (gedrukt)": nl_getal(t.fte.waarde, 2),
                     "Bedrag per fte (afgeleid)": nl_euro(t.afgeleid, 2),
                     "Bedrag per fte (gebruikt)": nl_euro(t.tarief, 2),
                     "Bron": f"{bron(t.bedrag)}, {bron(t.fte)}"})
    return pd.DataFrame(rows)


def kosten_tabel(m: Model) -> pd.DataFrame:
    """The cost table of the model: fte (printed inputs) and amounts (model)."""
    def fte(r: Regel, k: str) -> str:
        c = r.fte.get(k)
        if c is None or r.slug in (VAST_BEDRAG, ONVOORZIEN):
            return ""
        return nl_getal(c.waarde, 2)

    rows = []
    for r in m.regels:
        rows.append({"Functie": r.naam, "Schaal": r.schaal or "",
                     "Bedrag per fte": nl_euro(m.tarieven[r.schaal].tarief, 0) if r.schaal else "",
                     "fte basis": fte(r, "basis"), "fte structureel add.": fte(r, "structureel"),
                     "fte tijdelijk": fte(r, "tijdelijk"),
                     **{f"{KOLOM_KORT[k]} (€)": nl_euro(r.bedrag[k], 2) if k in r.bedrag else ""
                        for k in KOLOM_ID}})
    rows.append({"Functie": "Totaal", "Schaal": "", "Bedrag per fte": "",
                 "fte basis": "", "fte structureel add.": "", "fte tijdelijk": "",
                 **{f"{KOLOM_KORT[k]} (€)": nl_euro(m.totaal(k), 2) for k in KOLOM_ID}})
    return pd.DataFrame(rows)


def vergelijking_tabel(m: Model, scenario: Model | None = None) -> pd.DataFrame:
    """Every printed cell of the euro table next to the model (``m``: the document run); a scenario's value apart."""
    namen = {r.slug: r.naam for r in m.regels} | {TOTAAL: "Totaal"}
    return pd.DataFrame([_scenario_kolommen({"Functie": namen[s], "Kolom": KOLOM_KORT[k], "Model": nl_euro(v, 2),
                                             "Gedrukt": nl_euro(g.waarde, 2),
                                             "Verschil (gedrukt − model)": _verschil(g.waarde, v), "Bron": bron(g)},
                                            v, None if scenario is None else scenario.cel(s, k)[0])
                         for s, k, v, g in m.cellen()])


def verdeling_tabel(m: Model, jaar: int, scenario: Model | None = None) -> pd.DataFrame:
    """The split of one year, model (``m``: the document run) against printed; a scenario's split apart."""
    rows = []
    for g in m.gemeenten:
        gd = m.bijdrage_gedrukt(g, jaar)
        rows.append(_scenario_kolommen(
            {"Gemeente": g, "Aandeel": f"{nl_getal(m.aandelen[g])} %",
             "Bijdrage model": nl_euro(m.bijdrage(g, jaar), 2), "Bijdrage gedrukt": nl_euro(gd.waarde, 2),
             "Verschil (gedrukt − model)": _verschil(gd.waarde, m.bijdrage(g, jaar)), "Bron": bron(gd)}
            | ({} if scenario is None else {"Aandeel scenario": f"{nl_getal(scenario.aandelen[g])} %"}),
            m.bijdrage(g, jaar), None if scenario is None else scenario.bijdrage(g, jaar)))
    totaal_gedrukt = m.totaal_gedrukt(jaar)
    rows.append(_scenario_kolommen(
        {"Gemeente": "Totaal", "Aandeel": f"{nl_getal(sum(m.aandelen.values()))} %",
         "Bijdrage model": nl_euro(m.kosten(jaar), 2), "Bijdrage gedrukt": nl_euro(totaal_gedrukt, 2),
         "Verschil (gedrukt − model)": _verschil(totaal_gedrukt, m.kosten(jaar)), "Bron": ""}
        | ({} if scenario is None else {"Aandeel scenario": f"{nl_getal(sum(scenario.aandelen.values()))} %"}),
        m.kosten(jaar), None if scenario is None else scenario.kosten(jaar)))
    return pd.DataFrame(rows)


def meerjaren_tabel(m: Model, gemeenten: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Model split per gemeente and year (rows: gemeenten, columns: years)."""
    gemeenten = m.gemeenten if gemeenten is None else gemeenten
    rows = [{"Gemeente": g, "Aandeel": f"{nl_getal(m.aandelen[g])} %",
             **{str(j): nl_euro(m.bijdrage(g, j), 2) for j in m.jaren}} for g in gemeenten]
    if len(gemeenten) > 1:
        rows.append({"Gemeente": "Totaal (kosten MLW)", "Aandeel": f"{nl_getal(sum(m.aandelen.values()))} %",
                     **{str(j): nl_euro(m.kosten(j), 2) for j in m.jaren}})
    return pd.DataFrame(rows)


def gemeente_jaren_tabel(m: Model, gemeente: str, scenario: Model | None = None) -> pd.DataFrame:
    """A gemeente's contribution per year, model (``m``: the document run) against printed; a scenario's apart."""
    rows = []
    for j in m.jaren:
        gd = m.bijdrage_gedrukt(gemeente, j)
        rows.append(_scenario_kolommen(
            {"Jaar": str(j), "Kosten MLW (model)": nl_euro(m.kosten(j), 2),
             "Aandeel": f"{nl_getal(m.aandelen[gemeente])} %",
             "Bijdrage model": nl_euro(m.bijdrage(gemeente, j), 2), "Bijdrage gedrukt": nl_euro(gd.waarde, 2),
             "Verschil (gedrukt − model)": _verschil(gd.waarde, m.bijdrage(gemeente, j)), "Bron": bron(gd)},
            m.bijdrage(gemeente, j), None if scenario is None else scenario.bijdrage(gemeente, j)))
    return pd.DataFrame(rows)


def _fmt(d: Decimal | None, eenheid: str) -> str:
    if d is None:
        return ""
    if eenheid == "pct":
        return f"{nl_getal(d.quantize(Decimal('0.001')))} %"
    if eenheid == "fte":
        return nl_fte(d)
    return nl_euro(d, 0 if d == d.to_integral_value() else 2)


def aansluiting_tabel(m: Model) -> pd.DataFrame:
    return pd.DataFrame([{"Bedrag in de tekst": a.omschrijving, "Tekst": a.tekst.tekst.strip(), "Bron": bron(a.tekst),
                          "Model": _fmt(a.model, a.eenheid), "Gedrukte tabel": _fmt(a.tabel, a.eenheid),
                          "Verschil (tekst − model)": _fmt(a.tekst.waarde - a.model, a.eenheid) if a.model is not None else ""}
                         for a in aansluitingen(m)])


# ------------------------------------------------------------------ charts
def verdeling_grafiek(m: Model, nadruk: str | None = None):
    """Stacked bars: the model's split per gemeente per year; the printed totals as markers."""
    kleuren = dict(zip(m.gemeenten, (OKABE_ITO["blauw"], OKABE_ITO["oranje"], OKABE_ITO["groen"])))
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(9, 4.2))
        x = list(range(len(m.jaren)))
        onder = [0.0] * len(x)
        for g in m.gemeenten:
            h = [float(m.bijdrage(g, j)) for j in m.jaren]
            ax.bar(x, h, bottom=onder, color=kleuren[g], edgecolor="black", linewidth=0.5,
                   hatch="//" if nadruk == g else None, alpha=1.0 if nadruk in (None, g) else 0.55,
                   label=f"{g} ({nl_getal(m.aandelen[g])} %)")
            onder = [o + v for o, v in zip(onder, h)]
        gedrukt = [float(m.totaal_gedrukt(j)) for j in m.jaren]
        ax.scatter(x, gedrukt, marker="_", s=600, color=OKABE_ITO["vermiljoen"], linewidths=2.5, zorder=3,
                   label="totaal gedrukt")
        ax.set_xticks(x, [str(j) for j in m.jaren])
        ax.set_xlabel("jaar")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: nl_getal(Decimal(str(round(v))), 0)))
        ax.set_ylabel("kosten (€)")
        ax.set_title("Verdeling van de kosten MLW per gemeente (model)" + (f", nadruk op {nadruk}" if nadruk else ""))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        fig.tight_layout()
        return fig


def verdeling_alt(m: Model, nadruk: str | None = None) -> str:
    return alt_tekst("Gestapeld staafdiagram", f"de bijdrage per gemeente aan de kosten van MLW per jaar {m.jaren[0]}-{m.jaren[-1]} "
                     "(model), met het gedrukte totaal als streepje" + (f"; {nadruk} gearceerd" if nadruk else ""),
                     [f"{j}: " + ", ".join(f"{g} {nl_euro(m.bijdrage(g, j))}" for g in m.gemeenten)
                      + f"; gedrukt totaal {nl_euro(m.totaal_gedrukt(j))}" for j in m.jaren])


def kosten_alt(m: Model) -> str:
    return alt_tekst("Liggend staafdiagram", "de structurele kosten per functie, model naast de gedrukte eurotabel",
                     [f"{r.naam} model {nl_euro(r.bedrag['totaal'])}, gedrukt {nl_euro(r.gedrukt['totaal'].waarde)}"
                      for r in m.regels])


def kosten_grafiek(m: Model):
    """Horizontal bars: total structural costs per function, model and printed."""
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(8, 0.42 * len(m.regels) + 1.4))
        y = list(range(len(m.regels)))
        ax.barh([v - 0.2 for v in y], [float(r.bedrag["totaal"]) for r in m.regels], height=0.4,
                color=OKABE_ITO["blauw"], label="model")
        ax.barh([v + 0.2 for v in y], [float(r.gedrukt["totaal"].waarde) for r in m.regels], height=0.4,
                color=OKABE_ITO["oranje"], label="gedrukt")
        ax.set_yticks(y, [r.naam for r in m.regels])
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: nl_getal(Decimal(str(round(v))), 0)))
        ax.set_xlabel("totaal structureel per jaar (€)")
        ax.set_title("Structurele kosten per functie: model en eurotabel")
        ax.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        return fig


# ------------------------------------------------------------------ the page
def _sectie_tarieven(m: Model) -> Sectie:
    tekst = (f"**Afgeleide aanname (van het rekenboek, niet uit het document).** {TARIEF_AANNAME} Zo ontstaan {len(m.tarieven)} bedragen per fte, "
             + ", ".join(f"schaal {s}: {nl_euro(m.tarieven[s].tarief)}" for s in sorted(m.tarieven, key=int, reverse=True))
             + ". Elke andere fte-cel van dezelfde schaal is fte maal dat bedrag.")
    return Sectie("Bedrag per fte per salarisschaal (afgeleid)", tekst, [("Bedrag per fte per schaal", tarief_tabel(m))],
                  ids={c.id for t in m.tarieven.values() for c in (t.bedrag, t.fte)})


def _sectie_kosten(m: Model, scenario: Model | None = None) -> Sectie:
    """``m`` is the document run (the comparison with the euro table); ``scenario`` the scenario's model, if any."""
    ov = m.regel(ONVOORZIEN)
    _, ov_gedrukt = m.cel(ONVOORZIEN, "totaal")
    afw = afwijkende_cellen(m)
    namen = {r.slug: r.naam for r in m.regels} | {TOTAAL: "Totaal"}
    regels_afw = "\n".join(f"- {namen[s]}, {KOLOM_KORT[k].lower()}: model {nl_euro(v, 2)}, gedrukt {nl_euro(g.waarde, 2)} "
                           f"(verschil {nl_euro(g.waarde - v, 2)}; bron {bron(g)})" for s, k, v, g in afw)
    tekst = (f"Het model vermenigvuldigt de fte uit het samenvattend overzicht (bron {bron(m.regels[0].fte['basis'])} e.v.) "
             f"met het bedrag per fte van de schaal, neemt de additionele expertise als vast bedrag over en rekent de "
             f"stelpost Onvoorzien/vervanging als {nl_getal(m.onvoorzien_pct)} % (document: "
             f"{nl_getal(m.onvoorzien_pct_document.waarde)} %, bron {bron(m.onvoorzien_pct_document)}) van de overige "
             f"structurele kosten: {nl_euro(ov.bedrag['totaal'], 2)} (gedrukt: {nl_euro(ov_gedrukt.waarde, 2)}).\n\n"
             f"**Afgeleide aanname (van het rekenboek, niet uit het document).** {ONVOORZIEN_GRONDSLAG}\n\n"
             f"Totaal structureel per jaar volgens het model: {nl_euro(m.totaal('totaal'), 2)}; gedrukt: "
             f"{nl_euro(m.totalen_gedrukt['totaal'].waarde, 2)}. Tijdelijk additioneel: model "
             f"{nl_euro(m.totaal('tijdelijk'), 2)}, gedrukt {nl_euro(m.totalen_gedrukt['tijdelijk'].waarde, 2)}.")
    if scenario is not None:
        tekst += (f"\n\n**Scenario.** Met de aannames van het scenario is het totaal structureel per jaar "
                  f"{nl_euro(scenario.totaal('totaal'), 2)} (stelpost {nl_getal(scenario.onvoorzien_pct)} %; verschil met "
                  f"het document {nl_euro(scenario.totaal('totaal') - m.totaal('totaal'), 2)}). Het kostenmodel hieronder "
                  "rekent met het scenario; de vergelijking met de gedrukte eurotabel blijft die van het document, met "
                  "de waarde van het scenario ernaast.")
    if afw:
        tekst += ("\n\nCellen van de eurotabel die niet uit het model volgen (de controles hieronder beoordelen of het "
                  "verschil binnen de afronding van de gedrukte fte valt):\n\n" + regels_afw)
    return Sectie("Kosten per functie", tekst,
                  [("Kostenmodel: fte (gedrukt) maal bedrag per fte (afgeleid)"
                    + (" — met de aannames van het scenario" if scenario is not None else ""), kosten_tabel(scenario or m)),
                   ("Eurotabel: model naast de gedrukte bedragen"
                    + (" (model met de aannames van het document; scenario apart)" if scenario is not None else ""),
                    vergelijking_tabel(m, scenario))],
                  [(kosten_alt(m), lambda: kosten_grafiek(m))],
                  ids={c.id for c in m.register.cijfers.values() if c.tabel in (TABEL_FTE, TABEL_EURO)})


def _sectie_verdeling(m: Model, jaar: int, nadruk: str | None = None, scenario: Model | None = None) -> Sectie:
    tekst = (f"De gemeenten verdelen de kosten naar inwonertal. {JAAR_AANNAME} Kosten {jaar} volgens het model: "
             f"{nl_euro(m.kosten(jaar), 2)}; volgens de gedrukte eurotabel: {nl_euro(m.kosten_gedrukt(jaar), 2)}. "
             "Het verschil tussen model en gedrukte verdeling komt volledig uit de cellen van de eurotabel die niet "
             "uit het model volgen; de verdeelregel zelf (aandeel maal kosten) reproduceert de gedrukte bedragen.")
    if scenario is not None:
        tekst += (f" Met de aannames van het scenario zijn de kosten {jaar} {nl_euro(scenario.kosten(jaar), 2)}; de kolommen "
                  f"'{SCENARIO_KOLOM}' tonen de verdeling van het scenario en het verschil met die van het document.")
    return Sectie(f"Verdeling per gemeente {jaar}", tekst,
                  [(f"Verdeling {jaar}", verdeling_tabel(m, jaar, scenario)),
                   (f"Verdeling {m.jaren[0]}-{m.jaren[-1]} volgens het "
                    + ("scenario" if scenario is not None else "model"), meerjaren_tabel(scenario or m))],
                  [(verdeling_alt(m, nadruk), lambda: verdeling_grafiek(m, nadruk))], ids=_verdeling_ids(m, jaar))


def _sectie_aansluiting(m: Model) -> Sectie:
    a = {x.tekst.id: x for x in aansluitingen(m)}
    nk = a[TEKST["nieuwe_kosten"]]
    bk = a[TEKST["basis_kosten"]]
    tekst = ("Bedragen die de tekst noemt, naast het model en de gedrukte tabel. Het uitvoeringsbudget Wmo en Jeugd "
             "is dat van Weert (lokale en regionale taken samen); de regionale kosten zijn er een deel van. "
             f"De tekst noemt nieuwe structurele kosten van {nl_euro(nk.tekst.waarde)}, de eurotabel telt op tot "
             f"{nl_euro(nk.tabel, 2)} (verschil {nl_euro(nk.tekst.waarde - nk.tabel, 2)}); de basisformatie kost volgens "
             f"de tekst {nl_euro(bk.tekst.waarde)}, volgens de tabel {nl_euro(bk.tabel, 2)}. De tekst legt beide "
             "verschillen niet uit (zie de controles).")
    return Sectie("Aansluiting met de tekst", tekst, [("Bedragen in de tekst", aansluiting_tabel(m))],
                  ids={x.tekst.id for x in aansluitingen(m)} | {TEKST["begroting"], TEKST["begroting_2017"], FTE_TOTAAL_BASIS}
                  | _totalen_ids(m))


def _weert_budget(m: Model, jaar: int) -> str:
    u = uitvoeringsbudget(m)
    b = m.bijdrage("Weert", jaar)
    return (f"Weert verhoogt zijn uitvoeringsbudget Wmo en Jeugd van {nl_euro(u.oud.waarde)} met "
            f"{nl_euro(u.verhoging.waarde)} naar {nl_euro(u.herberekend)} "
            f"(gedrukt: {u.nieuw.tekst}, bron {bron(u.nieuw)}); dat is "
            f"{nl_getal(u.aandeel_pct.quantize(Decimal('0.01')))} % van "
            f"de begroting Wmo en Jeugdhulp ({u.begroting.tekst}; de tekst zegt afgerond "
            f"{nl_getal(u.aandeel_tekst.waarde)} %). De bijdrage van Weert aan MLW in {jaar} ({nl_euro(b, 2)}, "
            f"model) is {nl_getal(u.aandeel_van(b).quantize(Decimal('0.1')))} % van dat budget.")


def _verdeling_ids(m: Model, jaar: int) -> set[str]:
    """The printed contributions of ``jaar`` and the printed shares (the split table of one year)."""
    return {m.bijdrage_gedrukt(g, jaar).id for g in m.gemeenten} | {c.id for c in m.aandelen_document.values()}


def _totalen_ids(m: Model) -> set[str]:
    return {c.id for c in m.totalen_gedrukt.values()}


def pagina(register: Register, gemeente: str, jaar, aannames: dict) -> Pagina:
    """The financial page of MLW or one of its gemeenten for a year of the split."""
    eenheden = (SAMENWERKING,) + gemeenten(register)
    if gemeente not in eenheden:
        raise OngeldigeParameter(f"het kostenmodel MLW kent {gemeente!r} niet; kies uit {', '.join(eenheden)}.")
    gebruikt = model(register, aannames)
    # the comparison with the printed figures is always the document's; a scenario's values are shown beside it
    m = model(register, {}) if gebruikt.afwijkende_aannames else gebruikt
    sc = gebruikt if gebruikt is not m else None
    try:
        jaar = int(jaar)
    except (TypeError, ValueError):
        raise OngeldigeParameter(f"jaar {jaar!r} is geen jaartal.") from None
    if jaar not in m.jaren:
        raise OngeldigeParameter(f"de kostenverdeling MLW loopt van {m.jaren[0]} tot en met {m.jaren[-1]}; "
                                 f"over {jaar} zegt het document niets.")
    bestand = f"bestand `{m.regels[0].gedrukt['totaal'].bestand}`"
    afw = [r for r in (afwijkende_cellen(m)) if r[0] != TOTAAL]

    if gemeente == SAMENWERKING:
        secties = [_sectie_tarieven(gebruikt), _sectie_kosten(m, sc), _sectie_verdeling(m, jaar, scenario=sc),
                   _sectie_aansluiting(m)]
        b = _bevindingen(register, secties)
        inleiding = (f"Midden-Limburg West ({', '.join(m.gemeenten[:-1])} en {m.gemeenten[-1]}) deelt regionale capaciteit "
                     f"voor Wmo en Jeugd onder het convenant 2018 ({bestand}). Dit model herberekent de eurotabel uit de fte per functie en "
                     f"een afgeleid bedrag per fte per salarisschaal, en verdeelt de kosten naar inwonertal. "
                     f"Kosten {jaar}: {nl_euro(m.kosten(jaar), 2)} volgens het model, "
                     f"{nl_euro(m.kosten_gedrukt(jaar), 2)} volgens de gedrukte tabel; {len(afw)} cellen van de "
                     f"eurotabel volgen niet exact uit het model. "
                     + (f"Met de aannames van het scenario: {nl_euro(sc.kosten(jaar), 2)}. " if sc else "") + telling(b))
    else:
        bd, gd = m.bijdrage(gemeente, jaar), m.bijdrage_gedrukt(gemeente, jaar)
        secties = _secties_gemeente(m, register, gemeente, jaar, sc)
        b = _bevindingen(register, secties)
        inleiding = (f"{gemeente} neemt deel aan de samenwerking sociaal domein Midden-Limburg West en draagt "
                     f"{nl_getal(gebruikt.aandelen[gemeente])} % van de kosten (document: "
                     f"{nl_getal(m.aandelen_document[gemeente].waarde)} %, bron {bron(m.aandelen_document[gemeente])}). "
                     f"Bijdrage {jaar}: {nl_euro(bd, 2)} volgens het model, {nl_euro(gd.waarde, 2)} gedrukt "
                     f"(bron {bron(gd)}). Over {m.jaren[0]}-{m.jaren[-1]} samen: "
                     f"{nl_euro(m.bijdrage_som(gemeente), 2)} volgens het model, "
                     f"{nl_euro(m.bijdrage_gedrukt_som(gemeente), 2)} gedrukt. "
                     + (f"Met de aannames van het scenario: {nl_euro(sc.bijdrage(gemeente, jaar), 2)} in {jaar}, "
                        f"{nl_euro(sc.bijdrage_som(gemeente), 2)} over {m.jaren[0]}-{m.jaren[-1]}. " if sc else "")
                     + telling(b))
    return Pagina(gemeente, jaar, inleiding, secties, b, list(gebruikt.afwijkende_aannames))


def _bevindingen(register: Register, secties: list[Sectie]) -> pd.DataFrame:
    """The register rows that touch a record the sections show."""
    return raakt(bereken(register).tabel, set().union(*(s.ids for s in secties))).reset_index(drop=True)


def _secties_gemeente(m: Model, register: Register, gemeente: str, jaar: int,
                      scenario: Model | None = None) -> list[Sectie]:
    """A gemeente's page: its contribution, the MLW costs behind it, the capacity it supplies (``m``: the document
    run, which the printed figures are compared with; ``scenario``: the scenario's model, shown beside it)."""
    tekst = (f"{JAAR_AANNAME} De bijdrage is het aandeel maal de kosten van MLW in dat jaar; het verschil met de "
             f"gedrukte bijdrage is het aandeel van de verschillen in de eurotabel (zie de pagina van MLW).")
    ids = {m.bijdrage_gedrukt(gemeente, j).id for j in m.jaren} | {m.aandelen_document[gemeente].id}
    if gemeente == "Weert":
        tekst += "\n\n" + _weert_budget(m, jaar)
        u = uitvoeringsbudget(m)
        ids |= {c.id for c in (u.oud, u.verhoging, u.nieuw, u.begroting, u.aandeel_tekst)}
    bijdrage = Sectie(f"Bijdrage van {gemeente}", tekst,
                      [(f"Bijdrage {gemeente} {m.jaren[0]}-{m.jaren[-1]}", gemeente_jaren_tabel(m, gemeente, scenario))],
                      [(verdeling_alt(m, gemeente), lambda: verdeling_grafiek(m, gemeente))], ids=ids)
    kosten = Sectie("Kosten van de samenwerking (MLW)",
                    f"De bijdrage volgt uit de totalen van MLW: totaal structureel per jaar {nl_euro(m.totaal('totaal'), 2)} "
                    f"(gedrukt {nl_euro(m.totalen_gedrukt['totaal'].waarde, 2)}), tijdelijk additioneel "
                    f"{nl_euro(m.totaal('tijdelijk'), 2)} (gedrukt {nl_euro(m.totalen_gedrukt['tijdelijk'].waarde, 2)}). "
                    f"{TARIEF_AANNAME} {ONVOORZIEN_GRONDSLAG}",
                    [(f"Verdeling {jaar}", verdeling_tabel(m, jaar, scenario))],
                    # the MLW totals, the split of the year, and the euro cells that make the totals differ from the model
                    ids=_totalen_ids(m) | _verdeling_ids(m, jaar) | {g.id for _, _, _, g in afwijkende_cellen(m)})
    cap = capaciteit_tabel(register, gemeente)
    cap_tekst = ("Capaciteit die de tekst aan deze gemeente toeschrijft (de kosten ervan worden over alle drie "
                 "gemeenten verdeeld en verrekend). ")
    if gemeente in ("Leudal", "Nederweert"):
        cap_tekst += ("Let op: dezelfde alinea over maatschappelijke opvang en beschermd wonen zegt ook dat Leudal "
                      "en Nederweert geen capaciteit beschikbaar kunnen stellen; het document spreekt zich hier tegen. ")
    if gemeente in ("Leudal", "Weert"):
        cap_tekst += ("Volgens de NB in de oplegnotitie (basis voor samenwerking) levert Weert inmiddels de "
                      "business controller, op verzoek van Leudal. ")
    return [bijdrage, kosten, Sectie(f"Capaciteit die {gemeente} levert", cap_tekst.strip(),
                                     [("Capaciteit volgens de tekst", cap)], ids=set(CAPACITEIT.get(gemeente, ())))]
