"""Cooperation capacity: Midden-Limburg West (source 004) and the MH action plan 2018-2019 (source 003).

MLW (``004a-formatie-overzicht``, the per-function sections of the explanatory note, ``004a-expertise-mobw``):
basis, structural additional, total and temporary fte per function with start dates; the sections'
figures against the summary table and the factor that links them; fte -> euro per schaal with the
rates of :mod:`rekenboek.models.kostenverdeling`; hours per week against fte (the working week the
figures imply, computed); the capacity each gemeente supplies where the text says so.

Action plan (``003a-capaciteit``, ``003a-bijlage2``): the required capacity per function, printed
partly in fte and partly in hours per year; converted to one unit with a working week that the
document does NOT state (:data:`WERKWEEK_UUR`, an assumption, said so on the page); and the
gemeenten of Bijlage 2's gemeente column (transcribed as label records) and the printed 'notk' marks.

Pure functions of the register; every figure comes from the records, the only typed numbers are
the assumptions named below. Comparisons of two figures use :func:`rekenboek.checks.oordeel`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from rekenboek.checks import oordeel
from rekenboek.inputs.register import Cijfer, Register
from rekenboek.models import kostenverdeling as kv
from rekenboek.numbers import nl_getal

NUL = Decimal(0)

# ------------------------------------------------------------------ MLW
KOLOMMEN = ("basis", "structureel", "totaal", "tijdelijk")
TABEL_OVERZICHT = "004a-formatie-overzicht"
TABEL_UREN = "004a-expertise-mobw"

#: per-function sections of the explanatory note: (function slug in the summary, column) -> section record id
PARAGRAAF = {
    ("beleid-jeugd", "basis"): "004a-beleid-tabel-jeugd-basis",
    ("beleid-wmo", "basis"): "004a-beleid-tabel-wmo-basis",
    ("beleidsondersteuner", "structureel"): "004a-beleid-tabel-ondersteuner-structureel",
    ("contractmanager", "basis"): "004a-cm-tabel-basis",
    ("contractmanager", "structureel"): "004a-cm-tabel-structureel",
    ("business-control", "basis"): "004a-bc-tabel-basis",
    ("business-control", "structureel"): "004a-bc-tabel-structureel",
    ("ondersteuner", "basis"): "004a-ond-tabel-basis",
    ("ondersteuner", "structureel"): "004a-ond-tabel-structureel",
    ("informatie-analist", "structureel"): "004a-ia-tabel-structureel",
    ("informatie-analist", "tijdelijk"): "004a-ia-tabel-tijdelijk",
    ("communicatie", "structureel"): "004a-com-tabel-structureel",
    ("inkoop-uitvoering", "structureel"): "004a-ink-tabel-structureel",
}
#: the hypothesis for the rows where section and summary differ (the register's k004a-paragraaf-* found it):
#: summary = section x 2/3 (the declared model checks formatie2-mlw-factor-*). A model factor, not a figure
#: of the source; shown beside it, cut off at the summary's printed precision.
FACTOR_HYPOTHESE = Decimal(2) / Decimal(3)


def _samenwerking_van_document(register: Register, tabel: str) -> str | None:
    """The cooperation the document of ``tabel`` (its first three characters) is about, from bronnen.csv."""
    b = register.bronnen
    rij = b[b["bestand"].str[:3] == tabel[:3]]
    return str(rij["samenwerking"].iloc[0]) if len(rij) else None


def samenwerking(register: Register) -> str | None:
    """The cooperation whose capacity the covenant (the document of the summary table) describes."""
    return _samenwerking_van_document(register, TABEL_OVERZICHT)


@dataclass(frozen=True)
class Functie:
    slug: str
    naam: str
    schaal: str | None
    fte: dict[str, Cijfer]
    vanaf: Cijfer | None

    def waarde(self, kolom: str) -> Decimal | None:
        c = self.fte.get(kolom)
        return None if c is None or c.eenheid != "fte" else c.waarde

    @property
    def records(self) -> list[Cijfer]:
        return list(self.fte.values()) + ([self.vanaf] if self.vanaf else [])


def mlw_functies(register: Register) -> list[Functie]:
    """The function rows of the summary table that are in fte (not the fixed budget or the percentage)."""
    uit = []
    for slug in kv.FUNCTIES:
        fte = {k: register.cijfers[f"004a-ovz-{slug}-{s}"] for k, s in kv.KOLOM_ID.items()
               if f"004a-ovz-{slug}-{s}" in register.cijfers}
        if not any(c.eenheid == "fte" for c in fte.values()):
            continue
        eur = register.cijfers.get(f"004a-eur-{slug}-totaal-structureel")
        naam = next(iter(fte.values())).label("functie") or next(iter(fte.values())).label("rij")
        uit.append(Functie(slug, naam, eur.label("salarisschaal") if eur else None, fte,
                           register.cijfers.get(f"004a-ovz-{slug}-vanaf")))
    return uit


def mlw_totalen(register: Register) -> dict[str, Cijfer]:
    return {k: register.cijfers[f"004a-ovz-totaal-{s}"] for k, s in kv.KOLOM_ID.items()
            if f"004a-ovz-totaal-{s}" in register.cijfers}


def herberekende_totalen(functies: list[Functie]) -> dict[str, Decimal]:
    """Per column the sum of the function rows (exact)."""
    return {k: sum((f.waarde(k) or NUL for f in functies), NUL) for k in KOLOMMEN}


@dataclass(frozen=True)
class ParagraafVergelijking:
    functie: str
    kolom: str
    paragraaf: Cijfer
    overzicht: Cijfer

    @property
    def factor(self) -> Decimal:
        return self.overzicht.waarde / self.paragraaf.waarde

    @property
    def oordeel_gelijk(self) -> str:
        """The summary against the section figure (the rule of the declared checks k004a-paragraaf-*)."""
        return oordeel(self.overzicht.waarde - self.paragraaf.waarde,
                       self.overzicht.halve_eenheid + self.paragraaf.halve_eenheid)

    @property
    def oordeel_twee_derde(self) -> str:
        """The summary against two thirds of the section figure (the rule of the model checks formatie2-mlw-factor-*)."""
        return oordeel(self.overzicht.waarde - self.paragraaf.waarde * FACTOR_HYPOTHESE,
                       self.overzicht.halve_eenheid + self.paragraaf.halve_eenheid * FACTOR_HYPOTHESE)

    @property
    def gelijk(self) -> bool:
        return self.oordeel_gelijk != "afwijking"

    @property
    def past_twee_derde(self) -> bool:
        return self.oordeel_twee_derde != "afwijking"

    @property
    def twee_derde(self) -> Decimal:
        """Section figure x 2/3, cut off at the summary's printed precision."""
        return (self.paragraaf.waarde * FACTOR_HYPOTHESE).quantize(self.overzicht.precisie, rounding=ROUND_DOWN)


def paragraaf_vergelijking(register: Register) -> list[ParagraafVergelijking]:
    uit = []
    for (slug, kolom), rid in PARAGRAAF.items():
        oid = f"004a-ovz-{slug}-{kv.KOLOM_ID[kolom]}"
        if rid in register.cijfers and oid in register.cijfers:
            uit.append(ParagraafVergelijking(register.cijfers[oid].label("functie"), kolom, register.cijfers[rid],
                                             register.cijfers[oid]))
    return uit


@dataclass(frozen=True)
class EuroPerSchaal:
    """One salary scale: its rate, the fte of its rows per column, and fte x rate against the printed euros."""

    tarief: kv.Tarief
    regels: tuple
    fte: dict[str, Decimal]
    model: dict[str, Decimal]
    gedrukt: dict[str, Decimal]


def euro_per_schaal(model: kv.Model) -> list[EuroPerSchaal]:
    uit = []
    for schaal, t in sorted(model.tarieven.items(), key=lambda kv_: int(kv_[0])):
        regels = tuple(r for r in model.regels if r.schaal == schaal)
        kolommen = ("totaal", "tijdelijk")
        uit.append(EuroPerSchaal(
            t, regels,
            {k: sum((r.fte[k].waarde for r in regels if k in r.fte), NUL) for k in kolommen},
            {k: sum((r.bedrag.get(k, NUL) for r in regels), NUL) for k in kolommen},
            {k: sum((r.gedrukt[k].waarde for r in regels if k in r.gedrukt), NUL) for k in kolommen}))
    return uit


@dataclass(frozen=True)
class Werkweek:
    """The working week implied by a figure printed both in hours per week and in fte."""

    uren: Cijfer
    fte: Cijfer

    @property
    def uur_per_fte(self) -> Decimal:
        return self.uren.waarde / self.fte.waarde

    @property
    def bandbreedte(self) -> tuple[Decimal, Decimal]:
        u, f = self.uren.waarde, self.fte.waarde
        du, df = self.uren.halve_eenheid, self.fte.halve_eenheid
        return (u - du) / (f + df), (u + du) / (f - df)

    def in_fte(self, uren: Decimal) -> Decimal:
        return uren / self.uur_per_fte


def werkweek(register: Register) -> Werkweek | None:
    """MOBW: the hours per week after the scaling down (structural) against the fte of the summary table."""
    u, f = register.cijfers.get("004a-mobw-uren-nieuw"), register.cijfers.get("004a-ovz-mobw-structureel")
    return Werkweek(u, f) if u and f else None


def uren(register: Register) -> list[Cijfer]:
    """The hours per week the MOBW passage prints, in printed order."""
    return sorted((c for c in register.cijfers.values() if c.tabel == TABEL_UREN and c.eenheid == "uur"),
                  key=lambda c: (c.regel, c.id))


@dataclass(frozen=True)
class Levering:
    """Capacity the text says a gemeente supplies."""

    gemeente: str
    record: Cijfer

    @property
    def samen(self) -> bool:          # shared with another gemeente
        return "samen" in self.record.label("rij")

    @property
    def per_gemeente(self) -> bool:   # the same for each gemeente
        return "per gemeente" in self.record.label("rij")


def leveringen(register: Register, gemeente: str | None = None) -> list[Levering]:
    """The capacity per supplying gemeente (``None`` or a cooperation: all gemeenten)."""
    return [Levering(g, register.cijfers[rid]) for g, ids in kv.CAPACITEIT.items()
            if gemeente is None or gemeente not in kv.CAPACITEIT or g == gemeente
            for rid in ids if rid in register.cijfers]


def basis_per_gemeente(register: Register) -> dict[str, Decimal]:
    """fte of the 2016 base per supplying gemeente (only the fte records of kv.CAPACITEIT)."""
    return {g: sum((register.cijfers[r].waarde for r in ids if r in register.cijfers
                    and register.cijfers[r].eenheid == "fte"), NUL) for g, ids in kv.CAPACITEIT.items()}


def uren_per_gemeente(register: Register) -> dict[str, Decimal]:
    """Hours per week per supplying gemeente (the hour records of kv.CAPACITEIT)."""
    return {g: sum((register.cijfers[r].waarde for r in ids if r in register.cijfers
                    and register.cijfers[r].eenheid == "uur"), NUL) for g, ids in kv.CAPACITEIT.items()}


# ------------------------------------------------------------------ action plan MH 2018-2019 (003)
#: The document states no working week nor annual hours per fte. ASSUMPTION (not from the source): a full-time
#: week of 36 hours (the usual week of the gemeentelijke CAO) times 52 weeks = gross annual hours per fte.
WERKWEEK_UUR = Decimal(36)
WEKEN_PER_JAAR = Decimal(52)
WERKWEEK_AANNAME = ("Het actieplan noemt geen werkweek en geen jaaruren per fte. Het rekenboek rekent met een "
                    f"werkweek van {nl_getal(WERKWEEK_UUR)} uur en {nl_getal(WEKEN_PER_JAAR)} weken, dus "
                    f"{nl_getal(WERKWEEK_UUR * WEKEN_PER_JAAR)} uur per fte per jaar (bruto, zonder aftrek van verlof): "
                    "een **aanname**, niet uit het document.")
TABEL_62, TABEL_BIJLAGE2, TABEL_TITEL = "003a-capaciteit", "003a-bijlage2", "003a-titel"
TABELLEN_003 = (TABEL_62, TABEL_BIJLAGE2)
NOTK = "notk"


@dataclass
class Inzet:
    functie: str
    uren: Decimal | None          # hours per year
    fte: Decimal | None           # fte
    records: list[Cijfer]         # the capacity figures of the Bijlage 2 line
    gemeenten: list[str]          # assigned (Bijlage 2's gemeente column)
    notk: bool                    # 'notk' printed in 6.2 or Bijlage 2
    uitleg: str = ""
    factoren: tuple[Cijfer, ...] = ()     # number x meetings x hours, when the line prints a product
    labels: tuple[Cijfer, ...] = ()       # the gemeente and notk label records

    @property
    def in_fte(self) -> Decimal:
        return self.fte if self.fte is not None else self.uren / (WERKWEEK_UUR * WEKEN_PER_JAAR)

    @property
    def in_uren(self) -> Decimal:
        return self.uren if self.uren is not None else self.fte * WERKWEEK_UUR * WEKEN_PER_JAAR

    @property
    def gedeeld(self) -> bool:
        return len(self.gemeenten) > 1


def actieplan_jaren(register: Register) -> list[int]:
    """The years of the action plan, from its title (``Actieplan 2018-2019``); [] when document 003 is not loaded."""
    tabellen = register.tabellen.set_index("tabel")
    if TABEL_TITEL not in tabellen.index:
        return []
    m = re.search(r"(\d{4})\s*-\s*(\d{4})", tabellen.loc[TABEL_TITEL, "titel"])
    return list(range(int(m[1]), int(m[2]) + 1)) if m else []


def actieplan_samenwerking(register: Register) -> str | None:
    """The cooperation the action plan is about (bronnen.csv)."""
    return _samenwerking_van_document(register, TABEL_BIJLAGE2)


def actieplan(register: Register) -> list[Inzet]:
    """The rows of Bijlage 2 (which repeats 6.2 and adds the people and gemeenten)."""
    recs = sorted((c for c in register.cijfers.values() if c.tabel == TABEL_BIJLAGE2), key=lambda c: (c.regel, c.id))
    notk_rijen = {c.label("rij") for c in register.cijfers.values()
                  if c.tabel in TABELLEN_003 and c.eenheid == "label" and c.waarde == NOTK}
    labels = [c for c in register.cijfers.values() if c.tabel in TABELLEN_003 and c.eenheid == "label"
              and (c.label("kolom") == "gemeente" or c.waarde == NOTK)]
    per_regel: dict[int, list[Cijfer]] = {}
    for c in recs:
        if c.eenheid != "label":
            per_regel.setdefault(c.regel, []).append(c)
    uit = []
    for regel_nr, cs in per_regel.items():
        rij = cs[0].label("rij")
        fte = next((c.waarde for c in cs if c.eenheid == "fte"), None)
        uren_, uitleg, factoren = None, "", ()
        aantal = next((c for c in cs if c.eenheid == "aantal" and c.label("kolom") == "Functies"), None)
        x10 = next((c for c in cs if c.eenheid == "aantal" and c.label("kolom") != "Functies"), None)
        x4 = next((c for c in cs if c.eenheid == "uur"), None)
        if aantal and x10 and x4:
            uren_, factoren = aantal.waarde * x10.waarde * x4.waarde, (aantal, x10, x4)
            uitleg = (f"{aantal.tekst} × {x10.tekst} × {x4.tekst} uur (lezing: {x10.tekst} bijeenkomsten van {x4.tekst} uur "
                      f"per afgevaardigde)")
        elif x4 is not None:
            uren_ = x4.waarde
        if fte is None and uren_ is None:
            continue
        eigen = tuple(c for c in labels if c.label("rij") == rij)
        gemeenten = [c.label("gemeente") for c in eigen if c.regel == regel_nr and c.label("kolom") == "gemeente"]
        uit.append(Inzet(rij, uren_, fte, cs, gemeenten, rij in notk_rijen, uitleg, factoren, eigen))
    return uit


def actieplan_totaal(inzet: list[Inzet], gemeente: str | None = None) -> tuple[Decimal, Decimal, int]:
    """(fte, of which shared, rows) for one gemeente or all; shared rows count whole for each gemeente."""
    sel = [i for i in inzet if gemeente is None or gemeente in i.gemeenten]
    return (sum((i.in_fte for i in sel), NUL), sum((i.in_fte for i in sel if i.gedeeld), NUL), len(sel))


def actieplan_per_gemeente(register: Register, inzet: list[Inzet]) -> dict[str, Decimal]:
    """fte per gemeente that Bijlage 2 assigns rows to, in the order of data/eenheden.csv."""
    return {g: actieplan_totaal(inzet, g)[0] for g in register.eenheden["gemeente"] if actieplan_totaal(inzet, g)[2]}
