"""SZMH: the investment agendas 2017-2019 and 2018-2020, and the efficiency target 2012-2018.

Two models, both recomputed exactly (``Decimal``) from the transcribed records (never from
typed figures):

1. **Investeringsagenda's** (jaarplan 2017, 002 regels 2118-2152; jaarplan 2018, 000 regels
   553-566). Per agenda and year: the items, the spending per year (sum of the items), and
   the bedrijfsreserve as a running balance: beginsaldo - uitgaven = eindsaldo, and the
   eindsaldo of a year is the beginsaldo of the next. Next to every recomputed cell the
   printed one. Then the reconciliation of the years both agendas cover, per item.
2. **Efficiencytaakstelling 2012-2018**: the target per year and cumulative (Bijlage 3c),
   the proposals of Bijlage 3c (structural and one-off), the realisation ("invulling") in
   the 2017 version (Bijlage 3b) and the 2018 version (000 regels 606-671), the surplus
   or shortfall per year and cumulative, the cost per fte per salary scale, and the
   reconciliation of the 2017 and 2018 versions.

Every model value is a :class:`Getal`: an exact value plus its rounding room (the sum of
half the last printed unit of every printed input), so a comparison with a printed cell
can tell rounding from a real difference.

INFERRED assumptions (not stated by the documents, implied by their figures):

- ``BEGINSALDO_IS_TOTALE_AGENDA``: the first column of the row 'Totale investeringsagenda'
  is the opening balance of the bedrijfsreserve available for the agenda (in both agendas
  it minus the first year's items is exactly the printed first eindsaldo). The later
  columns of that row are read as the opening balance of that year, which is what a
  running balance requires; where they are not, that is a deviation.
- ``INCIDENTEEL_EENMALIG``: in Bijlage 3c the incidental measures (row j) count in the
  cumulative line 'incl tijdelijk' only in their own year; the structural proposals
  accumulate (the printed cumulative line follows exactly this rule).
- ``KOSTEN_PER_FTE``: the amount of a function row divided by its fte is the annual cost per
  fte of that row; rows of the same salary scale and year should then cost (about) the
  same per fte. Two rows agree when their intervals (amount +/- half a euro, fte +/- half
  the last printed fte digit) overlap.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rekenboek.checks import oordeel
from rekenboek.inputs.register import Cijfer, Register
from rekenboek.models import aannames as aannames_parser

NUL = Decimal(0)

#: the assumption parameters (name -> Dutch meaning and format), from data/modellen/aannames.csv
AANNAME_PARAMETERS = aannames_parser.parameters("szmh")

BEGINSALDO_IS_TOTALE_AGENDA = ("De eerste kolom van 'Totale investeringsagenda' is het beginsaldo van de "
                               "bedrijfsreserve; het eindsaldo van een jaar is het beginsaldo van het volgende jaar.")
INCIDENTEEL_EENMALIG = ("Incidentele maatregelen (Bijlage 3c, rij j) tellen in de cumulatieve regel "
                        "'incl tijdelijk' alleen in hun eigen jaar mee; structurele maatregelen stapelen.")
KOSTEN_PER_FTE = ("Kosten per fte van een functieregel = bedrag / fte van die regel; regels van dezelfde schaal en "
                  "hetzelfde jaar horen ongeveer even duur te zijn (gelijk binnen afronding als de intervallen "
                  "bedrag ± halve euro en fte ± halve laatste fte-decimaal elkaar overlappen).")


# --------------------------------------------------------------------------- numbers with rounding room
@dataclass(frozen=True)
class Getal:
    """An exact model value with its rounding room (sum of half units of the printed inputs)."""

    waarde: Decimal
    marge: Decimal = NUL

    def __add__(self, o: "Getal") -> "Getal":
        return Getal(self.waarde + o.waarde, self.marge + o.marge)

    def __sub__(self, o: "Getal") -> "Getal":
        return Getal(self.waarde - o.waarde, self.marge + o.marge)


def uit(c: Cijfer) -> Getal:
    return Getal(c.waarde, c.halve_eenheid)


def som(getallen) -> Getal:
    totaal = Getal(NUL)
    for g in getallen:
        totaal = totaal + g
    return totaal


@dataclass(frozen=True)
class Vergelijking:
    """A recomputed model cell next to the printed record it should equal."""

    onderdeel: str
    omschrijving: str
    record: Cijfer
    model: Getal

    @property
    def verschil(self) -> Decimal:
        return self.record.waarde - self.model.waarde

    @property
    def tolerantie(self) -> Decimal:
        return self.model.marge + self.record.halve_eenheid

    @property
    def oordeel(self) -> str:
        """The book's one verdict (:func:`rekenboek.checks.oordeel`) on model value against printed record."""
        return oordeel(self.verschil, self.tolerantie)

    @property
    def past(self) -> bool:
        return self.oordeel != "afwijking"


def _r(register: Register, rid: str) -> Cijfer:
    return register.cijfers[rid]


def _records(register: Register, **labels) -> list[Cijfer]:
    uit_ = []
    for c in register.cijfers.values():
        if all((getattr(c, k) if k in ("tabel", "rol", "eenheid") else c.label(k)) == v for k, v in labels.items()):
            uit_.append(c)
    return sorted(uit_, key=lambda c: (c.regel, c.id))


# --------------------------------------------------------------------------- model 1: investment agendas
@dataclass(frozen=True)
class AgendaDef:
    sleutel: str             # parameter stem: 'agenda_2017'
    titel: str
    plan: str
    tabel: str
    prefix: str              # record id prefix
    posten: tuple[tuple[str, str], ...]   # (common key, record id stem)
    totale: str = "totale-agenda"
    totaal: str = "totaal"
    eindsaldo: str = "eindsaldo"


AGENDAS = (
    AgendaDef("agenda_2017", "Investeringsagenda SZMH 2017-2019", "jaarplan 2017", "002b-investeringsagenda-financieel",
              "002b-inv-", (("opleidingen", "opleidingen"), ("leiderschap", "leiderschap"),
                            ("transformatie", "transformatie"), ("lean", "lean"), ("capaciteit", "extra-capaciteit"))),
    AgendaDef("agenda_2018", "Investeringsagenda SZMH 2018-2020", "jaarplan 2018", "000a-investeringsagenda-fin",
              "000a-ia-", (("opleidingen", "opleidingen"), ("leiderschap", "leiderschap"),
                           ("transformatie", "transformatie"), ("lean", "lean"), ("capaciteit", "capaciteit"))),
)


@dataclass
class AgendaJaar:
    jaar: int
    posten: dict[str, Cijfer]          # common key -> record
    uitgaven: Getal
    begin: Getal
    eind: Getal
    begin_gedrukt: Cijfer
    totaal_gedrukt: Cijfer
    eind_gedrukt: Cijfer


@dataclass
class Agenda:
    defn: AgendaDef
    jaren: list[AgendaJaar]
    beginsaldo_document: Cijfer
    beginsaldo_gebruikt: Decimal

    def jaar(self, j: int) -> AgendaJaar | None:
        return next((a for a in self.jaren if a.jaar == j), None)

    @property
    def jaartallen(self) -> list[int]:
        return [a.jaar for a in self.jaren]

    def postlabel(self, sleutel: str) -> str:
        return self.jaren[0].posten[sleutel].label("rij")

    def vergelijkingen(self) -> list[Vergelijking]:
        v = []
        for a in self.jaren:
            v.append(Vergelijking(self.defn.titel, f"Totaal per jaar {a.jaar} (som van de posten)", a.totaal_gedrukt, a.uitgaven))
            if a is not self.jaren[0] or self.beginsaldo_gebruikt != self.beginsaldo_document.waarde:
                v.append(Vergelijking(self.defn.titel, f"Beginsaldo {a.jaar} (eindsaldo vorig jaar)", a.begin_gedrukt, a.begin))
            v.append(Vergelijking(self.defn.titel, f"Eindsaldo {a.jaar} (beginsaldo - uitgaven)", a.eind_gedrukt, a.eind))
        return v


def agenda(register: Register, defn: AgendaDef, beginsaldo: Decimal | None = None) -> Agenda:
    """Recompute one agenda: spending per year and the running balance of the bedrijfsreserve."""
    jaren = sorted({int(c.label("jaar")) for c in _records(register, tabel=defn.tabel, rol="totaal")})
    doc = _r(register, f"{defn.prefix}{defn.totale}-{jaren[0]}")
    stand = Getal(beginsaldo, NUL) if beginsaldo is not None else uit(doc)
    rijen = []
    for j in jaren:
        posten = {k: _r(register, f"{defn.prefix}{stem}-{j}") for k, stem in defn.posten}
        uitgaven = som(uit(c) for c in posten.values())
        eind = stand - uitgaven
        rijen.append(AgendaJaar(j, posten, uitgaven, stand, eind, _r(register, f"{defn.prefix}{defn.totale}-{j}"),
                                _r(register, f"{defn.prefix}{defn.totaal}-{j}"), _r(register, f"{defn.prefix}{defn.eindsaldo}-{j}")))
        stand = eind
    return Agenda(defn, rijen, doc, beginsaldo if beginsaldo is not None else doc.waarde)


# --------------------------------------------------------------------------- model 2: efficiency target
T3B, T3C, T18, T18_SLOT = "002b-bijlage-3b", "002b-bijlage-3c", "000a-efficiency", "000a-efficiency-slot"
K18_EUR, K18_FTE, K18_OPB, K18_OVK = "Formatie (€)", "Fte", "Opbrengsten", "Overige kosten"


@dataclass
class EffJaar:
    jaar: int
    taakstelling: Getal
    taakstelling_cum: Getal
    taakstelling_cum_gedrukt: Cijfer
    # Bijlage 3c, proposals
    v_fte: Getal
    v_eur: Getal
    v_incidenteel: Getal
    v_fte_cum: Getal
    v_eur_cum: Getal                      # structural cumulative + this year's incidental
    v_fte_gedrukt: Cijfer
    v_eur_gedrukt: Cijfer
    v_fte_cum_gedrukt: Cijfer
    v_eur_cum_gedrukt: Cijfer
    v_structureel_gedrukt: Cijfer | None  # the unlabeled line (2012-2014)
    # Bijlage 3b (2017 version): None after 2017
    b_fte: Getal | None
    b_formatie: Getal | None
    b_budgetten: Getal | None
    b_cum: Getal | None
    b_fte_gedrukt: Cijfer | None
    b_formatie_gedrukt: Cijfer | None
    # 2018 version
    n_fte: Getal
    n_formatie: Getal
    n_opbrengsten: Getal
    n_overig: Getal
    n_cum: Getal
    n_fte_cum: Getal
    n_gedrukt: dict[str, Cijfer] = field(default_factory=dict)

    @property
    def v_structureel(self) -> Getal:
        return self.v_eur - self.v_incidenteel

    @property
    def b_totaal(self) -> Getal | None:
        return None if self.b_formatie is None else self.b_formatie + self.b_budgetten

    @property
    def n_totaal(self) -> Getal:
        return self.n_formatie + self.n_opbrengsten + self.n_overig

    # surplus (+) or shortfall (-) of the realisation against the target
    @property
    def saldo(self) -> Decimal:
        return self.n_totaal.waarde - self.taakstelling.waarde

    @property
    def saldo_cum(self) -> Decimal:
        return self.n_cum.waarde - self.taakstelling_cum.waarde

    @property
    def saldo_cum_3b(self) -> Decimal | None:
        return None if self.b_cum is None else self.b_cum.waarde - self.taakstelling_cum.waarde

    @property
    def saldo_cum_voorstellen(self) -> Decimal:
        return self.v_eur_cum.waarde - self.taakstelling_cum.waarde


@dataclass
class Efficiency:
    jaren: list[EffJaar]
    register: Register

    def jaar(self, j: int) -> EffJaar | None:
        return next((e for e in self.jaren if e.jaar == j), None)

    @property
    def jaartallen(self) -> list[int]:
        return [e.jaar for e in self.jaren]

    @property
    def laatste_3b(self) -> int:
        return max(e.jaar for e in self.jaren if e.b_fte is not None)

    def vergelijkingen(self) -> list[Vergelijking]:
        def r(rid: str) -> Cijfer:
            return _r(self.register, rid)

        v = []
        for e in self.jaren:
            j = e.jaar
            v += [Vergelijking("3c", f"Totaal efficiency opdracht t/m {j} (cumulatief)", e.taakstelling_cum_gedrukt, e.taakstelling_cum),
                  Vergelijking("3c", f"Totaal voorstellen {j} (fte)", e.v_fte_gedrukt, e.v_fte),
                  Vergelijking("3c", f"Totaal voorstellen {j} (€)", e.v_eur_gedrukt, e.v_eur),
                  Vergelijking("3c", f"Voorstellen cumulatief t/m {j} (fte)", e.v_fte_cum_gedrukt, e.v_fte_cum),
                  Vergelijking("3c", f"Voorstellen cumulatief incl. tijdelijk t/m {j} (€)", e.v_eur_cum_gedrukt, e.v_eur_cum)]
            if e.v_structureel_gedrukt is not None:
                v.append(Vergelijking("3c", f"Structurele voorstellen {j} (regel zonder label)", e.v_structureel_gedrukt, e.v_structureel))
            if e.b_fte is not None:
                v += [Vergelijking("3b", f"Totaal {j} (fte)", e.b_fte_gedrukt, e.b_fte),
                      Vergelijking("3b", f"Totaal {j} (bedrag)", e.b_formatie_gedrukt, e.b_formatie)]
            for kolom, getal, naam in (("fte", e.n_fte, "fte"), ("eur", e.n_formatie, "formatie in €"),
                                       ("opbrengsten", e.n_opbrengsten, "opbrengsten"),
                                       ("overige-kosten", e.n_overig, "overige kosten"), ("totaal", e.n_totaal, "totaal")):
                if kolom in e.n_gedrukt:
                    v.append(Vergelijking("2018", f"Totaal {j} ({naam})", e.n_gedrukt[kolom], getal))
        b = self.jaar(self.laatste_3b)
        laatste = self.jaren[-1]
        v += [Vergelijking("3b", "Totaal afbouw formatie (fte)", r("002b-3b-totaal-formatie-fte"),
                           som(e.b_fte for e in self.jaren if e.b_fte is not None)),
              Vergelijking("3b", "Totaal afbouw formatie (bedrag)", r("002b-3b-totaal-formatie-bedrag"),
                           som(e.b_formatie for e in self.jaren if e.b_formatie is not None)),
              Vergelijking("3b", "Totaal afbouw budgetten", r("002b-3b-totaal-budgetten-bedrag"),
                           som(e.b_budgetten for e in self.jaren if e.b_budgetten is not None)),
              Vergelijking("3b", f"Totaal structurele invulling t/m {b.jaar}", r("002b-3b-totaal-structureel-bedrag"), b.b_cum),
              Vergelijking("3b-tekst", f"Taakstelling t/m {b.jaar} (tekst)", r("002b-3b-tekst-taakstelling"), b.taakstelling_cum),
              Vergelijking("3b-tekst", f"Ingevulde maatregelen t/m {b.jaar} (tekst)", r("002b-3b-tekst-ingevuld"), b.b_cum),
              Vergelijking("3b", f"Plan structureel t/m {b.jaar} (3c structureel cumulatief)", r("002b-3b-totaal-structureel-plan"),
                           b.v_eur_cum - b.v_incidenteel),
              Vergelijking("2018", "Totaal formatie (€)", r("000a-eff-eind-eur"), som(e.n_formatie for e in self.jaren)),
              Vergelijking("2018", "Totaal fte", r("000a-eff-eind-fte"), laatste.n_fte_cum),
              Vergelijking("2018", "Totaal opbrengsten", r("000a-eff-eind-opbrengsten"), som(e.n_opbrengsten for e in self.jaren)),
              Vergelijking("2018", "Totaal overige kosten", r("000a-eff-eind-overige-kosten"), som(e.n_overig for e in self.jaren)),
              Vergelijking("2018", "Eindtotaal invulling", r("000a-eff-eind-totaal"), laatste.n_cum),
              Vergelijking("2018-tekst", f"Taakstelling t/m {laatste.jaar} (tekst)", r("000a-eff-taakstelling-tm-2018"), laatste.taakstelling_cum),
              Vergelijking("2018-tekst", f"Ingevulde maatregelen t/m {laatste.jaar} (tekst)", r("000a-eff-ingevuld-tm-2018"), laatste.n_cum)]
        return v

    def aansluitingen(self) -> list[Vergelijking]:
        """2017 version vs 2018 version of the same years (record of the 2018 plan vs 2017 model value)."""
        v = []
        for e in self.jaren:
            if e.b_fte is not None:
                v += [Vergelijking("2017→2018", f"Fte {e.jaar}: plan 2018 tegen Bijlage 3b", e.n_gedrukt["fte"], e.b_fte),
                      Vergelijking("2017→2018", f"Formatiebedrag {e.jaar}: plan 2018 tegen Bijlage 3b", e.n_gedrukt["eur"], e.b_formatie),
                      Vergelijking("3b↔3c", f"Fte {e.jaar}: Bijlage 3b tegen Bijlage 3c", e.b_fte_gedrukt, e.v_fte)]
            else:
                v += [Vergelijking("2017→2018", f"Fte {e.jaar}: invulling plan 2018 tegen voorstel Bijlage 3c", e.n_gedrukt["fte"], e.v_fte),
                      Vergelijking("2017→2018", f"Invulling {e.jaar}: plan 2018 tegen voorstel Bijlage 3c", e.n_gedrukt["totaal"], e.v_eur)]
        return v


def _som_cellen(cellen: list[Cijfer]) -> Getal:
    return som(uit(c) for c in cellen if c.waarde is not None)


def efficiency(register: Register) -> Efficiency:
    """Recompute target, proposals and realisation per year from the records."""

    def r(rid: str) -> Cijfer:
        return _r(register, rid)

    taak = {int(c.label("jaar")): c for c in register.cijfers.values() if c.id.startswith("002b-3c-opdracht-per-jaar-")}
    incid = {int(c.label("jaar")): c for c in register.cijfers.values() if c.id.startswith("002b-3c-j-")}
    budget3b = defaultdict(list)
    for c in register.cijfers.values():
        if c.id.startswith("002b-3b-budget-"):
            budget3b[int(c.label("jaar"))].append(c)
    jaren_3b = {int(c.label("jaar")) for c in _records(register, tabel=T3B, rol="subtotaal")}
    rijen: list[EffJaar] = []
    t_cum = v_fte_cum = v_struct_cum = b_cum = n_cum = n_fte_cum = Getal(NUL)
    for j in sorted(taak):
        js = str(j)
        t_cum = t_cum + uit(taak[j])
        v_fte = _som_cellen(_records(register, tabel=T3C, rol="cel", kolom=f"{js} fte"))
        v_eur = _som_cellen(_records(register, tabel=T3C, rol="cel", kolom=f"{js} €"))
        v_inc = uit(incid[j]) if j in incid else Getal(NUL)
        v_fte_cum = v_fte_cum + v_fte
        v_struct_cum = v_struct_cum + (v_eur - v_inc)
        structureel = register.cijfers.get(f"002b-3c-zonder-label-{j}-eur")
        if j in jaren_3b:
            rij3b = _records(register, tabel=T3B, rol="cel", jaar=js, mutatiesoort="efficiency")
            b_fte = _som_cellen([c for c in rij3b if c.label("kolom") == "fte"])
            b_form = _som_cellen([c for c in rij3b if c.label("kolom") == "bedrag"])
            b_bud = _som_cellen(budget3b.get(j, []))
            b_cum = b_cum + b_form + b_bud
            b = (b_fte, b_form, b_bud, b_cum, r(f"002b-3b-totaal-{j}-fte"), r(f"002b-3b-totaal-{j}-bedrag"))
        else:
            b = (None,) * 6
        cel18 = _records(register, tabel=T18, rol="cel", jaar=js)
        n = {k: _som_cellen([c for c in cel18 if c.label("kolom") == k]) for k in (K18_FTE, K18_EUR, K18_OPB, K18_OVK)}
        n_cum = n_cum + n[K18_EUR] + n[K18_OPB] + n[K18_OVK]
        n_fte_cum = n_fte_cum + n[K18_FTE]
        gedrukt = {k: register.cijfers[f"000a-eff-{j}-tot-{k}"] for k in ("fte", "eur", "opbrengsten", "overige-kosten", "totaal")
                   if f"000a-eff-{j}-tot-{k}" in register.cijfers}
        rijen.append(EffJaar(
            j, uit(taak[j]), t_cum, r(f"002b-3c-opdracht-cumulatief-{j}"),
            v_fte, v_eur, v_inc, v_fte_cum, v_struct_cum + v_inc,
            r(f"002b-3c-totaal-per-jaar-{j}-fte"), r(f"002b-3c-totaal-per-jaar-{j}-eur"),
            r(f"002b-3c-cumulatief-{j}-fte"), r(f"002b-3c-cumulatief-{j}-eur"), structureel,
            *b, n[K18_FTE], n[K18_EUR], n[K18_OPB], n[K18_OVK], n_cum, n_fte_cum, gedrukt))
    return Efficiency(rijen, register)


# --------------------------------------------------------------------------- cost per fte per schaal
@dataclass(frozen=True)
class FteRij:
    versie: str
    jaar: int
    functie: str
    schaal: str
    fte: Cijfer
    bedrag: Cijfer

    @property
    def per_fte(self) -> Decimal:
        return self.bedrag.waarde / self.fte.waarde

    @property
    def interval(self) -> tuple[Decimal, Decimal]:
        e, f = self.bedrag.waarde, self.fte.waarde
        de, df = self.bedrag.halve_eenheid, self.fte.halve_eenheid
        return (e - de) / (f + df), (e + de) / (f - df)


def fte_rijen(register: Register) -> list[FteRij]:
    """Function rows with both an amount and an fte printed: 3b (plan 2017) and the 2018 table."""
    uit_ = []
    for tabel, versie, k_fte, k_eur in ((T3B, "plan 2017 (3b)", "fte", "bedrag"), (T18, "plan 2018", K18_FTE, K18_EUR)):
        per_regel = defaultdict(dict)
        for c in _records(register, tabel=tabel, rol="cel", mutatiesoort="efficiency"):
            if c.label("kolom") in (k_fte, k_eur) and c.waarde is not None:
                per_regel[c.regel][c.label("kolom")] = c
        for regel, d in sorted(per_regel.items()):
            if k_fte in d and k_eur in d and d[k_fte].waarde:
                f = d[k_fte]
                uit_.append(FteRij(versie, int(f.label("jaar")), f.label("functie"), f.label("salarisschaal") or "div", f, d[k_eur]))
    return uit_




def zelfde_schaal(rij: FteRij, rijen: list[FteRij]) -> tuple[list[FteRij], list[FteRij]]:
    """The other rows of the same version, year and schaal, and those among them whose cost per fte interval
    does not overlap ``rij``'s (KOSTEN_PER_FTE: they differ by more than the printed rounding allows)."""
    anderen = [o for o in rijen if o is not rij and o.versie == rij.versie and o.jaar == rij.jaar and o.schaal == rij.schaal]
    lo, hi = rij.interval
    return anderen, [o for o in anderen if o.interval[1] < lo or o.interval[0] > hi]


# --------------------------------------------------------------------------- assumptions
TABELLEN_AGENDA = {"002b-investeringsagenda-financieel", "000a-investeringsagenda-fin"}
TABELLEN_EFF = {T3B, "002b-bijlage-3b-tekst", T3C, T18, T18_SLOT}


def aannames(overrides: dict | None) -> dict[str, Decimal]:
    """The overrides as exact numbers (see AANNAME_PARAMETERS); unknown names and non-numbers are errors."""
    gegeven = aannames_parser.overrides(overrides, AANNAME_PARAMETERS, "het SZMH-model")
    return {k: aannames_parser.getal(k, v) for k, v in gegeven.items()}


def agendas(register: Register, overrides: dict[str, Decimal] | None = None) -> list[Agenda]:
    overrides = overrides or {}
    return [agenda(register, d, overrides.get(f"beginsaldo_{d.sleutel}")) for d in AGENDAS]
