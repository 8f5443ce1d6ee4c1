"""The KPI overview (``notebooks/kpi_overzicht.ipynb``): the gemeenten of SZMH side by side.

Benefit units per gemeente, the verdicts per gemeente and year, and the register's checks of
each gemeente's prognosis growth. The verdicts come from :mod:`rekenboek.models.kpi`; the
growth checks are selected from the findings register by the records they touch.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rekenboek.checks.bevindingen import Resultaat, bereken
from rekenboek.inputs.indicatoren import SAMENWERKING, laad_kpi
from rekenboek.inputs.register import Register
from rekenboek.models import kpi
from rekenboek.models.kpi import GEHAALD, NIET_GEHAALD, ONBEKEND, WIJZIGINGEN
from rekenboek.report.display import bevindingen_tabel
from rekenboek.report.page import Pagina, Sectie, toon_secties
from rekenboek.report.pages.kpi import laad_register, ue_figuur, ue_vergelijkingstabel

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
            rij[f"Oordeel {j}"] = f"{t[GEHAALD]} gehaald, {t[NIET_GEHAALD]} niet gehaald, {t[ONBEKEND]} onbekend"
        rijen.append(rij)
    return pd.DataFrame(rijen)


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
        Sectie("Uitkeringseenheden per gemeente", "Standcijfer, prognose DVO 2017 en norm DVO 2018; 'verhoogd' betekent een "
               "aangescherpt maximum.", [("", ue_vergelijkingstabel(register))],
               [("Lijndiagram van de uitkeringseenheden van de vijf Heuvellandgemeenten over standcijfer 2016, prognose 2017 en norm 2018.",
                 ue_figuur(register, tuple(g for g in mh if g != "Maastricht"), "Uitkeringseenheden Heuvellandgemeenten")),
                ("Lijndiagram van de uitkeringseenheden van Maastricht over standcijfer 2016, prognose 2017 en norm 2018.",
                 ue_figuur(register, ("Maastricht",), "Uitkeringseenheden Maastricht"))],
               ids={s.record.id for g in mh for s in kpi.uitkeringseenheden(register, g)}),
        Sectie("Oordelen per gemeente", "Aantal normen dat per gemeente geldt en het oordeel; zonder realisatie is het oordeel onbekend.",
               [("", _oordelen(gegevens, mh))]),
        Sectie("Groei van de prognose per gemeente (register)", "De groei die elke prognose 2017 impliceert, tegen de landelijke "
               "stijging die de DVO noemt.", [("", bevindingen_tabel(groei) if len(groei) else None)], ids=set(groei["gesteld_id"]) | {i for o in groei["onderdelen"] for i in o.split()}),
    ]
    return KpiOverzicht(SAMENWERKING, None, inleiding, secties, groei)
