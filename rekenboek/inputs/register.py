"""Load and validate the source-data register in ``data/``.

Column-level rules (types, allowed values, patterns) are declared as pandera
schemas; rules that span columns or files (a figure's value must follow from its
printed text, its line must lie inside its table, ids must be unique) are checked
here. Every violation becomes an :class:`InvoerFout` naming file, row and field;
all violations of a file are collected before raising.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from rekenboek.reads import gelezen, gezocht
from rekenboek.errors import InvoerFout, InvoerFouten
from rekenboek.inputs.schemas import een_van, optioneel, tekstschema, verplicht
from rekenboek.paths import data_dir, notebooks_dir
from rekenboek.numbers import NOTATIES, NUMERIEK, Datum, ParseFout, cijfers_gelijk, datum_uit_iso, parse_datum, parse_getal, parse_jaar

EENHEDEN = ("fte", "EUR", "aantal", "pct", "uur", "dag", "week", "maand", "jaren", "score", "ratio",
            "datum", "jaar", "label")
ROLLEN = ("cel", "totaal", "subtotaal", "beginstand", "mutatie", "tussenstand", "eindstand", "vermelding",
          "norm", "realisatie", "prognose", "peildatum", "datumlabel", "kopjaar", "bijlagenummer", "vaststelling")
BENADERINGEN = ("circa", "exact")
UITSLUITING_SOORTEN = ("jaartal", "paginanummer", "hoofdstuknummer", "itemnummer", "telefoonnummer", "adres",
                       "naam", "verwijzing", "kolomkop", "rijlabel", "artefact", "dubbel", "overig")
NIET_NUMERIEKE_EENHEDEN = {"datum": "datum", "jaar": "jaar", "label": "label"}

_ISO = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_INT = r"^\d+$"
_DEC = r"^-?\d+(\.\d+)?$"


BRONNEN_SCHEMA = tekstschema({
    "bestand": [pa.Check.str_matches(r"^\d{3}_[0-9a-f]{16}\.txt$")],
    "titel": [verplicht()], "organisatie": [verplicht()], "samenwerking": [verplicht()],
    "datum": [pa.Check.str_matches(_ISO)],
    "datum_regel": [pa.Check.str_matches(_INT)],
    "sha256": [pa.Check.str_matches(r"^[0-9a-f]{64}$")],
    "toelichting": [],
})

TABELLEN_SCHEMA = tekstschema({
    "tabel": [verplicht()], "bestand": [verplicht()],
    "regel_van": [pa.Check.str_matches(_INT)], "regel_tot": [pa.Check.str_matches(_INT)],
    "soort": [een_van(("tabel", "proza"))], "titel": [verplicht()], "toelichting": [],
})

EENHEDEN_SCHEMA = tekstschema({
    "gemeente": [verplicht()], "soort": [een_van(("gemeente", "samenwerking"))], "samenwerking": [],
    "jaar_van": [pa.Check.str_matches(_INT)], "jaar_tot": [pa.Check.str_matches(_INT)], "toelichting": [],
})

MATRIX_SCHEMA = tekstschema({
    "gemeente": [verplicht()], "jaar": [pa.Check.str_matches(_INT)], "template": [verplicht()],
})

CIJFERS_SCHEMA = tekstschema({
    "id": [pa.Check.str_matches(r"^[0-9a-z][0-9a-z-]*$")],
    "bestand": [verplicht()],
    "regel": [pa.Check.str_matches(r"^[1-9]\d*$")],
    "tabel": [verplicht()],
    "rij": [], "kolom": [],
    "tekst": [verplicht()],
    "benadering": [een_van(BENADERINGEN, leeg_mag=True)],
    "waarde": [],
    "eenheid": [een_van(EENHEDEN)],
    "factor": [optioneel(_INT)],
    "notatie": [een_van(NOTATIES)],
    "rol": [een_van(ROLLEN)],
    "mutatiesoort": [], "functie": [],
    "salarisschaal": [optioneel(_INT)],
    "uitleg": [],
    "datum": [optioneel(_ISO)],
    "gemeente": [],
    "jaar": [optioneel(r"^\d{4}$")],
    "notitie": [],
})


UITSLUITINGEN_SCHEMA = tekstschema({
    "bestand": [verplicht()],
    "regel": [pa.Check.str_matches(r"^[1-9]\d*$")],
    "token": [pa.Check.str_matches(r"^\d[\d.,-]*$")],
    "aantal": [optioneel(r"^[1-9]\d*$")],
    "soort": [een_van(UITSLUITING_SOORTEN)],
    "toelichting": [verplicht()],
})


PATRONEN_SCHEMA = tekstschema({
    "patroon": [verplicht()],
    "soort": [een_van(UITSLUITING_SOORTEN)],
    "toelichting": [verplicht()],
})


def lees_csv(pad: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Read a CSV as strings and validate it; errors name file, row and field.

    Row numbers count data rows from 1 (the header is not a row), so row N is
    line N+1 of the file.
    """
    rel = _rel(pad)
    gelezen(pad)
    if not pad.exists():
        raise InvoerFout(rel, None, None, "bestand ontbreekt")
    try:
        df = pd.read_csv(pad, dtype=str, keep_default_na=False, encoding="utf-8")
    except IsADirectoryError as exc:
        raise InvoerFout(rel, None, None, "is een map, geen CSV-bestand") from exc
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InvoerFout(rel, None, None, f"geen geldige CSV: {exc}") from exc
    verwacht = set(schema.columns)
    ontbrekend = [k for k in schema.columns if k not in df.columns]
    extra = [k for k in df.columns if k not in verwacht]
    if ontbrekend or extra:
        fouten = [InvoerFout(rel, None, k, "kolom ontbreekt") for k in ontbrekend]
        fouten += [InvoerFout(rel, None, k, "onbekende kolom") for k in extra]
        raise InvoerFouten(fouten)
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fouten = []
        for _, fc in exc.failure_cases.iterrows():
            idx = fc["index"]
            rij = int(idx) + 1 if pd.notna(idx) else None
            check = str(fc["check"])
            fouten.append(InvoerFout(rel, rij, fc["column"], f"waarde {fc['failure_case']!r} voldoet niet aan {check}"))
        fouten.sort(key=lambda f: (f.rij or 0, f.veld or ""))
        raise InvoerFouten(fouten) from None
    return df


def _rel(pad: Path) -> str:
    try:
        return str(pad.resolve().relative_to(data_dir().parent))
    except ValueError:
        return str(pad)


def significante_precisie(waarde: Decimal, precisie: Decimal) -> Decimal:
    """Place value of the last non-zero digit of ``waarde``, at least ``precisie``."""
    if waarde == 0:
        return precisie
    exponent = waarde.normalize().as_tuple().exponent
    return max(precisie, Decimal(1).scaleb(exponent))


@dataclass(frozen=True)
class Cijfer:
    """One printed figure with its provenance and labels."""

    id: str
    bestand: str
    regel: int
    tabel: str
    tekst: str
    waarde: Decimal | Datum | int | str | None
    precisie: Decimal | None
    eenheid: str
    notatie: str
    rol: str
    labels: dict = field(default_factory=dict, compare=False)
    csv: str = ""
    rij: int = 0

    @property
    def is_pm(self) -> bool:
        return self.notatie == "pm"

    @property
    def halve_eenheid(self) -> Decimal:
        """Rounding uncertainty: half the place value of the last printed (for 'circa': significant) digit."""
        return (self.precisie or Decimal(0)) / 2

    def label(self, naam: str) -> str:
        return self.labels.get(naam, "")


def _cijfer(row: dict, rel: str, rij: int) -> Cijfer:
    def fout(veld: str, melding: str) -> InvoerFout:
        return InvoerFout(rel, rij, veld, melding)

    notatie, eenheid, tekst, waarde_txt = row["notatie"], row["eenheid"], row["tekst"], row["waarde"]
    precisie: Decimal | None = None
    if notatie in NUMERIEK:
        if eenheid in NIET_NUMERIEKE_EENHEDEN:
            raise fout("eenheid", f"eenheid {eenheid!r} past niet bij getalnotatie {notatie!r}")
        try:
            waarde = Decimal(waarde_txt)
        except InvalidOperation:
            raise fout("waarde", f"{waarde_txt!r} is geen getal (gebruik . als decimaalteken, geen groepering)") from None
        if not waarde.is_finite():
            raise fout("waarde", f"{waarde_txt!r} is geen eindig getal")
        factor = Decimal(row["factor"] or 1)
        if notatie == "afwijkend":
            if not row["notitie"].strip():
                raise fout("notitie", "notatie 'afwijkend' vraagt een notitie die zegt hoe de waarde is gelezen")
            if not cijfers_gelijk(tekst, waarde, factor):
                raise fout("waarde", f"de cijfers van {waarde_txt} zijn niet de gedrukte cijfers van {tekst!r}")
            precisie = Decimal(1).scaleb(min(0, (waarde / factor).normalize().as_tuple().exponent)) * factor
        else:
            try:
                gedrukt = parse_getal(tekst, notatie, factor)
            except ParseFout as exc:
                raise fout("tekst", str(exc)) from None
            if gedrukt.waarde != waarde:
                raise fout("waarde", f"{waarde_txt} volgt niet uit de gedrukte tekst {tekst!r} (notatie {notatie}: {gedrukt.waarde})")
            precisie = gedrukt.precisie
        if row["benadering"] == "exact":
            # a percentage set as a rule (a split key, a norm of 5 %) is exact, not a rounded measurement
            precisie = Decimal(0)
        elif row["benadering"] == "circa":
            # 'ca. € 230.000' is printed to the tens of thousands: its precision is the place of
            # its last significant digit, not the unit of its last printed zero
            precisie = significante_precisie(waarde, precisie)
        elif eenheid == "aantal" or notatie == "woord":
            # counts of people and numbers written as words are exact, not rounded
            precisie = Decimal(0)
    elif notatie == "pm":
        if waarde_txt:
            raise fout("waarde", "een pm-post heeft geen waarde")
        if tekst.strip().lower() != "pm":
            raise fout("tekst", "notatie pm verwacht de gedrukte tekst 'pm'")
        waarde = None
    elif notatie == "datum":
        if eenheid != "datum":
            raise fout("eenheid", "notatie datum verwacht eenheid 'datum'")
        try:
            waarde, gedrukt_d = datum_uit_iso(waarde_txt), parse_datum(tekst)
        except ParseFout as exc:
            raise fout("waarde" if "JJJJ" in str(exc) else "tekst", str(exc)) from None
        if gedrukt_d != waarde:
            raise fout("waarde", f"{waarde_txt} volgt niet uit de gedrukte datum {tekst!r} ({gedrukt_d})")
    elif notatie == "jaar":
        if eenheid != "jaar":
            raise fout("eenheid", "notatie jaar verwacht eenheid 'jaar'")
        try:
            waarde = parse_jaar(tekst)
        except ParseFout as exc:
            raise fout("tekst", str(exc)) from None
        if str(waarde) != waarde_txt:
            raise fout("waarde", f"{waarde_txt!r} is niet het jaartal in {tekst!r}")
    else:  # label
        if eenheid != "label":
            raise fout("eenheid", "notatie label verwacht eenheid 'label'")
        if not waarde_txt or waarde_txt not in tekst:
            raise fout("waarde", f"label {waarde_txt!r} staat niet in de gedrukte tekst {tekst!r}")
        waarde = waarde_txt
    if row["datum"]:
        try:
            datum_uit_iso(row["datum"])
        except ParseFout as exc:
            raise fout("datum", str(exc)) from None
    labels = {k: row[k] for k in ("rij", "kolom", "benadering", "mutatiesoort", "functie", "salarisschaal", "uitleg",
                                  "datum", "gemeente", "jaar", "notitie", "factor")}
    return Cijfer(id=row["id"], bestand=row["bestand"], regel=int(row["regel"]), tabel=row["tabel"], tekst=tekst,
                  waarde=waarde, precisie=precisie, eenheid=eenheid, notatie=notatie, rol=row["rol"],
                  labels=labels, csv=rel, rij=rij)


@dataclass
class Register:
    """The validated source-data register.

    ``documenten`` is None for the whole register, or the three-digit numbers of the
    source documents whose tables and figures were loaded (a page reads only those, so
    that a change to another document's data does not make the page stale). The matrix,
    the exclusions and the name patterns are read on first use: pages do not need them.
    """

    bronnen: pd.DataFrame
    tabellen: pd.DataFrame
    eenheden: pd.DataFrame
    cijfers: dict[str, Cijfer]
    root: Path
    patroon: str | list[str] = "*.csv"
    documenten: frozenset[str] | None = None

    @cached_property
    def matrix(self) -> pd.DataFrame:
        return _laad_matrix(self.root, self.eenheden)

    @cached_property
    def uitsluitingen(self) -> pd.DataFrame:
        return _laad_uitsluitingen(self.root, self.patroon, set(self.bronnen["bestand"]))

    @cached_property
    def patronen(self) -> pd.DataFrame:
        return _laad_patronen(self.root)

    def documenten_van(self, eenheid: str) -> list[str]:
        return documenten_van(self.bronnen, self.eenheden, eenheid)

    def geladen(self, id_: str) -> bool:
        """Whether the document an id belongs to (its first three characters) was loaded."""
        return self.documenten is None or id_[:3] in self.documenten

    @cached_property
    def cijfers_df(self) -> pd.DataFrame:
        rows = []
        for c in self.cijfers.values():
            rows.append({"id": c.id, "bestand": c.bestand, "regel": c.regel, "tabel": c.tabel, "tekst": c.tekst,
                         "waarde": c.waarde, "eenheid": c.eenheid, "notatie": c.notatie, "rol": c.rol, **c.labels})
        return pd.DataFrame(rows)

    def tabel(self, tabel_id: str) -> dict:
        return self.tabellen.set_index("tabel").loc[tabel_id].to_dict()


def documenten_van(bronnen: pd.DataFrame, eenheden: pd.DataFrame, eenheid: str) -> list[str]:
    """The three-digit numbers of the documents about ``eenheid``'s cooperation (bronnen.csv, eenheden.csv)."""
    e = eenheden.set_index("gemeente")
    samenwerking = (e.loc[eenheid, "samenwerking"] or eenheid) if eenheid in e.index else eenheid
    return sorted(b[:3] for b, s in zip(bronnen["bestand"], bronnen["samenwerking"]) if s == samenwerking)


def _globs(map_: Path, patroon: str | list[str]) -> list[Path]:
    patronen = [patroon] if isinstance(patroon, str) else list(patroon)
    for pat in patronen:
        gezocht(map_, pat)
    return sorted({p for pat in patronen for p in map_.glob(pat)})


def _lees_map(map_: Path, schema: pa.DataFrameSchema, patroon: str | list[str]) -> pd.DataFrame:
    """All CSVs of a directory in one frame, with the file and row of each record (for messages)."""
    delen = []
    for pad in _globs(map_, patroon):
        df = lees_csv(pad, schema)
        df["_csv"] = _rel(pad)
        df["_rij"] = range(1, len(df) + 1)
        delen.append(df)
    kolommen = list(schema.columns) + ["_csv", "_rij"]
    return pd.concat(delen, ignore_index=True) if delen else pd.DataFrame(columns=kolommen)


def _laad_patronen(root: Path) -> pd.DataFrame:
    patronen = lees_csv(root / "patronen.csv", PATRONEN_SCHEMA)
    fouten: list[InvoerFout] = []
    for i, r in enumerate(patronen.to_dict("records"), start=1):
        try:
            re.compile(r["patroon"])
        except re.error as exc:
            fouten.append(InvoerFout(_rel(root / "patronen.csv"), i, "patroon", f"geen geldige reguliere expressie: {exc}"))
    if fouten:
        raise InvoerFouten(fouten)
    return patronen


def _laad_uitsluitingen(root: Path, patroon: str | list[str], bestanden: set[str]) -> pd.DataFrame:
    uitsluitingen = _lees_map(root / "uitsluitingen", UITSLUITINGEN_SCHEMA, patroon)
    fouten = [InvoerFout(r["_csv"], r["_rij"], "bestand", f"bron {r['bestand']!r} staat niet in bronnen.csv")
              for r in uitsluitingen.to_dict("records") if r["bestand"] not in bestanden]
    if fouten:
        raise InvoerFouten(fouten)
    return uitsluitingen


def _laad_matrix(root: Path, eenheden: pd.DataFrame) -> pd.DataFrame:
    matrix = lees_csv(root / "matrix.csv", MATRIX_SCHEMA)
    fouten: list[InvoerFout] = []
    gemeenten = set(eenheden["gemeente"])
    bereik = {r["gemeente"]: (int(r["jaar_van"]), int(r["jaar_tot"])) for r in eenheden.to_dict("records")}
    templates = {p.stem for p in notebooks_dir().glob("*.ipynb")} or None
    rel = _rel(root / "matrix.csv")
    gezien: set[tuple[str, str, str]] = set()
    for i, r in matrix.iterrows():
        sleutel = (r["gemeente"], r["jaar"], r["template"])
        if sleutel in gezien:
            fouten.append(InvoerFout(rel, i + 1, "template", f"{r['template']} {r['gemeente']} {r['jaar']} staat al in de matrix"))
        gezien.add(sleutel)
        if r["gemeente"] not in gemeenten:
            fouten.append(InvoerFout(rel, i + 1, "gemeente", f"onbekende gemeente {r['gemeente']!r}"))
        elif not bereik[r["gemeente"]][0] <= int(r["jaar"]) <= bereik[r["gemeente"]][1]:
            fouten.append(InvoerFout(rel, i + 1, "jaar", f"{r['jaar']} valt buiten de jaren {bereik[r['gemeente']]} van {r['gemeente']} in eenheden.csv"))
        if templates is not None and r["template"] not in templates:
            fouten.append(InvoerFout(rel, i + 1, "template", f"geen template notebooks/{r['template']}.ipynb"))
    if fouten:
        raise InvoerFouten(fouten)
    return matrix


def laad(root: Path | None = None, patroon: str | list[str] = "*.csv", documenten=None) -> Register:
    """Load and validate everything under ``data/``; raise InvoerFout(en) on bad input.

    ``patroon`` restricts which files of ``tabellen/``, ``cijfers/`` and
    ``uitsluitingen/`` are read (a glob such as ``"001a*"``), so one part of the
    register can be checked while another is being edited. ``documenten`` (three-digit
    source numbers, e.g. ``{"000", "002"}``) loads only those documents' tables and
    figures and defers the matrix, exclusions and patterns until used: what a page
    reads is what its content hash covers. Without it everything is validated now.
    """
    root = Path(root) if root else data_dir()
    if documenten is not None:
        documenten = frozenset(documenten)
        patroon = [f"{d}*.csv" for d in sorted(documenten)]
    bronnen = lees_csv(root / "bronnen.csv", BRONNEN_SCHEMA)
    eenheden = lees_csv(root / "eenheden.csv", EENHEDEN_SCHEMA)
    tabellen = _lees_map(root / "tabellen", TABELLEN_SCHEMA, patroon)
    fouten: list[InvoerFout] = []

    bestanden = set(bronnen["bestand"])
    _uniek(bronnen, "bestand", root / "bronnen.csv", fouten)
    _uniek(eenheden, "gemeente", root / "eenheden.csv", fouten)
    gezien: dict[str, str] = {}
    for r in tabellen.to_dict("records"):
        waar = (r["_csv"], r["_rij"])
        if r["tabel"] in gezien:
            fouten.append(InvoerFout(*waar, "tabel", f"{r['tabel']!r} komt al voor in {gezien[r['tabel']]}"))
        gezien[r["tabel"]] = r["_csv"]
        if r["bestand"] not in bestanden:
            fouten.append(InvoerFout(*waar, "bestand", f"bron {r['bestand']!r} staat niet in bronnen.csv"))
        elif not r["tabel"].startswith(r["bestand"][:3]):
            fouten.append(InvoerFout(*waar, "tabel", f"de naam {r['tabel']!r} begint niet met het documentnummer {r['bestand'][:3]}"))
        if int(r["regel_van"]) > int(r["regel_tot"]):
            fouten.append(InvoerFout(*waar, "regel_tot", "eindregel ligt voor beginregel"))
    fouten += _overlap(tabellen)
    gemeenten = set(eenheden["gemeente"])
    # the units a document may label: its cooperation and that cooperation's gemeenten
    leden = {g: {g} | set(eenheden.loc[eenheden["samenwerking"] == g, "gemeente"]) for g in gemeenten}
    for i, r in enumerate(bronnen.to_dict("records"), start=1):
        if r["samenwerking"] not in gemeenten:
            fouten.append(InvoerFout(_rel(root / "bronnen.csv"), i, "samenwerking", f"{r['samenwerking']!r} staat niet in eenheden.csv"))
    regio = {r["bestand"]: leden.get(r["samenwerking"], set()) for r in bronnen.to_dict("records")}
    if fouten:
        raise InvoerFouten(fouten)

    tab_index = tabellen.set_index("tabel")
    cijfers: dict[str, Cijfer] = {}
    bestanden_cijfers = _globs(root / "cijfers", patroon)
    if not bestanden_cijfers:
        raise InvoerFout(_rel(root / "cijfers"), None, None, f"geen transcripties ({patroon}) gevonden")
    for pad in bestanden_cijfers:
        df = lees_csv(pad, CIJFERS_SCHEMA)
        rel = _rel(pad)
        for i, row in enumerate(df.to_dict("records"), start=1):
            try:
                c = _cijfer(row, rel, i)
            except InvoerFout as exc:
                fouten.append(exc)
                continue
            if c.id in cijfers:
                fouten.append(InvoerFout(rel, i, "id", f"id {c.id!r} komt al voor in {cijfers[c.id].csv}, rij {cijfers[c.id].rij}"))
                continue
            if c.bestand not in bestanden:
                fouten.append(InvoerFout(rel, i, "bestand", f"bron {c.bestand!r} staat niet in bronnen.csv"))
            elif not c.id.startswith(c.bestand[:3]):
                fouten.append(InvoerFout(rel, i, "id", f"het id {c.id!r} begint niet met het documentnummer {c.bestand[:3]}"))
            if c.tabel not in tab_index.index:
                fouten.append(InvoerFout(rel, i, "tabel", f"tabel {c.tabel!r} staat niet in data/tabellen/"))
            else:
                t = tab_index.loc[c.tabel]
                if t["bestand"] != c.bestand:
                    fouten.append(InvoerFout(rel, i, "bestand", f"tabel {c.tabel!r} hoort bij {t['bestand']}"))
                elif not int(t["regel_van"]) <= c.regel <= int(t["regel_tot"]):
                    fouten.append(InvoerFout(rel, i, "regel", f"regel {c.regel} ligt buiten tabel {c.tabel!r} ({t['regel_van']}-{t['regel_tot']})"))
            g = c.label("gemeente")
            if g and g not in gemeenten:
                fouten.append(InvoerFout(rel, i, "gemeente", f"onbekende gemeente {g!r}"))
            elif g and c.bestand in regio and g not in regio[c.bestand]:
                fouten.append(InvoerFout(rel, i, "gemeente", f"{g!r} hoort niet bij de samenwerking van {c.bestand} "
                                                             f"(bronnen.csv: {sorted(regio[c.bestand])})"))
            cijfers[c.id] = c
    if fouten:
        raise InvoerFouten(fouten)
    register = Register(bronnen=bronnen, tabellen=tabellen.drop(columns=["_csv", "_rij"]), eenheden=eenheden,
                        cijfers=cijfers, root=root, patroon=patroon, documenten=documenten)
    if documenten is None:   # the whole register: validate everything now
        register.patronen, register.uitsluitingen, register.matrix  # noqa: B018
    return register


def _overlap(tabellen: pd.DataFrame) -> list[InvoerFout]:
    """Declared line ranges of one source may not overlap: each line belongs to one table or passage."""
    fouten = []
    for bestand, groep in tabellen.groupby("bestand"):
        rijen = sorted(groep.to_dict("records"), key=lambda r: int(r["regel_van"]))
        for a, b in zip(rijen, rijen[1:]):
            if int(b["regel_van"]) <= int(a["regel_tot"]):
                fouten.append(InvoerFout(b["_csv"], b["_rij"], "regel_van",
                                         f"{b['tabel']!r} ({b['regel_van']}-{b['regel_tot']}) overlapt met {a['tabel']!r} ({a['regel_van']}-{a['regel_tot']}) in {a['_csv']}"))
    return fouten


def _uniek(df: pd.DataFrame, kolom: str, pad: Path, fouten: list[InvoerFout]) -> None:
    dubbel = df[df[kolom].duplicated()]
    for i, r in dubbel.iterrows():
        fouten.append(InvoerFout(_rel(pad), i + 1, kolom, f"{r[kolom]!r} komt dubbel voor"))
