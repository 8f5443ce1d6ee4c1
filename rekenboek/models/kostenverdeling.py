"""Midden-Limburg West: cost per function and the split per gemeente (convenant 2018, source 004).

The source (``004_c167100d92cc397d.txt``, Weert, July 2018: B&W-voorstel, convenant 2018 and
its explanatory note) prints

- the staff of the cooperation per function in fte (``004a-formatie-overzicht``, lines 681-696:
  basisformatie, structureel additioneel, totaal structureel, tijdelijk additioneel 2018), plus a
  fixed budget for additional expertise and a contingency item "Onvoorzien/vervanging" of
  5 % (line 694; "5% van de totale exploitatiekosten", line 650);
- the same table "vertaald in euro's" with a CAR-UWO salary scale per function
  (``004a-formatie-euro``, lines 702-715) but WITHOUT a cost per fte;
- the split of the costs over Leudal, Nederweert and Weert by population share for 2018-2022
  (``004a-kostenverdeling``, lines 718-722).

The model recomputes the euro table and the split from the fte, the shares and these rules:

- **cost per fte per salary scale (INFERRED).** No rate is printed. The rate of a schaal is
  the euro amount of the first basisformatie row of that schaal divided by its fte
  (:data:`TARIEF_AANNAME`); the register's checks ``k004a-tarief-*`` make the same inference.
  Every other fte cell of that schaal is then fte x rate.
- **Onvoorzien/vervanging** is the printed percentage of the other structural costs
  (:data:`ONVOORZIEN_GRONDSLAG`, INFERRED: the document says "exploitatiesaldo" and "totale
  exploitatiekosten"; the register's ``k004a-onvoorzien`` takes the same base).
- **costs per year (INFERRED)**: every year 2018-2022 bears the total structural costs; the year
  named in the column "Tijdelijk additioneel 2018" also bears the temporary costs
  (:data:`JAAR_AANNAME`; the difference between the printed 2018 and 2019 columns confirms it).
- **split**: a gemeente pays its population share (percent) of the costs of the year.

Known deviations of the printed table from these rules (they are findings, see the tests):
the temporary Informatie analist (a different rate: hired capacity?), the Onvoorzien amount
(not 5 % of the other costs), and -- within printed precision -- Communicatie and Ondersteuner
(the euro table uses two thirds of the paragraph's fte, not the rounded fte it prints).

Every input is read from the transcribed records by id; nothing printed is typed here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rekenboek.errors import OngeldigeParameter
from rekenboek.inputs.eenheden import leden
from rekenboek.inputs.register import EENHEDEN_SCHEMA, Cijfer, Register, lees_csv
from rekenboek.models import aannames as aannames_parser
from rekenboek.numbers import nl_euro, nl_getal, parse_jaar
from rekenboek.paths import data_dir

HONDERD = Decimal(100)

# ------------------------------------------------------------------ record ids
TABEL_FTE = "004a-formatie-overzicht"
TABEL_EURO = "004a-formatie-euro"
TABEL_VERDELING = "004a-kostenverdeling"
TABEL_TOELICHTING = "004a-formatie-toelichting"
FTE_TOTAAL_BASIS = "004a-ovz-totaal-basis"

#: model column -> suffix of the record ids (``004a-ovz-<functie>-<suffix>``, ``004a-eur-<functie>-<suffix>``)
KOLOM_ID = {"basis": "basis", "structureel": "structureel", "totaal": "totaal-structureel", "tijdelijk": "tijdelijk-2018"}
#: model column -> the document's column heading (shared by the fte and the euro table)
KOLOM_KOP = {"basis": "Bestaande basisformatie convenant", "structureel": "Structureel additioneel",
             "totaal": "Totaal structureel per jaar raadsperiode", "tijdelijk": "Tijdelijk additioneel 2018"}
KOLOM_KORT = {"basis": "Basisformatie", "structureel": "Structureel additioneel", "totaal": "Totaal structureel",
              "tijdelijk": "Tijdelijk additioneel"}

#: the rows of both tables, in the document's order (slug of the record ids)
FUNCTIES = ("beleid-jeugd", "beleid-wmo", "beleidsondersteuner", "contractmanager", "business-control",
            "informatie-analist", "communicatie", "ondersteuner", "inkoop-uitvoering", "additionele-expertise",
            "onvoorzien", "mobw")
VAST_BEDRAG = "additionele-expertise"   # a euro amount already in the fte table
ONVOORZIEN = "onvoorzien"               # a percentage in the fte table, an amount in the euro table
TOTAAL = "totaal"

#: the cooperation this model is about; its gemeenten are read from ``data/eenheden.csv`` (see :func:`gemeenten`)
SAMENWERKING = "MLW"


def gemeenten(register: Register) -> tuple[str, ...]:
    """The gemeenten that share the costs: the members of :data:`SAMENWERKING` in ``data/eenheden.csv``."""
    return leden(register, SAMENWERKING)


def _leden_uit_data() -> tuple[str, ...]:
    e = lees_csv(data_dir() / "eenheden.csv", EENHEDEN_SCHEMA)
    return tuple(e.loc[e["samenwerking"] == SAMENWERKING, "gemeente"])


#: the members of MLW as read from ``data/eenheden.csv`` when this module is imported; kept for modules that
#: need them without a register (the formatie page, the capacity model). With a register use :func:`gemeenten`.
GEMEENTEN = _leden_uit_data()
EENHEDEN = (SAMENWERKING,) + GEMEENTEN
AANDEEL_ID = "004a-kv-{g}-aandeel"
BIJDRAGE_ID = "004a-kv-{g}-{jaar}"

#: amounts the prose names, reconciled on the page
TEKST = {
    "budget_oud": "004a-vs-budget-oud", "verhoging": "004a-vs-verhoging", "budget_nieuw": "004a-vs-budget-na-verhoging",
    "aandeel_uitvoering": "004a-vs-aandeel-uitvoering", "begroting": "004a-vs-begroting-wmo-jeugd",
    "nieuwe_kosten": "004a-ftt-nieuwe-kosten", "basis_kosten": "004a-ftt-basis-kosten",
    "basis_fte": "004a-ftt-basisformatie", "begroting_2017": "004a-ftt-kostenbegroting-2017",
    "meerkosten": "004a-ftt-meerkosten",
}

#: capacity that a gemeente supplies according to the text (record ids; the gemeente is named in the row label)
CAPACITEIT = {
    "Weert": ("004a-nt-basis-378", "004a-nt-basis-379", "004a-nt-basis-380", "004a-mobw-uren-weert", "004a-wg-uren-gemeente"),
    "Leudal": ("004a-nt-basis-381", "004a-nt-basis-382", "004a-mobw-uren-leudal-nederweert", "004a-wg-uren-gemeente"),
    "Nederweert": ("004a-mobw-uren-leudal-nederweert", "004a-wg-uren-gemeente"),
}

# ------------------------------------------------------------------ assumptions
TARIEF_AANNAME = ("Het bedrag per fte van een salarisschaal staat niet in het document; het is afgeleid als het "
                  "bedrag van de eerste regel basisformatie van die schaal in de eurotabel gedeeld door haar fte "
                  "in het samenvattend overzicht (afgeleide aanname van het rekenboek).")
ONVOORZIEN_GRONDSLAG = ("De stelpost Onvoorzien/vervanging is het percentage uit het document over de overige "
                        "structurele kosten (basisformatie en structureel additioneel, zonder de stelpost zelf en "
                        "zonder de tijdelijke kosten); het document zegt alleen 'exploitatiesaldo' en 'totale "
                        "exploitatiekosten' (afgeleide aanname van het rekenboek).")
JAAR_AANNAME = ("Elk jaar van de verdeling draagt de totale structurele kosten; het jaar uit de kolomkop van de "
                "tijdelijke kosten draagt ook die tijdelijke kosten, voor een volledig jaar (afgeleide aanname, "
                "afgeleid: het verschil tussen de gedrukte kolommen bevestigt het).")

#: the assumption parameters (name -> Dutch meaning and format), from data/modellen/aannames.csv
AANNAME_PARAMETERS = aannames_parser.parameters("kostenverdeling")


# ------------------------------------------------------------------ the model
@dataclass(frozen=True)
class Tarief:
    """Cost per fte of one salary scale, inferred from a basisformatie row (or overridden)."""

    schaal: str
    bron_functie: str          # the row the rate is inferred from
    bedrag: Cijfer             # its printed euro amount
    fte: Cijfer                # its printed fte
    tarief: Decimal            # the rate used
    overschreven: bool = False

    @property
    def afgeleid(self) -> Decimal:
        return self.bedrag.waarde / self.fte.waarde


@dataclass
class Regel:
    """One function: fte (inputs), model amounts, printed amounts."""

    slug: str
    naam: str
    schaal: str | None
    fte: dict[str, Cijfer]              # printed fte (or euro / pct for the two special rows) per column
    bedrag: dict[str, Decimal]          # model amounts per column (only where the row has a figure)
    gedrukt: dict[str, Cijfer]          # printed euro amounts per column

    @property
    def soort(self) -> str:
        return {VAST_BEDRAG: "vast bedrag", ONVOORZIEN: "stelpost"}.get(self.slug, "fte x tarief")


@dataclass
class Model:
    register: Register
    regels: list[Regel]
    tarieven: dict[str, Tarief]
    onvoorzien_pct: Decimal
    onvoorzien_pct_document: Cijfer
    aandelen: dict[str, Decimal]                 # gemeente -> percentage, in the order of data/eenheden.csv
    aandelen_document: dict[str, Cijfer]
    jaren: list[int]
    tijdelijk_jaar: int
    totalen_gedrukt: dict[str, Cijfer]
    afwijkende_aannames: list[str] = field(default_factory=list)

    @property
    def gemeenten(self) -> tuple[str, ...]:
        """The gemeenten that share the costs, in the order of ``data/eenheden.csv``."""
        return tuple(self.aandelen)

    # -- totals
    def totaal(self, kolom: str) -> Decimal:
        return sum((r.bedrag[kolom] for r in self.regels if kolom in r.bedrag), Decimal(0))

    def regel(self, slug: str) -> Regel:
        return next(r for r in self.regels if r.slug == slug)

    def kosten(self, jaar: int) -> Decimal:
        """Costs of the cooperation in a year (JAAR_AANNAME)."""
        return self.totaal("totaal") + (self.totaal("tijdelijk") if jaar == self.tijdelijk_jaar else Decimal(0))

    def kosten_gedrukt(self, jaar: int) -> Decimal:
        """The same from the printed totals of the euro table."""
        t = self.totalen_gedrukt
        return t["totaal"].waarde + (t["tijdelijk"].waarde if jaar == self.tijdelijk_jaar else Decimal(0))

    def bijdrage(self, gemeente: str, jaar: int) -> Decimal:
        return verdeel(self.kosten(jaar), self.aandelen)[gemeente]

    def bijdrage_gedrukt(self, gemeente: str, jaar: int) -> Cijfer:
        return self.register.cijfers[BIJDRAGE_ID.format(g=gemeente.lower(), jaar=jaar)]

    def bijdrage_som(self, gemeente: str) -> Decimal:
        """A gemeente's contributions over all years of the split (model)."""
        return sum((self.bijdrage(gemeente, j) for j in self.jaren), Decimal(0))

    def bijdrage_gedrukt_som(self, gemeente: str) -> Decimal:
        """The same from the printed contributions."""
        return sum((self.bijdrage_gedrukt(gemeente, j).waarde for j in self.jaren), Decimal(0))

    def totaal_gedrukt(self, jaar: int) -> Decimal:
        """The printed contributions of all gemeenten in a year."""
        return sum((self.bijdrage_gedrukt(g, jaar).waarde for g in self.gemeenten), Decimal(0))

    def cel(self, slug: str, kolom: str) -> tuple[Decimal | None, Cijfer | None]:
        """(model, printed) for one cell of the euro table; slug TOTAAL for the total row."""
        if slug == TOTAAL:
            return self.totaal(kolom), self.totalen_gedrukt.get(kolom)
        r = self.regel(slug)
        return r.bedrag.get(kolom), r.gedrukt.get(kolom)

    def cellen(self) -> list[tuple[str, str, Decimal, Cijfer]]:
        """Every printed cell of the euro table with the model's value: (slug, kolom, model, printed)."""
        uit = []
        for r in self.regels + [None]:
            slug = TOTAAL if r is None else r.slug
            for k in KOLOM_ID:
                m, g = self.cel(slug, k)
                if g is not None and m is not None:
                    uit.append((slug, k, m, g))
        return uit


def onvoorzien_bedrag(grondslag: Decimal, pct: Decimal) -> Decimal:
    """The contingency item: ``pct`` percent of ``grondslag`` (ONVOORZIEN_GRONDSLAG)."""
    return pct / HONDERD * grondslag


def verdeel(bedrag: Decimal, aandelen: dict[str, Decimal]) -> dict[str, Decimal]:
    """Split an amount by percentage shares, exactly (the printed split has cents, no rounding)."""
    return {g: a / HONDERD * bedrag for g, a in aandelen.items()}


def _r(register: Register, rid: str) -> Cijfer:
    try:
        return register.cijfers[rid]
    except KeyError:
        raise KeyError(f"record {rid!r} ontbreekt in data/cijfers (nodig voor het kostenmodel MLW)") from None


def _tijdelijk_jaar() -> int:
    return parse_jaar(KOLOM_KOP["tijdelijk"])


def model(register: Register, aannames: dict | None = None) -> Model:
    """Build the model from the records, with the overrides in ``aannames`` (see AANNAME_PARAMETERS)."""
    aannames = aannames_parser.overrides(aannames, AANNAME_PARAMETERS, "het kostenmodel MLW")
    deelnemers = gemeenten(register)
    afwijkend: list[str] = []

    # -- rows: inputs (fte table) and printed amounts (euro table)
    regels: list[Regel] = []
    for slug in FUNCTIES:
        fte = {k: register.cijfers[f"004a-ovz-{slug}-{s}"] for k, s in KOLOM_ID.items()
               if f"004a-ovz-{slug}-{s}" in register.cijfers}
        gedrukt = {k: register.cijfers[f"004a-eur-{slug}-{s}"] for k, s in KOLOM_ID.items()
                   if f"004a-eur-{slug}-{s}" in register.cijfers}
        if not fte or not gedrukt:
            raise KeyError(f"functie {slug!r}: records in {TABEL_FTE} of {TABEL_EURO} ontbreken")
        schaal = gedrukt["totaal"].label("salarisschaal") or None
        naam = gedrukt["totaal"].label("functie") or gedrukt["totaal"].label("rij")
        regels.append(Regel(slug, naam, schaal, fte, {}, gedrukt))

    # -- rates per schaal (TARIEF_AANNAME): the first basisformatie row of each schaal
    tarieven: dict[str, Tarief] = {}
    for r in regels:
        if r.schaal and r.schaal not in tarieven and "basis" in r.fte and "basis" in r.gedrukt:
            tarieven[r.schaal] = Tarief(r.schaal, r.naam, r.gedrukt["basis"], r.fte["basis"],
                                        r.gedrukt["basis"].waarde / r.fte["basis"].waarde)
    zonder = sorted({r.schaal for r in regels if r.schaal and r.schaal not in tarieven})
    if zonder:
        raise KeyError(f"geen regel basisformatie om het bedrag per fte af te leiden voor schaal {', '.join(zonder)}")
    if "tarief_per_schaal" in aannames:
        naam = "tarief_per_schaal"
        for schaal, v in aannames_parser.mapping(naam, aannames[naam], AANNAME_PARAMETERS[naam]).items():
            if schaal not in tarieven:
                raise OngeldigeParameter(f"tarief_per_schaal: schaal {schaal!r} komt in de eurotabel niet voor; "
                                         f"kies uit {', '.join(sorted(tarieven, key=int))}.")
            d = aannames_parser.niet_negatief(f"tarief_per_schaal[{schaal}]", v)
            t = tarieven[schaal]
            if d == t.afgeleid:    # the document's own value: nothing differs
                continue
            tarieven[schaal] = Tarief(t.schaal, t.bron_functie, t.bedrag, t.fte, d, overschreven=True)
            afwijkend.append(f"Bedrag per fte schaal {schaal}: document (afgeleid) {nl_euro(t.afgeleid, 2)}, "
                             f"gebruikt {nl_euro(d, 2)}.")

    # -- contingency percentage
    pct_doc = register.cijfers[f"004a-ovz-{ONVOORZIEN}-structureel"]
    pct = pct_doc.waarde
    if "onvoorzien_pct" in aannames:
        pct = aannames_parser.tussen("onvoorzien_pct", aannames["onvoorzien_pct"], 0, HONDERD, hoog_mag=False)
        if pct != pct_doc.waarde:
            afwijkend.append(f"Stelpost Onvoorzien/vervanging: document {nl_getal(pct_doc.waarde)} %, gebruikt {nl_getal(pct)} %.")

    # -- shares
    aandelen_doc = {g: _r(register, AANDEEL_ID.format(g=g.lower())) for g in deelnemers}
    aandelen = {g: c.waarde for g, c in aandelen_doc.items()}
    if "aandelen_pct" in aannames:
        opgegeven = aannames_parser.mapping("aandelen_pct", aannames["aandelen_pct"], AANNAME_PARAMETERS["aandelen_pct"])
        if set(opgegeven) != set(deelnemers):
            raise OngeldigeParameter(f"aandelen_pct moet precies de gemeenten {', '.join(deelnemers)} noemen; "
                                     f"opgegeven: {', '.join(sorted(opgegeven)) or 'geen'}.")
        nieuw = {g: aannames_parser.niet_negatief(f"aandelen_pct[{g}]", opgegeven[g]) for g in deelnemers}
        if sum(nieuw.values()) != HONDERD:
            raise OngeldigeParameter(f"aandelen_pct telt op tot {nl_getal(sum(nieuw.values()))} %, niet tot 100 %.")
        if nieuw != aandelen:
            afwijkend.append("Aandelen in de kosten: document "
                             + ", ".join(f"{g} {nl_getal(aandelen[g])} %" for g in deelnemers) + "; gebruikt "
                             + ", ".join(f"{g} {nl_getal(nieuw[g])} %" for g in deelnemers) + ".")
        aandelen = nieuw

    # -- amounts: fte x rate; the fixed amount; then the contingency over the others
    for r in regels:
        if r.slug == VAST_BEDRAG:
            r.bedrag = {k: r.fte[k].waarde for k in ("structureel",) if k in r.fte}
        elif r.slug == ONVOORZIEN:
            continue
        else:
            t = tarieven[r.schaal].tarief
            r.bedrag = {k: r.fte[k].waarde * t for k in ("basis", "structureel", "tijdelijk") if k in r.fte}
        r.bedrag["totaal"] = r.bedrag.get("basis", Decimal(0)) + r.bedrag.get("structureel", Decimal(0))
    ov = next(r for r in regels if r.slug == ONVOORZIEN)
    grondslag = sum((r.bedrag["totaal"] for r in regels if r is not ov), Decimal(0))
    ov.bedrag = {"structureel": onvoorzien_bedrag(grondslag, pct)}
    ov.bedrag["totaal"] = ov.bedrag["structureel"]

    totalen = {k: register.cijfers[f"004a-eur-totaal-{s}"] for k, s in KOLOM_ID.items()}
    jaren = sorted({int(c.label("jaar")) for c in register.cijfers.values()
                    if c.tabel == TABEL_VERDELING and c.label("jaar")})
    tijdelijk = int(totalen["tijdelijk"].label("jaar") or _tijdelijk_jaar())
    return Model(register, regels, tarieven, pct, pct_doc, aandelen, aandelen_doc, jaren, tijdelijk, totalen, afwijkend)




def afwijkende_cellen(m: Model) -> list[tuple[str, str, Decimal, Cijfer]]:
    """Cells of the euro table whose printed amount differs from the model's (slug, kolom, model, printed).

    A difference, not a verdict: the declared checks ``k004a-*`` judge whether it lies within rounding."""
    return [(s, k, v, g) for s, k, v, g in m.cellen() if v != g.waarde]


# ------------------------------------------------------------------ reconciliation with the prose
@dataclass(frozen=True)
class Aansluiting:
    omschrijving: str
    tekst: Cijfer
    model: Decimal | None
    tabel: Decimal | None       # the printed table figure it should equal, if any
    eenheid: str = "EUR"


@dataclass(frozen=True)
class Uitvoeringsbudget:
    """The budget for carrying out Wmo and Jeugd that the B&W proposal raises (the budget passages of 004 are Weert's)."""

    oud: Cijfer
    verhoging: Cijfer
    nieuw: Cijfer                 # printed budget after the increase
    begroting: Cijfer             # the total budget Wmo and Jeugdhulp
    aandeel_tekst: Cijfer         # the share the text states (rounded)

    @property
    def herberekend(self) -> Decimal:
        """Existing budget plus the increase."""
        return self.oud.waarde + self.verhoging.waarde

    @property
    def aandeel_pct(self) -> Decimal:
        """The printed new budget as a percentage of the total budget Wmo and Jeugdhulp."""
        return self.nieuw.waarde / self.begroting.waarde * HONDERD

    def aandeel_van(self, bedrag: Decimal) -> Decimal:
        """``bedrag`` as a percentage of the printed new budget."""
        return bedrag / self.nieuw.waarde * HONDERD


def uitvoeringsbudget(m: Model) -> Uitvoeringsbudget:
    c = {k: _r(m.register, v) for k, v in TEKST.items()}
    return Uitvoeringsbudget(c["budget_oud"], c["verhoging"], c["budget_nieuw"], c["begroting"], c["aandeel_uitvoering"])


def aansluitingen(m: Model) -> list[Aansluiting]:
    c = {k: _r(m.register, v) for k, v in TEKST.items()}
    u = uitvoeringsbudget(m)
    return [
        Aansluiting("Uitvoeringsbudget Wmo en Jeugd na verhoging = bestaand budget + verhoging",
                    c["budget_nieuw"], u.herberekend, None),
        Aansluiting("Aandeel uitvoeringskosten in de totale begroting Wmo en Jeugdhulp (%)",
                    c["aandeel_uitvoering"], u.aandeel_pct, None, "pct"),
        Aansluiting("Nieuwe structurele kosten = totaal structureel per jaar", c["nieuwe_kosten"], m.totaal("totaal"),
                    m.totalen_gedrukt["totaal"].waarde),
        Aansluiting("Kosten basisformatie = totaal bestaande basisformatie", c["basis_kosten"], m.totaal("basis"),
                    m.totalen_gedrukt["basis"].waarde),
        Aansluiting("Basisformatie in fte = som van de regels basisformatie",
                    c["basis_fte"], sum((r.fte["basis"].waarde for r in m.regels if "basis" in r.fte
                                         and r.slug not in (VAST_BEDRAG, ONVOORZIEN)), Decimal(0)),
                    m.register.cijfers[FTE_TOTAAL_BASIS].waarde, "fte"),
        Aansluiting("Meerkosten = totaal structureel − kostenbegroting 2017", c["meerkosten"],
                    m.totaal("totaal") - c["begroting_2017"].waarde,
                    m.totalen_gedrukt["totaal"].waarde - c["begroting_2017"].waarde),
    ]


