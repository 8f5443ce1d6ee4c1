"""The coverage chapter (notebooks/dekking.ipynb): per document and table, transcribed, used, excluded, open."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rekenboek.checks.bevindingen import bereken as bereken_register
from rekenboek.checks.dekking import Dekking, bereken
from rekenboek.inputs.register import Register, laad
from rekenboek.inputs.sources import BronnenOntbreken
from rekenboek.numbers import nl_aantal



def _benoemd(tabel: pd.DataFrame, naam: str) -> pd.DataFrame:
    """The table with the name its downloads get (``display.toon_tabel`` reads ``attrs["naam"]``)."""
    tabel.attrs["naam"] = naam
    return tabel

@dataclass
class DekkingPagina:
    """What the coverage chapter shows: per document and table, transcribed, used, excluded, open."""

    register: Register
    dekking: Dekking | None
    gebruikt: set[str]
    reden_geen_bronnen: str = ""

    @property
    def per_tabel(self) -> pd.DataFrame:
        cijfers = pd.DataFrame([{"tabel": c.tabel, "id": c.id} for c in self.register.cijfers.values()])
        n_cijfers = cijfers.groupby("tabel")["id"].count() if len(cijfers) else pd.Series(dtype=int)
        n_gebruikt = cijfers[cijfers["id"].isin(self.gebruikt)].groupby("tabel")["id"].count() if len(cijfers) else pd.Series(dtype=int)
        t = self.register.tabellen[["bestand", "tabel", "titel", "soort", "regel_van", "regel_tot"]].copy()
        t["cijfers"] = t["tabel"].map(n_cijfers).fillna(0).astype(int)
        t["in een controle"] = t["tabel"].map(n_gebruikt).fillna(0).astype(int)
        if self.dekking is not None and self.dekking.per_tabel is not None and len(self.dekking.per_tabel):
            d = self.dekking.per_tabel.set_index("tabel")
            t["getallen op de regels"] = t["tabel"].map(d["getallen"]).fillna(0).astype(int)
            t["uitgesloten"] = t["tabel"].map(d["uitgesloten"]).fillna(0).astype(int)
            t["open"] = t["tabel"].map(d["open"]).fillna(0).astype(int)
        t["regels"] = t["regel_van"] + "–" + t["regel_tot"]
        t = t.sort_values(["bestand", "regel_van"], key=lambda s: s.astype(int) if s.name == "regel_van" else s)
        kolommen = ["bestand", "regels", "titel", "soort", "cijfers", "in een controle"]
        kolommen += [k for k in ("getallen op de regels", "uitgesloten", "open") if k in t.columns]
        return _benoemd(t[kolommen].reset_index(drop=True), "dekking-per-tabel")

    @property
    def per_document(self) -> pd.DataFrame:
        t = self.per_tabel
        som = t.drop(columns=["regels", "titel", "soort"]).groupby("bestand").sum(numeric_only=True)
        som.insert(0, "tabellen en passages", t.groupby("bestand").size())
        titels = self.register.bronnen.set_index("bestand")["titel"]
        som = som.reindex(titels.index, fill_value=0)  # every source document, also one without tables yet
        som.insert(0, "document", titels)
        return _benoemd(som.reset_index(), "dekking-per-document")

    @property
    def uitsluitingen_per_soort(self) -> pd.DataFrame:
        u = self.register.uitsluitingen
        if u.empty:
            return _benoemd(pd.DataFrame(columns=["bestand", "soort", "getallen"]), "dekking-uitsluitingen-per-soort")
        u = u.assign(getallen=u["aantal"].replace("", "1").astype(int))
        return _benoemd(u.groupby(["bestand", "soort"], as_index=False)["getallen"].sum(), "dekking-uitsluitingen-per-soort")

    @property
    def patronen(self) -> pd.DataFrame:
        p = self.register.patronen.copy()
        tellingen = self.dekking.per_patroon if self.dekking is not None else {}
        p["getallen"] = p["patroon"].map(lambda x: tellingen.get(x, 0))
        return _benoemd(p[["patroon", "soort", "getallen", "toelichting"]], "dekking-patronen")

    @property
    def extractieproblemen(self) -> pd.DataFrame:
        rows = [{"bron": f"{c.bestand[:3]}:{c.regel}", "id": c.id, "gedrukt": c.tekst, "notatie": c.notatie,
                 "notitie": c.label("notitie")}
                for c in self.register.cijfers.values()
                if c.notatie in ("punt", "afwijkend") or (c.label("notitie") and c.notatie != "pm")]
        return _benoemd(pd.DataFrame(rows, columns=["bron", "id", "gedrukt", "notatie", "notitie"]), "dekking-extractieproblemen")

    @property
    def samenvatting(self) -> str:
        n = len(self.register.cijfers)
        gebruikt = sum(1 for c in self.register.cijfers.values() if c.id in self.gebruikt)
        tekst = (f"In `data/` staan {nl_aantal(n)} overgenomen cijfers uit {self.register.bronnen['bestand'].nunique()} documenten, "
                 f"verdeeld over {len(self.register.tabellen)} tabellen en passages; {nl_aantal(gebruikt)} daarvan worden in "
                 f"minstens één controle gebruikt.")
        if self.dekking is None:
            return tekst + f" De volledigheid kon niet worden nagegaan: {self.reden_geen_bronnen}"
        d = self.dekking
        kol = ["getallen", "overgenomen", "uitgesloten", "open"]
        tot = d.per_tabel[kol].sum() if len(d.per_tabel) else dict.fromkeys(kol, 0)
        tekst += (f" Op de regels van die tabellen en passages staan {nl_aantal(tot['getallen'])} getallen: "
                  f"{nl_aantal(tot['overgenomen'])} overgenomen, {nl_aantal(tot['uitgesloten'])} met een reden uitgesloten "
                  f"(zoals jaartallen in lopende tekst, paginanummers en verwijzingen) en {nl_aantal(tot['open'])} nog open. "
                  f"Het aantal overgenomen getallen is niet het aantal cijfers: een cijfer kan meer dan één gedrukt "
                  f"getal beslaan (een bedrag met zijn salarisschaal, een reeks als 17-47) of geen enkel (een getal in "
                  f"woorden, een label zonder cijfers).")
        if d.buiten:
            tekst += f" {len(d.buiten)} regels met getallen vallen buiten elke gedeclareerde tabel of passage."
        return tekst


def pagina(register: Register | None = None, bestanden: list[str] | None = None) -> DekkingPagina:
    register = register or laad()
    res = bereken_register(register)
    gebruikt = {b.gesteld.id for b in res.bevindingen} | {c.id for b in res.bevindingen for c in b.onderdelen}
    try:
        d = bereken(register, bestanden=bestanden)
        return DekkingPagina(register, d, gebruikt)
    except BronnenOntbreken as exc:
        return DekkingPagina(register, None, gebruikt, reden_geen_bronnen=str(exc))
