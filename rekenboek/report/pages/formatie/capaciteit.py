"""Capacity of Midden-Limburg West and of the MH action plan: tables, charts and text (sections of the formatie page)."""
from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from rekenboek.inputs.register import Register
from rekenboek.models import capaciteit as cp
from rekenboek.models import kostenverdeling as kv
from rekenboek.numbers import nl_euro, nl_fte, nl_getal
from rekenboek.report.charts import KLEUREN, OKABE_ITO, STIJL, alt_tekst, nl_as, nl_as_geheel
from rekenboek.report.page import Sectie
from rekenboek.report.pages.formatie.opmaak import ids
from rekenboek.report.tables import bron

UITKOMST = {"klopt": "gelijk", "afronding": "gelijk binnen de afronding"}


# ------------------------------------------------------------------ MLW
@dataclass
class Mlw:
    """What the MLW section shows, computed once from the models."""

    functies: list[cp.Functie]
    totalen: dict
    vergelijkingen: list[cp.ParagraafVergelijking]
    model: kv.Model
    werkweek: cp.Werkweek | None
    uren: list
    leveringen: list[cp.Levering]

    @classmethod
    def bereken(cls, register: Register, gemeente: str) -> "Mlw":
        return cls(cp.mlw_functies(register), cp.mlw_totalen(register), cp.paragraaf_vergelijking(register),
                   kv.model(register), cp.werkweek(register), cp.uren(register), cp.leveringen(register, gemeente))

    @property
    def records(self) -> list:
        euro = [c for r in self.model.regels for c in list(r.fte.values()) + list(r.gedrukt.values())]
        euro += [c for t in self.model.tarieven.values() for c in (t.bedrag, t.fte)]
        return ([c for f in self.functies for c in f.records] + list(self.totalen.values())
                + [c for v in self.vergelijkingen for c in (v.paragraaf, v.overzicht)] + euro + self.uren
                + [lv.record for lv in self.leveringen] + ([self.werkweek.uren, self.werkweek.fte] if self.werkweek else []))


def functies_tabel(functies: list[cp.Functie], totalen: dict) -> pd.DataFrame:
    rows = []
    for f in functies:
        rij = {"Functie": f.naam, "Schaal (CAR-UWO)": f.schaal or ""}
        for k in cp.KOLOMMEN:
            v = f.waarde(k)
            rij[kv.KOLOM_KORT[k] + " (fte)"] = "" if v is None else nl_getal(v, 2)
        rij["Uitbreiding vanaf"] = f.vanaf.tekst if f.vanaf else ""
        rij["Bron"] = bron(next(iter(f.fte.values())))
        rows.append(rij)
    her = cp.herberekende_totalen(functies)
    rij = {"Functie": "Totaal (herberekend uit de regels)", "Schaal (CAR-UWO)": ""}
    rij |= {kv.KOLOM_KORT[k] + " (fte)": nl_getal(her[k], 2) for k in cp.KOLOMMEN}
    rows.append(rij | {"Uitbreiding vanaf": "", "Bron": ""})
    rij = {"Functie": "Totaal (gedrukt)", "Schaal (CAR-UWO)": ""}
    rij |= {kv.KOLOM_KORT[k] + " (fte)": "" if totalen.get(k) is None else totalen[k].tekst for k in cp.KOLOMMEN}
    rows.append(rij | {"Uitbreiding vanaf": "", "Bron": bron(next(iter(totalen.values()))) if totalen else ""})
    return pd.DataFrame(rows)


def uitkomst(v: cp.ParagraafVergelijking) -> str:
    if v.gelijk:
        return UITKOMST[v.oordeel_gelijk]
    return "overzicht = 2/3 van de paragraaf" if v.past_twee_derde else "wijkt af"


def paragraaf_tabel(vs: list[cp.ParagraafVergelijking], functies: list[cp.Functie]) -> pd.DataFrame:
    vanaf = {f.naam: f.vanaf.tekst for f in functies if f.vanaf}
    return pd.DataFrame([{
        "Functie": v.functie, "Kolom": kv.KOLOM_KORT[v.kolom],
        "Paragraaf (fte)": f"{v.paragraaf.tekst} ({bron(v.paragraaf)})",
        "Samenvattend overzicht (fte)": f"{v.overzicht.tekst} ({bron(v.overzicht)})",
        "Factor overzicht / paragraaf": nl_getal(v.factor, 4),
        "Paragraaf × 2/3, afgekapt": nl_getal(v.twee_derde, 2),
        "Uitbreiding vanaf": vanaf.get(v.functie, ""),
        "Uitkomst": uitkomst(v),
    } for v in vs])


def euro_tabel(model: kv.Model) -> pd.DataFrame:
    """Per schaal: the inferred rate, the fte of that schaal per column and fte x rate against the printed euros."""
    rows = []
    for e in cp.euro_per_schaal(model):
        t = e.tarief
        rij = {"Schaal": t.schaal, "Bedrag per fte (afgeleid)": nl_euro(t.tarief, 2),
               "Afgeleid uit": f"{t.bron_functie} ({bron(t.bedrag)})", "Functies": ", ".join(r.naam for r in e.regels)}
        for k in ("totaal", "tijdelijk"):
            fte = e.fte[k]
            rij[f"{kv.KOLOM_KORT[k]}: fte"] = nl_getal(fte, 2) if fte else ""
            rij[f"{kv.KOLOM_KORT[k]}: fte × tarief"] = nl_euro(e.model[k]) if fte else ""
            rij[f"{kv.KOLOM_KORT[k]}: gedrukt"] = nl_euro(e.gedrukt[k]) if fte else ""
        rows.append(rij)
    return pd.DataFrame(rows)


def uren_tabel(uren: list, ww: cp.Werkweek | None) -> pd.DataFrame:
    return pd.DataFrame([{"Omschrijving (bron)": c.label("uitleg"), "Uren per week": nl_getal(c.waarde), "Bron": bron(c),
                          "In fte bij de afgeleide werkweek": "" if ww is None else nl_getal(ww.in_fte(c.waarde), 2)}
                         for c in uren])


def leveringen_tabel(leveringen: list[cp.Levering]) -> pd.DataFrame:
    """The capacity the text says each gemeente supplies (fte in the 2016 base, hours per week elsewhere)."""
    return pd.DataFrame([{
        "Gemeente": lv.gemeente, "Wat": lv.record.label("functie") or lv.record.label("uitleg"),
        "Omvang": nl_getal(lv.record.waarde) + (" fte" if lv.record.eenheid == "fte" else " uur per week"),
        "Toelichting": ("gedeeld met een andere gemeente" if lv.samen else
                        "geldt voor elke gemeente" if lv.per_gemeente else lv.record.label("uitleg")),
        "Bron": bron(lv.record)} for lv in leveringen])


def functies_grafiek(functies: list[cp.Functie]):
    """Horizontal stacked bars per function: basis, structural additional, temporary."""
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(8, 0.4 * len(functies) + 1.6))
        namen = [f.naam for f in functies]
        links = [0.0] * len(functies)
        for i, k in enumerate(("basis", "structureel", "tijdelijk")):
            w = [float(f.waarde(k) or 0) for f in functies]
            ax.barh(namen, w, left=links, color=KLEUREN[i], edgecolor="black", linewidth=0.5, label=kv.KOLOM_KORT[k])
            links = [a + b for a, b in zip(links, w)]
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(nl_as(1))
        ax.set_xlabel("formatie (fte)")
        ax.set_title("Capaciteit Midden-Limburg West per functie (samenvattend overzicht 2018)")
        ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        return fig


def functies_alt(functies: list[cp.Functie]) -> str:
    def som(f):
        return sum(f.waarde(k) or 0 for k in ("basis", "structureel", "tijdelijk"))
    return alt_tekst("Liggend gestapeld staafdiagram", "de capaciteit van Midden-Limburg West per functie (basisformatie, "
                     "structureel en tijdelijk additioneel)", [f"{f.naam} {nl_getal(som(f))} fte" for f in functies])


def gemeenten_alt(register: Register) -> str:
    fte, uren = cp.basis_per_gemeente(register), cp.uren_per_gemeente(register)
    return alt_tekst("Twee staafdiagrammen", "de capaciteit die elke gemeente van Midden-Limburg West levert",
                     [f"{g}: {nl_getal(fte[g])} fte basisformatie" for g in fte]
                     + [f"{g}: {nl_getal(uren[g])} uur per week" for g in uren])


def gemeenten_grafiek(register: Register):
    """Per gemeente: fte of the 2016 base it supplies and hours per week it contributes."""
    fte, uren = cp.basis_per_gemeente(register), cp.uren_per_gemeente(register)
    with plt.rc_context(STIJL):
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.4))
        g = list(fte)
        a1.bar(g, [float(fte[x]) for x in g], color=OKABE_ITO["blauw"], edgecolor="black", linewidth=0.5)
        a1.yaxis.set_major_formatter(nl_as(1))
        a1.set_ylabel("basisformatie convenant 2016 (fte)")
        a1.set_xlabel("leverende gemeente")
        a1.set_title("Geleverde formatie (fte)")
        a2.bar(g, [float(uren[x]) for x in g], color=OKABE_ITO["oranje"], edgecolor="black", linewidth=0.5)
        nl_as_geheel(a2.yaxis, "inzet (uur per week)")
        a2.set_xlabel("gemeente")
        a2.set_title("Inzet in uren per week")
        fig.suptitle("Capaciteit die elke gemeente volgens de tekst levert (MLW)")
        fig.tight_layout()
        return fig


def mlw_tekst(register: Register, m: Mlw, gemeente: str, jaar: int) -> str:
    tot, fs, vs, ww = m.totalen, m.functies, m.vergelijkingen, m.werkweek
    her = cp.herberekende_totalen(fs)
    tweederde = [v for v in vs if not v.gelijk and v.past_twee_derde]
    anders = [v for v in vs if not v.gelijk and not v.past_twee_derde]
    tijd = m.model.tijdelijk_jaar
    tekst = (f"Het samenvattend overzicht ({bron(tot['totaal'])}) geeft {nl_fte(tot['basis'].waarde)} basisformatie, "
             f"{nl_fte(tot['structureel'].waarde)} structureel additioneel, samen {nl_fte(tot['totaal'].waarde)} structureel per "
             f"jaar van de raadsperiode, en {nl_fte(tot['tijdelijk'].waarde)} tijdelijk in {tijd}. Herberekend uit de regels: "
             f"{nl_fte(her['basis'])}, {nl_fte(her['structureel'])}, {nl_fte(her['totaal'])} en {nl_fte(her['tijdelijk'])}. "
             + f"Voor {jaar} geldt de structurele formatie"
             + (" plus de tijdelijke." if jaar == tijd else f"; de tijdelijke inzet hoort bij {tijd}."))
    vanaf = sorted({f.vanaf.tekst for f in fs if f.vanaf and f.naam in {v.functie for v in tweederde}})
    tekst += (f"\n\n**Paragrafen tegen het overzicht.** Van {len(vs)} cijfers in de paragrafen per functie komen er "
              f"{sum(v.gelijk for v in vs)} ongewijzigd in het overzicht; {len(tweederde)} staan er op precies twee derde "
              f"(afgekapt op twee decimalen): {', '.join(v.functie for v in tweederde)}. Dat zijn de regels met uitbreiding "
              f"vanaf {', '.join(vanaf)}; het document legt de factor niet uit (model-controles `formatie2-mlw-factor-*`)."
              + (f" Anders: {', '.join(v.functie for v in anders)}." if anders else ""))
    if ww:
        lo, hi = ww.bandbreedte
        tekst += (f"\n\n**Uren tegen fte.** MOBW staat in het overzicht op {nl_fte(ww.fte.waarde)} en in de tekst op "
                  f"{nl_getal(ww.uren.waarde)} uur per week ({bron(ww.uren)}): dat impliceert een werkweek van "
                  f"{nl_getal(ww.uur_per_fte, 1)} uur per fte (binnen de afronding {nl_getal(lo, 1)} tot {nl_getal(hi, 1)} uur). "
                  f"Dit is berekend, niet aangenomen; de tabel met uren zet de andere uren met deze werkweek om in fte.")
    basis = cp.basis_per_gemeente(register)
    if gemeente in basis:
        tekst += (f"\n\n**{gemeente}** levert volgens de oplegnotitie {nl_fte(basis[gemeente])} van de basisformatie van het "
                  f"convenant 2016 en uren voor werkgroepen en MOBW (tabel hieronder); aandeel in de kosten "
                  f"{nl_getal(m.model.aandelen[gemeente])} %. Let op: de oplegnotitie meldt dat de business "
                  f"controller jeugdhulp na een bijstelling in 2016/2017 door Weert in plaats van Leudal wordt geleverd; "
                  f"de tabel volgt de oorspronkelijke verdeling van het convenant 2016.")
    return tekst


def mlw_sectie(register: Register, mlw: bool, leden: tuple[str, ...], gemeente: str, jaar: int) -> Sectie:
    """The MLW capacity, or why it does not apply (``leden``: the cooperation's gemeenten, from eenheden.csv)."""
    if not mlw:
        return Sectie("Capaciteit Midden-Limburg West",
                      f"*Niet van toepassing:* {gemeente} hoort niet bij de samenwerking Midden-Limburg West "
                      f"({', '.join(leden)}).")
    m = Mlw.bereken(register, gemeente)
    return Sectie(
        "Capaciteit Midden-Limburg West", mlw_tekst(register, m, gemeente, jaar),
        [("", functies_tabel(m.functies, m.totalen)), ("", paragraaf_tabel(m.vergelijkingen, m.functies)),
         ("", euro_tabel(m.model)), ("", uren_tabel(m.uren, m.werkweek)), ("", leveringen_tabel(m.leveringen))],
        [(functies_alt(m.functies), lambda: functies_grafiek(m.functies)),
         (gemeenten_alt(register), lambda: gemeenten_grafiek(register))],
        ids(m.records))


# ------------------------------------------------------------------ action plan
def actieplan_tabel(inzet: list[cp.Inzet], gemeente: str | None = None) -> pd.DataFrame:
    rows = []
    for i in inzet:
        if gemeente and gemeente not in i.gemeenten:
            continue
        rows.append({"Functie": i.functie,
                     "Gedrukt": (" x ".join(c.tekst for c in i.records if c.label("kolom") != "Functies") if i.uitleg else
                                 i.records[0].tekst + (" uur" if i.fte is None else " fte")),
                     "Uren per jaar": nl_getal(i.in_uren, 0) + ("" if i.uren is not None else " (omgerekend)"),
                     "Fte": nl_getal(i.in_fte, 2) + ("" if i.fte is not None else " (omgerekend)"),
                     "Gemeente (Bijlage 2)": " + ".join(i.gemeenten) or "nog niet ingevuld",
                     "Nog vast te stellen (notk)": "ja" if i.notk else "",
                     "Toelichting": i.uitleg + (" — gedeeld door meerdere gemeenten; de verdeling staat er niet"
                                                if i.gedeeld else ""),
                     "Bron": bron(i.records[0])})
    return pd.DataFrame(rows)


def _jaren(jaren: list[int]) -> str:
    return "-".join(str(j) for j in jaren[::max(1, len(jaren) - 1)])


def actieplan_tekst(register: Register, inzet: list[cp.Inzet], jaren: list[int], van_toepassing: bool,
                    samenwerking: bool, gemeente: str, jaar: int) -> str:
    jr, doc = _jaren(jaren), cp.TABEL_BIJLAGE2[:3]
    if not inzet:
        if jaar in jaren and van_toepassing:
            return f"*Niet bekend:* het actieplan {jr} ({doc}) wijst {gemeente} geen capaciteit toe."
        return f"*Niet van toepassing:* het actieplan {jr} ({doc}) gaat over de MH-gemeenten in {jr}."
    fte, gedeeld, n = cp.actieplan_totaal(inzet, None if samenwerking else gemeente)
    alles, _, m = cp.actieplan_totaal(inzet)
    wie = "alle MH-gemeenten samen" if samenwerking else gemeente
    return (f"Paragraaf 6.2 en Bijlage 2 van het actieplan geven de benodigde capaciteit op jaarbasis, deels in fte en "
            f"deels in uren. Omgerekend naar één eenheid is het totaal {nl_fte(alles)} over {m} functies. "
            f"Voor {wie}: {n} functies, {nl_fte(fte)}"
            + (f", waarvan {nl_fte(gedeeld)} gedeeld met een andere gemeente (de verdeling staat er niet)" if gedeeld else "")
            + ". Per gemeente (gedeelde regels tellen bij elke genoemde gemeente volledig mee): "
            + ", ".join(f"{g} {nl_fte(v)}" for g, v in cp.actieplan_per_gemeente(register, inzet).items())
            + f".\n\n*Werkweek:* {cp.WERKWEEK_AANNAME}")


def actieplan_sectie(register: Register, inzet: list[cp.Inzet], jaren: list[int], van_toepassing: bool,
                     samenwerking: bool, gemeente: str, jaar: int) -> Sectie:
    s = Sectie("Capaciteit actieplan Toekomstagenda",
               actieplan_tekst(register, inzet, jaren, van_toepassing, samenwerking, gemeente, jaar))
    if inzet:
        alle = ("Geen aparte toewijzing voor deze eenheid; de hele tabel staat hieronder." if samenwerking else "", 
                actieplan_tabel(inzet))
        s.tabellen = ([] if samenwerking else [("", actieplan_tabel(inzet, gemeente))]) + [alle]
        s.ids = ids(*(list(i.records) + list(i.factoren) + list(i.labels) for i in inzet))
    return s
