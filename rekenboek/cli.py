"""Command line: ``python -m rekenboek check | dekking | build | run | templates | aannames``.

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


def _scenario(args):
    """The validated scenario of ``--scenario``, its pages and its directory (nothing has run yet)."""
    from rekenboek.build.scenario import ScenarioBoek, scenario_dir, scenario_taken
    from rekenboek.inputs.register import laad
    from rekenboek.models import aannames, scenariobestand

    sc = scenariobestand.lees(args.scenario)
    scenariobestand.proef(sc)
    rijen = aannames.per_naam()
    boek = ScenarioBoek(sc.naam, sc.slug, sc.beschrijving, sc.bestand, sc.sha256, sc.aannames,
                        {n: rijen[n].betekenis for n in sc.aannames}, sc.waarschuwingen, sc.jaren,
                        {"auteur": sc.auteur, "datum": sc.datum}, {n: rijen[n].model for n in sc.aannames})
    uit = scenario_dir(boek, args.uit)
    data = laad()
    taken = scenario_taken(data, boek, lambda g, namen: scenariobestand.aannames_voor(data, g, sc, namen),
                           gemeenten=args.gemeente, jaren=args.jaar)
    if not taken:
        raise InvoerFout(args.scenario, None, "aannames", "het scenario raakt geen enkele pagina (controleer "
                                                          "'jaren' en --gemeente/--jaar)")
    for w in sc.waarschuwingen:
        print(f"let op: {w}", file=sys.stderr)
    return data, boek, taken, uit


def _build(args) -> int:
    if args.scenario:
        from rekenboek.build.scenario import bouw_scenario

        data, boek, taken, uit = _scenario(args)
        return bouw_scenario(data, boek, taken, uit, jobs=args.jobs)
    if args.uit:
        raise OngeldigeParameter("--uit hoort bij --scenario; een deelboek (--gemeente/--jaar) gaat vanzelf naar "
                                 "_build/deel/<selectie>/html")
    from rekenboek.build import bouw

    return bouw(gemeenten=args.gemeente, jaren=args.jaar, jobs=args.jobs, force=args.force)


def _run(args) -> int:
    if args.scenario:
        from rekenboek.build.scenario import voer_scenario_uit

        _, _, taken, uit = _scenario(args)
        paden, fouten = voer_scenario_uit(taken, uit, jobs=args.jobs)
        if fouten:
            print("Mislukt:\n" + "\n".join(f"  - {f}" for f in fouten), file=sys.stderr)
            return 1
        for pad in paden:
            print(pad)
        return 0
    if not (args.gemeente and args.jaar) or len(args.gemeente) > 1 or len(args.jaar) > 1:
        raise OngeldigeParameter("run neemt precies één --gemeente en één --jaar, of --scenario BESTAND")
    from rekenboek.build import voer_eenheid_uit

    for pad in voer_eenheid_uit(args.gemeente[0], args.jaar[0]):
        print(pad)
    return 0


def _aannames(args) -> int:
    """Print the assumptions register, with the document's values and their source lines."""
    import fnmatch
    import textwrap

    from rekenboek.inputs.register import laad
    from rekenboek.models import aannames

    rijen = [a for a in aannames.register() if a.model != "notebook" and (not args.model or a.model == args.model)]
    if not rijen:
        modellen = sorted({a.model for a in aannames.register() if a.model != "notebook"})
        raise OngeldigeParameter(f"onbekend model {args.model!r}; kies uit {', '.join(modellen)}")
    cijfers = laad().cijfers

    def breed(t: str) -> str:
        return textwrap.fill(t, 100, initial_indent="    ", subsequent_indent="    ", break_long_words=False,
                             break_on_hyphens=False)

    for a in rijen:
        print(f"{a.naam}  [{a.model}; {a.eenheid or '-'}; {a.vorm}]")
        print(breed(a.betekenis))
        beleid = [f"grenzen {a.grenzen()}" if a.grenzen() else "",
                  f"gebruikelijk {a.plausibel_min} tot {a.plausibel_max}" if a.plausibel_min is not None
                  or a.plausibel_max is not None else "",
                  f"som {a.som}" if a.som is not None else "", f"band \u00b1{a.band}" if a.band is not None else ""]
        print(breed("beleid: " + "; ".join(b for b in beleid if b) if any(beleid) else "beleid: geen grenzen"))
        print(breed(f"stuurt: {a.stuurt}"))
        if a.records:
            ids = sorted(i for p in a.records for i in fnmatch.filter(cijfers, p))
            tonen = [f"{i} = {cijfers[i].tekst} ({cijfers[i].bestand}:{cijfers[i].regel})" for i in ids[:6]]
            meer = f"; en nog {len(ids) - 6}" if len(ids) > 6 else ""
            print(breed("document: " + "; ".join(tonen) + meer))
        else:
            print(breed(f"afgeleid (INFERRED): {a.afleiding}"))
        print()
    return 0


def _templates(args) -> int:
    from rekenboek.build.execute import ververs_templates

    for pad in ververs_templates():
        print(f"bijgewerkt: {pad}")
    return 0


def _scenario_opties(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", type=Path, metavar="BESTAND",
                   help="een scenario (YAML met naam en aannames, zie scenarios/); de pagina's die het raakt gaan "
                        "naar een eigen map, het gepubliceerde boek blijft staan")
    p.add_argument("--uit", type=Path, metavar="MAP", help="map van het scenarioboek (standaard _build/scenario/<naam>)")


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
    b = sub.add_parser("build", help="bouw het boek naar _build/html (een deelboek of scenario naar een eigen map)")
    b.add_argument("--gemeente", action="append", help="alleen deze eenheid (herhaalbaar); het deelboek gaat naar "
                                                        "_build/deel/<selectie>/html, _build/html blijft staan")
    b.add_argument("--jaar", action="append", type=int, help="alleen dit jaar (herhaalbaar); zie --gemeente")
    b.add_argument("--jobs", type=int, default=None, help="parallelle processen (standaard: aantal cores)")
    b.add_argument("--force", action="store_true", help="voer alle notebooks opnieuw uit")
    _scenario_opties(b)
    b.set_defaults(f=_build)
    r = sub.add_parser("run", help="voer de templates uit voor één eenheid en jaar, of de pagina's van een scenario")
    r.add_argument("--gemeente", action="append", help="de eenheid (bij --scenario: alleen deze, herhaalbaar)")
    r.add_argument("--jaar", action="append", type=int, help="het jaar (bij --scenario: alleen dit, herhaalbaar)")
    r.add_argument("--jobs", type=int, default=None, help="parallelle processen bij --scenario")
    _scenario_opties(r)
    r.set_defaults(f=_run)
    a = sub.add_parser("aannames", help="toon het register van aannames (data/modellen/aannames.csv)")
    a.add_argument("--model", help="alleen dit model: scenario (Maastricht), szmh of kostenverdeling (MLW)")
    a.set_defaults(f=_aannames)
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
