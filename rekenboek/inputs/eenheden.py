"""Report units (gemeenten and cooperations) and the years the sources speak of."""
from __future__ import annotations

import re

from rekenboek.inputs.register import Register
from rekenboek.errors import OngeldigeParameter


def valideer(register: Register, gemeente: str, jaar) -> tuple[str, int]:
    """Check notebook parameters; raise OngeldigeParameter with a plain message.

    A unit must be one of ``data/eenheden.csv`` (spelled as there); a year must
    lie in the range of years the sources speak of for that unit.
    """
    bekend = list(register.eenheden["gemeente"])
    if gemeente not in bekend:
        raise OngeldigeParameter(f"onbekende gemeente {gemeente!r}. Kies uit: {', '.join(bekend)}.")
    try:
        jaar = int(jaar)
    except (TypeError, ValueError):
        raise OngeldigeParameter(f"jaar {jaar!r} is geen jaartal.") from None
    r = register.eenheden.set_index("gemeente").loc[gemeente]
    van, tot = int(r["jaar_van"]), int(r["jaar_tot"])
    if not van <= jaar <= tot:
        raise OngeldigeParameter(f"de bronnen spreken voor {gemeente} over {van}-{tot}; over {jaar} zeggen ze niets.")
    return gemeente, jaar


def slug(gemeente: str, jaar: int) -> str:
    """Deterministic file stem: ``Valkenburg aan de Geul``, 2018 -> ``valkenburg-aan-de-geul-2018``."""
    return f"{re.sub(r'[^a-z0-9]+', '-', gemeente.lower()).strip('-')}-{jaar}"


def leden(register: Register, samenwerking: str) -> tuple[str, ...]:
    """The gemeenten of a cooperation, in the order of ``data/eenheden.csv``."""
    e = register.eenheden
    return tuple(e.loc[e["samenwerking"] == samenwerking, "gemeente"])


def samenwerking_van(register: Register, gemeente: str) -> str:
    """The cooperation a unit belongs to (a cooperation belongs to itself)."""
    r = register.eenheden.set_index("gemeente").loc[gemeente]
    return gemeente if r["soort"] == "samenwerking" else str(r["samenwerking"])
