"""The three models' inputs and outputs as tables of numbers, for analysts (issue 15 item 6).

Each export is a dict of sheets (DataFrames of exact ``Decimal`` values and text, long format so that an
analyst filters and pivots in Excel) plus the meaning of every column. The page offers them as one
workbook per model and one CSV per sheet (``rekenboek.downloads`` writes them):

- ``invoer``: every figure the model reads from the documents (record id, source line, printed value)
  and every assumption it uses (with the document's value beside it);
- ``uitvoer``: every value the model computes, by table, row, column and year;
- ``vergelijking`` (where the model reproduces printed figures): model value next to the printed one.

Nothing here computes anything new: the values are the models' own (``scenario.bereken``,
``szmh.agendas``/``efficiency``, ``kostenverdeling.model``), walked field by field.
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pandas as pd

from rekenboek.inputs.register import Cijfer, Register
from rekenboek.models import kostenverdeling, scenario, szmh

__all__ = ["Export", "exporteer", "UITLEG", "NAMEN"]

#: model -> (file name stem, title)
NAMEN = {"scenario": ("maastricht-2020-2024-scenariomodel", "Scenariomodel Maastricht 2020-2024 (Verbeterplan)"),
         "szmh": ("szmh-investeringsagendas-en-efficiency", "SZMH: investeringsagenda's en efficiencytaakstelling"),
         "kostenverdeling": ("mlw-kostenverdeling", "MLW: kosten per functie en verdeling over de gemeenten")}

UITLEG = {
    "grootheid": "wat het getal is: het veld van het model (pad van namen, van groot naar klein)",
    "onderdeel": "domein, scenario, post, functie, kolom of gemeente waar het getal bij hoort",
    "tabel": "tabel van het brondocument (scenariomodel: Tabel 1-18 van het Verbeterplan)",
    "rij": "rij van die tabel (letter of naam zoals gedrukt)",
    "kolom": "kolom van die tabel: domein, scenario of leeg",
    "jaar": "jaar waarop het getal betrekking heeft (leeg als het niet aan een jaar hangt)",
    "waarde": "de waarde, exact zoals het model rekent (bedragen in euro, percentages als getal: 2 = 2 %)",
    "marge": "afrondingsruimte: de som van de halve eenheden van de gedrukte invoer",
    "gedrukt": "het getal zoals het document het drukt",
    "model": "het getal zoals het model het herberekent",
    "verschil": "gedrukt min model",
    "eenheid": "eenheid van het gedrukte getal (EUR, fte, pct, ...)",
    "id": "record-id van het gedrukte getal in data/cijfers/",
    "bron": "document en regel (000:123) van het gedrukte getal",
    "document": "de waarde die het document geeft (bij een aanname)",
}


@dataclasses.dataclass
class Export:
    naam: str
    titel: str
    bladen: dict[str, pd.DataFrame]

    @property
    def uitleg(self) -> dict[str, str]:
        kolommen = dict.fromkeys(k for b in self.bladen.values() for k in b.columns)
        return {k: UITLEG.get(k, "") for k in kolommen}


def _bron(c: Cijfer) -> str:
    return f"{c.bestand[:3]}:{c.regel}"


def _getal(v) -> Decimal | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, Decimal)):
        return Decimal(v)
    return None


def _plat(obj, pad: tuple = (), jaar=None, gezien=None):
    """Walk dataclasses, dicts and lists; yield (path, year, leaf) for every Cijfer, szmh.Getal and number."""
    gezien = gezien if gezien is not None else set()
    if isinstance(obj, Register):
        return
    if isinstance(obj, (Cijfer, szmh.Getal)) or _getal(obj) is not None:
        yield pad, jaar, obj
        return
    if id(obj) in gezien:
        return
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        gezien.add(id(obj))
        j = getattr(obj, "jaar", jaar)
        j = j if isinstance(j, int) else jaar
        for f in dataclasses.fields(obj):
            if f.name in ("jaar", "register", "defn"):
                continue
            yield from _plat(getattr(obj, f.name), pad + (f.name,), j, gezien)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(k, int) and 1990 < k < 2100:
                yield from _plat(v, pad, k, gezien)
            else:
                yield from _plat(v, pad + (str(k),), jaar, gezien)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from _plat(v, pad if dataclasses.is_dataclass(v) else pad + (str(i),), jaar, gezien)


def _rijen(obj, voor: tuple = ()) -> tuple[list[dict], list[dict]]:
    """(document figures, model values) of an object, as rows."""
    gedrukt, model = [], []
    for pad, jaar, blad in _plat(obj):
        pad = voor + pad
        basis = {"grootheid": " / ".join(pad[:1] + pad[1:-1]) if len(pad) > 1 else (pad[0] if pad else ""),
                 "onderdeel": pad[-1] if len(pad) > 1 else "", "jaar": jaar}
        if isinstance(blad, Cijfer):
            if not isinstance(blad.waarde, (int, Decimal)) or isinstance(blad.waarde, bool):
                continue
            gedrukt.append({**basis, "waarde": Decimal(blad.waarde), "eenheid": blad.eenheid, "id": blad.id,
                            "bron": _bron(blad)})
        elif isinstance(blad, szmh.Getal):
            model.append({**basis, "waarde": blad.waarde, "marge": blad.marge})
        else:
            model.append({**basis, "waarde": _getal(blad)})
    return gedrukt, model


def _tabel(rijen: list[dict], kolommen: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rijen, columns=kolommen, dtype=object)   # ints stay ints, None stays empty


def _uniek(rijen: list[dict]) -> list[dict]:
    """Document figures once each (a record can be reached along several paths)."""
    gezien, uit = set(), []
    for r in rijen:
        if r["id"] not in gezien:
            gezien.add(r["id"])
            uit.append(r)
    return uit


def _scenario(register: Register, overrides: dict) -> dict[str, pd.DataFrame]:
    doc = scenario.aannames_uit_bron(register)
    a, _ = scenario.met_overrides(doc, overrides or {})
    u = scenario.bereken(a)
    _, gebruikt = _rijen(a)
    _, document = _rijen(doc)
    for r, d in zip(gebruikt, document):
        r["document"] = d["waarde"]
        r["bron"] = a.bron.get(r["grootheid"].split(" / ")[0], "")
    invoer = [{"grootheid": c.id, "onderdeel": c.label("rij") or c.tabel, "jaar": None, "waarde": Decimal(c.waarde),
               "document": None, "eenheid": c.eenheid, "id": c.id, "bron": _bron(c)}
              for c in (register.cijfers[i] for i in scenario.invoer_ids(register))
              if isinstance(c.waarde, (int, Decimal)) and not isinstance(c.waarde, bool)]
    uitvoer = [{"tabel": t, "rij": r, "kolom": k, "jaar": j, "waarde": v}
               for (t, r, k, j), v in u.cellen.items()]
    vergelijking = [{"id": rid, "bron": _bron(register.cijfers[rid]), "gedrukt": register.cijfers[rid].waarde,
                     "model": v, "verschil": register.cijfers[rid].waarde - v}
                    for rid, v in sorted(u.gedrukt().items())
                    if rid in register.cijfers and isinstance(register.cijfers[rid].waarde, Decimal)]
    kol_a = ["grootheid", "onderdeel", "jaar", "waarde", "document", "eenheid", "id", "bron"]
    return {"aannames": _tabel(gebruikt, kol_a), "invoer": _tabel(invoer, kol_a),
            "uitvoer": _tabel(uitvoer, ["tabel", "rij", "kolom", "jaar", "waarde"]),
            "vergelijking": _tabel(vergelijking, ["id", "bron", "gedrukt", "model", "verschil"])}


def _szmh(register: Register, overrides: dict) -> dict[str, pd.DataFrame]:
    gedrukt, model = [], []
    for ag in szmh.agendas(register, szmh.aannames(overrides or {})):
        g, m = _rijen(ag, (ag.defn.titel,))
        gedrukt += g
        model += m
    g, m = _rijen(szmh.efficiency(register), ("Efficiencytaakstelling",))
    gedrukt += g
    model += m
    return {"invoer": _tabel(_uniek(gedrukt), ["grootheid", "onderdeel", "jaar", "waarde", "eenheid", "id", "bron"]),
            "uitvoer": _tabel(model, ["grootheid", "onderdeel", "jaar", "waarde", "marge"])}


def _kostenverdeling(register: Register, overrides: dict) -> dict[str, pd.DataFrame]:
    m = kostenverdeling.model(register, overrides or {})
    gedrukt, _ = _rijen(m)
    invoer = [{"grootheid": "tarief per fte", "onderdeel": t.schaal, "jaar": None, "waarde": t.tarief,
               "document": t.afgeleid, "bron": f"{_bron(t.bedrag)} / {_bron(t.fte)}"} for t in m.tarieven.values()]
    invoer += [{"grootheid": "aandeel gemeente (%)", "onderdeel": g, "jaar": None, "waarde": v,
                "document": m.aandelen_document[g].waarde if g in m.aandelen_document else None,
                "bron": _bron(m.aandelen_document[g]) if g in m.aandelen_document else ""} for g, v in m.aandelen.items()]
    invoer.append({"grootheid": "onvoorzien (%)", "onderdeel": "", "jaar": None, "waarde": m.onvoorzien_pct,
                   "document": m.onvoorzien_pct_document.waarde, "bron": _bron(m.onvoorzien_pct_document)})
    uitvoer = [{"grootheid": "kosten", "onderdeel": f"{r.naam} / {k}", "jaar": None, "waarde": v}
               for r in m.regels for k, v in r.bedrag.items()]
    uitvoer += [{"grootheid": "kosten samenwerking", "onderdeel": "", "jaar": j, "waarde": m.kosten(j)} for j in m.jaren]
    uitvoer += [{"grootheid": "bijdrage gemeente", "onderdeel": g, "jaar": j, "waarde": m.bijdrage(g, j)}
                for g in m.gemeenten for j in m.jaren]
    return {"aannames": _tabel(invoer, ["grootheid", "onderdeel", "jaar", "waarde", "document", "bron"]),
            "invoer": _tabel(_uniek(gedrukt), ["grootheid", "onderdeel", "jaar", "waarde", "eenheid", "id", "bron"]),
            "uitvoer": _tabel(uitvoer, ["grootheid", "onderdeel", "jaar", "waarde"])}


_MAAK = {"scenario": _scenario, "szmh": _szmh, "kostenverdeling": _kostenverdeling}


def exporteer(model: str, register: Register, overrides: dict | None = None) -> Export:
    """The export of one model ("scenario", "szmh", "kostenverdeling") with the given assumptions."""
    naam, titel = NAMEN[model]
    return Export(naam, titel, _MAAK[model](register, overrides or {}))
