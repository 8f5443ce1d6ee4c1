"""Report units (gemeenten and cooperations) and the years the sources speak of."""
from __future__ import annotations

import re

from .data import Register
from .errors import OngeldigeParameter


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
