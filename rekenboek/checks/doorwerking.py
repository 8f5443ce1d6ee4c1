"""Root causes and their echoes, derived by substitution.

An echo (verdict ``doorwerking``) is a printed figure that closes with its printed inputs but
differs from the recomputation with corrected inputs: it belongs to the root cause upstream.
For each group of root candidates (the afwijkingen a declared hoofdbevinding names together,
otherwise each numeric afwijking on its own):

1. substitute each root's recomputed value for its stated figure (in a copy of the values,
   never in the register);
2. carry the correction down: every check that closed with the printed figures and uses a
   corrected record now gives its stated record a corrected value (the printed value plus
   the change in its recomputation), repeatedly, so the correction reaches every printed
   figure derived from the root (Tabel 5 D -> C -> G -> Tabel 7, 8, 15, 17, 18);
3. re-evaluate every afwijking that uses a corrected record, as stated figure or component;
   those that now close (klopt or afronding) are echoes of the group;
4. a check that does not use the roots' records but recomputes them inline (a model check that
   writes the corrected growth ``E / 100 * C`` where the table printed D) is read the other way:
   every part of its formula that is a root's formula, with each record in it matched literally
   or by a part that computes exactly that record's printed value, is replaced by the root's
   stated record; if the formula then closes with the printed figures, the printed figure
   follows from its printed inputs and the check is an echo too.

A group whose roots are all echoes of another root group is no root itself (fixed point;
in a cycle the preferred group stays root: declared first, then footing before crossfooting,
herberekening, aansluiting, label, model, then by id). An echo is attributed to the first
root group that claims it, or, through a chain of echoes, to the root at its top.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from decimal import Decimal

from rekenboek.checks.evaluate import Bevinding, als_doorwerking, herrekend
from rekenboek.checks.formula import ONBEKEND, DefinitieFout, Evaluator, Grootheid, NietControleerbaar
from rekenboek.inputs.register import Register

SLUIT = ("klopt", "afronding")
VOORKEUR = ("footing", "crossfooting", "herberekening", "aansluiting", "label", "model")


@dataclass(frozen=True)
class Echo:
    controle: str        # the echo's check id
    wortel: str          # the root check id it is attributed to
    verschil_na: Decimal | None


def _numeriek(b: Bevinding) -> bool:
    return isinstance(b.waarde_herberekend, Decimal) and isinstance(b.verschil, Decimal) and \
        isinstance(b.gesteld.waarde, Decimal)


class Afleiding:
    def __init__(self, register: Register, bevindingen: list[Bevinding]):
        self.register = register
        self.per_id = {b.controle.id: b for b in bevindingen}
        self.gebruikers: dict[str, list[str]] = {}
        self._waarden: dict[int, tuple[ast.AST, Decimal | None]] = {}
        self._bomen: dict[str, ast.AST] = {}
        for b in bevindingen:
            for rid in dict.fromkeys([b.gesteld.id] + [c.id for c in b.onderdelen]):
                self.gebruikers.setdefault(rid, []).append(b.controle.id)


    def correctie(self, wortels: list[str]) -> dict[str, Decimal]:
        """Corrected values of the roots' stated records and of every printed figure derived from them."""
        vervangen = {self.per_id[w].gesteld.id: self.per_id[w].waarde_herberekend for w in wortels}
        vast = set(vervangen)                      # the roots' own records are not re-derived
        afgeleid_door: dict[str, str] = {}
        wachtrij = sorted(vervangen)
        stappen = 0
        while wachtrij and stappen < 50 * max(len(self.per_id), 1):
            rid = wachtrij.pop(0)
            for cid in self.gebruikers.get(rid, []):
                stappen += 1
                b = self.per_id[cid]
                doel = b.gesteld.id
                if cid in wortels or b.oordeel not in SLUIT or not _numeriek(b) or doel == rid or doel in vast:
                    continue
                if afgeleid_door.setdefault(doel, cid) != cid:
                    continue                       # another check (first in order) derives this record
                nb = herrekend(self.register, b.controle, vervangen)
                if nb is None:
                    continue
                nieuw = b.gesteld.waarde + (nb[0] - b.waarde_herberekend)
                if vervangen.get(doel, b.gesteld.waarde) != nieuw:
                    vervangen[doel] = nieuw
                    wachtrij.append(doel)
        return vervangen

    def echos(self, wortels: list[str], kandidaten: set[str]) -> dict[str, Decimal | None]:
        """The afwijkingen (of ``kandidaten``) that close once the roots are corrected, with their difference then."""
        vervangen = self.correctie(wortels)
        geraakt = sorted({cid for rid in vervangen for cid in self.gebruikers.get(rid, [])})
        uit = {}
        for cid in geraakt:
            if cid in wortels or cid not in kandidaten:
                continue
            nb = herrekend(self.register, self.per_id[cid].controle, vervangen)
            if nb is not None and nb[2]:
                uit[cid] = nb[1]
        patronen = [(self._boom(w), self.per_id[w].gesteld.id)
                    for w in wortels if self.per_id[w].controle.formule.strip() != ONBEKEND]
        ids = {n.value for p, _ in patronen for n in ast.walk(p) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        for cid in sorted(kandidaten - set(wortels) - set(uit)):
            b = self.per_id[cid]
            if not ids & {c.id for c in b.onderdelen}:
                continue
            verschil = self._herschreven(b, patronen)
            if verschil is not False:
                uit[cid] = verschil
        return uit

    # ------------------------------------------------------------ reading a formula the other way
    def _boom(self, cid: str) -> ast.AST:
        if cid not in self._bomen:
            self._bomen[cid] = ast.parse(self.per_id[cid].controle.formule, mode="eval").body
        return self._bomen[cid]

    def _waarde(self, knoop: ast.AST, b: Bevinding) -> Decimal | None:
        """The exact value of a part of a formula over the printed figures (None if it has none)."""
        if id(knoop) not in self._waarden:
            deel = replace(b.controle, formule=ast.unparse(knoop))
            try:
                v = Evaluator(self.register, deel).evalueer()
            except (DefinitieFout, NietControleerbaar):
                v = None
            self._waarden[id(knoop)] = (knoop, v.waarde if isinstance(v, Grootheid) else None)   # keeps knoop alive
        return self._waarden[id(knoop)][1]

    def _past(self, patroon: ast.AST, knoop: ast.AST, b: Bevinding) -> bool:
        if _is_r(patroon):
            if _is_r(knoop) and knoop.args[0].value == patroon.args[0].value:
                return True
            c = self.register.cijfers.get(patroon.args[0].value)
            return c is not None and isinstance(c.waarde, Decimal) and not isinstance(knoop, ast.Constant) and \
                self._waarde(knoop, b) == c.waarde
        if type(patroon) is not type(knoop):
            return False
        if isinstance(patroon, ast.BinOp):
            return type(patroon.op) is type(knoop.op) and self._past(patroon.left, knoop.left, b) and \
                self._past(patroon.right, knoop.right, b)
        if isinstance(patroon, ast.UnaryOp):
            return type(patroon.op) is type(knoop.op) and self._past(patroon.operand, knoop.operand, b)
        if isinstance(patroon, ast.Constant):
            return patroon.value == knoop.value
        return ast.dump(patroon) == ast.dump(knoop)

    def _herschrijf(self, knoop: ast.AST, patronen, b: Bevinding) -> tuple[ast.AST, bool]:
        veranderd = False
        if isinstance(knoop, ast.BinOp):
            links, vl = self._herschrijf(knoop.left, patronen, b)
            rechts, vr = self._herschrijf(knoop.right, patronen, b)
            if vl or vr:
                knoop, veranderd = ast.BinOp(links, knoop.op, rechts), True
        elif isinstance(knoop, ast.UnaryOp):
            operand, veranderd = self._herschrijf(knoop.operand, patronen, b)
            if veranderd:
                knoop = ast.UnaryOp(knoop.op, operand)
        if isinstance(knoop, (ast.BinOp, ast.UnaryOp, ast.Call)) and not _is_r(knoop):
            for patroon, rid in patronen:
                if type(patroon) is type(knoop) and self._past(patroon, knoop, b):
                    return ast.Call(ast.Name("r", ast.Load()), [ast.Constant(rid)], []), True
        return knoop, veranderd

    def _herschreven(self, b: Bevinding, patronen: list[tuple[ast.AST, str]]):
        """The difference of ``b`` with the roots' formulas replaced by their stated records, if it then closes; else False."""
        boom, veranderd = self._herschrijf(self._boom(b.controle.id), patronen, b)
        if not veranderd:
            return False
        nb = herrekend(self.register, replace(b.controle, formule=ast.unparse(boom)), {})
        return nb[1] if nb is not None and nb[2] else False


def _is_r(knoop: ast.AST) -> bool:
    return isinstance(knoop, ast.Call) and isinstance(knoop.func, ast.Name) and knoop.func.id == "r" and \
        len(knoop.args) == 1 and isinstance(knoop.args[0], ast.Constant)


def _voorkeur(b: Bevinding, gedeclareerd: bool, volgorde: int) -> tuple:
    soort = VOORKEUR.index(b.controle.soort) if b.controle.soort in VOORKEUR else len(VOORKEUR)
    return (0 if gedeclareerd else 1, volgorde if gedeclareerd else 0, soort, b.controle.id)


def leid_af(register: Register, bevindingen: list[Bevinding], groepen: list[list[str]]) -> list[Bevinding]:
    """The register with every echo's verdict set to ``doorwerking`` (and its root named).

    ``groepen``: the check ids that declared hoofdbevindingen name together (wortel first).
    """
    per_id = {b.controle.id: b for b in bevindingen}
    kandidaten = {b.controle.id for b in bevindingen if b.oordeel == "afwijking" and _numeriek(b)}
    wortelgroepen: list[list[str]] = []
    voorkeur: list[tuple] = []
    ingedeeld: set[str] = set()
    for i, groep in enumerate(groepen):
        leden = [c for c in groep if c in kandidaten and c not in ingedeeld]
        if leden:
            wortelgroepen.append(leden)
            voorkeur.append(_voorkeur(per_id[leden[0]], True, i))
            ingedeeld |= set(leden)
    for cid in sorted(kandidaten - ingedeeld):
        wortelgroepen.append([cid])
        voorkeur.append(_voorkeur(per_id[cid], False, 0))

    afleiding = Afleiding(register, bevindingen)
    groep_van = {c: g for g, leden in enumerate(wortelgroepen) for c in leden}
    claims: dict[str, list[int]] = {}          # check id -> groups (by preference) that explain it
    na: dict[tuple[int, str], Decimal | None] = {}
    orde = sorted(range(len(wortelgroepen)), key=lambda g: voorkeur[g])
    for g in orde:
        for cid, verschil in afleiding.echos(wortelgroepen[g], kandidaten).items():
            if groep_van.get(cid) == g:
                continue
            claims.setdefault(cid, []).append(g)
            na[(g, cid)] = verschil

    # fixed point: a group is a root unless every one of its members is explained by another root group
    wortel = set(range(len(wortelgroepen)))
    veranderd = True
    while veranderd:
        veranderd = False
        for g in reversed(orde):               # in a cycle the least preferred group gives way first
            if g in wortel and all(any(h in wortel and h != g for h in claims.get(c, [])) for c in wortelgroepen[g]):
                wortel.discard(g)
                veranderd = True

    def top(cid: str, gezien: frozenset = frozenset()) -> int | None:
        """The root group that explains ``cid``, directly or through a chain of echoes."""
        for g in claims.get(cid, []):
            if g in wortel:
                return g
        for g in claims.get(cid, []):
            if g not in gezien:
                for lid in wortelgroepen[g]:
                    t = top(lid, gezien | {g})
                    if t is not None:
                        return t
        return None

    uit = []
    for b in bevindingen:
        cid = b.controle.id
        g = groep_van.get(cid)
        if g is not None and g not in wortel:
            t = top(cid)
            if t is not None:
                w = per_id[wortelgroepen[t][0]]
                b = als_doorwerking(b, w, na.get((t, cid), na.get((claims[cid][0], cid))))
        uit.append(b)
    return uit
