"""The page per source document: catalogue entry, tables with coverage, every check, and the text itself.

The whole text is published with an anchor per line (``#r123``), so that every ``bestand:regel``
reference in the book links to the line it cites (:func:`rekenboek.report.display.bron_link`).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from rekenboek.report.pages import dekking
from rekenboek.checks.bevindingen import bereken
from rekenboek.checks.dossier import laad_dossier
from rekenboek.errors import OngeldigeParameter
from rekenboek.inputs.register import BRONNEN_SCHEMA, Register, lees_csv
from rekenboek.numbers import nl_aantal, nl_controle, nl_datum
from rekenboek.paths import data_dir
from rekenboek.report.display import (OORDEEL_SYMBOOL, bron_link, brontekst_html, bron_slug, fragmenten_html,
                                      posities, soort_nl, telling_zin, toon_tabel, verwijzing)

PREFIX = "../"   # from book/generated/bron/ back to book/generated/


def anker(check_id: str) -> str:
    """The anchor of a check on its source page (the register's Id column links here)."""
    return f"c-{check_id}"


def controle_html(r: dict, register: Register, pos: dict[str, tuple[int, int]], prefix: str = PREFIX) -> str:
    """One check: verdict, what, numbers in Dutch notation, explanation, and the lines of its stated figure
    and components in this document (each figure's own occurrence marked)."""
    e = html.escape
    eenheid = r["eenheid"]
    w = nl_controle(r["gesteld"], r["herberekend"], r["verschil"], r["tolerantie"], eenheid, r.get("gesteld_tekst", ""))
    cijfers = (f"gesteld {e(w.gesteld)}, herberekend {e(w.herberekend)}, "
               f"verschil {e(w.verschil)}, tolerantie {e(w.tolerantie)}")
    markeringen: dict[int, list] = {}
    regels = {int(r["regel"])}
    for rid, klasse in [(r.get("gesteld_id", ""), "gesteld"), *((i, "onderdeel") for i in str(r.get("onderdelen", "")).split())]:
        c = register.cijfers.get(rid)
        if c is None or c.bestand != r["bestand"]:
            continue
        regels.add(c.regel)
        if rid in pos:
            markeringen.setdefault(c.regel, []).append((*pos[rid], klasse))
    elders = sorted({verwijzing(*b.split(":")) for b in str(r.get("bronregels", "")).split()
                     if b and not b.startswith(r["bestand"])})
    elders_html = ("<br>Onderdelen in andere documenten: " + ", ".join(bron_link(v, prefix) for v in elders)) if elders else ""
    return (f'<div class="rekenboek-bevinding rekenboek-{e(r["oordeel"])}" id="{e(anker(r["id"]))}">'
            f'<p><strong>{e(OORDEEL_SYMBOOL.get(r["oordeel"], r["oordeel"]))}</strong> · <code>{e(r["id"])}</code> · '
            f'{e(soort_nl(r["soort"]))} · {bron_link(verwijzing(r["bestand"], r["regel"]), prefix)}<br>'
            f'{e(r["omschrijving"])}<br>{cijfers}<br><em>{e(r["toelichting"])}</em>{elders_html}</p>'
            f'{fragmenten_html(r["bestand"], sorted(regels), markeringen, context=2, nadruk={int(r["regel"])}, prefix=prefix)}</div>')


@dataclass
class BronPagina:
    """A source document: its catalogue entry, its tables with coverage, all its checks and its text."""

    bestand: str
    register: Register
    checks: pd.DataFrame
    tabellen: pd.DataFrame
    posities: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def titel(self) -> str:
        return self.register.bronnen.set_index("bestand").loc[self.bestand, "titel"]

    @property
    def catalogus(self) -> pd.DataFrame:
        r = self.register.bronnen.set_index("bestand").loc[self.bestand]
        t = pd.DataFrame([
            {"": "Bestand", "Waarde": self.bestand},
            {"": "Titel", "Waarde": r["titel"]},
            {"": "Organisatie", "Waarde": r["organisatie"]},
            {"": "Datum", "Waarde": f"{nl_datum(str(r['datum']))} (regel {r['datum_regel']})"},
            {"": "sha256", "Waarde": r["sha256"]},
            {"": "Toelichting", "Waarde": r["toelichting"]},
        ])
        t.attrs["naam"] = f"bron-{self.bestand[:3]}-catalogus"
        return t

    @property
    def inleiding(self) -> str:
        n_cijfers = sum(1 for c in self.register.cijfers.values() if c.bestand == self.bestand)
        return (f"*{html.escape(self.titel, quote=False)}* (`{self.bestand}`). Uit dit document zijn {nl_aantal(n_cijfers)} cijfers overgenomen, "
                f"verdeeld over {nl_aantal(len(self.tabellen))} tabellen en passages. "
                + (f"Het register beoordeelt de cijfers uit dit document met {telling_zin(self.checks['oordeel'])}. "
                   if len(self.checks) else "Nog geen controle beoordeelt een cijfer uit dit document. ")
                + "Onderaan staat de volledige tekst van het document, met een anker per regel.")

    def toon_checks(self) -> None:
        from IPython.display import HTML, Markdown, display

        if self.checks.empty:
            display(Markdown("*Nog geen controles op cijfers uit dit document.*"))
            return
        display(HTML("\n".join(controle_html(r, self.register, self.posities) for r in self.checks.to_dict("records"))))

    def markeringen(self) -> dict[int, list]:
        """Every transcribed figure of this document, marked where it stands."""
        m: dict[int, list] = {}
        for c in self.register.cijfers.values():
            if c.bestand == self.bestand and c.id in self.posities:
                m.setdefault(c.regel, []).append((*self.posities[c.id], "cijfer"))
        return m

    def toon_tekst(self) -> None:
        from IPython.display import HTML, display

        display(HTML(brontekst_html(self.bestand, self.markeringen())))

    def toon(self, tabel: pd.DataFrame) -> None:
        # attrs travel along pandas operations: only the catalogue's own name counts
        catalogus = f"bron-{self.bestand[:3]}-catalogus"
        toon_tabel(tabel, naam=catalogus if tabel.attrs.get("naam") == catalogus else f"bron-{self.bestand[:3]}-tabellen")


def bronpagina(bestand: str) -> BronPagina:
    bestanden = list(lees_csv(data_dir() / "bronnen.csv", BRONNEN_SCHEMA)["bestand"])
    kandidaten = [b for b in bestanden if b == bestand or bron_slug(b) == bestand]
    if len(kandidaten) != 1:
        raise OngeldigeParameter(f"onbekend brondocument {bestand!r}. Kies uit: {', '.join(bestanden)}.")
    bestand = kandidaten[0]
    res = bereken(laad_dossier(bestand[:3]))     # this document and those its checks link it to
    checks = res.tabel[res.tabel["bestand"] == bestand].sort_values("regel", key=lambda s: s.astype(int))
    dp = dekking.pagina(res.register, bestanden=[bestand])
    tabellen = dp.per_tabel[dp.per_tabel["bestand"] == bestand].drop(columns=["bestand"])
    return BronPagina(bestand, res.register, checks, tabellen, posities(res.register, {bestand}))
