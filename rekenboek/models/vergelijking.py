"""Document run against scenario run of the same model: every output cell, the exact difference.

The three financial models each have their own result shape (:class:`rekenboek.models.scenario.Uitvoer`,
:class:`rekenboek.models.kostenverdeling.Model`, :class:`rekenboek.models.szmh.Agenda` and
:class:`rekenboek.models.szmh.Efficiency`). This module flattens each into one map of *output cells*,
``(sleutel, jaar) -> Uitkomst`` with a Dutch description, a unit and an exact ``Decimal`` (``None`` for a
'pm' cell), so that one comparison, one table and one chart serve every model:

- ``scenario`` (Maastricht 2020-2024): every cell of the model's tables (``Uitvoer.cellen``);
- ``szmh``: per investment agenda and year the spending, opening and closing balance of the
  bedrijfsreserve; per year of the efficiency target the target, proposals, realisation and the
  surplus or shortfall (single and cumulative);
- ``kostenverdeling`` (MLW): every amount of the euro table per function and column, the column
  totals, the costs per year, every gemeente's contribution per year and over all years.

:func:`vergelijk` runs a model twice on the same register, with the document's assumptions and with
the overrides, and returns every cell with both values and the difference (scenario - document,
exact). A cell *moved* when the two values differ; nothing is rounded before that comparison.

:func:`document_aannames` gives each model's assumptions as the document has them, in the same form
an override takes (so the document's values can be passed back as overrides and change nothing; the
sensitivity analysis moves them over their band from there).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Mapping

from rekenboek.inputs.register import Register
from rekenboek.models import kostenverdeling as kv
from rekenboek.models import scenario as sc
from rekenboek.models import szmh
from rekenboek.numbers import nl_euro

HONDERD = Decimal(100)

#: an output cell: a model-specific key without the year (strings), and the year (None: not per year)
Sleutel = tuple[tuple[str, ...], int | None]


@dataclass(frozen=True)
class Uitkomst:
    """One output cell of a model run."""

    sleutel: tuple[str, ...]
    jaar: int | None
    omschrijving: str            # Dutch, without the year
    eenheid: str                 # EUR, pct, ...
    waarde: Decimal | None       # None: 'pm' (no amount)

    @property
    def id(self) -> Sleutel:
        return (self.sleutel, self.jaar)


@dataclass(frozen=True)
class ModelDef:
    """A model as the comparison sees it."""

    naam: str
    titel: str                   # Dutch
    documenten: tuple[str, ...]  # the source documents it reads (checks.bevindingen.laad_dossier)
    parameters: Mapping[str, str]
    kern: tuple[tuple[str, ...], ...]   # key outputs (sleutel, jaar-as-string or '') for the sensitivity analysis
    kern_toelichting: str


@dataclass
class Doorrekening:
    """One run of a model: its output cells and the Dutch lines of assumptions that differ from the document."""

    model: str
    overrides: dict[str, object]
    uitkomsten: dict[Sleutel, Uitkomst]
    afwijkend: list[str] = field(default_factory=list)
    aannames: dict[str, object] = field(default_factory=dict)   # every assumption as used, in override form

    def waarde(self, sleutel: Sleutel) -> Decimal | None:
        return self.uitkomsten[sleutel].waarde


@dataclass(frozen=True)
class Verschil:
    """An output cell in the document run and in the scenario run."""

    uitkomst: Uitkomst           # the document run's cell (description, unit)
    document: Decimal | None
    scenario: Decimal | None

    @property
    def gewijzigd(self) -> bool:
        return self.document != self.scenario

    @property
    def absoluut(self) -> Decimal | None:
        """scenario - document, exact; None when either is 'pm'."""
        if self.document is None or self.scenario is None:
            return None
        return self.scenario - self.document

    @property
    def relatief(self) -> Decimal | None:
        """The difference in percent of the document's value (of its absolute value); None when that is 0 or pm."""
        a = self.absoluut
        if a is None or not self.document:
            return None
        return a / abs(self.document) * HONDERD


@dataclass
class Vergelijking:
    model: str
    document: Doorrekening
    scenario: Doorrekening
    verschillen: list[Verschil]

    @property
    def gewijzigd(self) -> list[Verschil]:
        return [v for v in self.verschillen if v.gewijzigd]

    @property
    def is_scenario(self) -> bool:
        return bool(self.scenario.overrides)


# ------------------------------------------------------------------ Maastricht: the cells of the scenario model
_RIJ = {"A": "A prognose-basis", "B": "B prognose volumeontwikkeling", "C": "C totaal",
        "D": "D volumemutatie (€)", "E": "E volumemutatie (%)", "F": "F besparingspotentieel (%)",
        "G": "G besparingspotentieel (€)", "H": "H verwachte kostenontwikkeling", "I": "I volumecompensatie",
        "J": "J bezuinigingsmaatregelen", "K": "K volumecompensatie −/− bezuinigingen",
        "L": "L begrotingsresultaat excl. budgetplafonds", "M": "M correctie budgetplafonds",
        "N": "N begrotingsresultaat incl. budgetplafonds"}
_TABEL = {"1": "Tabel 1 verhogingen", "2": "Tabel 2 onzekerheden", "3": "Tabel 3 risico's", "4": "Tabel 4 bezuinigingen",
          "5": "Tabel 5 Jeugd", "6": "Tabel 6 Wmo", "7": "Tabel 7 Jeugd en Wmo", "8": "Tabel 8 begrotingseffect",
          "9": "Tabel 9 overige maatregelen", "10": "Tabel 10 niet haalbaar", "12": "Tabel 12 veranderkosten",
          "13": "Tabel 13 dekking veranderkosten", "14": "Tabel 14 onzekerheden incl. volumegroei",
          "15": "Tabel 15 haalbaarheid bezuinigingen", "16": "Tabel 16 veranderkosten",
          "17": "Tabel 17 totaaleffect", "18": "Tabel 18 neutraal scenario tegen de begroting",
          "2020": "Ontwikkeling 2020"}


def _scenario_omschrijving(tabel: str, rij: str, kolom: str) -> str:
    if tabel == "4" and rij in sc.TABEL4:
        rij = f"{rij} {sc.TABEL4[rij][2]}"
    delen = [_TABEL.get(tabel, f"Tabel {tabel}"), _RIJ.get(rij, rij) if tabel in ("5", "6", "7", "8") else rij]
    if kolom and not (tabel in ("5", "6") and kolom in sc.DOMEINEN):   # Tabel 5/6 are one domain each
        delen.append(sc.DOMEIN_NAAM.get(kolom, kolom))
    return ", ".join(delen)


def _scenario_uitkomsten(u: sc.Uitvoer) -> dict[Sleutel, Uitkomst]:
    uit = {}
    for (tabel, rij, kolom, jaar), v in u.cellen.items():
        eenheid = "pct" if tabel in ("5", "6") and rij in ("E", "F") else "EUR"
        k = Uitkomst((tabel, rij, kolom), jaar, _scenario_omschrijving(tabel, rij, kolom), eenheid, v)
        uit[k.id] = k
    return uit


def _per_register(cache: dict, register: Register, maak):
    """``maak(register)``, computed once per register object (the last one only): the loop reuses it."""
    hit = cache.get(id(register))
    if hit is None or hit[0] is not register:
        hit = (register, maak(register))
        cache.clear()
        cache[id(register)] = hit
    return hit[1]


_SC_DOC: dict[int, tuple[Register, sc.Aannames]] = {}


def _scenario_document(register: Register) -> sc.Aannames:
    """The document's assumptions of a register, read once per register object (the loop reuses them)."""
    return _per_register(_SC_DOC, register, sc.aannames_uit_bron)


def _scenario(register: Register, overrides: Mapping[str, object]) -> Doorrekening:
    a, regels = sc.met_overrides(_scenario_document(register), overrides)
    u = sc.bereken(a)
    return Doorrekening("scenario", dict(overrides), _scenario_uitkomsten(u), regels, _scenario_aannames(a, u))


def _scenario_aannames(a: sc.Aannames, u: sc.Uitvoer) -> dict[str, object]:
    def per_jaar(m: Mapping[int, Decimal | None]) -> dict[str, Decimal]:
        return {str(j): v for j, v in m.items() if v is not None}

    return {
        "prognose_basis": dict(a.prognose_basis),
        "volumegroei_pct": {d: per_jaar(a.volumegroei_pct[d]) for d in sc.DOMEINEN},
        "groeibasis": a.groeibasis,
        "besparingspotentieel_pct": {d: per_jaar(a.besparingspotentieel_pct[d]) for d in sc.DOMEINEN},
        "vertraging_negatief": a.vertraging_negatief,
        "neutraal_weging": a.neutraal_weging,
        "volumecompensatie": {d: per_jaar(a.volumecompensatie[d]) for d in sc.DOMEINEN},
        "bezuinigingsmaatregelen": {k: per_jaar(a.bezuinigingsmaatregelen[k]) for k in sc.TABEL4},
        "budgetplafond_aandeel": dict(a.budgetplafond_aandeel),
        "budgetplafond_startjaar": dict(a.budgetplafond_startjaar),
        "overige_maatregelen": per_jaar(a.overige_maatregelen),
        "overige_niet_haalbaar": per_jaar({j: u.c("10", "Totaal", "", j) for j in sc.JAREN}),
        "veranderkosten": per_jaar({j: u.c("16", "Veranderkosten", "", j) for j in sc.JAREN}),
        "dekking_veranderkosten": per_jaar({j: u.c("16", "Dekking", "", j) for j in sc.JAREN}),
        "begroting_huidig": per_jaar(a.begroting_huidig),
    }


# ------------------------------------------------------------------ SZMH: agendas and efficiency target
def _szmh_uitkomsten(agendas: list[szmh.Agenda], eff: szmh.Efficiency) -> dict[Sleutel, Uitkomst]:
    uit: dict[Sleutel, Uitkomst] = {}

    def zet(sleutel: tuple[str, ...], jaar: int | None, omschrijving: str, waarde: Decimal) -> None:
        k = Uitkomst(sleutel, jaar, omschrijving, "EUR", waarde)
        uit[k.id] = k

    for ag in agendas:
        s = ag.defn.sleutel
        for a in ag.jaren:
            zet((s, "uitgaven"), a.jaar, f"{ag.defn.titel}: uitgaven (som van de posten)", a.uitgaven.waarde)
            zet((s, "beginsaldo"), a.jaar, f"{ag.defn.titel}: beginsaldo bedrijfsreserve", a.begin.waarde)
            zet((s, "eindsaldo"), a.jaar, f"{ag.defn.titel}: eindsaldo bedrijfsreserve", a.eind.waarde)
    t = "Efficiencytaakstelling"
    for e in eff.jaren:
        zet(("efficiency", "taakstelling"), e.jaar, f"{t}: taakstelling", e.taakstelling.waarde)
        zet(("efficiency", "taakstelling_cum"), e.jaar, f"{t}: taakstelling cumulatief", e.taakstelling_cum.waarde)
        zet(("efficiency", "voorstellen_cum"), e.jaar, f"{t}: voorstellen cumulatief incl. tijdelijk", e.v_eur_cum.waarde)
        zet(("efficiency", "invulling"), e.jaar, f"{t}: invulling (plan 2018)", e.n_totaal.waarde)
        zet(("efficiency", "invulling_cum"), e.jaar, f"{t}: invulling cumulatief (plan 2018)", e.n_cum.waarde)
        zet(("efficiency", "saldo"), e.jaar, f"{t}: over- of tekort invulling", e.saldo)
        zet(("efficiency", "saldo_cum"), e.jaar, f"{t}: over- of tekort invulling cumulatief", e.saldo_cum)
    return uit


_EFF: dict[int, tuple[Register, szmh.Efficiency]] = {}


def _efficiency(register: Register) -> szmh.Efficiency:
    """The efficiency target takes no assumption: computed once per register object."""
    return _per_register(_EFF, register, szmh.efficiency)


def _szmh(register: Register, overrides: Mapping[str, object]) -> Doorrekening:
    gegeven = szmh.aannames(dict(overrides))
    agendas = szmh.agendas(register, gegeven)
    regels = [f"Beginsaldo {ag.defn.titel}: document {nl_euro(ag.beginsaldo_document.waarde)}, "
              f"gebruikt {nl_euro(ag.beginsaldo_gebruikt)}"
              for ag in agendas if ag.beginsaldo_gebruikt != ag.beginsaldo_document.waarde]
    return Doorrekening("szmh", dict(overrides), _szmh_uitkomsten(agendas, _efficiency(register)), regels,
                        {f"beginsaldo_{ag.defn.sleutel}": ag.beginsaldo_gebruikt for ag in agendas})


# ------------------------------------------------------------------ MLW: cost per function and the split
def _kv_uitkomsten(m: kv.Model) -> dict[Sleutel, Uitkomst]:
    uit: dict[Sleutel, Uitkomst] = {}

    def zet(sleutel: tuple[str, ...], jaar: int | None, omschrijving: str, waarde: Decimal) -> None:
        k = Uitkomst(sleutel, jaar, omschrijving, "EUR", waarde)
        uit[k.id] = k

    for r in m.regels:
        for kolom, v in r.bedrag.items():
            zet(("bedrag", r.slug, kolom), None, f"{r.naam}: {kv.KOLOM_KORT[kolom].lower()}", v)
    for kolom in kv.KOLOM_ID:
        zet(("totaal", kolom), None, f"Totaal: {kv.KOLOM_KORT[kolom].lower()}", m.totaal(kolom))
    for j in m.jaren:
        zet(("kosten",), j, "Kosten van de samenwerking", m.kosten(j))
        for g in m.gemeenten:
            zet(("bijdrage", g), j, f"Bijdrage {g}", m.bijdrage(g, j))
    for g in m.gemeenten:
        zet(("bijdrage_som", g), None, f"Bijdrage {g} {m.jaren[0]}-{m.jaren[-1]} samen", m.bijdrage_som(g))
    return uit


def _kostenverdeling(register: Register, overrides: Mapping[str, object]) -> Doorrekening:
    m = kv.model(register, dict(overrides))
    gebruikt = {"aandelen_pct": dict(m.aandelen), "onvoorzien_pct": m.onvoorzien_pct,
                "tarief_per_schaal": {s: t.tarief for s, t in m.tarieven.items()}}
    return Doorrekening("kostenverdeling", dict(overrides), _kv_uitkomsten(m), list(m.afwijkende_aannames), gebruikt)


# ------------------------------------------------------------------ the registry
MODELLEN: dict[str, ModelDef] = {
    "scenario": ModelDef("scenario", "Maastricht 2020-2024: begroting en besparingen (Verbeterplan Sociaal Domein)",
                         ("001",), sc.AANNAME_PARAMETERS, (("18", "Afwijking", "", "2024"),),
                         "het begrotingseffect 2024: de afwijking van de huidige begroting in het neutrale scenario "
                         "(Tabel 18, gelijk aan het totaaleffect van Tabel 17)"),
    "szmh": ModelDef("szmh", "SZMH: investeringsagenda's en efficiencytaakstelling", ("000", "002"),
                     szmh.AANNAME_PARAMETERS,
                     (("agenda_2017", "eindsaldo", "2019"), ("agenda_2018", "eindsaldo", "2020")),
                     "het eindsaldo van de bedrijfsreserve in het laatste jaar van elke investeringsagenda"),
    "kostenverdeling": ModelDef("kostenverdeling", "MLW: kosten per functie en verdeling over de gemeenten",
                                ("004",), kv.AANNAME_PARAMETERS,
                                tuple(("bijdrage_som", g, "") for g in kv.GEMEENTEN),
                                "de bijdrage van elke gemeente over alle jaren van de verdeling samen"),
}

_DOORREKEN: dict[str, Callable[[Register, Mapping[str, object]], Doorrekening]] = {
    "scenario": _scenario, "szmh": _szmh, "kostenverdeling": _kostenverdeling}


def model_def(model: str) -> ModelDef:
    from rekenboek.errors import OngeldigeParameter

    if model not in MODELLEN:
        raise OngeldigeParameter(f"onbekend model {model!r}; kies uit {', '.join(MODELLEN)}.")
    return MODELLEN[model]


def kern(model: str) -> list[Sleutel]:
    """The key outputs of a model, as output-cell keys."""
    return [(tuple(k[:-1]), int(k[-1]) if k[-1] else None) for k in model_def(model).kern]


def doorreken(model: str, register: Register, overrides: Mapping[str, object] | None = None) -> Doorrekening:
    """Run ``model`` on ``register`` with ``overrides`` (parameter name -> value; None = document value)."""
    model_def(model)
    gegeven = {k: v for k, v in (overrides or {}).items() if v is not None}
    return _DOORREKEN[model](register, gegeven)


def document_aannames(model: str, register: Register) -> dict[str, object]:
    """The document's value of every assumption of ``model``, in the form an override takes."""
    return doorreken(model, register).aannames


def vergelijk(model: str, register: Register, overrides: Mapping[str, object] | None = None,
              document: Doorrekening | None = None) -> Vergelijking:
    """The document run against the run with ``overrides``: every output cell, in the model's order."""
    doc = document if document is not None else doorreken(model, register)
    scen = doorreken(model, register, overrides)
    verschillen = [Verschil(u, u.waarde, scen.uitkomsten[k].waarde if k in scen.uitkomsten else None)
                   for k, u in doc.uitkomsten.items()]
    # a cell only the scenario run has (none of today's models makes one) counts as moved from nothing
    verschillen += [Verschil(u, None, u.waarde) for k, u in scen.uitkomsten.items() if k not in doc.uitkomsten]
    return Vergelijking(model, doc, scen, verschillen)
