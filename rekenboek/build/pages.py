"""What the book is made of: the pages (tasks) from the matrix and the sources, the table of
contents and the index pages per unit and per year.

A page is a template (see :mod:`rekenboek.templates`) with its parameters; the build reaches the
page code only through the template's name and papermill, never by importing it.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import yaml

from rekenboek.inputs.eenheden import leden, slug
from rekenboek.checks import bevindingen, hoofdbevindingen
from rekenboek.inputs.register import Register, laad
from rekenboek.numbers import nl_aantal, nl_getal
from rekenboek.paths import generated_dir, register_path
from rekenboek.templates import ALGEMEEN, MODELLEN, PER_BRON, PER_MODEL, titel

__all__ = ["Taak", "taken_algemeen", "taken_modellen", "taken_bronnen", "taken_uit_matrix", "alle_taken", "met_inhoud",
           "zonder_inhoud", "toc",
           "toc_tekst", "index_paginas"]


@dataclass(frozen=True)
class Taak:
    """One page: a template with its parameters (a unit and year, a source document, a model, or none)."""

    template: str
    gemeente: str | None
    jaar: int | None
    bestand: str | None = None      # for the page per source document
    titel_bron: str = ""
    model: str | None = None        # for the page per financial model (templates.MODELLEN)
    aannames: str = ""              # a scenario's overrides for this page, as canonical JSON ('' = the documents')

    @property
    def uitvoer(self) -> Path:
        """Where the executed notebook goes (deterministic, under ``book/generated/``)."""
        if self.bestand is not None:
            return generated_dir() / self.template / f"{self.bestand[:3]}.ipynb"
        if self.model is not None:
            return generated_dir() / self.template / f"{self.model}.ipynb"
        if self.gemeente is None:
            return generated_dir() / f"{self.template}.ipynb"
        return generated_dir() / self.template / f"{slug(self.gemeente, self.jaar)}.ipynb"

    @property
    def parameters(self) -> dict:
        """The papermill parameters of this page."""
        if self.bestand is not None:
            return {"bestand": self.bestand}
        eigen = json.loads(self.aannames) if self.aannames else {}
        if self.model is not None:
            return {"model": self.model, **eigen}
        return eigen if self.gemeente is None else {"gemeente": self.gemeente, "jaar": self.jaar, **eigen}

    @property
    def titel(self) -> str:
        """The page heading the build writes over the template's first cell ('' keeps the template's own)."""
        if self.bestand is not None:
            return f"Bron {self.bestand[:3]}: {self.titel_bron}"
        if self.model is not None:
            return f"{titel(self.template)}: {MODELLEN[self.model]}"
        if self.gemeente is None:
            return ""
        return f"{titel(self.template)} {self.gemeente} {self.jaar}"

    @property
    def nav_titel(self) -> str:
        if self.model is not None:
            return f"{titel(self.template)}: {MODELLEN[self.model]}"
        return f"{self.bestand[:3]} {self.titel_bron}" if self.bestand is not None else f"{self.gemeente} {self.jaar}"

    def omschrijving(self) -> str:
        """How progress lines and failure summaries name this page."""
        if self.bestand is not None:
            return f"{self.template} {self.bestand[:3]}"
        if self.model is not None:
            return f"{self.template} {self.model}"
        return self.template if self.gemeente is None else f"{self.template} {self.gemeente} {self.jaar}"


def taken_algemeen() -> list[Taak]:
    """The book pages without parameters (landing page, register, coverage, KPI overview)."""
    return [Taak(t, None, None) for t in ALGEMEEN]


def taken_modellen() -> list[Taak]:
    """One page per financial model (the comparison and sensitivity page)."""
    return [Taak(t, None, None, model=m) for t in PER_MODEL for m in MODELLEN]


def taken_bronnen(data: Register) -> list[Taak]:
    """One page per source document in ``data/bronnen.csv``."""
    return [Taak(t, None, None, bestand=r["bestand"], titel_bron=r["titel"])
            for t in PER_BRON for r in data.bronnen.to_dict("records")]


def met_inhoud(data: Register) -> set[tuple[str, int]]:
    """The unit-years the sources say something of their own about: a record labelled with the unit (or one of
    its member gemeenten, for a cooperation) and the year. A unit page of any other unit-year could only say
    "niet bekend" or repeat another year's page."""
    paren = {(c.label("gemeente"), c.label("jaar")) for c in data.cijfers.values()}
    uit = set()
    for g in data.eenheden["gemeente"]:
        namen = {g, *leden(data, g)}
        uit |= {(g, int(j)) for n, j in paren if n in namen and str(j).isdigit()}
    return uit


def zonder_inhoud(data: Register) -> list[tuple[str, int, str]]:
    """Rows of ``data/matrix.csv`` (unit, year, template) with nothing of their own to show (see :func:`met_inhoud`)."""
    wel = met_inhoud(data)
    return [(r["gemeente"], int(r["jaar"]), r["template"]) for r in data.matrix.to_dict("records")
            if (r["gemeente"], int(r["jaar"])) not in wel]


def taken_uit_matrix(data: Register, gemeenten=None, jaren=None) -> list[Taak]:
    """The unit pages of ``data/matrix.csv``, optionally only for some units and years; a unit-year without a
    figure of its own gets no page (:func:`zonder_inhoud`; a test keeps the matrix free of such rows)."""
    taken = []
    leeg = {(g, j) for g, j, _ in zonder_inhoud(data)}
    for r in data.matrix.to_dict("records"):
        jaar = int(r["jaar"])
        if gemeenten and r["gemeente"] not in gemeenten:
            continue
        if jaren and jaar not in jaren:
            continue
        if (r["gemeente"], jaar) in leeg:
            continue
        taken.append(Taak(r["template"], r["gemeente"], jaar))
    return taken


def alle_taken(data: Register, gemeenten=None, jaren=None) -> list[Taak]:
    """Every page of a book: the book pages, the source pages and the unit pages of the matrix."""
    return taken_algemeen() + taken_modellen() + taken_bronnen(data) + taken_uit_matrix(data, gemeenten, jaren)


# --------------------------------------------------------------------- toc
def _rel(t: Taak) -> str:
    return ("book/generated" / t.uitvoer.relative_to(generated_dir()).with_suffix("")).as_posix()


def _eenheid_slug(gemeente: str) -> str:
    return slug(gemeente, 0).rsplit("-", 1)[0]


def _per_eenheid(taken: list[Taak]) -> dict[str, list[Taak]]:
    """Unit pages grouped per unit, in the order of first appearance, each sorted by year and template."""
    groepen: dict[str, list[Taak]] = {}
    for t in taken:
        if t.gemeente is not None:
            groepen.setdefault(t.gemeente, []).append(t)
    return {g: sorted(ts, key=lambda t: (t.jaar, t.template)) for g, ts in groepen.items()}


def samenwerkingen(eenheden: pd.DataFrame) -> dict[str, list[str]]:
    """Each cooperation with itself and its member gemeenten, in the order of ``data/eenheden.csv``;
    a unit that belongs to no cooperation forms a group of its own."""
    groepen: dict[str, list[str]] = {}
    soort = dict(zip(eenheden["gemeente"], eenheden["soort"]))
    lid_van = {g: str(s) for g, s in zip(eenheden["gemeente"], eenheden["samenwerking"].fillna("")) if str(s)}
    for g in eenheden["gemeente"]:
        if soort[g] == "samenwerking" or g not in lid_van:
            groepen.setdefault(g, []).insert(0, g)
        else:
            groepen.setdefault(lid_van[g], []).append(g)
    return groepen


def _groep_titel(eenheden: pd.DataFrame, samenwerking: str) -> str:
    """'Sociale Zaken Maastricht Heuvelland (SZMH)': the long name is the explanation up to its colon."""
    rij = eenheden.set_index("gemeente").loc[samenwerking]
    toelichting = str(rij.get("toelichting") or "")
    lang = toelichting.split(":", 1)[0].strip() if ":" in toelichting else ""
    return f"{lang} ({samenwerking})" if lang and lang != samenwerking else samenwerking


def toc(taken: list[Taak], eenheden: pd.DataFrame | None = None) -> dict:
    """The Jupyter Book table of contents: accountability chapters, the units grouped by cooperation (the
    cooperation first, then its gemeenten), pages per year and per source."""
    eenheden = laad().eenheden if eenheden is None else eenheden
    verantwoording = [{"file": "book/methode"}, {"file": "book/generated/bevindingen"}, {"file": "book/generated/dekking"},
                      {"file": "book/generated/kpi_overzicht"}, {"file": "book/woordenlijst"}, {"file": "book/generated/colofon"}]
    per_eenheid = _per_eenheid(taken)

    def hoofdstuk(g: str) -> dict:
        return {"file": f"book/generated/eenheid/{_eenheid_slug(g)}", "title": g,
                "sections": [{"file": _rel(t), "title": f"{titel(t.template)} {t.jaar}"} for t in per_eenheid[g]]}

    groepen = []
    ingedeeld: set[str] = set()
    for samenwerking, leden_ in samenwerkingen(eenheden).items():
        hoofdstukken = [hoofdstuk(g) for g in leden_ if g in per_eenheid]
        ingedeeld |= set(leden_)
        if hoofdstukken:
            groepen.append({"caption": _groep_titel(eenheden, samenwerking), "chapters": hoofdstukken})
    rest = [hoofdstuk(g) for g in per_eenheid if g not in ingedeeld]
    if rest:
        groepen.append({"caption": "Overige eenheden", "chapters": rest})
    jaren = sorted({t.jaar for t in taken if t.jaar is not None})
    modellen = ([{"file": "book/generated/aannames"}] if any(t.template == "aannames" for t in taken) else []) + [
        {"file": _rel(t), "title": t.nav_titel} for t in taken if t.model is not None]
    parts = [{"caption": "Verantwoording", "chapters": verantwoording},
             {"caption": "Rekenmodellen", "chapters": modellen},
             *groepen,
             {"caption": "Per jaar", "chapters": [{"file": f"book/generated/jaar/{j}", "title": str(j)} for j in jaren]},
             {"caption": "Brondocumenten", "chapters": [{"file": _rel(t), "title": t.nav_titel} for t in taken if t.bestand]}]
    return {"format": "jb-book", "root": "book/generated/start", "parts": [p for p in parts if p["chapters"]]}


def toc_tekst(taken: list[Taak], eenheden: pd.DataFrame | None = None) -> str:
    """``_toc.yml`` as text, with a header that says where it comes from."""
    kop = "# Generated by `python -m rekenboek build` from data/matrix.csv; do not edit by hand.\n"
    return kop + yaml.safe_dump(toc(taken, eenheden), sort_keys=False, allow_unicode=True)


# --------------------------------------------------------------------- index pages
def _link(t: Taak) -> str:
    return f"[{titel(t.template)}](../{t.uitvoer.relative_to(generated_dir()).as_posix()})"


# the anchor of a finding's card on the register page (rekenboek.report.findings.anker; the build does
# not import report code, so the scheme is repeated here and held by a test)
def _kaart_href(hoofdbevinding: str) -> str:
    return f"../bevindingen.html#hb-{html.escape(hoofdbevinding)}"


def _oordelen_zin(oordelen: pd.Series) -> str:
    telling = oordelen.value_counts()
    volgorde = ["afwijking", "doorwerking", "herziening", "niet-controleerbaar", "afronding", "klopt"]
    delen = [f"{nl_aantal(int(telling[o]))} {o}" for o in volgorde if o in telling]
    delen += [f"{nl_aantal(int(n))} {o}" for o, n in telling.items() if o not in volgorde]
    return ", ".join(delen)


def _bedrag(verschil, eenheid: str) -> str:
    try:
        d = Decimal(str(verschil))
    except (InvalidOperation, ValueError):
        return ""
    if eenheid == "EUR":
        return f"€\u00a0{nl_getal(d, 0)}"
    return nl_getal(d) if eenheid in ("aantal", "") else f"{nl_getal(d)} {eenheid}"


def _register() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The findings register and the root-cause register as the build wrote them (empty when absent)."""
    reg = bevindingen.lees(register_path()) if register_path().exists() else pd.DataFrame(
        columns=["id", "bestand", "oordeel", "gemeente", "jaar", "hoofdbevinding"])
    hb_pad = hoofdbevindingen.pad()
    hoofd = pd.read_csv(hb_pad, dtype=str, keep_default_na=False) if hb_pad.exists() else pd.DataFrame(
        columns=["id", "titel", "ernst", "verschil", "eenheid", "rang"])
    return reg.fillna(""), hoofd


def _eenheid_pagina(data: Register, g: str, ts: list[Taak], reg: pd.DataFrame, hoofd: pd.DataFrame,
                    bron_taken: dict[str, Taak], met_pagina: set[str]) -> str:
    """A unit's page as a small dashboard: who it is, key figures, its findings, its documents, its years."""
    e = data.eenheden.set_index("gemeente")
    rij = e.loc[g] if g in e.index else None
    regels = [f"# {html.escape(g, quote=False)}", ""]
    if rij is not None:
        if rij["soort"] == "samenwerking":
            leden_ = [x for x, s in zip(data.eenheden["gemeente"], data.eenheden["samenwerking"].fillna("")) if s == g]
            if leden_:
                links = ", ".join(f"[{x}]({_eenheid_slug(x)}.md)" if x in met_pagina else x for x in leden_)
                regels += [f"Samenwerking van {nl_aantal(len(leden_))} gemeenten: {links}.", ""]
        elif str(rij["samenwerking"] or ""):
            sw = str(rij["samenwerking"])
            naam = f"[{sw}]({_eenheid_slug(sw)}.md)" if sw in met_pagina else sw
            regels += [f"Gemeente in de samenwerking {naam}.", ""]
        if str(rij.get("toelichting") or ""):
            regels += [html.escape(str(rij["toelichting"]), quote=False) + ".", ""]   # text from data/, never HTML
    eigen = reg[reg["gemeente"] == g] if "gemeente" in reg else reg.iloc[0:0]
    jaren = sorted({t.jaar for t in ts})
    hb_ids = sorted({h for h in eigen.get("hoofdbevinding", pd.Series(dtype=str)) if h})
    hb = hoofd[hoofd["id"].isin(hb_ids)].copy()
    if "rang" in hb:
        hb = hb.assign(_r=pd.to_numeric(hb["rang"], errors="coerce")).sort_values("_r")
    regels += ["## Kerncijfers", "", "| | |", "|---|---|",
               f"| Jaren in dit boek | {jaren[0]}{'–' + str(jaren[-1]) if len(jaren) > 1 else ''} "
               f"({nl_aantal(len(jaren))} jaar, {nl_aantal(len(ts))} pagina's) |" if jaren else "| Jaren in dit boek | geen |",
               f"| Controles op cijfers van {g} | {nl_aantal(len(eigen))}"
               + (f": {_oordelen_zin(eigen['oordeel'])}" if len(eigen) else "") + " |"]
    if len(hb):
        per_ernst = hb["ernst"].replace("", "zonder ernst").value_counts()
        volgorde = ["materieel", "aandachtspunt", "triviaal"]
        soorten = [k for k in volgorde if k in per_ernst] + [k for k in per_ernst.index if k not in volgorde]
        regels.append(f"| Hoofdbevindingen | {nl_aantal(len(hb))}: "
                      + ", ".join(f"{nl_aantal(int(per_ernst[k]))} {k}" for k in soorten) + " |")
    else:
        regels.append("| Hoofdbevindingen | geen |")
    regels += ["", "## Bevindingen", ""]
    if len(hb):
        regels.append("De hoofdbevindingen waartoe controles op cijfers van deze eenheid behoren, de ernstigste eerst "
                      "(de kaart op de pagina Bevindingen geeft de onderdelen, de formule en de bronregels):")
        regels.append("")
        for r in hb.to_dict("records"):
            bedrag = _bedrag(r.get("verschil", ""), str(r.get("eenheid", "")))
            extra = ", ".join(x for x in (str(r.get("ernst") or ""), f"verschil {bedrag}" if bedrag else "") if x)
            regels.append(f'- <a href="{_kaart_href(r["id"])}">{html.escape(str(r["titel"]))}</a>'
                          + (f" ({extra})" if extra else ""))
    else:
        regels.append(f"Geen hoofdbevinding raakt de cijfers van {g}.")
    regels += ["", "## Documenten", ""]
    docs = sorted(set(eigen["bestand"])) if len(eigen) else []
    if docs:
        for b in docs:
            n = int((eigen["bestand"] == b).sum())
            t = bron_taken.get(b)
            naam = f"[Bron {b[:3]}: {t.titel_bron}](../{t.uitvoer.relative_to(generated_dir()).as_posix()})" if t else b
            regels.append(f"- {naam}: {nl_aantal(n)} {'controle' if n == 1 else 'controles'} op cijfers van {g}")
    else:
        regels.append(f"Geen brondocument met controles op cijfers van {g}.")
    regels += ["", "## Jaren", ""]
    alle = range(int(rij["jaar_van"]), int(rij["jaar_tot"]) + 1) if rij is not None and str(rij.get("jaar_van") or "") else jaren
    wel = met_inhoud(data)
    for jaar in sorted(set(alle) | set(jaren)):
        if links := ", ".join(_link(t) for t in ts if t.jaar == jaar):
            regels.append(f"- **{jaar}**: {links}")
        elif (g, jaar) not in wel:   # (a year left out of a partial book is not listed)
            regels.append(f"- **{jaar}**: geen pagina: de bronnen geven geen eigen cijfers van {g} over {jaar}")
    return "\n".join(regels) + "\n"


def index_paginas(data: Register, taken: list[Taak]) -> dict[str, str]:
    """Markdown pages per unit (a small dashboard: key figures, findings, documents, years) and per year
    (links to the pages of that year). Every figure is counted from the registers the build wrote."""
    uit: dict[str, str] = {}
    e = lambda tekst: html.escape(tekst, quote=False)   # noqa: E731  text from data/ is shown as text, never as HTML
    reg, hoofd = _register()
    bron_taken = {t.bestand: t for t in taken if t.bestand}
    for g, ts in _per_eenheid(taken).items():
        uit[f"eenheid/{_eenheid_slug(g)}.md"] = _eenheid_pagina(data, g, ts, reg, hoofd, bron_taken,
                                                                set(_per_eenheid(taken)))
    volgorde = [g for leden_ in samenwerkingen(data.eenheden).values() for g in leden_]
    per_eenheid = _per_eenheid(taken)
    for jaar in sorted({t.jaar for t in taken if t.jaar is not None}):
        regels = [f"# {jaar}", "", "Pagina's over dit jaar, per eenheid:", ""]
        for g in sorted(per_eenheid, key=lambda g: volgorde.index(g) if g in volgorde else len(volgorde)):
            links = ", ".join(_link(t) for t in per_eenheid[g] if t.jaar == jaar)
            if links:
                regels.append(f"- **{e(g)}**: {links}")
        uit[f"jaar/{jaar}.md"] = "\n".join(regels) + "\n"
    return uit
