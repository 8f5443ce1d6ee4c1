"""Maastricht 2020-2024: the social-domain budget and savings model of the Verbeterplan Sociaal Domein.

Source: ``001_d19e611800eb9a89.txt`` (Verbeterplan Sociaal Domein, januari 2021), section 5.1,
lines 385-925, Tabel 1-19. Every input is a transcribed record (``data/cijfers/001*.csv``), read by
id through :data:`BRON`-style id builders below; no source figure is typed here.

The model, in the document's letters (Tabel 5-8, lines 633-752):

- per domain (Jeugd, Wmo excl. BW): prognose-basis **A** (prognose 2020, line 639);
- yearly volume growth **E** (percentage) gives the mutation **D**; the document states (line 639)
  "een inschatting ... van de verwachte volumegroei (D, E)" as a yearly growth percentage of the
  forecast costs; the model applies E to the previous year's total **C** (``groeibasis="totaal"``,
  the stated assumption). The printed D for 2023 and 2024 only follow when E is applied to A plus
  the previous year's mutation (``groeibasis="basis_plus_vorige_mutatie"``); the register judges
  those D cells ``afwijking`` (k001b-t5-d-2023 ...);
- cumulative volume **B** = sum of D; **C** = A + B;
- savings-potential percentage **F** per scenario, applied to C: **G** = F x C (line 639:
  "procentuele besparingspotentieel ... ten opzichte van de geprognosticeerde kosten (C)");
- the negative scenario is the positive one with a delay of one year (footnote, line 659);
  0 % before the first positive year (INFERRED: nothing is saved before the positive path starts);
- the neutral scenario is the mean of the positive and negative scenario (INFERRED from the
  printed percentages: the document only says "verwachte ontwikkeling");
- expected cost development **H** = B + G;
- Tabel 7 adds Jeugd and Wmo; Tabel 8: volume compensation **I** in the budget, the savings
  measures of Tabel 4 as **J** (negative), **K** = I + J, budget result **L** = K - H;
- budgetplafonds correction **M** (INFERRED): from a start year per domain, a fixed share of each
  year's volume mutation D is cumulated (Wmo from 2022, Jeugd from 2023; share = the printed M of
  the start year divided by the printed D of that year, rounded to a whole percent);
  **N** = L + M.

The combined effect (Tabel 14-18, lines 836-912), all INFERRED from the figures:

- Tabel 14 (uncertainties incl. volume growth) = Tabel 2 total (scenario) + I - (B Jeugd + B Wmo);
  the risks of Tabel 3 (chance below 50 %) are not included;
- Tabel 15 (feasibility of savings excl. volume growth) = -(Tabel 4 total) - G total (scenario)
  + M - the infeasible other measures (Tabel 9/10);
- Tabel 16 = Tabel 12 (change costs) and Tabel 13 (cover); Tabel 17 = Tabel 14 + 15 + 16;
- Tabel 18: the neutral scenario against the current budget.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from rekenboek.errors import InvoerFout
from rekenboek.inputs.register import Register
from rekenboek.models import aannames as aannames_parser
from rekenboek.models.cellen import kaart
from rekenboek.numbers import nl_euro, nl_getal

# ------------------------------------------------------------------ structure (labels, not figures)
JAREN = (2021, 2022, 2023, 2024)
ALLE_JAREN = (2020,) + JAREN
SCENARIOS = ("positief", "neutraal", "negatief")
KORT = {"positief": "pos", "neutraal": "neu", "negatief": "neg"}
DOMEINEN = ("jeugd", "wmo")
DOMEIN_TABEL = {"jeugd": 5, "wmo": 6}
DOMEIN_NAAM = {"jeugd": "Jeugd", "wmo": "Wmo (excl. BW)"}
GROEIBASES = {"totaal": "groei over het totale kostenniveau C van het voorgaande jaar (zoals gesteld)",
              "basis_plus_vorige_mutatie": "groei over prognose-basis A plus alleen de mutatie D van het voorgaande jaar "
                                            "(zo volgen de gedrukte cijfers)"}
HONDERD = Decimal(100)
MLN = Decimal(1000000)
BESTAND = "001_d19e611800eb9a89.txt"

# Tabel 4 rows: kenmerk -> (record key, domain, label)
TABEL4 = {"E18": ("e18-jeugd", "jeugd", "Budgetplafonds"),
          "3.2": ("3-2", "jeugd", "Meer maatwerkoplossingen en regie in gezinnen met complexe problematiek"),
          "3.5": ("3-5", "jeugd", "Bonus/malussysteem in DVO's om uitstroom te bevorderen"),
          "E19": ("e19-wmo", "wmo", "Budgetplafonds"),
          "2.9": ("2-9", "wmo", "Aanscherpen indicatierichtlijn hulp bij het huishouden"),
          "4c": ("4c", "wmo", "Indicatiestelling HH (nieuwe plus bestaande indicaties)"),
          "2.10": ("2-10", "wmo", "Aanscherpen indicatiestelling Vervoer op Maat"),
          "4b": ("4b", "wmo", "Aanvullend 2.10")}
TABEL1 = {"jeugd": "Volumegroei Jeugd", "wmo": "Volumegroei Wmo", "armoede": "Armoede/bijzondere bijstand", "mtb": "MTB"}
TABEL2 = {"armoede": "Armoede / Bijzondere Bijstand", "jgz": "Jeugdgezondheidszorg (JGZ)",
          "index": "Prijsindex Jeugd, Wmo & subsidies", "indexcomp": "Prijsindex: compensatie vanuit AD",
          "mo": "Tekorten Maatschappelijke Opvang"}
TABEL3 = {"buig-baten": "Buig baten", "buig-lasten": "Buig lasten", "mtb": "Exploitatietekort MTB",
          "wlz-bw": "Wlz migratie Beschermd Wonen", "mo-vo": "Maatschappelijke-/Vrouwenopvang",
          "tozo": "Tozo"}
TABEL10 = {"2-3": "2.3 Pilot vergoeding kosten gehandicaptenkaarten", "2-4": "2.4 Aandeel PGB huishoudelijke hulp",
           "2-5": "2.5 Scootmobielen als algemene voorziening", "4f": "4f Plafond nachtopvang Singel 9",
           "3-3": "3.3 Pleegzorg en gezinshuizen", "3-4": "3.4 Alleen erkende bewezen interventies",
           "3-9": "3.9 Transformatieplan GI's", "6-3": "6.3 Anders organiseren voordeur",
           "7-1": "7.1 Bijdrage corporaties Vangnet OGGZ"}
TABEL12 = {f"8-{i}": f"8.{i}" for i in range(1, 13)}
TABEL13 = {"gemeentebrede-frictiekosten": "Gemeentebrede frictiekosten", "binnen-sociaal-domein": "Binnen sociaal domein",
           "overige-personeelskosten": "Overige personeelskosten",
           "gemeentebrede-ontwikkelagenda": "Gemeentebrede ontwikkelagenda"}
VERANDERJAREN = (2021, 2022)

#: the assumption parameters (name -> Dutch meaning and format), from data/modellen/aannames.csv
AANNAME_PARAMETERS = aannames_parser.parameters("scenario")

AFGELEIDE_AANNAMES = {
    "neutraal_weging": "Het neutrale scenario ligt midden tussen het positieve en het negatieve (afgeleid uit de "
                       "gedrukte percentages F; het document zegt alleen 'verwachte ontwikkeling').",
    "negatief_start": "Vóór het eerste jaar van het positieve pad is het besparingspotentieel in het negatieve "
                      "scenario nul (de voetnoot noemt alleen 'vertraging 1 jaar').",
    "budgetplafond_aandeel": "Budgetplafonds (M) vangen vanaf een startjaar per domein een vast deel van de jaarlijkse "
                             "volumemutatie D op, gecumuleerd; startjaar = het eerste jaar met een gedrukte M-cel, "
                             "aandeel = gedrukte M / gedrukte D van dat jaar, afgerond op een heel procent.",
    "tabel14": "Onzekerheden inclusief volumegroei (Tabel 14) = totaal Tabel 2 + volumecompensatie I − volumegroei B "
               "(Jeugd + Wmo, gelijk in alle scenario's); de risico's van Tabel 3 tellen niet mee.",
    "tabel15": "Haalbaarheid bezuinigingen (Tabel 15) = −bezuinigingen Tabel 4 − besparingspotentieel G + "
               "budgetplafondcorrectie M − niet haalbare overige maatregelen (Tabel 9/10).",
    "pm": "Posten 'pm' tellen als nul in totalen (zoals in de gedrukte totalen); een cel zonder bedrag ('-') is nul.",
}


# ------------------------------------------------------------------ record ids
def _t5(d: str, rij: str, jaar: int, sc: str | None = None) -> str:
    return f"001b-t{DOMEIN_TABEL[d]}-{rij}-{jaar}" + (f"-{KORT[sc]}" if sc else "")


def invoer_ids(register: Register) -> list[str]:
    """Every record the model reads (inputs), in a fixed order; absent ids ('-' cells) are skipped."""
    ids: list[str] = []
    for d in DOMEINEN:
        ids.append(_t5(d, "a", 2020))
        ids += [_t5(d, "e", j) for j in JAREN]
        ids += [_t5(d, "f", j, "positief") for j in JAREN]
        ids += [f"001b-t8-i-{d}-{j}" for j in JAREN]
        ids += [f"001b-t8-m-{d}-{j}" for j in JAREN] + [_t5(d, "d", j) for j in JAREN]
    ids += ["001b-t5-noot-vertraging"]
    ids += [f"001a-t4-{k}-{j}" for k, _, _ in TABEL4.values() for j in JAREN]
    ids += [f"001a-t1-{k}-{j}" for k in TABEL1 for j in JAREN]
    ids += [f"001a-t2-{k}-{j}-{KORT[s]}" for k in TABEL2 for s in SCENARIOS for j in JAREN]
    ids += [f"001a-t3-{k}-{j}-{KORT[s]}" for k in TABEL3 for s in SCENARIOS for j in JAREN]
    ids += [f"001b-t9-totaal-{j}" for j in JAREN]
    ids += [f"001b-t10-{k}-{j}" for k in TABEL10 for j in JAREN]
    ids += [f"001b-t12-{k}-{j}" for k in TABEL12 for j in VERANDERJAREN]
    ids += [f"001b-t13-{k}-{j}" for k in TABEL13 for j in VERANDERJAREN]
    ids += [f"001c-t16-veranderkosten-{j}" for j in (2023, 2024)]
    ids += [f"001c-t18-begroting-huidig-{j}" for j in JAREN]
    ids += ["001a-p51-begroting-2020-initieel", "001a-p51-bezuinigingen-2020", "001a-p51-saldo-2020-prognose"]
    return [i for i in ids if i in register.cijfers]


_NUL = Decimal(0)


@dataclass
class Aannames:
    """All model inputs. Amounts in euro, percentages in percent (as printed), ``None`` = pm."""

    prognose_basis: dict[str, Decimal]
    volumegroei_pct: dict[str, dict[int, Decimal]]
    groeibasis: str
    besparingspotentieel_pct: dict[str, dict[int, Decimal]]          # positive scenario, per domain
    vertraging_negatief: int
    neutraal_weging: Decimal                                          # INFERRED: 1/2
    volumecompensatie: dict[str, dict[int, Decimal]]
    bezuinigingsmaatregelen: dict[str, dict[int, Decimal]]            # Tabel 4, kenmerk -> year
    budgetplafond_aandeel: dict[str, Decimal]                         # INFERRED
    budgetplafond_startjaar: dict[str, int]                           # INFERRED
    overige_maatregelen: dict[int, Decimal]                           # Tabel 9 totaal
    niet_haalbaar_regels: dict[str, dict[int, Decimal]]               # Tabel 10
    niet_haalbaar_override: dict[int, Decimal]
    verhogingen: dict[str, dict[int, Decimal]]                        # Tabel 1
    onzekerheden: dict[str, dict[str, dict[int, Decimal]]]            # Tabel 2: row -> scenario -> year
    risicos: dict[str, dict[str, dict[int, Decimal | None]]]          # Tabel 3
    veranderkosten_regels: dict[str, dict[int, Decimal]]              # Tabel 12
    veranderkosten_override: dict[int, Decimal]
    veranderkosten_pm: tuple[int, ...]                                # years printed 'pm' (Tabel 16)
    dekking_regels: dict[str, dict[int, Decimal | None]]              # Tabel 13
    dekking_override: dict[int, Decimal]
    begroting_huidig: dict[int, Decimal]
    begroting_2020: dict[str, Decimal]
    bron: dict[str, str] = field(default_factory=dict)                # parameter -> where in the source


def _waarde(w: Mapping[str, Decimal | None], rid: str) -> Decimal:
    """A record's value; an absent record is a '-' cell (zero)."""
    v = w.get(rid)
    return _NUL if v is None else v


def aannames_uit_waarden(w: Mapping[str, Decimal | None]) -> Aannames:
    """Build the assumptions from record values by id (``aannames_uit_bron`` and the tolerance test use this)."""
    aandeel, start = {}, {}
    for d in DOMEINEN:
        jaren_m = [j for j in JAREN if w.get(f"001b-t8-m-{d}-{j}") not in (None, _NUL)]
        s = jaren_m[0]
        start[d] = s
        aandeel[d] = (w[f"001b-t8-m-{d}-{s}"] / w[_t5(d, "d", s)]).quantize(Decimal("0.01"))
    vertraging = w["001b-t5-noot-vertraging"]
    return Aannames(
        prognose_basis={d: w[_t5(d, "a", 2020)] for d in DOMEINEN},
        volumegroei_pct={d: {j: w[_t5(d, "e", j)] for j in JAREN} for d in DOMEINEN},
        groeibasis="totaal",
        besparingspotentieel_pct={d: {j: w[_t5(d, "f", j, "positief")] for j in JAREN} for d in DOMEINEN},
        vertraging_negatief=int(vertraging),
        neutraal_weging=Decimal(1) / 2,
        volumecompensatie={d: {j: w[f"001b-t8-i-{d}-{j}"] for j in JAREN} for d in DOMEINEN},
        bezuinigingsmaatregelen={k: {j: _waarde(w, f"001a-t4-{rk}-{j}") for j in JAREN} for k, (rk, _, _) in TABEL4.items()},
        budgetplafond_aandeel=aandeel,
        budgetplafond_startjaar=start,
        overige_maatregelen={j: w[f"001b-t9-totaal-{j}"] for j in JAREN},
        niet_haalbaar_regels={k: {j: _waarde(w, f"001b-t10-{k}-{j}") for j in JAREN} for k in TABEL10},
        niet_haalbaar_override={},
        verhogingen={k: {j: w[f"001a-t1-{k}-{j}"] for j in JAREN} for k in TABEL1},
        onzekerheden={k: {s: {j: _waarde(w, f"001a-t2-{k}-{j}-{KORT[s]}") for j in JAREN} for s in SCENARIOS} for k in TABEL2},
        risicos={k: {s: {j: (w.get(f"001a-t3-{k}-{j}-{KORT[s]}") if f"001a-t3-{k}-{j}-{KORT[s]}" in w else _NUL)
                         for j in JAREN} for s in SCENARIOS} for k in TABEL3},
        veranderkosten_regels={k: {j: _waarde(w, f"001b-t12-{k}-{j}") for j in VERANDERJAREN} for k in TABEL12},
        veranderkosten_override={},
        veranderkosten_pm=tuple(j for j in (2023, 2024) if f"001c-t16-veranderkosten-{j}" in w
                                and w[f"001c-t16-veranderkosten-{j}"] is None),
        dekking_regels={k: {j: w.get(f"001b-t13-{k}-{j}") for j in VERANDERJAREN} for k in TABEL13},
        dekking_override={},
        begroting_huidig={j: w[f"001c-t18-begroting-huidig-{j}"] for j in JAREN},
        begroting_2020={"initieel": w["001a-p51-begroting-2020-initieel"], "bezuinigingen": w["001a-p51-bezuinigingen-2020"],
                        "prognose": w["001a-p51-saldo-2020-prognose"]},
        bron={"prognose_basis": "Tabel 5/6 rij A (regels 643, 671)",
              "volumegroei_pct": "Tabel 5/6 rij E (regels 647, 675)",
              "groeibasis": "regel 639 (gesteld: groei t.o.v. de geprognosticeerde kosten)",
              "besparingspotentieel_pct": "Tabel 5/6 rij F positief (regels 650, 678)",
              "vertraging_negatief": "voetnoot Tabel 5 (regel 659)",
              "neutraal_weging": "afgeleid uit Tabel 5/6 rij F",
              "volumecompensatie": "Tabel 8 rij I (regels 724-725)",
              "bezuinigingsmaatregelen": "Tabel 4 (regels 621-631)",
              "budgetplafond_aandeel": "afgeleid uit Tabel 8 rij M en Tabel 5/6 rij D",
              "budgetplafond_startjaar": "afgeleid uit Tabel 8 rij M",
              "overige_maatregelen": "Tabel 9 (regel 761)",
              "overige_niet_haalbaar": "Tabel 10 (regels 770-778)",
              "veranderkosten": "Tabel 12 (regels 810-821)",
              "dekking_veranderkosten": "Tabel 13 (regels 830-833)",
              "begroting_huidig": "Tabel 18 (regel 900)"},
    )


def aannames_uit_bron(register: Register) -> Aannames:
    """The document's assumptions, read from the transcribed records by id."""
    return aannames_uit_waarden({i: register.cijfers[i].waarde for i in invoer_ids(register)})


# ------------------------------------------------------------------ overrides
def _jaar(naam: str, k, toegestaan=JAREN) -> int:
    return aannames_parser.jaar(naam, k, toegestaan)


def _dict(naam: str, v) -> dict:
    return aannames_parser.mapping(naam, v, AANNAME_PARAMETERS[naam])


def _domein(naam: str, k) -> str:
    return aannames_parser.keuze(naam, k, DOMEINEN, "domein", klein=True)


def _pct(d: Decimal) -> str:
    return f"{nl_getal(d, 2)} %"


def _euro(d: Decimal | None) -> str:
    return "pm" if d is None else nl_euro(d, 0)


def met_overrides(aannames: Aannames, overrides: Mapping[str, object]) -> tuple[Aannames, list[str]]:
    """Apply overrides (keys of :data:`AANNAME_PARAMETERS`); return the new assumptions and Dutch lines of what differs."""
    overrides = aannames_parser.overrides(overrides, AANNAME_PARAMETERS, "het scenariomodel Maastricht")
    a = copy.deepcopy(aannames)
    regels: list[str] = []

    def meld(wat: str, oud, nieuw, fmt) -> None:
        if oud != nieuw:
            regels.append(f"{wat}: document {fmt(oud)}, gebruikt {fmt(nieuw)}")

    for naam, v in overrides.items():
        if naam == "prognose_basis":
            for k, x in _dict(naam, v).items():
                d = _domein(naam, k)
                nieuw = aannames_parser.getal(naam, x)
                meld(f"Prognose-basis A {DOMEIN_NAAM[d]}", a.prognose_basis[d], nieuw, _euro)
                a.prognose_basis[d] = nieuw
        elif naam == "volumegroei_pct":
            v = _dict(naam, v)
            per_domein = v and all(isinstance(x, dict) for x in v.values())
            paren = ([(_domein(naam, k), x) for k, x in v.items()] if per_domein else [(d, v) for d in DOMEINEN])
            for d, jaren in paren:
                for k, x in _dict(naam, jaren).items():
                    j = _jaar(naam, k)
                    nieuw = aannames_parser.getal(naam, x)
                    meld(f"Volumegroei E {DOMEIN_NAAM[d]} {j}", a.volumegroei_pct[d][j], nieuw, _pct)
                    a.volumegroei_pct[d][j] = nieuw
        elif naam == "groeibasis":
            v = aannames_parser.keuze(naam, v, GROEIBASES, "groeibasis")
            meld("Groeibasis", a.groeibasis, v, lambda g: f"'{g}' ({GROEIBASES[g]})")
            a.groeibasis = v
        elif naam == "besparingspotentieel_pct":
            for k, jaren in _dict(naam, v).items():
                d = _domein(naam, k)
                for kj, x in _dict(naam, jaren).items():
                    j = _jaar(naam, kj)
                    nieuw = aannames_parser.getal(naam, x)
                    meld(f"Besparingspotentieel F (positief scenario) {DOMEIN_NAAM[d]} {j}",
                         a.besparingspotentieel_pct[d][j], nieuw, _pct)
                    a.besparingspotentieel_pct[d][j] = nieuw
        elif naam == "vertraging_negatief":
            nieuw = aannames_parser.geheel(naam, v, 0)
            meld("Vertraging negatief scenario", a.vertraging_negatief, nieuw, lambda n: f"{n} jaar")
            a.vertraging_negatief = nieuw
        elif naam == "neutraal_weging":
            nieuw = aannames_parser.tussen(naam, v, 0, 1)
            meld("Gewicht positief scenario in het neutrale", a.neutraal_weging, nieuw, lambda g: nl_getal(g, 2))
            a.neutraal_weging = nieuw
        elif naam == "volumecompensatie":
            for k, x in _dict(naam, v).items():
                d = _domein(naam, k)
                jaren = {_jaar(naam, kj): aannames_parser.getal(naam, y) for kj, y in x.items()} if isinstance(x, dict) \
                    else {j: aannames_parser.getal(naam, x) for j in JAREN}
                for j, nieuw in jaren.items():
                    meld(f"Volumecompensatie I {DOMEIN_NAAM[d]} {j}", a.volumecompensatie[d][j], nieuw, _euro)
                    a.volumecompensatie[d][j] = nieuw
        elif naam == "bezuinigingsmaatregelen":
            for k, jaren in _dict(naam, v).items():
                k = aannames_parser.keuze(naam, k, TABEL4, "kenmerk")
                for kj, x in _dict(naam, jaren).items():
                    j = _jaar(naam, kj)
                    nieuw = aannames_parser.getal(naam, x)
                    meld(f"Bezuinigingsmaatregel {k} {j}", a.bezuinigingsmaatregelen[k][j], nieuw, _euro)
                    a.bezuinigingsmaatregelen[k][j] = nieuw
        elif naam == "budgetplafond_aandeel":
            for k, x in _dict(naam, v).items():
                d = _domein(naam, k)
                nieuw = aannames_parser.tussen(naam, x, 0, 1)
                meld(f"Aandeel budgetplafonds {DOMEIN_NAAM[d]}", a.budgetplafond_aandeel[d], nieuw, lambda g: nl_getal(g, 2))
                a.budgetplafond_aandeel[d] = nieuw
        elif naam == "budgetplafond_startjaar":
            for k, x in _dict(naam, v).items():
                d = _domein(naam, k)
                nieuw = _jaar(naam, x)
                meld(f"Startjaar budgetplafonds {DOMEIN_NAAM[d]}", a.budgetplafond_startjaar[d], nieuw, str)
                a.budgetplafond_startjaar[d] = nieuw
        elif naam in ("overige_maatregelen", "begroting_huidig"):
            doel = getattr(a, naam)
            wat = "Totaal overige maatregelen" if naam == "overige_maatregelen" else "Begroting huidig"
            for kj, x in _dict(naam, v).items():
                j = _jaar(naam, kj)
                nieuw = aannames_parser.getal(naam, x)
                meld(f"{wat} {j}", doel[j], nieuw, _euro)
                doel[j] = nieuw
        elif naam in ("overige_niet_haalbaar", "veranderkosten", "dekking_veranderkosten"):
            attr, wat, jaren_ok, huidig = {
                "overige_niet_haalbaar": ("niet_haalbaar_override", "Niet haalbare overige maatregelen", JAREN, _niet_haalbaar),
                "veranderkosten": ("veranderkosten_override", "Veranderkosten", JAREN, _veranderkosten),
                "dekking_veranderkosten": ("dekking_override", "Dekking veranderkosten", JAREN, _dekking)}[naam]
            for kj, x in _dict(naam, v).items():
                j = _jaar(naam, kj, jaren_ok)
                nieuw = aannames_parser.getal(naam, x)
                meld(f"{wat} {j}", huidig(a, j), nieuw, _euro)
                getattr(a, attr)[j] = nieuw
    return a, regels


# ------------------------------------------------------------------ the model
def _niet_haalbaar(a: Aannames, j: int) -> Decimal:
    if j in a.niet_haalbaar_override:
        return a.niet_haalbaar_override[j]
    return sum((r[j] for r in a.niet_haalbaar_regels.values()), _NUL)


def _veranderkosten(a: Aannames, j: int) -> Decimal | None:
    if j in a.veranderkosten_override:
        return a.veranderkosten_override[j]
    if j in a.veranderkosten_pm:
        return None
    return sum((r.get(j, _NUL) for r in a.veranderkosten_regels.values()), _NUL)


def _dekking(a: Aannames, j: int) -> Decimal | None:
    if j in a.dekking_override:
        return a.dekking_override[j]
    if j in a.veranderkosten_pm:
        return None
    return sum((r.get(j) or _NUL for r in a.dekking_regels.values()), _NUL)


def scenario_pct(a: Aannames, d: str) -> dict[str, dict[int, Decimal]]:
    """F per scenario: positive as given; negative = positive delayed (footnote); neutral = weighted mean (INFERRED)."""
    pos = a.besparingspotentieel_pct[d]
    neg = {j: pos.get(j - a.vertraging_negatief, _NUL) for j in JAREN}
    w = a.neutraal_weging
    neu = {j: w * pos[j] + (1 - w) * neg[j] for j in JAREN}
    return {"positief": dict(pos), "neutraal": neu, "negatief": neg}


Sleutel = tuple  # (tabel: str, rij: str, kolom: str, jaar: int)


@dataclass
class Uitvoer:
    """Every model cell, exact, keyed (tabel, rij, kolom, jaar); ``kolom`` is a domain, a scenario or ''."""

    aannames: Aannames
    cellen: dict[Sleutel, Decimal | None]

    def __getitem__(self, sleutel: Sleutel) -> Decimal | None:
        return self.cellen[sleutel]

    def c(self, tabel: str, rij: str, kolom: str, jaar: int) -> Decimal | None:
        return self.cellen[(tabel, rij, kolom, jaar)]

    # -------------------------------------------------- printed record -> model value
    def gedrukt(self) -> dict[str, Decimal]:
        """Every printed record id the model reproduces (derived, not input) -> the model value (same sign).

        The map is data (:data:`CELLEN`, ``data/modellen/scenario_cellen.csv``): a record's value is the
        sum of factor x model cell over its rows. A record whose cells include a 'pm' cell is left out.
        """
        uit: dict[str, Decimal | None] = {}
        for t in kaart(CELLEN):
            if (t.tabel, t.rij, t.kolom, t.jaar) not in self.cellen:
                raise InvoerFout(t.bestand, t.regel, "tabel",
                                 f"cel ({t.tabel}, {t.rij}, {t.kolom or '-'}, {t.jaar}) bestaat niet in het scenariomodel")
            v = self.cellen[(t.tabel, t.rij, t.kolom, t.jaar)]
            if t.id in uit and uit[t.id] is None:
                continue
            uit[t.id] = None if v is None else uit.get(t.id, _NUL) + t.factor * v
        return {k: v for k, v in uit.items() if v is not None}


#: the record-id -> cell map of this model (see :func:`rekenboek.models.cellen.kaart`)
CELLEN = "modellen/scenario_cellen.csv"


def bereken(a: Aannames) -> Uitvoer:
    """Compute every table of the model exactly from the assumptions."""
    c: dict[Sleutel, Decimal | None] = {}
    # Tabel 5 (Jeugd) and 6 (Wmo)
    for d in DOMEINEN:
        t = str(DOMEIN_TABEL[d])
        A = a.prognose_basis[d]
        B, D, C = {2020: _NUL}, {2020: _NUL}, {2020: A}
        for j in JAREN:
            e = a.volumegroei_pct[d][j] / HONDERD
            grondslag = C[j - 1] if a.groeibasis == "totaal" else A + D[j - 1]
            D[j] = e * grondslag
            B[j] = B[j - 1] + D[j]
            C[j] = A + B[j]
            c[(t, "E", d, j)] = a.volumegroei_pct[d][j]
        for j in ALLE_JAREN:
            c[(t, "A", d, j)], c[(t, "B", d, j)], c[(t, "C", d, j)] = A, B[j], C[j]
            if j in JAREN:
                c[(t, "D", d, j)] = D[j]
        F = scenario_pct(a, d)
        for s in SCENARIOS:
            for j in JAREN:
                c[(t, "F", s, j)] = F[s][j]
                c[(t, "G", s, j)] = F[s][j] / HONDERD * C[j]
                c[(t, "H", s, j)] = B[j] + c[(t, "G", s, j)]
    # Tabel 4: savings measures in the budget (amounts as printed: savings positive)
    for j in JAREN:
        for k in TABEL4:
            c[("4", k, "", j)] = a.bezuinigingsmaatregelen[k][j]
        for d in DOMEINEN:
            c[("4", "Subtotaal", d, j)] = sum((a.bezuinigingsmaatregelen[k][j] for k, (_, dd, _) in TABEL4.items() if dd == d), _NUL)
        c[("4", "Totaal", "", j)] = c[("4", "Subtotaal", "jeugd", j)] + c[("4", "Subtotaal", "wmo", j)]
    # Tabel 7 and 8
    for j in JAREN:
        for s in SCENARIOS:
            for r in "GH":
                c[("7", r, s, j)] = c[("5", r, s, j)] + c[("6", r, s, j)]
            c[("8", "H", s, j)] = c[("7", "H", s, j)]
        for d in DOMEINEN:
            c[("8", "I", d, j)] = a.volumecompensatie[d][j]
            start = a.budgetplafond_startjaar[d]
            cum = sum((c[(str(DOMEIN_TABEL[d]), "D", d, z)] for z in JAREN if start <= z <= j), _NUL)
            c[("8", "M", d, j)] = a.budgetplafond_aandeel[d] * cum
        c[("8", "I", "", j)] = c[("8", "I", "jeugd", j)] + c[("8", "I", "wmo", j)]
        c[("8", "J", "", j)] = -c[("4", "Totaal", "", j)]
        c[("8", "K", "", j)] = c[("8", "I", "", j)] + c[("8", "J", "", j)]
        c[("8", "M", "", j)] = c[("8", "M", "jeugd", j)] + c[("8", "M", "wmo", j)]
        for s in SCENARIOS:
            c[("8", "L", s, j)] = c[("8", "K", "", j)] - c[("8", "H", s, j)]
            c[("8", "N", s, j)] = c[("8", "L", s, j)] + c[("8", "M", "", j)]
    # Tabel 1, 2, 3
    for j in JAREN:
        c[("1", "Totaal", "", j)] = sum((r[j] for r in a.verhogingen.values()), _NUL)
        for s in SCENARIOS:
            c[("2", "Totaal", s, j)] = sum((r[s][j] for r in a.onzekerheden.values()), _NUL)
            c[("3", "Totaal", s, j)] = sum((r[s][j] or _NUL for r in a.risicos.values()), _NUL)
            if j > JAREN[0]:
                c[("2", "Mutatie", s, j)] = c[("2", "Totaal", s, j)] - c[("2", "Totaal", s, j - 1)]
    # Tabel 9, 10
    for j in JAREN:
        c[("10", "Totaal", "", j)] = _niet_haalbaar(a, j)
        c[("9", "Totaal", "", j)] = a.overige_maatregelen[j]
        c[("9", "Niet haalbaar", "", j)] = c[("10", "Totaal", "", j)]
        c[("9", "Haalbaar", "", j)] = a.overige_maatregelen[j] - c[("9", "Niet haalbaar", "", j)]
    # Tabel 12, 13, 16
    for j in JAREN:
        kosten, dekking = _veranderkosten(a, j), _dekking(a, j)
        if j in VERANDERJAREN:
            c[("12", "Totaal", "", j)] = kosten
            c[("13", "Totaal", "", j)] = dekking
            c[("13", "Nog te dekken", "", j)] = dekking - kosten
        c[("16", "Veranderkosten", "", j)] = kosten
        c[("16", "Dekking", "", j)] = dekking
        c[("16", "Nog te dekken", "", j)] = None if kosten is None or dekking is None else dekking - kosten
    # Tabel 14, 15, 17
    for j in JAREN:
        volume = c[("5", "B", "jeugd", j)] + c[("6", "B", "wmo", j)]
        nog = c[("16", "Nog te dekken", "", j)]
        for s in SCENARIOS:
            c[("14", "Onzekerheden", s, j)] = c[("2", "Totaal", s, j)] + c[("8", "I", "", j)] - volume
            c[("15", "Haalbaarheid", s, j)] = (-c[("4", "Totaal", "", j)] - c[("7", "G", s, j)] + c[("8", "M", "", j)]
                                               - c[("9", "Niet haalbaar", "", j)])
            c[("17", "Onzekerheden", s, j)] = c[("14", "Onzekerheden", s, j)]
            c[("17", "Haalbaarheid", s, j)] = c[("15", "Haalbaarheid", s, j)]
            c[("17", "Veranderkosten", s, j)] = nog
            c[("17", "Totaal", s, j)] = c[("14", "Onzekerheden", s, j)] + c[("15", "Haalbaarheid", s, j)] + (nog or _NUL)
    # Tabel 18 (neutral scenario against the current budget)
    for j in JAREN:
        onz_b = c[("8", "I", "", j)]
        onz_r = c[("14", "Onzekerheden", "neutraal", j)]
        bez_b = -(c[("4", "Totaal", "", j)] + c[("9", "Totaal", "", j)])
        bez_p = -(-c[("7", "G", "neutraal", j)] + c[("8", "M", "", j)] + c[("9", "Haalbaar", "", j)])
        ver_b = c[("16", "Dekking", "", j)] or _NUL
        ver_p = c[("16", "Veranderkosten", "", j)] or _NUL
        rij = {"Begroting huidig": a.begroting_huidig[j],
               "Onzekerheden begroting": onz_b, "Onzekerheden plan": onz_b - onz_r, "Onzekerheden resultaat": onz_r,
               "Bezuinigingen begroting": bez_b, "Bezuinigingen plan": bez_p, "Bezuinigingen resultaat": bez_b - bez_p,
               "Veranderkosten begroting": ver_b, "Veranderkosten plan": ver_p, "Veranderkosten resultaat": ver_b - ver_p}
        rij["Afwijking"] = rij["Onzekerheden resultaat"] + rij["Bezuinigingen resultaat"] + rij["Veranderkosten resultaat"]
        rij["Begroting inschatting"] = rij["Begroting huidig"] - rij["Afwijking"]
        for r, v in rij.items():
            c[("18", r, "", j)] = v
    # Ontwikkeling 2020 (lines 398-400)
    b = a.begroting_2020
    c[("2020", "Definitief", "", 2020)] = b["initieel"] - b["bezuinigingen"]
    c[("2020", "Resultaat", "", 2020)] = b["prognose"] - c[("2020", "Definitief", "", 2020)]
    return Uitvoer(a, c)
