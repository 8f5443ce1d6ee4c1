"""The KPI registers: the indicator register and the realisations, loaded and validated.

Two data files, neither of which repeats a printed figure:

- ``data/kpi/indicatoren.csv``: the indicator register. One row per indicator, year and
  scope (the cooperation SZMH or one of its gemeenten) with domain, definition, unit,
  direction, frequency and the record id of its norm (``norm_id``) and the source line;
  ``overige_ids`` lists further records that belong to the indicator (peildatum, a second
  print, a footnote date); ``definitiewijziging`` says how the definition changed against the
  previous year and ``dubbelzinnig`` why the definition or direction is open to more than one
  reading.
- ``data/kpi/realisaties.csv`` (or ``REKENBOEK_KPI_REALISATIES``, see :mod:`rekenboek.paths`):
  realised values per indicator, gemeente and period with source and status
  (``voorlopig``/``definitief``). A row whose ``bron`` is a record id takes its value from that
  record (``waarde`` stays empty); any other row is an analyst's row with its own ``waarde``
  and a free-text ``bron``.

Column rules are pandera schemas (the allowed scopes come from ``data/eenheden.csv``: the
cooperation and its members); cross-file rules are checked here. Every violation is an
:class:`rekenboek.errors.InvoerFout` naming file, row and field.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from rekenboek.errors import InvoerFout, InvoerFouten
from rekenboek.inputs.eenheden import leden
from rekenboek.inputs.register import Cijfer, Register, lees_csv
from rekenboek.inputs.schemas import DECIMAAL, JAARTAL, POSITIEF, een_van, optioneel, patroon, tekstschema, verplicht
from rekenboek.paths import ROOT, kpi_indicatoren_path, kpi_realisaties_path

#: the cooperation whose service agreements (DVO's) the KPI register transcribes
SAMENWERKING = "SZMH"
DOMEINEN = ("werk", "inkomen", "minimabeleid", "handhaving", "bedrijfsvoering", "onderwijs", "personeel")
RICHTINGEN = ("minimaal", "maximaal", "streefwaarde", "exact aantal", "minimale score", "kwalitatief")
STATUSSEN = ("voorlopig", "definitief")
KPI_EENHEDEN = ("pct", "aantal", "EUR", "score", "ratio", "maand")
#: what an indicator measures (see data/kpi/README.md): each gemeente's service, a total over the scope, the organisation
NIVEAUS = ("per gemeente", "totaal", "organisatie")
#: the period a norm covers; a realisation is judged only when its period covers it (models/kpi.py)
NORMPERIODEN = ("jaar", "peildatum", "schooljaar", "kwartaal", "meting")

#: the direction field: which side of the norm is better (``kwalitatief`` has no side)
HOGER, LAGER, GELIJK = "hoger", "lager", "gelijk"
BETER = {"minimaal": HOGER, "minimale score": HOGER, "streefwaarde": HOGER, "maximaal": LAGER, "exact aantal": GELIJK}

_SLEUTEL = r"^[a-z0-9][a-z0-9-]*$"
_PERIODE = r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?|-H[12]|-Q[1-4])?$"


def _bereik(scopes: Iterable[str] | None) -> pa.Check:
    return een_van(scopes) if scopes is not None else verplicht()


def indicatoren_schema(scopes: Iterable[str] | None = None) -> pa.DataFrameSchema:
    """Columns of ``indicatoren.csv``; ``scopes``: the allowed scopes (``None``: any non-empty text)."""
    return tekstschema({
        "indicator": [patroon(_SLEUTEL, "een sleutel van kleine letters, cijfers en -")],
        "jaar": [patroon(JAARTAL)],
        "scope": [_bereik(scopes)],
        "document": [verplicht()],
        "domein": [een_van(DOMEINEN)],
        "definitie": [verplicht()],
        "eenheid": [een_van(KPI_EENHEDEN, leeg_mag=True)],
        "richting": [een_van(RICHTINGEN)],
        "strikt": [een_van(("ja", "nee"))],
        "frequentie": [verplicht()],
        "norm_id": [optioneel(r"^[0-9a-z][0-9a-z-]*$", "een record-id")],
        "bestand": [patroon(r"^\d{3}_[0-9a-f]{16}\.txt$", "een bestandsnaam als 000_0123456789abcdef.txt")],
        "regel": [patroon(POSITIEF)],
        "overige_ids": [optioneel(r"^[0-9a-z-]+( [0-9a-z-]+)*$", "record-ids gescheiden door een spatie")],
        "definitiewijziging": [],
        "dubbelzinnig": [],
        "niveau": [een_van(NIVEAUS)],
        "normperiode": [een_van(NORMPERIODEN)],
    })


def realisaties_schema(scopes: Iterable[str] | None = None) -> pa.DataFrameSchema:
    """Columns of ``realisaties.csv``; ``scopes``: the allowed gemeenten (``None``: any non-empty text)."""
    return tekstschema({
        "indicator": [patroon(_SLEUTEL, "een sleutel van kleine letters, cijfers en -")],
        "gemeente": [_bereik(scopes)],
        "periode": [patroon(_PERIODE, "een periode JJJJ, JJJJ-MM, JJJJ-MM-DD, JJJJ-H1/H2 of JJJJ-Q1..Q4")],
        "waarde": [optioneel(DECIMAAL)],
        "bron": [verplicht()],
        "status": [een_van(STATUSSEN)],
    })


def scopes(register: Register) -> tuple[str, ...]:
    """The units a KPI norm or realisation may be about: the cooperation and its gemeenten (``data/eenheden.csv``)."""
    return (SAMENWERKING,) + leden(register, SAMENWERKING)


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
    niveau: str = "per gemeente"
    normperiode: str = "jaar"

    @property
    def norm_waarde(self) -> Decimal | None:
        return self.norm.waarde if self.norm is not None else None

    @property
    def beter(self) -> str | None:
        """HOGER, LAGER or GELIJK: the direction in which a realisation is better; ``None`` for a qualitative norm."""
        return BETER.get(self.richting)


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


@dataclass
class KpiGegevens:
    """The loaded registers: the records they refer to, the indicators and the realisations."""
    register: Register
    indicatoren: list[Indicator]
    realisaties: list[Realisatie]
    realisaties_bestand: str      # the realisations file, as shown on a page


def relatief(pad: Path) -> str:
    """A path as the reader sees it: relative to the repository when it lies inside it."""
    try:
        return str(pad.resolve().relative_to(ROOT))
    except ValueError:
        return str(pad)


def laad_indicatoren(register: Register, pad: Path | None = None) -> list[Indicator]:
    """Read and validate the indicator register against the records."""
    pad = pad or kpi_indicatoren_path()
    df = lees_csv(pad, indicatoren_schema(scopes(register)))
    rel = relatief(pad)
    fouten: list[InvoerFout] = []
    uit: list[Indicator] = []
    gezien: dict[tuple, int] = {}
    bronnen = set(register.bronnen["bestand"])
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
        if r["niveau"] == "totaal" and r["eenheid"] not in ("aantal", "EUR"):
            fout("niveau", f"een totaal over {r['scope']} is een aantal of een bedrag, geen {r['eenheid'] or 'kwalitatieve norm'!r}")
        if r["bestand"] not in bronnen:
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
                             int(r["regel"]), tuple(overige), r["definitiewijziging"], r["dubbelzinnig"],
                             r["niveau"], r["normperiode"]))
    # one indicator key means one domain, unit and direction in every year
    for sleutel, groep in pd.DataFrame(df).groupby("indicator"):
        for kolom in ("domein", "eenheid", "richting"):
            if groep[kolom].nunique() > 1:
                rij = int(groep.index[-1]) + 1
                fouten.append(InvoerFout(rel, rij, kolom, f"indicator {sleutel!r} heeft in verschillende jaren een andere {kolom}"))
    if fouten:
        raise InvoerFouten(fouten)
    return uit


def _is_record_id(bron: str) -> bool:
    """Does an unknown ``bron`` look like a record id (then it is a typo, not an analyst's source)?"""
    return bool(re.fullmatch(r"[0-9a-z]{3,4}[a-z0-9]*-[0-9a-z-]+", bron)) and bron[:3].isdigit()


def laad_realisaties(register: Register, indicatoren: list[Indicator], pad: Path | None = None) -> list[Realisatie]:
    """Read and validate the realisations file (source rows and analysts' rows)."""
    pad = pad or kpi_realisaties_path()
    df = lees_csv(pad, realisaties_schema(scopes(register)))
    rel = relatief(pad)
    per_sleutel: dict[str, Indicator] = {}
    for ind in indicatoren:
        per_sleutel.setdefault(ind.indicator, ind)
    fouten: list[InvoerFout] = []
    uit: list[Realisatie] = []
    gezien: dict[tuple[str, str, str, str], Realisatie] = {}
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
            if _is_record_id(r["bron"]):
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
        if len(r["periode"]) == 10:
            try:
                date.fromisoformat(r["periode"])
            except ValueError:
                fout("periode", f"{r['periode']!r} is geen bestaande datum")
                continue
        if waarde < 0:
            fout("waarde", f"{waarde} is negatief; een realisatie in {ind.eenheid} kan niet onder nul liggen")
            continue
        if ind.eenheid == "aantal" and waarde != waarde.to_integral_value():
            fout("waarde", f"{waarde} is geen geheel aantal")
            continue
        jaar = int(r["periode"][:4])
        if not any(n.indicator == r["indicator"] and n.jaar == jaar and n.scope in (r["gemeente"], SAMENWERKING)
                   for n in indicatoren):
            jaren = sorted({n.jaar for n in indicatoren if n.indicator == r["indicator"]})
            fout("periode", f"voor {r['indicator']!r} staat in {jaar} geen norm voor {r['gemeente']} in "
                            f"data/kpi/indicatoren.csv (normen in {', '.join(map(str, jaren))}); de realisatie zou ongebruikt blijven")
            continue
        sleutel = (r["indicator"], r["gemeente"], r["periode"], r["status"])
        if sleutel in gezien:
            eerder = gezien[sleutel]
            fout("waarde", f"rij {eerder.rij} geeft al een realisatie ({r['status']}) van {r['indicator']!r} voor "
                           f"{r['gemeente']} {r['periode']}: {eerder.waarde}; "
                           + ("twee rijen spreken elkaar tegen" if eerder.waarde != waarde else "de rij staat er dubbel"))
            continue
        gezien[sleutel] = Realisatie(r["indicator"], r["gemeente"], r["periode"], waarde, r["bron"], r["status"], record, i)
        uit.append(gezien[sleutel])
    if fouten:
        raise InvoerFouten(fouten)
    return uit


def laad_kpi(register: Register) -> KpiGegevens:
    """Both registers, validated against ``register`` (which must hold the documents of :func:`documenten`)."""
    ind = laad_indicatoren(register)
    return KpiGegevens(register, ind, laad_realisaties(register, ind), relatief(kpi_realisaties_path()))


def controleer(register: Register) -> KpiGegevens | None:
    """Validate both KPI registers against the whole register (``check`` and ``build``).

    None for a data set without ``data/kpi/`` (the synthetic test set has no KPI register); a
    realisations file named by ``REKENBOEK_KPI_REALISATIES`` must exist.
    """
    if not kpi_indicatoren_path().parent.is_dir() and not os.environ.get("REKENBOEK_KPI_REALISATIES"):
        return None
    return laad_kpi(register)


def documenten() -> set[str]:
    """The source documents (three-digit numbers) that the indicator and realisation registers cite.

    Read before any register is loaded, to choose the documents to load; the scopes are
    validated later, against ``data/eenheden.csv``, by :func:`laad_kpi`.
    """
    ids = lees_csv(kpi_indicatoren_path(), indicatoren_schema())
    real = lees_csv(kpi_realisaties_path(), realisaties_schema())
    docs = set(ids["bestand"].str[:3]) | {i[:3] for kol in ("norm_id", "overige_ids") for v in ids[kol] for i in v.split()}
    return docs | {b[:3] for b in real["bron"] if re.match(r"^\d{3}[a-z_-]", b)}
