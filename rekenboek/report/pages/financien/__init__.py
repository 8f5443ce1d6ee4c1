"""The financial page of a unit and year: one page contract, three models behind it.

- Maastricht 2020-2024: the social-domain budget and savings model (:mod:`.scenario`);
- SZMH: investment agendas and the cumulative efficiency target (:mod:`.szmh`);
- MLW and its gemeenten (from ``data/eenheden.csv``): cost per function and split per gemeente
  (:mod:`.kostenverdeling`).

Each page module offers ``pagina(register, gemeente, jaar, aannames) -> Pagina`` and builds its
sections from the pure model of the same name in :mod:`rekenboek.models`. The notebook
``notebooks/financien.ipynb`` only calls :func:`pagina` and :meth:`Pagina.toon`. Model assumptions
arrive as a dict of overrides; ``None`` (the default of every notebook parameter) means "the
document's value", read from the transcribed records, so no figure is ever typed into a notebook.
"""
from __future__ import annotations

from typing import Callable

from rekenboek.checks.bevindingen import laad_dossier
from rekenboek.errors import OngeldigeParameter
from rekenboek.inputs.eenheden import samenwerking_van, valideer
from rekenboek.inputs.register import Register
from rekenboek.models import export
from rekenboek.models import kostenverdeling as kostenverdeling_model
from rekenboek.models import scenario as scenario_model
from rekenboek.models import szmh as szmh_model
from rekenboek.report.page import Pagina
from rekenboek.report.pages.financien import kostenverdeling, scenario, szmh
from rekenboek.report.pages.financien.eigen import eigen, modeljaar

#: model name -> (page function, the model's assumption parameters, the source documents it reads)
MODELLEN: dict[str, tuple[Callable[..., Pagina], dict[str, str], tuple[str, ...]]] = {
    "scenario": (scenario.pagina, scenario_model.AANNAME_PARAMETERS, ("001",)),
    "szmh": (szmh.pagina, szmh_model.AANNAME_PARAMETERS, ("000", "002")),
    "kostenverdeling": (kostenverdeling.pagina, kostenverdeling_model.AANNAME_PARAMETERS, ("004",)),
}
# the source documents each model reads (the page loads only these, see checks.bevindingen.laad_dossier)
DOCUMENTEN = {naam: docs for naam, (_, _, docs) in MODELLEN.items()}


def aanname_namen() -> set[str]:
    """Every model's assumption parameter names (the notebook's parameters besides gemeente and jaar)."""
    return set().union(*(set(parameters) for _, parameters, _ in MODELLEN.values()))


def aannames_uit(namespace: dict) -> dict:
    """The assumption parameters a notebook was run with (None = the document's value)."""
    namen = aanname_namen()
    return {k: v for k, v in namespace.items() if k in namen}


def model_voor(gemeente: str) -> str | None:
    """The model that covers a unit: the scenario model is Maastricht's own budget, the SZMH model the
    cooperation's plans, the cost model MLW (the members of MLW are read from ``data/eenheden.csv``)."""
    if gemeente == "Maastricht":
        return "scenario"
    if gemeente == kostenverdeling_model.SAMENWERKING:
        return "kostenverdeling"
    if gemeente == "SZMH":
        return "szmh"
    return None


def pagina(gemeente: str, jaar, register: Register | None = None, **aannames) -> Pagina:
    """Validate the parameters and build the page with the model that covers the unit."""
    model = model_voor(gemeente)
    if register is None:
        register = laad_dossier(*DOCUMENTEN[model]) if model else laad_dossier(*DOCUMENTEN["kostenverdeling"])
    gemeente, jaar = valideer(register, gemeente, jaar)
    if model is None and samenwerking_van(register, gemeente) == kostenverdeling_model.SAMENWERKING:
        model = "kostenverdeling"
    if model is None:
        eenheden = register.eenheden
        gedekt = ["Maastricht", "SZMH", kostenverdeling_model.SAMENWERKING] + list(
            eenheden.loc[eenheden["samenwerking"] == kostenverdeling_model.SAMENWERKING, "gemeente"])
        raise OngeldigeParameter(f"de bronnen geven geen financieel model voor {gemeente}; "
                                 f"wel voor {', '.join(sorted(gedekt))}.")
    maak, _, _ = MODELLEN[model]
    overrides = {k: v for k, v in aannames.items() if v is not None}
    p = maak(register, gemeente, jaar, overrides)
    thuis = modeljaar(register, gemeente)
    if thuis is not None and thuis != jaar and not overrides:
        # the whole model lives once, on the unit's model page; this page keeps what is its own and links there.
        # A scenario's page (a scenario book holds a few pages, not the model page) shows the whole model.
        return eigen(p, maak(register, gemeente, thuis, overrides), register)
    e = export.exporteer(model, register, overrides)   # the model's inputs and outputs for analysts
    p.werkboeken.append((e.naam, e.titel, e.bladen, e.uitleg))
    return p
