"""Everything a template notebook shows, computed here so the notebook stays thin.

``formatie(gemeente, jaar)`` validates the parameters, loads and checks the data,
and returns a page object with the texts to glue, the tables and the charts.

The formatie page covers, per unit and year, what the sources say about staff:
the SZMH walk of the year and the series of walks, the figures the prose gives,
the efficiency target in fte (both plans), absence against its norms (SZMH); the
capacity of Midden-Limburg West (MLW and its gemeenten); and the capacity of the
action plan 2018-2019 (the MH gemeenten it assigns people to). A part that does not
apply to the unit or year says so plainly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import pandas as pd

from rekenboek.models import capaciteit as cp
from rekenboek.report import charts
from rekenboek.models import formatie as fm
from rekenboek.report import formatiegrafieken as fg
from rekenboek.models import kostenverdeling as kv
from rekenboek.models import szmh
from rekenboek.report.tables import kosten_per_fte_tabel
from rekenboek.inputs.register import Register, laad
from rekenboek.inputs.eenheden import valideer
from rekenboek.numbers import nl_euro, nl_fte, nl_getal
from rekenboek.report.display import bevindingen_tabel, oordelen_telling, toon_tabel, voor_eenheid
from rekenboek.checks.bevindingen import bereken, laad_dossier

MLW_EENHEDEN = ("MLW",) + kv.GEMEENTEN
TABELLEN_MLW = {"004a-formatie-overzicht", "004a-convenant-art1", "004a-beleid-tabel", "004a-contractmanager-tabel",
                "004a-bc-tabel", "004a-ondersteuning-tabel", "004a-ia-tabel", "004a-communicatie-tabel",
                "004a-inkoop-tabel", "004a-expertise-mobw", "004a-notitie-inleiding", "004a-beleid-proza",
                "004a-contractmanager-proza", "004a-bc-proza", "004a-ondersteuning-proza", "004a-ia-proza",
                "004a-inkoop-proza"}
TABELLEN_VERZUIM = {"000a-verzuim", "002a-verzuim"}


def _niet_bekend(gemeente: str, jaar: int) -> str:
    return f"*Niet bekend:* de bronnen geven geen formatieoverzicht voor {gemeente} {jaar}."


def _actieplan_jaren(register: Register) -> list[int]:
    titel = register.tabellen.set_index("tabel").loc["003a-titel", "titel"]
    m = re.search(r"(\d{4})\s*-\s*(\d{4})", titel)
    return list(range(int(m[1]), int(m[2]) + 1)) if m else []


@dataclass
class FormatiePagina:
    gemeente: str
    jaar: int
    register: Register
    loop: fm.FormatieLoop | None
    bevindingen: pd.DataFrame
    reeks: fm.Reeks | None = None
    versies: list[fm.EffVersie] = field(default_factory=list)
    kpis: list[fm.Kpi] = field(default_factory=list)
    mlw: bool = False
    inzet: list[cp.Inzet] = field(default_factory=list)
    actieplan_jaren: list[int] = field(default_factory=list)

    # ---------------------------------------------------------------- texts
    @cached_property
    def inleiding(self) -> str:
        tekst = fm.inleiding(self.register, self.loop, self.gemeente, self.jaar, self.bevindingen)
        if self.loop is None and (self.mlw or self.inzet or self.reeks is not None):
            tekst = (f"Voor **{self.gemeente} {self.jaar}** geven de bronnen geen formatieloop (beginstand, mutaties, "
                     f"eindstand) voor dit jaar. Op deze pagina staan {len(self.bevindingen)} controles.")
        delen = []
        if self.reeks is not None:
            delen.append("de formatie over de jaren")
        if self.versies:
            delen.append("de efficiencytaakstelling in fte")
        if self.kpis:
            delen.append("het verzuim tegen de norm")
        if self.mlw:
            delen.append("de capaciteit van de samenwerking Midden-Limburg West")
        if self.inzet:
            delen.append("de capaciteit van het actieplan van de Toekomstagenda")
        if delen:
            tekst += " Verder op deze pagina: " + ", ".join(delen) + "."
        return tekst

    @cached_property
    def bronvermelding(self) -> str:
        if self.loop is None:
            return ""
        t = self.register.tabel(self.loop.tabel_id)
        return f"Bron: `{t['bestand']}`, regels {t['regel_van']}–{t['regel_tot']}."

    @cached_property
    def telling(self) -> str:
        n = len(self.bevindingen)
        if n == 0:
            return f"Voor {self.gemeente} {self.jaar} zijn er geen controles op de formatie."
        return f"{n} controles op de formatie van {self.gemeente} {self.jaar}: {oordelen_telling(self.bevindingen['oordeel'])}."

    @cached_property
    def reeks_tekst(self) -> str:
        rk = self.reeks
        if rk is None:
            return f"*Niet bekend:* de bronnen geven voor {self.gemeente} geen formatieloop, dus ook geen reeks over de jaren."
        breuken = rk.breuken
        aansl = "; ".join(f"de eindstand van de loop {a.van.jaar} ({nl_fte(a.eind.gedrukt)}, {a.van.bestand[:3]}:{a.eind.regel}) "
                          f"{'sluit aan op' if not a.breuk else 'sluit NIET aan op'} de beginstand van de loop {a.naar.jaar} "
                          f"({nl_fte(a.begin.gedrukt)}, {a.naar.bestand[:3]}:{a.begin.regel})" for a in rk.aansluitingen)
        jaren = [lp.jaar for lp in rk.lopen]
        hier = (f"De loop van {self.jaar} is de {jaren.index(self.jaar) + 1}e van de reeks." if self.jaar in jaren else
                f"Voor {self.jaar} zelf is er geen loop; de reeks loopt van {rk.begin.peildatum} (plan {jaren[0]}) tot "
                f"plan {jaren[-1]}.")
        totaal = rk.eind.herberekend - rk.begin.herberekend
        return (f"De {len(rk.lopen)} formatielopen van {rk.gemeente} vormen samen één reeks: van {nl_fte(rk.begin.herberekend)} "
                f"({rk.begin.peildatum}) naar {nl_fte(rk.eind.herberekend)} (plan {jaren[-1]}), per saldo "
                f"{'+' if totaal > 0 else ''}{nl_fte(totaal)}. Aansluiting: {aansl}. "
                + ("Er is geen breuk in de reeks. " if not breuken else f"**{len(breuken)} breuk(en) in de reeks** (bevinding). ")
                + hier)

    @cached_property
    def tekstcijfers(self) -> list[fm.Tekstcijfer]:
        return fm.tekstcijfers(self.register, self.reeks) if self.gemeente == fm.SZMH else []

    @cached_property
    def tekstcijfers_tekst(self) -> str:
        if not self.tekstcijfers:
            return f"*Niet bekend:* de jaarplannen van SZMH gaan niet over {self.gemeente}; er zijn geen tekstcijfers over formatie."
        r = self.register.cijfers
        d3, n17, f17, n18, f18 = (r["002-p-formatie-3d"], r["002-p-aangenomen-aantal"], r["002-p-aangenomen-fte"],
                                  r["000-p-aangenomen-aantal"], r["000-p-aangenomen-fte"])
        eur, fte = r["000-p-draaiknop-eur"], r["000-p-draaiknop-fte"]
        per_fte = fm.draaiknop_per_fte(self.register)
        eff18 = next((v for v in self.versies if v.tabel == "000a-efficiency"), None)
        vergelijk = ""
        if eff18 is not None:
            j = max(eff18.regels)
            bedrag = self.register.cijfers.get(f"000a-eff-{j}-tot-eur")
            if bedrag is not None and eff18.som(j):
                vergelijk = (f" Ter vergelijking: de invulling van de efficiencytaakstelling {j} kost "
                             f"{nl_euro(bedrag.waarde / eff18.som(j))} per fte ({nl_euro(bedrag.waarde)} voor {nl_fte(eff18.som(j))}, "
                             f"000:{bedrag.regel}). Het document zegt niet met welk bedrag per fte de draaiknoppen rekenen; "
                             f"daarom is dit een berekend cijfer, geen controle.")
        return (f"Het jaarplan 2017 stelt de formatie voor de uitvoering van de 3D's op {nl_fte(d3.waarde, 1)} per 2017 "
                f"(002:{d3.regel}). Na de werving van 2016 kwamen {n17.tekst} medewerkers met samen {nl_fte(f17.waarde)} in vaste "
                f"dienst (002:{n17.regel}); na de werving eind 2017 nog {n18.tekst} medewerkers met {nl_fte(f18.waarde, 1)} "
                f"(000:{n18.regel}), samen {int(n17.waarde + n18.waarde)} medewerkers en {nl_fte(f17.waarde + f18.waarde)}. "
                f"Voor de draaiknoppen 3D levert SZMH vanaf 2018 structureel {nl_euro(eur.waarde)} ({nl_fte(fte.waarde, 1)}, "
                f"000:{eur.regel}): dat is {nl_euro(per_fte)} per fte." + vergelijk)

    @cached_property
    def efficiency_tekst(self) -> str:
        if not self.versies:
            return f"*Niet bekend:* de efficiencytaakstelling in fte gaat over SZMH, niet over {self.gemeente}."
        jaren = sorted({j for v in self.versies for j in v.regels})
        if self.jaar not in jaren:
            return (f"*Niet bekend voor {self.jaar}:* de tabellen van de ingevulde efficiencytaakstelling lopen van "
                    f"{jaren[0]} tot en met {jaren[-1]}. De tabellen hieronder tonen alle jaren.")
        delen = [f"{v.naam}: {nl_fte(v.som(self.jaar))} in {self.jaar}, cumulatief {nl_fte(v.cumulatief(self.jaar))} "
                 f"sinds {min(v.regels)}" for v in self.versies if self.jaar in v.regels]
        return (f"Ingevulde efficiencytaakstelling in fte, {self.jaar} (som van de functieregels): " + "; ".join(delen) + ". "
                f"De kosten per fte per regel komen uit het SZMH-model (bedrag gedeeld door fte), met per regel de vergelijking "
                f"met de andere regels van dezelfde schaal en hetzelfde jaar.\n\n*Aanname (afgeleid):* {szmh.KOSTEN_PER_FTE}")

    @cached_property
    def verzuim_tekst(self) -> str:
        if not self.kpis:
            return f"*Niet bekend:* de bronnen geven verzuimcijfers alleen voor SZMH, niet voor {self.gemeente}."
        eigen = [k for k in self.kpis if k.jaar == self.jaar and k.norm is not None]
        jaren = sorted({k.jaar for k in self.kpis if k.jaar})
        if not eigen:
            kop = (f"*Niet bekend voor {self.jaar}:* de jaarplannen geven verzuimcijfers met een norm voor "
                   f"{', '.join(map(str, jaren))}; die staan hieronder.")
        else:
            kop = " ".join(f"{k.naam} {self.jaar}: {nl_getal(k.realisatie.waarde)}{' %' if k.realisatie.eenheid == 'pct' else ''} "
                           f"tegen een norm van {nl_getal(k.norm.waarde)}{' %' if k.norm.eenheid == 'pct' else ''}, "
                           f"{k.oordeel}." for k in eigen)
        return kop + f"\n\n*Richting van de norm (aanname):* {fm.RICHTING_VERZUIM}"

    @cached_property
    def model_mlw(self) -> kv.Model | None:
        return kv.model(self.register) if self.mlw else None

    @cached_property
    def mlw_functies_lijst(self) -> list[cp.Functie]:
        return cp.mlw_functies(self.register) if self.mlw else []

    @cached_property
    def mlw_tekst(self) -> str:
        if not self.mlw:
            return (f"*Niet van toepassing:* {self.gemeente} hoort niet bij de samenwerking Midden-Limburg West "
                    f"({', '.join(kv.GEMEENTEN)}).")
        tot = cp.mlw_totalen(self.register)
        fs = self.mlw_functies_lijst
        her = {k: sum((f.waarde(k) or Decimal(0) for f in fs), Decimal(0)) for k in cp.KOLOMMEN}
        vs = cp.paragraaf_vergelijking(self.register)
        tweederde = [v for v in vs if not v.gelijk and v.past_twee_derde]
        anders = [v for v in vs if not v.gelijk and not v.past_twee_derde]
        ww = cp.werkweek(self.register)
        lo, hi = ww.bandbreedte if ww else (None, None)
        tijd = kv._tijdelijk_jaar()
        tekst = (f"Het samenvattend overzicht (004:{tot['totaal'].regel}) geeft {nl_fte(tot['basis'].waarde)} basisformatie, "
                 f"{nl_fte(tot['structureel'].waarde)} structureel additioneel, samen {nl_fte(tot['totaal'].waarde)} structureel per "
                 f"jaar van de raadsperiode, en {nl_fte(tot['tijdelijk'].waarde)} tijdelijk in {tijd}. Herberekend uit de regels: "
                 f"{nl_fte(her['basis'])}, {nl_fte(her['structureel'])}, {nl_fte(her['totaal'])} en {nl_fte(her['tijdelijk'])}. "
                 + (f"Voor {self.jaar} geldt de structurele formatie" + (" plus de tijdelijke." if self.jaar == tijd else
                                                                            "; de tijdelijke inzet hoort bij "
                                                                            f"{tijd}.")))
        tekst += (f"\n\n**Paragrafen tegen het overzicht.** Van {len(vs)} cijfers in de paragrafen per functie komen er "
                  f"{sum(v.gelijk for v in vs)} ongewijzigd in het overzicht; {len(tweederde)} staan er op precies twee derde "
                  f"(afgekapt op twee decimalen): {', '.join(v.functie for v in tweederde)}. Dat zijn de regels met uitbreiding "
                  f"vanaf {', '.join(sorted({f.vanaf.tekst for f in fs if f.vanaf and f.naam in {v.functie for v in tweederde}}))}"
                  f"; het document legt de factor niet uit (model-controles `formatie2-mlw-factor-*`)."
                  + (f" Anders: {', '.join(v.functie for v in anders)}." if anders else ""))
        if ww:
            tekst += (f"\n\n**Uren tegen fte.** MOBW staat in het overzicht op {nl_fte(ww.fte.waarde)} en in de tekst op "
                      f"{nl_getal(ww.uren.waarde)} uur per week (004:{ww.uren.regel}): dat impliceert een werkweek van "
                      f"{nl_getal(ww.uur_per_fte, 1)} uur per fte (binnen de afronding {nl_getal(lo, 1)} tot {nl_getal(hi, 1)} uur). "
                      f"Dit is berekend, niet aangenomen; de tabel met uren zet de andere uren met deze werkweek om in fte.")
        if self.gemeente in kv.GEMEENTEN:
            basis = cp.basis_per_gemeente(self.register)[self.gemeente]
            tekst += (f"\n\n**{self.gemeente}** levert volgens de oplegnotitie {nl_fte(basis)} van de basisformatie van het "
                      f"convenant 2016 en uren voor werkgroepen en MOBW (tabel hieronder); aandeel in de kosten "
                      f"{nl_getal(self.model_mlw.aandelen[self.gemeente])} %. Let op: de oplegnotitie meldt dat de business "
                      f"controller jeugdhulp na een bijstelling in 2016/2017 door Weert in plaats van Leudal wordt geleverd; "
                      f"de tabel volgt de oorspronkelijke verdeling van het convenant 2016.")
        return tekst

    @cached_property
    def actieplan_tekst(self) -> str:
        jr = "-".join(str(j) for j in self.actieplan_jaren[::max(1, len(self.actieplan_jaren) - 1)])
        if not self.inzet:
            if self.jaar in self.actieplan_jaren and self.gemeente not in MLW_EENHEDEN:
                return (f"*Niet bekend:* het actieplan {jr} (003) wijst {self.gemeente} geen capaciteit toe.")
            return f"*Niet van toepassing:* het actieplan {jr} (003) gaat over de MH-gemeenten in {jr}."
        fte, gedeeld, n = cp.actieplan_totaal(self.inzet, None if self.gemeente == fm.SZMH else self.gemeente)
        wie_wat = {g: cp.actieplan_totaal(self.inzet, g)[0] for g in self.register.eenheden["gemeente"]
                   if cp.actieplan_totaal(self.inzet, g)[2]}
        alles, _, m = cp.actieplan_totaal(self.inzet)
        wie = "alle MH-gemeenten samen" if self.gemeente == fm.SZMH else self.gemeente
        tekst = (f"Paragraaf 6.2 en Bijlage 2 van het actieplan geven de benodigde capaciteit op jaarbasis, deels in fte en "
                 f"deels in uren. Omgerekend naar één eenheid is het totaal {nl_fte(alles)} over {m} functies. "
                 f"Voor {wie}: {n} functies, {nl_fte(fte)}"
                 + (f", waarvan {nl_fte(gedeeld)} gedeeld met een andere gemeente (de verdeling staat er niet)" if gedeeld else "")
                 + ". Per gemeente (gedeelde regels tellen bij elke genoemde gemeente volledig mee): "
                 + ", ".join(f"{g} {nl_fte(v)}" for g, v in wie_wat.items())
                 + f".\n\n*Werkweek:* {cp.WERKWEEK_AANNAME}")
        return tekst

    @property
    def glue_teksten(self) -> dict[str, str]:
        return {"inleiding": self.inleiding, "bron": self.bronvermelding, "telling": self.telling,
                "reeks": self.reeks_tekst, "tekstcijfers": self.tekstcijfers_tekst, "efficiency": self.efficiency_tekst,
                "mlw": self.mlw_tekst, "actieplan": self.actieplan_tekst, "verzuim": self.verzuim_tekst}

    # --------------------------------------------------------------- tables
    @property
    def loop_tabel(self):
        return None if self.loop is None else fm.loop_tabel(self.loop)

    @property
    def per_schaal(self):
        return None if self.loop is None else fm.mutaties_per_schaal(self.loop)

    @property
    def mutatieregels(self):
        return None if self.loop is None else fm.mutatieregels(self.loop)

    @property
    def reeks_tabel(self):
        return None if self.reeks is None else fm.reeks_tabel(self.reeks)

    @property
    def mutaties_over_jaren(self):
        return None if self.reeks is None else fm.mutaties_over_jaren(self.reeks)

    @property
    def schaal_over_jaren(self):
        return None if self.reeks is None else fm.schaal_over_jaren(self.reeks)

    @property
    def functies_over_jaren(self):
        return None if self.reeks is None else fm.functies_over_jaren(self.reeks)

    @property
    def tekstcijfers_tabel(self):
        return fm.tekstcijfers_tabel(self.tekstcijfers) if self.tekstcijfers else None

    @property
    def efficiency_jaren(self):
        return fm.efficiency_jaren_tabel(self.versies) if self.versies else None

    @property
    def efficiency_functies(self):
        return fm.efficiency_functies_tabel(self.versies, self.jaar) if self.versies else None

    @property
    def efficiency_schalen(self):
        return fm.efficiency_schaal_tabel(self.versies[-1]) if self.versies else None

    @property
    def kosten_per_fte(self):
        return kosten_per_fte_tabel(szmh.fte_rijen(self.register), self.jaar) if self.versies else None

    @property
    def mlw_functies(self):
        return cp.functies_tabel(self.mlw_functies_lijst, cp.mlw_totalen(self.register)) if self.mlw else None

    @property
    def mlw_paragrafen(self):
        return cp.paragraaf_tabel(cp.paragraaf_vergelijking(self.register), self.mlw_functies_lijst) if self.mlw else None

    @property
    def mlw_euro(self):
        return cp.euro_per_schaal_tabel(self.model_mlw) if self.mlw else None

    @property
    def mlw_uren(self):
        return cp.uren_tabel(self.register, cp.werkweek(self.register)) if self.mlw else None

    @property
    def mlw_gemeenten(self):
        return cp.capaciteit_per_gemeente(self.register, self.gemeente) if self.mlw else None

    @property
    def actieplan_tabel(self):
        return cp.actieplan_tabel(self.inzet) if self.inzet else None

    @property
    def actieplan_eigen(self):
        if not self.inzet or self.gemeente == fm.SZMH:
            return None
        return cp.actieplan_tabel(self.inzet, self.gemeente)

    @property
    def verzuim_tabel(self):
        return fm.verzuim_tabel(self.kpis) if self.kpis else None

    @property
    def controles(self):
        return bevindingen_tabel(self.bevindingen) if len(self.bevindingen) else None

    # --------------------------------------------------------------- charts
    def waterval(self):
        return None if self.loop is None else charts.waterval(self.loop)

    def mutaties_per_soort(self):
        return None if self.loop is None else charts.mutaties_per_soort(self.loop)

    def mutaties_jaren_grafiek(self):
        return None if self.reeks is None else fg.mutaties_over_jaren(self.reeks)

    def efficiency_grafiek(self):
        return None if not self.versies else fg.efficiency_per_schaal(fm.efficiency_per_schaal(self.versies[-1]),
                                                                     self.versies[-1].naam, self.jaar)

    def mlw_grafiek(self):
        return None if not self.mlw else fg.mlw_capaciteit(
            self.mlw_functies_lijst, {k: kv.KOLOM_KORT[k] for k in ("basis", "structureel", "tijdelijk")})

    def mlw_gemeenten_grafiek(self):
        if not self.mlw:
            return None
        uren = {g: sum((self.register.cijfers[r].waarde for r in ids if self.register.cijfers[r].eenheid == "uur"), Decimal(0))
                for g, ids in kv.CAPACITEIT.items()}
        return fg.mlw_per_gemeente(cp.basis_per_gemeente(self.register), uren)

    def verzuim_grafiek(self):
        return None if not any(k.norm for k in self.kpis) else fg.verzuim_vs_norm(self.kpis)

    # -------------------------------------------------------------- display
    def toon(self, tabel: pd.DataFrame | None, leeg: str | None = None) -> None:
        toon_tabel(tabel, leeg=leeg or _niet_bekend(self.gemeente, self.jaar))

    def toon_figuur(self, maak, leeg: str | None = None) -> None:
        from IPython.display import Image, Markdown, display
        import matplotlib.pyplot as plt

        fig = maak()
        if fig is None:
            display(Markdown(leeg or _niet_bekend(self.gemeente, self.jaar)))
            return
        try:
            display(Image(charts.png(fig)))
        finally:
            plt.close(fig)


def formatie(gemeente: str, jaar) -> FormatiePagina:
    # MLW's capacity is in the covenant (004); SZMH and its gemeenten are in the annual plans
    # (000, 002); every page names the action plan's years (003). The page reads only these documents.
    register = laad_dossier(*(("003", "004") if gemeente in MLW_EENHEDEN else ("000", "002", "003")))
    gemeente, jaar = valideer(register, gemeente, jaar)
    lp = fm.loop(register, gemeente, jaar)
    res = bereken(register)
    t = res.tabel
    eigen = {c.id for c in _formatie_controles(res)}
    bev = voor_eenheid(t, gemeente, jaar)
    sel = t["id"].isin(bev[bev["id"].isin(eigen)]["id"])
    szmh_ = gemeente == fm.SZMH
    versies = fm.efficiency_versies(register) if szmh_ else []
    kpis = fm.verzuim(register, gemeente) if szmh_ else []
    if szmh_:
        sel |= t["tabel_id"].isin({v.tabel for v in versies}) & (t["jaar"] == str(jaar))
        sel |= t["tabel_id"].isin(TABELLEN_VERZUIM)
    mlw = gemeente in MLW_EENHEDEN
    if mlw:
        sel |= t["tabel_id"].isin(TABELLEN_MLW) | t["id"].str.startswith("formatie2-mlw")
    ap_jaren = _actieplan_jaren(register)
    inzet: list[cp.Inzet] = []
    if jaar in ap_jaren and not mlw:
        alle = cp.actieplan(register)
        if szmh_ or any(gemeente in i.gemeenten for i in alle):
            inzet = alle
            sel |= t["tabel_id"].isin(cp.TABELLEN_003)
    return FormatiePagina(gemeente, jaar, register, lp, t[sel].reset_index(drop=True),
                          fm.reeks(register, gemeente), versies, kpis, mlw, inzet, ap_jaren)


def _formatie_controles(res):
    """The checks declared in data/controles/formatie.yaml."""
    return [b.controle for b in res.bevindingen if b.controle.bestand.endswith("/formatie.yaml")]
