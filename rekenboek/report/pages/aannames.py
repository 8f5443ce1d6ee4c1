"""The assumptions register page (``notebooks/aannames.ipynb``): every assumption of every model.

Per assumption: its name (the notebook and scenario parameter), meaning, unit, the document's value
with its source line (or "afgeleid" with the reasoning), the allowed band (hard bounds, usual range,
sensitivity band) and the outputs it drives. The declared policy comes from the register
``data/modellen/aannames.csv`` (:func:`rekenboek.models.aannames.register`); the document's values are
what the models read from the transcribed records (:func:`rekenboek.models.vergelijking.document_aannames`),
and the source lines are those of the records the register names.

The same rows are offered, one row per number, as a download next to the page (the book's one download
mechanism, :func:`rekenboek.report.display.toon_werkboek`): an Excel workbook, a CSV for Dutch Excel and a
machine CSV (decimal point, exact, no grouping).
The comparison pages (:mod:`rekenboek.report.pages.vergelijking`) show the same table for their model.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

import pandas as pd

from rekenboek.checks.bevindingen import laad_dossier
from rekenboek.inputs.register import Register
from rekenboek.models.aannames import Aanname
from rekenboek.models.gevoeligheid import band_tekst, model_aannames
from rekenboek.models.vergelijking import MODELLEN, document_aannames
from rekenboek.numbers import nl_getal
from rekenboek.report.display import nl_bedrag, toon_werkboek, verwijzing
from rekenboek.report.page import Pagina, Sectie, toon_secties

#: the page's download: the workbook ``aannames-register.xlsx`` and ``aannames-register-alle-modellen(-machine).csv``
DOWNLOAD_NAAM, DOWNLOAD_BLAD = "aannames-register", "alle modellen"
#: what each column of the download holds (the workbook's sheet "Toelichting")
MACHINE_UITLEG = {
    "model": "het rekenmodel", "naam": "de aanname (de parameter van notebook en scenario)",
    "onderdeel": "het deel van een samengestelde waarde (domein, jaar, gemeente, schaal); leeg bij één getal",
    "document_waarde": "de waarde in het brondocument (exact)", "eenheid": "de eenheid van de waarde",
    "bron": "de regels in de bron (document:regel) met de waarde", "afgeleid": "ja als het document de waarde niet noemt",
    "afleiding": "de redenering achter een afgeleide waarde", "betekenis": "wat de aanname betekent",
    "vorm": "de vorm van de waarde", "min": "ondergrens (toegestaan)", "max": "bovengrens (toegestaan)",
    "plausibel_min": "ondergrens van het gebruikelijke bereik", "plausibel_max": "bovengrens van het gebruikelijke bereik",
    "som": "het totaal waartoe de delen optellen", "band": "de gevoeligheidsband",
    "stuurt": "de uitkomsten die de aanname stuurt"}
_EENHEID = {"EUR": "euro", "pct": "procent", "fractie": "fractie (0 tot 1)", "jaren": "jaren", "jaar": "jaartal", "": "—"}
_DOMEIN = {"jeugd": "Jeugd", "wmo": "Wmo"}


# ------------------------------------------------------------------ values in Dutch
NBSP = "\u00a0"    # keeps a number with its unit (and a year with its value) on one line


def getal_tekst(v: object, eenheid: str) -> str:
    """One number in Dutch notation with its unit: € 1.234.567, 5 %, 0,5, 1 jaar, 2023 (unbreakable)."""
    if isinstance(v, str):
        return f"'{v}'"
    if eenheid == "jaar":
        return str(v)
    if eenheid == "jaren":
        return f"{v}{NBSP}jaar"
    if eenheid in ("EUR", "pct"):
        return nl_bedrag(Decimal(v), eenheid).replace(" ", NBSP)
    return nl_getal(Decimal(v).normalize() if isinstance(v, Decimal) else Decimal(v))


def _reeks_tekst(v: Mapping, eenheid: str) -> str:
    """year -> value: '2021–2024 elk jaar € 3.000.000' when the years run on with one value, else '2021 5 %, …'."""
    jaren = [int(k) for k in v]
    waarden = list(v.values())
    if len(jaren) > 1 and jaren == list(range(jaren[0], jaren[0] + len(jaren))) and len(set(waarden)) == 1:
        return f"{jaren[0]}–{jaren[-1]} elk jaar {getal_tekst(waarden[0], eenheid)}"
    return ", ".join(f"{k}{NBSP}{getal_tekst(x, eenheid)}" for k, x in v.items())


def waarde_tekst(v: object, eenheid: str, sleutel: str = "") -> str:
    """A value in override form in Dutch: a number, or 'Jeugd: 2021 5 %, 2022 3 %; Wmo: …' (``sleutel`` before
    each key of the outer mapping, e.g. 'schaal ')."""
    if isinstance(v, Mapping) and v and all(str(k).isdigit() and len(str(k)) == 4 for k in v) \
            and not any(isinstance(x, Mapping) for x in v.values()):
        return _reeks_tekst(v, eenheid)
    if isinstance(v, Mapping):
        delen = []
        for k, x in v.items():
            naam = sleutel + _DOMEIN.get(str(k), str(k))
            delen.append(f"{naam}: {waarde_tekst(x, eenheid)}" if isinstance(x, Mapping) else f"{naam}{NBSP}{getal_tekst(x, eenheid)}")
        return ("; " if any(isinstance(x, Mapping) for x in v.values()) else ", ").join(delen)
    return getal_tekst(v, eenheid)


def bronnen(a: Aanname, register: Register) -> list[str]:
    """The source lines (``001:647``) of the records that hold the document's value, in file and line order."""
    ids = list(register.cijfers)
    gevonden = {i for patroon in a.records for i in fnmatch.filter(ids, patroon)}
    plekken = sorted({(register.cijfers[i].bestand, register.cijfers[i].regel) for i in gevonden})
    return [verwijzing(b, r) for b, r in plekken]


def grenzen_tekst(a: Aanname) -> str:
    """The allowed band in Dutch: hard bounds, usual range, the total that parts add up to."""
    def g(v: Decimal) -> str:
        return str(v) if a.eenheid == "jaar" else getal_tekst(v, a.eenheid if a.eenheid != "jaren" else "")

    def van_tot(wat: str, laag: Decimal | None, hoog: Decimal | None) -> str | None:
        if laag is not None and hoog is not None:
            return f"{wat} {g(laag)} tot {g(hoog)}"
        if laag is not None:
            return f"{wat} vanaf {g(laag)}"
        return f"{wat} tot {g(hoog)}" if hoog is not None else None

    delen = [d for d in (van_tot("toegestaan", a.min, a.max), van_tot("gebruikelijk", a.plausibel_min, a.plausibel_max))
             if d]
    if a.som is not None:
        delen.append(f"samen {g(a.som)}")
    return "; ".join(delen) or "geen grenzen"


def _sleutel(a: Aanname) -> str:
    return "schaal " if "per_schaal" in a.vormen else ""


def waarden_tabel(model: str, register: Register, gebruikt: Mapping[str, object] | None = None) -> pd.DataFrame:
    """One row per assumption of ``model``: the document's value and its source lines, or 'afgeleid' and the
    reasoning.

    With ``gebruikt`` (a scenario's values in use) a column shows the scenario's value where it differs."""
    doc = document_aannames(model, register)
    rijen = []
    for a in model_aannames(model):
        bron = bronnen(a, register)
        rij = {"Aanname": a.naam, "Document": waarde_tekst(doc[a.naam], a.eenheid, _sleutel(a))}
        if gebruikt is not None:
            anders = gebruikt.get(a.naam, doc[a.naam]) != doc[a.naam]
            rij["Scenario"] = waarde_tekst(gebruikt[a.naam], a.eenheid, _sleutel(a)) if anders else "= document"
        rij |= {"Bron": ", ".join(bron) if bron else "afgeleid", "Afleiding": a.afleiding if not bron else ""}
        rijen.append(rij)
    return pd.DataFrame(rijen)


def beleid_tabel(model: str) -> pd.DataFrame:
    """One row per assumption of ``model``: meaning and form, unit, the allowed band and the sensitivity band, and
    the outputs it drives."""
    return pd.DataFrame([{"Aanname": a.naam, "Betekenis en vorm": a.betekenis, "Eenheid": _EENHEID.get(a.eenheid, a.eenheid),
                          "Grenzen en gevoeligheidsband": f"{grenzen_tekst(a)}; gevoeligheidsband "
                                                          f"{band_tekst(a) if a.band is not None else 'geen'}",
                          "Stuurt": a.stuurt}
                         for a in model_aannames(model)])


# ------------------------------------------------------------------ the machine CSV
def _delen(v: object, pad: tuple[str, ...] = ()) -> list[tuple[str, object]]:
    if isinstance(v, Mapping):
        return [d for k, x in v.items() for d in _delen(x, pad + (str(k),))]
    return [("/".join(pad), v)]


def machine_tabel(registers: Mapping[str, Register]) -> pd.DataFrame:
    """Every number of every assumption's document value, one row each, as exact Decimals (text stays text)."""
    rijen = []
    for model, register in registers.items():
        doc = document_aannames(model, register)
        for a in model_aannames(model):
            bron = bronnen(a, register)
            for onderdeel, w in _delen(doc[a.naam]):
                rijen.append({
                    "model": model, "naam": a.naam, "onderdeel": onderdeel,
                    "document_waarde": w if isinstance(w, str) else (w if isinstance(w, Decimal) else Decimal(str(w))),
                    "eenheid": a.eenheid, "bron": " ".join(bron), "afgeleid": "nee" if bron else "ja",
                    "afleiding": "" if bron else a.afleiding, "betekenis": a.betekenis, "vorm": a.vorm,
                    **{k: getattr(a, k)
                       for k in ("min", "max", "plausibel_min", "plausibel_max", "som", "band")},
                    "stuurt": a.stuurt})
    return pd.DataFrame(rijen)


# ------------------------------------------------------------------ the page
@dataclass
class AannamesPagina(Pagina):
    """The register page: sections per model, and the register's download offered above them."""

    machine: pd.DataFrame = field(default_factory=pd.DataFrame)    # machine_tabel of every model

    def toon(self) -> None:
        toon_werkboek(DOWNLOAD_NAAM, "het register van aannames", {DOWNLOAD_BLAD: self.machine},
                      {k: v for k, v in MACHINE_UITLEG.items() if k in self.machine.columns}, machine=True)
        toon_secties(self.secties, leeg=self.leeg, prefix=self.prefix, stam="aannames")


def registers() -> dict[str, Register]:
    """Each model's register: only the source documents it reads (as the comparison pages load them)."""
    return {m: laad_dossier(*d.documenten) for m, d in MODELLEN.items()}


def pagina(per_model: Mapping[str, Register] | None = None) -> AannamesPagina:
    per_model = per_model or registers()
    secties, aantal, afgeleid = [], 0, 0
    for model, register in per_model.items():
        tabel = waarden_tabel(model, register)
        aantal += len(tabel)
        afgeleid += int((tabel["Bron"] == "afgeleid").sum())
        ids = {i for a in model_aannames(model) for p in a.records for i in fnmatch.filter(list(register.cijfers), p)}
        secties.append(Sectie(MODELLEN[model].titel,
                              f"De vergelijking en de gevoeligheid van dit model staan op de pagina "
                              f"[Vergelijking en gevoeligheid](vergelijking/{model}.html).",
                              [("Waarde in het document en bron", tabel),
                               ("Betekenis, eenheid, grenzen, gevoeligheidsband en wat de aanname stuurt", beleid_tabel(model))], ids=ids))
    inleiding = (f"Alle {aantal} aannames van de {len(per_model)} rekenmodellen van het boek: wat ze betekenen, in welke "
                 f"eenheid, welke waarde het brondocument geeft (met de regel in de bron) of, bij {afgeleid} aannames "
                 f"die het document niet noemt, hoe de waarde is afgeleid. De grenzen en gevoeligheidsbanden zijn "
                 f"beleid van dit boek (vastgelegd in `data/modellen/aannames.csv`), geen cijfers uit de bronnen. "
                 f"Analisten kunnen elke aanname in een scenario anders kiezen (zie de README).")
    p = AannamesPagina("Alle modellen", None, inleiding, secties, pd.DataFrame())
    p.machine = machine_tabel(per_model)
    return p
