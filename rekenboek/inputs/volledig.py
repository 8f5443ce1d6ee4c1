"""Everything ``check`` and ``build`` verify beyond :func:`rekenboek.inputs.register.laad`.

- the KPI registers in ``data/kpi/`` (indicators and the analysts' realisations), so a bad
  realisation is an input error (exit 2) before any page runs, not a failed page;
- the source documents: their checksums, and the provenance of every record (its printed text
  on its cited line, no line past the end of its source).

Raises :class:`rekenboek.errors.InvoerFouten` with every violation, and
:class:`rekenboek.inputs.sources.BronnenOntbreken` (after the KPI check) when the source
directory holds none of the documents, so the caller can say what it could not verify.
"""
from __future__ import annotations

from pathlib import Path

from rekenboek.errors import InvoerFout, InvoerFouten
from rekenboek.inputs import indicatoren
from rekenboek.inputs.register import Register
from rekenboek.inputs.sources import buiten_bron, herkomst, verifieer as verifieer_checksums


def verifieer(register: Register, map_: Path | None = None) -> str:
    """Validate the KPI registers, the sources' checksums and every record's provenance; a one-line summary."""
    kpi = indicatoren.controleer(register)
    verifieer_checksums(register.bronnen, map_)
    fouten: list[InvoerFout] = herkomst(register, map_)
    if kpi is not None:         # the indicator register cites source lines of its own (qualitative norms have no record)
        rel = indicatoren.relatief(indicatoren.kpi_indicatoren_path())
        for i, ind in enumerate(kpi.indicatoren, start=1):
            if ind.bestand in set(register.bronnen["bestand"]) and (waarom := buiten_bron(ind.bestand, ind.regel, map_)):
                fouten.append(InvoerFout(rel, i, "regel", waarom))
    if fouten:
        raise InvoerFouten(fouten)
    samenvatting = (f"KPI-register geldig ({len(kpi.indicatoren)} normen, {len(kpi.realisaties)} realisaties)"
                    if kpi is not None else "geen KPI-register (data/kpi/)")
    return f"{samenvatting}; bronnen geverifieerd (sha256) en elk cijfer staat op zijn regel"
