"""The formatie of a unit: the walk of one year, the series of walks, prose figures, efficiency in fte.

Pure functions of the register: every result is a dataclass of exact ``Decimal`` values and the
records it was computed from. The walk is built from the transcribed table (not the prose), in
printed order; printed subtotals and balances stand beside the values recomputed from the rows,
and their verdict comes from :func:`rekenboek.checks.oordeel` with the tolerance that the printed
precision of the figures involved allows (the same rule as the declared checks).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rekenboek.checks import oordeel
from rekenboek.inputs.register import Cijfer, Register

NUL = Decimal(0)
STANDEN = ("beginstand", "tussenstand", "eindstand")
STAND_NAMEN = {"beginstand": "Beginstand", "tussenstand": "Tussenstand", "eindstand": "Eindstand"}
SOORT_NAMEN = {
    "efficiency": "Efficiencytaakstelling",
    "wegvallen": "Wegvallen taken/budgetten",
    "nieuw": "Nieuwe taken/budgetten",
    "bedrijfsreserve": "Bedrijfsreserve",
    "draaiknop": "Draaiknop 3D",
    "wijziging 2017": "Wijzigingen in 2017",
}


def _halve_eenheden(cs) -> Decimal:
    return sum((c.halve_eenheid for c in cs), NUL)


# --------------------------------------------------------------------------- the walk of one year
@dataclass(frozen=True)
class Stap:
    soort: str            # 'stand' or 'mutatie'
    naam: str             # Dutch label
    peildatum: str        # printed date label for a balance, as printed ('' for mutations)
    gedrukt: Decimal | None
    herberekend: Decimal
    regel: int | None     # line of the printed figure
    pm: int = 0           # number of pm rows in a mutation kind
    record: Cijfer | None = field(default=None, compare=False)            # the printed figure
    onderdelen: tuple[Cijfer, ...] = field(default=(), compare=False)    # the records it is recomputed from

    @property
    def verschil(self) -> Decimal | None:
        return None if self.gedrukt is None else self.gedrukt - self.herberekend

    @property
    def tolerantie(self) -> Decimal | None:
        """Half a unit of the printed figure plus half a unit of every printed figure it is recomputed from."""
        if self.record is None:
            return None
        return self.record.halve_eenheid + _halve_eenheden(c for c in self.onderdelen if c is not self.record)

    @property
    def oordeel(self) -> str | None:
        return None if self.verschil is None else oordeel(self.verschil, self.tolerantie)


@dataclass
class FormatieLoop:
    gemeente: str
    jaar: int
    tabel_id: str
    titel: str
    bestand: str
    stappen: list[Stap]
    regels: list[Cijfer]                                   # the mutation rows, in printed order
    records: list[Cijfer] = field(default_factory=list)    # every record of the table

    @property
    def begin(self) -> Stap:
        return self.stappen[0]

    @property
    def eind(self) -> Stap:
        return self.stappen[-1]

    @property
    def saldo(self) -> Decimal:
        return self.eind.herberekend - self.begin.herberekend

    @property
    def mutatiestappen(self) -> list[Stap]:
        return [s for s in self.stappen if s.soort == "mutatie"]


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
    subtotalen = {c.label("mutatiesoort"): c for c in rijen if c.rol == "subtotaal"}
    stappen: list[Stap] = []
    lopend, sinds_begin = NUL, []          # the running balance and the printed records it is made of
    groep: list[Cijfer] = []

    def sluit_groep():
        nonlocal lopend, groep
        if not groep:
            return
        soort = groep[0].label("mutatiesoort")
        som = sum((c.waarde for c in groep if not c.is_pm), NUL)
        sub = subtotalen.get(soort)
        stappen.append(Stap("mutatie", SOORT_NAMEN.get(soort, soort), "", sub.waarde if sub else None, som,
                            sub.regel if sub else None, sum(1 for c in groep if c.is_pm), sub,
                            tuple(c for c in groep if not c.is_pm)))
        lopend += som
        sinds_begin.extend(c for c in groep if not c.is_pm)
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
                lopend, sinds_begin = c.waarde, [c]
            stappen.append(Stap("stand", STAND_NAMEN[c.rol], datum.tekst if datum else "", c.waarde, lopend, c.regel,
                                0, c, tuple(sinds_begin)))
    sluit_groep()
    titel = register.tabellen.set_index("tabel").loc[tabel_id, "titel"]
    return FormatieLoop(gemeente, jaar, tabel_id, titel, rijen[0].bestand, stappen,
                        [c for c in rijen if c.rol == "mutatie"], rijen)


def saldo_per_soort(lp: FormatieLoop) -> dict[str, Decimal]:
    return {s.naam: s.herberekend for s in lp.mutatiestappen}


# --------------------------------------------------------------------------- exact cross tables
@dataclass(frozen=True)
class Kruistabel:
    """Exact sums of fte per (row, column); pm rows counted apart. Totals are computed here, not on the page."""

    rijen: tuple
    kolommen: tuple
    som: dict                                   # (row, column) -> Decimal, for cells with a figure
    pm: dict = field(default_factory=dict)      # (row, column) -> number of pm rows

    def cel(self, rij, kolom) -> Decimal | None:
        return self.som.get((rij, kolom))

    def aantal_pm(self, rij, kolom) -> int:
        return self.pm.get((rij, kolom), 0)

    def rij_totaal(self, rij) -> Decimal:
        return sum((self.som.get((rij, k), NUL) for k in self.kolommen), NUL)

    def kolom_totaal(self, kolom) -> Decimal:
        return sum((self.som.get((r, kolom), NUL) for r in self.rijen), NUL)

    def kolom_pm(self, kolom) -> int:
        return sum(self.pm.get((r, kolom), 0) for r in self.rijen)

    @property
    def totaal(self) -> Decimal:
        return sum((self.rij_totaal(r) for r in self.rijen), NUL)


def _schaalvolgorde(s: str) -> tuple:
    return (not s.isdigit(), int(s) if s.isdigit() else 0)


def mutaties_per_schaal(lp: FormatieLoop) -> Kruistabel:
    """Mutations of one walk per salary scale (rows) and kind (columns), exact; pm rows and rows without a scale left out."""
    soorten = tuple(dict.fromkeys(c.label("mutatiesoort") for c in lp.regels))
    schalen = tuple(sorted({int(c.label("salarisschaal")) for c in lp.regels if c.label("salarisschaal")}))
    som: dict = defaultdict(Decimal)
    for c in lp.regels:
        if not c.is_pm and c.label("salarisschaal"):
            som[(int(c.label("salarisschaal")), c.label("mutatiesoort"))] += c.waarde
    return Kruistabel(schalen, soorten, dict(som))


# --------------------------------------------------------------------------- the series of walks
@dataclass(frozen=True)
class Aansluiting:
    """The closing balance of one walk against the opening balance of the next (the same figure printed twice)."""

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
    def tolerantie(self) -> Decimal:
        return self.begin.record.halve_eenheid + self.eind.record.halve_eenheid

    @property
    def oordeel(self) -> str:
        return oordeel(self.verschil, self.tolerantie)

    @property
    def breuk(self) -> bool:
        return self.oordeel == "afwijking"


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
        return list(dict.fromkeys(s.naam for lp in self.lopen for s in lp.mutatiestappen))

    def mutaties(self, lp: FormatieLoop) -> dict[str, Decimal]:
        return saldo_per_soort(lp)

    @property
    def begin(self) -> Stap:
        return self.lopen[0].begin

    @property
    def eind(self) -> Stap:
        return self.lopen[-1].eind

    @property
    def saldo(self) -> Decimal:
        return self.eind.herberekend - self.begin.herberekend

    @property
    def jaren(self) -> list[int]:
        return [lp.jaar for lp in self.lopen]

    @property
    def records(self) -> list[Cijfer]:
        return [c for lp in self.lopen for c in lp.records]


def reeks(register: Register, gemeente: str) -> Reeks | None:
    """Every walk of the unit, ordered by the date of its opening balance."""
    jaren = sorted({int(c.label("jaar")) for c in register.cijfers.values()
                    if c.rol == "beginstand" and c.eenheid == "fte" and c.label("gemeente") == gemeente
                    and c.label("jaar").isdigit()})
    lopen = [lp for j in jaren if (lp := loop(register, gemeente, j)) is not None]
    return Reeks(gemeente, lopen) if lopen else None


def soorten_over_jaren(rk: Reeks) -> Kruistabel:
    """Net mutation per kind (rows) and walk (columns: the plan year), recomputed from the rows."""
    return Kruistabel(tuple(rk.soorten), tuple(rk.jaren),
                      {(naam, lp.jaar): v for lp in rk.lopen for naam, v in rk.mutaties(lp).items()})


def schalen_over_jaren(rk: Reeks) -> Kruistabel:
    """Mutations per salary scale ('geen' without one) and walk, all kinds together; pm rows counted apart."""
    som: dict = defaultdict(Decimal)
    pm: dict = defaultdict(int)
    for lp in rk.lopen:
        for c in lp.regels:
            k = (c.label("salarisschaal") or "geen", lp.jaar)
            if c.is_pm:
                pm[k] += 1
            else:
                som[k] += c.waarde
    schalen = tuple(sorted({k[0] for k in list(som) + list(pm)}, key=_schaalvolgorde))
    return Kruistabel(schalen, tuple(rk.jaren), dict(som), dict(pm))


def functies_over_jaren(rk: Reeks) -> Kruistabel:
    """Every mutation row of all walks summed per (function, scale) and walk; pm rows counted apart."""
    som: dict = defaultdict(Decimal)
    pm: dict = defaultdict(int)
    for lp in rk.lopen:
        for c in lp.regels:
            k = ((c.label("functie"), c.label("salarisschaal")), lp.jaar)
            if c.is_pm:
                pm[k] += 1
            else:
                som[k] += c.waarde
    rijen = sorted({k[0] for k in list(som) + list(pm)},
                   key=lambda fs: (int(fs[1]) if fs[1].isdigit() else 99, fs[0]))
    return Kruistabel(tuple(rijen), tuple(rk.jaren), dict(som), dict(pm))


# --------------------------------------------------------------------------- figures in the prose
@dataclass(frozen=True)
class Plan:
    """New permanent staff of one annual plan: number of people and their fte."""

    naam: str
    aantal: Cijfer
    fte: Cijfer

    @property
    def fte_per_medewerker(self) -> Decimal:
        return self.fte.waarde / self.aantal.waarde


@dataclass(frozen=True)
class Tekstcijfers:
    """The staff figures of the annual plans' prose, with what the book derives from them (None: not printed)."""

    formatie_3d: Cijfer | None
    saldo_3d: Cijfer | None
    vaste_kern: Cijfer | None
    flexibele_schil: Cijfer | None
    plannen: tuple[Plan, ...]
    draaiknop_eur: Cijfer | None
    draaiknop_fte: Cijfer | None
    draaiknop_in_tabel: Decimal | None     # the draaiknop kind in the walk, summed from its rows
    efficiency_jaar: int | None            # the last year of the 2018 efficiency table
    efficiency_bedrag: Cijfer | None       # its euro amount
    efficiency_fte: Decimal | None         # its fte, summed from the function rows

    @property
    def records(self) -> list[Cijfer]:
        cs = [self.formatie_3d, self.saldo_3d, self.vaste_kern, self.flexibele_schil, self.draaiknop_eur,
              self.draaiknop_fte, self.efficiency_bedrag]
        return [c for c in cs if c is not None] + [c for p in self.plannen for c in (p.aantal, p.fte)]

    @property
    def leeg(self) -> bool:
        return not (self.formatie_3d or self.plannen or self.draaiknop_eur)

    @property
    def kern_fte(self) -> Decimal:
        return self.vaste_kern.waarde / 100 * self.formatie_3d.waarde

    @property
    def schil_fte(self) -> Decimal:
        return self.flexibele_schil.waarde / 100 * self.formatie_3d.waarde

    @property
    def kern_plus_schil(self) -> Decimal:
        return self.vaste_kern.waarde + self.flexibele_schil.waarde

    @property
    def aangenomen_aantal(self) -> Decimal:
        return sum((p.aantal.waarde for p in self.plannen), NUL)

    @property
    def aangenomen_fte(self) -> Decimal:
        return sum((p.fte.waarde for p in self.plannen), NUL)

    @property
    def draaiknop_per_fte(self) -> Decimal | None:
        return None if not (self.draaiknop_eur and self.draaiknop_fte) else self.draaiknop_eur.waarde / self.draaiknop_fte.waarde

    @property
    def efficiency_per_fte(self) -> Decimal | None:
        if self.efficiency_bedrag is None or not self.efficiency_fte:
            return None
        return self.efficiency_bedrag.waarde / self.efficiency_fte


#: the records of the prose (the annual plans 2017, prefix 002-p, and 2018, prefix 000-p)
PLANNEN = (("jaarplan 2017", "002-p"), ("jaarplan 2018", "000-p"))


def tekstcijfers(register: Register, gemeente: str, rk: Reeks | None = None) -> Tekstcijfers:
    """3D formatie, new permanent staff in both plans, the draaiknoppen contribution, the 80/20 split."""
    def r(rid: str) -> Cijfer | None:
        c = register.cijfers.get(rid)
        return c if c is not None and c.label("gemeente") == gemeente else None

    plannen = tuple(Plan(naam, n, f) for naam, pre in PLANNEN
                    if (n := r(f"{pre}-aangenomen-aantal")) and (f := r(f"{pre}-aangenomen-fte")))
    dk = None
    if rk is not None:
        dk = next((s.herberekend for lp in rk.lopen for s in lp.mutatiestappen if s.naam == SOORT_NAMEN["draaiknop"]), None)
    j = bedrag = eff_fte = None
    eff18 = next((v for v in efficiency_versies(register, gemeente) if v.tabel == "000a-efficiency"), None)
    if eff18 is not None:
        j = max(eff18.regels)
        bedrag, eff_fte = r(f"000a-eff-{j}-tot-eur"), eff18.som(j)
    return Tekstcijfers(r("002-p-formatie-3d"), r("002-p-saldo-3d"), r("002-p-vaste-kern"), r("002-p-flexibele-schil"),
                        plannen, r("000-p-draaiknop-eur"), r("000-p-draaiknop-fte"), dk, j, bedrag, eff_fte)


def draaiknop_per_fte(register: Register) -> Decimal | None:
    eur, fte = register.cijfers.get("000-p-draaiknop-eur"), register.cijfers.get("000-p-draaiknop-fte")
    return None if not (eur and fte) else eur.waarde / fte.waarde


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
        return sum((c.waarde for c in self.regels.get(jaar, [])), NUL)

    def cumulatief(self, jaar: int) -> Decimal:
        return sum((self.som(j) for j in self.regels if j <= jaar), NUL)

    @property
    def records(self) -> list[Cijfer]:
        return [c for cs in self.regels.values() for c in cs] + list(self.subtotalen.values())


def efficiency_versies(register: Register, gemeente: str | None = None) -> list[EffVersie]:
    """Both printed versions of the efficiency target in fte (only the unit's records when ``gemeente`` is given)."""
    uit_ = []
    for tabel, naam, kolom in EFF_VERSIES:
        regels: dict[int, list[Cijfer]] = defaultdict(list)
        subs: dict[int, Cijfer] = {}
        for c in sorted(register.cijfers.values(), key=lambda c: (c.regel, c.id)):
            if c.tabel != tabel or c.eenheid != "fte" or c.label("kolom") != kolom or c.label("mutatiesoort") != "efficiency":
                continue
            if gemeente is not None and c.label("gemeente") != gemeente:
                continue
            if c.rol == "cel":
                regels[int(c.label("jaar"))].append(c)
            elif c.rol == "subtotaal":
                subs[int(c.label("jaar"))] = c
        if regels:
            uit_.append(EffVersie(tabel, naam, dict(regels), subs))
    return uit_


@dataclass(frozen=True)
class Versieregel:
    """One function row of a year in both versions (matched in printed order; None where a version has no row)."""

    rijen: tuple[Cijfer | None, ...]

    @property
    def ref(self) -> Cijfer:
        return next(c for c in self.rijen if c is not None)

    @property
    def oordeel(self) -> str | None:
        """The one verdict on the two printings of the row (None unless both versions print it with the same scale)."""
        if len(self.rijen) != 2 or None in self.rijen:
            return None
        a, b = self.rijen
        if a.label("salarisschaal") != b.label("salarisschaal"):
            return "afwijking"
        return oordeel(b.waarde - a.waarde, a.halve_eenheid + b.halve_eenheid)


def efficiency_functies(versies: list[EffVersie], jaar: int) -> list[Versieregel]:
    """The function rows of one year, both versions side by side (matched in printed order)."""
    per = [v.regels.get(jaar, []) for v in versies]
    n = max((len(p) for p in per), default=0)
    return [Versieregel(tuple(p[i] if i < len(p) else None for p in per)) for i in range(n)]


def verschil_versies(versies: list[EffVersie], jaar: int) -> Decimal | None:
    """The later version's fte of a year minus the earlier's (None unless both versions have the year)."""
    if len(versies) != 2 or not all(jaar in v.regels for v in versies):
        return None
    return versies[1].som(jaar) - versies[0].som(jaar)


def efficiency_per_schaal(versie: EffVersie) -> Kruistabel:
    """fte per salary scale ('div' for rows without one) and year."""
    som: dict = defaultdict(Decimal)
    for j, cs in versie.regels.items():
        for c in cs:
            som[(c.label("salarisschaal") or "div", j)] += c.waarde
    schalen = tuple(sorted({k[0] for k in som}, key=_schaalvolgorde))
    return Kruistabel(schalen, tuple(sorted(versie.regels)), dict(som))
