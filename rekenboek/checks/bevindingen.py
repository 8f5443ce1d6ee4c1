"""The findings register: one row per declared check, as ../shared/design.md specifies."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rekenboek import downloads
from rekenboek.checks import cache, hoofdbevindingen
from rekenboek.checks.atomisch import schrijf_csv
from rekenboek.checks.declarations import OORDELEN, laad_controles
from rekenboek.checks.dossier import dossier, laad_dossier, laad_eenheid
from rekenboek.checks.evaluate import Bevinding, als_register_waarde, evalueer_alle
from rekenboek.inputs.register import Register, laad
from rekenboek.paths import register_path

__all__ = ["KOLOMMEN", "Resultaat", "als_tabel", "bereken", "schrijf", "verwacht", "lees", "samenvatting",
           "schrijf_excel", "dossier", "laad_dossier", "laad_eenheid"]

BEOORDELING = ("hoofdbevindingen.yaml", "grondslagen.csv", "beoordeling.csv")   # inputs of the grouping and weighing

KOLOMMEN = ["id", "bestand", "regel", "tabel", "omschrijving", "soort", "gesteld", "herberekend", "verschil",
            "tolerantie", "eenheid", "oordeel", "toelichting",
            # beyond the required columns:
            "tabel_id", "gemeente", "jaar", "gesteld_tekst", "formule", "onderdelen", "bronregels", "gesteld_id",
            "hoofdbevinding"]


@dataclass
class Resultaat:
    register: Register
    bevindingen: list[Bevinding]
    tabel: pd.DataFrame
    hoofdbevindingen: pd.DataFrame | None = None     # one row per root cause (checks.hoofdbevindingen)


def als_tabel(register: Register, bevindingen: list[Bevinding]) -> pd.DataFrame:
    titels = register.tabellen.set_index("tabel")["titel"]
    rows = []
    for b in bevindingen:
        g = b.gesteld
        rows.append({
            "id": b.controle.id,
            "bestand": g.bestand,
            "regel": g.regel,
            "tabel": titels[g.tabel],
            "omschrijving": b.controle.omschrijving,
            "soort": b.controle.soort,
            "gesteld": als_register_waarde(b.waarde_gesteld),
            "herberekend": als_register_waarde(b.waarde_herberekend),
            "verschil": als_register_waarde(b.verschil),
            "tolerantie": als_register_waarde(b.tolerantie),
            "eenheid": b.eenheid,
            "oordeel": b.oordeel,
            "toelichting": b.toelichting,
            "tabel_id": g.tabel,
            "gemeente": g.label("gemeente"),
            "jaar": g.label("jaar"),
            "gesteld_tekst": g.tekst,
            "formule": b.controle.formule,
            "onderdelen": " ".join(c.id for c in b.onderdelen),
            "gesteld_id": g.id,
            "bronregels": " ".join(sorted({f"{c.bestand}:{c.regel}" for c in b.onderdelen})),
            "hoofdbevinding": b.hoofdbevinding,
        })
    return pd.DataFrame(rows, columns=KOLOMMEN)


def bereken(register: Register | None = None, patroon: str = "*.yaml") -> Resultaat:
    """Validate the data (unless given), evaluate every declared check (or those in files matching ``patroon``).

    The result is cached on disk per dossier (see :mod:`rekenboek.checks.cache`): the pages of a
    build that show the same documents evaluate them once.
    """
    register = register or laad()
    basis = cache.invoer_van_register(register)
    invoer = cache.Invoer(basis.bestanden + tuple(register.root / f for f in BEOORDELING),
                          basis.globs + ((register.root / "controles", patroon),))
    sleutel = cache.sleutel(register, invoer, "bevindingen", patroon)
    bewaard = cache.lees(sleutel, register)
    if bewaard is not None:
        invoer.registreer()
        return Resultaat(register, *bewaard)
    # the grouping into root causes applies to the whole set of declared checks only
    verklaringen = hoofdbevindingen.laad_verklaringen(register) if patroon == "*.yaml" else []
    bevindingen = evalueer_alle(register, laad_controles(register, patroon=patroon))
    bevindingen = hoofdbevindingen.groepeer(register, bevindingen, verklaringen)
    res = Resultaat(register, bevindingen, als_tabel(register, bevindingen))
    res.hoofdbevindingen = hoofdbevindingen.bereken(register, res, verklaringen=verklaringen)
    cache.schrijf(sleutel, (res.bevindingen, res.tabel, res.hoofdbevindingen))
    return res


def schrijf(tabel: pd.DataFrame, pad: Path | None = None) -> Path:
    """Write the register atomically: the previous file stays until the new one is complete."""
    return schrijf_csv(tabel, pad or register_path())


VERWACHT_KOLOMMEN = ["id", "bestand", "regel", "soort", "gesteld", "herberekend", "verschil", "tolerantie", "eenheid", "oordeel",
                     "hoofdbevinding"]


def verwacht(tabel: pd.DataFrame) -> pd.DataFrame:
    """The reviewed snapshot of the register (tests/verwacht/bevindingen.csv): verdicts and numbers only."""
    return tabel[VERWACHT_KOLOMMEN].astype(str).reset_index(drop=True)


def lees(pad: Path | None = None) -> pd.DataFrame:
    return pd.read_csv(pad or register_path(), dtype=str, keep_default_na=False)


def samenvatting(tabel: pd.DataFrame) -> pd.DataFrame:
    """Counts per source file and verdict."""
    telling = pd.crosstab(tabel["bestand"], tabel["oordeel"])
    for o in OORDELEN:
        if o not in telling.columns:
            telling[o] = 0
    telling = telling[list(OORDELEN)]
    telling["totaal"] = telling.sum(axis=1)
    telling.columns.name = None
    return telling


#: the meaning of every register column, for the sheet "Toelichting" of bevindingen.xlsx
UITLEG = {
    "id": "id van de controle (data/controles/*.yaml)",
    "bestand": "brondocument van het gestelde cijfer",
    "regel": "regel in het brondocument",
    "tabel": "tabel of passage in het brondocument",
    "omschrijving": "wat de controle nagaat",
    "soort": "soort controle (code)",
    "gesteld": "het cijfer zoals de bron het drukt (getal; tekst bij een datum of label)",
    "herberekend": "het cijfer zoals het rekenboek het uit de onderdelen herberekent",
    "verschil": "gesteld min herberekend",
    "tolerantie": "toegestaan verschil door afronding in de bron",
    "eenheid": "eenheid van de cijfers (EUR, pct, fte, aantal, ...); de celopmaak toont die eenheid",
    "oordeel": "klopt, afronding, afwijking, herziening, doorwerking of niet-controleerbaar",
    "toelichting": "uitleg van het oordeel",
    "tabel_id": "id van de tabel in data/tabellen.csv",
    "gemeente": "eenheid (gemeente of samenwerking) van het gestelde cijfer",
    "jaar": "jaar van het gestelde cijfer",
    "gesteld_tekst": "de gedrukte tekst van het gestelde cijfer",
    "formule": "de herberekening in de formuletaal van het rekenboek",
    "onderdelen": "ids van de cijfers waaruit herberekend is",
    "bronregels": "bestand:regel van elk onderdeel",
    "gesteld_id": "id van het gestelde cijfer",
    "hoofdbevinding": "de hoofdbevinding (oorzaak) waaronder deze controle valt",
}
GETAL_KOLOMMEN = ("gesteld", "herberekend", "verschil", "tolerantie")


def als_excel_tabel(tabel: pd.DataFrame) -> pd.DataFrame:
    """The register with numbers as numbers: line and year as integers, the four amounts as
    :class:`~rekenboek.downloads.Getal` in the row's unit; text (dates, labels) stays text."""
    def tekst(v):
        return downloads.Tekst(v) if str(v).strip() else None

    uit = tabel.copy().astype(object)
    for kolom in tabel.columns:
        uit[kolom] = [tekst(v) for v in tabel[kolom]]
    for kolom in [k for k in ("regel", "jaar") if k in tabel]:
        uit[kolom] = [int(v) if str(v).strip().lstrip("-").isdigit() else tekst(v) for v in tabel[kolom]]
    for kolom in GETAL_KOLOMMEN:
        cellen = []
        for v, e in zip(tabel[kolom], tabel["eenheid"]):
            d = downloads.lees_decimaal(str(v)) if e not in ("datum", "label") else None
            cellen.append(downloads.getal(d, e) if d is not None else tekst(v))
        uit[kolom] = cellen
    return uit


def schrijf_excel(tabel: pd.DataFrame, pad: Path) -> Path:
    """The register as an Excel workbook: numbers as numbers in Dutch formats, frozen header, filters,
    and a sheet that explains the columns. Deterministic bytes."""
    uitleg = {k: UITLEG.get(k, "") for k in tabel.columns}
    return downloads.schrijf_xlsx({"bevindingen": als_excel_tabel(tabel)}, pad, uitleg=uitleg,
                                  titel="Register van bevindingen")
