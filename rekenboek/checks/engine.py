"""Declared checks and their exact evaluation.

A check (in ``data/controles/*.yaml``) names its stated figure (``gesteld``, a
record id) and a formula over transcribed figures that recomputes it::

    r("id")                       the value of one record
    som(tabel="...", rol="...")   the sum of all records whose columns match
    jaar(r("id"))                 the year of a date record
    + - * / and numeric literals

Every record carries the rounding uncertainty of its printed precision (half
the unit of its last printed digit). The formula is evaluated twice at once:
exactly, with ``Decimal``, and as an interval that carries those uncertainties
through the arithmetic. The tolerance of a check is half the width of the
recomputed interval plus the stated figure's own half unit: the largest
difference that rounding of the printed figures alone can explain.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from pathlib import Path

import yaml

from rekenboek.reads import gelezen, gezocht
from rekenboek.inputs.register import Cijfer, Register
from rekenboek.errors import InvoerFout, InvoerFouten
from rekenboek.numbers import Datum, nl_getal, plain

SOORTEN = ("footing", "crossfooting", "herberekening", "aansluiting", "label", "model")
VERGELIJKINGEN = ("gelijk", "niet_na")
PM_REGELS = ("fout", "nul")
OORDELEN = ("klopt", "afronding", "afwijking", "niet-controleerbaar")
VELDEN = {"id", "soort", "gesteld", "formule", "omschrijving", "vergelijking", "pm", "toelichting"}
ONBEKEND = "onbekend"  # formula of a check whose components the sources do not give (reason in toelichting)


class DefinitieFout(Exception):
    """A check that cannot be evaluated as declared (a data error, exit 2)."""


class NietControleerbaar(Exception):
    """A component without an amount (pm) or otherwise unusable; the reason is the message."""


@dataclass(frozen=True)
class Grootheid:
    """An exact value with the interval its printed precision allows."""

    waarde: Decimal
    laag: Decimal
    hoog: Decimal
    eenheid: str
    onderdelen: int = 1

    @classmethod
    def exact(cls, w: Decimal, eenheid: str = "") -> "Grootheid":
        return cls(w, w, w, eenheid, 0)

    @property
    def halve_breedte(self) -> Decimal:
        return (self.hoog - self.laag) / 2

    def _eenheid(self, ander: "Grootheid") -> str:
        if self.eenheid and ander.eenheid and self.eenheid != ander.eenheid:
            raise DefinitieFout(f"eenheden {self.eenheid} en {ander.eenheid} kunnen niet worden opgeteld")
        return self.eenheid or ander.eenheid

    def __add__(self, o: "Grootheid") -> "Grootheid":
        return Grootheid(self.waarde + o.waarde, self.laag + o.laag, self.hoog + o.hoog, self._eenheid(o), self.onderdelen + o.onderdelen)

    def __neg__(self) -> "Grootheid":
        return Grootheid(-self.waarde, -self.hoog, -self.laag, self.eenheid, self.onderdelen)

    def __sub__(self, o: "Grootheid") -> "Grootheid":
        return self + (-o)

    def __mul__(self, o: "Grootheid") -> "Grootheid":
        hoeken = [a * b for a in (self.laag, self.hoog) for b in (o.laag, o.hoog)]
        # a quantity times a pure number keeps its unit; other products (fte x EUR/fte) are left unnamed
        eenheid = self.eenheid if not o.eenheid else o.eenheid if not self.eenheid else ""
        return Grootheid(self.waarde * o.waarde, min(hoeken), max(hoeken), eenheid, self.onderdelen + o.onderdelen)

    def __truediv__(self, o: "Grootheid") -> "Grootheid":
        if o.laag <= 0 <= o.hoog:
            raise NietControleerbaar("de noemer kan binnen zijn afronding nul zijn")
        with localcontext() as ctx:
            ctx.prec = 34
            hoeken = [a / b for a in (self.laag, self.hoog) for b in (o.laag, o.hoog)]
            # a ratio of like quantities (a share, a growth factor) is a pure number
            eenheid = self.eenheid if not o.eenheid else ""
            return Grootheid(self.waarde / o.waarde, min(hoeken), max(hoeken), eenheid, self.onderdelen + o.onderdelen)


@dataclass(frozen=True)
class Controle:
    id: str
    soort: str
    gesteld: str
    formule: str
    omschrijving: str
    vergelijking: str = "gelijk"
    pm: str = "fout"
    toelichting: str = ""
    bestand: str = ""
    positie: int = 0


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


# ------------------------------------------------------------------ loading
def laad_controles(register: Register, map_: Path | None = None, patroon: str = "*.yaml") -> list[Controle]:
    map_ = map_ or (register.root / "controles")
    controles: list[Controle] = []
    fouten: list[InvoerFout] = []
    gezien: dict[str, str] = {}
    gezocht(map_, patroon)
    for pad in sorted(map_.glob(patroon)):
        rel = f"{register.root.name}/controles/{pad.name}"
        gelezen(pad)
        try:
            items = yaml.safe_load(pad.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            regel = getattr(getattr(exc, "problem_mark", None), "line", None)
            raise InvoerFout(rel, None, None, f"geen geldige YAML{f' (regel {regel + 1})' if regel is not None else ''}: {exc}") from None
        if not isinstance(items, list):
            raise InvoerFout(rel, None, None, "verwacht een lijst van controles")
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                fouten.append(InvoerFout(rel, i, None, "een controle is een mapping met velden"))
                continue
            vorm = [InvoerFout(rel, i, veld, "onbekend veld") for veld in sorted(set(item) - VELDEN)]
            vorm += [InvoerFout(rel, i, veld, "ontbreekt") for veld in ("id", "soort", "gesteld", "formule", "omschrijving")
                     if not str(item.get(veld, "") or "").strip()]
            if vorm:
                fouten += vorm
                continue
            c = Controle(bestand=rel, positie=i, **{k: str(v) for k, v in item.items()})
            for veld, toegestaan in (("soort", SOORTEN), ("vergelijking", VERGELIJKINGEN), ("pm", PM_REGELS)):
                if getattr(c, veld) not in toegestaan:
                    fouten.append(InvoerFout(rel, i, veld, f"{getattr(c, veld)!r} moet een van {list(toegestaan)} zijn"))
            if c.id in gezien:
                fouten.append(InvoerFout(rel, i, "id", f"id {c.id!r} komt al voor in {gezien[c.id]}"))
            gezien[c.id] = rel
            if not register.geladen(c.gesteld):
                continue        # a partial register evaluates only the checks stated in its documents
            if c.gesteld not in register.cijfers:
                fouten.append(InvoerFout(rel, i, "gesteld", f"onbekend cijfer {c.gesteld!r}"))
            if c.formule.strip() == ONBEKEND:
                if not c.toelichting.strip():
                    fouten.append(InvoerFout(rel, i, "toelichting", "een niet te herberekenen controle zegt waarom"))
            else:
                try:
                    _Evaluator(register, c).controleer_syntax()
                except DefinitieFout as exc:
                    fouten.append(InvoerFout(rel, i, "formule", str(exc)))
            controles.append(c)
    if fouten:
        raise InvoerFouten(fouten)
    return controles


# --------------------------------------------------------------- evaluation
class _Evaluator:
    def __init__(self, register: Register, controle: Controle):
        self.register, self.controle = register, controle
        self.gebruikt: list[Cijfer] = []
        self.pm: list[Cijfer] = []
        try:
            self.boom = ast.parse(controle.formule, mode="eval")
        except SyntaxError as exc:
            raise DefinitieFout(f"formule is geen geldige uitdrukking: {exc.msg}") from None

    def controleer_syntax(self) -> None:
        """Evaluate once to surface unknown ids, empty selections and bad syntax."""
        try:
            self.evalueer()
        except NietControleerbaar:
            pass

    def evalueer(self):
        return self._knoop(self.boom.body)

    def _record(self, c: Cijfer):
        self.gebruikt.append(c)
        if c.is_pm:
            if self.controle.pm == "nul":
                self.pm.append(c)
                return Grootheid.exact(Decimal(0), c.eenheid)
            raise NietControleerbaar(f"onderdeel {c.id} (regel {c.regel}) staat op pm")
        if isinstance(c.waarde, Decimal):
            h = c.halve_eenheid
            return Grootheid(c.waarde, c.waarde - h, c.waarde + h, c.eenheid)
        if isinstance(c.waarde, int):  # a year
            return Grootheid.exact(Decimal(c.waarde), "jaar")
        return c.waarde  # Datum or label text

    def _knoop(self, n):
        if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            a, b = self._knoop(n.left), self._knoop(n.right)
            if not (isinstance(a, Grootheid) and isinstance(b, Grootheid)):
                raise DefinitieFout("rekenen kan alleen met getallen, niet met datums of labels")
            return {ast.Add: a.__add__, ast.Sub: a.__sub__, ast.Mult: a.__mul__, ast.Div: a.__truediv__}[type(n.op)](b)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, (ast.USub, ast.UAdd)):
            v = self._knoop(n.operand)
            if not isinstance(v, Grootheid):
                raise DefinitieFout("een teken kan alleen voor een getal staan")
            return -v if isinstance(n.op, ast.USub) else v
        if isinstance(n, ast.Constant) and isinstance(n.value, (int, float)) and not isinstance(n.value, bool):
            return Grootheid.exact(Decimal(str(n.value)))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            naam = n.func.id
            if naam == "r":
                if len(n.args) != 1 or n.keywords or not isinstance(n.args[0], ast.Constant) or not isinstance(n.args[0].value, str):
                    raise DefinitieFout('r() verwacht één id tussen aanhalingstekens, bv. r("002-3a-begin")')
                rid = n.args[0].value
                if rid not in self.register.cijfers:
                    if not self.register.geladen(rid):
                        raise DefinitieFout(f"cijfer {rid!r} hoort bij document {rid[:3]}, dat niet is geladen "
                                            f"(laad het dossier met register.laad_dossier)")
                    raise DefinitieFout(f"onbekend cijfer {rid!r}")
                return self._record(self.register.cijfers[rid])
            if naam == "som":
                if n.args or not n.keywords:
                    raise DefinitieFout('som() verwacht selectie op kolommen, bv. som(tabel="...", rol="mutatie")')
                selectie = {}
                for kw in n.keywords:
                    if not isinstance(kw.value, ast.Constant):
                        raise DefinitieFout(f"som(): waarde van {kw.arg} moet een constante zijn")
                    selectie[kw.arg] = str(kw.value.value)
                if self.register.documenten is not None and not self.register.geladen(selectie.get("tabel", "")):
                    raise DefinitieFout("som() over een deel van het register moet een tabel van een geladen document "
                                        "selecteren, anders kan de som onvolledig zijn")
                treffers = [c for c in self.register.cijfers.values() if _past(c, selectie)]
                if not treffers:
                    raise DefinitieFout(f"som({', '.join(f'{k}={v!r}' for k, v in selectie.items())}) selecteert geen enkel cijfer")
                totaal = None
                for c in treffers:
                    v = self._record(c)
                    if not isinstance(v, Grootheid):
                        raise DefinitieFout(f"som() selecteert niet-numeriek cijfer {c.id!r}")
                    totaal = v if totaal is None else totaal + v
                return totaal
            if naam == "jaar":
                if len(n.args) != 1:
                    raise DefinitieFout("jaar() verwacht één datum")
                v = self._knoop(n.args[0])
                if not isinstance(v, Datum) or v.begin.year != v.eind.year:
                    raise DefinitieFout("jaar() verwacht een datum binnen één jaar")
                return Grootheid.exact(Decimal(v.begin.year), "jaar")
            raise DefinitieFout(f"onbekende functie {naam}(); toegestaan: r, som, jaar")
        raise DefinitieFout(f"niet toegestaan in een formule: {ast.unparse(n)}")


_SELECTEERBAAR = {"id", "bestand", "tabel", "eenheid", "notatie", "rol", "rij", "kolom", "mutatiesoort", "functie",
                  "salarisschaal", "uitleg", "gemeente", "jaar"}


def _past(c: Cijfer, selectie: dict[str, str]) -> bool:
    for k, v in selectie.items():
        if k not in _SELECTEERBAAR:
            raise DefinitieFout(f"som(): kan niet selecteren op {k!r}; kies uit {sorted(_SELECTEERBAAR)}")
        waarde = getattr(c, k) if k in ("id", "bestand", "tabel", "eenheid", "notatie", "rol") else c.label(k)
        if str(waarde) != v:
            return False
    return True


def oordeel(verschil: Decimal, tolerantie: Decimal) -> str:
    """The one numeric verdict of the book: equal, within the rounding tolerance, or beyond it."""
    if verschil == 0:
        return "klopt"
    return "afronding" if abs(verschil) <= tolerantie else "afwijking"


def _fmt(d: Decimal) -> str:
    return nl_getal(d.normalize() if d != 0 else Decimal(0))


def evalueer(register: Register, controle: Controle) -> Bevinding:
    gesteld = register.cijfers[controle.gesteld]
    ev = _Evaluator(register, controle)
    eenheid = gesteld.eenheid
    notities = [controle.toelichting.strip()] if controle.toelichting.strip() else []

    def bevinding(herb, verschil, tol, oordeel, tekst):
        onderdelen = list(dict.fromkeys(ev.gebruikt))
        return Bevinding(controle, gesteld, gesteld.waarde, herb, verschil, tol, eenheid, oordeel,
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

    waarde_gesteld = gesteld.waarde
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
        return bevinding(herb, None, None, "klopt" if ok else "afwijking", tekst)
    if isinstance(waarde_gesteld, str) or isinstance(herb, str):
        ok = gesteld.waarde == herb
        return bevinding(herb, None, None, "klopt" if ok else "afwijking",
                         "Het label is gelijk aan de context." if ok else "Het label verschilt van wat de context zegt.")

    waarde = waarde_gesteld if isinstance(waarde_gesteld, Decimal) else Decimal(waarde_gesteld)
    if gesteld.eenheid == "jaar" or herb.eenheid == "jaar":
        eenheid = "jaar"
    elif herb.eenheid and herb.eenheid != gesteld.eenheid:
        raise DefinitieFout(f"{controle.id}: gesteld is in {gesteld.eenheid}, herberekend in {herb.eenheid}")
    verschil = waarde - herb.waarde
    h_gesteld = gesteld.halve_eenheid
    tol = h_gesteld + herb.halve_breedte
    if controle.vergelijking != "gelijk":
        raise DefinitieFout(f"{controle.id}: vergelijking {controle.vergelijking} geldt alleen voor datums")
    if tol == 0:
        reden = "tolerantie 0: alle cijfers zijn exact, zoals aantallen en jaartallen"
    else:
        delen = [f"de helft van de laatst gedrukte eenheid van het gestelde cijfer ({_fmt(h_gesteld)})"] if h_gesteld else []
        if herb.halve_breedte:
            wat = "het gedrukte onderdeel" if herb.onderdelen == 1 else f"de {herb.onderdelen} gedrukte onderdelen samen"
            delen.append(f"de afrondingsruimte van {wat} ({_fmt(herb.halve_breedte)})")
        reden = f"tolerantie {_fmt(tol)} = " + " plus ".join(delen)
        if not h_gesteld:
            reden += "; het gestelde cijfer zelf is exact"
    uitkomst = oordeel(verschil, tol)
    tekst = {"klopt": f"Gesteld en herberekend zijn gelijk ({reden}).",
             "afronding": f"Verschil {_fmt(verschil)} valt binnen de afronding ({reden}).",
             "afwijking": f"Verschil {_fmt(verschil)} is groter dan afronding kan verklaren ({reden})."}[uitkomst]
    if ev.pm:
        tekst += f" {len(ev.pm)} onderde{'el staat' if len(ev.pm) == 1 else 'len staan'} op pm en tel{'t' if len(ev.pm) == 1 else 'len'} als nul mee (regel {', '.join(str(c.regel) for c in ev.pm)}): de werkelijke omvang kan hoger zijn."
    return bevinding(herb.waarde, verschil, tol, uitkomst, tekst)


def _extractie(gesteld: Cijfer, onderdelen: list[Cijfer]) -> list[str]:
    """Extraction problems of the figures a check uses, so they surface in the register."""
    uit = []
    for c in [gesteld] + [o for o in onderdelen if o.id != gesteld.id]:
        if c.notatie in ("punt", "afwijkend"):
            uit.append(f"Extractie: {c.bestand[:3]}:{c.regel} '{c.tekst}' is gelezen als {als_register_waarde(c.waarde)}"
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
