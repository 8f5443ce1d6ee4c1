"""Root-cause findings (hoofdbevindingen): one row per distinct problem in the sources, classed and weighed.

Grouping. Every check with verdict afwijking, doorwerking, herziening, or niet-controleerbaar
because its outcome depends on a reading (``lezing``), belongs to exactly one hoofdbevinding:

- declared in ``data/hoofdbevindingen.yaml`` (a root check ``wortel`` and the ``controles`` that
  share its cause, with title, class, certainty and reasoning), or else
- derived: a doorwerking belongs to the hoofdbevinding of its root (:mod:`.doorwerking`); any
  other afwijking is its own root, id ``HB-<check id>``; herzieningen are grouped per pair of
  tables (``HB-herziening-<table>-<table>``); a reading-dependent check is its own finding.
  A derived finding's class follows its root check: footing, crossfooting, herberekening and
  model -> rekenfout; aansluiting -> inconsistentie; label -> redactioneel.

Weight (``ernst``), with thresholds that are parameters (:class:`Drempels`):

- the base (grondslag) is a transcribed record: the one the finding declares, else the row of
  ``data/grondslagen.csv`` for the root's table and unit, else for its document and unit; when
  no base in that unit exists, the largest printed total (totaal, subtotaal, eindstand) of the
  root's own table in that unit, and failing that the root's stated figure itself;
- size = the larger of the root's own difference and its effect (the largest difference among
  its echoes, same unit); ernst follows from size / |grondslag| x 100 (the column ``aandeel_pct``
  is the root's own |verschil| / |grondslag| x 100); materieel from 1 % of the base (the BADO approval
  tolerance for errors; 3 % for findings whose outcome is uncertain, the BADO tolerance for
  uncertainties), triviaal below a tenth of that (ISA 450: "clearly trivial" is an order of
  magnitude below materiality), aandachtspunt in between;
- a herziening is no misstatement and gets no ernst; a finding without an amount (a date, a
  label) is triviaal when redactioneel and an aandachtspunt otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pandas as pd

from rekenboek.checks.atomisch import schrijf_csv
from rekenboek.checks.declarations import declaraties, lees_yaml
from rekenboek.checks.doorwerking import leid_af
from rekenboek.checks.evaluate import Bevinding, als_register_waarde, evalueer
from rekenboek.errors import InvoerFout, InvoerFouten
from rekenboek.inputs.beoordeling import laad_beoordeling, laad_grondslagen
from rekenboek.inputs.register import Register
from rekenboek.numbers import nl_eenheid, nl_getal, nl_pct, nl_waarde
from rekenboek.paths import build_dir

AARDEN = ("rekenfout", "inconsistentie", "herziening", "redactioneel", "onzeker")
ZEKERHEDEN = ("zeker", "waarschijnlijk", "onzeker")
ERNST = ("materieel", "aandachtspunt", "triviaal", "")
VELDEN = {"id", "titel", "aard", "zekerheid", "wortel", "controles", "grondslag", "toelichting"}
AARD_VAN_SOORT = {"footing": "rekenfout", "crossfooting": "rekenfout", "herberekening": "rekenfout",
                  "model": "rekenfout", "aansluiting": "inconsistentie", "label": "redactioneel"}
MET_HOOFDBEVINDING = ("afwijking", "doorwerking", "herziening")
TOTALEN = ("totaal", "subtotaal", "eindstand")
GEEN_BEDRAG = ("jaar", "datum", "label")      # a difference in these units is not an amount to weigh

KOLOMMEN = ["id", "titel", "aard", "zekerheid", "ernst", "verschil", "eenheid", "bestand", "regel", "controles",
            "wortel", "grondslag", "grondslag_waarde", "aandeel_pct", "effect", "toelichting", "status",
            # beyond the required columns:
            "tabel", "controle_ids", "rang", "wederhoor", "opgesteld_door", "opgesteld_op", "beoordeeld_door", "beoordeeld_op"]
VERWACHT_KOLOMMEN = ["id", "aard", "zekerheid", "ernst", "verschil", "eenheid", "bestand", "regel", "controles",
                     "wortel", "grondslag", "aandeel_pct", "effect", "status"]


@dataclass(frozen=True)
class Drempels:
    """Thresholds of ernst, in percent of the base."""

    materieel: Decimal = Decimal(1)             # errors: BADO approval tolerance 1 % of total expenditure
    materieel_onzeker: Decimal = Decimal(3)     # uncertainties: BADO tolerance 3 %
    triviaal_deel: Decimal = Decimal("0.1")     # clearly trivial: below a tenth of materiality (ISA 450)


DREMPELS = Drempels()


@dataclass(frozen=True)
class Verklaring:
    """A hoofdbevinding declared by hand in data/hoofdbevindingen.yaml."""

    id: str
    titel: str
    aard: str
    zekerheid: str
    wortel: str
    controles: tuple[str, ...]
    grondslag: str
    toelichting: str

    @property
    def leden(self) -> list[str]:
        return [self.wortel] + [c for c in self.controles if c != self.wortel]


# ------------------------------------------------------------------ declarations
def laad_verklaringen(register: Register, pad: Path | None = None) -> list[Verklaring]:
    """The declared hoofdbevindingen, validated: errors name file, row (item) and field."""
    pad = pad or register.root / "hoofdbevindingen.yaml"
    rel = f"{pad.parent.name}/{pad.name}"
    items, fout = lees_yaml(pad)
    if fout:
        raise InvoerFout(rel, None, None, fout)
    if not isinstance(items, list):
        raise InvoerFout(rel, None, None, "verwacht een lijst van hoofdbevindingen")
    bekend = {str(item.get("id")) for b in declaraties(register.root / "controles")
              for item in (b.items if isinstance(b.items, list) else []) if isinstance(item, dict)}
    uit, fouten, ids, lid_van = [], [], set(), {}
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            fouten.append(InvoerFout(rel, i, None, "een hoofdbevinding is een mapping met velden"))
            continue
        vorm = [InvoerFout(rel, i, veld, "onbekend veld") for veld in sorted(set(item) - VELDEN)]
        vorm += [InvoerFout(rel, i, veld, "ontbreekt") for veld in ("id", "titel", "aard", "zekerheid", "wortel", "toelichting")
                 if not str(item.get(veld, "") or "").strip()]
        controles = item.get("controles") or []
        if not isinstance(controles, list):
            vorm.append(InvoerFout(rel, i, "controles", "verwacht een lijst van controle-ids"))
        if vorm:
            fouten += vorm
            continue
        v = Verklaring(str(item["id"]), " ".join(str(item["titel"]).split()), str(item["aard"]), str(item["zekerheid"]),
                       str(item["wortel"]), tuple(str(c) for c in controles), str(item.get("grondslag") or ""),
                       " ".join(str(item["toelichting"]).split()))
        if v.aard not in AARDEN:
            fouten.append(InvoerFout(rel, i, "aard", f"{v.aard!r} moet een van {list(AARDEN)} zijn"))
        if v.zekerheid not in ZEKERHEDEN:
            fouten.append(InvoerFout(rel, i, "zekerheid", f"{v.zekerheid!r} moet een van {list(ZEKERHEDEN)} zijn"))
        if v.id in ids:
            fouten.append(InvoerFout(rel, i, "id", f"id {v.id!r} komt al voor"))
        ids.add(v.id)
        for veld, cid in [("wortel", v.wortel)] + [("controles", c) for c in v.controles]:
            if cid not in bekend:
                fouten.append(InvoerFout(rel, i, veld, f"onbekende controle {cid!r}"))
            elif cid in lid_van and lid_van[cid] != v.id:
                fouten.append(InvoerFout(rel, i, veld, f"controle {cid!r} hoort al bij {lid_van[cid]}"))
            lid_van.setdefault(cid, v.id)
        if v.grondslag and register.geladen(v.grondslag):
            c = register.cijfers.get(v.grondslag)
            if c is None or not isinstance(c.waarde, Decimal):
                fouten.append(InvoerFout(rel, i, "grondslag", f"{v.grondslag!r} is geen bekend cijfer met een getal"))
        uit.append(v)
    if fouten:
        raise InvoerFouten(fouten)
    return uit


# ------------------------------------------------------------------ grouping
def _herziening_id(b: Bevinding) -> str:
    andere = sorted({c.tabel for c in b.onderdelen} - {b.gesteld.tabel})
    return "-".join(["HB-herziening", b.gesteld.tabel] + andere[:1])


def _naar_aard(register: Register, b: Bevinding, v: Verklaring) -> Bevinding:
    """A check a declared herziening or onzeker hoofdbevinding names is judged as such (one verdict: evalueer)."""
    if b.oordeel != "afwijking" or b.controle.aard or b.controle.lezing:
        return b
    if v.aard == "herziening":
        return evalueer(register, replace(b.controle, aard="herziening"))
    if v.aard == "onzeker":
        return evalueer(register, replace(b.controle, lezing=f"{v.titel.rstrip('.')} (zie {v.id})"))
    return b


def groepeer(register: Register, bevindingen: list[Bevinding], verklaringen: list[Verklaring]) -> list[Bevinding]:
    """Derive the echoes (doorwerking) and name each check's hoofdbevinding.

    A check that a declared hoofdbevinding of aard herziening or onzeker names is judged
    herziening or niet-controleerbaar (hangt af van de lezing) even when its own declaration
    does not say so: the hand judgement is declared once, on the hoofdbevinding.
    """
    per_controle = {cid: v for v in verklaringen for cid in v.leden}
    bevindingen = [_naar_aard(register, b, per_controle[b.controle.id]) if b.controle.id in per_controle else b
                   for b in bevindingen]
    uit = leid_af(register, bevindingen, [v.leden for v in verklaringen if v.aard not in ("herziening", "onzeker")])
    verklaard = {cid: v.id for v in verklaringen for cid in v.leden}
    for b in uit:
        cid = b.controle.id
        if b.oordeel == "doorwerking":
            b.hoofdbevinding = verklaard.get(b.doorwerking_van) or f"HB-{b.doorwerking_van}"
        elif b.oordeel == "herziening":
            b.hoofdbevinding = verklaard.get(cid) or _herziening_id(b)
        elif b.oordeel == "afwijking" or (b.oordeel == "niet-controleerbaar" and b.controle.lezing):
            b.hoofdbevinding = verklaard.get(cid) or f"HB-{cid}"
    return uit


# ------------------------------------------------------------------ weighing
def _grondslag(register: Register, wortel: Bevinding, eenheid: str, gedeclareerd: str,
               grondslagen: pd.DataFrame) -> tuple[str, Decimal | None, str]:
    """(record id, value, which rule applied) of the base a finding is weighed against."""
    def waarde(rid: str) -> Decimal | None:
        c = register.cijfers.get(rid)
        return abs(c.waarde) if c is not None and isinstance(c.waarde, Decimal) and c.waarde != 0 else None

    if gedeclareerd and waarde(gedeclareerd) is not None:
        return gedeclareerd, waarde(gedeclareerd), "de grondslag die de hoofdbevinding noemt"
    g = wortel.gesteld
    for tabel, waarom in ((g.tabel, "de grondslag van de tabel"), ("", "de grondslag van het document")):
        rij = grondslagen[(grondslagen["document"] == g.bestand[:3]) & (grondslagen["tabel"] == tabel)
                          & (grondslagen["eenheid"] == eenheid)]
        if len(rij) and waarde(rij.iloc[0]["record"]) is not None:
            return rij.iloc[0]["record"], waarde(rij.iloc[0]["record"]), f"{waarom} in {nl_eenheid(eenheid, woord=True)} (data/grondslagen.csv)"
    totalen = [c for c in register.cijfers.values() if c.tabel == g.tabel and c.eenheid == eenheid and c.rol in TOTALEN
               and waarde(c.id) is not None]
    if totalen:
        c = max(totalen, key=lambda c: (abs(c.waarde), c.id))
        return c.id, abs(c.waarde), f"geen grondslag in {nl_eenheid(eenheid, woord=True)} gedeclareerd; het grootste gedrukte totaal van de eigen tabel"
    if waarde(g.id) is not None:
        return g.id, waarde(g.id), f"geen grondslag in {nl_eenheid(eenheid, woord=True)} gedeclareerd en geen totaal in de tabel; het gestelde cijfer zelf"
    return "", None, f"geen grondslag in {nl_eenheid(eenheid, woord=True)}"


def ernst(aard: str, zekerheid: str, verschil: Decimal | None, grondslag: Decimal | None,
          drempels: Drempels = DREMPELS) -> tuple[str, Decimal | None, str]:
    """(ernst, share in percent, the rule in words)."""
    if aard == "herziening":
        return "", None, "Een herziening is geen onjuistheid en krijgt daarom geen ernst."
    if verschil is None:
        klasse = "triviaal" if aard == "redactioneel" else "aandachtspunt"
        return klasse, None, f"Zonder bedrag (een datum, jaartal, kop of label): {klasse}."
    onzeker = aard == "onzeker" or zekerheid == "onzeker"
    grens = drempels.materieel_onzeker if onzeker else drempels.materieel
    if not grondslag:
        return "aandachtspunt", None, "Zonder grondslag is de ernst niet te bepalen: aandachtspunt."
    aandeel = abs(verschil) / grondslag * 100
    triviaal = grens * drempels.triviaal_deel
    klasse = "materieel" if aandeel >= grens else "triviaal" if aandeel < triviaal else "aandachtspunt"
    regel = (f"de omvang is {nl_pct(aandeel)} van de grondslag: materieel vanaf {nl_pct(grens, None)}"
             f"{' (onzekerheid)' if onzeker else ''}, triviaal onder {nl_pct(triviaal, None)}; dus {klasse}.")
    return klasse, aandeel, regel


def _titel(b: Bevinding, tabeltitels: dict[str, str]) -> str:
    oms = " ".join(b.controle.omschrijving.split())
    titel = oms if ":" in oms[:60] else f"{tabeltitels.get(b.gesteld.tabel, b.gesteld.tabel)}: {oms}"
    return titel if len(titel) <= 160 else titel[:157].rstrip() + "..."


def bereken(register: Register, resultaat, drempels: Drempels = DREMPELS,
            verklaringen: list[Verklaring] | None = None) -> pd.DataFrame:
    """The hoofdbevindingen of an evaluated register (``resultaat.bevindingen`` grouped by :func:`groepeer`)."""
    verklaringen = laad_verklaringen(register) if verklaringen is None else verklaringen
    per_hb: dict[str, list[Bevinding]] = {}
    for b in resultaat.bevindingen:
        if b.hoofdbevinding:
            per_hb.setdefault(b.hoofdbevinding, []).append(b)
    gedeclareerd = {v.id: v for v in verklaringen}
    tabeltitels = dict(zip(register.tabellen["tabel"], register.tabellen["titel"]))
    grondslagen = laad_grondslagen(register)
    beoordeling = laad_beoordeling(set(per_hb) | set(gedeclareerd) if register.documenten is None else None,
                                   root=register.root).set_index("hoofdbevinding")
    rows = []
    for hb, leden in per_hb.items():
        v = gedeclareerd.get(hb)
        eigen = [b for b in leden if b.oordeel != "doorwerking"] or leden
        wortel = next((b for b in eigen if v and b.controle.id == v.wortel), None) or \
            next((b for b in eigen if hb == f"HB-{b.controle.id}"), eigen[0])
        if v:
            titel, aard, zekerheid, toelichting = v.titel, v.aard, v.zekerheid, v.toelichting
        else:
            titel = _titel(wortel, tabeltitels)
            if wortel.oordeel == "herziening":
                aard, zekerheid = "herziening", "zeker"
                titel = f"Herziening: {titel}"
            elif wortel.controle.lezing:
                aard, zekerheid = "onzeker", "onzeker"
                titel += " (hangt af van de lezing)"
            else:
                aard = AARD_VAN_SOORT.get(wortel.controle.soort, "rekenfout")
                zekerheid = "zeker" if wortel.controle.soort in ("footing", "crossfooting") else "waarschijnlijk"
            toelichting = (f"Afgeleid uit de controle {wortel.controle.id} ({wortel.controle.soort}): "
                           f"{' '.join(wortel.controle.omschrijving.split())}.")
        bedrag = isinstance(wortel.verschil, Decimal) and wortel.eenheid not in GEEN_BEDRAG
        verschil = wortel.verschil if bedrag else None
        echos = [b for b in leden if b.oordeel == "doorwerking" and b.eenheid == wortel.eenheid and isinstance(b.verschil, Decimal)]
        effect = max(echos, key=lambda b: abs(b.verschil)).verschil if echos else None
        g_id, g_waarde, waarom = _grondslag(register, wortel, wortel.eenheid, v.grondslag if v else "", grondslagen)
        omvang = max(abs(verschil), abs(effect) if bedrag and effect is not None else Decimal(0)) if verschil is not None else None
        klasse, _, regel = ernst(aard, zekerheid, omvang, g_waarde, drempels)
        aandeel = abs(verschil) / g_waarde * 100 if verschil is not None and g_waarde and aard != "herziening" else None
        uitleg = f" Ernst: {regel}" + (f" Grondslag: {g_id} ({waarom})." if g_id and verschil is not None and aard != "herziening" else "")
        if echos:
            uitleg += (f" {len(echos)} controle{'s' if len(echos) != 1 else ''} {'zijn' if len(echos) != 1 else 'is'} "
                       f"doorwerking van deze fout; de grootste afwijking daarvan (het effect) is {nl_waarde(abs(effect), wortel.eenheid)}.")
        st = beoordeling.loc[hb].to_dict() if hb in beoordeling.index else {}
        rows.append({
            "id": hb, "titel": titel, "aard": aard, "zekerheid": zekerheid, "ernst": klasse,
            "verschil": als_register_waarde(wortel.verschil), "eenheid": wortel.eenheid,
            "bestand": wortel.gesteld.bestand, "regel": wortel.gesteld.regel, "controles": len(leden),
            "wortel": wortel.controle.id, "grondslag": g_id if verschil is not None and aard != "herziening" else "",
            "grondslag_waarde": als_register_waarde(g_waarde) if verschil is not None and aard != "herziening" else "",
            "aandeel_pct": als_register_waarde(aandeel.quantize(Decimal("0.0001"))) if aandeel is not None else "",
            "effect": als_register_waarde(effect), "toelichting": (toelichting + uitleg).strip(),
            "status": st.get("status", "open"), "tabel": tabeltitels.get(wortel.gesteld.tabel, wortel.gesteld.tabel),
            "controle_ids": " ".join(b.controle.id for b in leden),
            **{k: st.get(k, "") for k in ("wederhoor", "opgesteld_door", "opgesteld_op", "beoordeeld_door", "beoordeeld_op")},
            "_orde": (ERNST.index(klasse), ZEKERHEDEN.index(zekerheid) if zekerheid in ZEKERHEDEN else len(ZEKERHEDEN),
                      -(aandeel or Decimal(-1)), -(abs(verschil) if verschil is not None else Decimal(-1)), hb),
        })
    rows.sort(key=lambda r: r.pop("_orde"))
    for rang, r in enumerate(rows, start=1):
        r["rang"] = rang
    return pd.DataFrame(rows, columns=KOLOMMEN)


# ------------------------------------------------------------------ output
def pad() -> Path:
    return build_dir() / "rekenboek" / "hoofdbevindingen.csv"


def schrijf(tabel: pd.DataFrame, doel: Path | None = None) -> Path:
    """Write the register of hoofdbevindingen atomically."""
    return schrijf_csv(tabel, doel or pad())


def verwacht(tabel: pd.DataFrame) -> pd.DataFrame:
    """The reviewed snapshot (tests/verwacht/hoofdbevindingen.csv): classes and sizes, no prose."""
    return tabel[VERWACHT_KOLOMMEN].astype(str).reset_index(drop=True)


def samenvatting(tabel: pd.DataFrame) -> pd.DataFrame:
    """Counts of hoofdbevindingen per aard and ernst."""
    t = tabel.assign(ernst=tabel["ernst"].replace("", "(geen)"))
    telling = pd.crosstab(t["aard"], t["ernst"])
    kolommen = [k for k in ("materieel", "aandachtspunt", "triviaal", "(geen)") if k in telling.columns]
    telling = telling[kolommen]
    telling["totaal"] = telling.sum(axis=1)
    telling.columns.name = None
    return telling
