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
from decimal import Decimal, InvalidOperation

import matplotlib.pyplot as plt
import pandas as pd

from rekenboek.report.charts import OKABE_ITO, STIJL
from rekenboek.inputs.register import Cijfer, Register
from rekenboek.errors import OngeldigeParameter
from rekenboek.report.pages.financien import FinancienPagina, Sectie
from rekenboek.numbers import nl_euro, nl_fte, nl_getal

NUL = Decimal(0)

AANNAME_PARAMETERS = {
    "beginsaldo_agenda_2017": "Beginsaldo van de bedrijfsreserve voor de Investeringsagenda 2017-2019, in euro "
                              "(getal, bijv. 900000). Het document: de eerste kolom van 'Totale investeringsagenda'.",
    "beginsaldo_agenda_2018": "Beginsaldo van de bedrijfsreserve voor de Investeringsagenda 2018-2020, in euro "
                              "(getal, bijv. 700000). Het document: de eerste kolom van 'Totale investeringsagenda'.",
}

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
    def past(self) -> bool:
        return abs(self.verschil) <= self.tolerantie

    @property
    def oordeel(self) -> str:
        if self.verschil == 0:
            return "klopt"
        return "afronding" if self.past else "afwijking"


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
        r = lambda rid: _r(self.register, rid)  # noqa: E731
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
            for kolom, getal in (("fte", e.n_fte), ("eur", e.n_formatie), ("opbrengsten", e.n_opbrengsten),
                                 ("overige-kosten", e.n_overig), ("totaal", e.n_totaal)):
                if kolom in e.n_gedrukt:
                    v.append(Vergelijking("2018", f"Totaal {j} ({kolom})", e.n_gedrukt[kolom], getal))
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
    r = lambda rid: _r(register, rid)  # noqa: E731
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
        "Saldo per jaar": _saldo(e.n_totaal.waarde - e.taakstelling.waarde),
        "Taakstelling cumulatief": _e(e.taakstelling_cum), "Invulling cumulatief (plan 2018)": _e(e.n_cum),
        "Saldo cumulatief (plan 2018)": _saldo(e.n_cum.waarde - e.taakstelling_cum.waarde),
        "Saldo cumulatief (3b, plan 2017)": "–" if e.b_cum is None else _saldo(e.b_cum.waarde - e.taakstelling_cum.waarde),
        "Saldo cumulatief (voorstellen 3c incl. tijdelijk)": _saldo(e.v_eur_cum.waarde - e.taakstelling_cum.waarde),
    } for e in eff.jaren if e.jaar <= tot])


def vergelijking_tabel(vs: list[Vergelijking]) -> pd.DataFrame:
    def fmt(x: Decimal, c: Cijfer) -> str:
        return nl_getal(x, 2) if c.eenheid == "fte" else nl_getal(x, 0 if x == x.to_integral() else 2)
    return pd.DataFrame([{
        "Onderdeel": v.onderdeel, "Wat": v.omschrijving, "Bron": f"{v.record.bestand[:3]}:{v.record.regel}",
        "Gedrukt": fmt(v.record.waarde, v.record), "Herberekend": fmt(v.model.waarde, v.record),
        "Verschil": fmt(v.verschil, v.record), "Afrondingsruimte": nl_getal(v.tolerantie), "Oordeel": v.oordeel,
    } for v in vs])


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


def kosten_per_fte_tabel(rijen: list[FteRij], jaar: int) -> pd.DataFrame | None:
    sel = [r for r in rijen if r.jaar == jaar]
    if not sel:
        return None
    out = []
    for r in sel:
        anderen = [o for o in sel if o is not r and o.versie == r.versie and o.schaal == r.schaal]
        lo, hi = r.interval
        afwijkend = [o for o in anderen if o.interval[1] < lo or o.interval[0] > hi]
        if not anderen:
            oordeel = "enige regel van deze schaal"
        elif afwijkend:
            oordeel = "wijkt af van: " + "; ".join(f"{o.functie} ({nl_euro(o.per_fte)})" for o in afwijkend)
        else:
            oordeel = "gelijk binnen afronding"
        out.append({"Versie": r.versie, "Functie": r.functie, "Schaal": r.schaal, "Bron": f"{r.fte.bestand[:3]}:{r.fte.regel}",
                     "Fte": nl_getal(r.fte.waarde, 2), "Bedrag": nl_euro(r.bedrag.waarde),
                     "Kosten per fte": nl_euro(r.per_fte), "Bandbreedte (afronding)": f"{nl_euro(lo)} – {nl_euro(hi)}",
                     "Andere regels zelfde schaal": (f"{nl_euro(min(o.per_fte for o in anderen))} – {nl_euro(max(o.per_fte for o in anderen))}"
                                                     if anderen else "–"),
                     "Vergelijking": oordeel})
    return pd.DataFrame(out)


# --------------------------------------------------------------------------- the page
TABELLEN_AGENDA = {"002b-investeringsagenda-financieel", "000a-investeringsagenda-fin"}
TABELLEN_EFF = {T3B, "002b-bijlage-3b-tekst", T3C, T18, T18_SLOT}


def _aannames(aannames: dict) -> dict[str, Decimal]:
    onbekend = sorted(set(aannames) - set(AANNAME_PARAMETERS))
    if onbekend:
        raise OngeldigeParameter(f"onbekende aanname(s) voor SZMH: {', '.join(onbekend)}. "
                                 f"Bekend: {', '.join(AANNAME_PARAMETERS)}.")
    uit_ = {}
    for k, v in aannames.items():
        try:
            uit_[k] = Decimal(str(v))
        except (InvalidOperation, ValueError):
            raise OngeldigeParameter(f"aanname {k} = {v!r} is geen getal; verwacht: {AANNAME_PARAMETERS[k]}") from None
        if not uit_[k].is_finite():
            raise OngeldigeParameter(f"aanname {k} = {v!r} is geen eindig getal.")
    return uit_


def agendas(register: Register, overrides: dict[str, Decimal] | None = None) -> list[Agenda]:
    overrides = overrides or {}
    return [agenda(register, d, overrides.get(f"beginsaldo_{d.sleutel}")) for d in AGENDAS]


def _verschil_tekst(vs: list[Vergelijking]) -> str:
    afw = [v for v in vs if not v.past]
    if not afw:
        return "Alle herberekende cellen komen binnen de afrondingsruimte overeen met de gedrukte."
    return ("Herberekend wijkt af van gedrukt bij: " + "; ".join(
        f"{v.omschrijving} (gedrukt {nl_getal(v.record.waarde)}, herberekend {nl_getal(v.model.waarde)}, "
        f"bron {v.record.bestand[:3]}:{v.record.regel})" for v in afw) + ".")


def pagina(register: Register, gemeente: str, jaar: int, aannames: dict) -> FinancienPagina:
    """The financial page of SZMH for one year of 2012-2020."""
    from rekenboek.checks.bevindingen import bereken

    if gemeente != "SZMH":
        raise OngeldigeParameter(f"het SZMH-model geldt alleen voor SZMH, niet voor {gemeente}.")
    ov = _aannames(aannames)
    ags = agendas(register, ov)
    eff = efficiency(register)
    fte = fte_rijen(register)
    secties: list[Sectie] = []
    getoond: set[str] = set()
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
        getoond |= TABELLEN_AGENDA & {ag.defn.tabel for ag in dekkend}
        delen = []
        for ag in dekkend:
            a = ag.jaar(jaar)
            delen.append(f"De **{ag.defn.titel}** ({ag.defn.plan}, bron `{a.totaal_gedrukt.bestand}` regel "
                         f"{a.totaal_gedrukt.regel}) plant voor {jaar} {nl_euro(a.uitgaven.waarde)} aan uitgaven "
                         f"(som van de posten; gedrukt 'Totaal per jaar' {nl_euro(a.totaal_gedrukt.waarde)}). "
                         f"Herberekend loopt de bedrijfsreserve van {nl_euro(a.begin.waarde)} naar {nl_euro(a.eind.waarde)} "
                         f"(gedrukt: 'Totale investeringsagenda' {nl_euro(a.begin_gedrukt.waarde)}, eindsaldo "
                         f"{nl_euro(a.eind_gedrukt.waarde)}). " + _verschil_tekst(ag.vergelijkingen()))
        tekst = "\n\n".join(delen) + (f"\n\n*Aanname (afgeleid, INFERRED):* {BEGINSALDO_IS_TOTALE_AGENDA}")
        s = Sectie("Investeringsagenda's en bedrijfsreserve", tekst)
        for ag in dekkend:
            s.tabellen.append((f"{ag.defn.titel}: posten, uitgaven en saldo bedrijfsreserve (herberekend naast gedrukt)",
                               agenda_tabel(ag)))
            s.tabellen.append((f"{ag.defn.titel}: herberekende cellen tegen de gedrukte", vergelijking_tabel(ag.vergelijkingen())))
        if len(dekkend) == 2:
            s.tabellen.append((f"Aansluiting {jaar}: beide agenda's naast elkaar", aansluiting_agendas(dekkend[0], dekkend[1], jaar)))
            s.tekst += (f"\n\nBeide agenda's noemen {jaar}; de tabel 'Aansluiting' zet ze per post naast elkaar "
                        f"(de agenda van {dekkend[1].defn.plan} herijkt die van {dekkend[0].defn.plan}).")
        s.figuren.append(("Staafdiagram van de geplande uitgaven per jaar van beide investeringsagenda's, met lijnen "
                          "voor het herberekende en het gedrukte eindsaldo van de bedrijfsreserve.", lambda: agenda_grafiek(ags)))
        secties.append(s)
    else:
        secties.append(Sectie("Investeringsagenda's en bedrijfsreserve",
                              f"*Niet bekend voor {jaar}:* geen investeringsagenda van SZMH dekt {jaar}. De bronnen "
                              f"bevatten alleen agenda's voor {alle_jaren[0]}-{alle_jaren[-1]} "
                              f"({', '.join(ag.defn.titel for ag in ags)})."))

    # ---- efficiency target
    e = eff.jaar(jaar)
    if e is not None:
        getoond |= TABELLEN_EFF
        tekst = (f"Taakstelling {jaar}: {nl_euro(e.taakstelling.waarde)}; cumulatief t/m {jaar} herberekend "
                 f"{nl_euro(e.taakstelling_cum.waarde)} (gedrukt {nl_euro(e.taakstelling_cum_gedrukt.waarde)}, Bijlage 3c). "
                 f"Ingevuld in {jaar} volgens het jaarplan 2018: {nl_fte(e.n_fte.waarde)} en {nl_euro(e.n_totaal.waarde)}; "
                 f"cumulatief {nl_euro(e.n_cum.waarde)}, dus een "
                 f"{'overrealisatie' if e.n_cum.waarde >= e.taakstelling_cum.waarde else 'tekort'} van "
                 f"{nl_euro(abs(e.n_cum.waarde - e.taakstelling_cum.waarde))} op de cumulatieve taakstelling.")
        if e.b_cum is not None:
            tekst += (f" Volgens Bijlage 3b (jaarplan 2017): {nl_fte(e.b_fte.waarde)} en {nl_euro(e.b_totaal.waarde)} in {jaar}, "
                      f"cumulatief {nl_euro(e.b_cum.waarde)}.")
        tekst += (f" Bijlage 3c stelt voor {jaar} {nl_fte(e.v_fte.waarde)} en {nl_euro(e.v_eur.waarde)} voor, waarvan "
                  f"{nl_euro(e.v_incidenteel.waarde)} incidenteel; cumulatief incl. tijdelijk {nl_euro(e.v_eur_cum.waarde)} "
                  f"(gedrukt {nl_euro(e.v_eur_cum_gedrukt.waarde)}).")
        if jaar == eff.laatste_3b:
            t, i = _r(register, "002b-3b-tekst-taakstelling"), _r(register, "002b-3b-tekst-ingevuld")
            tekst += (f"\n\nHet jaarplan 2017 zegt: taakstelling t/m {jaar} {nl_euro(t.waarde)}, ingevuld {nl_euro(i.waarde)} "
                      f"(002:{t.regel}); herberekend {nl_euro(e.taakstelling_cum.waarde)} en {nl_euro(e.b_cum.waarde)}.")
        if jaar == eff.jaartallen[-1]:
            t, i = _r(register, "000a-eff-taakstelling-tm-2018"), _r(register, "000a-eff-ingevuld-tm-2018")
            tekst += (f"\n\nHet jaarplan 2018 zegt: taakstelling t/m {jaar} {nl_euro(t.waarde)}, ingevuld {nl_euro(i.waarde)} "
                      f"(000:{t.regel}, gedrukt als '{i.tekst}'); herberekend {nl_euro(e.taakstelling_cum.waarde)} en "
                      f"{nl_euro(e.n_cum.waarde)}.")
        tekst += f"\n\n*Aanname (afgeleid, INFERRED):* {INCIDENTEEL_EENMALIG}"
        s = Sectie(f"Efficiencytaakstelling t/m {jaar}", tekst)
        s.tabellen += [(f"Taakstelling per jaar en cumulatief, 2012 t/m {jaar}", taakstelling_tabel(eff, jaar)),
                       (f"Voorstellen Bijlage 3c (structureel en incidenteel), t/m {jaar}", voorstellen_tabel(eff, jaar)),
                       (f"Invulling volgens Bijlage 3b (plan 2017) en het jaarplan 2018, t/m {jaar}", invulling_tabel(eff, jaar)),
                       (f"Over- (+) of onderrealisatie (−): invulling min taakstelling, t/m {jaar}", saldo_tabel(eff, jaar))]
        vs = [v for v in eff.vergelijkingen() if str(jaar) in v.omschrijving]
        if vs:
            s.tabellen.append((f"Herberekende cellen {jaar} tegen de gedrukte", vergelijking_tabel(vs)))
        s.figuren.append(("Lijndiagram van de cumulatieve taakstelling tegen de cumulatieve invulling (jaarplan 2017 en "
                          "2018) en de cumulatieve voorstellen van Bijlage 3c, 2012-2018.", lambda: efficiency_grafiek(eff)))
        secties.append(s)
        ans = [v for v in eff.aansluitingen() if f" {jaar}:" in v.omschrijving]
        s2 = Sectie(f"Aansluiting jaarplan 2017 en jaarplan 2018 voor {jaar}",
                    "Dezelfde jaren in beide versies: " + _verschil_tekst(ans))
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
                              f"*Aanname (afgeleid, INFERRED):* {KOSTEN_PER_FTE}",
                              tabellen=[(f"Kosten per fte per functieregel, {jaar}", kpf)]))
    else:
        secties.append(Sectie("Kosten per fte per schaal",
                              f"*Niet bekend voor {jaar}:* de bronnen geven voor {jaar} geen functieregels met bedrag en fte."))

    res = bereken(register)
    t = res.tabel
    bev = t[t["tabel_id"].isin(getoond) & ((t["jaar"] == str(jaar)) | (t["jaar"] == ""))].reset_index(drop=True)

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
    return FinancienPagina(gemeente, jaar, inleiding, secties, bev, afwijkend)
