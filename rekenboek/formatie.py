"""The formatie walk of a unit and year: opening + mutations per kind = closing.

Built from the transcribed table (not the prose), in printed order. Printed
subtotals and balances are shown beside the values recomputed from the rows,
exactly, with Decimal.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from .data import Cijfer, Register
from .numbers import datum_uit_iso, nl_datum, nl_fte, nl_getal

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
