"""Sickness absence of a unit against its norms (records of the ``*-verzuim`` tables of the annual plans).

Absence rate, its long-term part and the reporting frequency per year, each with the norm printed beside
it. The evaluation against the norm is the book's one KPI norm evaluation,
:func:`rekenboek.models.kpi.beoordeel`, with the direction "lower is better" (an assumption, see
:data:`RICHTING_AANNAME`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from rekenboek.inputs.register import Cijfer, Register
from rekenboek.models.kpi import LAGER, NIET_VERGELIJKBAAR, Oordeel, beoordeel, vergelijkbaar

#: the direction of each absence norm (INFERRED: the documents give a norm beside each figure but no direction;
#: for sickness absence and reporting frequency a lower value is better, as the text's concern shows)
RICHTING = LAGER
RICHTING_AANNAME = ("Een verzuimpercentage en een meldingsfrequentie horen onder hun norm te blijven: de norm is een "
                    "bovengrens (lager is beter). Het document zegt dat niet met zoveel woorden; de toon van de tekst "
                    "('sterk de aandacht', 'voortdurende stijging') wijst erop.")


@dataclass(frozen=True)
class Verzuimcijfer:
    jaar: int | None            # None: the document does not say which year
    naam: str
    realisatie: Cijfer
    norm: Cijfer | None
    totaal: Cijfer | None = None    # for the long-term part: the absence rate it is part of (same line)

    @property
    def verschil(self) -> Decimal | None:
        return None if self.norm is None else self.realisatie.waarde - self.norm.waarde

    @property
    def periode(self) -> str:
        """The period of the realisation (realisaties.csv syntax): the record's date label, else the year."""
        return self.realisatie.label("datum") or (str(self.jaar) if self.jaar else "")

    @property
    def beoordeling(self) -> Oordeel:
        """Against the annual norm; a realisation over part of the year is not comparable (the KPI rule)."""
        if self.norm is not None and self.periode:
            ok, reden = vergelijkbaar("jaar", self.periode)
            if not ok:
                return Oordeel(NIET_VERGELIJKBAAR, reden)
        return beoordeel(self.realisatie.waarde, None if self.norm is None else self.norm.waarde, RICHTING)

    @property
    def aandeel(self) -> Decimal | None:
        """The long-term part as a percentage of the absence rate it belongs to."""
        return None if self.totaal is None else self.realisatie.waarde / self.totaal.waarde * 100

    @property
    def records(self) -> list[Cijfer]:
        return [c for c in (self.realisatie, self.norm) if c is not None]


def verzuim(register: Register, gemeente: str) -> list[Verzuimcijfer]:
    """Absence rate, long-term part and reporting frequency per year, with their norms (records of 000a-verzuim
    and 002a-verzuim, selected on role and explanation)."""
    recs = [c for c in register.cijfers.values() if c.tabel.endswith("-verzuim") and c.label("gemeente") == gemeente
            and c.rol in ("realisatie", "norm") and c.eenheid in ("pct", "ratio")]
    uit: list[Verzuimcijfer] = []
    for c in sorted(recs, key=lambda c: (c.bestand, c.regel, c.id)):
        if c.rol != "realisatie":
            continue
        u = c.label("uitleg")
        if "meldingsfrequentie" in u:
            naam, sleutel = "Meldingsfrequentie", "meldingsfrequentie"
        elif "langdurig" in u:
            naam, sleutel = "Langdurig verzuim (deel van het verzuimpercentage)", None
        else:
            naam, sleutel = "Verzuimpercentage", "verzuimpercentage"
        datum = c.label("datum")
        m = re.search(r"\b(20\d\d)\b", u)
        jaar = int(datum[:4]) if datum[:4].isdigit() else int(m[1]) if m else None
        norm = None
        if sleutel:
            norm = next((n for n in recs if n.rol == "norm" and n.bestand == c.bestand and n.regel == c.regel
                         and sleutel in n.label("uitleg")), None)
        uit.append(Verzuimcijfer(jaar, naam if jaar else u, c, norm))
    # the long-term part belongs to the absence rate of the same year printed on the same line
    return [Verzuimcijfer(v.jaar, v.naam, v.realisatie, v.norm, next(
                (o.realisatie for o in uit if o.jaar == v.jaar and o.naam.startswith("Verzuimpercentage")
                 and o.realisatie.bestand == v.realisatie.bestand and o.realisatie.regel == v.realisatie.regel), None))
            if "Langdurig" in v.naam else v for v in uit]
