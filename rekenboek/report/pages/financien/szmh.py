"""The financial page of SZMH: investment agendas and bedrijfsreserve, efficiency target, cost per fte.

The numbers come from :mod:`rekenboek.models.szmh` (exact, with the rounding room of the printed
inputs); this module formats them in Dutch, draws the charts and lays out the page. The page's
checks are the register rows that touch the record ids its sections show, for the page's year.
"""
from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import pandas as pd

from rekenboek.checks.bevindingen import bereken
from rekenboek.errors import OngeldigeParameter
from rekenboek.inputs.register import Cijfer, Register
from rekenboek.models.szmh import (BEGINSALDO_IS_TOTALE_AGENDA, INCIDENTEEL_EENMALIG, KOSTEN_PER_FTE, Agenda, Efficiency,
                                   TABELLEN_EFF, Getal, Vergelijking, agendas, efficiency, fte_rijen)
from rekenboek.models.szmh import aannames as lees_aannames
from rekenboek.numbers import nl_euro, nl_fte, nl_getal
from rekenboek.report.charts import OKABE_ITO, STIJL, alt_tekst
from rekenboek.report.page import Pagina, Sectie, raakt
from rekenboek.report.tables import kosten_per_fte_tabel


# --------------------------------------------------------------------------- investment agendas
def agenda_tabel(ag: Agenda) -> pd.DataFrame:
    """Items per year, then spending, opening and closing balance: recomputed next to printed."""
    rijen = []
    for k, _ in ag.defn.posten:
        rijen.append({"Regel": ag.postlabel(k), **{str(a.jaar): nl_euro(a.posten[k].waarde) for a in ag.jaren}})

    def paar(naam, her, ged):
        rijen.append({"Regel": f"{naam} (herberekend)", **{str(a.jaar): nl_euro(her(a).waarde) for a in ag.jaren}})
        rijen.append({"Regel": f"{naam} (gedrukt)", **{str(a.jaar): nl_euro(ged(a).waarde) for a in ag.jaren}})

    paar("Beginsaldo bedrijfsreserve", lambda a: a.begin, lambda a: a.begin_gedrukt)
    paar("Uitgaven (totaal per jaar)", lambda a: a.uitgaven, lambda a: a.totaal_gedrukt)
    paar("Eindsaldo bedrijfsreserve", lambda a: a.eind, lambda a: a.eind_gedrukt)
    return pd.DataFrame(rijen)


def aansluiting_agendas(oud: Agenda, nieuw: Agenda, jaar: int) -> pd.DataFrame | None:
    """The same year in both agendas: per item, spending and balances; difference = new - old."""
    a, b = oud.jaar(jaar), nieuw.jaar(jaar)
    if a is None or b is None:
        return None
    rijen = []

    def rij(naam, x: Decimal, y: Decimal):
        rijen.append({"Regel": naam, oud.defn.titel: nl_euro(x), nieuw.defn.titel: nl_euro(y),
                      "Verschil (nieuw − oud)": nl_euro(y - x)})

    for k, _ in oud.defn.posten:
        rij(oud.postlabel(k), a.posten[k].waarde, b.posten[k].waarde)
    rij("Uitgaven (herberekend)", a.uitgaven.waarde, b.uitgaven.waarde)
    rij("Totaal per jaar (gedrukt)", a.totaal_gedrukt.waarde, b.totaal_gedrukt.waarde)
    rij("Beginsaldo (herberekend)", a.begin.waarde, b.begin.waarde)
    rij("Eindsaldo (herberekend)", a.eind.waarde, b.eind.waarde)
    rij("Eindsaldo (gedrukt)", a.eind_gedrukt.waarde, b.eind_gedrukt.waarde)
    return pd.DataFrame(rijen)


def agenda_alt(agendas: list[Agenda]) -> str:
    return alt_tekst("Staafdiagram met lijnen", "de geplande uitgaven per jaar van de investeringsagenda's van SZMH en het "
                     "eindsaldo van de bedrijfsreserve, herberekend en gedrukt",
                     [f"{ag.defn.titel[-9:]} {a.jaar}: uitgaven {nl_euro(a.uitgaven.waarde)}, eindsaldo herberekend "
                      f"{nl_euro(a.eind.waarde)}, gedrukt {nl_euro(a.eind_gedrukt.waarde)}" for ag in agendas for a in ag.jaren])


def agenda_grafiek(agendas: list[Agenda]):
    """Planned spending per year (bars) and the recomputed closing balance (lines), both agendas."""
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(8.5, 4.4))
        kleuren = [OKABE_ITO["blauw"], OKABE_ITO["oranje"]]
        alle = sorted({j for ag in agendas for j in ag.jaartallen})
        breedte = 0.38
        for i, (ag, kleur) in enumerate(zip(agendas, kleuren)):
            xs = [alle.index(a.jaar) + (i - 0.5) * breedte for a in ag.jaren]
            ax.bar(xs, [float(a.uitgaven.waarde) for a in ag.jaren], width=breedte, color=kleur, alpha=0.75,
                   edgecolor="black", linewidth=0.5, label=f"uitgaven {ag.defn.titel[-9:]}")
            ax.plot([alle.index(a.jaar) for a in ag.jaren], [float(a.eind.waarde) for a in ag.jaren], marker="o",
                    color=kleur, linewidth=2, label=f"eindsaldo reserve {ag.defn.titel[-9:]} (herberekend)")
            ax.plot([alle.index(a.jaar) for a in ag.jaren], [float(a.eind_gedrukt.waarde) for a in ag.jaren], marker="x",
                    linestyle=":", color=kleur, label=f"eindsaldo {ag.defn.titel[-9:]} (gedrukt)")
        ax.set_xticks(range(len(alle)), [str(j) for j in alle])
        ax.set_xlabel("jaar")
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda x, _p: nl_getal(Decimal(round(x)), 0)))
        ax.set_ylabel("bedrag (€)")
        ax.set_title("Investeringsagenda's SZMH: geplande uitgaven en saldo bedrijfsreserve")
        ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        return fig


# --------------------------------------------------------------------------- efficiency target
def _e(g: Getal | Cijfer | None) -> str:
    if g is None:
        return "–"
    return nl_euro(g.waarde)


def _f(g: Getal | Cijfer | None) -> str:
    if g is None:
        return "–"
    return nl_getal(g.waarde, 2)


def taakstelling_tabel(eff: Efficiency, tot: int) -> pd.DataFrame:
    return pd.DataFrame([{
        "Jaar": str(e.jaar), "Taakstelling per jaar": _e(e.taakstelling),
        "Cumulatief (herberekend)": _e(e.taakstelling_cum), "Cumulatief (gedrukt, 3c)": _e(e.taakstelling_cum_gedrukt),
    } for e in eff.jaren if e.jaar <= tot])


def voorstellen_tabel(eff: Efficiency, tot: int) -> pd.DataFrame:
    return pd.DataFrame([{
        "Jaar": str(e.jaar), "Fte (herberekend)": _f(e.v_fte), "Fte (gedrukt)": _f(e.v_fte_gedrukt),
        "Structureel": _e(e.v_structureel), "Incidenteel": _e(e.v_incidenteel),
        "Totaal (herberekend)": _e(e.v_eur), "Totaal (gedrukt)": _e(e.v_eur_gedrukt),
        "Fte cumulatief (herberekend)": _f(e.v_fte_cum), "Fte cumulatief (gedrukt)": _f(e.v_fte_cum_gedrukt),
        "Cumulatief incl. tijdelijk (herberekend)": _e(e.v_eur_cum), "Cumulatief (gedrukt)": _e(e.v_eur_cum_gedrukt),
    } for e in eff.jaren if e.jaar <= tot])


def invulling_tabel(eff: Efficiency, tot: int) -> pd.DataFrame:
    return pd.DataFrame([{
        "Jaar": str(e.jaar),
        "Fte (3b, plan 2017)": _f(e.b_fte), "Formatie € (3b)": _e(e.b_formatie), "Budgetten € (3b)": _e(e.b_budgetten),
        "Cumulatief € (3b)": _e(e.b_cum),
        "Fte (plan 2018)": _f(e.n_fte), "Formatie € (plan 2018)": _e(e.n_formatie),
        "Opbrengsten €": _e(e.n_opbrengsten), "Overige kosten €": _e(e.n_overig), "Totaal € (plan 2018)": _e(e.n_totaal),
        "Totaal € (gedrukt)": _e(e.n_gedrukt.get("totaal")), "Cumulatief € (plan 2018)": _e(e.n_cum),
        "Fte cumulatief (plan 2018)": _f(e.n_fte_cum),
    } for e in eff.jaren if e.jaar <= tot])


def _saldo(x: Decimal) -> str:
    """A surplus with '+', a shortfall with '−' before the euro sign."""
    return ("+ " if x > 0 else "− " if x < 0 else "") + nl_euro(abs(x))


def saldo_tabel(eff: Efficiency, tot: int) -> pd.DataFrame:
    """Surplus (+) or shortfall (−): realisation minus target, per year and cumulative."""
    return pd.DataFrame([{
        "Jaar": str(e.jaar), "Taakstelling": _e(e.taakstelling), "Invulling (plan 2018)": _e(e.n_totaal),
        "Saldo per jaar": _saldo(e.saldo),
        "Taakstelling cumulatief": _e(e.taakstelling_cum), "Invulling cumulatief (plan 2018)": _e(e.n_cum),
        "Saldo cumulatief (plan 2018)": _saldo(e.saldo_cum),
        "Saldo cumulatief (3b, plan 2017)": "–" if e.saldo_cum_3b is None else _saldo(e.saldo_cum_3b),
        "Saldo cumulatief (voorstellen 3c incl. tijdelijk)": _saldo(e.saldo_cum_voorstellen),
    } for e in eff.jaren if e.jaar <= tot])


def vergelijking_tabel(vs: list[Vergelijking]) -> pd.DataFrame:
    def fmt(x: Decimal, c: Cijfer) -> str:
        return nl_getal(x, 2) if c.eenheid == "fte" else nl_getal(x, 0 if x == x.to_integral() else 2)
    return pd.DataFrame([{
        "Onderdeel": v.onderdeel, "Wat": v.omschrijving, "Bron": f"{v.record.bestand[:3]}:{v.record.regel}",
        "Gedrukt": fmt(v.record.waarde, v.record), "Herberekend": fmt(v.model.waarde, v.record),
        "Verschil": fmt(v.verschil, v.record), "Afrondingsruimte": nl_getal(v.tolerantie), "Oordeel": v.oordeel,
    } for v in vs])


def efficiency_alt(eff: Efficiency) -> str:
    e = eff.jaren[-1]
    return alt_tekst("Lijndiagram", f"de cumulatieve efficiencytaakstelling van SZMH tegen de invulling, "
                     f"{eff.jaartallen[0]}-{eff.jaartallen[-1]}",
                     [f"{x.jaar}: taakstelling {nl_euro(x.taakstelling_cum.waarde)}, invulling (plan 2018) {nl_euro(x.n_cum.waarde)}"
                      for x in eff.jaren if x is e or x.jaar == eff.jaartallen[0]]
                     + [f"voorstellen cumulatief {e.jaar} {nl_euro(e.v_eur_cum.waarde)}"])


def efficiency_grafiek(eff: Efficiency):
    """Cumulative target against cumulative realisation (both versions) and proposals."""
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(8.5, 4.4))
        x = eff.jaartallen
        ax.plot(x, [float(e.taakstelling_cum.waarde) for e in eff.jaren], color=OKABE_ITO["zwart"], marker="s",
                linewidth=2, label="taakstelling cumulatief (3c)")
        ax.plot(x, [float(e.n_cum.waarde) for e in eff.jaren], color=OKABE_ITO["blauw"], marker="o",
                label="invulling cumulatief (plan 2018)")
        b = [e for e in eff.jaren if e.b_cum is not None]
        ax.plot([e.jaar for e in b], [float(e.b_cum.waarde) for e in b], color=OKABE_ITO["oranje"], marker="^",
                linestyle="--", label="invulling cumulatief (3b, plan 2017)")
        ax.plot(x, [float(e.v_eur_cum.waarde) for e in eff.jaren], color=OKABE_ITO["groen"], marker="d",
                linestyle=":", label="voorstellen cumulatief incl. tijdelijk (3c)")
        ax.set_xticks(x, [str(j) for j in x])
        ax.set_xlabel("jaar")
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: nl_getal(Decimal(round(v)), 0)))
        ax.set_ylim(bottom=0)
        ax.set_ylabel("bedrag cumulatief (€)")
        ax.set_title("Efficiencytaakstelling SZMH: taakstelling tegen invulling (cumulatief)")
        ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        return fig


# --------------------------------------------------------------------------- the page
def _verschil_tekst(vs: list[Vergelijking]) -> str:
    afw = [v for v in vs if not v.past]
    if not afw:
        return "Alle herberekende cellen komen binnen de afrondingsruimte overeen met de gedrukte."
    return ("Herberekend wijkt af van gedrukt bij: " + "; ".join(
        f"{v.omschrijving} (gedrukt {nl_getal(v.record.waarde)}, herberekend {nl_getal(v.model.waarde)}, "
        f"bron {v.record.bestand[:3]}:{v.record.regel})" for v in afw) + ".")


def _agenda_ids(agendas_: list[Agenda]) -> set[str]:
    """Every record the agenda tables show: the items, and the printed opening balance, total and closing balance."""
    return {c.id for ag in agendas_ for a in ag.jaren
            for c in (*a.posten.values(), a.begin_gedrukt, a.totaal_gedrukt, a.eind_gedrukt)}


def pagina(register: Register, gemeente: str, jaar: int, aannames: dict) -> Pagina:
    """The financial page of SZMH for one year of 2012-2020."""
    if gemeente != "SZMH":
        raise OngeldigeParameter(f"het SZMH-model geldt alleen voor SZMH, niet voor {gemeente}.")
    ov = lees_aannames(aannames)
    ags = agendas(register, ov)
    # the checks of printed figures stay as the documents are: a scenario's balance is not a finding
    doc = {a.defn.sleutel: a for a in (agendas(register, {}) if ov else ags)}
    eff = efficiency(register)
    fte = fte_rijen(register)
    secties: list[Sectie] = []
    afwijkend = []
    for ag in ags:
        k = f"beginsaldo_{ag.defn.sleutel}"
        if k in ov:
            afwijkend.append(f"Beginsaldo bedrijfsreserve {ag.defn.titel} ({ag.jaartallen[0]}): document "
                             f"{nl_euro(ag.beginsaldo_document.waarde)}, gebruikt {nl_euro(ov[k])}.")

    # ---- investment agendas
    dekkend = [ag for ag in ags if jaar in ag.jaartallen]
    alle_jaren = sorted({j for ag in ags for j in ag.jaartallen})
    if dekkend:
        delen = []
        for ag in dekkend:
            a = ag.jaar(jaar)
            delen.append(f"De **{ag.defn.titel}** ({ag.defn.plan}, bron `{a.totaal_gedrukt.bestand}` regel "
                         f"{a.totaal_gedrukt.regel}) plant voor {jaar} {nl_euro(a.uitgaven.waarde)} aan uitgaven "
                         f"(som van de posten; gedrukt 'Totaal per jaar' {nl_euro(a.totaal_gedrukt.waarde)}). "
                         f"Herberekend loopt de bedrijfsreserve van {nl_euro(a.begin.waarde)} naar {nl_euro(a.eind.waarde)} "
                         f"(gedrukt: 'Totale investeringsagenda' {nl_euro(a.begin_gedrukt.waarde)}, eindsaldo "
                         f"{nl_euro(a.eind_gedrukt.waarde)}). " + _verschil_tekst(doc[ag.defn.sleutel].vergelijkingen()))
        tekst = "\n\n".join(delen) + (f"\n\n*Afgeleide aanname (van het rekenboek, niet uit het document):* {BEGINSALDO_IS_TOTALE_AGENDA}")
        s = Sectie("Investeringsagenda's en bedrijfsreserve", tekst, ids=_agenda_ids(dekkend))
        for ag in dekkend:
            s.tabellen.append((f"{ag.defn.titel}: posten, uitgaven en saldo bedrijfsreserve (herberekend naast gedrukt)",
                               agenda_tabel(ag)))
            titel = f"{ag.defn.titel}: herberekende cellen tegen de gedrukte"
            if doc[ag.defn.sleutel] is not ag:
                titel += " (met het beginsaldo van het document: een afwijkende aanname is geen bevinding)"
            s.tabellen.append((titel, vergelijking_tabel(doc[ag.defn.sleutel].vergelijkingen())))
        if len(dekkend) == 2:
            s.tabellen.append((f"Aansluiting {jaar}: beide agenda's naast elkaar", aansluiting_agendas(dekkend[0], dekkend[1], jaar)))
            s.tekst += (f"\n\nBeide agenda's noemen {jaar}; de tabel 'Aansluiting' zet ze per post naast elkaar "
                        f"(de agenda van {dekkend[1].defn.plan} herijkt die van {dekkend[0].defn.plan}).")
        s.figuren.append((agenda_alt(ags), lambda: agenda_grafiek(ags)))
        secties.append(s)
    else:
        secties.append(Sectie("Investeringsagenda's en bedrijfsreserve",
                              f"*Niet bekend voor {jaar}:* geen investeringsagenda van SZMH dekt {jaar}. De bronnen "
                              f"bevatten alleen agenda's voor {alle_jaren[0]}-{alle_jaren[-1]} "
                              f"({', '.join(ag.defn.titel for ag in ags)})."))

    # ---- efficiency target
    e = eff.jaar(jaar)
    if e is not None:
        tekst = (f"Taakstelling {jaar}: {nl_euro(e.taakstelling.waarde)}; cumulatief t/m {jaar} herberekend "
                 f"{nl_euro(e.taakstelling_cum.waarde)} (gedrukt {nl_euro(e.taakstelling_cum_gedrukt.waarde)}, Bijlage 3c). "
                 f"Ingevuld in {jaar} volgens het jaarplan 2018: {nl_fte(e.n_fte.waarde)} en {nl_euro(e.n_totaal.waarde)}; "
                 f"cumulatief {nl_euro(e.n_cum.waarde)}, dus een "
                 f"{'overrealisatie' if e.saldo_cum >= 0 else 'tekort'} van "
                 f"{nl_euro(abs(e.saldo_cum))} op de cumulatieve taakstelling.")
        if e.b_cum is not None:
            tekst += (f" Volgens Bijlage 3b (jaarplan 2017): {nl_fte(e.b_fte.waarde)} en {nl_euro(e.b_totaal.waarde)} in {jaar}, "
                      f"cumulatief {nl_euro(e.b_cum.waarde)}.")
        tekst += (f" Bijlage 3c stelt voor {jaar} {nl_fte(e.v_fte.waarde)} en {nl_euro(e.v_eur.waarde)} voor, waarvan "
                  f"{nl_euro(e.v_incidenteel.waarde)} incidenteel; cumulatief incl. tijdelijk {nl_euro(e.v_eur_cum.waarde)} "
                  f"(gedrukt {nl_euro(e.v_eur_cum_gedrukt.waarde)}).")
        if jaar == eff.laatste_3b:
            t, i = register.cijfers["002b-3b-tekst-taakstelling"], register.cijfers["002b-3b-tekst-ingevuld"]
            tekst += (f"\n\nHet jaarplan 2017 zegt: taakstelling t/m {jaar} {nl_euro(t.waarde)}, ingevuld {nl_euro(i.waarde)} "
                      f"(002:{t.regel}); herberekend {nl_euro(e.taakstelling_cum.waarde)} en {nl_euro(e.b_cum.waarde)}.")
        if jaar == eff.jaartallen[-1]:
            t, i = register.cijfers["000a-eff-taakstelling-tm-2018"], register.cijfers["000a-eff-ingevuld-tm-2018"]
            tekst += (f"\n\nHet jaarplan 2018 zegt: taakstelling t/m {jaar} {nl_euro(t.waarde)}, ingevuld {nl_euro(i.waarde)} "
                      f"(000:{t.regel}, gedrukt als '{i.tekst}'); herberekend {nl_euro(e.taakstelling_cum.waarde)} en "
                      f"{nl_euro(e.n_cum.waarde)}.")
        tekst += f"\n\n*Afgeleide aanname (van het rekenboek, niet uit het document):* {INCIDENTEEL_EENMALIG}"
        s = Sectie(f"Efficiencytaakstelling t/m {jaar}", tekst,
                   ids={c.id for c in register.cijfers.values() if c.tabel in TABELLEN_EFF})
        s.tabellen += [(f"Taakstelling per jaar en cumulatief, 2012 t/m {jaar}", taakstelling_tabel(eff, jaar)),
                       (f"Voorstellen Bijlage 3c (structureel en incidenteel), t/m {jaar}", voorstellen_tabel(eff, jaar)),
                       (f"Invulling volgens Bijlage 3b (plan 2017) en het jaarplan 2018, t/m {jaar}", invulling_tabel(eff, jaar)),
                       (f"Over- (+) of onderrealisatie (−): invulling min taakstelling, t/m {jaar}", saldo_tabel(eff, jaar))]
        vs = [v for v in eff.vergelijkingen() if str(jaar) in v.omschrijving]
        if vs:
            s.tabellen.append((f"Herberekende cellen {jaar} tegen de gedrukte", vergelijking_tabel(vs)))
        s.figuren.append((efficiency_alt(eff), lambda: efficiency_grafiek(eff)))
        secties.append(s)
        ans = [v for v in eff.aansluitingen() if f" {jaar}:" in v.omschrijving]
        s2 = Sectie(f"Aansluiting jaarplan 2017 en jaarplan 2018 voor {jaar}",
                    "Dezelfde jaren in beide versies: " + _verschil_tekst(ans), ids={v.record.id for v in ans})
        s2.tabellen.append(("Gedrukt (latere of andere versie) tegen herberekend (eerdere versie)", vergelijking_tabel(ans)))
        secties.append(s2)
    else:
        secties.append(Sectie("Efficiencytaakstelling",
                              f"*Niet bekend voor {jaar}:* de tabellen van de efficiencytaakstelling lopen van "
                              f"{eff.jaartallen[0]} t/m {eff.jaartallen[-1]}; over een taakstelling of invulling in "
                              f"{jaar} zeggen de bronnen niets."))

    # ---- cost per fte
    kpf = kosten_per_fte_tabel(fte, jaar)
    if kpf is not None:
        secties.append(Sectie(f"Kosten per fte per schaal, {jaar}",
                              f"Per functieregel van de invulling {jaar}: bedrag gedeeld door fte.\n\n"
                              f"*Afgeleide aanname (van het rekenboek, niet uit het document):* {KOSTEN_PER_FTE}",
                              tabellen=[(f"Kosten per fte per functieregel, {jaar}", kpf)],
                              ids={c.id for r in fte if r.jaar == jaar for c in (r.fte, r.bedrag)}))
    else:
        secties.append(Sectie("Kosten per fte per schaal",
                              f"*Niet bekend voor {jaar}:* de bronnen geven voor {jaar} geen functieregels met bedrag en fte."))

    # the checks: register rows touching the records shown, for this page's year (or without a year)
    t = raakt(bereken(register).tabel, set().union(*(s.ids for s in secties)))
    bev = t[(t["jaar"] == str(jaar)) | (t["jaar"] == "")].reset_index(drop=True)

    bekend = []
    if dekkend:
        bekend.append("de investeringsagenda " + " en ".join(ag.defn.titel[-9:] for ag in dekkend))
    if e is not None:
        bekend.append(f"de efficiencytaakstelling (taakstelling en invulling in {jaar} en cumulatief t/m {jaar})")
    if kpf is not None:
        bekend.append(f"de kosten per fte per schaal in {jaar}")
    onbekend = []
    if not dekkend:
        onbekend.append("geen investeringsagenda dekt dit jaar")
    if e is None:
        onbekend.append("geen taakstelling of invulling van de efficiencytaakstelling")
    inleiding = (f"**SZMH {jaar}.** Wat de jaarplannen 2017 (`002`) en 2018 (`000`) van Sociale Zaken Maastricht Heuvelland "
                 f"over {jaar} zeggen: " + ("; ".join(bekend) if bekend else "niets financieels") + "."
                 + (f" **Niet bekend voor {jaar}:** " + "; ".join(onbekend) + "." if onbekend else "")
                 + f" {len(bev)} controles uit het bevindingenregister horen bij de getoonde tabellen.")
    return Pagina(gemeente, jaar, inleiding, secties, bev, afwijkend)
