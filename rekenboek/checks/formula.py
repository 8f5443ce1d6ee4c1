"""The formula language of declared checks: exact values with their rounding interval.

A check's formula recomputes its stated figure from transcribed figures::

    r("id")                       the value of one record
    som(tabel="...", rol="...")   the sum of all records whose columns match
    jaar(r("id"))                 the year of a date record
    + - * / and numeric literals

The grammar is closed: the formula is parsed with :mod:`ast` and only the nodes above
are evaluated (never ``eval``). Every record carries the rounding uncertainty of its
printed precision (half the unit of its last printed digit). The formula is evaluated
twice at once: exactly, with ``Decimal``, and as an interval (:class:`Grootheid`) that
carries those uncertainties through the arithmetic.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Protocol

from rekenboek.inputs.register import Cijfer, Register
from rekenboek.numbers import Datum

ONBEKEND = "onbekend"  # formula of a check whose components the sources do not give (reason in toelichting)


class DefinitieFout(Exception):
    """A check that cannot be evaluated as declared (a data error, exit 2)."""


class NietControleerbaar(Exception):
    """A component without an amount (pm) or otherwise unusable; the reason is the message."""


class DeelDoorNul(DefinitieFout):
    """A denominator that is exactly zero: an error in the check's definition, not a rounding question."""


#: limits of a formula (the largest declared check has depth 25, 136 nodes, 658 characters)
MAX_LENGTE, MAX_KNOPEN, MAX_DIEPTE = 10_000, 2_000, 100
MAX_GETAL = Decimal("1e30")   # a literal in a formula (a factor, a share): nothing printed comes near it


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

    def samen_eenheid(self, ander: "Grootheid") -> str:
        if self.eenheid and ander.eenheid and self.eenheid != ander.eenheid:
            raise DefinitieFout(f"eenheden {self.eenheid} en {ander.eenheid} kunnen niet worden opgeteld")
        return self.eenheid or ander.eenheid

    def __add__(self, o: "Grootheid") -> "Grootheid":
        return Grootheid(self.waarde + o.waarde, self.laag + o.laag, self.hoog + o.hoog, self.samen_eenheid(o),
                         self.onderdelen + o.onderdelen)

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
        if o.waarde == 0:
            raise DeelDoorNul("de formule deelt door nul: de noemer is met de gedrukte cijfers precies 0")
        if o.laag <= 0 <= o.hoog:
            raise NietControleerbaar("de noemer kan binnen zijn afronding nul zijn")
        with localcontext() as ctx:
            ctx.prec = 34
            hoeken = [a / b for a in (self.laag, self.hoog) for b in (o.laag, o.hoog)]
            # a ratio of like quantities (a share, a growth factor) is a pure number
            eenheid = self.eenheid if not o.eenheid else ""
            return Grootheid(self.waarde / o.waarde, min(hoeken), max(hoeken), eenheid, self.onderdelen + o.onderdelen)


class Formule(Protocol):
    """What the evaluator needs of a check: its id, formula, pm rule and rounding rule."""

    id: str
    formule: str
    pm: str
    afronding: str


AFZONDERLIJK = "afzonderlijk"


def halve_eenheid(c: Cijfer, afzonderlijk: bool = False) -> Decimal:
    """The rounding room of a printed figure.

    Normally half the unit of its last printed digit, and zero for counts and exact rules.
    For a check declared ``afronding: afzonderlijk`` the components are separately rounded
    figures (prognoses, shares that round to 100): then every figure, counts included,
    carries half the unit of its last printed digit.
    """
    if afzonderlijk and not c.precisie and isinstance(c.waarde, Decimal) and c.waarde.is_finite():
        return Decimal(1).scaleb(c.waarde.as_tuple().exponent) / 2
    return c.halve_eenheid


SELECTEERBAAR = {"id", "bestand", "tabel", "eenheid", "notatie", "rol", "rij", "kolom", "mutatiesoort", "functie",
                 "salarisschaal", "uitleg", "gemeente", "jaar"}
_VELD = ("id", "bestand", "tabel", "eenheid", "notatie", "rol")   # attributes of Cijfer; the rest are labels


def past(c: Cijfer, selectie: dict[str, str]) -> bool:
    """Whether record ``c`` matches every column=value of a som() selection."""
    for k, v in selectie.items():
        if k not in SELECTEERBAAR:
            raise DefinitieFout(f"som(): kan niet selecteren op {k!r}; kies uit {sorted(SELECTEERBAAR)}")
        waarde = getattr(c, k) if k in _VELD else c.label(k)
        if str(waarde) != v:
            return False
    return True


class Evaluator:
    """Evaluates one check's formula over a register; records the figures it used."""

    def __init__(self, register: Register, controle: Formule, vervangen: dict[str, Decimal] | None = None):
        self.register, self.controle = register, controle
        self.vervangen = vervangen or {}    # record id -> value used instead of the printed one (what-if)
        self.gebruikt: list[Cijfer] = []
        self.pm: list[Cijfer] = []
        self.boom = ontleed(controle.formule)

    def controleer_syntax(self) -> None:
        """Evaluate once to surface unknown ids, empty selections and bad syntax."""
        try:
            self.evalueer()
        except NietControleerbaar:
            pass

    def evalueer(self):
        try:
            return self._knoop(self.boom.body)
        except DeelDoorNul as exc:
            if self.vervangen:      # a what-if substitution made the denominator zero: that is not the definition's fault
                raise NietControleerbaar(str(exc)) from None
            raise
        except (ArithmeticError, RecursionError) as exc:
            raise DefinitieFout(f"de formule is niet exact uit te rekenen ({type(exc).__name__}): "
                                "te grote of te kleine getallen?") from None

    def _record(self, c: Cijfer):
        self.gebruikt.append(c)
        if c.is_pm:
            if self.controle.pm == "nul":
                self.pm.append(c)
                return Grootheid.exact(Decimal(0), c.eenheid)
            raise NietControleerbaar(f"onderdeel {c.id} (regel {c.regel}) staat op pm")
        if isinstance(c.waarde, Decimal):
            h = halve_eenheid(c, getattr(self.controle, "afronding", "") == AFZONDERLIJK)
            w = self.vervangen.get(c.id, c.waarde)
            return Grootheid(w, w - h, w + h, c.eenheid)
        if isinstance(c.waarde, int):  # a year
            return Grootheid.exact(Decimal(c.waarde), "jaar")
        return c.waarde  # Datum or label text

    def _knoop(self, n):
        if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            a, b = self._knoop(n.left), self._knoop(n.right)
            if not (isinstance(a, Grootheid) and isinstance(b, Grootheid)):
                raise DefinitieFout("rekenen kan alleen met getallen, niet met datums of labels")
            if isinstance(n.op, (ast.Add, ast.Sub)) and a.eenheid and b.eenheid and a.eenheid != b.eenheid:
                raise DefinitieFout(self._eenheden_fout(a.eenheid, b.eenheid))
            return {ast.Add: a.__add__, ast.Sub: a.__sub__, ast.Mult: a.__mul__, ast.Div: a.__truediv__}[type(n.op)](b)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, (ast.USub, ast.UAdd)):
            v = self._knoop(n.operand)
            if not isinstance(v, Grootheid):
                raise DefinitieFout("een teken kan alleen voor een getal staan")
            return -v if isinstance(n.op, ast.USub) else v
        if isinstance(n, ast.Constant) and isinstance(n.value, (int, float)) and not isinstance(n.value, bool):
            getal = Decimal(str(n.value))
            if not getal.is_finite() or abs(getal) > MAX_GETAL:
                raise DefinitieFout(f"getal {ast.get_source_segment(self.controle.formule, n) or n.value} "
                                    f"is te groot (hoogstens 10^{MAX_GETAL.adjusted()}) of geen eindig getal")
            return Grootheid.exact(getal)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            naam = n.func.id
            if naam == "r":
                return self._r(n)
            if naam == "som":
                return self._som(n)
            if naam == "jaar":
                if len(n.args) != 1:
                    raise DefinitieFout("jaar() verwacht één datum")
                v = self._knoop(n.args[0])
                if not isinstance(v, Datum) or v.begin.year != v.eind.year:
                    raise DefinitieFout("jaar() verwacht een datum binnen één jaar")
                return Grootheid.exact(Decimal(v.begin.year), "jaar")
            raise DefinitieFout(f"onbekende functie {naam}(); toegestaan: r, som, jaar")
        raise DefinitieFout(f"niet toegestaan in een formule: {ast.unparse(n)}")

    def _eenheden_fout(self, links: str, rechts: str) -> str:
        """Units that cannot be added: name the records of the rarer unit, where a wrong unit most likely sits."""
        per: dict[str, list[Cijfer]] = {}
        for c in dict.fromkeys(self.gebruikt):
            per.setdefault(c.eenheid, []).append(c)
        zeldzaam = min((links, rechts), key=lambda e: len(per.get(e, [])))
        namen = "; ".join(f"{c.id} ({c.csv}, rij {c.rij})" for c in per.get(zeldzaam, [])[:3])
        return (f"eenheden {links} en {rechts} kunnen niet worden opgeteld"
                + (f"; in {zeldzaam}: {namen}; klopt die eenheid?" if namen else ""))

    def _r(self, n: ast.Call):
        if len(n.args) != 1 or n.keywords or not isinstance(n.args[0], ast.Constant) or not isinstance(n.args[0].value, str):
            raise DefinitieFout('r() verwacht één id tussen aanhalingstekens, bv. r("002-3a-begin")')
        rid = n.args[0].value
        if rid not in self.register.cijfers:
            if not self.register.geladen(rid):
                raise DefinitieFout(f"cijfer {rid!r} hoort bij document {rid[:3]}, dat niet is geladen "
                                    f"(laad het dossier met register.laad_dossier)")
            raise DefinitieFout(f"onbekend cijfer {rid!r}")
        return self._record(self.register.cijfers[rid])

    def _som(self, n: ast.Call):
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
        treffers = [c for c in self.register.cijfers.values() if past(c, selectie)]
        if not treffers:
            raise DefinitieFout(f"som({', '.join(f'{k}={v!r}' for k, v in selectie.items())}) selecteert geen enkel cijfer")
        totaal = None
        for c in treffers:
            v = self._record(c)
            if not isinstance(v, Grootheid):
                raise DefinitieFout(f"som() selecteert niet-numeriek cijfer {c.id!r}")
            if totaal is not None and totaal.eenheid and v.eenheid and totaal.eenheid != v.eenheid:
                raise DefinitieFout(self._eenheden_fout(totaal.eenheid, v.eenheid))
            totaal = v if totaal is None else totaal + v
        return totaal


def ontleed(formule: str) -> ast.Expression:
    """Parse a formula with :mod:`ast` within the limits of the language; never evaluates anything."""
    if len(formule) > MAX_LENGTE:
        raise DefinitieFout(f"formule is te lang ({len(formule)} tekens, hoogstens {MAX_LENGTE}); splits de controle")
    if lang := re.search(r"(?<![\w.])\d{31,}", formule):
        raise DefinitieFout(f"getal {lang.group()[:12]}... is te groot (hoogstens 30 cijfers)")
    try:
        boom = ast.parse(formule, mode="eval")
    except SyntaxError as exc:
        raise DefinitieFout(f"formule is geen geldige uitdrukking: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise DefinitieFout(f"formule is te groot of te diep genest om te lezen ({type(exc).__name__})") from None
    knopen, diepte, stapel = 0, 0, [(boom.body, 1)]
    while stapel:                       # iterative: a deep tree must not exhaust the Python stack here either
        knoop, d = stapel.pop()
        knopen, diepte = knopen + 1, max(diepte, d)
        if knopen > MAX_KNOPEN or diepte > MAX_DIEPTE:
            raise DefinitieFout(f"formule is te groot (hoogstens {MAX_KNOPEN} onderdelen en {MAX_DIEPTE} niveaus diep); "
                                "gebruik som() voor lange optellingen of splits de controle")
        stapel.extend((k, d + 1) for k in ast.iter_child_nodes(knoop))
    return boom


def teksten(formule: str) -> list[str]:
    """The string constants of a formula (record ids in r(), selections in som()); [] when it does not parse."""
    try:
        boom = ontleed(formule)
    except DefinitieFout:
        return []       # reported by the check loader with file and row
    return [n.value for n in ast.walk(boom) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
