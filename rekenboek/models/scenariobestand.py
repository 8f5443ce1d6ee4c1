"""A scenario: a small YAML file of an analyst's own assumptions, validated before anything runs.

::

    naam: Hoge groei
    beschrijving: Meer volumegroei in 2023 en 2024 en een andere MLW-verdeelsleutel.
    aannames:
      volumegroei_pct: {"2023": 3, "2024": 2}
      aandelen_pct: {Leudal: 40, Nederweert: 12, Weert: 48}

The names under ``aannames`` are the notebook parameters (``data/modellen/aannames.csv``). Every
value is checked against the assumptions register (form, hard bounds, sums: an error names the
file and the field, exit 2; outside the plausible range: a warning the scenario book shows) and
then by the model that takes it, on the document's own assumptions, so that an error a page would
raise halfway through a build is raised here first. Optional keys: ``auteur``, ``datum`` and
``jaren`` (only the pages of these years).

Which pages a scenario touches is a property of the unit: the Maastricht model covers Maastricht,
the SZMH model SZMH, the cost model MLW and its gemeenten (:func:`aannames_voor`).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rekenboek.checks.dossier import laad_dossier
from rekenboek.errors import InvoerFout, OngeldigeParameter
from rekenboek.inputs.eenheden import samenwerking_van
from rekenboek.inputs.register import Register
from rekenboek.models import aannames as register_aannames
from rekenboek.models import kostenverdeling, scenario, szmh

__all__ = ["Scenario", "lees", "proef", "aannames_voor", "SLEUTELS"]

SLEUTELS = ("naam", "beschrijving", "auteur", "datum", "jaren", "aannames")
#: the units each model covers; the cooperation's members are added from data/eenheden.csv
MODEL_EENHEDEN = {"scenario": ("Maastricht",), "szmh": ("SZMH",), "kostenverdeling": (kostenverdeling.SAMENWERKING,)}
DOCUMENTEN = {"scenario": ("001",), "szmh": ("000", "002"), "kostenverdeling": ("004",)}


@dataclass(frozen=True)
class Scenario:
    """A validated scenario file."""

    naam: str
    beschrijving: str
    aannames: dict[str, object]          # parameter name -> value, as validated (JSON strings read as mappings)
    waarschuwingen: tuple[str, ...]      # possible but unusual values (outside the plausible range)
    bestand: Path
    sha256: str
    auteur: str = ""
    datum: str = ""
    jaren: tuple[int, ...] = field(default=())

    @property
    def slug(self) -> str:
        """Directory name: ``Hoge groei`` -> ``hoge-groei``."""
        return re.sub(r"[^a-z0-9]+", "-", self.naam.lower()).strip("-") or "scenario"

    def modellen(self) -> set[str]:
        """The models whose assumptions the scenario changes."""
        rijen = register_aannames.per_naam()
        return {rijen[n].model for n in self.aannames}


def _fout(pad: Path, veld: str | None, melding: str) -> InvoerFout:
    return InvoerFout(pad, None, veld, melding)


def lees(pad: Path | str) -> Scenario:
    """Read and validate a scenario file; every error is an :class:`InvoerFout` naming the file and field."""
    pad = Path(pad)
    if not pad.is_file():
        raise _fout(pad, None, "scenariobestand niet gevonden")
    ruw = pad.read_bytes()
    try:
        inhoud = yaml.load(ruw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise _fout(pad, None, f"geen geldige YAML: {exc}") from None
    if not isinstance(inhoud, dict):
        raise _fout(pad, None, "verwacht een mapping met 'naam' en 'aannames'")
    for k in inhoud:
        if k not in SLEUTELS:
            buren = register_aannames.dichtstbij(str(k), SLEUTELS)
            hint = f" Bedoelt u {buren[0]!r}?" if buren else ""
            if str(k) in register_aannames.per_naam():
                hint = " Een aanname hoort onder 'aannames:'."
            raise _fout(pad, str(k), f"onbekend veld.{hint} Geldig: {', '.join(SLEUTELS)}.")
    naam = inhoud.get("naam")
    if not isinstance(naam, str) or not naam.strip():
        raise _fout(pad, "naam", "verplicht: de naam van het scenario (tekst), bijvoorbeeld 'Hoge groei'")
    for k in ("beschrijving", "auteur", "datum"):
        if inhoud.get(k) is not None and not isinstance(inhoud[k], (str, int, float)):
            raise _fout(pad, k, "verwacht tekst")
    jaren = inhoud.get("jaren") or []
    if not isinstance(jaren, list) or not all(isinstance(j, int) and not isinstance(j, bool) for j in jaren):
        raise _fout(pad, "jaren", f"verwacht een lijst jaartallen, bijvoorbeeld [2023, 2024]; kreeg {jaren!r}")
    gegeven = inhoud.get("aannames")
    if not isinstance(gegeven, dict) or not gegeven:
        raise _fout(pad, "aannames", "verplicht: een mapping naam -> waarde, bijvoorbeeld "
                                     "aannames: {volumegroei_pct: {\"2023\": 3}}")
    uit, waarschuwingen = {}, []
    for k, v in gegeven.items():
        try:
            w, ws = register_aannames.controleer_alle({str(k): v})
        except OngeldigeParameter as exc:
            raise _fout(pad, f"aannames.{k}", str(exc)) from None
        if str(k) not in w:
            raise _fout(pad, f"aannames.{k}", "geen waarde; laat de aanname weg om de waarde van het document te houden")
        uit.update(w)
        waarschuwingen += ws
    return Scenario(naam.strip(), str(inhoud.get("beschrijving") or "").strip(), uit, tuple(waarschuwingen), pad,
                    hashlib.sha256(ruw).hexdigest(), str(inhoud.get("auteur") or ""), str(inhoud.get("datum") or ""),
                    tuple(jaren))


def proef(sc: Scenario) -> None:
    """Let every model the scenario touches parse its overrides on the document's assumptions, so that an
    error a page would raise (an unknown domain or gemeente, a year outside the model) stops the run first."""
    rijen = register_aannames.per_naam()
    for model in sorted(sc.modellen()):
        eigen = {n: v for n, v in sc.aannames.items() if rijen[n].model == model}
        try:
            if model == "scenario":
                scenario.met_overrides(scenario.aannames_uit_bron(laad_dossier(*DOCUMENTEN[model])), eigen)
            elif model == "szmh":
                szmh.aannames(eigen)
            else:
                kostenverdeling.model(laad_dossier(*DOCUMENTEN[model]), eigen)
        except OngeldigeParameter as exc:
            naam = next((n for n in eigen if n in str(exc)), next(iter(eigen)))
            raise _fout(sc.bestand, f"aannames.{naam}", str(exc)) from None


def modellen_van(register: Register, gemeente: str) -> set[str]:
    """The models that cover a unit (a member of a cooperation is covered by the cooperation's model)."""
    uit = {m for m, eenheden in MODEL_EENHEDEN.items() if gemeente in eenheden}
    try:
        bij = samenwerking_van(register, gemeente)
    except KeyError:
        return uit
    return uit | {m for m, eenheden in MODEL_EENHEDEN.items() if bij in eenheden}


def aannames_voor(register: Register, gemeente: str | None, sc: Scenario, namen: set[str]) -> dict[str, object]:
    """The scenario's overrides a page of ``gemeente`` receives, limited to the parameter names its template
    declares: only the assumptions of the models that cover the unit (all of them for a page without unit)."""
    rijen = register_aannames.per_naam()
    modellen = modellen_van(register, gemeente) if gemeente else set(MODEL_EENHEDEN)
    return {n: v for n, v in sc.aannames.items() if n in namen and rijen[n].model in modellen}
