"""The KPI overview (``notebooks/kpi_overzicht.ipynb``): the gemeenten of SZMH side by side.

Benefit units per gemeente, the verdicts per gemeente and year, and the register's checks of
each gemeente's prognosis growth. The verdicts come from :mod:`rekenboek.models.kpi`; the
growth checks are selected from the findings register by the records they touch.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from rekenboek.checks.bevindingen import Resultaat, bereken
from rekenboek.inputs.indicatoren import SAMENWERKING, laad_kpi
from rekenboek.inputs.register import Register
from rekenboek.models import kpi
from rekenboek.models.kpi import GEHAALD, NIET_GEHAALD, NIET_VERGELIJKBAAR, ONBEKEND, WIJZIGINGEN
from rekenboek.numbers import nl_getal
from rekenboek.report.charts import alt_tekst, normen_vergelijking
from rekenboek.report.display import bevindingen_tabel
from rekenboek.report.page import Pagina, Sectie, toon_secties
from rekenboek.report.pages.kpi import getal, laad_register, normtekst, ue_alt, ue_figuur, ue_vergelijkingstabel

#: the years of the service agreements whose verdicts are compared
JAREN = (2017, 2018)
#: id prefix of the register's checks of each gemeente's prognosis growth
GROEI_CONTROLES = "k002c-prognose-groei-"


@dataclass
class KpiOverzicht(Pagina):
    def toon(self) -> None:
        """Display the sections (the growth checks are one of them)."""
        toon_secties(self.secties, leeg=self.leeg, prefix=self.prefix, stam="kpi-overzicht")


def _oordelen(gegevens, gemeenten: tuple[str, ...]) -> pd.DataFrame:
    rijen = []
    for g in gemeenten:
        rij = {"Gemeente": g}
        for j in JAREN:
            t = kpi.telling(o for _i, _r, o in kpi.normen_met_oordeel(gegevens, g, j))
            rij[f"Normen {j}"] = str(sum(t.values()))
            rij[f"Oordeel {j}"] = (f"{t[GEHAALD]} gehaald, {t[NIET_GEHAALD]} niet gehaald, "
                                   f"{t[NIET_VERGELIJKBAAR]} niet vergelijkbaar, {t[ONBEKEND]} onbekend")
        rijen.append(rij)
    return pd.DataFrame(rijen)


def normen_tabel(gegevens, gemeenten: tuple[str, ...]) -> pd.DataFrame | None:
    """The norms each gemeente has of its own, side by side per indicator and year, and whether they differ."""
    rijen = []
    for nv in kpi.normen_per_gemeente(gegevens.indicatoren, gemeenten):
        rij = {"Indicator": nv.indicator, "Jaar": str(nv.jaar)}
        per = {n.scope: n for n in nv.normen}
        for g in gemeenten:
            rij[g] = normtekst(per[g]) if g in per else "—"
        rij["Verschilt per gemeente"] = "nee" if nv.gelijk else "ja"
        rijen.append(rij)
    return pd.DataFrame(rijen) if rijen else None


def _vergelijking_data(register: Register) -> pd.DataFrame:
    return pd.DataFrame([{"gemeente": g, "soort": soort, "pct": float(w)} for g, soort, w in kpi.normen_tov_stand(register)])


def vergelijking_alt(register: Register) -> str:
    per: dict[str, list[str]] = {}
    for g, soort, w in kpi.normen_tov_stand(register):
        per.setdefault(g, []).append(f"{soort.split(' (')[0]} {nl_getal(w.quantize(Decimal('0.1')))} %")
    return alt_tekst("Staafdiagram", "de prognose 2017 en de norm 2018 per MH-gemeente als verandering ten opzichte van het "
                     "eigen standcijfer van september 2016", [f"{g}: {', '.join(v)}" for g, v in per.items()])


def vergelijking_figuur(register: Register):
    def maak():
        return normen_vergelijking(_vergelijking_data(register), "gemeente", "pct", "soort",
                                   "Prognose 2017 en norm 2018 t.o.v. het standcijfer september 2016",
                                   "verandering t.o.v. standcijfer (%)")
    return maak


def overzicht(register: Register | None = None, resultaat: Resultaat | None = None) -> KpiOverzicht:
    """The gemeenten of SZMH compared: benefit units, verdicts per year, norm changes."""
    register = register or laad_register()
    gegevens = laad_kpi(register)
    tabel = (resultaat or bereken(register)).tabel
    mh = kpi.gemeenten(register)
    wijz = kpi.wijzigingen([i for i in gegevens.indicatoren if i.scope == SAMENWERKING], *JAREN)
    tel = pd.Series([w.wijziging for w in wijz]).value_counts()
    gewijzigd = sum(1 for w in wijz if w.van and w.naar and w.naar.definitiewijziging)
    # the register's checks of each gemeente's prognosis growth (declared in data/controles/, one per gemeente)
    groei = tabel[tabel["id"].str.startswith(GROEI_CONTROLES)].reset_index(drop=True)
    inleiding = (f"De zes MH-gemeenten naast elkaar. Het indicatorregister telt {len({i.indicator for i in gegevens.indicatoren})} "
                 f"indicatoren in {len(gegevens.indicatoren)} rijen (indicator × jaar × bereik). Van {JAREN[0]} naar {JAREN[1]} zijn de "
                 f"{SAMENWERKING}-brede normen: " + ", ".join(f"{tel[k]} {k}" for k in WIJZIGINGEN if k in tel)
                 + f"; bij {gewijzigd} gekoppelde indicatoren is de definitie gewijzigd.")
    secties = [
        Sectie("Uitkeringseenheden per gemeente", "Standcijfer, prognose DVO 2017 en norm DVO 2018; 'aangescherpt' betekent een lager maximum, "
               "'versoepeld' een hoger maximum.", [("", ue_vergelijkingstabel(register))],
               [(ue_alt(register, tuple(g for g in mh if g != "Maastricht")),
                 ue_figuur(register, tuple(g for g in mh if g != "Maastricht"), "Uitkeringseenheden Heuvellandgemeenten")),
                (ue_alt(register, ("Maastricht",)), ue_figuur(register, ("Maastricht",), "Uitkeringseenheden Maastricht"))],
               ids={s.record.id for g in mh for s in kpi.uitkeringseenheden(register, g)}),
        Sectie("Normen per gemeente vergeleken",
               "De normen die elke gemeente voor zichzelf heeft, naast elkaar; de normen voor heel SZMH zijn voor elke "
               "gemeente dezelfde en staan hier niet. Omdat de gemeenten in grootte verschillen, vergelijkt de grafiek de "
               "prognose 2017 en de norm 2018 met het eigen standcijfer van september 2016 (in procenten).",
               [("", normen_tabel(gegevens, mh))],
               [(vergelijking_alt(register), vergelijking_figuur(register))],
               ids={n.norm.id for nv in kpi.normen_per_gemeente(gegevens.indicatoren, mh) for n in nv.normen}),
        Sectie("Oordelen per gemeente", "Aantal normen dat per gemeente geldt en het oordeel; zonder realisatie is het oordeel onbekend.",
               [("", _oordelen(gegevens, mh))]),
        Sectie("Groei van de prognose per gemeente (register)", "De groei die elke prognose 2017 impliceert, tegen de landelijke "
               "stijging die de DVO noemt.", [("", bevindingen_tabel(groei) if len(groei) else None)], ids=set(groei["gesteld_id"]) | {i for o in groei["onderdelen"] for i in o.split()}),
    ]
    return KpiOverzicht(SAMENWERKING, None, inleiding, secties, groei)
