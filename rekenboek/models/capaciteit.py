"""Cooperation capacity: Midden-Limburg West (source 004) and the MH action plan 2018-2019 (source 003).

MLW (``004a-formatie-overzicht``, the per-function sections of the explanatory note, ``004a-expertise-mobw``):
basis, structural additional, total and temporary fte per function with start dates; the sections'
figures against the summary table and the factor that links them; fte -> euro per schaal with the
rates of :mod:`rekenboek.kostenverdeling`; hours per week against fte (the working week the figures
imply, computed); the capacity each gemeente supplies where the text says so.

Action plan (``003a-capaciteit``, ``003a-bijlage2``): the required capacity per function, printed
partly in fte and partly in hours per year; converted to one unit with a working week that the
document does NOT state (:data:`WERKWEEK_UUR`, an assumption, said so on the page); and the people
per gemeente from Bijlage 2.

Every figure comes from the records; the only typed numbers are the assumptions named below.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from rekenboek.models import kostenverdeling as kv
from rekenboek.inputs.register import Cijfer, Register
from rekenboek.numbers import datum_uit_iso, nl_datum, nl_euro, nl_getal

# ------------------------------------------------------------------ MLW
KOLOMMEN = ("basis", "structureel", "totaal", "tijdelijk")

#: per-function sections of the explanatory note: (function slug in the summary, column) -> section record id
PARAGRAAF = {
    ("beleid-jeugd", "basis"): "004a-beleid-tabel-jeugd-basis",
    ("beleid-wmo", "basis"): "004a-beleid-tabel-wmo-basis",
    ("beleidsondersteuner", "structureel"): "004a-beleid-tabel-ondersteuner-structureel",
    ("contractmanager", "basis"): "004a-cm-tabel-basis",
    ("contractmanager", "structureel"): "004a-cm-tabel-structureel",
    ("business-control", "basis"): "004a-bc-tabel-basis",
    ("business-control", "structureel"): "004a-bc-tabel-structureel",
    ("ondersteuner", "basis"): "004a-ond-tabel-basis",
    ("ondersteuner", "structureel"): "004a-ond-tabel-structureel",
    ("informatie-analist", "structureel"): "004a-ia-tabel-structureel",
    ("informatie-analist", "tijdelijk"): "004a-ia-tabel-tijdelijk",
    ("communicatie", "structureel"): "004a-com-tabel-structureel",
    ("inkoop-uitvoering", "structureel"): "004a-ink-tabel-structureel",
}
#: the hypothesis for the rows where section and summary differ (the register's k004a-paragraaf-* found it):
#: summary = section x 2/3, cut off at two decimals. A model factor, not a figure of the source.
FACTOR_HYPOTHESE = Decimal(2) / Decimal(3)
TWEE_DECIMALEN = Decimal("0.01")


@dataclass(frozen=True)
class Functie:
    slug: str
    naam: str
    schaal: str | None
    fte: dict[str, Cijfer]
    vanaf: Cijfer | None

    def waarde(self, kolom: str) -> Decimal | None:
        c = self.fte.get(kolom)
        return None if c is None or c.eenheid != "fte" else c.waarde


def mlw_functies(register: Register) -> list[Functie]:
    """The function rows of the summary table that are in fte (not the fixed budget or the percentage)."""
    uit = []
    for slug in kv.FUNCTIES:
        fte = {k: register.cijfers[f"004a-ovz-{slug}-{s}"] for k, s in kv.KOLOM_ID.items()
               if f"004a-ovz-{slug}-{s}" in register.cijfers}
        if not any(c.eenheid == "fte" for c in fte.values()):
            continue
        eur = register.cijfers.get(f"004a-eur-{slug}-totaal-structureel")
        naam = next(iter(fte.values())).label("functie") or next(iter(fte.values())).label("rij")
        uit.append(Functie(slug, naam, eur.label("salarisschaal") if eur else None, fte,
                           register.cijfers.get(f"004a-ovz-{slug}-vanaf")))
    return uit


def functies_tabel(functies: list[Functie], totalen: dict[str, Cijfer]) -> pd.DataFrame:
    rows = []
    for f in functies:
        rij = {"Functie": f.naam, "Schaal (CAR-UWO)": f.schaal or ""}
        for k in KOLOMMEN:
            v = f.waarde(k)
            rij[kv.KOLOM_KORT[k] + " (fte)"] = "" if v is None else nl_getal(v, 2)
        rij["Uitbreiding vanaf"] = f.vanaf.tekst if f.vanaf else ""
        rij["Bron"] = f"004:{next(iter(f.fte.values())).regel}"
        rows.append(rij)
    rij = {"Functie": "Totaal (herberekend uit de regels)", "Schaal (CAR-UWO)": ""}
    for k in KOLOMMEN:
        rij[kv.KOLOM_KORT[k] + " (fte)"] = nl_getal(sum((f.waarde(k) or Decimal(0) for f in functies), Decimal(0)), 2)
    rows.append(rij | {"Uitbreiding vanaf": "", "Bron": ""})
    rij = {"Functie": "Totaal (gedrukt)", "Schaal (CAR-UWO)": ""}
    for k in KOLOMMEN:
        c = totalen.get(k)
        rij[kv.KOLOM_KORT[k] + " (fte)"] = "" if c is None else c.tekst
    rows.append(rij | {"Uitbreiding vanaf": "", "Bron": f"004:{next(iter(totalen.values())).regel}" if totalen else ""})
    return pd.DataFrame(rows)


def mlw_totalen(register: Register) -> dict[str, Cijfer]:
    return {k: register.cijfers[f"004a-ovz-totaal-{s}"] for k, s in kv.KOLOM_ID.items()
            if f"004a-ovz-totaal-{s}" in register.cijfers}


@dataclass(frozen=True)
class ParagraafVergelijking:
    functie: str
    kolom: str
    paragraaf: Cijfer
    overzicht: Cijfer

    @property
    def factor(self) -> Decimal:
        return self.overzicht.waarde / self.paragraaf.waarde

    @property
    def gelijk(self) -> bool:
        return self.overzicht.waarde == self.paragraaf.waarde

    @property
    def twee_derde(self) -> Decimal:
        """Section figure x 2/3, cut off at two decimals (the hypothesis)."""
        return (self.paragraaf.waarde * FACTOR_HYPOTHESE).quantize(TWEE_DECIMALEN, rounding="ROUND_DOWN")

    @property
    def past_twee_derde(self) -> bool:
        return self.twee_derde == self.overzicht.waarde


def paragraaf_vergelijking(register: Register) -> list[ParagraafVergelijking]:
    uit = []
    for (slug, kolom), rid in PARAGRAAF.items():
        oid = f"004a-ovz-{slug}-{kv.KOLOM_ID[kolom]}"
        if rid in register.cijfers and oid in register.cijfers:
            uit.append(ParagraafVergelijking(register.cijfers[oid].label("functie"), kolom, register.cijfers[rid],
                                             register.cijfers[oid]))
    return uit


def paragraaf_tabel(vs: list[ParagraafVergelijking], functies: list[Functie]) -> pd.DataFrame:
    vanaf = {f.naam: f.vanaf.tekst for f in functies if f.vanaf}
    return pd.DataFrame([{
        "Functie": v.functie, "Kolom": kv.KOLOM_KORT[v.kolom],
        "Paragraaf (fte)": f"{v.paragraaf.tekst} (004:{v.paragraaf.regel})",
        "Samenvattend overzicht (fte)": f"{v.overzicht.tekst} (004:{v.overzicht.regel})",
        "Factor overzicht / paragraaf": nl_getal(v.factor.quantize(Decimal("0.0001")), 4),
        "Paragraaf × 2/3, afgekapt": nl_getal(v.twee_derde, 2),
        "Uitbreiding vanaf": vanaf.get(v.functie, ""),
        "Uitkomst": "gelijk" if v.gelijk else ("overzicht = 2/3 van de paragraaf" if v.past_twee_derde else "wijkt af"),
    } for v in vs])


def euro_per_schaal_tabel(model: kv.Model) -> pd.DataFrame:
    """Per schaal: the inferred rate, the fte of that schaal per column and fte x rate against the printed euros."""
    rows = []
    for schaal, t in sorted(model.tarieven.items(), key=lambda kv_: int(kv_[0])):
        regels = [r for r in model.regels if r.schaal == schaal]
        rij = {"Schaal": schaal, "Bedrag per fte (afgeleid)": nl_euro(t.tarief, 2),
               "Afgeleid uit": f"{t.bron_functie} (004:{t.bedrag.regel})",
               "Functies": ", ".join(r.naam for r in regels)}
        for k in ("totaal", "tijdelijk"):
            fte = sum((r.fte[k].waarde for r in regels if k in r.fte), Decimal(0))
            model_eur = sum((r.bedrag.get(k, Decimal(0)) for r in regels), Decimal(0))
            gedrukt = sum((r.gedrukt[k].waarde for r in regels if k in r.gedrukt), Decimal(0))
            rij[f"{kv.KOLOM_KORT[k]}: fte"] = nl_getal(fte, 2) if fte else ""
            rij[f"{kv.KOLOM_KORT[k]}: fte × tarief"] = nl_euro(model_eur) if fte else ""
            rij[f"{kv.KOLOM_KORT[k]}: gedrukt"] = nl_euro(gedrukt) if fte else ""
        rows.append(rij)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Werkweek:
    """The working week implied by a figure printed both in hours per week and in fte."""

    uren: Cijfer
    fte: Cijfer

    @property
    def uur_per_fte(self) -> Decimal:
        return self.uren.waarde / self.fte.waarde

    @property
    def bandbreedte(self) -> tuple[Decimal, Decimal]:
        u, f = self.uren.waarde, self.fte.waarde
        du, df = self.uren.halve_eenheid, self.fte.halve_eenheid
        return (u - du) / (f + df), (u + du) / (f - df)


def werkweek(register: Register) -> Werkweek | None:
    """MOBW: the hours per week after the scaling down (structural) against the fte of the summary table."""
    u, f = register.cijfers.get("004a-mobw-uren-nieuw"), register.cijfers.get("004a-ovz-mobw-structureel")
    return Werkweek(u, f) if u and f else None


def uren_tabel(register: Register, ww: Werkweek | None) -> pd.DataFrame:
    rows = []
    for c in sorted((c for c in register.cijfers.values() if c.tabel == "004a-expertise-mobw" and c.eenheid == "uur"),
                    key=lambda c: (c.regel, c.id)):
        rij = {"Omschrijving (bron)": c.label("uitleg"), "Uren per week": nl_getal(c.waarde),
               "Bron": f"004:{c.regel}"}
        rij["In fte bij de afgeleide werkweek"] = "" if ww is None else nl_getal(c.waarde / ww.uur_per_fte, 2)
        rows.append(rij)
    return pd.DataFrame(rows)


def capaciteit_per_gemeente(register: Register, gemeente: str | None = None) -> pd.DataFrame:
    """The capacity the text says each gemeente supplies (fte in the 2016 base, hours per week elsewhere)."""
    rows = []
    for g, ids in kv.CAPACITEIT.items():
        if gemeente not in (None, "MLW") and g != gemeente:
            continue
        for rid in ids:
            c = register.cijfers.get(rid)
            if c is None:
                continue
            gedeeld = "samen" in c.label("rij") or "per gemeente" in c.label("rij")
            rows.append({"Gemeente": g, "Wat": c.label("functie") or c.label("uitleg"),
                         "Omvang": nl_getal(c.waarde) + (" fte" if c.eenheid == "fte" else " uur per week"),
                         "Toelichting": ("gedeeld met een andere gemeente" if "samen" in c.label("rij") else
                                         "geldt voor elke gemeente" if gedeeld else c.label("uitleg")),
                         "Bron": f"004:{c.regel}"})
    return pd.DataFrame(rows)


def basis_per_gemeente(register: Register) -> dict[str, Decimal]:
    """fte of the 2016 base per supplying gemeente (only the fte records of kv.CAPACITEIT)."""
    uit: dict[str, Decimal] = {}
    for g, ids in kv.CAPACITEIT.items():
        uit[g] = sum((register.cijfers[r].waarde for r in ids if r in register.cijfers
                      and register.cijfers[r].eenheid == "fte"), Decimal(0))
    return uit


# ------------------------------------------------------------------ action plan MH 2018-2019 (003)
#: The document states no working week nor annual hours per fte. ASSUMPTION (not from the source): a full-time
#: week of 36 hours (the usual week of the gemeentelijke CAO) times 52 weeks = gross annual hours per fte.
WERKWEEK_UUR = Decimal(36)
WEKEN_PER_JAAR = Decimal(52)
WERKWEEK_AANNAME = ("Het actieplan noemt geen werkweek en geen jaaruren per fte. Het rekenboek rekent met een "
                    f"werkweek van {nl_getal(WERKWEEK_UUR)} uur en {nl_getal(WEKEN_PER_JAAR)} weken, dus "
                    f"{nl_getal(WERKWEEK_UUR * WEKEN_PER_JAAR)} uur per fte per jaar (bruto, zonder aftrek van verlof): "
                    "een **aanname**, niet uit het document.")
TABELLEN_003 = ("003a-capaciteit", "003a-bijlage2")


@dataclass
class Inzet:
    functie: str
    uren: Decimal | None          # hours per year
    fte: Decimal | None           # fte
    records: list[Cijfer]
    gemeenten: list[str]          # assigned (Bijlage 2)
    notk: bool
    uitleg: str = ""

    @property
    def in_fte(self) -> Decimal:
        return self.fte if self.fte is not None else self.uren / (WERKWEEK_UUR * WEKEN_PER_JAAR)

    @property
    def in_uren(self) -> Decimal:
        return self.uren if self.uren is not None else self.fte * WERKWEEK_UUR * WEKEN_PER_JAAR


def _gemeenten_uit_regel(register: Register, c: Cijfer) -> list[str]:
    """The gemeente column of a Bijlage 2 line (text, not a figure), matched to the known units."""
    namen = list(register.eenheden["gemeente"])
    if c.label("gemeente"):
        return [c.label("gemeente")]
    try:
        from rekenboek.inputs.sources import regel
        cellen = regel(c.bestand, c.regel).rstrip("\n").split("\t")
    except Exception:  # the sources are absent: only the labelled gemeente is known
        return []
    laatste = cellen[-1].strip() if len(cellen) >= 4 else ""
    uit = []
    for deel in laatste.split("+"):
        deel = deel.strip()
        m = [n for n in namen if deel and n.lower().startswith(deel.lower())]
        if len(m) == 1:
            uit.append(m[0])
    return uit


def actieplan(register: Register) -> list[Inzet]:
    """The rows of Bijlage 2 (which repeats 6.2 and adds the people and gemeenten)."""
    recs = sorted((c for c in register.cijfers.values() if c.tabel == "003a-bijlage2"), key=lambda c: (c.regel, c.id))
    per_regel: dict[int, list[Cijfer]] = {}
    for c in recs:
        per_regel.setdefault(c.regel, []).append(c)
    uit = []
    for regel_nr, cs in per_regel.items():
        rij = cs[0].label("rij")
        fte = next((c.waarde for c in cs if c.eenheid == "fte"), None)
        uren = None
        uitleg = ""
        aantal = next((c for c in cs if c.eenheid == "aantal" and c.label("kolom") == "Functies"), None)
        x10 = next((c for c in cs if c.eenheid == "aantal" and c.label("kolom") != "Functies"), None)
        x4 = next((c for c in cs if c.eenheid == "uur"), None)
        if aantal and x10 and x4:
            uren = aantal.waarde * x10.waarde * x4.waarde
            uitleg = (f"{aantal.tekst} × {x10.tekst} × {x4.tekst} uur (lezing: {x10.tekst} bijeenkomsten van {x4.tekst} uur "
                      f"per afgevaardigde)")
        elif x4 is not None:
            uren = x4.waarde
        if fte is None and uren is None:
            continue
        tekst = ""
        try:
            from rekenboek.inputs.sources import regel
            tekst = regel(cs[0].bestand, regel_nr)
        except Exception:
            pass
        c62 = [c for c in register.cijfers.values() if c.tabel == "003a-capaciteit" and c.label("rij") == rij]
        try:
            tekst += "".join(regel(c.bestand, c.regel) for c in c62[:1])
        except Exception:
            pass
        uit.append(Inzet(rij, uren, fte, cs, _gemeenten_uit_regel(register, cs[0]), "notk" in tekst.lower(), uitleg))
    return uit


def actieplan_tabel(inzet: list[Inzet], gemeente: str | None = None) -> pd.DataFrame:
    rows = []
    for i in inzet:
        if gemeente and gemeente not in i.gemeenten:
            continue
        rows.append({"Functie": i.functie,
                     "Gedrukt": (" x ".join(c.tekst for c in i.records if c.label("kolom") != "Functies") if i.uitleg else
                                 i.records[0].tekst + (" uur" if i.fte is None else " fte")),
                     "Uren per jaar": nl_getal(i.in_uren, 0) + ("" if i.uren is not None else " (omgerekend)"),
                     "Fte": nl_getal(i.in_fte, 2) + ("" if i.fte is not None else " (omgerekend)"),
                     "Gemeente (Bijlage 2)": " + ".join(i.gemeenten) or "nog niet ingevuld",
                     "Nog vast te stellen (notk)": "ja" if i.notk else "",
                     "Toelichting": i.uitleg + (" — gedeeld door meerdere gemeenten; de verdeling staat er niet"
                                                if len(i.gemeenten) > 1 else ""),
                     "Bron": f"003:{i.records[0].regel}"})
    return pd.DataFrame(rows)


def actieplan_totaal(inzet: list[Inzet], gemeente: str | None = None) -> tuple[Decimal, Decimal, int]:
    """(fte, of which shared, rows) for one gemeente or all; shared rows count whole for each gemeente."""
    sel = [i for i in inzet if gemeente is None or gemeente in i.gemeenten]
    return (sum((i.in_fte for i in sel), Decimal(0)),
            sum((i.in_fte for i in sel if len(i.gemeenten) > 1), Decimal(0)), len(sel))
