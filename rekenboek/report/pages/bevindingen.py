"""The findings-register chapter: the summary, the complete register, and a card per root-cause finding.

The page opens with what is wrong (the hoofdbevindingen ranked by ernst and size) and the complete
register: every check, no row left out. Then one re-performable card per hoofdbevinding.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rekenboek.checks.bevindingen import bereken, samenvatting
from rekenboek.inputs.register import Register
from rekenboek.numbers import nl_aantal
from rekenboek.paths import generated_dir
from rekenboek.report import findings
from rekenboek.report.display import (bevindingen_tabel, bron_link, interactief_html, posities, telling_zin,
                                      toon_tabel, verwijzing)
from rekenboek.report.pages.bron import anker as controle_anker
from rekenboek.report.pages.bron import controle_html

REGISTER_ID = "rekenboek-register"
# The interactive register (DataTables and every row, about 2,5 MB) is loaded on request from this file, so
# that the page itself stays small. The build publishes ``book/generated/_static/`` with the book's _static.
REGISTER_JS = "rekenboek-register.js"


def register_js_pad() -> Path:
    return generated_dir() / "_static" / REGISTER_JS


def _datatables_html() -> str:
    """The HTML that loads DataTables offline (what itables' init_notebook_mode displays), as a string."""
    from IPython.utils.capture import capture_output

    from rekenboek.report.display import interactief_init

    with capture_output(stdout=False, stderr=False) as uit:
        interactief_init()
    return "".join(o.data.get("text/html", "") for o in uit.outputs)


def schrijf_js(pad: Path, sleutel: str, inhoud: str) -> Path:
    """A script that hands ``inhoud`` (HTML) to rekenboek.js under ``sleutel``; written atomically."""
    import json

    pad.parent.mkdir(parents=True, exist_ok=True)
    tmp = pad.with_name(f".{pad.name}.{os.getpid()}")
    tmp.write_text("(window.rekenboekInhoud = window.rekenboekInhoud || {})[" + json.dumps(sleutel) + "] = "
                   + json.dumps(inhoud, ensure_ascii=True).replace("</", "<\\/") + ";\n", encoding="utf-8")
    os.replace(tmp, pad)
    return pad


@dataclass
class RegisterPagina:
    tabel: pd.DataFrame
    register: Register
    hoofd: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=findings.HOOFD_KOLOMMEN))
    posities: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def samenvatting_tekst(self) -> str:
        tekst = (f"Het register telt {telling_zin(self.tabel['oordeel'])}, over "
                 f"{nl_aantal(self.tabel['bestand'].nunique())} brondocumenten. ")
        if len(self.hoofd):
            per_ernst = self.hoofd["ernst"].fillna("").astype(str).value_counts()
            delen = [f"{nl_aantal(per_ernst[e])} {e}" for e in findings.ERNST if e in per_ernst]
            if "" in per_ernst:
                delen.append(f"{nl_aantal(per_ernst['']) } zonder ernst (herziening)")
            tekst += (f"Elke afwijking, doorwerking en herziening, en elke controle die van een lezing afhangt, "
                      f"hoort bij een van de **{nl_aantal(len(self.hoofd))} hoofdbevindingen** ({', '.join(delen)}): "
                      f"één per oorzaak in de bron.")
        return tekst

    def toon_hoofdbevindingen(self) -> None:
        """The ranked findings as a table with links to their cards (or, before the root-cause register, the
        afwijkingen by size)."""
        from IPython.display import HTML, display

        if len(self.hoofd):
            t = findings.overzicht(self.hoofd)
            display(HTML(t.to_html(index=False, border=0, classes="rekenboek-tabel rekenboek-overzicht", escape=False)))
        else:
            toon_tabel(None, leeg="*Het register van hoofdbevindingen is in deze bouw niet beschikbaar.*")

    @property
    def per_bron(self) -> pd.DataFrame:
        s = samenvatting(self.tabel).reset_index()
        titels = self.register.bronnen.set_index("bestand")["titel"]
        s.insert(1, "titel", s["bestand"].map(titels))
        s = s.rename(columns={"bestand": "Bestand", "titel": "Document"})
        s.attrs["naam"] = "bevindingen-per-bron"
        return s

    def toon_kaarten(self) -> None:
        """One card per hoofdbevinding, most serious first; without them, every afwijking by size."""
        from IPython.display import HTML, Markdown, display

        if len(self.hoofd):
            display(HTML(findings.kaarten_html(self.hoofd, self.tabel, self.register, self.posities, prefix="")))
            return
        sel = self.tabel[self.tabel["oordeel"] == "afwijking"]
        if sel.empty:
            display(Markdown("*Geen.*"))
            return
        sel = sel.assign(_v=[-abs(float(v)) if v else 0.0 for v in sel["verschil"]]).sort_values("_v")
        display(HTML("\n".join(controle_html(r, self.register, self.posities, prefix="")
                               for r in sel.to_dict("records"))))

    @property
    def alle(self) -> pd.DataFrame:
        """Every register row with links: Id to the check on its source page, Bron to the line,
        Hoofdbevinding to its card. The key columns (Oordeel, Verschil, the figures) come first; what is
        checked and why folds out in one column, so that the table fits the text column."""
        t = bevindingen_tabel(self.tabel)
        t.insert(0, "Id", [f'<a href="bron/{html.escape(b[:3])}.html#{html.escape(controle_anker(i))}">{html.escape(i)}</a>'
                           for i, b in zip(self.tabel["id"], self.tabel["bestand"])])
        t["Bron"] = [bron_link(verwijzing(b, r)) for b, r in zip(self.tabel["bestand"], self.tabel["regel"])]
        if "hoofdbevinding" in self.tabel:
            t["Hoofdbevinding"] = [f'<a href="#{html.escape(findings.anker(h))}">{html.escape(h)}</a>' if h else ""
                                   for h in self.tabel["hoofdbevinding"].fillna("").astype(str)]
        # what is checked shows as one line; the kind of check and the explanation fold out (and are searched)
        t["Toelichting"] = [f'<details class="rekenboek-uitklap"><summary>{html.escape(c)}</summary>'
                            f'<p><em>{html.escape(s)}</em>. {html.escape(x)}</p></details>'
                            for c, s, x in zip(t["Controle"], t["Soort"], self.tabel["toelichting"])]
        t["Verschil"] = [float(v) if v else None for v in self.tabel["verschil"]]   # sorts as a number
        voor = ["Id", "Oordeel", "Verschil", "Eenheid", "Gesteld", "Herberekend", "Tolerantie", "Bron"]
        weg = {"Controle", "Soort"}
        return t[voor + [k for k in t.columns if k not in voor and k not in weg]]

    def register_html(self) -> str:
        """The interactive register (every row) as HTML."""
        return interactief_html(self.alle, table_id=REGISTER_ID, html_kolommen=HTML_KOLOMMEN, kolomfilters=True,
                                getal_kolommen=("Verschil",), brede_kolommen=("Toelichting",))

    @property
    def ernst_regel(self) -> str:
        """The ernst rule with the code's thresholds (HTML, glued into the methods page)."""
        return findings.ernst_regel()

    @property
    def register_telling(self) -> str:
        return (f"Hieronder staan alle {telling_zin(self.tabel['oordeel'])}. Filter op een oordeel met het veld "
                f"boven de kolom *Oordeel* (bijvoorbeeld `afwijking`); het zoekveld zoekt in alle kolommen.")

    def toon_alle(self) -> None:
        """A button that loads the complete interactive register (written to :func:`register_js_pad`)."""
        from IPython.display import HTML, display

        n = nl_aantal(len(self.tabel))
        schrijf_js(register_js_pad(), REGISTER_ID, _datatables_html() + self.register_html())
        display(HTML(
            f'<p class="rekenboek-telling">{n} rijen, alle in de tabel.</p>'
            f'<div id="{REGISTER_ID}-plek"><button type="button" class="rekenboek-laad" data-bron="{REGISTER_JS}" '
            f'data-sleutel="{REGISTER_ID}" data-plek="{REGISTER_ID}-plek">Toon het volledige register '
            f'({n} controles, sorteerbaar en filterbaar)</button>'
            f'<noscript><p>Zonder JavaScript: download het register als CSV of Excel (hierboven).</p></noscript></div>'))

    def toon(self, tabel: pd.DataFrame) -> None:
        toon_tabel(tabel, naam="bevindingen-per-bron" if tabel.attrs.get("naam") == "bevindingen-per-bron" else "bevindingen")


#: the columns of the register table built as HTML in :attr:`RegisterPagina.alle`; all others are escaped as text
HTML_KOLOMMEN = ("Id", "Bron", "Hoofdbevinding", "Toelichting")


def pagina() -> RegisterPagina:
    res = bereken()
    return RegisterPagina(res.tabel, res.register, findings.hoofdbevindingen(res.register, res),
                          posities(res.register))
