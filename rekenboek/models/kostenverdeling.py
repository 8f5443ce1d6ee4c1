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
from functools import cached_property

import pandas as pd

from rekenboek.inputs.register import Cijfer, Register
from rekenboek.errors import OngeldigeParameter
from rekenboek.report.pages.financien import FinancienPagina, Sectie
from rekenboek.numbers import nl_euro, nl_fte, nl_getal, parse_jaar

HONDERD = Decimal(100)

# ------------------------------------------------------------------ record ids
TABEL_FTE = "004a-formatie-overzicht"
TABEL_EURO = "004a-formatie-euro"
TABEL_VERDELING = "004a-kostenverdeling"
TABEL_TOELICHTING = "004a-formatie-toelichting"

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

GEMEENTEN = ("Leudal", "Nederweert", "Weert")
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
                  "in het samenvattend overzicht (afgeleide aanname, INFERRED).")
ONVOORZIEN_GRONDSLAG = ("De stelpost Onvoorzien/vervanging is het percentage uit het document over de overige "
                        "structurele kosten (basisformatie en structureel additioneel, zonder de stelpost zelf en "
                        "zonder de tijdelijke kosten); het document zegt alleen 'exploitatiesaldo' en 'totale "
                        "exploitatiekosten' (afgeleide aanname, INFERRED).")
JAAR_AANNAME = ("Elk jaar van de verdeling draagt de totale structurele kosten; het jaar uit de kolomkop van de "
                "tijdelijke kosten draagt ook die tijdelijke kosten, voor een volledig jaar (afgeleide aanname, "
                "INFERRED: het verschil tussen de gedrukte kolommen bevestigt het).")

AANNAME_PARAMETERS = {
    "aandelen_pct": "Aandeel per gemeente in de kosten, in procenten: een mapping gemeente -> getal voor alle drie "
                    "gemeenten, samen precies 100, bijvoorbeeld {\"Leudal\": 40, \"Nederweert\": 15, \"Weert\": 45}. "
                    "Standaard de aandelen naar inwonertal uit het document.",
    "onvoorzien_pct": "Stelpost Onvoorzien/vervanging in procenten van de overige structurele kosten (getal "
                      "van 0 tot 100). Standaard het percentage uit het document.",
    "tarief_per_schaal": "Bedrag per fte per salarisschaal in euro: een mapping schaal -> bedrag, bijvoorbeeld "
                         "{\"<schaal>\": <bedrag>}; alleen de genoemde schalen wijken af. Standaard het uit de regels "
                         "basisformatie afgeleide bedrag per schaal.",
}


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
    aandelen: dict[str, Decimal]
    aandelen_document: dict[str, Cijfer]
    jaren: list[int]
    tijdelijk_jaar: int
    totalen_gedrukt: dict[str, Cijfer]
    afwijkende_aannames: list[str] = field(default_factory=list)

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


def _dec(naam: str, v) -> Decimal:
    try:
        d = Decimal(str(v))
    except ArithmeticError:
        raise OngeldigeParameter(f"{naam}: {v!r} is geen getal.") from None
    if not d.is_finite():
        raise OngeldigeParameter(f"{naam}: {v!r} is geen eindig getal.")
    return d


def _mapping(naam: str, v) -> dict:
    if not isinstance(v, dict):
        raise OngeldigeParameter(f"{naam} moet een mapping zijn (JSON-object), niet {v!r}.")
    return {str(k): val for k, val in v.items()}


def _tijdelijk_jaar() -> int:
    return parse_jaar(KOLOM_KOP["tijdelijk"])


def model(register: Register, aannames: dict | None = None) -> Model:
    """Build the model from the records, with the overrides in ``aannames`` (see AANNAME_PARAMETERS)."""
    aannames = dict(aannames or {})
    onbekend = sorted(set(aannames) - set(AANNAME_PARAMETERS))
    if onbekend:
        raise OngeldigeParameter(f"onbekende aanname(s) voor het kostenmodel MLW: {', '.join(onbekend)}. "
                                 f"Bekend zijn: {', '.join(AANNAME_PARAMETERS)}.")
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
        for schaal, v in _mapping("tarief_per_schaal", aannames["tarief_per_schaal"]).items():
            if schaal not in tarieven:
                raise OngeldigeParameter(f"tarief_per_schaal: schaal {schaal!r} komt in de eurotabel niet voor; "
                                         f"kies uit {', '.join(sorted(tarieven, key=int))}.")
            d = _dec(f"tarief_per_schaal[{schaal}]", v)
            if d < 0:
                raise OngeldigeParameter(f"tarief_per_schaal[{schaal}]: een bedrag per fte kan niet negatief zijn ({v!r}).")
            t = tarieven[schaal]
            tarieven[schaal] = Tarief(t.schaal, t.bron_functie, t.bedrag, t.fte, d, overschreven=True)
            afwijkend.append(f"Bedrag per fte schaal {schaal}: document (afgeleid) {nl_euro(t.afgeleid, 2)}, "
                             f"gebruikt {nl_euro(d, 2)}.")

    # -- contingency percentage
    pct_doc = register.cijfers[f"004a-ovz-{ONVOORZIEN}-structureel"]
    pct = pct_doc.waarde
    if "onvoorzien_pct" in aannames:
        pct = _dec("onvoorzien_pct", aannames["onvoorzien_pct"])
        if not Decimal(0) <= pct < HONDERD:
            raise OngeldigeParameter(f"onvoorzien_pct moet tussen 0 en 100 liggen, niet {aannames['onvoorzien_pct']!r}.")
        afwijkend.append(f"Stelpost Onvoorzien/vervanging: document {nl_getal(pct_doc.waarde)} %, gebruikt {nl_getal(pct)} %.")

    # -- shares
    aandelen_doc = {g: _r(register, AANDEEL_ID.format(g=g.lower())) for g in GEMEENTEN}
    aandelen = {g: c.waarde for g, c in aandelen_doc.items()}
    if "aandelen_pct" in aannames:
        opgegeven = _mapping("aandelen_pct", aannames["aandelen_pct"])
        if set(opgegeven) != set(GEMEENTEN):
            raise OngeldigeParameter(f"aandelen_pct moet precies de gemeenten {', '.join(GEMEENTEN)} noemen; "
                                     f"opgegeven: {', '.join(sorted(opgegeven)) or 'geen'}.")
        nieuw = {g: _dec(f"aandelen_pct[{g}]", opgegeven[g]) for g in GEMEENTEN}
        if any(v < 0 for v in nieuw.values()):
            raise OngeldigeParameter("aandelen_pct: een aandeel kan niet negatief zijn.")
        if sum(nieuw.values()) != HONDERD:
            raise OngeldigeParameter(f"aandelen_pct telt op tot {nl_getal(sum(nieuw.values()))} %, niet tot 100 %.")
        if nieuw != aandelen:
            afwijkend.append("Aandelen in de kosten: document "
                             + ", ".join(f"{g} {nl_getal(aandelen[g])} %" for g in GEMEENTEN) + "; gebruikt "
                             + ", ".join(f"{g} {nl_getal(nieuw[g])} %" for g in GEMEENTEN) + ".")
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
    return Model(register, regels, tarieven, pct, pct_doc, aandelen, aandelen_doc, jaren, _tijdelijk_jaar(),
                 totalen, afwijkend)


# ------------------------------------------------------------------ display tables
def _bron(c: Cijfer) -> str:
    return f"{c.bestand[:3]}:{c.regel}"


def _verschil(gedrukt: Decimal, model_: Decimal) -> str:
    d = gedrukt - model_
    return "0" if d == 0 else nl_euro(d, 2)


def tarief_tabel(m: Model) -> pd.DataFrame:
    rows = []
    for s in sorted(m.tarieven, key=int, reverse=True):
        t = m.tarieven[s]
        rows.append({"Schaal": s, "Afgeleid uit": f"{t.bron_functie}, basisformatie",
                     "Bedrag (gedrukt)": nl_euro(t.bedrag.waarde, 2), "fte (gedrukt)": nl_getal(t.fte.waarde, 2),
                     "Bedrag per fte (afgeleid)": nl_euro(t.afgeleid, 2),
                     "Bedrag per fte (gebruikt)": nl_euro(t.tarief, 2),
                     "Bron": f"{_bron(t.bedrag)}, {_bron(t.fte)}"})
    return pd.DataFrame(rows)


def kosten_tabel(m: Model) -> pd.DataFrame:
    """The cost table of the model: fte (printed inputs) and amounts (model)."""
    def fte(r: Regel, k: str) -> str:
        c = r.fte.get(k)
        if c is None or r.slug in (VAST_BEDRAG, ONVOORZIEN):
            return ""
        return nl_getal(c.waarde, 2)

    rows = []
    for r in m.regels:
        rows.append({"Functie": r.naam, "Schaal": r.schaal or "",
                     "Bedrag per fte": nl_euro(m.tarieven[r.schaal].tarief, 0) if r.schaal else "",
                     "fte basis": fte(r, "basis"), "fte structureel add.": fte(r, "structureel"),
                     "fte tijdelijk": fte(r, "tijdelijk"),
                     **{f"{KOLOM_KORT[k]} (€)": nl_euro(r.bedrag[k], 2) if k in r.bedrag else ""
                        for k in KOLOM_ID}})
    rows.append({"Functie": "Totaal", "Schaal": "", "Bedrag per fte": "",
                 "fte basis": "", "fte structureel add.": "", "fte tijdelijk": "",
                 **{f"{KOLOM_KORT[k]} (€)": nl_euro(m.totaal(k), 2) for k in KOLOM_ID}})
    return pd.DataFrame(rows)


def vergelijking_tabel(m: Model) -> pd.DataFrame:
    """Every printed cell of the euro table next to the model."""
    namen = {r.slug: r.naam for r in m.regels} | {TOTAAL: "Totaal"}
    return pd.DataFrame([{"Functie": namen[s], "Kolom": KOLOM_KORT[k], "Model": nl_euro(v, 2),
                          "Gedrukt": nl_euro(g.waarde, 2), "Verschil (gedrukt − model)": _verschil(g.waarde, v),
                          "Bron": _bron(g)} for s, k, v, g in m.cellen()])


def verdeling_tabel(m: Model, jaar: int) -> pd.DataFrame:
    rows = []
    for g in GEMEENTEN:
        gd = m.bijdrage_gedrukt(g, jaar)
        rows.append({"Gemeente": g, "Aandeel": f"{nl_getal(m.aandelen[g])} %",
                     "Bijdrage model": nl_euro(m.bijdrage(g, jaar), 2), "Bijdrage gedrukt": nl_euro(gd.waarde, 2),
                     "Verschil (gedrukt − model)": _verschil(gd.waarde, m.bijdrage(g, jaar)), "Bron": _bron(gd)})
    totaal_gedrukt = sum((m.bijdrage_gedrukt(g, jaar).waarde for g in GEMEENTEN), Decimal(0))
    rows.append({"Gemeente": "Totaal", "Aandeel": f"{nl_getal(sum(m.aandelen.values()))} %",
                 "Bijdrage model": nl_euro(m.kosten(jaar), 2), "Bijdrage gedrukt": nl_euro(totaal_gedrukt, 2),
                 "Verschil (gedrukt − model)": _verschil(totaal_gedrukt, m.kosten(jaar)), "Bron": ""})
    return pd.DataFrame(rows)


def meerjaren_tabel(m: Model, gemeenten=GEMEENTEN) -> pd.DataFrame:
    """Model split per gemeente and year (rows: gemeenten, columns: years)."""
    rows = [{"Gemeente": g, "Aandeel": f"{nl_getal(m.aandelen[g])} %",
             **{str(j): nl_euro(m.bijdrage(g, j), 2) for j in m.jaren}} for g in gemeenten]
    if len(gemeenten) > 1:
        rows.append({"Gemeente": "Totaal (kosten MLW)", "Aandeel": f"{nl_getal(sum(m.aandelen.values()))} %",
                     **{str(j): nl_euro(m.kosten(j), 2) for j in m.jaren}})
    return pd.DataFrame(rows)


def gemeente_jaren_tabel(m: Model, gemeente: str) -> pd.DataFrame:
    rows = []
    for j in m.jaren:
        gd = m.bijdrage_gedrukt(gemeente, j)
        rows.append({"Jaar": str(j), "Kosten MLW (model)": nl_euro(m.kosten(j), 2),
                     "Aandeel": f"{nl_getal(m.aandelen[gemeente])} %",
                     "Bijdrage model": nl_euro(m.bijdrage(gemeente, j), 2), "Bijdrage gedrukt": nl_euro(gd.waarde, 2),
                     "Verschil (gedrukt − model)": _verschil(gd.waarde, m.bijdrage(gemeente, j)), "Bron": _bron(gd)})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ reconciliation with the prose
@dataclass(frozen=True)
class Aansluiting:
    omschrijving: str
    tekst: Cijfer
    model: Decimal | None
    tabel: Decimal | None       # the printed table figure it should equal, if any
    eenheid: str = "EUR"


def aansluitingen(m: Model) -> list[Aansluiting]:
    c = {k: _r(m.register, v) for k, v in TEKST.items()}
    uit = c["budget_oud"].waarde + c["verhoging"].waarde
    return [
        Aansluiting("Uitvoeringsbudget Wmo en Jeugd na verhoging = bestaand budget + verhoging",
                    c["budget_nieuw"], uit, None),
        Aansluiting("Aandeel uitvoeringskosten in de totale begroting Wmo en Jeugdhulp (%)",
                    c["aandeel_uitvoering"], c["budget_nieuw"].waarde / c["begroting"].waarde * HONDERD, None, "pct"),
        Aansluiting("Nieuwe structurele kosten = totaal structureel per jaar", c["nieuwe_kosten"], m.totaal("totaal"),
                    m.totalen_gedrukt["totaal"].waarde),
        Aansluiting("Kosten basisformatie = totaal bestaande basisformatie", c["basis_kosten"], m.totaal("basis"),
                    m.totalen_gedrukt["basis"].waarde),
        Aansluiting("Basisformatie in fte = som van de regels basisformatie",
                    c["basis_fte"], sum((r.fte["basis"].waarde for r in m.regels if "basis" in r.fte
                                         and r.slug not in (VAST_BEDRAG, ONVOORZIEN)), Decimal(0)),
                    m.register.cijfers["004a-ovz-totaal-basis"].waarde, "fte"),
        Aansluiting("Meerkosten = totaal structureel − kostenbegroting 2017", c["meerkosten"],
                    m.totaal("totaal") - c["begroting_2017"].waarde,
                    m.totalen_gedrukt["totaal"].waarde - c["begroting_2017"].waarde),
    ]


def _fmt(d: Decimal | None, eenheid: str) -> str:
    if d is None:
        return ""
    if eenheid == "pct":
        return f"{nl_getal(d.quantize(Decimal('0.001')))} %"
    if eenheid == "fte":
        return nl_fte(d)
    return nl_euro(d, 0 if d == d.to_integral_value() else 2)


def aansluiting_tabel(m: Model) -> pd.DataFrame:
    return pd.DataFrame([{"Bedrag in de tekst": a.omschrijving, "Tekst": a.tekst.tekst.strip(), "Bron": _bron(a.tekst),
                          "Model": _fmt(a.model, a.eenheid), "Gedrukte tabel": _fmt(a.tabel, a.eenheid),
                          "Verschil (tekst − model)": _fmt(a.tekst.waarde - a.model, a.eenheid) if a.model is not None else ""}
                         for a in aansluitingen(m)])


# ------------------------------------------------------------------ capacity per gemeente
def capaciteit_tabel(register: Register, gemeente: str) -> pd.DataFrame:
    rows = []
    for rid in CAPACITEIT.get(gemeente, ()):
        c = _r(register, rid)
        omvang = nl_fte(c.waarde, 1) if c.eenheid == "fte" else f"{nl_getal(c.waarde)} uur per week"
        wat = c.label("rij") or c.label("uitleg")
        rows.append({"Wat": wat, "Omvang": omvang, "Toelichting": c.label("uitleg") if c.label("uitleg") != wat else "",
                     "Bron": _bron(c)})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ charts
def verdeling_grafiek(m: Model, nadruk: str | None = None):
    """Stacked bars: the model's split per gemeente per year; the printed totals as markers."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    from rekenboek.report.charts import OKABE_ITO, STIJL

    kleuren = dict(zip(GEMEENTEN, (OKABE_ITO["blauw"], OKABE_ITO["oranje"], OKABE_ITO["groen"])))
    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(9, 4.2))
        x = list(range(len(m.jaren)))
        onder = [0.0] * len(x)
        for g in GEMEENTEN:
            h = [float(m.bijdrage(g, j)) for j in m.jaren]
            ax.bar(x, h, bottom=onder, color=kleuren[g], edgecolor="black", linewidth=0.5,
                   hatch="//" if nadruk == g else None, alpha=1.0 if nadruk in (None, g) else 0.55,
                   label=f"{g} ({nl_getal(m.aandelen[g])} %)")
            onder = [o + v for o, v in zip(onder, h)]
        gedrukt = [float(sum((m.bijdrage_gedrukt(g, j).waarde for g in GEMEENTEN), Decimal(0))) for j in m.jaren]
        ax.scatter(x, gedrukt, marker="_", s=600, color=OKABE_ITO["vermiljoen"], linewidths=2.5, zorder=3,
                   label="totaal gedrukt")
        ax.set_xticks(x, [str(j) for j in m.jaren])
        ax.set_xlabel("jaar")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: nl_getal(Decimal(str(round(v))), 0)))
        ax.set_ylabel("kosten (€)")
        ax.set_title("Verdeling van de kosten MLW per gemeente (model)" + (f", nadruk op {nadruk}" if nadruk else ""))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        fig.tight_layout()
        return fig


def kosten_grafiek(m: Model):
    """Horizontal bars: total structural costs per function, model and printed."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    from rekenboek.report.charts import OKABE_ITO, STIJL

    with plt.rc_context(STIJL):
        fig, ax = plt.subplots(figsize=(8, 0.42 * len(m.regels) + 1.4))
        y = list(range(len(m.regels)))
        ax.barh([v - 0.2 for v in y], [float(r.bedrag["totaal"]) for r in m.regels], height=0.4,
                color=OKABE_ITO["blauw"], label="model")
        ax.barh([v + 0.2 for v in y], [float(r.gedrukt["totaal"].waarde) for r in m.regels], height=0.4,
                color=OKABE_ITO["oranje"], label="gedrukt")
        ax.set_yticks(y, [r.naam for r in m.regels])
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: nl_getal(Decimal(str(round(v))), 0)))
        ax.set_xlabel("totaal structureel per jaar (€)")
        ax.set_title("Structurele kosten per functie: model en eurotabel")
        ax.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        return fig


# ------------------------------------------------------------------ findings
def _register(register: Register) -> pd.DataFrame:
    """The register with the id of each check's stated record (to select the rows of this page)."""
    from rekenboek.checks.bevindingen import bereken

    res = bereken(register)
    tabel = res.tabel.copy()
    tabel["_gesteld_id"] = [b.gesteld.id for b in res.bevindingen]
    tabel["_gesteld_rol"] = [b.gesteld.rol for b in res.bevindingen]
    return tabel


def bevindingen(register: Register, gemeente: str, jaar: int, tabel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Register rows for the tables this page shows.

    MLW: the fte overview, the euro table, the split, the explanatory note and the budget passages.
    A gemeente: its rows of the split, the MLW totals and the deviating cells behind them, the
    capacity it supplies, and (Weert) the budget passages, which are Weert's.
    """
    t = _register(register) if tabel is None else tabel
    onderdelen = t["onderdelen"].str.split()
    if gemeente == "MLW":
        sel = t["tabel_id"].isin({TABEL_FTE, TABEL_EURO, TABEL_VERDELING, TABEL_TOELICHTING,
                                  "004a-voorstel-beslispunten", "004a-voorstel-gevolgen"})
    else:
        euro = t["tabel_id"] == TABEL_EURO
        sel = (t["tabel_id"] == TABEL_VERDELING) & (t["gemeente"] == gemeente)
        sel |= euro & ((t["_gesteld_rol"] == "totaal") | ~t["oordeel"].isin(["klopt", "afronding"]))
        sel |= (t["tabel_id"] == TABEL_TOELICHTING) & t["_gesteld_id"].isin({TEKST["nieuwe_kosten"]})
        cap = set(CAPACITEIT.get(gemeente, ()))
        sel |= t["_gesteld_id"].isin(cap) | onderdelen.map(lambda o: bool(cap & set(o)))
        if gemeente == "Weert":
            sel |= t["tabel_id"].isin({"004a-voorstel-beslispunten", "004a-voorstel-gevolgen"}) & (t["gemeente"] == "Weert")
    return t[sel].drop(columns=["_gesteld_id", "_gesteld_rol"]).reset_index(drop=True)


# ------------------------------------------------------------------ the page
EENHEDEN = ("MLW",) + GEMEENTEN


def _telling(b: pd.DataFrame) -> str:
    n = len(b)
    if not n:
        return "Er zijn geen controles op de cijfers van deze pagina."
    tel = b["oordeel"].value_counts()
    delen = [f"{tel[o]} × {o}" for o in ("klopt", "afronding", "afwijking", "niet-controleerbaar") if o in tel]
    return f"Op deze pagina staan {n} controles uit het register: " + ", ".join(delen) + "."


def _afwijkende_cellen(m: Model) -> list[tuple[str, str, Decimal, Cijfer]]:
    return [(s, k, v, g) for s, k, v, g in m.cellen() if v != g.waarde]


def _sectie_tarieven(m: Model) -> Sectie:
    tekst = (f"**Afgeleide aanname (INFERRED).** {TARIEF_AANNAME} Zo ontstaan {len(m.tarieven)} bedragen per fte, "
             + ", ".join(f"schaal {s}: {nl_euro(m.tarieven[s].tarief)}" for s in sorted(m.tarieven, key=int, reverse=True))
             + ". Elke andere fte-cel van dezelfde schaal is fte maal dat bedrag.")
    return Sectie("Bedrag per fte per salarisschaal (afgeleid)", tekst, [("Bedrag per fte per schaal", tarief_tabel(m))])


def _sectie_kosten(m: Model) -> Sectie:
    ov = m.regel(ONVOORZIEN)
    _, ov_gedrukt = m.cel(ONVOORZIEN, "totaal")
    afw = _afwijkende_cellen(m)
    namen = {r.slug: r.naam for r in m.regels} | {TOTAAL: "Totaal"}
    regels_afw = "\n".join(f"- {namen[s]}, {KOLOM_KORT[k].lower()}: model {nl_euro(v, 2)}, gedrukt {nl_euro(g.waarde, 2)} "
                           f"(verschil {nl_euro(g.waarde - v, 2)}; bron {_bron(g)})" for s, k, v, g in afw)
    tekst = (f"Het model vermenigvuldigt de fte uit het samenvattend overzicht (bron {_bron(m.regels[0].fte['basis'])} e.v.) "
             f"met het bedrag per fte van de schaal, neemt de additionele expertise als vast bedrag over en rekent de "
             f"stelpost Onvoorzien/vervanging als {nl_getal(m.onvoorzien_pct)} % (document: "
             f"{nl_getal(m.onvoorzien_pct_document.waarde)} %, bron {_bron(m.onvoorzien_pct_document)}) van de overige "
             f"structurele kosten: {nl_euro(ov.bedrag['totaal'], 2)} (gedrukt: {nl_euro(ov_gedrukt.waarde, 2)}).\n\n"
             f"**Afgeleide aanname (INFERRED).** {ONVOORZIEN_GRONDSLAG}\n\n"
             f"Totaal structureel per jaar volgens het model: {nl_euro(m.totaal('totaal'), 2)}; gedrukt: "
             f"{nl_euro(m.totalen_gedrukt['totaal'].waarde, 2)}. Tijdelijk additioneel: model "
             f"{nl_euro(m.totaal('tijdelijk'), 2)}, gedrukt {nl_euro(m.totalen_gedrukt['tijdelijk'].waarde, 2)}.")
    if afw:
        tekst += ("\n\nCellen van de eurotabel die niet uit het model volgen (de controles hieronder beoordelen of het "
                  "verschil binnen de afronding van de gedrukte fte valt):\n\n" + regels_afw)
    return Sectie("Kosten per functie", tekst,
                  [("Kostenmodel: fte (gedrukt) maal bedrag per fte (afgeleid)", kosten_tabel(m)),
                   ("Eurotabel: model naast de gedrukte bedragen", vergelijking_tabel(m))],
                  [("Staafdiagram van de structurele kosten per functie, model en gedrukt", lambda: kosten_grafiek(m))])


def _sectie_verdeling(m: Model, jaar: int, nadruk: str | None = None) -> Sectie:
    tekst = (f"De gemeenten verdelen de kosten naar inwonertal. {JAAR_AANNAME} Kosten {jaar} volgens het model: "
             f"{nl_euro(m.kosten(jaar), 2)}; volgens de gedrukte eurotabel: {nl_euro(m.kosten_gedrukt(jaar), 2)}. "
             "Het verschil tussen model en gedrukte verdeling komt volledig uit de cellen van de eurotabel die niet "
             "uit het model volgen; de verdeelregel zelf (aandeel maal kosten) reproduceert de gedrukte bedragen.")
    return Sectie(f"Verdeling per gemeente {jaar}", tekst,
                  [(f"Verdeling {jaar}", verdeling_tabel(m, jaar)),
                   (f"Verdeling {m.jaren[0]}-{m.jaren[-1]} volgens het model", meerjaren_tabel(m))],
                  [(f"Gestapelde staven: bijdrage per gemeente per jaar {m.jaren[0]}-{m.jaren[-1]}, met het gedrukte totaal",
                    lambda: verdeling_grafiek(m, nadruk))])


def _sectie_aansluiting(m: Model) -> Sectie:
    a = {x.tekst.id: x for x in aansluitingen(m)}
    nk = a[TEKST["nieuwe_kosten"]]
    bk = a[TEKST["basis_kosten"]]
    tekst = ("Bedragen die de tekst noemt, naast het model en de gedrukte tabel. Het uitvoeringsbudget Wmo en Jeugd "
             "is dat van Weert (lokale en regionale taken samen); de regionale kosten zijn er een deel van. "
             f"De tekst noemt nieuwe structurele kosten van {nl_euro(nk.tekst.waarde)}, de eurotabel telt op tot "
             f"{nl_euro(nk.tabel, 2)} (verschil {nl_euro(nk.tekst.waarde - nk.tabel, 2)}); de basisformatie kost volgens "
             f"de tekst {nl_euro(bk.tekst.waarde)}, volgens de tabel {nl_euro(bk.tabel, 2)}. De tekst legt beide "
             "verschillen niet uit (zie de controles).")
    return Sectie("Aansluiting met de tekst", tekst, [("Bedragen in de tekst", aansluiting_tabel(m))])


def _weert_budget(m: Model, jaar: int) -> str:
    c = {k: _r(m.register, v) for k, v in TEKST.items()}
    b = m.bijdrage("Weert", jaar)
    return (f"Weert verhoogt zijn uitvoeringsbudget Wmo en Jeugd van {nl_euro(c['budget_oud'].waarde)} met "
            f"{nl_euro(c['verhoging'].waarde)} naar {nl_euro(c['budget_oud'].waarde + c['verhoging'].waarde)} "
            f"(gedrukt: {c['budget_nieuw'].tekst}, bron {_bron(c['budget_nieuw'])}); dat is "
            f"{nl_getal((c['budget_nieuw'].waarde / c['begroting'].waarde * HONDERD).quantize(Decimal('0.01')))} % van "
            f"de begroting Wmo en Jeugdhulp ({c['begroting'].tekst}; de tekst zegt afgerond "
            f"{nl_getal(c['aandeel_uitvoering'].waarde)} %). De bijdrage van Weert aan MLW in {jaar} ({nl_euro(b, 2)}, "
            f"model) is {nl_getal((b / c['budget_nieuw'].waarde * HONDERD).quantize(Decimal('0.1')))} % van dat budget.")


def pagina(register: Register, gemeente: str, jaar, aannames: dict) -> FinancienPagina:
    """The financial page of MLW or one of its gemeenten for a year of the split."""
    if gemeente not in EENHEDEN:
        raise OngeldigeParameter(f"het kostenmodel MLW kent {gemeente!r} niet; kies uit {', '.join(EENHEDEN)}.")
    m = model(register, aannames)
    try:
        jaar = int(jaar)
    except (TypeError, ValueError):
        raise OngeldigeParameter(f"jaar {jaar!r} is geen jaartal.") from None
    if jaar not in m.jaren:
        raise OngeldigeParameter(f"de kostenverdeling MLW loopt van {m.jaren[0]} tot en met {m.jaren[-1]}; "
                                 f"over {jaar} zegt het document niets.")
    b = bevindingen(register, gemeente, jaar)
    bron = f"bestand `{m.regels[0].gedrukt['totaal'].bestand}`"
    afw = [r for r in (_afwijkende_cellen(m)) if r[0] != TOTAAL]

    if gemeente == "MLW":
        inleiding = (f"Midden-Limburg West (Leudal, Nederweert en Weert) deelt regionale capaciteit voor Wmo en Jeugd "
                     f"onder het convenant 2018 ({bron}). Dit model herberekent de eurotabel uit de fte per functie en "
                     f"een afgeleid bedrag per fte per salarisschaal, en verdeelt de kosten naar inwonertal. "
                     f"Kosten {jaar}: {nl_euro(m.kosten(jaar), 2)} volgens het model, "
                     f"{nl_euro(m.kosten_gedrukt(jaar), 2)} volgens de gedrukte tabel; {len(afw)} cellen van de "
                     f"eurotabel volgen niet exact uit het model. {_telling(b)}")
        secties = [_sectie_tarieven(m), _sectie_kosten(m), _sectie_verdeling(m, jaar), _sectie_aansluiting(m)]
    else:
        bd, gd = m.bijdrage(gemeente, jaar), m.bijdrage_gedrukt(gemeente, jaar)
        inleiding = (f"{gemeente} neemt deel aan de samenwerking sociaal domein Midden-Limburg West en draagt "
                     f"{nl_getal(m.aandelen[gemeente])} % van de kosten (document: "
                     f"{nl_getal(m.aandelen_document[gemeente].waarde)} %, bron {_bron(m.aandelen_document[gemeente])}). "
                     f"Bijdrage {jaar}: {nl_euro(bd, 2)} volgens het model, {nl_euro(gd.waarde, 2)} gedrukt "
                     f"(bron {_bron(gd)}). Over {m.jaren[0]}-{m.jaren[-1]} samen: "
                     f"{nl_euro(sum((m.bijdrage(gemeente, j) for j in m.jaren), Decimal(0)), 2)} volgens het model, "
                     f"{nl_euro(sum((m.bijdrage_gedrukt(gemeente, j).waarde for j in m.jaren), Decimal(0)), 2)} gedrukt. "
                     f"{_telling(b)}")
        tekst = (f"{JAAR_AANNAME} De bijdrage is het aandeel maal de kosten van MLW in dat jaar; het verschil met de "
                 f"gedrukte bijdrage is het aandeel van de verschillen in de eurotabel (zie de pagina van MLW).")
        if gemeente == "Weert":
            tekst += "\n\n" + _weert_budget(m, jaar)
        bijdrage = Sectie(f"Bijdrage van {gemeente}", tekst,
                          [(f"Bijdrage {gemeente} {m.jaren[0]}-{m.jaren[-1]}", gemeente_jaren_tabel(m, gemeente))],
                          [(f"Gestapelde staven: bijdrage per gemeente per jaar, {gemeente} gearceerd",
                            lambda: verdeling_grafiek(m, gemeente))])
        kosten = Sectie("Kosten van de samenwerking (MLW)",
                        f"De bijdrage volgt uit de totalen van MLW: totaal structureel per jaar {nl_euro(m.totaal('totaal'), 2)} "
                        f"(gedrukt {nl_euro(m.totalen_gedrukt['totaal'].waarde, 2)}), tijdelijk additioneel "
                        f"{nl_euro(m.totaal('tijdelijk'), 2)} (gedrukt {nl_euro(m.totalen_gedrukt['tijdelijk'].waarde, 2)}). "
                        f"{TARIEF_AANNAME} {ONVOORZIEN_GRONDSLAG}",
                        [(f"Verdeling {jaar}", verdeling_tabel(m, jaar))])
        cap = capaciteit_tabel(register, gemeente)
        cap_tekst = ("Capaciteit die de tekst aan deze gemeente toeschrijft (de kosten ervan worden over alle drie "
                     "gemeenten verdeeld en verrekend). ")
        if gemeente in ("Leudal", "Nederweert"):
            cap_tekst += ("Let op: dezelfde alinea over maatschappelijke opvang en beschermd wonen zegt ook dat Leudal "
                          "en Nederweert geen capaciteit beschikbaar kunnen stellen; het document spreekt zich hier tegen. ")
        if gemeente in ("Leudal", "Weert"):
            cap_tekst += ("Volgens de NB in de oplegnotitie (basis voor samenwerking) levert Weert inmiddels de "
                          "business controller, op verzoek van Leudal. ")
        secties = [bijdrage, kosten, Sectie(f"Capaciteit die {gemeente} levert", cap_tekst.strip(),
                                            [("Capaciteit volgens de tekst", cap)])]
    return FinancienPagina(gemeente, jaar, inleiding, secties, b, list(m.afwijkende_aannames))
