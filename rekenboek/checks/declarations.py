"""Declared checks (``data/controles/*.yaml``): vocabularies, the Controle record, loading and validation.

The YAML files are parsed once per process with the C loader and cached by content, so
the check loader and the dossier computation (:mod:`rekenboek.checks.dossier`) share one
parse. Every call still records the files and the glob it read (:mod:`rekenboek.reads`).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from rekenboek.checks.formula import ONBEKEND, DefinitieFout, Evaluator, Grootheid, NietControleerbaar
from rekenboek.errors import InvoerFout, InvoerFouten
from rekenboek.inputs.register import Register
from rekenboek.reads import gelezen, gezocht

SOORTEN = ("footing", "crossfooting", "herberekening", "aansluiting", "label", "model")
VERGELIJKINGEN = ("gelijk", "niet_na")
PM_REGELS = ("fout", "nul")
AARDEN = ("", "herziening")          # herziening: a later document revises an earlier one's figure
AFRONDINGEN = ("", "afzonderlijk")   # afzonderlijk: the components are separately rounded figures
OORDELEN = ("klopt", "afronding", "afwijking", "herziening", "doorwerking", "niet-controleerbaar")
VELDEN = {"id", "soort", "gesteld", "formule", "omschrijving", "vergelijking", "pm", "toelichting",
          "aard", "lezing", "afronding"}
VERPLICHT = ("id", "soort", "gesteld", "formule", "omschrijving")


@dataclass(frozen=True)
class Controle:
    id: str
    soort: str
    gesteld: str
    formule: str
    omschrijving: str
    vergelijking: str = "gelijk"
    pm: str = "fout"
    toelichting: str = ""
    aard: str = ""          # "herziening": a difference is a revision, reported, never an error
    lezing: str = ""        # the ambiguous reading the outcome depends on (Dutch); a difference is then niet-controleerbaar
    afronding: str = ""     # "afzonderlijk": every component carries half a unit of its last printed digit
    bestand: str = ""
    positie: int = 0


@dataclass(frozen=True)
class Declaratiebestand:
    """One parsed YAML file of checks: its path, its name as messages give it, and its items."""

    pad: Path
    rel: str
    items: object          # a list of mappings when valid; anything else is reported by laad_controles
    fout: str = ""         # the YAML syntax error, if any


_GEPARSED: dict[tuple[str, str], tuple[object, str]] = {}


class Mapping(dict):
    """A YAML mapping that remembers its line and the keys it holds more than once (YAML lets the last one win)."""

    regel: int = 0
    dubbel: tuple[tuple[str, int, int], ...] = ()      # (key, first line, repeated line)


class _Lader(yaml.CSafeLoader):
    """The C loader with mappings that keep their line and report duplicate keys instead of dropping them."""


def _mapping(lader: _Lader, knoop: yaml.MappingNode) -> Mapping:
    lader.flatten_mapping(knoop)
    uit, eerst, dubbel = Mapping(), {}, []
    for k_knoop, v_knoop in knoop.value:
        sleutel = lader.construct_object(k_knoop, deep=True)
        regel = k_knoop.start_mark.line + 1
        try:
            if sleutel in eerst:
                dubbel.append((str(sleutel), eerst[sleutel], regel))
            eerst.setdefault(sleutel, regel)
        except TypeError:               # an unhashable key: the safe constructor reports it
            return lader.construct_mapping(knoop, deep=True)
        uit[sleutel] = lader.construct_object(v_knoop, deep=True)
    uit.regel, uit.dubbel = knoop.start_mark.line + 1, tuple(dubbel)
    return uit


_Lader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _parse(pad: Path) -> tuple[object, str]:
    inhoud = pad.read_bytes()
    sleutel = (str(pad), hashlib.sha256(inhoud).hexdigest())
    if sleutel not in _GEPARSED:
        try:
            _GEPARSED[sleutel] = (yaml.load(inhoud, Loader=_Lader) or [], "")
        except (yaml.YAMLError, RecursionError) as exc:
            regel = getattr(getattr(exc, "problem_mark", None), "line", None)
            _GEPARSED[sleutel] = (None, f"geen geldige YAML{f' (regel {regel + 1})' if regel is not None else ''}: {exc}")
    return _GEPARSED[sleutel]


def lees_yaml(pad: Path) -> tuple[object, str]:
    """A YAML file parsed once per process and content (C loader), recorded as read: (content, syntax error or '')."""
    gelezen(pad)
    if not pad.exists():
        return None, "bestand ontbreekt"
    inhoud, fout = _parse(pad)
    if not fout and (dubbel := _dubbele_sleutels(inhoud)):
        sleutel, a, b = dubbel[0]
        return None, f"sleutel {sleutel!r} staat twee keer in één mapping (regel {a} en {b}); YAML zou de tweede stil laten winnen"
    return inhoud, fout


def _dubbele_sleutels(inhoud: object) -> list[tuple[str, int, int]]:
    """Every duplicate key in a parsed YAML document (iteratively: any depth)."""
    uit, stapel = [], [inhoud]
    while stapel:
        x = stapel.pop()
        if isinstance(x, Mapping):
            uit += list(x.dubbel)
        if isinstance(x, dict):
            stapel += list(x.values())
        elif isinstance(x, list):
            stapel += x
    return sorted(uit, key=lambda d: d[2])


def declaraties(map_: Path, patroon: str = "*.yaml") -> list[Declaratiebestand]:
    """The check files in ``map_`` matching ``patroon``, parsed (once per process and content)."""
    map_ = Path(map_)
    gezocht(map_, patroon)
    uit = []
    for pad in sorted(map_.glob(patroon)):
        gelezen(pad)
        items, fout = _parse(pad)
        uit.append(Declaratiebestand(pad, f"{map_.parent.name}/{map_.name}/{pad.name}", items, fout))
    return uit


def laad_controles(register: Register, map_: Path | None = None, patroon: str = "*.yaml") -> list[Controle]:
    """The declared checks that apply to ``register``, validated; errors name file, row and field."""
    map_ = map_ or (register.root / "controles")
    controles: list[Controle] = []
    fouten: list[InvoerFout] = []
    gezien: dict[str, str] = {}
    for bestand in declaraties(map_, patroon):
        rel, items = bestand.rel, bestand.items
        if bestand.fout:
            raise InvoerFout(rel, None, None, bestand.fout)
        if not isinstance(items, list):
            raise InvoerFout(rel, None, None, "verwacht een lijst van controles")
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                fouten.append(InvoerFout(rel, i, None, "een controle is een mapping met velden"))
                continue
            # which check, and where: the YAML list position (rij) is not a line number
            waar = ", ".join(([f"controle {item['id']}"] if isinstance(item.get("id"), str) else [])
                             + ([f"regel {item.regel}"] if getattr(item, "regel", 0) else []))
            waar = f" ({waar})" if waar else ""
            vorm = [InvoerFout(rel, i, str(veld), f"staat twee keer in deze controle (regel {a} en {b}); "
                                                  "YAML zou de tweede stil laten winnen") for veld, a, b in getattr(item, "dubbel", ())]
            vorm += [InvoerFout(rel, i, str(veld), f"onbekend veld{waar}") for veld in sorted(map(str, set(item) - VELDEN))]
            vorm += [InvoerFout(rel, i, veld, f"ontbreekt{waar}") for veld in VERPLICHT if not str(item.get(veld, "") or "").strip()]
            if vorm:
                fouten += vorm
                continue
            c = Controle(bestand=rel, positie=i, **{k: str(v) for k, v in item.items()})
            for veld, toegestaan in (("soort", SOORTEN), ("vergelijking", VERGELIJKINGEN), ("pm", PM_REGELS),
                                     ("aard", AARDEN), ("afronding", AFRONDINGEN)):
                if getattr(c, veld) not in toegestaan:
                    fouten.append(InvoerFout(rel, i, veld, f"{getattr(c, veld)!r} moet een van {list(toegestaan)} zijn{waar}"))
            if c.id in gezien:
                fouten.append(InvoerFout(rel, i, "id", f"id {c.id!r} komt al voor in {gezien[c.id]}{waar}"))
            gezien[c.id] = rel
            if c.aard and c.lezing:
                fouten.append(InvoerFout(rel, i, "lezing", f"een herziening hangt niet af van een lezing; kies aard of lezing{waar}"))
            if not register.geladen(c.gesteld):
                continue        # a partial register evaluates only the checks stated in its documents
            if c.gesteld not in register.cijfers:
                fouten.append(InvoerFout(rel, i, "gesteld", f"onbekend cijfer {c.gesteld!r}{waar}"))
            if c.formule.strip() == ONBEKEND:
                if not c.toelichting.strip():
                    fouten.append(InvoerFout(rel, i, "toelichting", f"een niet te herberekenen controle zegt waarom{waar}"))
            else:
                try:
                    ev = Evaluator(register, c)
                    ev.controleer_syntax()
                except DefinitieFout as exc:
                    fouten.append(InvoerFout(rel, i, "formule", f"{exc}{waar}"))
                else:
                    if c.gesteld in register.cijfers and any(o.id == c.gesteld for o in ev.gebruikt) and _tautologie(register, c):
                        fouten.append(InvoerFout(rel, i, "formule", f"de formule volgt het gestelde cijfer {c.gesteld!r} zelf één op "
                                                                    f"één: zo'n controle klopt altijd en controleert niets{waar}"))
            controles.append(c)
    if fouten:
        raise InvoerFouten(fouten)
    return controles


def _tautologie(register: Register, c: Controle) -> bool:
    """Whether a formula that uses its own stated figure moves one for one with it, so that it can never fail.

    ``x = 5 % of (total - x)`` is an equation in x and a real check; ``x = x`` or ``x = x + 0 * y`` is not.
    Decided exactly: the stated figure is raised by 1 and then by 2 and the recomputation must not follow it.
    """
    gesteld = register.cijfers[c.gesteld]
    if not isinstance(gesteld.waarde, Decimal):
        return False
    try:
        basis = Evaluator(register, c).evalueer()
        stappen = [Evaluator(register, c, {c.gesteld: gesteld.waarde + d}).evalueer() for d in (1, 2)]
    except (DefinitieFout, NietControleerbaar):
        return False
    if not all(isinstance(h, Grootheid) for h in [basis, *stappen]):
        return False
    return all(h.waarde - basis.waarde == d for h, d in zip(stappen, (1, 2)))
