"""The page "Cijfers" per unit and year: what the sources say about a unit in a year.

Every unit-year with records of its own gets this page (``data/matrix.csv``; see
:func:`rekenboek.build.pages.met_inhoud`), also when the formatie, financien and KPI templates have nothing for it. ``pagina(gemeente, jaar)`` selects the records
that carry the unit's ``gemeente`` label and the ``jaar`` label, groups them per source document
(one section each, carrying the ids of its records), takes the register checks that touch them
(as stated figure or as a component of the recomputation: :func:`rekenboek.report.page.raakt`)
and says plainly when the unit has no figures of its own in that year (pointing to its
cooperation, whose figures are on the cooperation's pages).

Nothing here repeats a printed figure: the values come from the records; the prose counts them.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from IPython.display import Markdown, display

from rekenboek.checks.bevindingen import Resultaat, bereken, laad_eenheid
from rekenboek.inputs.eenheden import slug, valideer
from rekenboek.inputs.register import Cijfer, Register
from rekenboek.numbers import Datum, nl_aantal, nl_datum, nl_eenheid, plain
from rekenboek.report.display import bevindingen_tabel, nl_waarde, oordelen_telling, toon_tabel
from rekenboek.report.page import Pagina, Sectie, raakt

# the chapters of a unit-year in data/matrix.csv, in the order a reader meets them
HOOFDSTUKKEN = {"formatie": "Formatie", "financien": "Financiën", "kpi": "KPI"}


def waarde_nl(c: Cijfer) -> str:
    """A record's value in Dutch notation (the findings tables' formatting); pro memorie as ``p.m.``."""
    if c.waarde is None:
        return "p.m." if c.is_pm else ""
    if isinstance(c.waarde, Datum):
        return nl_datum(c.waarde)
    if isinstance(c.waarde, Decimal):
        return nl_waarde(plain(c.waarde), c.eenheid)
    return str(c.waarde)


def _aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{nl_aantal(n)} {enkelvoud if n == 1 else meervoud}"


def _opsomming(delen: list[str]) -> str:
    return delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]


def records_van(register: Register, gemeente: str, jaar: int | None) -> list[Cijfer]:
    """Records with this ``gemeente`` label and this ``jaar`` label (``None``: no year), in source order."""
    j = "" if jaar is None else str(jaar)
    cs = [c for c in register.cijfers.values() if c.label("gemeente") == gemeente and c.label("jaar") == j]
    return sorted(cs, key=lambda c: (c.bestand, c.regel))


@dataclass
class CijferPagina(Pagina):
    register: Register | None = None
    records: list[Cijfer] = field(default_factory=list)   # this unit's records of this year, in source order
    zonder_jaar: int = 0                 # records with this unit's label and no year
    samenwerking: str = ""               # the cooperation a gemeente belongs to ('' for none)
    samenwerking_records: int = 0        # the cooperation's records of this year
    leden_records: int = 0               # for a cooperation: its gemeenten's records of this year
    hoofdstukken: list[str] = field(default_factory=list)  # chapters of this unit-year in data/matrix.csv

    # ---------------------------------------------------------------- lookups
    @property
    def documenten(self) -> list[tuple[str, str, list[Cijfer]]]:
        """(bestand, titel, records) per source document, in the catalogue's order; the title escaped for Markdown."""
        titels = self.register.bronnen.set_index("bestand")["titel"]
        per: dict[str, list[Cijfer]] = {}
        for c in self.records:
            per.setdefault(c.bestand, []).append(c)
        return [(b, html.escape(titels[b], quote=False), per[b]) for b in self.register.bronnen["bestand"] if b in per]

    def cijfertabel(self, bestand: str | None = None) -> pd.DataFrame | None:
        """The records (of one document, or all) as a table of Dutch strings."""
        cs = [c for c in self.records if bestand is None or c.bestand == bestand]
        if not cs:
            return None
        titels = self.register.tabellen.set_index("tabel")["titel"]
        return pd.DataFrame([{
            **({} if bestand else {"Document": c.bestand[:3]}),
            "Id": c.id, "Regel": c.regel, "Tabel": titels[c.tabel],
            "Rij": c.label("rij"), "Kolom": c.label("kolom"), "Gedrukt": c.tekst,
            "Waarde": waarde_nl(c), "Eenheid": nl_eenheid(c.eenheid), "Soort cijfer": c.rol, "Uitleg": c.label("uitleg"),
        } for c in cs])

    def document_secties(self) -> list[Sectie]:
        """One section per source document: a line of counts and the table of its figures."""
        secties = []
        for b, titel, cs in self.documenten:
            tabellen = len({c.tabel for c in cs})
            secties.append(Sectie(
                f"Bron {b[:3]}: {titel}",
                f"{_aantal(len(cs), 'cijfer', 'cijfers')} uit {_aantal(tabellen, 'tabel of passage', 'tabellen of passages')}, "
                f"regels {cs[0].regel}-{cs[-1].regel} van `{b}`.",
                [("", self.cijfertabel(b))], ids={c.id for c in cs}))
        return secties

    # ---------------------------------------------------------------- texts
    def maak_inleiding(self) -> str:
        g, j = self.gemeente, self.jaar
        zinnen: list[str] = []
        if self.records:
            docs = [f"{b[:3]} *{titel}* ({_aantal(len(cs), 'cijfer', 'cijfers')})" for b, titel, cs in self.documenten]
            een = len(self.records) == 1
            zinnen.append(f"De bronnen geven voor **{g} {j}** {_aantal(len(self.records), 'eigen cijfer', 'eigen cijfers')}: "
                          + (f"een getranscribeerd cijfer dat bij {g} en het jaar {j} hoort. Het komt uit "
                             if een else f"getranscribeerde cijfers die bij {g} en het jaar {j} horen. Ze komen uit ")
                          + f"{_aantal(len(docs), 'document', 'documenten')}: {_opsomming(docs)}.")
            n = len(self.bevindingen)
            if n:
                zinnen.append(f"{_aantal(n, 'controle', 'controles')} uit het register {'raakt' if n == 1 else 'raken'} "
                              f"{'dit cijfer' if een else 'deze cijfers'} (als gesteld cijfer of als onderdeel van de herberekening): "
                              f"{oordelen_telling(self.bevindingen['oordeel'])}.")
            else:
                zinnen.append(f"Geen controle uit het register raakt {'dit cijfer' if een else 'deze cijfers'}.")
        else:
            zinnen.append(f"De bronnen geven voor {g} in {j} geen eigen cijfers.")
        if self.samenwerking:
            s = self.samenwerking
            if self.samenwerking_records:
                zinnen.append(f"{g} hoort bij {s}; voor {s} geven de bronnen over {j} "
                              f"{_aantal(self.samenwerking_records, 'cijfer', 'cijfers')}. "
                              f"{'Dat staat' if self.samenwerking_records == 1 else 'Die staan'} op de pagina's van {s} {j}.")
            else:
                zinnen.append(f"{g} hoort bij {s}; ook voor {s} geven de bronnen over {j} geen eigen cijfers.")
        if self.leden_records:
            zinnen.append(f"De gemeenten van {g} hebben samen {_aantal(self.leden_records, 'eigen cijfer', 'eigen cijfers')} "
                          f"over {j}; {'dat staat' if self.leden_records == 1 else 'die staan'} op de pagina's van die gemeenten.")
        if self.hoofdstukken:
            zinnen.append(f"Hoofdstukken over {g} {j}: {_opsomming(self.hoofdstukken)}.")
        else:
            zinnen.append(f"Het rekenboek heeft voor {g} {j} geen hoofdstuk over formatie, financiën of KPI's.")
        if self.zonder_jaar:
            een = self.zonder_jaar == 1
            zinnen.append(f"Daarnaast {'hoort' if een else 'horen'} {_aantal(self.zonder_jaar, 'cijfer', 'cijfers')} "
                          f"bij {g} zonder jaar: {'het gaat' if een else 'ze gaan'} over {g} in het algemeen en "
                          f"{'staat' if een else 'staan'} daarom niet op deze pagina.")
        return " ".join(zinnen)

    @property
    def bevindingen_tekst(self) -> str:
        n = len(self.bevindingen)
        if not self.records:
            return (f"{self.gemeente} heeft in {self.jaar} geen eigen cijfers, dus geen controle uit het register "
                    "gaat over deze pagina.")
        if n == 0:
            return f"Geen controle uit het register raakt de cijfers van {self.gemeente} {self.jaar}."
        return (f"De {_aantal(n, 'controle', 'controles')} uit het register die een cijfer van deze pagina als gesteld "
                f"cijfer of als onderdeel gebruiken: {oordelen_telling(self.bevindingen['oordeel'])}.")

    # ---------------------------------------------------------------- display
    def toon(self) -> None:
        """Per document a heading, a line of counts and the table of figures (CSV download); then the checks."""
        if not self.records:
            display(Markdown(f"## Cijfers\n\n*Geen eigen cijfers voor {self.gemeente} {self.jaar}.*"))
        for s, (b, _titel, _cs) in zip(self.secties, self.documenten):   # one section per document
            display(Markdown(f"## {s.titel}\n\n{s.tekst}"))
            for _bijschrift, tabel in s.tabellen:
                toon_tabel(tabel, naam=f"{slug(self.gemeente, self.jaar)}-cijfers-{b[:3]}", prefix=self.prefix)
        display(Markdown("## Controles uit het register\n\n" + self.bevindingen_tekst))
        if self.records:
            toon_tabel(bevindingen_tabel(self.bevindingen) if len(self.bevindingen) else None,
                       leeg="*Geen controles op de cijfers van deze pagina.*",
                       naam=f"{slug(self.gemeente, self.jaar)}-cijfers-controles", prefix=self.prefix)


def pagina(gemeente: str, jaar: int | str, register: Register | None = None, resultaat: Resultaat | None = None) -> CijferPagina:
    """The page object of ``notebooks/cijfers.ipynb``; OngeldigeParameter for an unknown unit or year."""
    # only the documents about the unit's cooperation: a change to the other region's data leaves the page as it is
    register = register or laad_eenheid(gemeente)
    gemeente, jaar = valideer(register, gemeente, jaar)
    resultaat = resultaat or bereken(register)
    records = records_van(register, gemeente, jaar)
    eenheden = register.eenheden.set_index("gemeente")
    samenwerking = str(eenheden.loc[gemeente, "samenwerking"] or "")
    leden = [g for g, s in eenheden["samenwerking"].items() if s == gemeente]
    m = register.matrix
    templates = set(m[(m["gemeente"] == gemeente) & (m["jaar"] == str(jaar))]["template"])
    p = CijferPagina(
        gemeente, jaar, "", [], pd.DataFrame(), register=register, records=records,
        zonder_jaar=len(records_van(register, gemeente, None)),
        samenwerking=samenwerking,
        samenwerking_records=len(records_van(register, samenwerking, jaar)) if samenwerking else 0,
        leden_records=sum(len(records_van(register, g, jaar)) for g in leden),
        hoofdstukken=[titel for t, titel in HOOFDSTUKKEN.items() if t in templates]
        + [t.capitalize() for t in sorted(templates - set(HOOFDSTUKKEN) - {"cijfers"})],
    )
    p.secties = p.document_secties()
    # register rows touching the records (register order)
    p.bevindingen = raakt(resultaat.tabel, p.ids).reset_index(drop=True)
    p.inleiding = p.maak_inleiding()
    return p
