"""Figures from the annual plans' prose and the efficiency target in fte (sections of the formatie page)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from rekenboek.inputs.register import Cijfer, Register
from rekenboek.models import formatie as fm
from rekenboek.models import szmh
from rekenboek.numbers import nl_euro, nl_fte, nl_getal
from rekenboek.report.charts import KLEUREN, STIJL, alt_tekst, nl_as
from rekenboek.report.page import Sectie
from rekenboek.report.tables import kosten_per_fte_tabel
from rekenboek.report.pages.formatie.opmaak import ids
from rekenboek.report.tables import bron

VERSIES = {"klopt": "gelijk", "afronding": "gelijk binnen de afronding", "afwijking": "verschillen"}


# --------------------------------------------------------------------------- figures in the prose
def _rij(onderwerp: str, c: Cijfer, berekend: str = "") -> dict:
    eenheid = " fte" if c.eenheid == "fte" else " %" if c.eenheid == "pct" else ""
    return {"Onderwerp": onderwerp, "Gedrukt": c.tekst, "Waarde": nl_getal(c.waarde) + eenheid,
            "Berekend": berekend, "Bron": bron(c)}


def tekstcijfers_tabel(t: fm.Tekstcijfers) -> pd.DataFrame | None:
    """The prose figures with what the book computes beside them."""
    rows = []
    if t.formatie_3d:
        rows.append(_rij("Formatie voor de uitvoering van de 3D's (jaarplan 2017)", t.formatie_3d,
                         f"waarvan saldo mutaties 3D in 2017: {nl_fte(t.saldo_3d.waarde)}" if t.saldo_3d else ""))
        if t.vaste_kern and t.flexibele_schil:
            rows.append(_rij("Vaste kern / flexibele schil van de extra 3D-formatie", t.vaste_kern,
                             f"{nl_getal(t.vaste_kern.waarde)} % van {nl_fte(t.formatie_3d.waarde)} = {nl_fte(t.kern_fte)} "
                             f"vast, {nl_getal(t.flexibele_schil.waarde)} % = {nl_fte(t.schil_fte)} flexibel "
                             f"(lezing: het percentage geldt voor de 3D-formatie; het document zegt 'deze extra formatie'); "
                             f"kern + schil = {nl_getal(t.kern_plus_schil)} %"))
    for p in t.plannen:
        rows.append(_rij(f"Nieuw personeel in vaste dienst ({p.naam}): aantal", p.aantal))
        rows.append(_rij(f"Nieuw personeel in vaste dienst ({p.naam}): fte", p.fte,
                         f"gemiddeld {nl_getal(p.fte_per_medewerker, 3)} fte per medewerker"))
    if t.draaiknop_eur and t.draaiknop_fte:
        rows.append(_rij("Bijdrage draaiknoppen 3D (jaarplan 2018): euro", t.draaiknop_eur))
        tabel = ("" if t.draaiknop_in_tabel is None else
                 f"; in de Formatieanalyse: {nl_fte(t.draaiknop_in_tabel)} (som van de regels)")
        rows.append(_rij("Bijdrage draaiknoppen 3D (jaarplan 2018): fte", t.draaiknop_fte,
                         f"kosten per fte: {nl_euro(t.draaiknop_per_fte)}" + tabel))
    return pd.DataFrame(rows) if rows else None


def tekstcijfers_tekst(t: fm.Tekstcijfers, gemeente: str) -> str:
    if t.leeg:
        return f"*Niet bekend:* de jaarplannen van SZMH gaan niet over {gemeente}; er zijn geen tekstcijfers over formatie."
    d3, eur, fte = t.formatie_3d, t.draaiknop_eur, t.draaiknop_fte
    p17, p18 = t.plannen
    vergelijk = ""
    if t.efficiency_per_fte is not None:
        vergelijk = (f" Ter vergelijking: de invulling van de efficiencytaakstelling {t.efficiency_jaar} kost "
                     f"{nl_euro(t.efficiency_per_fte)} per fte ({nl_euro(t.efficiency_bedrag.waarde)} voor "
                     f"{nl_fte(t.efficiency_fte)}, {bron(t.efficiency_bedrag)}). Het document zegt niet met welk bedrag "
                     f"per fte de draaiknoppen rekenen; daarom is dit een berekend cijfer, geen controle.")
    return (f"Het jaarplan 2017 stelt de formatie voor de uitvoering van de 3D's op {nl_fte(d3.waarde, 1)} per 2017 "
            f"({bron(d3)}). Na de werving van 2016 kwamen {p17.aantal.tekst} medewerkers met samen "
            f"{nl_fte(p17.fte.waarde)} in vaste dienst ({bron(p17.aantal)}); na de werving eind 2017 nog "
            f"{p18.aantal.tekst} medewerkers met {nl_fte(p18.fte.waarde, 1)} ({bron(p18.aantal)}), samen "
            f"{nl_getal(t.aangenomen_aantal, 0)} medewerkers en {nl_fte(t.aangenomen_fte)}. "
            f"Voor de draaiknoppen 3D levert SZMH vanaf 2018 structureel {nl_euro(eur.waarde)} ({nl_fte(fte.waarde, 1)}, "
            f"{bron(eur)}): dat is {nl_euro(t.draaiknop_per_fte)} per fte." + vergelijk)


# --------------------------------------------------------------------------- efficiency in fte
def jaren_tabel(versies: list[fm.EffVersie]) -> pd.DataFrame:
    jaren = sorted({j for v in versies for j in v.regels})
    rows = []
    for j in jaren:
        rij = {"Jaar": str(j)}
        for v in versies:
            if j not in v.regels:
                rij[f"{v.naam}: fte"] = rij[f"{v.naam}: gedrukt"] = rij[f"{v.naam}: cumulatief"] = ""
                continue
            sub = v.subtotalen.get(j)
            rij[f"{v.naam}: fte"] = nl_getal(v.som(j), 2)
            rij[f"{v.naam}: gedrukt"] = "—" if sub is None else f"{sub.tekst} ({bron(sub)})"
            rij[f"{v.naam}: cumulatief"] = nl_getal(v.cumulatief(j), 2)
        if len(versies) == 2:
            verschil = fm.verschil_versies(versies, j)
            rij["Verschil versies (fte)"] = "" if verschil is None else nl_getal(verschil, 2)
        rows.append(rij)
    return pd.DataFrame(rows)


def functies_tabel(versies: list[fm.EffVersie], jaar: int) -> pd.DataFrame | None:
    """The function rows of one year, both versions side by side (matched in printed order)."""
    regels = fm.efficiency_functies(versies, jaar)
    if not regels:
        return None
    rows = []
    for r in regels:
        rij = {"Functie": r.ref.label("functie"), "Schaal": r.ref.label("salarisschaal") or "div"}
        for v, c in zip(versies, r.rijen):
            rij[f"{v.naam} (fte)"] = "" if c is None else f"{nl_getal(c.waarde, 2)} ({bron(c)})"
        if r.oordeel is not None:
            rij["Versies"] = VERSIES[r.oordeel]
        rows.append(rij)
    return pd.DataFrame(rows)


def schalen_tabel(versie: fm.EffVersie) -> pd.DataFrame:
    kt = fm.efficiency_per_schaal(versie)
    rows = [{"Schaal": s} | {str(j): "" if kt.cel(s, j) is None else nl_getal(kt.cel(s, j), 2) for j in kt.kolommen}
            | {"2012 t/m laatste jaar": nl_getal(kt.rij_totaal(s), 2)} for s in kt.rijen]
    rows.append({"Schaal": "Totaal"} | {str(j): nl_getal(kt.kolom_totaal(j), 2) for j in kt.kolommen}
                | {"2012 t/m laatste jaar": nl_getal(kt.totaal, 2)})
    return pd.DataFrame(rows)


def per_schaal_grafiek(versie: fm.EffVersie, jaar: int):
    """Stacked bars per year: the fte of the efficiency target per salary scale; the page's year marked."""
    kt = fm.efficiency_per_schaal(versie)
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(8, 4.2))
        jaren = list(kt.kolommen)
        onder = [0.0] * len(jaren)
        for i, s in enumerate(kt.rijen):
            w = [float(kt.cel(s, j) or 0) for j in jaren]
            ax.bar([str(j) for j in jaren], w, bottom=onder, color=KLEUREN[i % len(KLEUREN)], edgecolor="black",
                   linewidth=0.5, label=f"schaal {s}" if s.isdigit() else "diverse functies")
            onder = [o + v for o, v in zip(onder, w)]
        if jaar in jaren:
            ax.get_xticklabels()[jaren.index(jaar)].set_fontweight("bold")
        ax.set_xlabel("jaar van de efficiencytaakstelling")
        ax.yaxis.set_major_formatter(nl_as(1))
        ax.set_ylabel("ingevulde formatie (fte)")
        ax.set_title(f"Efficiencytaakstelling: ingevulde fte per schaal ({versie.naam})")
        ax.legend(fontsize=8, frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
        fig.tight_layout()
        return fig


def per_schaal_alt(versie: fm.EffVersie) -> str:
    kt = fm.efficiency_per_schaal(versie)
    return alt_tekst("Gestapeld staafdiagram", f"de ingevulde fte van de efficiencytaakstelling per jaar en salarisschaal "
                     f"({versie.naam})", [f"{j}: {nl_getal(kt.kolom_totaal(j), 2)} fte" for j in kt.kolommen]
                     + [f"totaal {nl_getal(kt.totaal, 2)} fte"])


def efficiency_tekst(versies: list[fm.EffVersie], gemeente: str, jaar: int) -> str:
    if not versies:
        return f"*Niet bekend:* de efficiencytaakstelling in fte gaat over SZMH, niet over {gemeente}."
    jaren = sorted({j for v in versies for j in v.regels})
    if jaar not in jaren:
        return (f"*Niet bekend voor {jaar}:* de tabellen van de ingevulde efficiencytaakstelling lopen van "
                f"{jaren[0]} tot en met {jaren[-1]}. De tabellen hieronder tonen alle jaren.")
    delen = [f"{v.naam}: {nl_fte(v.som(jaar))} in {jaar}, cumulatief {nl_fte(v.cumulatief(jaar))} sinds {min(v.regels)}"
             for v in versies if jaar in v.regels]
    return (f"Ingevulde efficiencytaakstelling in fte, {jaar} (som van de functieregels): " + "; ".join(delen) + ". "
            f"De kosten per fte per regel komen uit het SZMH-model (bedrag gedeeld door fte), met per regel de vergelijking "
            f"met de andere regels van dezelfde schaal en hetzelfde jaar.\n\n*Aanname (afgeleid):* {szmh.KOSTEN_PER_FTE}")


# --------------------------------------------------------------------------- sections
def secties(register: Register, tekst: fm.Tekstcijfers, versies: list[fm.EffVersie], gemeente: str,
            jaar: int) -> list[Sectie]:
    """The staff figures of the prose, and the efficiency target in fte (both printed versions)."""
    proza = Sectie("Cijfers uit de tekst", tekstcijfers_tekst(tekst, gemeente))
    if not tekst.leeg:
        proza.tabellen, proza.ids = [("", tekstcijfers_tabel(tekst))], ids(tekst.records)
    eff = Sectie("Efficiencytaakstelling in fte", efficiency_tekst(versies, gemeente, jaar))
    if versies:
        functies = functies_tabel(versies, jaar)
        rijen = [r for r in szmh.fte_rijen(register) if r.jaar == jaar]
        kosten = kosten_per_fte_tabel(rijen, jaar)
        eff.tabellen = [("", jaren_tabel(versies))]
        if functies is None:
            eff.tekst += "\n\n*Niet bekend voor dit jaar:* geen functieregels van de efficiencytaakstelling."
        else:
            eff.tabellen.append(("", functies))
        if kosten is None:
            eff.tekst += "\n\n*Niet bekend voor dit jaar:* geen functieregels met bedrag en fte."
        else:
            eff.tabellen.append(("", kosten))
        eff.tabellen.append(("", schalen_tabel(versies[-1])))
        eff.figuren = [(per_schaal_alt(versies[-1]), lambda: per_schaal_grafiek(versies[-1], jaar))]
        eff.ids = ids(*(v.records for v in versies), *((r.fte, r.bedrag) for r in rijen))
    return [proza, eff]
