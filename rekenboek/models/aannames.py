"""The assumptions register and one parser and validator for model assumption overrides.

The register is data: ``data/modellen/aannames.csv``, one row per assumption of every model (and
per page parameter of the notebooks), with its meaning, unit, form, hard bounds, plausible
bounds, sensitivity band, the outputs it drives and the record that holds the document's value
(or the reasoning when the value is inferred). :func:`register` loads and validates it;
every financial model's ``AANNAME_PARAMETERS`` (parameter name -> Dutch meaning and format) is
:func:`parameters` of that model, so the CSV is the one source of truth. Those names are the
notebook parameters besides ``gemeente`` and ``jaar``. A page
receives the overrides a notebook was run with (``None`` = the document's value) and turns
them into exact values with the functions below, so that every model rejects the same bad
input with the same plain Dutch message (:class:`OngeldigeParameter`, shown without a
traceback in a notebook).
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Mapping

import pandera.pandas as pa

from rekenboek.errors import InvoerFout, InvoerFouten, OngeldigeParameter
from rekenboek.inputs.register import lees_csv
from rekenboek.paths import data_dir
from rekenboek.reads import gelezen


def overrides(aannames: Mapping[str, object] | None, parameters: Mapping[str, str], model: str) -> dict[str, object]:
    """The overrides that were given (``None`` = document value dropped); unknown names are an error.

    ``model`` names the model in the message, e.g. ``"het kostenmodel MLW"``.
    """
    gegeven = {k: v for k, v in (aannames or {}).items() if v is not None}
    onbekend = sorted(set(gegeven) - set(parameters))
    if onbekend:
        raise OngeldigeParameter(f"onbekende aanname(s) voor {model}: {', '.join(onbekend)}. "
                                 f"Bekend: {', '.join(parameters)}.")
    return gegeven


def getal(naam: str, v: object) -> Decimal:
    """An exact finite number; a string may use a decimal comma (``"2,5"``). ``True``/``False`` are not numbers."""
    if isinstance(v, bool):
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is geen getal.")
    try:
        d = Decimal(v.strip().replace(",", ".")) if isinstance(v, str) else Decimal(str(v))
    except (InvalidOperation, ValueError, TypeError):
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is geen getal.") from None
    if not d.is_finite():
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is geen eindig getal.")
    return d


def tussen(naam: str, v: object, laag: Decimal | int, hoog: Decimal | int, *, hoog_mag: bool = True) -> Decimal:
    """A number in ``[laag, hoog]`` (or ``[laag, hoog)`` when ``hoog_mag`` is false)."""
    d = getal(naam, v)
    if not (laag <= d and (d <= hoog if hoog_mag else d < hoog)):
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} ligt niet tussen {laag} en {hoog}.")
    return d


def niet_negatief(naam: str, v: object) -> Decimal:
    d = getal(naam, v)
    if d < 0:
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is negatief; een negatief bedrag of aandeel kan hier niet.")
    return d


def geheel(naam: str, v: object, minimum: int = 0) -> int:
    """A whole number not below ``minimum`` (e.g. a number of years)."""
    d = getal(naam, v)
    if d != d.to_integral_value() or d < minimum:
        raise OngeldigeParameter(f"aanname '{naam}': {v!r} is geen geheel getal ≥ {minimum}.")
    return int(d)


def mapping(naam: str, v: object, formaat: str = "") -> dict[str, object]:
    """A mapping (JSON object / dict) with its keys as strings."""
    if not isinstance(v, Mapping):
        raise OngeldigeParameter(f"aanname '{naam}': verwacht een mapping (JSON-object), kreeg {type(v).__name__} {v!r}"
                                 + (f"; formaat: {formaat}" if formaat else "") + ".")
    return {str(k): x for k, x in v.items()}


def jaar(naam: str, k: object, toegestaan: Iterable[int]) -> int:
    """A year that lies in ``toegestaan``."""
    toegestaan = tuple(toegestaan)
    try:
        j = int(str(k))
    except ValueError:
        raise OngeldigeParameter(f"aanname '{naam}': {k!r} is geen jaartal.") from None
    if j not in toegestaan:
        raise OngeldigeParameter(f"aanname '{naam}': jaar {j} valt buiten het model "
                                 f"({', '.join(str(t) for t in toegestaan)}).")
    return j


def keuze(naam: str, k: object, keuzes: Iterable[str], wat: str = "waarde", *, klein: bool = False) -> str:
    """One of ``keuzes`` (compared in lower case when ``klein``)."""
    keuzes = tuple(keuzes)
    s = str(k).lower() if klein else str(k)
    if s not in keuzes:
        raise OngeldigeParameter(f"aanname '{naam}': onbekende {wat} {k!r}; kies uit {', '.join(keuzes)}.")
    return s


# ------------------------------------------------------------------ the register
REGISTER_BESTAND = "modellen/aannames.csv"
MODELLEN = ("scenario", "szmh", "kostenverdeling", "notebook")   # "notebook": the page parameters, no model
#: the forms a value can take; a row may allow several, separated by "|"
VORMEN = {
    "getal": "een getal, bijvoorbeeld 5 of 2.5",
    "geheel": "een geheel getal, bijvoorbeeld 2",
    "keuze": "een van de keuzes",
    "per_jaar": "een mapping jaar -> getal, bijvoorbeeld {\"2023\": 3, \"2024\": 2}",
    "per_domein": "een mapping domein -> getal, bijvoorbeeld {\"jeugd\": 1, \"wmo\": 2}",
    "per_domein_jaar": "een mapping domein -> (jaar -> getal), bijvoorbeeld {\"jeugd\": {\"2023\": 3}}",
    "per_kenmerk_jaar": "een mapping kenmerk -> (jaar -> getal), bijvoorbeeld {\"E18\": {\"2022\": 100000}}",
    "per_gemeente": "een mapping gemeente -> getal, bijvoorbeeld {\"Leudal\": 40, \"Nederweert\": 12, \"Weert\": 48}",
    "per_schaal": "een mapping salarisschaal -> getal, bijvoorbeeld {\"10\": 70000}",
    "eenheid": "de naam van een eenheid uit data/eenheden.csv, bijvoorbeeld \"Maastricht\"",
    "jaar": "een geheel jaartal, bijvoorbeeld 2021",
    "bestand": "de drie cijfers of de bestandsnaam uit data/bronnen.csv, bijvoorbeeld \"002\"",
}
_GETAL = r"^-?\d+(\.\d+)?$"
_VORM = "^(" + "|".join(VORMEN) + r")(\|(" + "|".join(VORMEN) + "))*$"
SCHEMA = pa.DataFrameSchema({
    "model": pa.Column(str, pa.Check.isin(MODELLEN, error=f"moet een van {list(MODELLEN)} zijn")),
    "naam": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$"), unique=True),
    "betekenis": pa.Column(str, pa.Check(lambda s: s.str.strip() != "", error="mag niet leeg zijn")),
    "eenheid": pa.Column(str, pa.Check.isin(["", "EUR", "pct", "fractie", "jaren", "jaar"],
                                           error="moet leeg zijn of een van EUR, pct, fractie, jaren, jaar")),
    "vorm": pa.Column(str, pa.Check.str_matches(_VORM)),
    "keuzes": pa.Column(str, pa.Check.str_matches(r"^$|^[a-z_]+(\|[a-z_]+)*$")),
    **{k: pa.Column(str, pa.Check.str_matches(f"^$|{_GETAL[1:]}"))
       for k in ("min", "max", "plausibel_min", "plausibel_max", "som", "band")},
    "stuurt": pa.Column(str),
    "record": pa.Column(str, pa.Check.str_matches(r"^$|^[0-9a-z*-]+( [0-9a-z*-]+)*$")),
    "afleiding": pa.Column(str),
}, strict=True, ordered=False)


@dataclass(frozen=True)
class Aanname:
    """One row of ``data/modellen/aannames.csv``: an assumption (or page parameter) and its declared policy.

    ``min``/``max`` are hard bounds (outside: exit 2), ``plausibel_min``/``plausibel_max`` bound what is
    usual (outside: a warning on the page), ``som`` the total the parts must add up to, ``band`` the
    sensitivity band (± around the document's value). ``record`` holds glob patterns of the record ids
    with the document's value; ``afleiding`` the reasoning when the value is inferred.
    """

    model: str
    naam: str
    betekenis: str
    eenheid: str
    vormen: tuple[str, ...]
    keuzes: tuple[str, ...]
    min: Decimal | None
    max: Decimal | None
    plausibel_min: Decimal | None
    plausibel_max: Decimal | None
    som: Decimal | None
    band: Decimal | None
    stuurt: str
    records: tuple[str, ...]
    afleiding: str
    regel: int                       # data row in the CSV (1 = first row after the header)

    @property
    def afgeleid(self) -> bool:
        return not self.records and bool(self.afleiding)

    @property
    def vorm(self) -> str:
        return "|".join(self.vormen)

    def verwacht(self) -> str:
        """The expected form in Dutch, for messages and parameter help."""
        if self.vormen == ("keuze",):
            return "een van " + ", ".join(f'"{k}"' for k in self.keuzes)
        return " of ".join(VORMEN[v] for v in self.vormen)

    def grenzen(self) -> str:
        """The hard bounds in words ('' when none)."""
        if self.min is not None and self.max is not None:
            return f"tussen {self.min} en {self.max}"
        if self.min is not None:
            return f"niet onder {self.min}"
        if self.max is not None:
            return f"niet boven {self.max}"
        return ""


_GELADEN: dict[tuple[str, int, int], tuple[Aanname, ...]] = {}


def _d(s: str) -> Decimal | None:
    return Decimal(s) if s else None


def register(pad: Path | None = None) -> tuple[Aanname, ...]:
    """The validated assumptions register, in file order; parsed once per file version.

    Besides the column checks (pandera), a row must have min <= plausibel_min <= plausibel_max <= max,
    choices exactly when its form is ``keuze``, and a model row either a record or its reasoning.
    """
    pad = Path(pad) if pad else data_dir() / REGISTER_BESTAND
    st = pad.stat() if pad.exists() else None
    sleutel = (str(pad.resolve()), st.st_mtime_ns if st else 0, st.st_size if st else 0)
    if sleutel in _GELADEN:
        gelezen(pad)    # a cache hit reads the file as much as a parse: the page depends on it (staleness)
        return _GELADEN[sleutel]
    df = lees_csv(pad, SCHEMA)
    rel = f"data/{REGISTER_BESTAND}"
    rijen, fouten = [], []
    for i, r in enumerate(df.to_dict("records"), start=1):
        a = Aanname(r["model"], r["naam"], r["betekenis"].strip(), r["eenheid"], tuple(r["vorm"].split("|")),
                    tuple(k for k in r["keuzes"].split("|") if k), _d(r["min"]), _d(r["max"]),
                    _d(r["plausibel_min"]), _d(r["plausibel_max"]), _d(r["som"]), _d(r["band"]), r["stuurt"].strip(),
                    tuple(r["record"].split()), r["afleiding"].strip(), i)
        reeks = [("min", a.min), ("plausibel_min", a.plausibel_min), ("plausibel_max", a.plausibel_max), ("max", a.max)]
        gezet = [(k, v) for k, v in reeks if v is not None]
        for (k1, v1), (k2, v2) in zip(gezet, gezet[1:]):
            if v1 > v2:
                fouten.append(InvoerFout(rel, i, k2, f"{v2} ligt onder {k1} {v1}"))
        if ("keuze" in a.vormen) != bool(a.keuzes):
            fouten.append(InvoerFout(rel, i, "keuzes", "keuzes horen precies bij de vorm 'keuze'"))
        if a.model != "notebook" and not a.records and not a.afleiding:
            fouten.append(InvoerFout(rel, i, "record", "noem het record met de waarde uit het document, "
                                                        "of de redenering in 'afleiding' als de waarde is afgeleid"))
        if a.band is not None and a.band <= 0:
            fouten.append(InvoerFout(rel, i, "band", "de band moet groter dan nul zijn"))
        rijen.append(a)
    if fouten:
        raise InvoerFouten(fouten) if len(fouten) > 1 else fouten[0]
    _GELADEN[sleutel] = tuple(rijen)
    return _GELADEN[sleutel]


def per_naam() -> dict[str, Aanname]:
    """The register by parameter name."""
    return {a.naam: a for a in register()}


def parameters(model: str) -> dict[str, str]:
    """A model's assumption parameters: name -> Dutch meaning and format (the models' ``AANNAME_PARAMETERS``)."""
    uit = {a.naam: a.betekenis for a in register() if a.model == model}
    if not uit:
        raise KeyError(f"model {model!r} heeft geen aannames in data/{REGISTER_BESTAND}")
    return uit


# ------------------------------------------------------------------ validating values against the register
def dichtstbij(naam: str, namen: Iterable[str]) -> list[str]:
    """The valid names nearest to a misspelled one (difflib), best first."""
    return difflib.get_close_matches(naam, list(namen), n=3, cutoff=0.6)


def onbekend_bericht(naam: str, namen: Iterable[str]) -> str:
    """'onbekende aanname ...; bedoelt u ...?' for an unknown name."""
    namen = sorted(namen)
    buren = dichtstbij(naam, namen)
    hint = (f" Bedoelt u {' of '.join(repr(b) for b in buren)}?" if buren else "")
    return f"onbekende aanname {naam!r}.{hint} Geldige namen: {', '.join(namen)}."


def _als_mapping(a: Aanname, v: object) -> object:
    """A JSON object given as a string (``-p volumegroei_pct '{"2023": 3}'``) is read as the mapping it spells."""
    if isinstance(v, str) and v.strip().startswith("{"):
        try:
            uit = json.loads(v)
        except ValueError:
            raise OngeldigeParameter(f"aanname '{a.naam}': {v!r} is geen geldig JSON-object; verwacht {a.verwacht()} "
                                     "(met papermill: -y 'naam: {...}' of -f parameters.yaml).") from None
        return uit
    return v


def _blad(a: Aanname, pad: str, v: object, vorm: str) -> Decimal:
    """One number of a value (``pad`` says where in the value, e.g. '[2023]')."""
    if isinstance(v, (Mapping, list, tuple)) or v is None:
        raise OngeldigeParameter(f"aanname '{a.naam}{pad}': verwacht een getal, kreeg {v!r}; "
                                 f"de vorm is {a.verwacht()}.")
    if isinstance(v, str) and not v.strip():
        raise OngeldigeParameter(f"aanname '{a.naam}{pad}': leeg; verwacht een getal ({a.verwacht()}).")
    try:
        d = getal(f"{a.naam}{pad}", v)
    except OngeldigeParameter as exc:
        raise OngeldigeParameter(f"{exc} Verwacht {a.verwacht()}.") from None
    if vorm == "geheel" and d != d.to_integral_value():
        raise OngeldigeParameter(f"aanname '{a.naam}{pad}': {v!r} is geen geheel getal.")
    return d


def _bladeren(a: Aanname, v: object) -> list[tuple[str, Decimal]]:
    """The numbers of a value in one of the row's forms, with where they sit; the first form that fits wins."""
    fouten = []
    genest = isinstance(v, Mapping) and any(isinstance(x, Mapping) for x in v.values())
    # try the form the value's shape suggests first, so that its error is the one reported
    for vorm in sorted(a.vormen, key=lambda f: (f.endswith("_jaar") and f != "per_jaar") != genest):
        try:
            if vorm in ("getal", "geheel"):
                return [("", _blad(a, "", v, vorm))]
            diepte = 2 if vorm.endswith("_jaar") and vorm != "per_jaar" else 1
            if not isinstance(v, Mapping) or not v:
                raise OngeldigeParameter(f"aanname '{a.naam}': verwacht {a.verwacht()}, kreeg "
                                         f"{type(v).__name__} {v!r}.")
            uit = []
            for k, x in v.items():
                if diepte == 2:
                    if not isinstance(x, Mapping) or not x:
                        raise OngeldigeParameter(f"aanname '{a.naam}[{k}]': verwacht een mapping jaar -> getal, "
                                                 f"kreeg {x!r}; de vorm is {a.verwacht()}.")
                    uit += [(f"[{k}][{kj}]", _blad(a, f"[{k}][{kj}]", y, vorm)) for kj, y in x.items()]
                else:
                    uit.append((f"[{k}]", _blad(a, f"[{k}]", x, vorm)))
            if vorm.endswith("jaar"):
                for pad, _ in uit:
                    sleutel = pad.rsplit("[", 1)[-1].rstrip("]")
                    if not (sleutel.isdigit() and len(sleutel) == 4):
                        raise OngeldigeParameter(f"aanname '{a.naam}{pad}': {sleutel!r} is geen jaartal; "
                                                 f"verwacht {a.verwacht()}.")
            return uit
        except OngeldigeParameter as exc:
            fouten.append(exc)
    raise fouten[0]


def controleer(a: Aanname, waarde: object) -> tuple[object, list[str]]:
    """Validate one assumption's value against its row: form, hard bounds, sum (an error, exit 2) and the
    plausible range (a warning). Returns the value (a JSON string read as its mapping) and the Dutch warnings."""
    waarde = _als_mapping(a, waarde) if any(v.startswith("per_") for v in a.vormen) else waarde
    if a.vormen == ("keuze",):
        if not isinstance(waarde, str) or waarde not in a.keuzes:
            raise OngeldigeParameter(f"aanname '{a.naam}': {waarde!r} is geen geldige keuze; verwacht {a.verwacht()}.")
        return waarde, []
    bladeren = _bladeren(a, waarde)
    eenheid = {"pct": " %", "EUR": " euro", "jaren": " jaar", "fractie": ""}.get(a.eenheid, "")
    for pad, d in bladeren:
        if (a.min is not None and d < a.min) or (a.max is not None and d > a.max):
            raise OngeldigeParameter(f"aanname '{a.naam}{pad}': {d}{eenheid} valt buiten de grenzen van het model "
                                     f"({a.grenzen()}{eenheid}).")
    if a.som is not None:
        totaal = sum((d for _, d in bladeren), Decimal(0))
        if totaal != a.som:
            raise OngeldigeParameter(f"aanname '{a.naam}': de delen tellen op tot {totaal}{eenheid}, niet tot "
                                     f"{a.som}{eenheid}.")
    waarschuwingen = []
    for pad, d in bladeren:
        if (a.plausibel_min is not None and d < a.plausibel_min) or (a.plausibel_max is not None and d > a.plausibel_max):
            waarschuwingen.append(f"{a.naam}{pad} = {d}{eenheid} is mogelijk maar ongebruikelijk (gebruikelijk: "
                                  f"{a.plausibel_min} tot {a.plausibel_max}{eenheid}).")
    return waarde, waarschuwingen


def controleer_alle(waarden: Mapping[str, object], toegestaan: Iterable[str] | None = None) -> tuple[dict, list[str]]:
    """Validate overrides by name (``None`` = the document's value, skipped): an unknown name is an error that
    names the nearest valid ones. ``toegestaan`` limits the valid names (default: every model assumption)."""
    rijen = {a.naam: a for a in register() if a.model != "notebook"}
    namen = set(toegestaan) if toegestaan is not None else set(rijen)
    uit, waarschuwingen = {}, []
    for naam, v in waarden.items():
        if naam not in namen or naam not in rijen:
            raise OngeldigeParameter(onbekend_bericht(str(naam), namen & set(rijen)))
        if v is None:
            continue
        uit[naam], w = controleer(rijen[naam], v)
        waarschuwingen += w
    return uit, waarschuwingen


# ------------------------------------------------------------------ the notebooks' parameters cells
_TYPE = {"getal": "float", "geheel": "int", "keuze": "str", "eenheid": "str", "jaar": "int", "bestand": "str"}
KOP_AANNAMES = "# Model assumptions (data/modellen/aannames.csv): None = the value in the source document."


def parametertype(a: Aanname) -> str:
    """The Python type papermill shows for a parameter (``dict`` for every mapping form)."""
    typen = {_TYPE.get(v, "dict") for v in a.vormen}
    return typen.pop() if len(typen) == 1 else "object"


def parameterhulp(a: Aanname) -> str:
    """The one-line help papermill ``--help-notebook`` shows: meaning, form and bounds."""
    delen = [a.betekenis.rstrip(".") + "."]
    if a.model != "notebook":
        if a.grenzen():
            delen.append(f"Grenzen: {a.grenzen()}" + {"pct": " %", "EUR": " euro"}.get(a.eenheid, "") + ".")
        if a.som is not None:
            delen.append(f"Samen precies {a.som}.")
        delen.append("None: de waarde uit het document.")
    # papermill skips a parameter line with a second '=' (its help would vanish): say 'is' instead
    return " ".join(delen).replace("\n", " ").replace(" = ", " is ").replace("=", " is ")


def parametercel(standaarden: Mapping[str, str]) -> str:
    """The source of a template's parameters cell: ``naam: type = standaard  # help`` for every name (in the
    given order, page parameters first), the help and type read from the register."""
    rijen = per_naam()
    pagina = [n for n in standaarden if rijen[n].model == "notebook"]
    model = [n for n in standaarden if rijen[n].model != "notebook"]
    regels = [f"{n}: {parametertype(rijen[n])} = {standaarden[n]}  # {parameterhulp(rijen[n])}" for n in pagina]
    if model:
        regels.append(KOP_AANNAMES)
        regels += [f"{n}: {parametertype(rijen[n])} = {standaarden[n]}  # {parameterhulp(rijen[n])}" for n in model]
    return "\n".join(regels)
