"""The guard every template runs first: the parameters a notebook was run with, checked against the
template's own parameters cell and the assumptions register, before any page code runs.

papermill only warns about a parameter the template does not declare ("Passed unknown parameter")
and injects it anyway; a misspelled assumption would then be ignored and the page computed with
the document's values. :func:`controleer` finds the names papermill injected (the executed cell
that starts with papermill's ``# Parameters`` header, read from IPython's input history) and
refuses any the template does not declare, naming the nearest valid ones. It also checks the page
parameters (``gemeente`` without path characters, ``jaar`` a whole year and never a truncated
2018.7, ``bestand`` three digits or the file name of data/bronnen.csv) and every assumption against ``data/modellen/aannames.csv``
(form, hard bounds, sums); a possible but unusual value is shown as a warning in the cell's output.

The errors are :class:`OngeldigeParameter`: one line in the notebook instead of a traceback.
"""
from __future__ import annotations

import ast
import os
import re

from rekenboek.errors import OngeldigeParameter
from rekenboek.models import aannames
from rekenboek.paths import notebooks_dir
from rekenboek.templates import parameters_van

__all__ = ["controleer", "geinjecteerd", "controleer_paginaparameters"]

PAPERMILL_KOP = "# Parameters"     # first line of the cell papermill injects
_EENHEID = re.compile(r"^[^\W\d_][\w .'()-]*$")    # letters, digits, spaces and - . ' ( ): no / \ or ..


def geinjecteerd(geschiedenis: list[str]) -> list[str]:
    """The names papermill assigned in its injected cell, from the kernel's input history (``In``).

    Only the most recent injected cell counts: a warm kernel (the build's pool runs many pages in one
    kernel) still holds the injected cells of the pages it ran before, and a page has one injected cell."""
    for bron in reversed(geschiedenis):
        if not isinstance(bron, str) or not bron.lstrip().startswith(PAPERMILL_KOP):
            continue
        try:
            boom = ast.parse(bron)
        except SyntaxError:
            continue
        namen: list[str] = []
        for stmt in boom.body:
            doelen = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
            namen += [d.id for d in doelen if isinstance(d, ast.Name) and d.id not in namen]
        return namen
    return []


def controleer_paginaparameters(waarden: dict) -> dict:
    """``gemeente``, ``jaar`` and ``bestand`` in their expected form; returns the normalised values."""
    uit = {}
    if "gemeente" in waarden:
        g = waarden["gemeente"]
        if not isinstance(g, str) or not _EENHEID.match(g) or ".." in g:
            raise OngeldigeParameter(f"parameter 'gemeente': {g!r} is geen naam van een eenheid (letters, cijfers, "
                                     "spaties en -; geen / of \\), bijvoorbeeld \"Maastricht\".")
        uit["gemeente"] = g
    if "jaar" in waarden:
        j = waarden["jaar"]
        if isinstance(j, str) and re.fullmatch(r"\s*\d{4}\s*", j):
            j = int(j)
        if isinstance(j, bool) or not isinstance(j, int):
            raise OngeldigeParameter(f"parameter 'jaar': {j!r} is geen geheel jaartal; verwacht bijvoorbeeld 2021 "
                                     "(een jaar wordt niet afgerond).")
        uit["jaar"] = j
    if "bestand" in waarden:
        b = waarden["bestand"]
        if isinstance(b, int) and not isinstance(b, bool) and 0 <= b <= 999:
            b = f"{b:03d}"          # papermill reads -p bestand 002 as the number 2
        if not isinstance(b, str) or not re.fullmatch(r"\d{3}(_[0-9a-f]+\.txt)?", b):
            raise OngeldigeParameter(f"parameter 'bestand': {b!r} is geen bronbestand; verwacht de drie cijfers of de "
                                     "bestandsnaam uit data/bronnen.csv, bijvoorbeeld \"002\" (geen pad).")
        uit["bestand"] = b
    return uit


def controleer(namespace: dict, template: str) -> list[str]:
    """Check the parameters of a template run (see :func:`controleer_namespace`). The message of a refusal is
    also written to the kernel's own stderr, which papermill's command line passes to the terminal: there it
    comes first, before the traceback papermill itself prints for any failed cell."""
    try:
        return controleer_namespace(namespace, template)
    except OngeldigeParameter as exc:
        try:
            os.write(2, f"\nongeldige parameter: {exc}\n\n".encode())
        except OSError:
            pass
        raise


def controleer_namespace(namespace: dict, template: str) -> list[str]:
    """Check the parameters of a template run (call it first, with ``globals()``); normalise them in place
    (a JSON string for a mapping, a year given as text, ``bestand`` as a number) and return the warnings.

    Raises :class:`OngeldigeParameter` for an undeclared parameter, a page parameter in the wrong form,
    and an assumption that breaks the register's form, bounds or sum."""
    verklaard = parameters_van(notebooks_dir() / f"{template}.ipynb")
    onbekend = [n for n in geinjecteerd(list(namespace.get("In") or [])) if n not in verklaard]
    if onbekend:
        n = onbekend[0]
        buren = aannames.dichtstbij(n, verklaard)
        hint = f" Bedoelt u {' of '.join(repr(b) for b in buren)}?" if buren else ""
        raise OngeldigeParameter(f"onbekende parameter {n!r} voor de template {template}.{hint} Deze template neemt: "
                                 f"{', '.join(verklaard) or 'geen parameters'}.")
    namespace.update(controleer_paginaparameters({k: namespace[k] for k in ("gemeente", "jaar", "bestand")
                                                  if k in verklaard and k in namespace}))
    rijen = aannames.per_naam()
    gegeven = {k: namespace.get(k) for k in verklaard if k in rijen and rijen[k].model != "notebook"}
    waarden, waarschuwingen = aannames.controleer_alle(gegeven, toegestaan=gegeven)
    namespace.update(waarden)
    if waarschuwingen:
        from IPython.display import Markdown, display

        display(Markdown("**Let op, ongebruikelijke aannames:**\n\n" + "\n".join(f"- {w}" for w in waarschuwingen)))
    return waarschuwingen
