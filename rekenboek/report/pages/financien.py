"""The financial page of a unit and year: one contract, three models behind it.

- Maastricht 2020-2024: the social-domain budget and savings model (``scenario``);
- SZMH: investment agendas and the cumulative efficiency target (``szmh``);
- MLW, Leudal, Nederweert, Weert: cost per function and split per gemeente (``kostenverdeling``).

Each model module offers ``pagina(register, gemeente, jaar, aannames) -> FinancienPagina``.
The notebook ``notebooks/financien.ipynb`` only calls :func:`pagina` and :meth:`FinancienPagina.toon`.
Model assumptions arrive as a dict of overrides; ``None`` (the default of every notebook
parameter) means "the document's value", read from the transcribed records, so no
figure is ever typed into a notebook.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from rekenboek.inputs.register import Register, laad
from rekenboek.inputs.eenheden import valideer
from rekenboek.errors import OngeldigeParameter
from rekenboek.report.page import Sectie, toon_secties  # noqa: F401  (Sectie is part of the page contract)


@dataclass
class FinancienPagina:
    gemeente: str
    jaar: int
    inleiding: str                                   # Markdown, glued at the top of the page
    secties: list[Sectie]
    bevindingen: pd.DataFrame                        # register rows (design.md columns) for this page's tables
    afwijkende_aannames: list[str] = field(default_factory=list)  # Dutch lines: assumption, document value, used value

    @property
    def aannames_tekst(self) -> str:
        if not self.afwijkende_aannames:
            return "Alle aannames zijn die van het brondocument."
        return ("**Let op:** deze pagina rekent met aannames die afwijken van het brondocument:\n\n"
                + "\n".join(f"- {a}" for a in self.afwijkende_aannames))

    def toon(self) -> None:
        """Display every section, then the findings for this page's tables."""
        from IPython.display import Markdown, display

        from rekenboek.report.display import bevindingen_tabel, toon_tabel

        toon_secties(self.secties, leeg="*Niet bekend voor deze eenheid en dit jaar.*")
        display(Markdown("## Controles"))
        toon_tabel(bevindingen_tabel(self.bevindingen) if len(self.bevindingen) else None,
                   leeg="*Geen controles op de cijfers van deze pagina.*")


MODELLEN = ("scenario", "szmh", "kostenverdeling")


def aanname_namen() -> set[str]:
    """Every model's assumption parameter names (the notebook's parameters besides gemeente and jaar)."""
    import importlib

    namen: set[str] = set()
    for m in MODELLEN:
        namen |= set(importlib.import_module(f"rekenboek.models.{m}").AANNAME_PARAMETERS)
    return namen


def aannames_uit(namespace: dict) -> dict:
    """The assumption parameters a notebook was run with (None = the document's value)."""
    return {k: v for k, v in namespace.items() if k in aanname_namen()}


MODEL_VOOR = {"Maastricht": "scenario", "SZMH": "szmh", "MLW": "kostenverdeling", "Leudal": "kostenverdeling",
              "Nederweert": "kostenverdeling", "Weert": "kostenverdeling"}
# the source documents each model reads (the page loads only these, see register.laad_dossier)
DOCUMENTEN = {"scenario": ("001",), "szmh": ("000", "002"), "kostenverdeling": ("004",)}


def pagina(gemeente: str, jaar, register: Register | None = None, **aannames) -> FinancienPagina:
    """Validate the parameters and build the page with the model that covers the unit."""
    import importlib

    from rekenboek.checks.bevindingen import laad_dossier

    model = MODEL_VOOR.get(gemeente)
    register = register or (laad_dossier(*DOCUMENTEN[model]) if model else laad())
    gemeente, jaar = valideer(register, gemeente, jaar)
    if model is None:
        raise OngeldigeParameter(f"de bronnen geven geen financieel model voor {gemeente}; "
                                 f"wel voor {', '.join(sorted(MODEL_VOOR))}.")
    onbekend = {k: v for k, v in aannames.items() if v is not None}
    module = importlib.import_module(f"rekenboek.models.{model}")
    return module.pagina(register, gemeente, jaar, onbekend)
