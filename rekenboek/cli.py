"""Command line: ``python -m rekenboek check | dekking | build | run | templates``.

Exit codes: 0 success; 2 invalid input (a message names file, row and field);
1 a build or execution failure (a summary names unit, year and error).

Each command imports the stage it runs when it runs (``check`` needs no papermill, ``build``
no page code): the imports inside the command functions are for start-up time, not cycles.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rekenboek.errors import InvoerFout, OngeldigeParameter


def _toon_controles(args) -> int:
    """Evaluate some check files and print every result, without writing the register."""
    import pandas as pd

    from rekenboek.checks import bevindingen as reg
    from rekenboek.inputs.register import laad

    res = reg.bereken(laad(), patroon=args.controles)
    kol = ["id", "regel", "gesteld", "herberekend", "verschil", "tolerantie", "eenheid", "oordeel"]
    with pd.option_context("display.width", 250, "display.max_rows", None, "display.max_colwidth", 60):
        print(res.tabel[kol].to_string(index=False))
        print(reg.samenvatting(res.tabel).to_string())
    return 0


def _check(args) -> int:
    if args.controles:
        return _toon_controles(args)
    from rekenboek.checks import bevindingen as reg
    from rekenboek.checks import hoofdbevindingen as hb
    from rekenboek.inputs.register import laad
    from rekenboek.inputs.sources import BronnenOntbreken
    from rekenboek.inputs.volledig import verifieer

    data = laad()
    try:
        bronnen = verifieer(data)
    except BronnenOntbreken as exc:
        bronnen = f"let op: {exc}; checksums niet geverifieerd"
    res = reg.bereken(data)
    pad = reg.schrijf(res.tabel)
    pad_hb = hb.schrijf(res.hoofdbevindingen)
    if args.verwacht:
        reg.schrijf(reg.verwacht(res.tabel), args.verwacht)
        naast = args.verwacht.parent / "hoofdbevindingen.csv"
        hb.schrijf(hb.verwacht(res.hoofdbevindingen), naast)
        print(f"verwacht register bijgewerkt: {args.verwacht} en {naast}")
    print(f"{len(data.cijfers)} cijfers geladen; {bronnen}.")
    print(f"{len(res.tabel)} controles -> {pad}")
    print(reg.samenvatting(res.tabel).to_string())
    print(f"\n{len(res.hoofdbevindingen)} hoofdbevindingen -> {pad_hb}")
    print(hb.samenvatting(res.hoofdbevindingen).to_string())
    return 0


def _dekking(args) -> int:
    from rekenboek.checks import dekking
    from rekenboek.inputs.register import laad

    data = laad(patroon=args.patroon or "*.csv")
    d = dekking.bereken(data, bestanden=args.bestand, van=args.van, tot=args.tot)
    print(dekking.rapport(d, max_regels=args.max))
    return 0 if d.volledig else 1


def _build(args) -> int:
    from rekenboek.build import bouw

    return bouw(gemeenten=args.gemeente, jaren=args.jaar, jobs=args.jobs, force=args.force)


def _run(args) -> int:
    from rekenboek.build import voer_eenheid_uit

    for pad in voer_eenheid_uit(args.gemeente, args.jaar):
        print(pad)
    return 0


def _templates(args) -> int:
    from rekenboek.build.execute import ververs_templates

    for pad in ververs_templates():
        print(f"bijgewerkt: {pad}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m rekenboek", description="Rekenboek sociaal domein: controle en bouw.")
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="valideer data/, voer alle controles uit, schrijf _build/rekenboek/bevindingen.csv")
    c.add_argument("--verwacht", type=Path, metavar="CSV",
                   help="schrijf ook de momentopname van oordelen (tests/verwacht/bevindingen.csv) bij")
    c.add_argument("--controles", metavar="GLOB",
                   help="alleen de controles in data/controles/GLOB evalueren en tonen (schrijft geen register)")
    c.set_defaults(f=_check)
    d = sub.add_parser("dekking", help="welke getallen in de bronnen zijn nog niet overgenomen of uitgesloten")
    d.add_argument("--patroon", action="append", help="alleen deze bestanden in data/tabellen, cijfers, uitsluitingen (glob, herhaalbaar)")
    d.add_argument("--bestand", action="append", help="alleen bronbestanden die hiermee beginnen (bv. 001)")
    d.add_argument("--van", type=int, help="eerste regel")
    d.add_argument("--tot", type=int, help="laatste regel")
    d.add_argument("--max", type=int, default=400, help="hoogstens zoveel regels per rubriek tonen")
    d.set_defaults(f=_dekking)
    b = sub.add_parser("build", help="bouw het boek naar _build/html")
    b.add_argument("--gemeente", action="append", help="alleen deze eenheid (herhaalbaar)")
    b.add_argument("--jaar", action="append", type=int, help="alleen dit jaar (herhaalbaar)")
    b.add_argument("--jobs", type=int, default=None, help="parallelle processen (standaard: aantal cores)")
    b.add_argument("--force", action="store_true", help="voer alle notebooks opnieuw uit")
    b.set_defaults(f=_build)
    r = sub.add_parser("run", help="voer de templates uit voor één eenheid en jaar")
    r.add_argument("--gemeente", required=True)
    r.add_argument("--jaar", required=True, type=int)
    r.set_defaults(f=_run)
    sub.add_parser("templates", help="voer de templates in notebooks/ opnieuw uit (uitvoer voor nbval)").set_defaults(f=_templates)
    args = p.parse_args(argv)
    try:
        return args.f(args)
    except InvoerFout as exc:
        print(f"fout in de invoer:\n{exc}", file=sys.stderr)
        return 2
    except OngeldigeParameter as exc:
        print(f"ongeldige parameter: {exc}", file=sys.stderr)
        return 2
