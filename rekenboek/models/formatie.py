"""The formatie walk of a unit and year: opening + mutations per kind = closing.

Built from the transcribed table (not the prose), in printed order. Printed
subtotals and balances are shown beside the values recomputed from the rows,
exactly, with Decimal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from rekenboek.inputs.register import Cijfer, Register
from rekenboek.numbers import datum_uit_iso, nl_datum, nl_fte, nl_getal

STANDEN = ("beginstand", "tussenstand", "eindstand")
SOORT_NAMEN = {
    "efficiency": "Efficiencytaakstelling",
    "wegvallen": "Wegvallen taken/budgetten",
    "nieuw": "Nieuwe taken/budgetten",
    "bedrijfsreserve": "Bedrijfsreserve",
    "draaiknop": "Draaiknop 3D",
    "wijziging 2017": "Wijzigingen in 2017",
}


@dataclass(frozen=True)
class Stap:
    soort: str            # 'stand' or 'mutatie'
    naam: str             # Dutch label
    peildatum: str        # printed date label for a balance, as printed ('' for mutations)
    gedrukt: Decimal | None
    herberekend: Decimal
    regel: int | None     # line of the printed figure
    pm: int = 0           # number of pm rows in a mutation kind

    @property
    def verschil(self) -> Decimal | None:
        return None if self.gedrukt is None else self.gedrukt - self.herberekend


@dataclass
class FormatieLoop:
    gemeente: str
    jaar: int
    tabel_id: str
    titel: str
    bestand: str
    stappen: list[Stap]
    regels: list[Cijfer]

    @property
    def begin(self) -> Stap:
        return self.stappen[0]

    @property
    def eind(self) -> Stap:
        return self.stappen[-1]

    @property
    def saldo(self) -> Decimal:
        return self.eind.herberekend - self.begin.herberekend


def _tabel_voor(register: Register, gemeente: str, jaar: int) -> str | None:
    tabellen = set(register.tabellen.loc[register.tabellen["soort"] == "tabel", "tabel"])
    kandidaten = sorted({c.tabel for c in register.cijfers.values()
                         if c.rol == "beginstand" and c.eenheid == "fte" and c.tabel in tabellen
                         and c.label("gemeente") == gemeente and c.label("jaar") == str(jaar)})
    if len(kandidaten) > 1:
        raise ValueError(f"meer dan één formatietabel voor {gemeente} {jaar}: {kandidaten}")
    return kandidaten[0] if kandidaten else None


def loop(register: Register, gemeente: str, jaar: int) -> FormatieLoop | None:
    """The walk for one unit and year, or None when no source gives one."""
    tabel_id = _tabel_voor(register, gemeente, jaar)
    if tabel_id is None:
        return None
    rijen = sorted((c for c in register.cijfers.values() if c.tabel == tabel_id), key=lambda c: (c.regel, c.id))
    datums = {c.regel: c for c in rijen if c.rol == "peildatum"}
    stappen: list[Stap] = []
    lopend = Decimal(0)
    groep: list[Cijfer] = []
    subtotalen = {c.label("mutatiesoort"): c for c in rijen if c.rol == "subtotaal"}

    def sluit_groep():
        nonlocal lopend, groep
        if not groep:
            return
        soort = groep[0].label("mutatiesoort")
        som = sum((c.waarde for c in groep if not c.is_pm), Decimal(0))
        sub = subtotalen.get(soort)
        stappen.append(Stap("mutatie", SOORT_NAMEN.get(soort, soort), "", sub.waarde if sub else None, som,
                            sub.regel if sub else None, sum(1 for c in groep if c.is_pm)))
        lopend += som
        groep = []

    for c in rijen:
        if c.rol == "mutatie":
            if groep and groep[0].label("mutatiesoort") != c.label("mutatiesoort"):
                sluit_groep()
            groep.append(c)
        elif c.rol in STANDEN:
            sluit_groep()
            datum = datums.get(c.regel)
            if c.rol == "beginstand":
                lopend = c.waarde
            naam = {"beginstand": "Beginstand", "tussenstand": "Tussenstand", "eindstand": "Eindstand"}[c.rol]
            stappen.append(Stap("stand", naam, datum.tekst if datum else "", c.waarde, lopend, c.regel))
    sluit_groep()
    titel = register.tabellen.set_index("tabel").loc[tabel_id, "titel"]
    return FormatieLoop(gemeente, jaar, tabel_id, titel, rijen[0].bestand, stappen,
                        [c for c in rijen if c.rol == "mutatie"])


def loop_tabel(lp: FormatieLoop) -> pd.DataFrame:
    """The walk as a Dutch display table."""
    return pd.DataFrame([{
        "Stap": s.naam + (f" ({s.pm} × pm)" if s.pm else ""),
        "Peildatum (gedrukt)": s.peildatum,
        "Gedrukt (fte)": "—" if s.gedrukt is None else nl_getal(s.gedrukt, 2),
        "Herberekend (fte)": nl_getal(s.herberekend, 2),
        "Verschil (fte)": "—" if s.verschil is None else nl_getal(s.verschil, 2),
        "Regel": "" if s.regel is None else str(s.regel),
    } for s in lp.stappen])


def mutaties_per_schaal(lp: FormatieLoop) -> pd.DataFrame:
    """Mutations summed per salary scale and kind (exact), with row and column totals."""
    soorten = list(dict.fromkeys(c.label("mutatiesoort") for c in lp.regels))
    schalen = sorted({int(c.label("salarisschaal")) for c in lp.regels if c.label("salarisschaal")})
    som: dict[tuple[int, str], Decimal] = {}
    for c in lp.regels:
        if c.is_pm or not c.label("salarisschaal"):
            continue
        k = (int(c.label("salarisschaal")), c.label("mutatiesoort"))
        som[k] = som.get(k, Decimal(0)) + c.waarde
    rows = []
    for s in schalen + ["Totaal"]:
        rij = {"Schaal": str(s)}
        totaal = Decimal(0)
        for m in soorten:
            v = sum((som.get((x, m), Decimal(0)) for x in (schalen if s == "Totaal" else [s])), Decimal(0))
            totaal += v
            rij[SOORT_NAMEN.get(m, m)] = nl_getal(v, 2) if v else ""
        rij["Totaal"] = nl_getal(totaal, 2)
        rows.append(rij)
    return pd.DataFrame(rows)


def mutatieregels(lp: FormatieLoop) -> pd.DataFrame:
    """Every mutation row as printed, for the detail table."""
    return pd.DataFrame([{
        "Soort": SOORT_NAMEN.get(c.label("mutatiesoort"), c.label("mutatiesoort")),
        "Functie": c.label("functie"),
        "Schaal": c.label("salarisschaal"),
        "Fte": "pm" if c.is_pm else nl_getal(c.waarde, 2),
        "Uitleg": c.label("uitleg"),
        "Regel": c.regel,
    } for c in lp.regels])


def saldo_per_soort(lp: FormatieLoop) -> dict[str, Decimal]:
    return {s.naam: s.herberekend for s in lp.stappen if s.soort == "mutatie"}


def inleiding(register: Register, lp: FormatieLoop | None, gemeente: str, jaar: int, bevindingen: pd.DataFrame) -> str:
    """The page's opening paragraph in Dutch, every figure computed."""
    if lp is None:
        return (f"Voor **{gemeente} {jaar}** bevatten de getranscribeerde bronnen geen formatieoverzicht. "
                f"Er is dus geen formatieloop te tonen of te controleren; dat betekent niet dat er geen formatie was, "
                f"alleen dat de bronnen er voor deze eenheid en dit jaar niets over zeggen.")
    bron = register.bronnen.set_index("bestand").loc[lp.bestand, "titel"]
    afw = int((bevindingen["oordeel"] == "afwijking").sum())
    richting = "stijgt" if lp.saldo > 0 else "daalt" if lp.saldo < 0 else "blijft gelijk"
    tekst = (f"Het *{bron}* geeft in de tabel *{lp.titel}* de formatie van {gemeente}. "
             f"Die bedraagt {nl_fte(lp.begin.herberekend)} op de beginstand ({lp.begin.peildatum}) en {richting} "
             f"door {sum(1 for s in lp.stappen if s.soort == 'mutatie')} soorten mutaties met per saldo "
             f"{nl_fte(abs(lp.saldo))} naar {nl_fte(lp.eind.herberekend)} (herberekend; gedrukt: {nl_fte(lp.eind.gedrukt)}). "
             f"Op deze pagina staan {len(bevindingen)} controles; {afw} daarvan "
             f"{'geeft' if afw == 1 else 'geven'} een afwijking.")
    return tekst


def pagina_titel(gemeente: str, jaar: int) -> str:
    return f"Formatie {gemeente} {jaar}"


__all__ = ["loop", "loop_tabel", "mutaties_per_schaal", "mutatieregels", "inleiding", "FormatieLoop", "Stap",
           "datum_uit_iso", "nl_datum"]


# =========================================================================== across years (issue 6)
from collections import defaultdict  # noqa: E402

from rekenboek.numbers import nl_euro  # noqa: E402

SZMH = "SZMH"


@dataclass(frozen=True)
class Aansluiting:
    """The closing balance of one walk against the opening balance of the next."""

    van: FormatieLoop
    naar: FormatieLoop

    @property
    def eind(self) -> Stap:
        return self.van.eind

    @property
    def begin(self) -> Stap:
        return self.naar.begin

    @property
    def verschil(self) -> Decimal:
        return self.begin.gedrukt - self.eind.gedrukt

    @property
    def breuk(self) -> bool:
        return self.verschil != 0


@dataclass
class Reeks:
    """The walks of one unit joined into one series, in order of their opening date."""

    gemeente: str
    lopen: list[FormatieLoop]

    @property
    def aansluitingen(self) -> list[Aansluiting]:
        return [Aansluiting(a, b) for a, b in zip(self.lopen, self.lopen[1:])]

    @property
    def breuken(self) -> list[Aansluiting]:
        return [a for a in self.aansluitingen if a.breuk]

    @property
    def soorten(self) -> list[str]:
        """Mutation kinds in order of first appearance over all walks."""
        return list(dict.fromkeys(s.naam for lp in self.lopen for s in lp.stappen if s.soort == "mutatie"))

    def mutaties(self, lp: FormatieLoop) -> dict[str, Decimal]:
        return saldo_per_soort(lp)

    @property
    def begin(self) -> Stap:
        return self.lopen[0].begin

    @property
    def eind(self) -> Stap:
        return self.lopen[-1].eind


def reeks(register: Register, gemeente: str) -> Reeks | None:
    """Every walk of the unit, ordered by the date of its opening balance."""
    jaren = sorted({int(c.label("jaar")) for c in register.cijfers.values()
                    if c.rol == "beginstand" and c.eenheid == "fte" and c.label("gemeente") == gemeente
                    and c.label("jaar").isdigit()})
    lopen = [lp for j in jaren if (lp := loop(register, gemeente, j)) is not None]
    return Reeks(gemeente, lopen) if lopen else None


def reeks_tabel(rk: Reeks) -> pd.DataFrame:
    """One row per balance and mutation kind over all walks; a break between walks is a row of its own."""
    rows = []
    for i, lp in enumerate(rk.lopen):
        for s in lp.stappen:
            if i > 0 and s is lp.begin:
                a = rk.aansluitingen[i - 1]
                rows.append({"Plan (loop)": f"{lp.jaar}", "Stap": "Aansluiting: beginstand = eindstand vorige loop",
                             "Peildatum": s.peildatum, "Gedrukt (fte)": nl_getal(s.gedrukt, 2),
                             "Herberekend (fte)": nl_getal(a.eind.gedrukt, 2),
                             "Verschil (fte)": nl_getal(a.verschil, 2),
                             "Bron": f"{lp.bestand[:3]}:{s.regel} / {a.van.bestand[:3]}:{a.eind.regel}",
                             "Oordeel": "breuk" if a.breuk else "sluit aan"})
                continue
            rows.append({"Plan (loop)": f"{lp.jaar}", "Stap": s.naam + (f" ({s.pm} × pm)" if s.pm else ""),
                         "Peildatum": s.peildatum,
                         "Gedrukt (fte)": "—" if s.gedrukt is None else nl_getal(s.gedrukt, 2),
                         "Herberekend (fte)": nl_getal(s.herberekend, 2),
                         "Verschil (fte)": "—" if s.verschil is None else nl_getal(s.verschil, 2),
                         "Bron": "" if s.regel is None else f"{lp.bestand[:3]}:{s.regel}",
                         "Oordeel": "" if s.verschil is None else ("klopt" if s.verschil == 0 else "afronding"
                                                                  if abs(s.verschil) <= Decimal("0.005") else "afwijking")})
    return pd.DataFrame(rows)


def mutaties_over_jaren(rk: Reeks) -> pd.DataFrame:
    """Net mutation per kind (rows) and walk (columns), recomputed from the rows, with totals."""
    rows = []
    for soort in rk.soorten + ["Totaal"]:
        rij = {"Soort mutatie": soort}
        for lp in rk.lopen:
            m = rk.mutaties(lp)
            v = sum(m.values(), Decimal(0)) if soort == "Totaal" else m.get(soort)
            rij[f"Loop jaarplan {lp.jaar} (fte)"] = "" if v is None else nl_getal(v, 2)
        v = sum((sum(rk.mutaties(lp).values(), Decimal(0)) if soort == "Totaal" else rk.mutaties(lp).get(soort, Decimal(0))
                 for lp in rk.lopen), Decimal(0))
        rij["Samen (fte)"] = nl_getal(v, 2)
        rows.append(rij)
    return pd.DataFrame(rows)


def schaal_over_jaren(rk: Reeks) -> pd.DataFrame:
    """Mutations per salary scale and walk (all kinds together), exact; pm rows counted separately."""
    som: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    pm: dict[tuple[str, int], int] = defaultdict(int)
    for lp in rk.lopen:
        for c in lp.regels:
            k = (c.label("salarisschaal") or "geen", lp.jaar)
            if c.is_pm:
                pm[k] += 1
            else:
                som[k] += c.waarde
    schalen = sorted({k[0] for k in list(som) + list(pm)}, key=lambda s: (not s.isdigit(), int(s) if s.isdigit() else 0))
    rows = []
    for s in schalen + ["Totaal"]:
        rij = {"Schaal": s}
        for lp in rk.lopen:
            keys = [(x, lp.jaar) for x in (schalen if s == "Totaal" else [s])]
            v = sum((som.get(k, Decimal(0)) for k in keys), Decimal(0))
            n = sum(pm.get(k, 0) for k in keys)
            rij[f"Loop {lp.jaar} (fte)"] = (nl_getal(v, 2) if v or s == "Totaal" else "") + (f" + {n} × pm" if n else "")
        rows.append(rij)
    return pd.DataFrame(rows)


def functies_over_jaren(rk: Reeks) -> pd.DataFrame:
    """Every mutation row of all walks, per function and scale, side by side per walk."""
    som: dict[tuple[str, str], dict[int, Decimal | str]] = defaultdict(dict)
    for lp in rk.lopen:
        for c in lp.regels:
            k = (c.label("functie"), c.label("salarisschaal"))
            if c.is_pm:
                som[k][lp.jaar] = "pm"
            else:
                oud = som[k].get(lp.jaar, Decimal(0))
                som[k][lp.jaar] = c.waarde + (oud if isinstance(oud, Decimal) else Decimal(0))
    rows = []
    for (functie, schaal), per in sorted(som.items(), key=lambda kv: (int(kv[0][1]) if kv[0][1].isdigit() else 99, kv[0][0])):
        rij = {"Functie": functie, "Schaal": schaal}
        for lp in rk.lopen:
            v = per.get(lp.jaar)
            rij[f"Loop {lp.jaar} (fte)"] = "" if v is None else v if isinstance(v, str) else nl_getal(v, 2)
        rows.append(rij)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- figures in the prose
@dataclass(frozen=True)
class Tekstcijfer:
    """A figure from the prose with what the book computes beside it."""

    onderwerp: str
    record: Cijfer
    berekend: str = ""          # Dutch text of a derived figure ('' when the figure stands alone)


def _c(register: Register, rid: str) -> Cijfer | None:
    return register.cijfers.get(rid)


def tekstcijfers(register: Register, rk: Reeks | None) -> list[Tekstcijfer]:
    """3D formatie, new permanent staff in both plans, the draaiknoppen contribution, the 80/20 split."""
    uit_: list[Tekstcijfer] = []
    d3 = _c(register, "002-p-formatie-3d")
    if d3:
        saldo = _c(register, "002-p-saldo-3d")
        uit_.append(Tekstcijfer("Formatie voor de uitvoering van de 3D's (jaarplan 2017)", d3,
                                f"waarvan saldo mutaties 3D in 2017: {nl_fte(saldo.waarde)}" if saldo else ""))
    kern, schil = _c(register, "002-p-vaste-kern"), _c(register, "002-p-flexibele-schil")
    if d3 and kern and schil:
        uit_.append(Tekstcijfer("Vaste kern / flexibele schil van de extra 3D-formatie", kern,
                                f"{nl_getal(kern.waarde)} % van {nl_fte(d3.waarde)} = {nl_fte(kern.waarde / 100 * d3.waarde)} vast, "
                                f"{nl_getal(schil.waarde)} % = {nl_fte(schil.waarde / 100 * d3.waarde)} flexibel "
                                f"(lezing: het percentage geldt voor de 3D-formatie; het document zegt 'deze extra formatie'); "
                                f"kern + schil = {nl_getal(kern.waarde + schil.waarde)} %"))
    for plan, pre in (("jaarplan 2017", "002-p"), ("jaarplan 2018", "000-p")):
        n, f = _c(register, f"{pre}-aangenomen-aantal"), _c(register, f"{pre}-aangenomen-fte")
        if n and f:
            uit_.append(Tekstcijfer(f"Nieuw personeel in vaste dienst ({plan}): aantal", n))
            uit_.append(Tekstcijfer(f"Nieuw personeel in vaste dienst ({plan}): fte", f,
                                    f"gemiddeld {nl_getal(f.waarde / n.waarde, 3)} fte per medewerker"))
    eur, fte = _c(register, "000-p-draaiknop-eur"), _c(register, "000-p-draaiknop-fte")
    if eur and fte:
        uit_.append(Tekstcijfer("Bijdrage draaiknoppen 3D (jaarplan 2018): euro", eur))
        tabel = ""
        if rk is not None:
            dk = [s for lp in rk.lopen for s in lp.stappen if s.soort == "mutatie" and s.naam == SOORT_NAMEN["draaiknop"]]
            if dk:
                tabel = f"; in de Formatieanalyse: {nl_fte(dk[0].herberekend)} (som van de regels)"
        uit_.append(Tekstcijfer("Bijdrage draaiknoppen 3D (jaarplan 2018): fte", fte,
                                f"kosten per fte: {nl_euro(eur.waarde / fte.waarde)}" + tabel))
    return uit_


def tekstcijfers_tabel(cijfers: list[Tekstcijfer]) -> pd.DataFrame:
    return pd.DataFrame([{
        "Onderwerp": t.onderwerp, "Gedrukt": t.record.tekst,
        "Waarde": nl_getal(t.record.waarde) + (" fte" if t.record.eenheid == "fte" else " %" if t.record.eenheid == "pct" else ""),
        "Berekend": t.berekend, "Bron": f"{t.record.bestand[:3]}:{t.record.regel}",
    } for t in cijfers])


def draaiknop_per_fte(register: Register) -> Decimal | None:
    eur, fte = _c(register, "000-p-draaiknop-eur"), _c(register, "000-p-draaiknop-fte")
    return None if not (eur and fte) else eur.waarde / fte.waarde


# --------------------------------------------------------------------------- absence vs norm
#: the direction of each norm (INFERRED: the documents give a norm beside each figure but no direction;
#: for sickness absence and reporting frequency a lower value is better, as the text's concern shows)
RICHTING_VERZUIM = ("Een verzuimpercentage en een meldingsfrequentie horen onder hun norm te blijven: de norm is een "
                    "bovengrens (lager is beter). Het document zegt dat niet met zoveel woorden; de toon van de tekst "
                    "('sterk de aandacht', 'voortdurende stijging') wijst erop.")


@dataclass(frozen=True)
class Kpi:
    jaar: int | None            # None: the document does not say which year
    naam: str
    realisatie: Cijfer
    norm: Cijfer | None

    @property
    def verschil(self) -> Decimal | None:
        return None if self.norm is None else self.realisatie.waarde - self.norm.waarde

    @property
    def oordeel(self) -> str:
        if self.norm is None:
            return "geen norm gegeven"
        return "boven de norm (ongunstig)" if self.verschil > 0 else "op de norm" if self.verschil == 0 else "onder de norm (gunstig)"


def verzuim(register: Register, gemeente: str) -> list[Kpi]:
    """Absence rate, long-term part and reporting frequency per year, with their norms (records of 000a-verzuim
    and 002a-verzuim, selected on role and explanation)."""
    recs = [c for c in register.cijfers.values() if c.tabel.endswith("-verzuim") and c.label("gemeente") == gemeente
            and c.rol in ("realisatie", "norm") and c.eenheid in ("pct", "ratio")]
    uit_: list[Kpi] = []
    for c in sorted(recs, key=lambda c: (c.bestand, c.regel, c.id)):
        if c.rol != "realisatie":
            continue
        u = c.label("uitleg")
        if "meldingsfrequentie" in u:
            naam, sleutel = "Meldingsfrequentie", "meldingsfrequentie"
        elif "langdurig" in u:
            naam, sleutel = "Langdurig verzuim (deel van het verzuimpercentage)", None
        else:
            naam, sleutel = "Verzuimpercentage", "verzuimpercentage"
        datum = c.label("datum")
        m = re.search(r"\b(20\d\d)\b", u)
        jaar = int(datum[:4]) if datum[:4].isdigit() else int(m[1]) if m else None
        norm = None
        if sleutel:
            norm = next((n for n in recs if n.rol == "norm" and n.bestand == c.bestand and n.regel == c.regel
                         and sleutel in n.label("uitleg")), None)
        uit_.append(Kpi(jaar, naam if jaar else u, c, norm))
    return uit_


def verzuim_tabel(kpis: list[Kpi]) -> pd.DataFrame:
    rows = []
    for k in kpis:
        eenheid = " %" if k.realisatie.eenheid == "pct" else ""
        aandeel = ""
        if "Langdurig" in k.naam:
            totaal = next((o for o in kpis if o.jaar == k.jaar and o.naam.startswith("Verzuimpercentage")
                           and o.realisatie.bestand == k.realisatie.bestand and o.realisatie.regel == k.realisatie.regel), None)
            if totaal:
                aandeel = f"{nl_getal(k.realisatie.waarde / totaal.realisatie.waarde * 100, 1)} % van het verzuim"
        rows.append({"Jaar": str(k.jaar) if k.jaar else "niet genoemd", "Indicator": k.naam, "Omschrijving (bron)": k.realisatie.label("uitleg"),
                     "Realisatie": nl_getal(k.realisatie.waarde) + eenheid,
                     "Norm": "—" if k.norm is None else nl_getal(k.norm.waarde) + eenheid,
                     "Realisatie − norm": "—" if k.verschil is None else nl_getal(k.verschil) + (" %-punt" if eenheid else ""),
                     "Richting norm": "—" if k.norm is None else "bovengrens (lager is beter)",
                     "Oordeel": k.oordeel if k.norm else (aandeel or k.oordeel),
                     "Bron": f"{k.realisatie.bestand[:3]}:{k.realisatie.regel}"})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- efficiency in fte (both plans)
#: (table, version label, fte column) of the two printed versions of the efficiency realisation
EFF_VERSIES = (("002b-bijlage-3b", "jaarplan 2017 (Bijlage 3b)", "fte"), ("000a-efficiency", "jaarplan 2018", "Fte"))


@dataclass
class EffVersie:
    tabel: str
    naam: str
    regels: dict[int, list[Cijfer]]       # year -> function rows (fte)
    subtotalen: dict[int, Cijfer]         # year -> printed subtotal fte

    def som(self, jaar: int) -> Decimal:
        return sum((c.waarde for c in self.regels.get(jaar, [])), Decimal(0))

    def cumulatief(self, jaar: int) -> Decimal:
        return sum((self.som(j) for j in self.regels if j <= jaar), Decimal(0))


def efficiency_versies(register: Register) -> list[EffVersie]:
    uit_ = []
    for tabel, naam, kolom in EFF_VERSIES:
        regels: dict[int, list[Cijfer]] = defaultdict(list)
        subs: dict[int, Cijfer] = {}
        for c in sorted(register.cijfers.values(), key=lambda c: (c.regel, c.id)):
            if c.tabel != tabel or c.eenheid != "fte" or c.label("kolom") != kolom or c.label("mutatiesoort") != "efficiency":
                continue
            if c.rol == "cel":
                regels[int(c.label("jaar"))].append(c)
            elif c.rol == "subtotaal":
                subs[int(c.label("jaar"))] = c
        if regels:
            uit_.append(EffVersie(tabel, naam, dict(regels), subs))
    return uit_


def efficiency_jaren_tabel(versies: list[EffVersie]) -> pd.DataFrame:
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
            rij[f"{v.naam}: gedrukt"] = "—" if sub is None else f"{sub.tekst} ({sub.bestand[:3]}:{sub.regel})"
            rij[f"{v.naam}: cumulatief"] = nl_getal(v.cumulatief(j), 2)
        if len(versies) == 2:
            rij["Verschil versies (fte)"] = (nl_getal(versies[1].som(j) - versies[0].som(j), 2)
                                             if all(j in v.regels for v in versies) else "")
        rows.append(rij)
    return pd.DataFrame(rows)


def efficiency_functies_tabel(versies: list[EffVersie], jaar: int) -> pd.DataFrame | None:
    """The function rows of one year, both versions side by side (matched in printed order)."""
    per = [v.regels.get(jaar, []) for v in versies]
    if not any(per):
        return None
    n = max(len(p) for p in per)
    rows = []
    for i in range(n):
        cs = [p[i] if i < len(p) else None for p in per]
        ref = next(c for c in cs if c is not None)
        rij = {"Functie": ref.label("functie"), "Schaal": ref.label("salarisschaal") or "div"}
        for v, c in zip(versies, cs):
            rij[f"{v.naam} (fte)"] = "" if c is None else f"{nl_getal(c.waarde, 2)} ({c.bestand[:3]}:{c.regel})"
        if len(cs) == 2 and None not in cs:
            gelijk = cs[0].waarde == cs[1].waarde and cs[0].label("salarisschaal") == cs[1].label("salarisschaal")
            rij["Versies"] = "gelijk" if gelijk else "verschillen"
        rows.append(rij)
    return pd.DataFrame(rows)


def efficiency_per_schaal(versie: EffVersie) -> dict[int, dict[str, Decimal]]:
    """Per year: fte per salary scale ('div' for rows without one)."""
    uit_: dict[int, dict[str, Decimal]] = {}
    for j, cs in sorted(versie.regels.items()):
        d: dict[str, Decimal] = defaultdict(Decimal)
        for c in cs:
            d[c.label("salarisschaal") or "div"] += c.waarde
        uit_[j] = dict(d)
    return uit_


def efficiency_schaal_tabel(versie: EffVersie) -> pd.DataFrame:
    per = efficiency_per_schaal(versie)
    schalen = sorted({s for d in per.values() for s in d}, key=lambda s: (not s.isdigit(), int(s) if s.isdigit() else 0))
    rows = []
    for s in schalen + ["Totaal"]:
        rij = {"Schaal": s}
        for j, d in per.items():
            v = sum(d.values(), Decimal(0)) if s == "Totaal" else d.get(s)
            rij[str(j)] = "" if v is None else nl_getal(v, 2)
        rij["2012 t/m laatste jaar"] = nl_getal(sum((d.get(s, Decimal(0)) if s != "Totaal" else sum(d.values(), Decimal(0))
                                                     for d in per.values()), Decimal(0)), 2)
        rows.append(rij)
    return pd.DataFrame(rows)
