"""KPI norms and realisations per gemeente and year (issue 7).

Three data files, none of which repeats a printed figure:

- ``data/kpi/indicatoren.csv``: the indicator register. One row per indicator, year and
  scope (SZMH or a gemeente) with domain, definition, unit, direction, frequency and the
  record id of its norm (``norm_id``) and the source line; ``overige_ids`` lists further
  records that belong to the indicator (peildatum, a second print, a footnote date);
  ``definitiewijziging`` says how the definition changed against the previous year and
  ``dubbelzinnig`` why the definition or direction is open to more than one reading.
- ``data/kpi/realisaties.csv``: realised values per indicator, gemeente and period with
  source and status (``voorlopig``/``definitief``). A row whose ``bron`` is a record id
  takes its value from that record (``waarde`` stays empty); any other row is an analyst's
  row with its own ``waarde`` and a free-text ``bron``. The environment variable
  ``REKENBOEK_KPI_REALISATIES`` points at another file (tests use a synthetic fixture).

Everything is validated with pandera plus cross-file rules; errors name file, row and
field (:class:`rekenboek.errors.InvoerFout`). Comparisons are exact (``Decimal``).

``pagina(gemeente, jaar)`` returns the page object of ``notebooks/kpi.ipynb``;
``overzicht()`` the comparison of the six MH gemeenten (``notebooks/kpi_overzicht.ipynb``).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import Callable

import pandas as pd
import pandera.pandas as pa

from rekenboek.inputs.register import Cijfer, Register, _isin, _opt, _req, _schema, laad, lees_csv
from rekenboek.inputs.eenheden import valideer
from rekenboek.errors import InvoerFout, InvoerFouten, OngeldigeParameter
from rekenboek.paths import ROOT, data_dir
from rekenboek.numbers import nl_datum, nl_getal
from rekenboek.report.display import oordelen_telling
from rekenboek.report.page import Sectie, toon_secties

MH_GEMEENTEN = ("Eijsden-Margraten", "Gulpen-Wittem", "Maastricht", "Meerssen", "Vaals", "Valkenburg aan de Geul")
DOMEINEN = ("werk", "inkomen", "minimabeleid", "handhaving", "bedrijfsvoering", "onderwijs", "personeel")
RICHTINGEN = ("minimaal", "maximaal", "streefwaarde", "exact aantal", "minimale score", "kwalitatief")
STATUSSEN = ("voorlopig", "definitief")
GEHAALD, NIET_GEHAALD, ONBEKEND = "gehaald", "niet gehaald", "onbekend"
# Shapes rather than coloured emoji: they render in any font (headless browsers have no emoji font)
# and do not rely on colour to carry the verdict.
STOPLICHT = {GEHAALD: "✔ gehaald", NIET_GEHAALD: "✘ niet gehaald", ONBEKEND: "? onbekend"}
WIJZIGINGEN = ("verhoogd", "verlaagd", "ongewijzigd", "nieuw", "vervallen")

INDICATOREN_SCHEMA = _schema({
    "indicator": [pa.Check.str_matches(r"^[a-z0-9][a-z0-9-]*$")],
    "jaar": [pa.Check.str_matches(r"^\d{4}$")],
    "scope": [_isin(("SZMH",) + MH_GEMEENTEN)],
    "document": [_req()],
    "domein": [_isin(DOMEINEN)],
    "definitie": [_req()],
    "eenheid": [_isin(("pct", "aantal", "EUR", "score", "ratio", "maand"), leeg_mag=True)],
    "richting": [_isin(RICHTINGEN)],
    "strikt": [_isin(("ja", "nee"))],
    "frequentie": [_req()],
    "norm_id": [_opt(r"^[0-9a-z][0-9a-z-]*$")],
    "bestand": [pa.Check.str_matches(r"^\d{3}_[0-9a-f]{16}\.txt$")],
    "regel": [pa.Check.str_matches(r"^[1-9]\d*$")],
    "overige_ids": [_opt(r"^[0-9a-z-]+( [0-9a-z-]+)*$")],
    "definitiewijziging": [],
    "dubbelzinnig": [],
})

REALISATIES_SCHEMA = _schema({
    "indicator": [pa.Check.str_matches(r"^[a-z0-9][a-z0-9-]*$")],
    "gemeente": [_isin(("SZMH",) + MH_GEMEENTEN)],
    "periode": [pa.Check.str_matches(r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?|-H[12]|-Q[1-4])?$")],
    "waarde": [_opt(r"^-?\d+(\.\d+)?$")],
    "bron": [_req()],
    "status": [_isin(STATUSSEN)],
})


# ------------------------------------------------------------------ loading
@dataclass(frozen=True)
class Indicator:
    indicator: str
    jaar: int
    scope: str
    document: str
    domein: str
    definitie: str
    eenheid: str
    richting: str
    strikt: bool
    frequentie: str
    norm: Cijfer | None
    bestand: str
    regel: int
    overige: tuple[Cijfer, ...]
    definitiewijziging: str
    dubbelzinnig: str

    @property
    def norm_waarde(self) -> Decimal | None:
        return self.norm.waarde if self.norm is not None else None


@dataclass(frozen=True)
class Realisatie:
    indicator: str
    gemeente: str
    periode: str
    waarde: Decimal
    bron: str                 # a record id or the analyst's source
    status: str
    record: Cijfer | None     # the source record, when the row names one
    rij: int                  # data row in the CSV (1-based)

    @property
    def jaar(self) -> int:
        return int(self.periode[:4])

    @property
    def door_analist(self) -> bool:
        return self.record is None


def indicatoren_pad() -> Path:
    return data_dir() / "kpi" / "indicatoren.csv"


def realisaties_pad() -> Path:
    """``REKENBOEK_KPI_REALISATIES`` or ``data/kpi/realisaties.csv``."""
    pad = os.environ.get("REKENBOEK_KPI_REALISATIES")
    return Path(pad).resolve() if pad else data_dir() / "kpi" / "realisaties.csv"


def _rel(pad: Path) -> str:
    try:
        return str(pad.resolve().relative_to(ROOT))
    except ValueError:
        return str(pad)


def laad_indicatoren(register: Register, pad: Path | None = None) -> list[Indicator]:
    """Read and validate the indicator register against the records."""
    pad = pad or indicatoren_pad()
    df = lees_csv(pad, INDICATOREN_SCHEMA)
    rel = _rel(pad)
    fouten: list[InvoerFout] = []
    uit: list[Indicator] = []
    gezien: dict[tuple, int] = {}
    for i, r in enumerate(df.to_dict("records"), start=1):
        def fout(veld, melding):
            fouten.append(InvoerFout(rel, i, veld, melding))

        sleutel = (r["indicator"], r["jaar"], r["scope"])
        if sleutel in gezien:
            fout("indicator", f"{r['indicator']!r} komt voor {r['scope']} {r['jaar']} al voor in rij {gezien[sleutel]}")
        gezien[sleutel] = i
        norm = None
        if r["richting"] == "kwalitatief":
            if r["norm_id"]:
                fout("norm_id", "een kwalitatieve norm heeft geen normrecord")
        elif not r["norm_id"]:
            fout("norm_id", f"richting {r['richting']!r} vraagt het record van de norm")
        elif r["norm_id"] not in register.cijfers:
            fout("norm_id", f"record {r['norm_id']!r} bestaat niet in data/cijfers/")
        else:
            norm = register.cijfers[r["norm_id"]]
            if not isinstance(norm.waarde, Decimal):
                fout("norm_id", f"record {norm.id!r} is geen getal")
            if norm.eenheid != r["eenheid"]:
                fout("eenheid", f"{r['eenheid']!r} is niet de eenheid {norm.eenheid!r} van record {norm.id!r}")
            if norm.bestand != r["bestand"] or norm.regel != int(r["regel"]):
                fout("regel", f"record {norm.id!r} staat in {norm.bestand}:{norm.regel}, niet in {r['bestand']}:{r['regel']}")
            if norm.label("jaar") != r["jaar"]:
                fout("jaar", f"record {norm.id!r} hoort bij jaar {norm.label('jaar')!r}")
            if norm.label("gemeente") != r["scope"]:
                fout("scope", f"record {norm.id!r} hoort bij {norm.label('gemeente')!r}")
        if r["bestand"] not in set(register.bronnen["bestand"]):
            fout("bestand", f"bron {r['bestand']!r} staat niet in bronnen.csv")
        overige = []
        for oid in r["overige_ids"].split():
            if oid not in register.cijfers:
                fout("overige_ids", f"record {oid!r} bestaat niet in data/cijfers/")
            else:
                overige.append(register.cijfers[oid])
        if fouten and fouten[-1].rij == i:
            continue
        uit.append(Indicator(r["indicator"], int(r["jaar"]), r["scope"], r["document"], r["domein"], r["definitie"],
                             r["eenheid"], r["richting"], r["strikt"] == "ja", r["frequentie"], norm, r["bestand"],
                             int(r["regel"]), tuple(overige), r["definitiewijziging"], r["dubbelzinnig"]))
    # one indicator key means one domain, unit and direction in every year
    for sleutel, groep in pd.DataFrame(df).groupby("indicator"):
        for kolom in ("domein", "eenheid", "richting"):
            if groep[kolom].nunique() > 1:
                rij = int(groep.index[-1]) + 1
                fouten.append(InvoerFout(rel, rij, kolom, f"indicator {sleutel!r} heeft in verschillende jaren een andere {kolom}"))
    if fouten:
        raise InvoerFouten(fouten)
    return uit


def laad_realisaties(register: Register, indicatoren: list[Indicator], pad: Path | None = None) -> list[Realisatie]:
    """Read and validate the realisations file (source rows and analysts' rows)."""
    pad = pad or realisaties_pad()
    df = lees_csv(pad, REALISATIES_SCHEMA)
    rel = _rel(pad)
    per_sleutel = {}
    for ind in indicatoren:
        per_sleutel.setdefault(ind.indicator, ind)
    fouten: list[InvoerFout] = []
    uit: list[Realisatie] = []
    for i, r in enumerate(df.to_dict("records"), start=1):
        def fout(veld, melding):
            fouten.append(InvoerFout(rel, i, veld, melding))

        ind = per_sleutel.get(r["indicator"])
        if ind is None:
            fout("indicator", f"indicator {r['indicator']!r} staat niet in data/kpi/indicatoren.csv")
            continue
        if ind.richting == "kwalitatief":
            fout("indicator", f"indicator {r['indicator']!r} heeft een kwalitatieve norm; een getal kan er niet tegen worden beoordeeld")
            continue
        record = register.cijfers.get(r["bron"])
        if record is not None:
            if r["waarde"]:
                fout("waarde", f"de waarde komt uit record {record.id!r}; laat 'waarde' leeg")
                continue
            if not isinstance(record.waarde, Decimal):
                fout("bron", f"record {record.id!r} is geen getal")
                continue
            if record.eenheid != ind.eenheid:
                fout("bron", f"record {record.id!r} heeft eenheid {record.eenheid!r}, de indicator {ind.eenheid!r}")
                continue
            waarde = record.waarde
        else:
            if re.fullmatch(r"[0-9a-z]{3,4}[a-z0-9]*-[0-9a-z-]+", r["bron"]) and r["bron"][:3].isdigit():
                fout("bron", f"record {r['bron']!r} bestaat niet in data/cijfers/")
                continue
            if not r["waarde"]:
                fout("waarde", "een realisatie zonder bronrecord vraagt een waarde (punt als decimaalteken)")
                continue
            try:
                waarde = Decimal(r["waarde"])
            except InvalidOperation:
                fout("waarde", f"{r['waarde']!r} is geen getal")
                continue
        uit.append(Realisatie(r["indicator"], r["gemeente"], r["periode"], waarde, r["bron"], r["status"], record, i))
    if fouten:
        raise InvoerFouten(fouten)
    return uit


# --------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class Oordeel:
    oordeel: str          # gehaald / niet gehaald / onbekend
    reden: str


HOGER, LAGER, GELIJK = "hoger", "lager", "gelijk"   # the direction field: which side of the norm is better
BETER = {"minimaal": HOGER, "minimale score": HOGER, "streefwaarde": HOGER, "maximaal": LAGER, "exact aantal": GELIJK}


def beoordeel(waarde, norm, richting: str | None = None, strikt: bool = False) -> Oordeel:
    """THE norm evaluation, exact. ``richting`` is HOGER/LAGER/GELIJK (higher/lower is better, or exactly the norm).

    (Stop-gap on the formatie branch, signature agreed with the KPI split in /tmp/work/kpi-formatie.md: called
    with an Indicator and a Realisatie it evaluates a KPI-register row, as :func:`beoordeel_indicator`.)
    """
    if isinstance(waarde, Indicator):
        return beoordeel_indicator(waarde, norm)
    if norm is None or richting is None:
        return Oordeel(ONBEKEND, "norm zonder getal")
    if waarde is None:
        return Oordeel(ONBEKEND, "geen realisatie bekend")
    if richting == HOGER:
        ok = waarde > norm if strikt else waarde >= norm
        teken = ">" if strikt else "≥"
    elif richting == LAGER:
        ok = waarde < norm if strikt else waarde <= norm
        teken = "<" if strikt else "≤"
    else:  # GELIJK
        ok, teken = waarde == norm, "="
    return Oordeel(GEHAALD if ok else NIET_GEHAALD, f"realisatie {teken} norm" + ("" if ok else " niet bereikt"))


def beoordeel_indicator(ind: Indicator, real: Realisatie | None) -> Oordeel:
    """Compare a realisation with the norm of a KPI-register row, in the sense of the indicator's direction."""
    if ind.richting == "kwalitatief" or ind.norm is None:
        return Oordeel(ONBEKEND, "norm zonder getal")
    if real is None:
        return Oordeel(ONBEKEND, "geen realisatie bekend")
    if real.record is not None and real.record.id == ind.norm.id:
        return Oordeel(ONBEKEND, "norm en realisatie zijn hetzelfde gedrukte cijfer")
    return beoordeel(real.waarde, ind.norm.waarde, BETER[ind.richting], ind.strikt)


def _voorkeur(r: Realisatie) -> tuple:
    return (r.status == "definitief", r.periode)


def kies_realisatie(ind: Indicator, gemeente: str, jaar: int, realisaties: list[Realisatie]) -> Realisatie | None:
    """The realisation that counts for this norm on the page of ``gemeente``: the unit's own
    figure before the scope's, definitive before provisional, the latest period first."""
    for g in dict.fromkeys((gemeente, ind.scope)):
        kandidaten = [r for r in realisaties if r.indicator == ind.indicator and r.gemeente == g and r.jaar == jaar]
        if kandidaten:
            return max(kandidaten, key=_voorkeur)
    return None


def normen_voor(indicatoren: list[Indicator], gemeente: str, jaar: int) -> list[Indicator]:
    """The norms that apply: SZMH-wide norms apply to every MH gemeente; a gemeente's own figures to it."""
    scopes = {"SZMH", gemeente} if gemeente in MH_GEMEENTEN else {gemeente}
    return [i for i in indicatoren if i.jaar == jaar and i.scope in scopes]


# ----------------------------------------------------------- across years
@dataclass(frozen=True)
class Wijziging:
    indicator: str
    scope: str
    van: Indicator | None
    naar: Indicator | None
    wijziging: str
    toelichting: str


def wijziging(van: Indicator | None, naar: Indicator | None) -> tuple[str, str]:
    """Kind of change between two years; 'verhoogd' means raised in the sense of the direction
    (for a maximum: a lower ceiling, i.e. a stricter norm)."""
    if van is None:
        return "nieuw", "alleen in het latere jaar"
    if naar is None:
        return "vervallen", "niet meer in het latere jaar"
    a, b = van.norm_waarde, naar.norm_waarde
    if a is None or b is None:
        return "ongewijzigd", "norm zonder getal"
    if a == b:
        return "ongewijzigd", "zelfde normwaarde"
    hoger = b > a
    if naar.richting == "maximaal":
        return ("verlaagd", "hoger maximum: norm versoepeld") if hoger else ("verhoogd", "lager maximum: norm aangescherpt")
    return ("verhoogd", "hogere norm") if hoger else ("verlaagd", "lagere norm")


def wijzigingen(indicatoren: list[Indicator], van_jaar: int, naar_jaar: int) -> list[Wijziging]:
    """Every indicator of the two years linked by key and scope, with the change in norm and definition."""
    a = {(i.indicator, i.scope): i for i in indicatoren if i.jaar == van_jaar}
    b = {(i.indicator, i.scope): i for i in indicatoren if i.jaar == naar_jaar}
    # a domain on which the sources say nothing in one of the years is not compared:
    # its indicators are neither 'nieuw' nor 'vervallen', the other year is simply unknown
    beide = {i.domein for i in a.values()} & {i.domein for i in b.values()}
    uit = []
    for k in list(dict.fromkeys([*a, *b])):
        if (a.get(k) or b.get(k)).domein not in beide:
            continue
        soort, uitleg = wijziging(a.get(k), b.get(k))
        uit.append(Wijziging(k[0], k[1], a.get(k), b.get(k), soort, uitleg))
    return uit


# ------------------------------------------------------------------ display helpers
def _getal(c: Cijfer | None, waarde: Decimal | None = None, eenheid: str | None = None) -> str:
    if c is None and waarde is None:
        return "onbekend"
    w = c.waarde if waarde is None else waarde
    e = c.eenheid if eenheid is None else eenheid
    if e == "EUR":
        return f"€ {nl_getal(w)}"
    if e == "pct":
        return f"{nl_getal(w)} %"
    if e == "maand":
        return f"{nl_getal(w)} maanden"
    return nl_getal(w)


_TEKEN = {("minimaal", True): ">", ("minimaal", False): "≥", ("minimale score", False): "≥", ("minimale score", True): ">",
          ("maximaal", True): "<", ("maximaal", False): "≤", ("exact aantal", False): "=", ("exact aantal", True): "=",
          ("streefwaarde", False): "streef", ("streefwaarde", True): "streef"}


def normtekst(ind: Indicator) -> str:
    if ind.norm is None:
        return ind.definitie if ind.richting == "kwalitatief" else "onbekend"
    return f"{_TEKEN[(ind.richting, ind.strikt)]} {_getal(ind.norm)}"


def _bron(c: Cijfer) -> str:
    return f"{c.bestand[:3]}:{c.regel}"


def _periode(p: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", p):
        from rekenboek.numbers import datum_uit_iso
        return nl_datum(datum_uit_iso(p)) + (" (t/m)" if len(p) == 7 else "")
    return p.replace("-H1", " 1e helft").replace("-H2", " 2e helft")


# ------------------------------------------------------------------ per-gemeente figures
PROGNOSE_TABEL = "002c-dvo-prognose"
UE_TABEL = "000a-dvo-pw-inkomen"
LLV_TABEL = "000a-uo-llv-deelname"
STEUN_TABEL = "001c-tabel-huishoudens"
STAPELING_TABEL = "001c-tabel-stapeling"
SAMENLOOP_TABEL = "001c-p-samenloop"


def _records(register: Register, **sel) -> list[Cijfer]:
    uit = []
    for c in register.cijfers.values():
        if all((getattr(c, k) if k in ("tabel", "rol", "eenheid") else c.label(k)) == v for k, v in sel.items()):
            uit.append(c)
    return uit


@dataclass(frozen=True)
class Stand:
    """One point of the benefit-unit series of a gemeente."""
    datum: str            # ISO date of the point
    soort: str            # realisatie / prognose / norm
    record: Cijfer


def uitkeringseenheden(register: Register, gemeente: str) -> list[Stand]:
    """Standcijfer, prognosis and norm of one gemeente (or the SZMH total where printed)."""
    uit = []
    for c in _records(register, tabel=PROGNOSE_TABEL, eenheid="aantal", gemeente=gemeente):
        datum = register.cijfers["002c-prog-stand-datum"].waarde.iso if c.rol == "realisatie" else f"{c.label('jaar')}-12-31"
        uit.append(Stand(datum, c.rol, c))
    for c in _records(register, tabel=UE_TABEL, eenheid="aantal", rol="norm", gemeente=gemeente):
        if c.id.startswith("000a-dvo-ue-"):
            uit.append(Stand(register.cijfers[f"{c.id}-datum"].waarde.iso, "norm", c))
    return sorted(uit, key=lambda s: s.datum)


def _som(cs: list[Cijfer]) -> Decimal:
    return sum((c.waarde for c in cs), Decimal(0))


# ------------------------------------------------------------------ the page
@dataclass
class KpiPagina:
    gemeente: str
    jaar: int
    normen: list[tuple[Indicator, Realisatie | None, Oordeel]]
    realisaties: list[Realisatie]
    wijzigingen: list[Wijziging]
    secties: list[Sectie]
    bevindingen: pd.DataFrame
    realisaties_bestand: str

    # ---------------------------------------------------------------- lookups
    def oordeel(self, indicator: str, scope: str | None = None) -> str:
        """The verdict of one indicator on this page (tests and prose use it)."""
        for ind, _r, o in self.normen:
            if ind.indicator == indicator and (scope is None or ind.scope == scope):
                return o.oordeel
        raise KeyError(indicator)

    @property
    def telling(self) -> dict[str, int]:
        t = {GEHAALD: 0, NIET_GEHAALD: 0, ONBEKEND: 0}
        for _i, _r, o in self.normen:
            t[o.oordeel] += 1
        return t

    # ---------------------------------------------------------------- texts
    @property
    def inleiding(self) -> str:
        g, j = self.gemeente, self.jaar
        if not self.normen:
            return (f"*Niet bekend:* de bronnen geven geen KPI-normen voor {g} {j}. De dienstverleningsovereenkomsten "
                    f"gaan over 2017 (DVO 2017) en 2018 (DVO Participatiewet 2018 en Uitvoeringsovereenkomst Onderwijs 2018); "
                    f"de verzuimnormen over 2016 en 2017." + (" Wat de bronnen wel over dit jaar zeggen, staat hieronder."
                                                              if any(s.tabellen for s in self.secties) else ""))
        t = self.telling
        eigen = sum(1 for i, _r, _o in self.normen if i.scope == g and g != "SZMH")
        breed = len(self.normen) - eigen
        delen = [f"Voor **{g} {j}** gelden {len(self.normen)} normen"]
        if g in MH_GEMEENTEN:
            delen.append(f" ({breed} voor heel SZMH, die voor elke MH-gemeente gelden, en {eigen} voor {g} zelf)")
        delen.append(f". Oordeel: {t[GEHAALD]} gehaald, {t[NIET_GEHAALD]} niet gehaald, {t[ONBEKEND]} onbekend. "
                     "Een norm zonder bekende realisatie heet *onbekend*: het rekenboek toont alleen realisaties die een bron "
                     "of een analist heeft aangeleverd.")
        analist = sum(1 for r in self.realisaties if r.door_analist)
        if analist:
            delen.append(f" Deze pagina gebruikt {analist} realisatie(s) van analisten uit `{self.realisaties_bestand}`.")
        return "".join(delen)

    @property
    def bevindingen_tekst(self) -> str:
        n = len(self.bevindingen)
        if n == 0:
            return f"Het register bevat geen controles op de KPI-cijfers van {self.gemeente} {self.jaar}."
        return (f"{n} controles uit het register raken de KPI-cijfers van {self.gemeente} {self.jaar}: "
                f"{oordelen_telling(self.bevindingen['oordeel'])}.")

    # ---------------------------------------------------------------- tables
    @property
    def normtabel(self) -> pd.DataFrame | None:
        if not self.normen:
            return None
        rijen = []
        for ind, r, o in self.normen:
            rijen.append({
                "Indicator": ind.definitie, "Domein": ind.domein, "Geldt voor": ind.scope,
                "Norm": normtekst(ind), "Richting": ind.richting,
                "Realisatie": "onbekend" if r is None else f"{_getal(None, r.waarde, ind.eenheid)} ({_periode(r.periode)}, {r.status})",
                "Bron realisatie": "" if r is None else (_bron(r.record) if r.record else f"analist: {r.bron}"),
                "Oordeel": STOPLICHT[o.oordeel], "Toelichting": o.reden,
                "Bron norm": f"{ind.bestand[:3]}:{ind.regel}",
                "Dubbelzinnig": ind.dubbelzinnig,
            })
        return pd.DataFrame(rijen)

    @property
    def wijzigingstabel(self) -> pd.DataFrame | None:
        if not self.wijzigingen:
            return None
        rijen = []
        for w in self.wijzigingen:
            ref = w.naar or w.van
            rijen.append({
                "Indicator": ref.definitie, "Geldt voor": w.scope,
                f"Norm {self.jaar - 1}": normtekst(w.van) if w.van else "—",
                f"Norm {self.jaar}": normtekst(w.naar) if w.naar else "—",
                "Wijziging": w.wijziging, "Toelichting": w.toelichting,
                "Definitie gewijzigd": (w.naar.definitiewijziging if w.naar and w.van else "") or ("nee" if w.naar and w.van else "—"),
            })
        return pd.DataFrame(rijen)

    def toon(self) -> None:
        """Display every section (heading, text, tables, charts), then the findings."""
        from IPython.display import Markdown, display

        from rekenboek.report.display import bevindingen_tabel, toon_tabel

        toon_secties(self.secties, leeg=f"*Niet bekend voor {self.gemeente} {self.jaar}.*")
        display(Markdown("## Controles uit het register\n\n" + self.bevindingen_tekst))
        toon_tabel(bevindingen_tabel(self.bevindingen) if len(self.bevindingen) else None,
                   leeg="*Geen controles op de KPI-cijfers van deze pagina.*")


# ------------------------------------------------------------------ sections
def _sectie_normen(p: KpiPagina) -> Sectie:
    return Sectie("Normen, realisatie en oordeel",
                  "Per norm de gedrukte waarde, de realisatie als een bron of een analist die geeft, en het oordeel "
                  f"({', '.join(STOPLICHT.values())}). De vergelijking is exact; een norm met '>' of '<' is strikt.",
                  [("", p.normtabel)])


def _sectie_wijzigingen(p: KpiPagina) -> Sectie:
    tekst = (f"Dezelfde indicator in {p.jaar - 1} en {p.jaar} gekoppeld. *Verhoogd* betekent aangescherpt in de "
             "richting van de norm (bij een maximum: een lager maximum).")
    if p.wijzigingen:
        tel = pd.Series([w.wijziging for w in p.wijzigingen]).value_counts()
        tekst += " " + ", ".join(f"{tel[k]} {k}" for k in WIJZIGINGEN if k in tel) + "."
    else:
        tekst += f" Voor {p.gemeente} zijn er in {p.jaar - 1} en {p.jaar} geen normen om te vergelijken."
    return Sectie(f"Normen {p.jaar - 1} en {p.jaar} vergeleken", tekst, [("", p.wijzigingstabel)])


def _sectie_realisaties(p: KpiPagina, indicatoren: list[Indicator]) -> Sectie:
    eenheid = {i.indicator: i.eenheid for i in indicatoren}
    relevant = [r for r in p.realisaties if r.jaar == p.jaar and r.gemeente in ({p.gemeente, "SZMH"} if p.gemeente in MH_GEMEENTEN else {p.gemeente})]
    tabel = None
    if relevant:
        tabel = pd.DataFrame([{
            "Indicator": r.indicator, "Gemeente": r.gemeente, "Periode": _periode(r.periode),
            "Waarde": _getal(None, r.waarde, eenheid[r.indicator]), "Status": r.status,
            "Bron": (f"{_bron(r.record)} ({r.record.id})" if r.record else f"analist: {r.bron}"),
        } for r in sorted(relevant, key=lambda r: (r.indicator, r.gemeente, r.periode))])
    tekst = (f"Alle realisaties over {p.jaar} uit `{p.realisaties_bestand}`: rijen met een recordnummer komen uit de bronnen, "
             "andere rijen van analisten. Een analist voegt een rij toe en bouwt opnieuw; de pagina beoordeelt de rij dan tegen de norm.")
    return Sectie("Realisaties", tekst, [("", tabel)])


def _ue_tabel(register: Register, gemeente: str) -> pd.DataFrame | None:
    reeks = uitkeringseenheden(register, gemeente)
    if not reeks:
        return None
    namen = {"realisatie": "standcijfer (realisatie)", "prognose": "prognose (DVO 2017)", "norm": "norm (DVO 2018)"}
    from rekenboek.numbers import datum_uit_iso
    return pd.DataFrame([{"Peildatum": nl_datum(datum_uit_iso(s.datum)), "Soort": namen[s.soort],
                          "Uitkeringseenheden": nl_getal(s.record.waarde), "Bron": _bron(s.record)} for s in reeks])


def _ue_figuur(register: Register, gemeenten: tuple[str, ...], titel: str):
    def maak():
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter

        from rekenboek.report.charts import OKABE_ITO, STIJL
        from rekenboek.numbers import datum_uit_iso
        kleuren = [v for k, v in OKABE_ITO.items() if k not in ("zwart", "geel")]
        with plt.rc_context(STIJL):
            fig, ax = plt.subplots(figsize=(9, 4.2))
            for k, g in enumerate(gemeenten):
                reeks = uitkeringseenheden(register, g)
                xs = [datum_uit_iso(s.datum).begin for s in reeks]
                ys = [float(s.record.waarde) for s in reeks]
                ax.plot(xs, ys, marker="o", color=kleuren[k % len(kleuren)], label=g)
                for x, y, s in zip(xs, ys, reeks if len(gemeenten) == 1 else []):
                    ax.annotate(nl_getal(s.record.waarde), (x, y), textcoords="offset points", xytext=(0, 5),
                                ha="center", fontsize=8)
            ax.set_title(titel)
            ax.set_xlabel("peildatum (standcijfer, prognose DVO 2017, norm DVO 2018)")
            ax.set_ylabel("uitkeringseenheden (aantal)")
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: nl_getal(Decimal(str(round(v))))))
            import matplotlib.dates as mdates
            ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%Y"))
            if len(gemeenten) > 1:
                ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
            fig.tight_layout()
        return fig
    return maak


def _sectie_per_gemeente(register: Register, gemeente: str, jaar: int) -> Sectie:
    s = Sectie("Cijfers per gemeente")
    if gemeente in MH_GEMEENTEN:
        tabel = _ue_tabel(register, gemeente)
        s.tekst = (f"Uitkeringseenheden van {gemeente} over de jaren: het standcijfer (een realisatie), de prognose van de DVO 2017 "
                   "en de norm van de DVO 2018. Het standcijfer per september 2017 waarop de norm 2018 rust, staat in geen van de bronnen.")
        s.tabellen.append(("Uitkeringseenheden", tabel))
        s.figuren.append((f"Lijndiagram van de uitkeringseenheden van {gemeente}: standcijfer september 2016, prognose eind 2017 en norm eind 2018.",
                          _ue_figuur(register, (gemeente,), f"Uitkeringseenheden {gemeente}")))
    elif gemeente == "SZMH":
        s.tekst = "Uitkeringseenheden van de zes MH-gemeenten over de jaren (standcijfer, prognose DVO 2017, norm DVO 2018)."
        s.tabellen.append(("Uitkeringseenheden per gemeente", overzicht_tabel(register)))
        s.figuren.append(("Lijndiagram van de uitkeringseenheden per MH-gemeente: standcijfer september 2016, prognose eind 2017 en norm eind 2018.",
                          _ue_figuur(register, tuple(g for g in MH_GEMEENTEN if g != "Maastricht"),
                                     "Uitkeringseenheden per Heuvellandgemeente (Maastricht apart)")))
        s.figuren.append(("Lijndiagram van de uitkeringseenheden van Maastricht: standcijfer september 2016, prognose eind 2017 en norm eind 2018.",
                          _ue_figuur(register, ("Maastricht",), "Uitkeringseenheden Maastricht")))
    steun = _steun_tabel(register, gemeente, jaar)
    if steun is not None:
        t = register.tabel(STEUN_TABEL)
        s.tabellen.append((f"Huishoudens en inwoners met ondersteuning sociaal domein, {gemeente} {jaar} "
                           f"({t['bestand'][:3]} regels {t['regel_van']}-{t['regel_tot']})", steun))
        s.tabellen.append((f"Stapeling: aandeel huishoudens naar aantal pijlers, {gemeente} {jaar}", _stapeling_tabel(register, jaar)))
        s.figuren.append((f"Staafdiagram van de huishoudens met ondersteuning per pijler in {gemeente}, per halfjaar 2019 en 2020.",
                          _steun_figuur(register)))
    return s


def _halfjaren(register: Register) -> list[str]:
    return sorted({c.id.rsplit("-", 1)[1] for c in _records(register, tabel=STEUN_TABEL)})


def _steun_tabel(register: Register, gemeente: str, jaar: int) -> pd.DataFrame | None:
    cs = [c for c in _records(register, tabel=STEUN_TABEL, gemeente=gemeente) if c.label("jaar") == str(jaar)]
    if not cs:
        return None
    rijen: dict[str, dict] = {}
    for c in cs:
        soort = "huishoudens" if "-hh-" in c.id else "inwoners"
        half = c.id.rsplit("-", 1)[1]
        rijen.setdefault(c.label("rij"), {"Pijler": c.label("rij")})[f"{soort} {half[:4]} {half[5]}e helft"] = nl_getal(c.waarde)
    return pd.DataFrame(list(rijen.values()))


def _stapeling_tabel(register: Register, jaar: int) -> pd.DataFrame | None:
    cs = [c for c in _records(register, tabel=STAPELING_TABEL) if c.label("jaar") == str(jaar) and c.rol in ("cel", "totaal")]
    if not cs:
        return None
    rijen: dict[str, dict] = {}
    for c in cs:
        rijen.setdefault(c.label("rij"), {"Samenloop": c.label("rij")})[c.label("kolom")] = f"{nl_getal(c.waarde)} %"
    return pd.DataFrame(list(rijen.values()))


def _steun_figuur(register: Register):
    def maak():
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter

        from rekenboek.report.charts import OKABE_ITO, STIJL
        cs = [c for c in _records(register, tabel=STEUN_TABEL, rol="cel") if "-hh-" in c.id]
        pijlers = list(dict.fromkeys(c.label("rij") for c in cs))
        halven = _halfjaren(register)
        kleuren = [OKABE_ITO["blauw"], OKABE_ITO["oranje"], OKABE_ITO["groen"]]
        with plt.rc_context(STIJL):
            fig, ax = plt.subplots(figsize=(8, 4.2))
            breedte = 0.8 / len(halven)
            for k, h in enumerate(halven):
                ys = [float(next(c.waarde for c in cs if c.label("rij") == p and c.id.endswith(h))) for p in pijlers]
                ax.bar([i + k * breedte for i in range(len(pijlers))], ys, width=breedte, color=kleuren[k % 3],
                       label=f"{h[5]}e helft {h[:4]}")
            ax.set_xticks([i + breedte * (len(halven) - 1) / 2 for i in range(len(pijlers))], pijlers)
            ax.set_title("Huishoudens met ondersteuning per pijler, Maastricht")
            ax.set_xlabel("pijler (een huishouden kan in meer pijlers voorkomen)")
            ax.set_ylabel("huishoudens (aantal)")
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: nl_getal(Decimal(str(round(v))))))
            ax.legend(frameon=False, fontsize=8)
            fig.tight_layout()
        return fig
    return maak


# ------------------------------------------------------------------ derived KPIs
def afgeleide_kpis(register: Register, gemeente: str, jaar: int) -> pd.DataFrame | None:
    """Derived KPIs that the findings register does not already hold, recomputed exactly.

    (The growth of each gemeente's 2017 prognosis against the national rise, the 2018
    gemeenten against the SZMH total, the pupil-transport footings and the stacking totals
    are register checks; they appear under 'Controles uit het register'.)
    """
    rijen = []

    def rij(omschrijving, waarde: str, vergelijk: str, bron: str):
        rijen.append({"Afgeleide KPI": omschrijving, "Herberekend": waarde, "Vergelijking": vergelijk, "Bronregels": bron})

    mh = [g for g in MH_GEMEENTEN]
    if jaar == 2017 and (gemeente in MH_GEMEENTEN or gemeente == "SZMH"):
        stand = {g: [c for c in _records(register, tabel=PROGNOSE_TABEL, rol="realisatie", gemeente=g)][0] for g in mh}
        prog = {g: [c for c in _records(register, tabel=PROGNOSE_TABEL, rol="prognose", gemeente=g, eenheid="aantal")][0] for g in mh}
        som_stand, som_prog = _som(list(stand.values())), _som(list(prog.values()))
        if gemeente == "SZMH":
            rij("Uitkeringseenheden SZMH: som van de zes gemeenten, standcijfer en prognose (de DVO 2017 drukt geen totaal)",
                f"{nl_getal(som_stand)} → {nl_getal(som_prog)}", "geen gedrukt totaal om mee te vergelijken",
                f"002:{stand['Maastricht'].regel}, 002:{prog['Maastricht'].regel}")
        else:
            aandeel = prog[gemeente].waarde / som_prog * 100
            rij(f"Aandeel van {gemeente} in de prognose SZMH eind 2017", f"{nl_getal(aandeel.quantize(Decimal('0.1')))} %",
                "aandeel in de som van de zes gemeenten", f"002:{prog[gemeente].regel}")
            verschil = prog[gemeente].waarde - stand[gemeente].waarde
            rij(f"Prognose min standcijfer {gemeente} (uitkeringseenheden)", nl_getal(verschil),
                "groei in aantallen; de groei in procenten staat als controle in het register", f"002:{prog[gemeente].regel}")
    if jaar == 2018 and (gemeente in MH_GEMEENTEN or gemeente == "SZMH"):
        daling = register.cijfers["000a-dvo-ue-prognose-daling"]
        totaal = register.cijfers["000a-dvo-ue-szmh"]
        for g in ([gemeente] if gemeente in MH_GEMEENTEN else ["SZMH"]):
            norm = [s for s in uitkeringseenheden(register, g) if s.soort == "norm"][0].record
            factor = 1 - daling.waarde / 100
            basis = norm.waarde / factor
            rij(f"Standcijfer per september 2017 dat de norm {g} impliceert (norm gedeeld door één min de daling)",
                nl_getal(basis.quantize(Decimal("0.1"))),
                "niet te vergelijken: het standcijfer per september 2017 staat in geen bron", f"000:{norm.regel}, 000:{daling.regel}")
            vorig = [s for s in uitkeringseenheden(register, g) if s.soort == "prognose"]
            if vorig:
                groei = (norm.waarde / vorig[0].record.waarde - 1) * 100
                rij(f"Norm eind 2018 t.o.v. prognose eind 2017, {g}", f"{nl_getal(groei.quantize(Decimal('0.01')))} %",
                    f"de DVO 2018 noemt een daling van {nl_getal(daling.waarde)} %, maar vanaf een ander standcijfer",
                    f"002:{vorig[0].record.regel}, 000:{norm.regel}")
            if g != "SZMH":
                aandeel = norm.waarde / totaal.waarde * 100
                rij(f"Aandeel van {g} in het gedrukte SZMH-totaal eind 2018", f"{nl_getal(aandeel.quantize(Decimal('0.1')))} %",
                    "aandeel in het totaal", f"000:{norm.regel}, 000:{totaal.regel}")
        llv_tot = register.cijfers["000a-uo-llv-deelname-totaal-totaal"]
        besch = register.cijfers["000a-uo-llv-beschikkingen"]
        if gemeente in ("SZMH", "Maastricht") or gemeente in MH_GEMEENTEN:
            rij("Deelname leerlingenvervoer schooljaar 2017-2018 per jaarlijkse beschikking (norm)",
                nl_getal((llv_tot.waarde / besch.waarde).quantize(Decimal("0.001"))),
                "leerlingen en beschikkingen zijn verschillende tellingen; geen oordeel", f"000:{llv_tot.regel}, 000:{besch.regel}")
        if gemeente == "Maastricht":
            m = register.cijfers["000a-uo-llv-deelname-maastricht-totaal"]
            rij("Aandeel Maastricht in de deelname leerlingenvervoer", f"{nl_getal((m.waarde / llv_tot.waarde * 100).quantize(Decimal('0.1')))} %",
                "aandeel in het totaal", f"000:{m.regel}")
        elif gemeente in MH_GEMEENTEN:
            overig = register.cijfers["000a-uo-llv-deelname-overig-totaal"]
            rij(f"Deelname leerlingenvervoer {gemeente}", "onbekend",
                "de bron geeft alleen de overige GR-gemeenten samen", _bron(overig))
    if gemeente == "Maastricht" and jaar in (2019, 2020):
        rijen += _stapeling_kpis(register, jaar)
    return pd.DataFrame(rijen) if rijen else None


def _stapeling_kpis(register: Register, jaar: int) -> list[dict]:
    """Pillar counts against unique totals, and the mean number of pillars the stacking table implies."""
    uit = []
    def pijlers(label: str) -> tuple[int, int]:
        # '1 pijler', '4 of 5 pijlers': the fewest and the most pillars the row stands for
        cijfers = [int(x) for x in re.findall(r"\d+", label)]
        return min(cijfers), max(cijfers)

    for half in _halfjaren(register):
        if not half.startswith(str(jaar)):
            continue
        for soort, naam in (("hh", "huishoudens"), ("inw", "inwoners")):
            cs = [c for c in _records(register, tabel=STEUN_TABEL) if f"-{soort}-{half}" in c.id]
            cellen = [c for c in cs if c.rol == "cel"]
            totaal = next(c for c in cs if c.rol == "totaal")
            factor = _som(cellen) / totaal.waarde
            vergelijk = "som van de pijlers gedeeld door het unieke totaal"
            if soort == "hh":
                peil = f"{half[:4]}-{'06-30' if half.endswith('h1') else '12-31'}"
                st = [c for c in _records(register, tabel=STAPELING_TABEL, rol="cel") if c.label("datum") == peil]
                if st:
                    kolom = st[0].label("kolom")
                    laag = sum((c.waarde * pijlers(c.label("rij"))[0] for c in st), Decimal(0)) / 100
                    hoog = sum((c.waarde * pijlers(c.label("rij"))[1] for c in st), Decimal(0)) / 100
                    tol = sum((c.halve_eenheid * pijlers(c.label("rij"))[1] for c in st), Decimal(0)) / 100
                    binnen = laag - tol <= factor <= hoog + tol
                    vergelijk = (f"stapelingstabel per {kolom} geeft gemiddeld {nl_getal(laag.quantize(Decimal('0.001')))} tot "
                                 f"{nl_getal(hoog.quantize(Decimal('0.001')))} pijlers per huishouden (4 of 5 pijlers als 4 of 5): "
                                 + ("past" if binnen else "past niet") + "; de telling gaat over een halfjaar, de stapeling over een peildatum")
            uit.append({"Afgeleide KPI": f"Gemiddeld aantal pijlers per {'huishouden' if soort == 'hh' else 'inwoner'}, {half[5]}e helft {half[:4]}",
                        "Herberekend": nl_getal(factor.quantize(Decimal("0.001"))), "Vergelijking": vergelijk,
                        "Bronregels": f"001:{totaal.regel}"})
        for c in [c for c in _records(register, tabel=STEUN_TABEL, rol="cel") if f"-hh-{half}" in c.id]:
            inw = register.cijfers[c.id.replace("-hh-", "-inw-")]
            uit.append({"Afgeleide KPI": f"Inwoners per huishouden, pijler {c.label('rij')}, {half[5]}e helft {half[:4]}",
                        "Herberekend": nl_getal((inw.waarde / c.waarde).quantize(Decimal("0.01"))),
                        "Vergelijking": "inwoners gedeeld door huishoudens", "Bronregels": f"001:{c.regel}"})
    return uit


# ------------------------------------------------------------------ public API
@dataclass
class KpiGegevens:
    register: Register
    indicatoren: list[Indicator]
    realisaties: list[Realisatie]


def documenten() -> set[str]:
    """The source documents the indicator and realisation registers cite (a KPI page loads only these)."""
    ids = lees_csv(indicatoren_pad(), INDICATOREN_SCHEMA)
    real = lees_csv(realisaties_pad(), REALISATIES_SCHEMA)
    docs = set(ids["bestand"].str[:3]) | {i[:3] for kol in ("norm_id", "overige_ids") for v in ids[kol] for i in v.split()}
    docs |= {t[:3] for t in (STEUN_TABEL, STAPELING_TABEL, SAMENLOOP_TABEL)}   # Maastricht's own figures (001)
    return docs | {b[:3] for b in real["bron"] if re.match(r"^\d{3}[a-z_-]", b)}


def _laad() -> Register:
    from rekenboek.checks.bevindingen import laad_dossier
    return laad_dossier(*sorted(documenten()))


def laad_kpi(register: Register | None = None) -> KpiGegevens:
    register = register or _laad()
    ind = laad_indicatoren(register)
    return KpiGegevens(register, ind, laad_realisaties(register, ind))


def pagina(gemeente: str, jaar, register: Register | None = None, resultaat=None) -> KpiPagina:
    """The KPI page of one unit and year."""
    register = register or _laad()
    gemeente, jaar = valideer(register, gemeente, jaar)
    if gemeente not in MH_GEMEENTEN and gemeente != "SZMH":
        raise OngeldigeParameter(f"de KPI-normen gelden voor SZMH en de zes MH-gemeenten ({', '.join(MH_GEMEENTEN)}); "
                                 f"niet voor {gemeente}.")
    kpi = laad_kpi(register)
    normen = []
    for ind in normen_voor(kpi.indicatoren, gemeente, jaar):
        r = kies_realisatie(ind, gemeente, jaar, kpi.realisaties)
        normen.append((ind, r, beoordeel(ind, r)))
    toepasselijk = [i for i in kpi.indicatoren if i.scope in ({"SZMH", gemeente} if gemeente in MH_GEMEENTEN else {gemeente})]
    wijz = wijzigingen(toepasselijk, jaar - 1, jaar)
    p = KpiPagina(gemeente, jaar, normen, kpi.realisaties, wijz, [], pd.DataFrame(), _rel(realisaties_pad()))
    p.secties = [_sectie_normen(p)]
    if wijz:
        p.secties.append(_sectie_wijzigingen(p))
    p.secties.append(_sectie_realisaties(p, kpi.indicatoren))
    p.secties.append(_sectie_per_gemeente(register, gemeente, jaar))
    afg = afgeleide_kpis(register, gemeente, jaar)
    p.secties.append(Sectie("Afgeleide KPI's", "Herberekend met exacte rekenkunde uit de gedrukte cijfers; afgerond voor weergave.",
                            [("", afg)]))
    p.bevindingen = _bevindingen_voor(register, kpi, gemeente, jaar, resultaat)
    return p


def _pagina_records(register: Register, kpi: KpiGegevens, gemeente: str, jaar: int) -> tuple[set[str], set[str]]:
    """(all records of the page, the unit's own records)."""
    alle: set[str] = set()
    for ind in normen_voor(kpi.indicatoren, gemeente, jaar):
        if ind.norm is not None:
            alle.add(ind.norm.id)
        alle |= {c.id for c in ind.overige}
    for r in kpi.realisaties:
        if r.record is not None and r.jaar == jaar:
            alle.add(r.record.id)
    eigen: set[str] = set()
    if gemeente in MH_GEMEENTEN:
        eigen = {s.record.id for s in uitkeringseenheden(register, gemeente) if s.record.label("jaar") == str(jaar)}
        if jaar == 2018 and gemeente == "Maastricht":
            eigen |= {c.id for c in _records(register, tabel=LLV_TABEL, gemeente="Maastricht")}
        eigen |= {c.id for c in _records(register, tabel=STEUN_TABEL, gemeente=gemeente) if c.label("jaar") == str(jaar)}
        eigen |= {c.id for c in _records(register, tabel=STAPELING_TABEL, gemeente=gemeente) if c.label("jaar") == str(jaar)}
        eigen |= {c.id for c in _records(register, tabel=SAMENLOOP_TABEL, gemeente=gemeente) if c.label("jaar") == str(jaar)}
    elif gemeente == "SZMH":
        eigen = {c.id for c in _records(register, tabel=PROGNOSE_TABEL) if c.label("jaar") == str(jaar)}
        eigen |= {c.id for c in _records(register, tabel=LLV_TABEL) if c.label("jaar") == str(jaar)}
    alle |= eigen
    return alle, eigen


def _bevindingen_voor(register: Register, kpi: KpiGegevens, gemeente: str, jaar: int, res) -> pd.DataFrame:
    """Register rows that touch the page's records (stated figure or component), leaving out
    checks about another MH gemeente's own figures."""
    if res is None:
        from rekenboek.checks.bevindingen import bereken
        res = bereken(register)
    alle, eigen = _pagina_records(register, kpi, gemeente, jaar)
    anderen = {c.id for c in register.cijfers.values() if c.label("gemeente") in MH_GEMEENTEN and c.label("gemeente") != gemeente}
    keep = []
    for b in res.bevindingen:
        geraakt = {b.gesteld.id} | {c.id for c in b.onderdelen}
        keep.append(bool(geraakt & alle) and (not (geraakt & anderen) or bool(geraakt & eigen)
                                              or b.gesteld.label("gemeente") == "SZMH"))
    return res.tabel[keep].reset_index(drop=True)


# ------------------------------------------------------------------ overview of the six gemeenten
def overzicht_tabel(register: Register) -> pd.DataFrame:
    """Benefit units per MH gemeente: standcijfer, prognosis 2017, norm 2018 and the changes."""
    rijen = []
    totaal = register.cijfers["000a-dvo-ue-szmh"]
    for g in MH_GEMEENTEN:
        reeks = {s.soort: s.record for s in uitkeringseenheden(register, g)}
        st, pr, no = reeks.get("realisatie"), reeks.get("prognose"), reeks.get("norm")
        rijen.append({
            "Gemeente": g,
            "Standcijfer sept. 2016": nl_getal(st.waarde) if st else "onbekend",
            "Prognose eind 2017": nl_getal(pr.waarde) if pr else "onbekend",
            "Groei prognose": f"{nl_getal(((pr.waarde / st.waarde - 1) * 100).quantize(Decimal('0.01')))} %" if st and pr else "onbekend",
            "Norm eind 2018": nl_getal(no.waarde) if no else "onbekend",
            "Norm 2018 t.o.v. prognose 2017": f"{nl_getal(((no.waarde / pr.waarde - 1) * 100).quantize(Decimal('0.01')))} %" if pr and no else "onbekend",
            "Wijziging (richting maximum)": wijziging_ue(pr, no),
            "Aandeel SZMH 2018": f"{nl_getal((no.waarde / totaal.waarde * 100).quantize(Decimal('0.1')))} %" if no else "onbekend",
        })
    return pd.DataFrame(rijen)


def wijziging_ue(pr: Cijfer | None, no: Cijfer | None) -> str:
    if pr is None or no is None:
        return "onbekend"
    if no.waarde == pr.waarde:
        return "ongewijzigd"
    return "verhoogd (lager maximum)" if no.waarde < pr.waarde else "verlaagd (hoger maximum)"


@dataclass
class KpiOverzicht:
    inleiding: str
    secties: list[Sectie]

    def toon(self) -> None:
        toon_secties(self.secties)


def overzicht(register: Register | None = None) -> KpiOverzicht:
    """The six MH gemeenten compared: benefit units, verdicts per year, norm changes."""
    register = register or _laad()
    kpi = laad_kpi(register)
    from rekenboek.checks.bevindingen import bereken
    tabel = bereken(register).tabel
    oordelen = []
    for g in MH_GEMEENTEN:
        rij = {"Gemeente": g}
        for j in (2017, 2018):
            t = {GEHAALD: 0, NIET_GEHAALD: 0, ONBEKEND: 0}
            for ind in normen_voor(kpi.indicatoren, g, j):
                t[beoordeel(ind, kies_realisatie(ind, g, j, kpi.realisaties)).oordeel] += 1
            rij[f"Normen {j}"] = str(sum(t.values()))
            rij[f"Oordeel {j}"] = f"{t[GEHAALD]} gehaald, {t[NIET_GEHAALD]} niet gehaald, {t[ONBEKEND]} onbekend"
        oordelen.append(rij)
    wijz = wijzigingen([i for i in kpi.indicatoren if i.scope == "SZMH"], 2017, 2018)
    tel = pd.Series([w.wijziging for w in wijz]).value_counts()
    gewijzigd = sum(1 for w in wijz if w.van and w.naar and w.naar.definitiewijziging)
    groei = tabel[tabel["id"].str.startswith("k002c-prognose-groei-")]
    from rekenboek.report.display import bevindingen_tabel
    inleiding = (f"De zes MH-gemeenten naast elkaar. Het indicatorregister telt {len({i.indicator for i in kpi.indicatoren})} "
                 f"indicatoren in {len(kpi.indicatoren)} rijen (indicator × jaar × bereik). Van 2017 naar 2018 zijn de "
                 f"SZMH-brede normen: " + ", ".join(f"{tel[k]} {k}" for k in WIJZIGINGEN if k in tel)
                 + f"; bij {gewijzigd} gekoppelde indicatoren is de definitie gewijzigd.")
    secties = [
        Sectie("Uitkeringseenheden per gemeente", "Standcijfer, prognose DVO 2017 en norm DVO 2018; 'verhoogd' betekent een "
               "aangescherpt maximum.", [("", overzicht_tabel(register))],
               [("Lijndiagram van de uitkeringseenheden van de vijf Heuvellandgemeenten over standcijfer 2016, prognose 2017 en norm 2018.",
                 _ue_figuur(register, tuple(g for g in MH_GEMEENTEN if g != "Maastricht"), "Uitkeringseenheden Heuvellandgemeenten")),
                ("Lijndiagram van de uitkeringseenheden van Maastricht over standcijfer 2016, prognose 2017 en norm 2018.",
                 _ue_figuur(register, ("Maastricht",), "Uitkeringseenheden Maastricht"))]),
        Sectie("Oordelen per gemeente", "Aantal normen dat per gemeente geldt en het oordeel; zonder realisatie is het oordeel onbekend.",
               [("", pd.DataFrame(oordelen))]),
        Sectie("Groei van de prognose per gemeente (register)", "De groei die elke prognose 2017 impliceert, tegen de landelijke "
               "stijging die de DVO noemt.", [("", bevindingen_tabel(groei) if len(groei) else None)]),
    ]
    return KpiOverzicht(inleiding, secties)


def register_tabel(gegevens: KpiGegevens | None = None) -> pd.DataFrame:
    """The indicator register as a display table (norm values read from their records)."""
    gegevens = gegevens or laad_kpi()
    return pd.DataFrame([{"Indicator": i.indicator, "Jaar": str(i.jaar), "Geldt voor": i.scope, "Domein": i.domein,
                          "Definitie": i.definitie, "Norm": normtekst(i), "Frequentie": i.frequentie,
                          "Bron": f"{i.bestand[:3]}:{i.regel}", "Dubbelzinnig": i.dubbelzinnig} for i in gegevens.indicatoren])
