"""The findings-register chapter: summary counts, findings in context, the full register.

Also the page per source document: its tables and every check whose stated figure
it prints, each with the source lines around it.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from rekenboek.inputs.register import Register
from rekenboek.numbers import nl_aantal
from rekenboek.report.display import OORDEEL_SYMBOOL, bevindingen_tabel, fragment_html, toon_interactief, toon_tabel
from rekenboek.checks.bevindingen import bereken, samenvatting


def bron_slug(bestand: str) -> str:
    """``002_64404f7d5d23d22f.txt`` -> ``002``: the page name of a source document."""
    return bestand[:3]


def anker(check_id: str) -> str:
    return f"c-{check_id}"


def _bevinding_html(r: dict, context: int = 3) -> str:
    """One check as an HTML block: what, verdict, numbers, explanation and the source lines."""
    e = html.escape
    oordeel = OORDEEL_SYMBOOL.get(r["oordeel"], r["oordeel"])
    cijfers = (f"gesteld <code>{e(r['gesteld'])}</code>, herberekend <code>{e(r['herberekend'] or '—')}</code>, "
               f"verschil <code>{e(r['verschil'] or '—')}</code>, tolerantie <code>{e(r['tolerantie'] or '—')}</code> "
               f"({e(r['eenheid'])})")
    return (f'<div class="rekenboek-bevinding rekenboek-{e(r["oordeel"])}" id="{e(anker(r["id"]))}">'
            f'<p><strong>{e(oordeel)}</strong> · <code>{e(r["id"])}</code> · {e(r["soort"])} · regel {e(str(r["regel"]))}<br>'
            f'{e(r["omschrijving"])}<br>{cijfers}<br><em>{e(r["toelichting"])}</em></p>'
            f'{fragment_html(r["bestand"], int(r["regel"]), r["gesteld_tekst"], context)}</div>')


@dataclass
class RegisterPagina:
    tabel: pd.DataFrame
    register: Register

    @property
    def samenvatting_tekst(self) -> str:
        n = len(self.tabel)
        telling = self.tabel["oordeel"].value_counts()
        delen = [f"{nl_aantal(telling.get(o, 0))} × {o}" for o in OORDEEL_SYMBOOL]
        return (f"Het register telt {nl_aantal(n)} controles over {self.tabel['bestand'].nunique()} brondocumenten: "
                + ", ".join(delen) + ".")

    @property
    def per_bron(self) -> pd.DataFrame:
        s = samenvatting(self.tabel).reset_index()
        titels = self.register.bronnen.set_index("bestand")["titel"]
        s.insert(1, "titel", s["bestand"].map(titels))
        return s.rename(columns={"bestand": "Bestand", "titel": "Document"})

    def toon_afwijkingen(self) -> None:
        """Every afwijking and niet-controleerbaar check with its source lines, stated figure marked."""
        from IPython.display import HTML, Markdown, display

        sel = self.tabel[self.tabel["oordeel"].isin(["afwijking", "niet-controleerbaar"])]
        if sel.empty:
            display(Markdown("*Geen.*"))
            return
        display(HTML("\n".join(_bevinding_html(r) for r in sel.to_dict("records"))))

    @property
    def alle(self) -> pd.DataFrame:
        t = bevindingen_tabel(self.tabel)
        links = [f'<a href="bron/{bron_slug(b)}.html#{anker(i)}">{html.escape(i)}</a>'
                 for i, b in zip(self.tabel["id"], self.tabel["bestand"])]
        t.insert(0, "Id", links)
        t["Controle"] = t["Controle"].map(html.escape)
        t["Toelichting"] = self.tabel["toelichting"].map(html.escape).to_numpy()
        return t

    def toon_alle(self) -> None:
        toon_interactief(self.alle, table_id="rekenboek-register", html_kolommen=True)

    def toon(self, tabel: pd.DataFrame) -> None:
        toon_tabel(tabel)


def pagina() -> RegisterPagina:
    res = bereken()
    return RegisterPagina(res.tabel, res.register)


@dataclass
class BronPagina:
    """A source document: its catalogue entry, its tables with coverage, and all its checks."""

    bestand: str
    register: Register
    checks: pd.DataFrame
    tabellen: pd.DataFrame

    @property
    def titel(self) -> str:
        return self.register.bronnen.set_index("bestand").loc[self.bestand, "titel"]

    @property
    def catalogus(self) -> pd.DataFrame:
        r = self.register.bronnen.set_index("bestand").loc[self.bestand]
        return pd.DataFrame([
            {"": "Bestand", "Waarde": self.bestand},
            {"": "Titel", "Waarde": r["titel"]},
            {"": "Organisatie", "Waarde": r["organisatie"]},
            {"": "Datum", "Waarde": f"{r['datum']} (regel {r['datum_regel']})"},
            {"": "sha256", "Waarde": r["sha256"]},
            {"": "Toelichting", "Waarde": r["toelichting"]},
        ])

    @property
    def inleiding(self) -> str:
        n = len(self.checks)
        telling = self.checks["oordeel"].value_counts()
        delen = ", ".join(f"{nl_aantal(telling.get(o, 0))} × {o}" for o in OORDEEL_SYMBOOL)
        return (f"*{self.titel}* (`{self.bestand}`). Uit dit document zijn "
                f"{nl_aantal(sum(1 for c in self.register.cijfers.values() if c.bestand == self.bestand))} cijfers overgenomen, "
                f"verdeeld over {len(self.tabellen)} tabellen en passages. {nl_aantal(n)} controles beoordelen een cijfer "
                f"dat in dit document staat: {delen}.")

    def toon_checks(self) -> None:
        from IPython.display import HTML, Markdown, display

        if self.checks.empty:
            display(Markdown("*Nog geen controles op cijfers uit dit document.*"))
            return
        display(HTML("\n".join(_bevinding_html(r) for r in self.checks.to_dict("records"))))

    def toon(self, tabel: pd.DataFrame) -> None:
        toon_tabel(tabel)


def bronpagina(bestand: str) -> BronPagina:
    from rekenboek.report.pages import dekking
    from rekenboek.errors import OngeldigeParameter

    from rekenboek.inputs.register import BRONNEN_SCHEMA, lees_csv
    from rekenboek.paths import data_dir
    from rekenboek.checks.bevindingen import laad_dossier

    bestanden = list(lees_csv(data_dir() / "bronnen.csv", BRONNEN_SCHEMA)["bestand"])
    kandidaten = [b for b in bestanden if b == bestand or bron_slug(b) == bestand]
    if len(kandidaten) != 1:
        raise OngeldigeParameter(f"onbekend brondocument {bestand!r}. Kies uit: {', '.join(bestanden)}.")
    bestand = kandidaten[0]
    res = bereken(laad_dossier(bestand[:3]))     # this document and those its checks link it to
    checks = res.tabel[res.tabel["bestand"] == bestand].sort_values("regel", key=lambda s: s.astype(int))
    dp = dekking.pagina(res.register, bestanden=[bestand])
    tabellen = dp.per_tabel[dp.per_tabel["bestand"] == bestand].drop(columns=["bestand"])
    return BronPagina(bestand, res.register, checks, tabellen)
