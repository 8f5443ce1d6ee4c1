"""The comparison page of a model (``notebooks/vergelijking.ipynb``): document against scenario, and sensitivity.

One page per model (``scenario``: Maastricht 2020-2024; ``szmh``; ``kostenverdeling``: MLW). The template
declares ``model`` and every assumption parameter of every model (default ``None`` = the document's
value); the page uses the ones of its own model. Without overrides the page is in its *document form*:
all assumptions with the document's values and source lines, every output, and the tornado around the
document's values. With overrides (a scenario) it also shows which outputs moved, by how much, and a
chart of the differences over the years; the tornado is then drawn around the scenario's values.

The numbers come from :mod:`rekenboek.models.vergelijking` and :mod:`rekenboek.models.gevoeligheid`
(exact); this module only formats them in Dutch. A comparison page judges nothing: it shows no checks
of the printed figures (those are on the financial pages and in the register).
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

import pandas as pd

from rekenboek.checks.bevindingen import laad_dossier
from rekenboek.errors import OngeldigeParameter
from rekenboek.inputs.register import Register
from rekenboek.models.gevoeligheid import Gevoeligheid, Tornado, gevoeligheid, model_aannames
from rekenboek.models.vergelijking import MODELLEN, Uitkomst, Vergelijking, Verschil, model_def, vergelijk
from rekenboek.numbers import nl_aantal, nl_getal
from rekenboek.report.gevoeligheid_grafiek import NBSP, bedrag, tornado_alt, tornado_figuur, verschil_figuur
from rekenboek.report.page import Pagina, Sectie, figuur, toon_figuren, toon_secties
from rekenboek.report.pages.aannames import beleid_tabel, waarden_tabel

#: how many series the chart of differences draws at most (the largest differences)
MAX_REEKSEN = 6
GEWIJZIGD = "◆"
#: sections whose (long) tables are shown as sortable, searchable tables with paging
INTERACTIEF = {"Wat het scenario verandert": "vergelijking-gewijzigd", "Alle uitkomsten": "vergelijking-alle"}


def aanname_namen() -> set[str]:
    """Every model's assumption parameters (the template's parameters besides ``model``)."""
    return set().union(*(set(d.parameters) for d in MODELLEN.values()))


def aannames_uit(namespace: Mapping[str, object]) -> dict[str, object]:
    """The assumption parameters a notebook was run with (None = the document's value)."""
    namen = aanname_namen()
    return {k: v for k, v in namespace.items() if k in namen}


# ------------------------------------------------------------------ display
def waarde(v: Decimal | None, eenheid: str) -> str:
    """A model value in Dutch: whole euros (cents when below one euro), percentages with two decimals."""
    if v is None:
        return "pm"
    if eenheid == "pct":
        return f"{nl_getal(v.quantize(Decimal('0.01')), 2)}{NBSP}%"
    if v and abs(v) < 1:
        return f"€{NBSP}{nl_getal(v.quantize(Decimal('0.01')), 2)}"
    return f"€{NBSP}{nl_getal(v.quantize(Decimal(1)), 0)}"


def verschil_rij(v: Verschil, scenario: bool, markeer: bool = True) -> dict[str, str]:
    u = v.uitkomst
    rij = {"Gewijzigd": GEWIJZIGD if v.gewijzigd else ""} if scenario and markeer else {}
    rij |= {"Uitkomst": u.omschrijving, "Jaar": "" if u.jaar is None else str(u.jaar),
            "Document": waarde(v.document, u.eenheid)}
    if scenario:
        rel = v.relatief
        rij |= {"Scenario": waarde(v.scenario, u.eenheid),
                "Verschil": "—" if v.absoluut is None else waarde(v.absoluut, u.eenheid),
                "Verschil (%)": "—" if rel is None else f"{nl_getal(rel.quantize(Decimal('0.01')), 2)}{NBSP}%"}
    return rij


def uitkomsten_tabel(verschillen: list[Verschil], scenario: bool, markeer: bool = True) -> pd.DataFrame:
    """Every output (or the moved ones): document value, and with a scenario its value and the difference;
    ``markeer``: a first column marks the moved cells (left out where every row moved)."""
    return pd.DataFrame([verschil_rij(v, scenario, markeer) for v in verschillen])


#: what each column of the outputs download holds (the workbook's sheet "Toelichting")
MACHINE_UITLEG = {
    "model": "het rekenmodel", "sleutel": "de uitkomstcel in het model", "uitkomst": "wat de uitkomst is",
    "jaar": "het jaar van de uitkomst; leeg als die geen jaar heeft", "eenheid": "EUR (euro) of pct (procent)",
    "document": "de uitkomst met de aannames van het document (exact)",
    "scenario": "de uitkomst met de aannames van het scenario (exact)", "verschil": "scenario min document",
    "verschil_pct": "het verschil in procent van de documentwaarde; leeg als het niet te berekenen is",
    "gewijzigd": "ja als het scenario de uitkomst verandert"}


def machine_tabel(vg: Vergelijking) -> pd.DataFrame:
    """Every output cell with exact Decimal values (None where there is none): for a spreadsheet, not for reading."""
    df = pd.DataFrame([{"model": vg.model, "sleutel": "/".join(v.uitkomst.sleutel), "uitkomst": v.uitkomst.omschrijving,
                          "jaar": "" if v.uitkomst.jaar is None else str(v.uitkomst.jaar), "eenheid": v.uitkomst.eenheid,
                          "document": v.document, "scenario": v.scenario, "verschil": v.absoluut,
                          "verschil_pct": v.relatief, "gewijzigd": "ja" if v.gewijzigd else "nee"}
                         for v in vg.verschillen])
    if not vg.is_scenario:
        df = df.drop(columns=["scenario", "verschil", "verschil_pct", "gewijzigd"])
    return df


def verschil_reeksen(vg: Vergelijking, maximaal: int = MAX_REEKSEN) -> dict[str, dict[int, Decimal]]:
    """The moved amount series with a year, the largest difference first: label -> year -> difference."""
    reeksen: dict[str, dict[int, Decimal]] = {}
    for v in vg.gewijzigd:
        u = v.uitkomst
        if u.jaar is None or u.eenheid != "EUR" or v.absoluut is None:
            continue
        reeksen.setdefault(u.omschrijving, {})[u.jaar] = v.absoluut
    for naam, r in reeksen.items():           # a series drawn over all its years, also the unmoved ones (0)
        for w in vg.verschillen:
            if w.uitkomst.omschrijving == naam and w.uitkomst.jaar is not None and w.absoluut is not None:
                r.setdefault(w.uitkomst.jaar, w.absoluut)
    # series with exactly the same differences (Tabel 14 and 17 in every scenario, say) are drawn once
    groepen: dict[tuple, list[str]] = {}
    for naam, r in reeksen.items():
        groepen.setdefault(tuple(sorted(r.items())), []).append(naam)
    uniek = {(namen[0] + (f" (en {len(namen) - 1} reeks{'en' if len(namen) > 2 else ''} met hetzelfde verschil)"
                          if len(namen) > 1 else "")): dict(sig) for sig, namen in groepen.items()}
    orde = sorted(uniek, key=lambda n: -max(abs(x) for x in uniek[n].values()))
    return {n: uniek[n] for n in orde[:maximaal]}


def verschil_alt(reeksen: dict[str, dict[int, Decimal]], totaal: int) -> str:
    delen = []
    for naam, r in reeksen.items():
        j = max(r)
        delen.append(f"{naam}: {bedrag(r[j], 'EUR', True)} in {j}")
    meer = f" (de {len(reeksen)} met het grootste verschil van {totaal} reeksen)" if totaal > len(reeksen) else ""
    return (f"Lijndiagram van het verschil scenario min document per jaar{meer}. " + "; ".join(delen) + ".")


def gevoeligheid_tabel(t: Tornado) -> pd.DataFrame:
    u = t.uitkomst
    return pd.DataFrame([{"Aanname": b.variatie.label, "Band": b.variatie.band_tekst + (" (tot de grens)" if b.variatie.begrensd else ""),
                          "Onderkant van de band: uitkomst (effect)":
                              f"{waarde(b.laag, u.eenheid)} ({bedrag(b.effect_laag, u.eenheid, True)})",
                          "Bovenkant van de band: uitkomst (effect)":
                              f"{waarde(b.hoog, u.eenheid)} ({bedrag(b.effect_hoog, u.eenheid, True)})"}
                         for b in t.balken])


# ------------------------------------------------------------------ the page
@dataclass
class VergelijkingPagina(Pagina):
    """A comparison page lives one folder down (``vergelijking/<model>``) and shows no checks."""

    model: str = ""
    vergelijking: Vergelijking | None = None
    gevoeligheid: Gevoeligheid | None = None

    @property
    def prefix(self) -> str:
        return "../"

    def toon_download(self) -> None:
        """Every output cell, exact, as a download next to the page: ``<model>-uitkomsten.xlsx``,
        ``<model>-uitkomsten-document.csv`` (or ``-scenario-en-document``) and its ``-machine.csv``."""
        from rekenboek.report.display import toon_werkboek

        tabel = machine_tabel(self.vergelijking)
        blad = "scenario en document" if self.vergelijking.is_scenario else "document"
        toon_werkboek(f"{self.model}-uitkomsten", "alle uitkomsten", {blad: tabel},
                      {k: v for k, v in MACHINE_UITLEG.items() if k in tabel.columns}, machine=True)

    def toon(self) -> None:
        """The sections; the long output tables sortable and searchable (every row embedded)."""
        from IPython.display import Markdown, display

        from rekenboek.report.display import interactief_init, toon_interactief

        interactief_init()
        for s in self.secties:
            if s.titel not in INTERACTIEF:
                toon_secties([s], leeg=self.leeg, prefix=self.prefix, stam=self.model)
                continue
            display(Markdown(f"## {s.titel}" + (f"\n\n{s.tekst}" if s.tekst else "")))
            toon_figuren(s.figuren)
            for bijschrift, tabel in s.tabellen:
                if bijschrift:
                    display(Markdown(f"*{bijschrift}*"))
                if tabel is None or tabel.empty:
                    display(Markdown("*Geen.*"))
                else:
                    toon_interactief(tabel, table_id=INTERACTIEF[s.titel], brede_kolommen=("Uitkomst",))
            if s.titel == "Alle uitkomsten":
                self.toon_download()


def _kern_tekst(gv: Gevoeligheid) -> str:
    zinnen = []
    for t in gv.tornados:
        if not t.balken:
            continue
        b = t.balken[0]
        u = t.uitkomst
        zinnen.append(f"Op '{u.omschrijving}{f' {u.jaar}' if u.jaar else ''}' ({bedrag(t.basis, u.eenheid)}) werkt "
                      f"**{b.variatie.label}** het sterkst: {b.variatie.band_tekst} geeft "
                      f"{bedrag(b.effect_laag, u.eenheid, True)} tot {bedrag(b.effect_hoog, u.eenheid, True)}.")
    return " ".join(zinnen)


def pagina(model: str, register: Register | None = None, **aannames) -> VergelijkingPagina:
    """The comparison page of ``model`` with the overrides in ``aannames`` (None = the document's value)."""
    d = model_def(model)
    onbekend = sorted(k for k in aannames if k not in aanname_namen())
    if onbekend:
        raise OngeldigeParameter(f"onbekende aanname(s): {', '.join(onbekend)}.")
    register = register if register is not None else laad_dossier(*d.documenten)
    eigen = {k: v for k, v in aannames.items() if k in d.parameters and v is not None}
    andere = sorted(k for k, v in aannames.items() if k not in d.parameters and v is not None)
    vg = vergelijk(model, register, eigen)
    gv = gevoeligheid(model, register, eigen, basis=vg.scenario)
    scenario = vg.is_scenario
    n, verschoven = len(vg.verschillen), len(vg.gewijzigd)

    rijen = model_aannames(model)
    ids = {i for a in rijen for p in a.records for i in fnmatch.filter(list(register.cijfers), p)}
    secties = [Sectie("Aannames",
                      "Elke aanname van het model met de waarde uit het document en de regel in de bron, of 'afgeleid' "
                      "met de redenering als het document de waarde niet noemt"
                      + (", en de waarde in dit scenario." if scenario else "."),
                      [("Waarde in het document en bron", waarden_tabel(model, register,
                                                                         vg.scenario.aannames if scenario else None)),
                       ("Betekenis, eenheid, grenzen, gevoeligheidsband en wat de aanname stuurt", beleid_tabel(model))], ids=ids)]
    if scenario:
        reeksen = verschil_reeksen(vg)
        aantal_reeksen = len(verschil_reeksen(vg, maximaal=10 ** 6))
        figuren = [(verschil_alt(reeksen, aantal_reeksen),
                    lambda: verschil_figuur(reeksen, f"{d.titel}: verschil scenario − document"))] if reeksen else []
        secties.append(Sectie(
            "Wat het scenario verandert",
            f"Van de {nl_aantal(n)} uitkomsten van het model wijken er **{nl_aantal(verschoven)}** af van de doorrekening "
            f"met de aannames van het document (exact berekend; een verschil is scenario − document, relatief ten "
            f"opzichte van de documentwaarde)."
            + ("" if figuren else " Geen van de gewijzigde uitkomsten is een bedrag per jaar; er is geen grafiek.")
            + (f" De grafiek toont de {len(reeksen)} reeksen met het grootste verschil." if aantal_reeksen > len(reeksen) else ""),
            [("Gewijzigde uitkomsten", uitkomsten_tabel(vg.gewijzigd, True, markeer=False) if vg.gewijzigd else None)],
            figuren))
    secties.append(Sectie(
        "Alle uitkomsten",
        (f"Alle {nl_aantal(n)} uitkomsten; een uitkomst die het scenario verandert is gemarkeerd met '{GEWIJZIGD}' "
         f"(sorteer op de eerste kolom om ze bovenaan te zetten)." if scenario else
         f"Alle {nl_aantal(n)} uitkomsten van het model met de aannames van het document. In een scenarioboek "
         f"(zie de README) staat hier ook de waarde in het scenario en het verschil, en zijn de gewijzigde cellen "
         f"gemarkeerd."),
        [("", uitkomsten_tabel(vg.verschillen, scenario))]))
    zonder = ", ".join(a.naam for a in gv.zonder_band) or "geen"
    # a bar without effect on an output (an agenda's opening balance on the other agenda) is named, not drawn
    getoond = [Tornado(t.uitkomst, t.basis, [b for b in t.balken if b.reikwijdte]) for t in gv.tornados]
    geen_effect = "".join(
        f" Geen effect op '{t.uitkomst.omschrijving}{f' {t.uitkomst.jaar}' if t.uitkomst.jaar else ''}': "
        f"{', '.join(b.variatie.label for b in t.balken if not b.reikwijdte)}."
        for t in gv.tornados if any(not b.reikwijdte for b in t.balken))
    secties.append(Sectie(
        "Gevoeligheid",
        f"Elke aanname met een gevoeligheidsband schuift, één tegelijk, naar de onder- en bovenkant van haar band "
        f"rond de {'waarden van het scenario' if scenario else 'waarden van het document'}; het model rekent "
        f"telkens opnieuw. De banden zijn beleid van dit boek (`data/modellen/aannames.csv`). Kernuitkomst: "
        f"{d.kern_toelichting}. {_kern_tekst(gv)}{geen_effect} Aannames zonder band (niet verschoven): {zonder}.",
        [(f"{t.uitkomst.omschrijving}{f' {t.uitkomst.jaar}' if t.uitkomst.jaar else ''}", gevoeligheid_tabel(t) if t.balken else None)
         for t in getoond],
        [(tornado_alt_alle(getoond), lambda: tornado_figuur(getoond, f"{d.titel}: gevoeligheid"))]
        if getoond else []))

    inleiding = (f"**{d.titel}.** " + (
        f"Dit model is doorgerekend met de aannames van dit scenario en met die van het document; {nl_aantal(verschoven)} "
        f"van de {nl_aantal(n)} uitkomsten verschillen." if scenario else
        f"Deze pagina toont de documentvorm: alle aannames van het model met hun waarde uit het brondocument, alle "
        f"uitkomsten en de gevoeligheid voor elke aanname.")
        + (f" Aannames voor andere modellen ({', '.join(andere)}) spelen op deze pagina geen rol." if andere else ""))
    p = VergelijkingPagina(d.titel, None, inleiding, secties, pd.DataFrame(), list(vg.scenario.afwijkend))
    p.model, p.vergelijking, p.gevoeligheid = model, vg, gv
    return p


def tornado_alt_alle(tornados: list[Tornado]) -> str:
    return " ".join(tornado_alt(t) for t in tornados)


def uitkomst_label(u: Uitkomst) -> tuple[str, str]:
    """How the page's tables name an output cell: (Uitkomst, Jaar)."""
    return u.omschrijving, "" if u.jaar is None else str(u.jaar)
