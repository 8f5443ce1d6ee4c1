"""The findings' judgement inputs: materiality bases (``data/grondslagen.csv``) and review (``data/beoordeling.csv``).

``grondslagen.csv`` names, per document (and optionally per table) and unit, the transcribed
record whose value is the base against which a finding's size is weighed. ``beoordeling.csv``
holds, per hoofdbevinding, the review status, the organisation's response (wederhoor) and who
prepared and reviewed it when (dates as d-m-jjjj). The project ships it with a header only.
Both are validated like every other CSV (:func:`rekenboek.inputs.register.lees_csv`): errors
name file, row and field.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

from rekenboek.errors import InvoerFout, InvoerFouten
from rekenboek.inputs.register import EENHEDEN, Register, lees_csv
from rekenboek.inputs.schemas import een_van, patroon, rel as _rel, tekstschema, verplicht
from rekenboek.paths import data_dir

STATUSSEN = ("open", "voorgelegd", "verklaard", "opgelost")
_LEEG_OF_DATUM = r"^$|^\d{1,2}-\d{1,2}-\d{4}$"


GRONDSLAGEN_SCHEMA = tekstschema({
    "document": [patroon(r"^\d{3}$", "een documentnummer van drie cijfers")],
    "tabel": [],
    "eenheid": [een_van(EENHEDEN)],
    "record": [verplicht()],
    "toelichting": [verplicht()],
})

BEOORDELING_SCHEMA = tekstschema({
    "hoofdbevinding": [verplicht()],
    "status": [een_van(STATUSSEN)],
    "wederhoor": [],
    "opgesteld_door": [],
    "opgesteld_op": [patroon(_LEEG_OF_DATUM, "leeg of een datum als 6-12-2026")],
    "beoordeeld_door": [],
    "beoordeeld_op": [patroon(_LEEG_OF_DATUM, "leeg of een datum als 6-12-2026")],
})


def laad_grondslagen(register: Register, pad: Path | None = None) -> pd.DataFrame:
    """The materiality bases that apply to ``register``'s documents, validated against it.

    A base's record must exist (when its document is loaded), be numeric and in the row's
    unit; a table must belong to the row's document; one base per (document, table, unit).
    """
    pad = pad or register.root / "grondslagen.csv"
    df = lees_csv(pad, GRONDSLAGEN_SCHEMA)
    rel, fouten = _rel(pad), []
    documenten = {b[:3] for b in register.bronnen["bestand"]}
    tabellen = dict(zip(register.tabellen["tabel"], register.tabellen["bestand"].str[:3]))
    gezien: dict[tuple[str, str, str], int] = {}
    for i, r in enumerate(df.to_dict("records"), start=1):
        sleutel = (r["document"], r["tabel"], r["eenheid"])
        if sleutel in gezien:
            fouten.append(InvoerFout(rel, i, "eenheid", f"er is al een grondslag voor {sleutel} (rij {gezien[sleutel]})"))
        gezien[sleutel] = i
        if r["document"] not in documenten:
            fouten.append(InvoerFout(rel, i, "document", f"document {r['document']} staat niet in bronnen.csv"))
            continue
        if not r["record"].startswith(r["document"]):
            fouten.append(InvoerFout(rel, i, "record", f"{r['record']!r} is geen cijfer van document {r['document']}"))
        if not register.geladen(r["document"]):
            continue            # a partial register validates only the bases of its documents
        if r["tabel"] and tabellen.get(r["tabel"]) != r["document"]:
            fouten.append(InvoerFout(rel, i, "tabel", f"tabel {r['tabel']!r} is geen tabel van document {r['document']}"))
        c = register.cijfers.get(r["record"])
        if c is None:
            fouten.append(InvoerFout(rel, i, "record", f"onbekend cijfer {r['record']!r}"))
        elif c.eenheid != r["eenheid"]:
            fouten.append(InvoerFout(rel, i, "eenheid", f"{c.id} is in {c.eenheid}, niet in {r['eenheid']}"))
        elif c.is_pm or not isinstance(c.waarde, Decimal):
            fouten.append(InvoerFout(rel, i, "record", f"{c.id} heeft geen bedrag of getal"))
    if fouten:
        raise InvoerFouten(fouten)
    return df[df["document"].map(register.geladen).astype(bool)].reset_index(drop=True)


def _datum(tekst: str) -> date | None:
    if not tekst:
        return None
    d, m, j = (int(x) for x in tekst.split("-"))
    return date(j, m, d)


def laad_beoordeling(ids: set[str] | None = None, pad: Path | None = None, root: Path | None = None) -> pd.DataFrame:
    """The review state per hoofdbevinding; ``ids`` (all known hoofdbevindingen) makes an unknown id an error."""
    pad = pad or (Path(root) if root else data_dir()) / "beoordeling.csv"
    df = lees_csv(pad, BEOORDELING_SCHEMA)
    rel, fouten = _rel(pad), []
    gezien: dict[str, int] = {}
    for i, r in enumerate(df.to_dict("records"), start=1):
        hb = r["hoofdbevinding"]
        if hb in gezien:
            fouten.append(InvoerFout(rel, i, "hoofdbevinding", f"{hb!r} staat al op rij {gezien[hb]}"))
        gezien[hb] = i
        if ids is not None and hb not in ids:
            fouten.append(InvoerFout(rel, i, "hoofdbevinding", f"onbekende hoofdbevinding {hb!r}"))
        datums = {}
        for veld in ("opgesteld_op", "beoordeeld_op"):
            try:
                datums[veld] = _datum(r[veld])
            except ValueError:
                fouten.append(InvoerFout(rel, i, veld, f"{r[veld]!r} is geen bestaande datum (d-m-jjjj)"))
        for wie, wanneer in (("opgesteld_door", "opgesteld_op"), ("beoordeeld_door", "beoordeeld_op")):
            if bool(r[wie].strip()) != bool(r[wanneer].strip()):
                veld = wanneer if r[wie].strip() else wie
                fouten.append(InvoerFout(rel, i, veld, f"{wie} en {wanneer} horen samen ingevuld"))
        if datums.get("opgesteld_op") and datums.get("beoordeeld_op") and datums["beoordeeld_op"] < datums["opgesteld_op"]:
            fouten.append(InvoerFout(rel, i, "beoordeeld_op", "de beoordeling ligt voor het opstellen"))
        if r["status"] in ("verklaard", "opgelost") and not r["beoordeeld_door"].strip():
            fouten.append(InvoerFout(rel, i, "beoordeeld_door", f"status {r['status']!r} vraagt een beoordelaar"))
    if fouten:
        raise InvoerFouten(fouten)
    return df
