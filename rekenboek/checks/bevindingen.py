"""The findings register: one row per declared check, as ../shared/design.md specifies."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

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


def schrijf_excel(tabel: pd.DataFrame, pad: Path) -> Path:
    """The register as an Excel workbook (one sheet, text cells as in the CSV)."""
    with pd.ExcelWriter(pad, engine="openpyxl") as xl:
        tabel.to_excel(xl, sheet_name="bevindingen", index=False)
    _zonder_tijden(pad)
    return pad


def _zonder_tijden(pad: Path) -> None:
    """Fixed timestamps in the workbook (zip members, created/modified), so equal registers give equal bytes."""
    import re
    import zipfile

    with zipfile.ZipFile(pad) as zin:
        leden = [(i, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as zuit:
        for info, inhoud in leden:
            if info.filename == "docProps/core.xml":
                inhoud = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", inhoud)
            zuit.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), inhoud,
                          compress_type=zipfile.ZIP_DEFLATED)
