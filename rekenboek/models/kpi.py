"""KPI norms against realisations, norm changes across years, and the KPIs derived from printed figures.

Pure functions of the loaded registers (:mod:`rekenboek.inputs.indicatoren`) and the records;
all arithmetic is exact (``Decimal``) and nothing here formats or draws. The one norm
evaluation of the book is :func:`beoordeel`, with a direction field (``HOGER``/``LAGER``:
higher or lower is better, ``GELIJK``: exactly the norm); the formatie page uses it for the
absence norms. The one interval comparison here (the stacking table against the pillar
counts) takes its verdict from :func:`rekenboek.checks.oordeel`, with a tolerance derived
from the printed precision.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rekenboek.checks import oordeel
from rekenboek.inputs.eenheden import leden
from rekenboek.inputs.indicatoren import (BETER, GELIJK, HOGER, LAGER, SAMENWERKING, Indicator, KpiGegevens,
                                          Realisatie)
from rekenboek.inputs.register import Cijfer, Register

__all__ = ["GEHAALD", "NIET_GEHAALD", "ONBEKEND", "NIET_VERGELIJKBAAR", "ORDE", "vergelijkbaar", "geldt_op",
           "Normverschil", "normen_per_gemeente", "HOGER", "LAGER", "GELIJK", "BETER", "WIJZIGINGEN", "Oordeel",
           "beoordeel", "beoordeel_indicator", "periode_woorden", "alleen_voor_scope", "kies_realisatie", "gemeenten", "bereik", "normen_voor",
           "normen_met_oordeel", "telling", "Wijziging", "wijziging", "wijzigingen", "records", "Stand",
           "uitkeringseenheden", "halfjaren", "Afgeleid", "Stapelingstoets", "afgeleide_kpis", "UeVergelijking",
           "ue_vergelijking", "wijziging_ue", "normen_tov_stand"]

GEHAALD, NIET_GEHAALD, ONBEKEND = "gehaald", "niet gehaald", "onbekend"
#: a realisation exists but its period does not cover the norm's (e.g. January-November against a year)
NIET_VERGELIJKBAAR = "niet vergelijkbaar"
ORDE = (GEHAALD, NIET_GEHAALD, NIET_VERGELIJKBAAR, ONBEKEND)
WIJZIGINGEN = ("verhoogd", "verlaagd", "ongewijzigd", "nieuw", "vervallen")

PROGNOSE_TABEL = "002c-dvo-prognose"
UE_TABEL = "000a-dvo-pw-inkomen"
LLV_TABEL = "000a-uo-llv-deelname"
STEUN_TABEL = "001c-tabel-huishoudens"
STAPELING_TABEL = "001c-tabel-stapeling"
SAMENLOOP_TABEL = "001c-p-samenloop"
#: tables of a gemeente's own figures that the KPI pages show beside the norms
EIGEN_TABELLEN = (STEUN_TABEL, STAPELING_TABEL, SAMENLOOP_TABEL)


# --------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class Oordeel:
    oordeel: str          # GEHAALD / NIET_GEHAALD / ONBEKEND
    reden: str


def beoordeel(waarde: Decimal | None, norm: Decimal | None, richting: str | None, strikt: bool = False) -> Oordeel:
    """THE norm evaluation, exact. ``richting``: HOGER or LAGER (that side of the norm is better) or GELIJK.

    HOGER: met when ``waarde >= norm`` (``>`` when ``strikt``); LAGER: ``waarde <= norm`` (``<``);
    GELIJK: ``waarde == norm``. Without a norm figure or a direction, or without a value, ONBEKEND.
    """
    if norm is None or richting is None:
        return Oordeel(ONBEKEND, "norm zonder getal")
    if waarde is None:
        return Oordeel(ONBEKEND, "geen realisatie bekend")
    if richting == HOGER:
        ok, teken = (waarde > norm, ">") if strikt else (waarde >= norm, "≥")
    elif richting == LAGER:
        ok, teken = (waarde < norm, "<") if strikt else (waarde <= norm, "≤")
    elif richting == GELIJK:
        ok, teken = waarde == norm, "="
    else:
        raise ValueError(f"onbekende richting {richting!r}; kies uit {HOGER}, {LAGER}, {GELIJK}")
    return Oordeel(GEHAALD if ok else NIET_GEHAALD, f"realisatie {teken} norm" + ("" if ok else " niet bereikt"))


_MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
            "november", "december")


def periode_woorden(periode: str) -> str:
    """A realisation period in Dutch words: '2017-11' -> 'januari t/m november 2017'."""
    j, rest = periode[:4], periode[5:]
    if not rest:
        return f"heel {j}"
    if re.fullmatch(r"\d{2}", rest):
        return f"januari t/m {_MAANDEN[int(rest) - 1]} {j}"
    if re.fullmatch(r"\d{2}-\d{2}", rest):
        return f"peildatum {int(rest[3:])} {_MAANDEN[int(rest[:2]) - 1]} {j}"
    if rest.startswith("H"):
        return f"{'eerste' if rest == 'H1' else 'tweede'} helft {j}"
    return f"{rest[1]}e kwartaal {j}"


def vergelijkbaar(normperiode: str, periode: str) -> tuple[bool, str]:
    """Does a realisation over ``periode`` (realisaties.csv syntax) cover the period a norm is set for?

    ``jaar``: the whole calendar year (``JJJJ`` or ``JJJJ-12``, through December); ``peildatum``
    (a stand at the year end): ``JJJJ``, ``JJJJ-12`` or ``JJJJ-12-31``; ``kwartaal``: a quarter;
    ``meting``: any period; ``schooljaar``: no calendar period covers a school year.
    """
    rest = periode[5:]
    if normperiode == "meting":
        return True, ""
    if normperiode == "kwartaal":
        ok = rest.startswith("Q")
        return ok, "" if ok else f"realisatie over {periode_woorden(periode)}; de norm geldt per kwartaal"
    if normperiode == "schooljaar":
        return False, f"realisatie over {periode_woorden(periode)}; de norm geldt per schooljaar"
    heel = rest in ("", "12") or (normperiode == "peildatum" and rest == "12-31")
    if heel:
        return True, ""
    wat = "de stand aan het eind van het jaar" if normperiode == "peildatum" else "het hele jaar"
    return False, f"realisatie over {periode_woorden(periode)}; de norm geldt voor {wat} {periode[:4]}"


def beoordeel_indicator(ind: Indicator, real: Realisatie | None) -> Oordeel:
    """A realisation against an indicator's norm, in the sense of the indicator's direction.

    A realisation whose period does not cover the norm's (:func:`vergelijkbaar`) is not judged:
    NIET_VERGELIJKBAAR, with the period in the reason.
    """
    if ind.beter is None or ind.norm is None:
        return Oordeel(ONBEKEND, "norm zonder getal")
    if real is not None and real.record is not None and real.record.id == ind.norm.id:
        return Oordeel(ONBEKEND, "norm en realisatie zijn hetzelfde gedrukte cijfer")
    if real is not None:
        ok, reden = vergelijkbaar(ind.normperiode, real.periode)
        if not ok:
            return Oordeel(NIET_VERGELIJKBAAR, reden)
    return beoordeel(None if real is None else real.waarde, ind.norm.waarde, ind.beter, ind.strikt)


def geldt_op(ind: Indicator, eenheid: str) -> bool:
    """Does the norm apply on the page of ``eenheid``? The general rule from the indicator's level:

    a norm applies on the page of its own scope; a ``per gemeente`` norm of the cooperation also on
    the page of each of its gemeenten. A ``totaal`` (a count or amount of the scope as a whole) or an
    ``organisatie`` norm (SZMH's own staff, reporting, meetings) never applies to a member.
    """
    return ind.scope == eenheid or (ind.niveau == "per gemeente" and ind.scope == SAMENWERKING and eenheid != SAMENWERKING)


def _voorkeur(ind: Indicator, r: Realisatie) -> tuple:
    return (vergelijkbaar(ind.normperiode, r.periode)[0], r.status == "definitief", r.periode)


def kies_realisatie(ind: Indicator, gemeente: str, jaar: int, realisaties: list[Realisatie]) -> Realisatie | None:
    """The realisation that counts for this norm on the page of ``gemeente``.

    Only a realisation of a unit at the norm's level: for a ``totaal`` or ``organisatie`` norm, the
    scope's own row (never a gemeente's count against a cooperation-wide total); for a ``per gemeente``
    norm, the page unit's own row before the scope's. Then a period that covers the norm's, definitive
    before provisional, the latest period first.
    """
    if not geldt_op(ind, gemeente):
        return None
    eenheden = (ind.scope,) if ind.niveau != "per gemeente" else tuple(dict.fromkeys((gemeente, ind.scope)))
    for g in eenheden:
        kandidaten = [r for r in realisaties if r.indicator == ind.indicator and r.gemeente == g and r.jaar == jaar]
        if kandidaten:
            return max(kandidaten, key=lambda r: _voorkeur(ind, r))
    return None


def gemeenten(register: Register) -> tuple[str, ...]:
    """The gemeenten of the cooperation whose agreements the KPI register holds (``data/eenheden.csv``)."""
    return leden(register, SAMENWERKING)


def bereik(register: Register, gemeente: str) -> set[str]:
    """The scopes whose norms may apply on the page of ``gemeente`` (:func:`geldt_op` decides per norm)."""
    return {SAMENWERKING, gemeente} if gemeente in gemeenten(register) else {gemeente}


def normen_voor(indicatoren: list[Indicator], jaar: int, scopes: set[str], eenheid: str | None = None) -> list[Indicator]:
    """The norms of ``jaar`` for these scopes (see :func:`bereik`); with ``eenheid``, only those that apply on its page."""
    return [i for i in indicatoren if i.jaar == jaar and i.scope in scopes and (eenheid is None or geldt_op(i, eenheid))]


def normen_met_oordeel(gegevens: KpiGegevens, gemeente: str, jaar: int) -> list[tuple[Indicator, Realisatie | None, Oordeel]]:
    """Every norm that applies on the page of ``gemeente`` in ``jaar`` with the realisation that counts and the verdict."""
    uit = []
    for ind in normen_voor(gegevens.indicatoren, jaar, bereik(gegevens.register, gemeente), gemeente):
        r = kies_realisatie(ind, gemeente, jaar, gegevens.realisaties)
        uit.append((ind, r, beoordeel_indicator(ind, r)))
    return uit


def alleen_voor_scope(gegevens: KpiGegevens, gemeente: str, jaar: int) -> list[Indicator]:
    """The cooperation's norms of ``jaar`` that do NOT apply on a member's page (totals, the organisation)."""
    if gemeente == SAMENWERKING:
        return []
    return [i for i in gegevens.indicatoren if i.jaar == jaar and i.scope == SAMENWERKING and not geldt_op(i, gemeente)]


def telling(oordelen: Iterable[Oordeel]) -> dict[str, int]:
    """How many norms are met, not met, not comparable and unknown."""
    t = dict.fromkeys(ORDE, 0)
    for o in oordelen:
        t[o.oordeel] += 1
    return t


# ----------------------------------------------------------- across gemeenten
@dataclass(frozen=True)
class Normverschil:
    """One indicator whose norm differs between the gemeenten of the cooperation in one year."""
    indicator: str
    jaar: int
    normen: tuple[Indicator, ...]          # one per gemeente, in data/eenheden.csv order
    gelijk: bool                           # the same norm value everywhere


def normen_per_gemeente(indicatoren: list[Indicator], mh: tuple[str, ...]) -> list[Normverschil]:
    """Indicators with a norm of their own per gemeente (scope = a gemeente), per year, compared across gemeenten."""
    groepen: dict[tuple[str, int], dict[str, Indicator]] = {}
    for i in indicatoren:
        if i.scope in mh and i.norm is not None:
            groepen.setdefault((i.indicator, i.jaar), {})[i.scope] = i
    uit = []
    for (sleutel, jaar), per in sorted(groepen.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        normen = tuple(per[g] for g in mh if g in per)
        uit.append(Normverschil(sleutel, jaar, normen, len({n.norm.waarde for n in normen}) == 1))
    return uit


# ----------------------------------------------------------- across years
@dataclass(frozen=True)
class Wijziging:
    indicator: str
    scope: str
    van: Indicator | None
    naar: Indicator | None
    wijziging: str
    toelichting: str


def wijziging(van: Indicator | None, naar: Indicator | None) -> tuple[str, str]:
    """Kind of change between two years; 'verhoogd' means raised in the sense of the direction
    (for a maximum: a lower ceiling, i.e. a stricter norm)."""
    if van is None:
        return "nieuw", "alleen in het latere jaar"
    if naar is None:
        return "vervallen", "niet meer in het latere jaar"
    a, b = van.norm_waarde, naar.norm_waarde
    if a is None or b is None:
        return "ongewijzigd", "norm zonder getal"
    if a == b:
        return "ongewijzigd", "zelfde normwaarde"
    hoger = b > a
    if naar.beter == LAGER:
        return ("verlaagd", "hoger maximum: norm versoepeld") if hoger else ("verhoogd", "lager maximum: norm aangescherpt")
    return ("verhoogd", "hogere norm") if hoger else ("verlaagd", "lagere norm")


def wijzigingen(indicatoren: list[Indicator], van_jaar: int, naar_jaar: int) -> list[Wijziging]:
    """Every indicator of the two years linked by key and scope, with the change in norm and definition."""
    a = {(i.indicator, i.scope): i for i in indicatoren if i.jaar == van_jaar}
    b = {(i.indicator, i.scope): i for i in indicatoren if i.jaar == naar_jaar}
    # a domain on which the sources say nothing in one of the years is not compared:
    # its indicators are neither 'nieuw' nor 'vervallen', the other year is simply unknown
    beide = {i.domein for i in a.values()} & {i.domein for i in b.values()}
    uit = []
    for k in list(dict.fromkeys([*a, *b])):
        if (a.get(k) or b.get(k)).domein not in beide:
            continue
        soort, uitleg = wijziging(a.get(k), b.get(k))
        uit.append(Wijziging(k[0], k[1], a.get(k), b.get(k), soort, uitleg))
    return uit


# ------------------------------------------------------------------ per-gemeente figures
def records(register: Register, **sel: str) -> list[Cijfer]:
    """Records whose ``tabel``/``rol``/``eenheid`` or labels have these values, in register order."""
    return [c for c in register.cijfers.values()
            if all((getattr(c, k) if k in ("tabel", "rol", "eenheid") else c.label(k)) == v for k, v in sel.items())]


@dataclass(frozen=True)
class Stand:
    """One point of the benefit-unit series of a gemeente."""
    datum: str            # ISO date of the point
    soort: str            # realisatie / prognose / norm
    record: Cijfer


def uitkeringseenheden(register: Register, gemeente: str) -> list[Stand]:
    """Standcijfer, prognosis and norm of one gemeente (or the SZMH total where printed)."""
    uit = []
    for c in records(register, tabel=PROGNOSE_TABEL, eenheid="aantal", gemeente=gemeente):
        datum = register.cijfers["002c-prog-stand-datum"].waarde.iso if c.rol == "realisatie" else f"{c.label('jaar')}-12-31"
        uit.append(Stand(datum, c.rol, c))
    for c in records(register, tabel=UE_TABEL, eenheid="aantal", rol="norm", gemeente=gemeente):
        if c.id.startswith("000a-dvo-ue-"):
            uit.append(Stand(register.cijfers[f"{c.id}-datum"].waarde.iso, "norm", c))
    return sorted(uit, key=lambda s: s.datum)


def halfjaren(register: Register) -> list[str]:
    """The half years of the support table (``2019-h1`` ...)."""
    return sorted({c.id.rsplit("-", 1)[1] for c in records(register, tabel=STEUN_TABEL)})


def _som(cs: Iterable[Cijfer]) -> Decimal:
    return sum((c.waarde for c in cs), Decimal(0))


@dataclass(frozen=True)
class UeVergelijking:
    """Benefit units of one gemeente: standcijfer, prognosis, norm, and what follows from them (exact)."""
    gemeente: str
    stand: Cijfer | None
    prognose: Cijfer | None
    norm: Cijfer | None
    groei_pct: Decimal | None            # prognosis against standcijfer
    norm_tov_prognose_pct: Decimal | None
    aandeel_pct: Decimal | None          # the norm's share of the printed SZMH total
    wijziging: str


def wijziging_ue(pr: Cijfer | None, no: Cijfer | None) -> str:
    """The 2018 benefit-unit norm against the 2017 prognosis, for a maximum (lower is stricter)."""
    if pr is None or no is None:
        return "onbekend"
    if no.waarde == pr.waarde:
        return "ongewijzigd"
    return "aangescherpt (lager maximum)" if no.waarde < pr.waarde else "versoepeld (hoger maximum)"


def normen_tov_stand(register: Register) -> list[tuple[str, str, Decimal]]:
    """Per gemeente the prognosis 2017 and the norm 2018 as a change against its own standcijfer (september 2016),
    in percent (exact): the gemeenten's norms compared independent of their size."""
    uit = []
    for v in ue_vergelijking(register):
        if v.stand is None:
            continue
        for naam, c in (("prognose eind 2017 (DVO 2017)", v.prognose), ("norm eind 2018 (DVO 2018)", v.norm)):
            if c is not None:
                uit.append((v.gemeente, naam, (c.waarde / v.stand.waarde - 1) * 100))
    return uit


def ue_vergelijking(register: Register) -> list[UeVergelijking]:
    """Per gemeente of the cooperation: standcijfer, prognosis 2017, norm 2018 and the changes."""
    totaal = register.cijfers["000a-dvo-ue-szmh"]
    uit = []
    for g in gemeenten(register):
        reeks = {s.soort: s.record for s in uitkeringseenheden(register, g)}
        st, pr, no = reeks.get("realisatie"), reeks.get("prognose"), reeks.get("norm")
        uit.append(UeVergelijking(
            g, st, pr, no,
            (pr.waarde / st.waarde - 1) * 100 if st and pr else None,
            (no.waarde / pr.waarde - 1) * 100 if pr and no else None,
            no.waarde / totaal.waarde * 100 if no else None,
            wijziging_ue(pr, no)))
    return uit


# ------------------------------------------------------------------ derived KPIs
@dataclass(frozen=True)
class Stapelingstoets:
    """Does the mean number of pillars from the counts fit the one the stacking table implies?"""
    kolom: str                 # the stacking table's column (peildatum)
    laag: Decimal              # mean pillars when '4 of 5 pijlers' counts as 4
    hoog: Decimal              # ... and as 5
    tolerantie: Decimal        # the stacking shares' printed precision, carried through
    oordeel: str               # rekenboek.checks.oordeel of the distance to [laag, hoog]

    @property
    def past(self) -> bool:
        return self.oordeel != "afwijking"


@dataclass(frozen=True)
class Afgeleid:
    """A KPI derived from printed figures that the findings register does not hold; the page words it by ``soort``."""
    soort: str                          # see the report page's wording per kind
    gemeente: str
    waarde: Decimal | None              # exact; None when the sources do not allow it
    bronnen: tuple[Cijfer, ...]         # the records cited as source lines
    tot: Decimal | None = None          # second value of a pair (standcijfer -> prognose)
    referentie: Decimal | None = None   # a printed figure named in the comparison
    periode: str = ""                   # half year, '2019-h1'
    onderwerp: str = ""                 # 'hh'/'inw' or the pillar
    toets: Stapelingstoets | None = None


def afgeleide_kpis(register: Register, gemeente: str, jaar: int) -> list[Afgeleid]:
    """Derived KPIs that the findings register does not already hold, recomputed exactly.

    (The growth of each gemeente's 2017 prognosis against the national rise, the 2018
    gemeenten against the SZMH total, the pupil-transport footings and the stacking totals
    are register checks; they appear under 'Controles uit het register'.)
    """
    uit: list[Afgeleid] = []
    mh = gemeenten(register)
    binnen = gemeente in mh or gemeente == SAMENWERKING
    if jaar == 2017 and binnen:
        stand = {g: records(register, tabel=PROGNOSE_TABEL, rol="realisatie", gemeente=g)[0] for g in mh}
        prog = {g: records(register, tabel=PROGNOSE_TABEL, rol="prognose", gemeente=g, eenheid="aantal")[0] for g in mh}
        som_stand, som_prog = _som(stand.values()), _som(prog.values())
        if gemeente == SAMENWERKING:
            uit.append(Afgeleid("ue-som", gemeente, som_stand, (stand["Maastricht"], prog["Maastricht"]), tot=som_prog))
        else:
            uit.append(Afgeleid("aandeel-prognose", gemeente, prog[gemeente].waarde / som_prog * 100, (prog[gemeente],)))
            uit.append(Afgeleid("groei-aantal", gemeente, prog[gemeente].waarde - stand[gemeente].waarde, (prog[gemeente],)))
    if jaar == 2018 and binnen:
        daling = register.cijfers["000a-dvo-ue-prognose-daling"]
        totaal = register.cijfers["000a-dvo-ue-szmh"]
        for g in ([gemeente] if gemeente in mh else [SAMENWERKING]):
            reeks = uitkeringseenheden(register, g)
            norm = [s for s in reeks if s.soort == "norm"][0].record
            uit.append(Afgeleid("impliciet-standcijfer", g, norm.waarde / (1 - daling.waarde / 100), (norm, daling)))
            vorig = [s.record for s in reeks if s.soort == "prognose"]
            if vorig:
                uit.append(Afgeleid("norm-tov-prognose", g, (norm.waarde / vorig[0].waarde - 1) * 100, (vorig[0], norm),
                                    referentie=daling.waarde))
            if g != SAMENWERKING:
                uit.append(Afgeleid("aandeel-totaal", g, norm.waarde / totaal.waarde * 100, (norm, totaal)))
        llv_tot = register.cijfers["000a-uo-llv-deelname-totaal-totaal"]
        besch = register.cijfers["000a-uo-llv-beschikkingen"]
        uit.append(Afgeleid("llv-per-beschikking", gemeente, llv_tot.waarde / besch.waarde, (llv_tot, besch)))
        if gemeente in mh:
            # the source prints Maastricht on its own and the other GR gemeenten together
            eigen = records(register, tabel=LLV_TABEL, rol="totaal", gemeente=gemeente, kolom="totaal")
            if eigen:
                uit.append(Afgeleid("llv-aandeel", gemeente, eigen[0].waarde / llv_tot.waarde * 100, (eigen[0],)))
            else:
                uit.append(Afgeleid("llv-onbekend", gemeente, None, (register.cijfers["000a-uo-llv-deelname-overig-totaal"],)))
    if records(register, tabel=STEUN_TABEL, gemeente=gemeente, jaar=str(jaar)):
        uit += _stapeling_kpis(register, gemeente, jaar)
    return uit


def _pijlers(label: str) -> tuple[int, int]:
    """'1 pijler', '4 of 5 pijlers': the fewest and the most pillars the row stands for."""
    cijfers = [int(x) for x in re.findall(r"\d+", label)]
    return min(cijfers), max(cijfers)


def _stapelingstoets(register: Register, half: str, factor: Decimal) -> Stapelingstoets | None:
    peil = f"{half[:4]}-{'06-30' if half.endswith('h1') else '12-31'}"
    st = [c for c in records(register, tabel=STAPELING_TABEL, rol="cel") if c.label("datum") == peil]
    if not st:
        return None
    laag = sum((c.waarde * _pijlers(c.label("rij"))[0] for c in st), Decimal(0)) / 100
    hoog = sum((c.waarde * _pijlers(c.label("rij"))[1] for c in st), Decimal(0)) / 100
    tol = sum((c.halve_eenheid * _pijlers(c.label("rij"))[1] for c in st), Decimal(0)) / 100
    # distance from the interval [laag, hoog]: zero inside it
    verschil = factor - hoog if factor > hoog else factor - laag if factor < laag else Decimal(0)
    return Stapelingstoets(st[0].label("kolom"), laag, hoog, tol, oordeel(verschil, tol))


def _stapeling_kpis(register: Register, gemeente: str, jaar: int) -> list[Afgeleid]:
    """Pillar counts against unique totals, and the mean number of pillars the stacking table implies."""
    uit = []
    for half in halfjaren(register):
        if not half.startswith(str(jaar)):
            continue
        for soort in ("hh", "inw"):
            cs = [c for c in records(register, tabel=STEUN_TABEL) if f"-{soort}-{half}" in c.id]
            totaal = next(c for c in cs if c.rol == "totaal")
            factor = _som(c for c in cs if c.rol == "cel") / totaal.waarde
            toets = _stapelingstoets(register, half, factor) if soort == "hh" else None
            uit.append(Afgeleid("pijlers-gemiddeld", gemeente, factor, (totaal,), periode=half, onderwerp=soort, toets=toets))
        for c in [c for c in records(register, tabel=STEUN_TABEL, rol="cel") if f"-hh-{half}" in c.id]:
            inw = register.cijfers[c.id.replace("-hh-", "-inw-")]
            uit.append(Afgeleid("inwoners-per-huishouden", gemeente, inw.waarde / c.waarde, (c,), periode=half,
                                onderwerp=c.label("rij")))
    return uit
