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
from decimal import Decimal, InvalidOperation
from typing import Mapping

import pandas as pd

from rekenboek.inputs.register import Register
from rekenboek.errors import OngeldigeParameter
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

AANNAME_PARAMETERS = {
    "prognose_basis": "Prognose-basis A (zorgkosten 2020) per domein in euro: {\"jeugd\": <getal>, \"wmo\": <getal>}",
    "volumegroei_pct": "Jaarlijkse volumegroei E in procent, voor beide domeinen {\"2021\": <getal>, \"2022\": <getal>, ...} "
                       "of per domein {\"jeugd\": {\"2021\": <getal>, ...}, \"wmo\": {...}}",
    "groeibasis": "Waarover het groeipercentage gaat: \"totaal\" (kostenniveau C van het voorgaande jaar, zoals gesteld) of "
                  "\"basis_plus_vorige_mutatie\" (A plus de mutatie van het voorgaande jaar, zoals de gedrukte cijfers)",
    "besparingspotentieel_pct": "Besparingspotentieel F van het positieve scenario in procent van C (negatief = besparing), "
                                "per domein en jaar: {\"jeugd\": {\"2021\": <getal>, ...}, \"wmo\": {...}}; het negatieve en "
                                "neutrale scenario volgen daaruit",
    "vertraging_negatief": "Vertraging van het negatieve scenario ten opzichte van het positieve, in hele jaren (getal)",
    "neutraal_weging": "Gewicht van het positieve scenario in het neutrale (0 tot 1; afgeleid: het midden)",
    "volumecompensatie": "Volumecompensatie I in de begroting per domein in euro, elk jaar: {\"jeugd\": <getal>, \"wmo\": <getal>} "
                         "of per jaar {\"jeugd\": {\"2021\": <getal>, ...}}",
    "bezuinigingsmaatregelen": "Bezuinigingsmaatregelen Tabel 4 per kenmerk en jaar in euro (besparing positief): "
                               "{\"E18\": {\"2022\": <getal>, ...}}; kenmerken: " + ", ".join(TABEL4),
    "budgetplafond_aandeel": "Deel van de jaarlijkse volumemutatie D dat budgetplafonds opvangen, per domein (0 tot 1): "
                             "{\"jeugd\": <getal>, \"wmo\": <getal>}",
    "budgetplafond_startjaar": "Eerste jaar waarin budgetplafonds werken, per domein: {\"jeugd\": <getal>, \"wmo\": <getal>}",
    "overige_maatregelen": "Totaal overige maatregelen in de begroting (Tabel 9) per jaar in euro: {\"2021\": <getal>, ...}",
    "overige_niet_haalbaar": "Niet haalbaar geacht deel van de overige maatregelen (Tabel 9/10) per jaar in euro: {\"2021\": <getal>, ...}",
    "veranderkosten": "Veranderkosten (Tabel 12/16) per jaar in euro: {\"2021\": <getal>, \"2022\": <getal>}",
    "dekking_veranderkosten": "Dekking van de veranderkosten (Tabel 13/16) per jaar in euro: {\"2021\": <getal>, \"2022\": <getal>}",
    "begroting_huidig": "Huidige begroting sociaal domein (Tabel 18) per jaar in euro: {\"2021\": <getal>, ...}",
}

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
def _dec(naam: str, v) -> Decimal:
    if isinstance(v, bool):
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is geen getal")
    try:
        d = Decimal(str(v).replace(",", ".")) if isinstance(v, str) else Decimal(str(v))
    except (InvalidOperation, ValueError):
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is geen getal") from None
    if not d.is_finite():
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is geen eindig getal")
    return d


def _jaar(naam: str, k, toegestaan=JAREN) -> int:
    try:
        j = int(str(k))
    except ValueError:
        raise OngeldigeParameter(f"aanname '{naam}': {k!r} is geen jaartal") from None
    if j not in toegestaan:
        raise OngeldigeParameter(f"aanname '{naam}': jaar {j} valt buiten het model "
                                 f"({', '.join(str(t) for t in toegestaan)})")
    return j


def _dict(naam: str, v) -> dict:
    if not isinstance(v, dict):
        raise OngeldigeParameter(f"aanname '{naam}': verwacht een woordenboek (dict), kreeg {type(v).__name__}; "
                                 f"formaat: {AANNAME_PARAMETERS[naam]}")
    return v


def _domein(naam: str, k) -> str:
    d = str(k).lower()
    if d not in DOMEINEN:
        raise OngeldigeParameter(f"aanname '{naam}': onbekend domein {k!r}; kies uit {', '.join(DOMEINEN)}")
    return d


def _pct(d: Decimal) -> str:
    return f"{nl_getal(d, 2)} %"


def _euro(d: Decimal | None) -> str:
    return "pm" if d is None else nl_euro(d, 0)


def met_overrides(aannames: Aannames, overrides: Mapping[str, object]) -> tuple[Aannames, list[str]]:
    """Apply overrides (keys of :data:`AANNAME_PARAMETERS`); return the new assumptions and Dutch lines of what differs."""
    onbekend = sorted(k for k in overrides if k not in AANNAME_PARAMETERS)
    if onbekend:
        raise OngeldigeParameter(f"onbekende aanname(s) {', '.join(onbekend)} voor het scenariomodel Maastricht; "
                                 f"geldige namen: {', '.join(AANNAME_PARAMETERS)}")
    a = copy.deepcopy(aannames)
    regels: list[str] = []

    def meld(wat: str, oud, nieuw, fmt) -> None:
        if oud != nieuw:
            regels.append(f"{wat}: document {fmt(oud)}, gebruikt {fmt(nieuw)}")

    for naam, v in overrides.items():
        if naam == "prognose_basis":
            for k, x in _dict(naam, v).items():
                d = _domein(naam, k)
                nieuw = _dec(naam, x)
                meld(f"Prognose-basis A {DOMEIN_NAAM[d]}", a.prognose_basis[d], nieuw, _euro)
                a.prognose_basis[d] = nieuw
        elif naam == "volumegroei_pct":
            v = _dict(naam, v)
            per_domein = v and all(isinstance(x, dict) for x in v.values())
            paren = ([(_domein(naam, k), x) for k, x in v.items()] if per_domein else [(d, v) for d in DOMEINEN])
            for d, jaren in paren:
                for k, x in _dict(naam, jaren).items():
                    j = _jaar(naam, k)
                    nieuw = _dec(naam, x)
                    meld(f"Volumegroei E {DOMEIN_NAAM[d]} {j}", a.volumegroei_pct[d][j], nieuw, _pct)
                    a.volumegroei_pct[d][j] = nieuw
        elif naam == "groeibasis":
            if v not in GROEIBASES:
                raise OngeldigeParameter(f"aanname 'groeibasis': {v!r} is onbekend; kies uit {', '.join(GROEIBASES)}")
            meld("Groeibasis", a.groeibasis, v, lambda g: f"'{g}' ({GROEIBASES[g]})")
            a.groeibasis = v
        elif naam == "besparingspotentieel_pct":
            for k, jaren in _dict(naam, v).items():
                d = _domein(naam, k)
                for kj, x in _dict(naam, jaren).items():
                    j = _jaar(naam, kj)
                    nieuw = _dec(naam, x)
                    meld(f"Besparingspotentieel F (positief scenario) {DOMEIN_NAAM[d]} {j}",
                         a.besparingspotentieel_pct[d][j], nieuw, _pct)
                    a.besparingspotentieel_pct[d][j] = nieuw
        elif naam == "vertraging_negatief":
            nieuw = _dec(naam, v)
            if nieuw != nieuw.to_integral_value() or nieuw < 0:
                raise OngeldigeParameter(f"aanname 'vertraging_negatief': {v!r} is geen geheel aantal jaren ≥ 0")
            meld("Vertraging negatief scenario", a.vertraging_negatief, int(nieuw), lambda n: f"{n} jaar")
            a.vertraging_negatief = int(nieuw)
        elif naam == "neutraal_weging":
            nieuw = _dec(naam, v)
            if not (0 <= nieuw <= 1):
                raise OngeldigeParameter(f"aanname 'neutraal_weging': {v!r} ligt niet tussen 0 en 1")
            meld("Gewicht positief scenario in het neutrale", a.neutraal_weging, nieuw, lambda g: nl_getal(g, 2))
            a.neutraal_weging = nieuw
        elif naam == "volumecompensatie":
            for k, x in _dict(naam, v).items():
                d = _domein(naam, k)
                jaren = {_jaar(naam, kj): _dec(naam, y) for kj, y in x.items()} if isinstance(x, dict) \
                    else {j: _dec(naam, x) for j in JAREN}
                for j, nieuw in jaren.items():
                    meld(f"Volumecompensatie I {DOMEIN_NAAM[d]} {j}", a.volumecompensatie[d][j], nieuw, _euro)
                    a.volumecompensatie[d][j] = nieuw
        elif naam == "bezuinigingsmaatregelen":
            for k, jaren in _dict(naam, v).items():
                if k not in TABEL4:
                    raise OngeldigeParameter(f"aanname 'bezuinigingsmaatregelen': onbekend kenmerk {k!r}; "
                                             f"kies uit {', '.join(TABEL4)}")
                for kj, x in _dict(naam, jaren).items():
                    j = _jaar(naam, kj)
                    nieuw = _dec(naam, x)
                    meld(f"Bezuinigingsmaatregel {k} {j}", a.bezuinigingsmaatregelen[k][j], nieuw, _euro)
                    a.bezuinigingsmaatregelen[k][j] = nieuw
        elif naam == "budgetplafond_aandeel":
            for k, x in _dict(naam, v).items():
                d = _domein(naam, k)
                nieuw = _dec(naam, x)
                if not (0 <= nieuw <= 1):
                    raise OngeldigeParameter(f"aanname 'budgetplafond_aandeel': {x!r} ligt niet tussen 0 en 1")
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
                nieuw = _dec(naam, x)
                meld(f"{wat} {j}", doel[j], nieuw, _euro)
                doel[j] = nieuw
        elif naam in ("overige_niet_haalbaar", "veranderkosten", "dekking_veranderkosten"):
            attr, wat, jaren_ok, huidig = {
                "overige_niet_haalbaar": ("niet_haalbaar_override", "Niet haalbare overige maatregelen", JAREN, _niet_haalbaar),
                "veranderkosten": ("veranderkosten_override", "Veranderkosten", JAREN, _veranderkosten),
                "dekking_veranderkosten": ("dekking_override", "Dekking veranderkosten", JAREN, _dekking)}[naam]
            for kj, x in _dict(naam, v).items():
                j = _jaar(naam, kj, jaren_ok)
                nieuw = _dec(naam, x)
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
        """Map every printed record id the model reproduces (derived, not input) to the model value (same sign)."""
        c, m = self.c, {}
        for d in DOMEINEN:
            n = DOMEIN_TABEL[d]
            for j in ALLE_JAREN:
                m[f"001b-t{n}-a-{j}"] = c(f"{n}", "A", d, j)
                m[f"001b-t{n}-c-{j}"] = c(f"{n}", "C", d, j)
            for j in JAREN:
                for r in "BD":
                    m[f"001b-t{n}-{r.lower()}-{j}"] = c(f"{n}", r, d, j)
                for s in SCENARIOS:
                    for r in "FGH":
                        m[f"001b-t{n}-{r.lower()}-{j}-{KORT[s]}"] = c(f"{n}", r, s, j)
        for j in JAREN:
            for s in SCENARIOS:
                k = KORT[s]
                m[f"001b-t7-g-{j}-{k}"] = c("7", "G", s, j)
                m[f"001b-t7-h-{j}-{k}"] = c("7", "H", s, j)
                m[f"001b-t8-h-{j}-{k}"] = c("8", "H", s, j)
                m[f"001b-t8-l-{j}-{k}"] = c("8", "L", s, j)
                m[f"001b-t8-n-{j}-{k}"] = c("8", "N", s, j)
                m[f"001a-t2-totaal-{j}-{k}"] = c("2", "Totaal", s, j)
                m[f"001a-t3-totaal-{j}-{k}"] = c("3", "Totaal", s, j)
                if j > JAREN[0]:
                    m[f"001a-t2-mutatie-{j}-{k}"] = c("2", "Mutatie", s, j)
                m[f"001b-t14-{j}-{k}"] = c("14", "Onzekerheden", s, j)
                m[f"001c-t15-haalb-{s}-{j}"] = c("15", "Haalbaarheid", s, j)
                m[f"001c-t17-onzek-{s}-{j}"] = c("17", "Onzekerheden", s, j)
                m[f"001c-t17-haalb-{s}-{j}"] = c("17", "Haalbaarheid", s, j)
                m[f"001c-t17-verander-{s}-{j}"] = c("17", "Veranderkosten", s, j)
                m[f"001c-t17-totaal-{s}-{j}"] = c("17", "Totaal", s, j)
            m[f"001b-t8-volumecompensatie-{j}"] = c("8", "I", "", j)
            for d in DOMEINEN:
                m[f"001b-t8-i-{d}-{j}"] = c("8", "I", d, j)
                m[f"001b-t8-m-{d}-{j}"] = c("8", "M", d, j)
            m[f"001b-t8-j-{j}"] = c("8", "J", "", j)
            m[f"001b-t8-k-{j}"] = c("8", "K", "", j)
            m[f"001b-t8-m-{j}"] = c("8", "M", "", j)
            m[f"001a-t1-totaal-{j}"] = c("1", "Totaal", "", j)
            m[f"001a-t4-subtotaal-jeugd-{j}"] = c("4", "Subtotaal", "jeugd", j)
            m[f"001a-t4-subtotaal-wmo-{j}"] = c("4", "Subtotaal", "wmo", j)
            m[f"001a-t4-totaal-{j}"] = c("4", "Totaal", "", j)
            m[f"001b-t9-haalbaar-{j}"] = c("9", "Haalbaar", "", j)
            m[f"001b-t9-niet-haalbaar-{j}"] = c("9", "Niet haalbaar", "", j)
            m[f"001b-t10-totaal-{j}"] = c("10", "Totaal", "", j)
            for r, rid in (("Veranderkosten", "veranderkosten"), ("Dekking", "dekking"), ("Nog te dekken", "nog-te-dekken")):
                m[f"001c-t16-{rid}-{j}"] = c("16", r, "", j)
            for r, rid in (("Onzekerheden begroting", "onzek-begroting"), ("Onzekerheden plan", "onzek-plan"),
                           ("Onzekerheden resultaat", "onzek-resultaat"), ("Bezuinigingen begroting", "bezuin-begroting"),
                           ("Bezuinigingen plan", "bezuin-plan"), ("Bezuinigingen resultaat", "bezuin-resultaat"),
                           ("Veranderkosten begroting", "verander-begroting"), ("Veranderkosten plan", "verander-plan"),
                           ("Veranderkosten resultaat", "verander-resultaat"), ("Begroting inschatting", "begroting-inschatting"),
                           ("Afwijking", "afwijking")):
                m[f"001c-t18-{rid}-{j}"] = c("18", r, "", j)
        for j in VERANDERJAREN:
            m[f"001b-t12-totaal-{j}"] = c("12", "Totaal", "", j)
            m[f"001b-t13-nog-te-dekken-{j}"] = c("13", "Nog te dekken", "", j)
        m["001b-t13-totaal-2021"] = c("13", "Totaal", "", 2021)
        # 2020 and prose restatements (sign as printed)
        m["001a-p51-begroting-2020-definitief"] = c("2020", "Definitief", "", 2020)
        m["001a-p51-resultaat-2020"] = c("2020", "Resultaat", "", 2020)
        m["001a-p51-verhogingen-2021"] = c("1", "Totaal", "", 2021)
        m["001a-mjp-verhoging-structureel"] = c("1", "Totaal", "", 2021)
        for j in (2021, 2024):
            m[f"001a-mjp-bezuinigingen-{j}"] = -c("18", "Bezuinigingen begroting", "", j)
            m[f"001a-onz-neutraal-{j}"] = c("2", "Totaal", "neutraal", j)
            m[f"001b-p748-bezuinigingen-{j}"] = c("4", "Totaal", "", j)
            m[f"001b-p758-overig-{j}"] = c("9", "Totaal", "", j)
            m[f"001b-p758-haalbaar-{j}"] = c("9", "Haalbaar", "", j)
            m[f"001b-p758-niet-haalbaar-{j}"] = c("9", "Niet haalbaar", "", j)
            m[f"001b-p842-onzekerheden-{j}"] = -c("14", "Onzekerheden", "neutraal", j)
            m[f"001c-p854-haalb-{j}"] = -c("15", "Haalbaarheid", "neutraal", j)
            m[f"001c-p875-onzekerheid-{j}"] = c("17", "Totaal", "neutraal", j)
            m[f"001a-brief-perspectief-{j}"] = c("17", "Totaal", "neutraal", j)
        for j in (2022, 2024):
            m[f"001a-onz-budgetplafonds-{j}"] = (self.aannames.bezuinigingsmaatregelen["E18"][j]
                                                 + self.aannames.bezuinigingsmaatregelen["E19"][j])
        m["001b-p697-kostenstijging-2021"] = c("7", "H", "neutraal", 2021)
        m["001b-p697-kostendaling-2024"] = -c("7", "H", "neutraal", 2024)
        m["001b-p748-volumegroei"] = c("8", "I", "", 2021)
        m["001b-p748-saldo-2021"] = c("8", "K", "", 2021)
        m["001b-p748-saldo-2024"] = -c("8", "K", "", 2024)
        m["001b-p750-resultaat-2021"] = c("8", "L", "neutraal", 2021)
        m["001b-p750-resultaat-2024"] = -c("8", "L", "neutraal", 2024)
        m["001b-p752-resultaat-2021"] = c("8", "N", "neutraal", 2021)
        m["001b-p752-resultaat-2024"] = -c("8", "N", "neutraal", 2024)
        m["001b-p802-veranderkosten-2021"] = c("12", "Totaal", "", 2021)
        m["001b-p802-veranderkosten-2022"] = c("12", "Totaal", "", 2022)
        m["001b-p827-te-dekken-2021"] = -c("13", "Nog te dekken", "", 2021)
        m["001b-p827-te-dekken-2022"] = -c("13", "Nog te dekken", "", 2022)
        m["001c-p866-veranderkosten-2021"] = -c("16", "Nog te dekken", "", 2021)
        m["001c-p866-veranderkosten-2022"] = -c("16", "Nog te dekken", "", 2022)
        m["001b-p842-bandbreedte-pos"] = c("14", "Onzekerheden", "positief", 2024) - c("14", "Onzekerheden", "neutraal", 2024)
        m["001b-p842-bandbreedte-neg"] = c("14", "Onzekerheden", "neutraal", 2024) - c("14", "Onzekerheden", "negatief", 2024)
        for t, r, rid in (("15", "Haalbaarheid", "001c-p854-bandbreedte"), ("17", "Totaal", "001c-p875-bandbreedte")):
            gem = {s: sum(c(t, r, s, j) for j in JAREN) / len(JAREN) for s in SCENARIOS}
            m[f"{rid}-pos"] = gem["positief"] - gem["neutraal"]
            m[f"{rid}-neg"] = gem["neutraal"] - gem["negatief"]
        m["001a-brief-volumegroei-1"] = self.aannames.volumegroei_pct["jeugd"][2022]
        m["001a-brief-volumegroei-2"] = self.aannames.volumegroei_pct["jeugd"][2023]
        m["001a-brief-volumegroei-3"] = self.aannames.volumegroei_pct["jeugd"][2024]
        return {k: v for k, v in m.items() if v is not None}


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


# ------------------------------------------------------------------ display (Dutch notation, strings)
def _e(v: Decimal | None) -> str:
    return "pm" if v is None else nl_euro(v, 0)


def _m(v: Decimal | None) -> str:
    return "pm" if v is None else nl_getal(v / MLN, 1)


def tabel_domein(u: Uitvoer, d: str) -> pd.DataFrame:
    """Tabel 5 (Jeugd) or 6 (Wmo): rows A-H, columns 2020-2024."""
    t = str(DOMEIN_TABEL[d])
    namen = {"A": "Prognose-basis", "B": "Prognose volumeontwikkeling", "C": "Totaal",
             "D": "Volumeontwikkeling – mutatie (€)", "E": "Volumeontwikkeling – mutatie (%)",
             "F": "Besparingspotentieel (%)", "G": "Besparingspotentieel (€)", "H": "Verwachte kostenontwikkeling"}
    rijen = []
    for r in "ABCDE":
        cel = {str(j): "" for j in ALLE_JAREN}
        for j in ALLE_JAREN:
            v = u.cellen.get((t, r, d, j))
            if v is not None:
                cel[str(j)] = _pct(v) if r == "E" else _e(v)
        rijen.append({"": r, "Omschrijving": namen[r], "Scenario": "", **cel})
    for r in "FGH":
        for s in SCENARIOS:
            cel = {"2020": ""} | {str(j): (_pct(u.c(t, r, s, j)) if r == "F" else _e(u.c(t, r, s, j))) for j in JAREN}
            rijen.append({"": r, "Omschrijving": namen[r], "Scenario": s, **cel})
    return pd.DataFrame(rijen)


def tabel_totaal(u: Uitvoer) -> pd.DataFrame:
    """Tabel 7: G and H, Jeugd and Wmo together."""
    rijen = [{"": r, "Omschrijving": {"G": "Besparingspotentieel (€)", "H": "Verwachte kostenontwikkeling"}[r],
              "Scenario": s, **{str(j): _e(u.c("7", r, s, j)) for j in JAREN}} for r in "GH" for s in SCENARIOS]
    return pd.DataFrame(rijen)


def tabel_begrotingseffect(u: Uitvoer) -> pd.DataFrame:
    """Tabel 8: from expected cost development H to the budget result N."""
    rijen = []

    def rij(letter, oms, kolom, sc=""):
        rijen.append({"": letter, "Omschrijving": oms, "Scenario": sc,
                      **{str(j): _e(u.c("8", letter, kolom, j)) for j in JAREN}})
    for s in SCENARIOS:
        rij("H", "Verwachte kostenontwikkeling", s, s)
    rij("I", "Volumecompensatie in begroting", "")
    for d in DOMEINEN:
        rij("I", f"Volumecompensatie {DOMEIN_NAAM[d]}", d)
    rij("J", "Bezuinigingsmaatregelen (Tabel 4)", "")
    rij("K", "Volumecompensatie −/− bezuinigingsmaatregelen", "")
    for s in SCENARIOS:
        rij("L", "Begrotingsresultaat excl. budgetplafonds", s, s)
    rij("M", "Correctie toepassing budgetplafonds", "")
    for d in DOMEINEN:
        rij("M", f"Budgetplafonds {DOMEIN_NAAM[d]}", d)
    for s in SCENARIOS:
        rij("N", "Begrotingsresultaat incl. budgetplafonds", s, s)
    return pd.DataFrame(rijen)


def tabel_bezuinigingen(u: Uitvoer) -> pd.DataFrame:
    """Tabel 4: the savings measures Jeugd/Wmo in the budget."""
    a = u.aannames
    rijen = [{"Kenmerk": k, "Maatregel": lab, "Wet": DOMEIN_NAAM[d],
              **{str(j): _e(a.bezuinigingsmaatregelen[k][j]) for j in JAREN}} for k, (_, d, lab) in TABEL4.items()]
    for d in DOMEINEN:
        rijen.append({"Kenmerk": "", "Maatregel": f"Subtotaal {DOMEIN_NAAM[d]}", "Wet": "",
                      **{str(j): _e(u.c("4", "Subtotaal", d, j)) for j in JAREN}})
    rijen.append({"Kenmerk": "", "Maatregel": "Totaal", "Wet": "", **{str(j): _e(u.c("4", "Totaal", "", j)) for j in JAREN}})
    return pd.DataFrame(rijen)


def tabel_onzekerheden(u: Uitvoer) -> pd.DataFrame:
    """Tabel 2 (uncertainties) and Tabel 3 (risks), x € 1 mln, with computed totals."""
    a, rijen = u.aannames, []
    for k, lab in TABEL2.items():
        for s in SCENARIOS:
            rijen.append({"Tabel": "2", "Post": lab, "Scenario": s, **{str(j): _m(a.onzekerheden[k][s][j]) for j in JAREN}})
    for s in SCENARIOS:
        rijen.append({"Tabel": "2", "Post": "Totaal onzekerheden", "Scenario": s, **{str(j): _m(u.c("2", "Totaal", s, j)) for j in JAREN}})
    for k, lab in TABEL3.items():
        for s in SCENARIOS:
            w = a.risicos[k][s]
            if all(v == _NUL for v in w.values()) and k in ("wlz-bw", "mo-vo", "tozo"):
                continue
            rijen.append({"Tabel": "3", "Post": lab, "Scenario": s, **{str(j): _m(w[j]) for j in JAREN}})
    for s in SCENARIOS:
        rijen.append({"Tabel": "3", "Post": "Totaal risico's (niet in Tabel 14)", "Scenario": s,
                      **{str(j): _m(u.c("3", "Totaal", s, j)) for j in JAREN}})
    return pd.DataFrame(rijen)


def tabel_overige(u: Uitvoer) -> pd.DataFrame:
    """Tabel 9 with Tabel 10's total (infeasible part of the other measures)."""
    rijen = [{"Omschrijving": lab, **{str(j): _e(u.c("9", r, "", j)) for j in JAREN}}
             for r, lab in (("Totaal", "Totaal overige maatregelen begroting"), ("Haalbaar", "Aandeel naar verwachting haalbaar"),
                            ("Niet haalbaar", "Aandeel naar verwachting niet haalbaar (Tabel 10)"))]
    return pd.DataFrame(rijen)


def tabel_veranderkosten(u: Uitvoer) -> pd.DataFrame:
    """Tabel 16 (from Tabel 12 and 13), x € 1 mln."""
    return pd.DataFrame([{"Omschrijving": r, **{str(j): _m(u.c("16", r, "", j)) for j in JAREN}}
                         for r in ("Veranderkosten", "Dekking", "Nog te dekken")])


def tabel_effect(u: Uitvoer) -> pd.DataFrame:
    """Tabel 17 (= 14 + 15 + 16 per scenario), x € 1 mln."""
    namen = {"Onzekerheden": "Onzekerheden begroting (incl. volumegroei)",
             "Haalbaarheid": "Haalbaarheid bezuinigingen (excl. volumegroei)", "Veranderkosten": "Veranderkosten",
             "Totaal": "Totaal"}
    return pd.DataFrame([{"Onderdeel": lab, "Scenario": s, **{str(j): _m(u.c("17", r, s, j)) for j in JAREN}}
                         for r, lab in namen.items() for s in SCENARIOS])


def tabel_opgave(u: Uitvoer) -> pd.DataFrame:
    """Tabel 18: the neutral scenario against the current budget, x € 1 mln."""
    volgorde = ["Begroting huidig", "Onzekerheden begroting", "Onzekerheden plan", "Onzekerheden resultaat",
                "Bezuinigingen begroting", "Bezuinigingen plan", "Bezuinigingen resultaat", "Veranderkosten begroting",
                "Veranderkosten plan", "Veranderkosten resultaat", "Begroting inschatting", "Afwijking"]
    return pd.DataFrame([{"Omschrijving": r, **{str(j): _m(u.c("18", r, "", j)) for j in JAREN}} for r in volgorde])


def tabel_aannames(a: Aannames, doc: Aannames | None = None) -> pd.DataFrame:
    """The assumptions with their source and status (document, INFERRED, or changed by the user)."""
    rijen = []
    for d in DOMEINEN:
        rijen.append({"Aanname": f"Prognose-basis A {DOMEIN_NAAM[d]}", "Waarde": _e(a.prognose_basis[d]),
                      "Bron": a.bron["prognose_basis"], "Status": "document"})
        rijen.append({"Aanname": f"Volumegroei E {DOMEIN_NAAM[d]}",
                      "Waarde": ", ".join(f"{j}: {_pct(a.volumegroei_pct[d][j])}" for j in JAREN),
                      "Bron": a.bron["volumegroei_pct"], "Status": "document"})
        rijen.append({"Aanname": f"Besparingspotentieel F positief {DOMEIN_NAAM[d]}",
                      "Waarde": ", ".join(f"{j}: {_pct(a.besparingspotentieel_pct[d][j])}" for j in JAREN),
                      "Bron": a.bron["besparingspotentieel_pct"], "Status": "document"})
        rijen.append({"Aanname": f"Volumecompensatie I {DOMEIN_NAAM[d]} (per jaar)",
                      "Waarde": ", ".join(f"{j}: {_e(a.volumecompensatie[d][j])}" for j in JAREN),
                      "Bron": a.bron["volumecompensatie"], "Status": "document"})
        rijen.append({"Aanname": f"Budgetplafonds {DOMEIN_NAAM[d]}: aandeel van D, vanaf",
                      "Waarde": f"{nl_getal(a.budgetplafond_aandeel[d] * HONDERD, 0)} % vanaf {a.budgetplafond_startjaar[d]}",
                      "Bron": a.bron["budgetplafond_aandeel"], "Status": "afgeleid (INFERRED)"})
    rijen += [
        {"Aanname": "Groeibasis", "Waarde": GROEIBASES[a.groeibasis], "Bron": a.bron["groeibasis"],
         "Status": "document" if a.groeibasis == "totaal" else "afwijkend van de stelling"},
        {"Aanname": "Negatief scenario", "Waarde": f"positief scenario met {a.vertraging_negatief} jaar vertraging; "
                                                   f"daarvóór nul", "Bron": a.bron["vertraging_negatief"],
         "Status": "document (nul ervoor: INFERRED)"},
        {"Aanname": "Neutraal scenario", "Waarde": f"{nl_getal(a.neutraal_weging * HONDERD, 0)} % positief + "
                                                   f"{nl_getal((1 - a.neutraal_weging) * HONDERD, 0)} % negatief",
         "Bron": a.bron["neutraal_weging"], "Status": "afgeleid (INFERRED)"},
        {"Aanname": "Tabel 14, 15, 17, 18: samenstelling", "Waarde": "zie de afgeleide aannames hieronder",
         "Bron": "Tabel 14-18 (regels 836-912)", "Status": "afgeleid (INFERRED)"},
    ]
    df = pd.DataFrame(rijen)
    if doc is not None:
        vergelijk = tabel_aannames(doc)
        anders = df["Waarde"].ne(vergelijk["Waarde"])
        df.loc[anders, "Status"] = "afwijkend van het document (aanname gebruiker)"
    return df


# ------------------------------------------------------------------ charts
def grafiek_effect(u: Uitvoer, jaar: int | None = None):
    """Lines: the combined budget effect (Tabel 17 total) and the budget result N (Tabel 8) per scenario, x € 1 mln."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    from rekenboek.report.charts import OKABE_ITO, STIJL

    kleur = {"positief": OKABE_ITO["groen"], "neutraal": OKABE_ITO["blauw"], "negatief": OKABE_ITO["vermiljoen"]}
    with plt.rc_context(STIJL):
        fig, assen = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
        for ax, (t, r, titel) in zip(assen, (("17", "Totaal", "Effect verbeterplan t.o.v. begroting (Tabel 17)"),
                                             ("8", "N", "Begrotingsresultaat incl. budgetplafonds (Tabel 8, N)"))):
            for s in SCENARIOS:
                ys = [float(u.c(t, r, s, j) / MLN) for j in JAREN]
                ax.plot(JAREN, ys, marker="o", color=kleur[s], label=s)
            ax.axhline(0, color="black", linewidth=0.8)
            if jaar in JAREN:
                ax.axvline(jaar, color=OKABE_ITO["paars"], linestyle=":", linewidth=1.2)
            ax.set_xticks(JAREN, [str(j) for j in JAREN])
            ax.set_xlabel("begrotingsjaar")
            ax.set_title(titel, fontsize=10)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _p: nl_getal(Decimal(str(round(x, 1))), 1)))
        assen[0].set_ylabel("effect (× € 1 mln; negatief = tegenvaller)")
        assen[0].legend(title="scenario")
        fig.suptitle("Maastricht sociaal domein: drie scenario's 2021-2024 (herberekend)")
        fig.tight_layout()
    return fig


# ------------------------------------------------------------------ the page
TABEL_IDS = ("001a-tabel-1", "001a-tabel-2", "001a-tabel-3", "001a-tabel-4", "001b-tabel-5", "001b-tabel-6",
             "001b-tabel-7", "001b-tabel-8", "001b-tabel-9", "001b-tabel-10", "001b-tabel-12", "001b-tabel-13",
             "001b-tabel-14", "001c-tabel-15", "001c-tabel-16", "001c-tabel-17", "001c-tabel-18")


def _mln(v: Decimal) -> str:
    return f"€ {nl_getal(v / MLN, 1)} mln"


def _inleiding(u: Uitvoer, jaar: int, afwijkend: bool) -> str:
    a = u.aannames
    kop = ("Het **Verbeterplan Sociaal Domein** van Maastricht (januari 2021, § 5.1, "
           f"`{BESTAND}` regels 385-925) rekent met drie scenario's (positief, neutraal, negatief) voor 2021-2024. "
           "Deze pagina rekent het model opnieuw uit" + (" met **afwijkende aannames** (zie hieronder)" if afwijkend else
                                                          " met de aannames van het document") + ".")
    if jaar == 2020:
        b = a.begroting_2020
        return (kop + f"\n\n**{jaar}** is het basisjaar: de begroting {jaar} daalde van {_mln(b['initieel'])} met "
                f"{_mln(b['bezuinigingen'])} bezuinigingen naar {_mln(u.c('2020', 'Definitief', '', 2020))}; tegenover een "
                f"prognose van {_mln(b['prognose'])} is het verwachte resultaat een tekort van "
                f"{_mln(u.c('2020', 'Resultaat', '', 2020))}. De prognose-basis {jaar} (A) voor de zorgkosten is "
                f"{_e(a.prognose_basis['jeugd'])} (Jeugd) en {_e(a.prognose_basis['wmo'])} (Wmo excl. BW). "
                "De modeljaren zijn 2021-2024; de tabellen hieronder tonen alle jaren.")
    h = u.c("7", "H", "neutraal", jaar)
    n = {s: u.c("8", "N", s, jaar) for s in SCENARIOS}
    t = {s: u.c("17", "Totaal", s, jaar) for s in SCENARIOS}
    richting = "stijging" if h >= 0 else "daling"
    return (kop + f"\n\nVoor **{jaar}** in het neutrale scenario: een verwachte kosten{richting} (H) voor Jeugd en Wmo van "
            f"{_e(abs(h))} ten opzichte van de prognose 2020, een begrotingsresultaat inclusief budgetplafonds (N) van "
            f"{_e(n['neutraal'])} (positief {_e(n['positief'])}, negatief {_e(n['negatief'])}), en een totaal effect van "
            f"het verbeterplan ten opzichte van de begroting (Tabel 17) van {_mln(t['neutraal'])} "
            f"(bandbreedte {_mln(t['negatief'])} tot {_mln(t['positief'])}). De geraamde begroting {jaar} wordt daarmee "
            f"{_mln(u.c('18', 'Begroting inschatting', '', jaar))} tegen {_mln(u.c('18', 'Begroting huidig', '', jaar))} "
            "nu. Negatieve bedragen zijn tegenvallers ten opzichte van de begroting.")


def pagina(register: Register, gemeente: str, jaar: int, aannames: dict):
    """The financial page for Maastricht, one year 2020-2024: the whole model, with year ``jaar`` highlighted."""
    from rekenboek.report.pages.financien import FinancienPagina, Sectie
    from rekenboek.checks.bevindingen import bereken as register_bereken

    if gemeente != "Maastricht":
        raise OngeldigeParameter(f"het scenariomodel geldt alleen voor Maastricht, niet voor {gemeente}")
    if jaar not in ALLE_JAREN:
        raise OngeldigeParameter(f"het scenariomodel Maastricht kent de jaren 2020-2024, niet {jaar}")
    a, afwijkend = met_overrides(aannames_uit_bron(register), aannames or {})
    u = bereken(a)
    doc = bereken(aannames_uit_bron(register)) if afwijkend else u
    j_txt = jaar if jaar in JAREN else JAREN[0]

    afgeleid = "\n".join(f"- *{k}* (INFERRED): {v}" for k, v in AFGELEIDE_AANNAMES.items())
    s_aannames = Sectie(
        "Aannames",
        "De invoer komt uit de getranscribeerde cijfers van het document (per record-id). Aannames die het document "
        "niet noemt maar die uit de gedrukte cijfers volgen, zijn **afgeleid (INFERRED)**:\n\n" + afgeleid +
        "\n\nHet document stelt dat de volumegroei E een jaarlijks percentage is van de geprognosticeerde kosten; het "
        "model past E toe op het totale kostenniveau C van het voorgaande jaar. De gedrukte mutaties D voor 2023 en "
        "2024 volgen alleen als E wordt toegepast op A plus alleen de mutatie van het voorgaande jaar; daardoor wijken "
        "de cellen van 2023 en 2024 die daarvan afhangen af van de gedrukte (zie de controles).",
        [("Aannames van het model", tabel_aannames(a, aannames_uit_bron(register) if afwijkend else None))])
    s_besparing = Sectie(
        "Besparingspotentieel Jeugd en Wmo (Tabel 5-7)",
        f"B is de cumulatieve volumegroei, C = A + B, G = F × C en H = B + G. In {j_txt} is de verwachte "
        f"kostenontwikkeling (H, neutraal) {_e(u.c('5', 'H', 'neutraal', j_txt))} voor Jeugd en "
        f"{_e(u.c('6', 'H', 'neutraal', j_txt))} voor Wmo; negatief bedrag = daling van de kosten.",
        [("Tabel 5: besparingspotentieel Jeugd (herberekend, in euro)", tabel_domein(u, "jeugd")),
         ("Tabel 6: besparingspotentieel Wmo excl. BW (herberekend, in euro)", tabel_domein(u, "wmo")),
         ("Tabel 7: besparingspotentieel totaal (herberekend, in euro)", tabel_totaal(u))])
    s_begroting = Sectie(
        "Begrotingseffect (Tabel 4 en 8)",
        f"L = K − H en N = L + M. In {j_txt}: K = {_e(u.c('8', 'K', '', j_txt))}, M = {_e(u.c('8', 'M', '', j_txt))}, "
        f"N (neutraal) = {_e(u.c('8', 'N', 'neutraal', j_txt))}. Positief begrotingsresultaat = meevaller.",
        [("Tabel 4: bezuinigingsmaatregelen Jeugd/Wmo in de begroting (in euro)", tabel_bezuinigingen(u)),
         ("Tabel 8: begrotingsresultaat ten opzichte van de begroting (herberekend, in euro)", tabel_begrotingseffect(u))])
    s_onderdelen = Sectie(
        "Onderdelen van het gecombineerde effect (Tabel 2, 3, 9, 10, 12, 13, 16)",
        f"Onzekerheden (Tabel 2) in {j_txt}, neutraal: {_mln(u.c('2', 'Totaal', 'neutraal', j_txt))}; "
        f"niet haalbare overige maatregelen: {_e(u.c('9', 'Niet haalbaar', '', j_txt))}; nog te dekken veranderkosten: "
        + ("pm" if u.c('16', 'Nog te dekken', '', j_txt) is None else _mln(u.c('16', 'Nog te dekken', '', j_txt))) + ".",
        [("Tabel 2 en 3: onzekerheden en risico's (× € 1 mln, totalen herberekend)", tabel_onzekerheden(u)),
         ("Tabel 9/10: overige maatregelen (in euro)", tabel_overige(u)),
         ("Tabel 16: veranderkosten en dekking (× € 1 mln; uit Tabel 12 en 13)", tabel_veranderkosten(u))])
    s_effect = Sectie(
        "Gecombineerd effect (Tabel 14, 15, 17, 18)",
        f"Tabel 17 telt de onzekerheden (Tabel 14), de haalbaarheid van de bezuinigingen (Tabel 15) en de nog te dekken "
        f"veranderkosten op. In {j_txt} is het totaal neutraal {_mln(u.c('17', 'Totaal', 'neutraal', j_txt))}"
        + ("" if u is doc else f" (met de aannames van het document: {_mln(doc.c('17', 'Totaal', 'neutraal', j_txt))})")
        + ". Bedragen × € 1 mln, negatief = tegenvaller.",
        [("Tabel 17: begrotingseffect verbeterplan (herberekend)", tabel_effect(u)),
         ("Tabel 18: financiële opgave verbeterplan, neutraal scenario (herberekend)", tabel_opgave(u))],
        [("Lijngrafiek van het totale effect van het verbeterplan en het begrotingsresultaat per scenario, 2021-2024",
          lambda: grafiek_effect(u, jaar))])

    reg = register_bereken(register).tabel
    sel = reg[reg["tabel_id"].isin(TABEL_IDS) & reg["bestand"].eq(BESTAND)].copy()
    sel["_eerst"] = sel["jaar"].ne(str(jaar))
    bevindingen = sel.sort_values(["_eerst", "tabel_id", "regel"], kind="stable").drop(columns="_eerst").reset_index(drop=True)
    return FinancienPagina(gemeente=gemeente, jaar=jaar, inleiding=_inleiding(u, jaar, bool(afwijkend)),
                           secties=[s_aannames, s_besparing, s_begroting, s_onderdelen, s_effect],
                           bevindingen=bevindingen, afwijkende_aannames=afwijkend)
