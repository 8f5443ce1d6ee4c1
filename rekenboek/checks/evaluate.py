"""Evaluate declared checks: the one place a verdict is made.

The tolerance of a check is half the width of the recomputed interval plus the stated
figure's own half unit: the largest difference that rounding of the printed figures
alone can explain (see :mod:`rekenboek.checks.formula`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from rekenboek.checks.declarations import Controle
from rekenboek.checks.formula import AFZONDERLIJK, ONBEKEND, DefinitieFout, Evaluator, Grootheid, NietControleerbaar, halve_eenheid
from rekenboek.errors import InvoerFout, InvoerFouten
from rekenboek.inputs.register import Cijfer, Register
from rekenboek.numbers import Datum, nl_getal, plain


@dataclass
class Bevinding:
    controle: Controle
    gesteld: Cijfer
    waarde_gesteld: object
    waarde_herberekend: object
    verschil: Decimal | None
    tolerantie: Decimal | None
    eenheid: str
    oordeel: str
    toelichting: str
    onderdelen: list[Cijfer] = field(default_factory=list)
    hoofdbevinding: str = ""        # the root-cause finding this check belongs to (checks.hoofdbevindingen)
    doorwerking_van: str = ""       # for a doorwerking: the id of the root check it echoes


def oordeel(verschil: Decimal, tolerantie: Decimal, aard: str = "", lezing: str = "") -> str:
    """The one numeric verdict of the book: equal, within the rounding tolerance, or beyond it.

    Beyond it is ``afwijking``, unless the check is declared a revision (``aard: herziening``:
    verdict ``herziening``) or its outcome depends on reading an ambiguous line (``lezing``:
    verdict ``niet-controleerbaar``). ``doorwerking`` is given afterwards, to an afwijking that
    closes once its root cause upstream is corrected (:func:`als_doorwerking`).
    """
    if verschil == 0:
        return "klopt"
    return "afronding" if abs(verschil) <= tolerantie else verschil_oordeel(aard, lezing)


def verschil_oordeel(aard: str = "", lezing: str = "") -> str:
    """The verdict for a difference that rounding cannot explain (numbers, dates and labels alike)."""
    if aard == "herziening":
        return "herziening"
    return "niet-controleerbaar" if lezing else "afwijking"


def als_doorwerking(b: Bevinding, wortel: Bevinding, verschil_na: Decimal | None) -> Bevinding:
    """An afwijking that closes with its printed inputs once ``wortel``'s stated figure is corrected."""
    w = wortel.gesteld
    tekst = (f"Doorwerking van {wortel.controle.id}: met de herberekende waarde van {w.id} "
             f"({w.bestand[:3]}:{w.regel}) in plaats van de gedrukte sluit dit cijfer"
             + (f" (verschil dan {_fmt(verschil_na, max(0, -w.waarde.as_tuple().exponent) if isinstance(w.waarde, Decimal) else 0)})" if verschil_na is not None else "")
             + "; het verschil hieronder is het effect van die fout, geen eigen afwijking. ")
    return replace(b, oordeel="doorwerking", toelichting=tekst + b.toelichting, doorwerking_van=wortel.controle.id)


def _fmt(d: Decimal, decimalen: int | None = None) -> str:
    """Dutch notation; with ``decimalen``, at most that many decimals (never more digits than the arithmetic
    justifies: a difference at the stated figure's precision, a tolerance at one decimal more)."""
    d = d.normalize() if d != 0 else Decimal(0)
    eigen = max(0, -d.as_tuple().exponent)
    return nl_getal(d, eigen if decimalen is None else min(eigen, decimalen))


def evalueer(register: Register, controle: Controle, vervangen: dict[str, Decimal] | None = None) -> Bevinding:
    """Judge one check. ``vervangen`` (record id -> value) replaces printed values, the stated one included."""
    vervangen = vervangen or {}
    gesteld = register.cijfers[controle.gesteld]
    ev = Evaluator(register, controle, vervangen)
    eenheid = gesteld.eenheid
    notities = [controle.toelichting.strip()] if controle.toelichting.strip() else []

    gedrukt = vervangen.get(gesteld.id, gesteld.waarde)     # the stated value as judged (printed, or substituted)

    def bevinding(herb, verschil, tol, oordeel, tekst):
        onderdelen = list(dict.fromkeys(ev.gebruikt))
        return Bevinding(controle, gesteld, gedrukt, herb, verschil, tol, eenheid, oordeel,
                         " ".join([tekst] + notities + _extractie(gesteld, onderdelen)).strip(), onderdelen)

    if gesteld.is_pm:
        return bevinding(None, None, None, "niet-controleerbaar", "Het gestelde cijfer staat op pm en heeft geen bedrag.")
    if controle.formule.strip() == ONBEKEND:
        return bevinding(None, None, None, "niet-controleerbaar",
                         "Niet te herberekenen: een onderdeel staat niet in de bronnen.")
    try:
        herb = ev.evalueer()
    except NietControleerbaar as exc:
        return bevinding(None, None, None, "niet-controleerbaar", f"Niet te herberekenen: {exc}.")

    waarde_gesteld = gedrukt
    if isinstance(waarde_gesteld, Datum) and isinstance(herb, Grootheid) and herb.eenheid == "jaar":
        # a printed date judged against a year the context gives: compare its year
        if waarde_gesteld.begin.year != waarde_gesteld.eind.year:
            raise DefinitieFout(f"{controle.id}: de gedrukte datum valt niet binnen één jaar")
        waarde_gesteld = waarde_gesteld.begin.year
    elif isinstance(gesteld.waarde, Datum) or isinstance(herb, Datum):
        if not (isinstance(gesteld.waarde, Datum) and isinstance(herb, Datum)):
            raise DefinitieFout(f"{controle.id}: een datum kan alleen met een datum worden vergeleken")
        if controle.vergelijking == "niet_na":
            ok = gesteld.waarde.begin <= herb.eind
            tekst = ("De gedrukte datum ligt niet na de referentiedatum." if ok
                     else "De gedrukte datum ligt na de referentiedatum; dat kan in deze context niet kloppen.")
        else:
            ok = gesteld.waarde == herb
            tekst = "De gedrukte datum is gelijk aan de datum die de context geeft." if ok else "De gedrukte datum verschilt van de datum die de context geeft."
        return bevinding(herb, None, None, *_kwalificeer("klopt" if ok else verschil_oordeel(controle.aard, controle.lezing), tekst, controle))
    if isinstance(waarde_gesteld, str) or isinstance(herb, str):
        ok = gesteld.waarde == herb
        return bevinding(herb, None, None, *_kwalificeer("klopt" if ok else verschil_oordeel(controle.aard, controle.lezing),
                         "Het label is gelijk aan de context." if ok else "Het label verschilt van wat de context zegt.", controle))

    waarde = waarde_gesteld if isinstance(waarde_gesteld, Decimal) else Decimal(waarde_gesteld)
    if gesteld.eenheid == "jaar" or herb.eenheid == "jaar":
        eenheid = "jaar"
    elif herb.eenheid and herb.eenheid != gesteld.eenheid:
        raise DefinitieFout(f"{controle.id}: gesteld is in {gesteld.eenheid}, herberekend in {herb.eenheid}")
    verschil = waarde - herb.waarde
    dec = max(0, -waarde.as_tuple().exponent) if isinstance(waarde_gesteld, Decimal) else 0   # as printed
    afzonderlijk = controle.afronding == AFZONDERLIJK
    h_gesteld = halve_eenheid(gesteld, afzonderlijk)
    tol = h_gesteld + herb.halve_breedte
    if controle.vergelijking != "gelijk":
        raise DefinitieFout(f"{controle.id}: vergelijking {controle.vergelijking} geldt alleen voor datums")
    if tol == 0:
        reden = "tolerantie 0: alle cijfers zijn exact, zoals aantallen en jaartallen"
    else:
        delen = [f"de helft van de laatst gedrukte eenheid van het gestelde cijfer ({_fmt(h_gesteld, dec + 1)})"] if h_gesteld else []
        if herb.halve_breedte:
            wat = "het gedrukte onderdeel" if herb.onderdelen == 1 else f"de {herb.onderdelen} gedrukte onderdelen samen"
            delen.append(f"de afrondingsruimte van {wat} ({_fmt(herb.halve_breedte, dec + 1)})")
        reden = f"tolerantie {_fmt(tol, dec + 1)} = " + " plus ".join(delen)
        if not h_gesteld:
            reden += "; het gestelde cijfer zelf is exact"
        if afzonderlijk:
            reden += ("; de cijfers zijn afzonderlijk afgerond (zoals prognoses, of aandelen die op 100 afronden), "
                      "dus elk cijfer, ook een aantal, draagt de helft van zijn laatst gedrukte eenheid")
    uitkomst = oordeel(verschil, tol, controle.aard, controle.lezing)
    groot = f"Verschil {_fmt(verschil, dec)} is groter dan afronding kan verklaren ({reden})."
    uitkomst, tekst = _kwalificeer(uitkomst, {"klopt": f"Gesteld en herberekend zijn gelijk ({reden}).",
                                              "afronding": f"Verschil {_fmt(verschil, dec)} valt binnen de afronding ({reden})."
                                              }.get(uitkomst, groot), controle)
    if ev.pm:
        tekst += f" {len(ev.pm)} onderde{'el staat' if len(ev.pm) == 1 else 'len staan'} op pm en tel{'t' if len(ev.pm) == 1 else 'len'} als nul mee (regel {', '.join(str(c.regel) for c in ev.pm)}): de werkelijke omvang kan hoger zijn."
    return bevinding(herb.waarde, verschil, tol, uitkomst, tekst)


def herrekend(register: Register, controle: Controle, vervangen: dict[str, Decimal]) -> tuple[Decimal, Decimal, bool] | None:
    """A numeric check re-judged with ``vervangen`` (record id -> value): (recomputed, difference, closes).

    The same arithmetic, tolerance and verdict as :func:`evalueer`, without the explanation;
    None when the check is not numeric or cannot be recomputed.
    """
    gesteld = register.cijfers[controle.gesteld]
    if not isinstance(gesteld.waarde, Decimal) or controle.formule.strip() == ONBEKEND:
        return None
    try:
        herb = Evaluator(register, controle, vervangen).evalueer()
    except (NietControleerbaar, DefinitieFout):
        return None
    if not isinstance(herb, Grootheid) or herb.eenheid == "jaar":
        return None
    verschil = vervangen.get(gesteld.id, gesteld.waarde) - herb.waarde
    tol = halve_eenheid(gesteld, controle.afronding == AFZONDERLIJK) + herb.halve_breedte
    return herb.waarde, verschil, oordeel(verschil, tol) in ("klopt", "afronding")


def _kwalificeer(uitkomst: str, tekst: str, controle: Controle) -> tuple[str, str]:
    """The explanation of a revision or of a reading-dependent difference leads with what it is."""
    if uitkomst == "herziening":
        return uitkomst, ("Herziening: een later document stelt dit cijfer voor hetzelfde onderwerp en jaar anders vast; "
                          "het verschil wordt gemeld, maar is geen fout. " + tekst)
    if uitkomst == "niet-controleerbaar" and controle.lezing:
        return uitkomst, f"Hangt af van de lezing: {controle.lezing.strip().rstrip('.')}. " + tekst
    return uitkomst, tekst


def _extractie(gesteld: Cijfer, onderdelen: list[Cijfer]) -> list[str]:
    """Extraction problems of the figures a check uses, so they surface in the register."""
    uit = []
    for c in [gesteld] + [o for o in onderdelen if o.id != gesteld.id]:
        if c.notatie in ("punt", "afwijkend"):
            uit.append(f"Extractie: {c.bestand[:3]}:{c.regel} '{c.tekst}' is gelezen als {nl_getal(c.waarde) if isinstance(c.waarde, Decimal) else als_register_waarde(c.waarde)}"
                       + (f" ({c.label('notitie').rstrip('.')})." if c.label("notitie") else "."))
    return uit


def evalueer_alle(register: Register, controles: list[Controle]) -> list[Bevinding]:
    uit, fouten = [], []
    for c in controles:
        try:
            uit.append(evalueer(register, c))
        except DefinitieFout as exc:
            fouten.append(InvoerFout(c.bestand, c.positie, "formule", str(exc)))
    if fouten:
        raise InvoerFouten(fouten)
    return uit


REGISTER_DECIMALEN = 10  # a ratio such as 0,6 / 1,4 does not terminate; the register shows it to 10 decimals


def als_register_waarde(v) -> str:
    """A value as the register prints it; verdicts are always judged on the exact value."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        if -v.as_tuple().exponent > REGISTER_DECIMALEN:
            v = v.quantize(Decimal(1).scaleb(-REGISTER_DECIMALEN))
        return plain(v)
    return str(v)
