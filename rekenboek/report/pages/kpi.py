"""The KPI page per unit and year (``notebooks/kpi.ipynb``): norms, realisations, verdicts, figures.

``pagina(gemeente, jaar)`` loads the documents the KPI registers cite, evaluates every norm
that applies (:mod:`rekenboek.models.kpi`) and returns a :class:`KpiPagina` whose sections
carry the record ids they are about; the page's checks are the register rows that touch
those ids (:func:`rekenboek.report.page.raakt`), leaving out checks about another gemeente's
own figures. Everything shown comes from the records and the registers; this module only
words, formats and draws.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display
from matplotlib.ticker import FuncFormatter

from rekenboek.checks.bevindingen import Resultaat, bereken, laad_dossier
from rekenboek.errors import OngeldigeParameter
from rekenboek.inputs.eenheden import valideer
from rekenboek.inputs.indicatoren import SAMENWERKING, Indicator, KpiGegevens, Realisatie, documenten, laad_kpi
from rekenboek.inputs.register import Cijfer, Register
from rekenboek.models import kpi
from rekenboek.models.kpi import (GEHAALD, NIET_GEHAALD, NIET_VERGELIJKBAAR, ONBEKEND, WIJZIGINGEN, Afgeleid, Oordeel,
                                  Wijziging)
from rekenboek.numbers import datum_uit_iso, nl_datum, nl_getal
from rekenboek.report.charts import KLEUREN, STIJL_CL, alt_tekst, legenda_soorten, teken
from rekenboek.report.display import bevindingen_tabel, oordelen_telling, toon_tabel
from rekenboek.report.page import Pagina, Sectie, raakt, toon_secties

# Shapes rather than coloured emoji: they render in any font (headless browsers have no emoji font)
# and do not rely on colour to carry the verdict.
STOPLICHT = {GEHAALD: "✔ gehaald", NIET_GEHAALD: "✘ niet gehaald", NIET_VERGELIJKBAAR: "≠ niet vergelijkbaar",
             ONBEKEND: "? onbekend"}


# ------------------------------------------------------------------ display helpers
def getal(c: Cijfer | None, waarde: Decimal | None = None, eenheid: str | None = None) -> str:
    """A record's (or a value's) figure in Dutch notation with its unit; ``onbekend`` without one."""
    if c is None and waarde is None:
        return "onbekend"
    w = c.waarde if waarde is None else waarde
    e = c.eenheid if eenheid is None else eenheid
    if e == "EUR":
        return f"€ {nl_getal(w)}"
    if e == "pct":
        return f"{nl_getal(w)} %"
    if e == "maand":
        return f"{nl_getal(w)} maanden"
    return nl_getal(w)


_TEKEN = {("minimaal", True): ">", ("minimaal", False): "≥", ("minimale score", False): "≥", ("minimale score", True): ">",
          ("maximaal", True): "<", ("maximaal", False): "≤", ("exact aantal", False): "=", ("exact aantal", True): "=",
          ("streefwaarde", False): "streef", ("streefwaarde", True): "streef"}


def normtekst(ind: Indicator) -> str:
    if ind.norm is None:
        return ind.definitie if ind.richting == "kwalitatief" else "onbekend"
    return f"{_TEKEN[(ind.richting, ind.strikt)]} {getal(ind.norm)}"


def bron(*cs: Cijfer) -> str:
    """Source lines as ``000:123, 002:45``."""
    return ", ".join(f"{c.bestand[:3]}:{c.regel}" for c in cs)


def periode_nl(p: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", p):
        return nl_datum(datum_uit_iso(p)) + (" (t/m)" if len(p) == 7 else "")
    return p.replace("-H1", " 1e helft").replace("-H2", " 2e helft")


def _q(w: Decimal, exponent: str) -> str:
    return nl_getal(w.quantize(Decimal(exponent)))


# ------------------------------------------------------------------ the page
@dataclass
class KpiPagina(Pagina):
    normen: list[tuple[Indicator, Realisatie | None, Oordeel]] = field(default_factory=list)
    realisaties: list[Realisatie] = field(default_factory=list)
    wijzigingen: list[Wijziging] = field(default_factory=list)
    realisaties_bestand: str = ""
    alleen_scope: list[Indicator] = field(default_factory=list)   # the cooperation's norms that are not this member's

    def oordeel(self, indicator: str, scope: str | None = None) -> str:
        """The verdict of one indicator on this page (tests and prose use it)."""
        for ind, _r, o in self.normen:
            if ind.indicator == indicator and (scope is None or ind.scope == scope):
                return o.oordeel
        raise KeyError(indicator)

    @property
    def telling(self) -> dict[str, int]:
        return kpi.telling(o for _i, _r, o in self.normen)

    @property
    def bevindingen_tekst(self) -> str:
        n = len(self.bevindingen)
        if n == 0:
            return f"Het register bevat geen controles op de KPI-cijfers van {self.gemeente} {self.jaar}."
        return (f"{n} controles uit het register raken de KPI-cijfers van {self.gemeente} {self.jaar}: "
                f"{oordelen_telling(self.bevindingen['oordeel'])}.")

    @property
    def normtabel(self) -> pd.DataFrame | None:
        if not self.normen:
            return None
        # the verdict and its figures first: on a narrow screen they are what stays visible
        return pd.DataFrame([{
            "Indicator": ind.definitie, "Oordeel": STOPLICHT[o.oordeel], "Norm": normtekst(ind),
            "Realisatie": "onbekend" if r is None else (f"{getal(None, r.waarde, ind.eenheid)} ({kpi.periode_woorden(r.periode)}, "
                                                        f"{r.status}" + (f"; {r.gemeente} als geheel" if r.gemeente != self.gemeente else "") + ")"),
            "Toelichting": o.reden, "Geldt voor": ind.scope, "Domein": ind.domein, "Richting": ind.richting,
            "Bron realisatie": "" if r is None else (bron(r.record) if r.record else f"analist: {r.bron}"),
            "Bron norm": f"{ind.bestand[:3]}:{ind.regel}", "Sleutel": ind.indicator,
            "Dubbelzinnig": ind.dubbelzinnig,
        } for ind, r, o in self.normen])

    @property
    def wijzigingstabel(self) -> pd.DataFrame | None:
        if not self.wijzigingen:
            return None
        return pd.DataFrame([{
            "Indicator": (w.naar or w.van).definitie, "Geldt voor": w.scope,
            f"Norm {self.jaar - 1}": normtekst(w.van) if w.van else "—",
            f"Norm {self.jaar}": normtekst(w.naar) if w.naar else "—",
            "Wijziging": w.wijziging, "Toelichting": w.toelichting,
            "Definitie gewijzigd": (w.naar.definitiewijziging if w.naar and w.van else "") or ("nee" if w.naar and w.van else "—"),
        } for w in self.wijzigingen])

    def toon(self) -> None:
        """Display every section (heading, text, tables, charts), then the findings."""
        toon_secties(self.secties, leeg=self.leeg, prefix=self.prefix, stam=f"{self.stam}-kpi")
        display(Markdown("## Controles uit het register\n\n" + self.bevindingen_tekst))
        toon_tabel(bevindingen_tabel(self.bevindingen) if len(self.bevindingen) else None,
                   leeg="*Geen controles op de KPI-cijfers van deze pagina.*", prefix=self.prefix,
                   naam=f"{self.stam}-kpi-controles", titel="Controles uit het register")


def _inleiding(p: KpiPagina, gemeenten: tuple[str, ...]) -> str:
    g, j = p.gemeente, p.jaar
    if not p.normen:
        return (f"*Niet bekend:* de bronnen geven geen KPI-normen voor {g} {j}. De dienstverleningsovereenkomsten "
                f"gaan over 2017 (DVO 2017) en 2018 (DVO Participatiewet 2018 en Uitvoeringsovereenkomst Onderwijs 2018); "
                f"de verzuimnormen over 2016 en 2017." + (" Wat de bronnen wel over dit jaar zeggen, staat hieronder."
                                                          if any(s.tabellen for s in p.secties) else ""))
    t = p.telling
    eigen = sum(1 for i, _r, _o in p.normen if i.scope == g and g != SAMENWERKING)
    breed = len(p.normen) - eigen
    delen = [f"Voor **{g} {j}** gelden {len(p.normen)} normen"]
    if g in gemeenten:
        delen.append(f" ({breed} voor heel {SAMENWERKING}, die voor elke MH-gemeente gelden, en {eigen} voor {g} zelf)")
    delen.append(f". Oordeel: {t[GEHAALD]} gehaald, {t[NIET_GEHAALD]} niet gehaald, {t[NIET_VERGELIJKBAAR]} niet vergelijkbaar, "
                 f"{t[ONBEKEND]} onbekend. Een norm zonder bekende realisatie heet *onbekend*: het rekenboek toont alleen realisaties "
                 "die een bron of een analist heeft aangeleverd. *Niet vergelijkbaar* is een realisatie over een andere periode "
                 "dan die van de norm (bijvoorbeeld januari t/m november tegen een jaarnorm).")
    if p.alleen_scope:
        delen.append(f" Daarnaast gelden in {j} {len(p.alleen_scope)} normen alleen voor {SAMENWERKING} als geheel: totalen over "
                     f"de gemeenten samen en de eigen bedrijfsvoering van {SAMENWERKING} (zoals het ziekteverzuim van de "
                     f"medewerkers). Die worden niet aan {g} toegerekend; ze staan op de KPI-pagina van {SAMENWERKING} {j}.")
    analist = sum(1 for r in p.realisaties if r.door_analist)
    if analist:
        delen.append(f" Deze pagina gebruikt {analist} realisatie(s) van analisten uit `{p.realisaties_bestand}`.")
    return "".join(delen)


# ------------------------------------------------------------------ sections
def _sectie_normen(p: KpiPagina) -> Sectie:
    ids = {i.norm.id for i, _r, _o in p.normen if i.norm is not None} | {c.id for i, _r, _o in p.normen for c in i.overige}
    return Sectie("Normen, realisatie en oordeel",
                  "Per norm de gedrukte waarde, de realisatie als een bron of een analist die geeft, en het oordeel "
                  f"({', '.join(STOPLICHT.values())}). De vergelijking is exact; een norm met '>' of '<' is strikt.",
                  [("", p.normtabel)], ids=ids)


def _sectie_wijzigingen(p: KpiPagina) -> Sectie:
    tekst = (f"Dezelfde indicator in {p.jaar - 1} en {p.jaar} gekoppeld. *Verhoogd* betekent aangescherpt in de "
             "richting van de norm (bij een maximum: een lager maximum).")
    if p.wijzigingen:
        tel = pd.Series([w.wijziging for w in p.wijzigingen]).value_counts()
        tekst += " " + ", ".join(f"{tel[k]} {k}" for k in WIJZIGINGEN if k in tel) + "."
    else:
        tekst += f" Voor {p.gemeente} zijn er in {p.jaar - 1} en {p.jaar} geen normen om te vergelijken."
    return Sectie(f"Normen {p.jaar - 1} en {p.jaar} vergeleken", tekst, [("", p.wijzigingstabel)])


def _sectie_realisaties(p: KpiPagina, gegevens: KpiGegevens) -> Sectie:
    eenheid = {i.indicator: i.eenheid for i in gegevens.indicatoren}
    # only realisations a norm of this page could use: the page unit's own rows, and the cooperation's rows of
    # indicators whose norm applies per gemeente (never SZMH's own staff figures or totals on a member's page)
    per_gemeente = {i.indicator for i, _r, _o in p.normen if i.niveau == "per gemeente"}
    relevant = [r for r in p.realisaties if r.jaar == p.jaar
                and (r.gemeente == p.gemeente or (r.gemeente == SAMENWERKING and r.indicator in per_gemeente))]
    tabel = None
    if relevant:
        tabel = pd.DataFrame([{
            "Indicator": r.indicator, "Gemeente": r.gemeente, "Periode": kpi.periode_woorden(r.periode),
            "Waarde": getal(None, r.waarde, eenheid[r.indicator]), "Status": r.status,
            "Bron": (f"{bron(r.record)} ({r.record.id})" if r.record else f"analist: {r.bron}"),
        } for r in sorted(relevant, key=lambda r: (r.indicator, r.gemeente, r.periode))])
    tekst = (f"De realisaties over {p.jaar} uit `{p.realisaties_bestand}` die voor deze pagina gelden: rijen met een recordnummer "
             "komen uit de bronnen, andere rijen van analisten. Een analist voegt een rij toe en bouwt opnieuw; de pagina beoordeelt "
             "de rij dan tegen de norm.")
    ids = {r.record.id for r in relevant if r.record is not None}
    return Sectie("Realisaties", tekst, [("", tabel)], ids=ids)


def ue_tabel(register: Register, gemeente: str) -> pd.DataFrame | None:
    reeks = kpi.uitkeringseenheden(register, gemeente)
    if not reeks:
        return None
    namen = {"realisatie": "standcijfer (realisatie)", "prognose": "prognose (DVO 2017)", "norm": "norm (DVO 2018)"}
    return pd.DataFrame([{"Peildatum": nl_datum(datum_uit_iso(s.datum)), "Soort": namen[s.soort],
                          "Uitkeringseenheden": nl_getal(s.record.waarde), "Bron": bron(s.record)} for s in reeks])


def _heel_getal(v: float, _pos) -> str:
    return nl_getal(Decimal(str(round(v))))


_UE_SOORT = {"realisatie": "standcijfer", "prognose": "prognose DVO 2017", "norm": "norm DVO 2018 (maximum)"}


def ue_alt(register: Register, gemeenten: tuple[str, ...]) -> str:
    """Alt text of :func:`ue_figuur` with every point in Dutch notation."""
    delen = []
    for g in gemeenten:
        reeks = kpi.uitkeringseenheden(register, g)
        delen.append(f"{g} " + ", ".join(f"{_UE_SOORT[st.soort]} {nl_datum(datum_uit_iso(st.datum))} {nl_getal(st.record.waarde)}"
                                          for st in reeks))
    return alt_tekst("Puntdiagram", "de uitkeringseenheden per peildatum, met standcijfer (gevulde stip), prognose (open stip) "
                     "en norm (streepje) als verschillende tekens", delen,
                     "" if len(gemeenten) == 1 else "De verticale as begint niet bij nul.")


def ue_figuur(register: Register, gemeenten: tuple[str, ...], titel: str):
    """Benefit units: standcijfer, prognosis and norm as three different marks (never joined as one line),
    one colour per gemeente, each value written in Dutch notation (a function that makes the Figure)."""
    def maak():
        kleuren = [k for k in KLEUREN if k != "#F0E442"]
        with plt.rc_context(STIJL_CL):
            fig, ax = plt.subplots(figsize=(9, 4.6))
            soorten: list[str] = []
            for k, g in enumerate(gemeenten):
                kleur = kleuren[k % len(kleuren)]
                for st in kpi.uitkeringseenheden(register, g):
                    x, y = datum_uit_iso(st.datum).begin, float(st.record.waarde)
                    teken(ax, [x], [y], st.soort, kleur, None)
                    soorten.append(st.soort)
                    ax.annotate(nl_getal(st.record.waarde), (x, y), textcoords="offset points", xytext=(14, -3),
                                fontsize=8, color=kleur)
                ax.plot([], [], color=kleur, linewidth=6, label=g)
            ax.set_title(titel)
            ax.set_xlabel("peildatum")
            ax.set_ylabel("uitkeringseenheden (aantal)" + ("" if len(gemeenten) == 1 else "; as begint niet bij nul"))
            ax.yaxis.set_major_formatter(FuncFormatter(_heel_getal))
            ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: nl_datum(datum_uit_iso(mdates.num2date(v).date().isoformat()))))
            ax.margins(x=0.12, y=0.12)
            handles = legenda_soorten(dict.fromkeys(soorten))
            if len(gemeenten) > 1:
                handles += ax.get_legend_handles_labels()[0]
            ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
        return fig
    return maak


def _steun_tabel(register: Register, gemeente: str, jaar: int) -> pd.DataFrame | None:
    cs = kpi.records(register, tabel=kpi.STEUN_TABEL, gemeente=gemeente, jaar=str(jaar))
    if not cs:
        return None
    rijen: dict[str, dict] = {}
    for c in cs:
        soort = "huishoudens" if "-hh-" in c.id else "inwoners"
        half = c.id.rsplit("-", 1)[1]
        rijen.setdefault(c.label("rij"), {"Pijler": c.label("rij")})[f"{soort} {half[:4]} {half[5]}e helft"] = nl_getal(c.waarde)
    return pd.DataFrame(list(rijen.values()))


def _stapeling_tabel(register: Register, jaar: int) -> pd.DataFrame | None:
    cs = [c for c in kpi.records(register, tabel=kpi.STAPELING_TABEL, jaar=str(jaar)) if c.rol in ("cel", "totaal")]
    if not cs:
        return None
    rijen: dict[str, dict] = {}
    for c in cs:
        rijen.setdefault(c.label("rij"), {"Samenloop": c.label("rij")})[c.label("kolom")] = f"{nl_getal(c.waarde)} %"
    return pd.DataFrame(list(rijen.values()))


def _steun_alt(register: Register, gemeente: str) -> str:
    cs = [c for c in kpi.records(register, tabel=kpi.STEUN_TABEL, rol="cel") if "-hh-" in c.id]
    halven = kpi.halfjaren(register)
    delen = [f"{p}: " + ", ".join(f"{nl_getal(c.waarde)} ({h[5]}e helft {h[:4]})" for h in halven for c in cs
                                  if c.label("rij") == p and c.id.endswith(h))
             for p in dict.fromkeys(c.label("rij") for c in cs)]
    return alt_tekst("Staafdiagram", f"de huishoudens met ondersteuning per pijler in {gemeente}, per halfjaar", delen)


def _steun_figuur(register: Register):
    def maak():
        cs = [c for c in kpi.records(register, tabel=kpi.STEUN_TABEL, rol="cel") if "-hh-" in c.id]
        pijlers = list(dict.fromkeys(c.label("rij") for c in cs))
        halven = kpi.halfjaren(register)
        kleuren = KLEUREN[4], KLEUREN[0], KLEUREN[2]
        with plt.rc_context(STIJL_CL):
            fig, ax = plt.subplots(figsize=(8, 4.2))
            breedte = 0.8 / len(halven)
            for k, h in enumerate(halven):
                ys = [float(next(c.waarde for c in cs if c.label("rij") == p and c.id.endswith(h))) for p in pijlers]
                ax.bar([i + k * breedte for i in range(len(pijlers))], ys, width=breedte, color=kleuren[k % 3],
                       label=f"{h[5]}e helft {h[:4]}")
            ax.set_xticks([i + breedte * (len(halven) - 1) / 2 for i in range(len(pijlers))], pijlers)
            ax.set_title("Huishoudens met ondersteuning per pijler, Maastricht")
            ax.set_xlabel("pijler (een huishouden kan in meer pijlers voorkomen)")
            ax.set_ylabel("huishoudens (aantal)")
            ax.yaxis.set_major_formatter(FuncFormatter(_heel_getal))
            ax.legend(frameon=False, fontsize=8)
        return fig
    return maak


def eigen_records(register: Register, gemeente: str, jaar: int) -> set[str]:
    """The unit's own records of this year that the page shows or derives from (benefit units, pupil transport, support)."""
    j = str(jaar)
    if gemeente in kpi.gemeenten(register):
        eigen = {s.record.id for s in kpi.uitkeringseenheden(register, gemeente) if s.record.label("jaar") == j}
        eigen |= {c.id for c in kpi.records(register, tabel=kpi.LLV_TABEL, gemeente=gemeente, jaar=j)}
        for t in kpi.EIGEN_TABELLEN:
            eigen |= {c.id for c in kpi.records(register, tabel=t, gemeente=gemeente, jaar=j)}
        return eigen
    if gemeente == SAMENWERKING:
        return {c.id for t in (kpi.PROGNOSE_TABEL, kpi.LLV_TABEL) for c in kpi.records(register, tabel=t, jaar=j)}
    return set()


def _sectie_per_gemeente(register: Register, gemeente: str, jaar: int) -> Sectie:
    s = Sectie("Cijfers per gemeente", ids=eigen_records(register, gemeente, jaar))
    mh = kpi.gemeenten(register)
    if gemeente in mh:
        s.tekst = (f"Uitkeringseenheden van {gemeente} over de jaren: het standcijfer (een realisatie), de prognose van de DVO 2017 "
                   "en de norm van de DVO 2018. Het standcijfer per september 2017 waarop de norm 2018 rust, staat in geen van de bronnen.")
        s.tabellen.append(("Uitkeringseenheden", ue_tabel(register, gemeente)))
        s.figuren.append((ue_alt(register, (gemeente,)), ue_figuur(register, (gemeente,), f"Uitkeringseenheden {gemeente}")))
    elif gemeente == SAMENWERKING:
        s.tekst = "Uitkeringseenheden van de zes MH-gemeenten over de jaren (standcijfer, prognose DVO 2017, norm DVO 2018)."
        s.tabellen.append(("Uitkeringseenheden per gemeente", ue_vergelijkingstabel(register)))
        heuvelland = tuple(g for g in mh if g != "Maastricht")
        s.figuren.append((ue_alt(register, heuvelland),
                          ue_figuur(register, heuvelland, "Uitkeringseenheden per Heuvellandgemeente (Maastricht apart)")))
        s.figuren.append((ue_alt(register, ("Maastricht",)), ue_figuur(register, ("Maastricht",), "Uitkeringseenheden Maastricht")))
    steun = _steun_tabel(register, gemeente, jaar)
    if steun is not None:
        t = register.tabel(kpi.STEUN_TABEL)
        s.tabellen.append((f"Huishoudens en inwoners met ondersteuning sociaal domein, {gemeente} {jaar} "
                           f"({t['bestand'][:3]} regels {t['regel_van']}-{t['regel_tot']})", steun))
        s.tabellen.append((f"Stapeling: aandeel huishoudens naar aantal pijlers, {gemeente} {jaar}", _stapeling_tabel(register, jaar)))
        s.figuren.append((_steun_alt(register, gemeente), _steun_figuur(register)))
    return s


# ------------------------------------------------------------------ derived KPIs, worded
def _helft(half: str) -> str:
    return f"{half[5]}e helft {half[:4]}"


def _afgeleide_rij(a: Afgeleid) -> dict[str, str]:
    """One derived KPI as a row: what it is, the value as displayed, what it is compared with, source lines."""
    g, w = a.gemeente, a.waarde
    if a.soort == "ue-som":
        rij = ("Uitkeringseenheden SZMH: som van de zes gemeenten, standcijfer en prognose (de DVO 2017 drukt geen totaal)",
               f"{nl_getal(w)} → {nl_getal(a.tot)}", "geen gedrukt totaal om mee te vergelijken")
    elif a.soort == "aandeel-prognose":
        rij = (f"Aandeel van {g} in de prognose SZMH eind 2017", f"{_q(w, '0.1')} %", "aandeel in de som van de zes gemeenten")
    elif a.soort == "groei-aantal":
        rij = (f"Prognose min standcijfer {g} (uitkeringseenheden)", nl_getal(w),
               "groei in aantallen; de groei in procenten staat als controle in het register")
    elif a.soort == "impliciet-standcijfer":
        rij = (f"Standcijfer per september 2017 dat de norm {g} impliceert (norm gedeeld door één min de daling)", _q(w, "0.1"),
               "niet te vergelijken: het standcijfer per september 2017 staat in geen bron")
    elif a.soort == "norm-tov-prognose":
        rij = (f"Norm eind 2018 t.o.v. prognose eind 2017, {g}", f"{_q(w, '0.01')} %",
               f"de DVO 2018 noemt een daling van {nl_getal(a.referentie)} %, maar vanaf een ander standcijfer")
    elif a.soort == "aandeel-totaal":
        rij = (f"Aandeel van {g} in het gedrukte SZMH-totaal eind 2018", f"{_q(w, '0.1')} %", "aandeel in het totaal")
    elif a.soort == "llv-per-beschikking":
        rij = ("Deelname leerlingenvervoer schooljaar 2017-2018 per jaarlijkse beschikking (norm)", _q(w, "0.001"),
               "leerlingen en beschikkingen zijn verschillende tellingen; geen oordeel")
    elif a.soort == "llv-aandeel":
        rij = (f"Aandeel {g} in de deelname leerlingenvervoer", f"{_q(w, '0.1')} %", "aandeel in het totaal")
    elif a.soort == "llv-onbekend":
        rij = (f"Deelname leerlingenvervoer {g}", "onbekend", "de bron geeft alleen de overige GR-gemeenten samen")
    elif a.soort == "pijlers-gemiddeld":
        vergelijk = "som van de pijlers gedeeld door het unieke totaal"
        if a.toets is not None:
            t = a.toets
            vergelijk = (f"stapelingstabel per {t.kolom} geeft gemiddeld {_q(t.laag, '0.001')} tot {_q(t.hoog, '0.001')} "
                         "pijlers per huishouden (4 of 5 pijlers als 4 of 5): " + ("past" if t.past else "past niet")
                         + "; de telling gaat over een halfjaar, de stapeling over een peildatum")
        rij = (f"Gemiddeld aantal pijlers per {'huishouden' if a.onderwerp == 'hh' else 'inwoner'}, {_helft(a.periode)}",
               _q(w, "0.001"), vergelijk)
    elif a.soort == "inwoners-per-huishouden":
        rij = (f"Inwoners per huishouden, pijler {a.onderwerp}, {_helft(a.periode)}", _q(w, "0.01"), "inwoners gedeeld door huishoudens")
    else:
        raise ValueError(f"geen tekst voor afgeleide KPI {a.soort!r}")
    return {"Afgeleide KPI": rij[0], "Herberekend": rij[1], "Vergelijking": rij[2], "Bronregels": bron(*a.bronnen)}


def afgeleide_tabel(register: Register, gemeente: str, jaar: int) -> pd.DataFrame | None:
    rijen = [_afgeleide_rij(a) for a in kpi.afgeleide_kpis(register, gemeente, jaar)]
    return pd.DataFrame(rijen) if rijen else None


# ------------------------------------------------------------------ the overview table (also on the SZMH page)
def ue_vergelijkingstabel(register: Register) -> pd.DataFrame:
    """Benefit units per MH gemeente: standcijfer, prognosis 2017, norm 2018 and the changes."""
    def pct(w: Decimal | None, exponent: str) -> str:
        return "onbekend" if w is None else f"{_q(w, exponent)} %"

    def aantal(c: Cijfer | None) -> str:
        return nl_getal(c.waarde) if c else "onbekend"

    return pd.DataFrame([{
        "Gemeente": v.gemeente,
        "Standcijfer sept. 2016": aantal(v.stand),
        "Prognose eind 2017": aantal(v.prognose),
        "Groei prognose": pct(v.groei_pct, "0.01"),
        "Norm eind 2018": aantal(v.norm),
        "Norm 2018 t.o.v. prognose 2017": pct(v.norm_tov_prognose_pct, "0.01"),
        "Wijziging (richting maximum)": v.wijziging,
        "Aandeel SZMH 2018": pct(v.aandeel_pct, "0.1"),
    } for v in kpi.ue_vergelijking(register)])


# ------------------------------------------------------------------ entry points
def laad_register() -> Register:
    """The records a KPI page needs: the documents the KPI registers cite and those of the own-figure tables."""
    return laad_dossier(*sorted(documenten() | {t[:3] for t in kpi.EIGEN_TABELLEN}))


def controles(tabel: pd.DataFrame, ids: set[str], eigen: set[str], anderen: set[str]) -> pd.DataFrame:
    """Register rows that touch ``ids``, leaving out checks about another gemeente's own figures
    (those that touch ``anderen`` but none of ``eigen``, unless their stated figure is cooperation-wide)."""
    geraakt = raakt(tabel, ids)
    vreemd = raakt(geraakt, anderen).index.difference(raakt(geraakt, eigen).index)
    vreemd = vreemd[(geraakt.loc[vreemd, "gemeente"] != SAMENWERKING).to_numpy()]
    return geraakt.drop(index=vreemd).reset_index(drop=True)


def pagina(gemeente: str, jaar: int | str, register: Register | None = None, resultaat: Resultaat | None = None) -> KpiPagina:
    """The KPI page of one unit and year."""
    register = register or laad_register()
    gemeente, jaar = valideer(register, gemeente, jaar)
    mh = kpi.gemeenten(register)
    if gemeente not in mh and gemeente != SAMENWERKING:
        raise OngeldigeParameter(f"de KPI-normen gelden voor {SAMENWERKING} en de zes MH-gemeenten ({', '.join(mh)}); "
                                 f"niet voor {gemeente}.")
    gegevens = laad_kpi(register)
    scopes = kpi.bereik(register, gemeente)
    toepasselijk = [i for i in gegevens.indicatoren if i.scope in scopes and kpi.geldt_op(i, gemeente)]
    p = KpiPagina(gemeente, jaar, "", [], pd.DataFrame(), leeg=f"*Niet bekend voor {gemeente} {jaar}.*",
                  normen=kpi.normen_met_oordeel(gegevens, gemeente, jaar), realisaties=gegevens.realisaties,
                  wijzigingen=kpi.wijzigingen(toepasselijk, jaar - 1, jaar), realisaties_bestand=gegevens.realisaties_bestand,
                  alleen_scope=kpi.alleen_voor_scope(gegevens, gemeente, jaar))
    p.secties = [_sectie_normen(p)]
    if p.wijzigingen:
        p.secties.append(_sectie_wijzigingen(p))
    p.secties.append(_sectie_realisaties(p, gegevens))
    per_gemeente = _sectie_per_gemeente(register, gemeente, jaar)
    p.secties.append(per_gemeente)
    p.secties.append(Sectie("Afgeleide KPI's", "Herberekend met exacte rekenkunde uit de gedrukte cijfers; afgerond voor weergave.",
                            [("", afgeleide_tabel(register, gemeente, jaar))]))
    p.inleiding = _inleiding(p, mh)
    anderen = {c.id for c in register.cijfers.values() if c.label("gemeente") in mh and c.label("gemeente") != gemeente}
    p.bevindingen = controles((resultaat or bereken(register)).tabel, p.ids, per_gemeente.ids, anderen)
    return p
