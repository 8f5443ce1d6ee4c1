"""The formatie page of a unit and year: ``pagina(gemeente, jaar) -> Pagina``.

The page covers what the sources say about staff: the SZMH walk of the year and the series of
walks, the figures the prose gives, the efficiency target in fte (both plans), absence against its
norms (SZMH); the capacity of Midden-Limburg West (MLW and its gemeenten); and the capacity of the
action plan 2018-2019 (the MH gemeenten it assigns people to). A part that does not apply to the
unit or year says so plainly. The models compute (``rekenboek.models.formatie``, ``verzuim``,
``capaciteit``); the section modules here format; the page's checks are the register rows that
touch the records the sections show (:func:`rekenboek.report.page.raakt`).
"""
from __future__ import annotations

import html
from rekenboek.checks.bevindingen import bereken, laad_dossier
from rekenboek.inputs.eenheden import leden, samenwerking_van, valideer
from rekenboek.inputs.register import BRONNEN_SCHEMA, EENHEDEN_SCHEMA, Register, documenten_van, lees_csv
from rekenboek.models import capaciteit as cp
from rekenboek.models import formatie as fm
from rekenboek.models import verzuim as vz
from rekenboek.numbers import nl_fte
from rekenboek.report.charts import bronlabel_fouten
from rekenboek.paths import data_dir
from rekenboek.report.page import Pagina, raakt
from rekenboek.report.pages.formatie import capaciteit, efficiency, loop, verzuim

#: the documents with staff and capacity figures; every page also names the action plan's years (its document)
DOCUMENTEN = ("000", "002", "003", "004")
ACTIEPLAN = cp.TABEL_BIJLAGE2[:3]


def documenten(gemeente: str) -> list[str]:
    """The documents the page of ``gemeente`` reads: those about its cooperation that have staff figures, and the action plan."""
    root = data_dir()
    eigen = documenten_van(lees_csv(root / "bronnen.csv", BRONNEN_SCHEMA), lees_csv(root / "eenheden.csv", EENHEDEN_SCHEMA),
                           gemeente)
    return sorted({d for d in eigen if d in DOCUMENTEN} | {ACTIEPLAN})


def inleiding(register: Register, lp: fm.FormatieLoop | None, gemeente: str, jaar: int, n: int, afwijkingen: int,
              delen: list[str], iets_anders: bool) -> str:
    """The page's opening paragraph in Dutch (``n`` checks, of which ``afwijkingen`` deviate), every figure computed."""
    if lp is None and iets_anders:
        tekst = (f"Voor **{gemeente} {jaar}** geven de bronnen geen formatieloop (beginstand, mutaties, "
                 f"eindstand) voor dit jaar. Op deze pagina staan {n} controles.")
    elif lp is None:
        tekst = (f"Voor **{gemeente} {jaar}** bevatten de getranscribeerde bronnen geen formatieoverzicht. "
                 f"Er is dus geen formatieloop te tonen of te controleren; dat betekent niet dat er geen formatie was, "
                 f"alleen dat de bronnen er voor deze eenheid en dit jaar niets over zeggen.")
    else:
        titel = register.bronnen.set_index("bestand").loc[lp.bestand, "titel"]
        richting = "stijgt" if lp.saldo > 0 else "daalt" if lp.saldo < 0 else "blijft gelijk"
        tekst = (f"Het *{html.escape(titel, quote=False)}* geeft in de tabel *{html.escape(lp.titel, quote=False)}* "
                 f"de formatie van {gemeente}. "
                 f"Die bedraagt {nl_fte(lp.begin.herberekend)} op de beginstand ({lp.begin.peildatum}) en {richting} "
                 f"door {len(lp.mutatiestappen)} soorten mutaties met per saldo "
                 f"{nl_fte(abs(lp.saldo))} naar {nl_fte(lp.eind.herberekend)} (herberekend; gedrukt: {nl_fte(lp.eind.gedrukt)}). "
                 f"Op deze pagina staan {n} controles; {afwijkingen} daarvan "
                 f"{'geeft' if afwijkingen == 1 else 'geven'} een afwijking.")
    if delen:
        tekst += " Verder op deze pagina: " + ", ".join(delen) + "."
    if lp is not None:
        t = register.tabel(lp.tabel_id)
        tekst += f"\n\nBron: `{t['bestand']}`, regels {t['regel_van']}–{t['regel_tot']}."
    return tekst


def pagina(gemeente: str, jaar) -> Pagina:
    """Validate the parameters, load the page's documents, compute the models and build the sections."""
    register = laad_dossier(*documenten(gemeente))
    gemeente, jaar = valideer(register, gemeente, jaar)
    eigen_samenwerking = samenwerking_van(register, gemeente)
    is_samenwerking = eigen_samenwerking == gemeente

    lp = fm.loop(register, gemeente, jaar)
    rk = fm.reeks(register, gemeente)
    tekst = fm.tekstcijfers(register, gemeente, rk)
    versies = fm.efficiency_versies(register, gemeente)
    cijfers = vz.verzuim(register, gemeente)
    mlw_samenwerking = cp.samenwerking(register)
    mlw = eigen_samenwerking == mlw_samenwerking
    jaren = cp.actieplan_jaren(register)
    ap_van_toepassing = eigen_samenwerking == cp.actieplan_samenwerking(register)
    inzet: list[cp.Inzet] = []
    if jaar in jaren and ap_van_toepassing:
        alle = cp.actieplan(register)
        if is_samenwerking or any(gemeente in i.gemeenten for i in alle):
            inzet = alle

    resultaat = bereken(register)
    secties = (loop.secties(lp, rk, gemeente, jaar, bronlabel_fouten(resultaat.tabel))
               + efficiency.secties(register, tekst, versies, gemeente, jaar)
               + [capaciteit.mlw_sectie(register, mlw, leden(register, mlw_samenwerking), gemeente, jaar),
                  capaciteit.actieplan_sectie(register, inzet, jaren, ap_van_toepassing, is_samenwerking, gemeente, jaar),
                  verzuim.sectie(cijfers, gemeente, jaar)])
    ids = set().union(*(s.ids for s in secties))
    bevindingen = raakt(resultaat.tabel, ids).reset_index(drop=True)

    delen = [d for d, ja in (("de formatie over de jaren", rk is not None),
                             ("de efficiencytaakstelling in fte", bool(versies)),
                             ("het verzuim tegen de norm", bool(cijfers)),
                             ("de capaciteit van de samenwerking Midden-Limburg West", mlw),
                             ("de capaciteit van het actieplan van de Toekomstagenda", bool(inzet))) if ja]
    tekst_in = inleiding(register, lp, gemeente, jaar, len(bevindingen), int((bevindingen["oordeel"] == "afwijking").sum()),
                         delen, mlw or bool(inzet) or rk is not None)
    return Pagina(gemeente, jaar, tekst_in, secties, bevindingen)


#: the name the template and older callers use
formatie = pagina
