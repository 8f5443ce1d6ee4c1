"""What a year's financial page has of its own: the whole model once, every other year links to it.

The financial models span several years; a page per year that repeats every table of the model says
the same thing five times. The rule, the same for every model: a section of a year's page that shows
the same tables and the same records as the same section on the unit's *model page* (the first year
of the unit's financial pages in ``data/matrix.csv``) is the whole model's; it stays on the model page
only. The other years keep their own sections, one section that links to the model page (with the
sentences of the shared sections that are about this year, when they differ from the model page's),
and the checks of that year's figures.
"""
from __future__ import annotations

import html

import pandas as pd

from rekenboek.checks.bevindingen import bereken
from rekenboek.inputs.eenheden import slug
from rekenboek.inputs.register import Register
from rekenboek.report.page import Pagina, Sectie, raakt

TEMPLATE = "financien"


def telling(b: pd.DataFrame) -> str:
    """One Dutch sentence: how many checks the page shows, per verdict."""
    n = len(b)
    if not n:
        return "Er zijn geen controles op de cijfers van deze pagina."
    tel = b["oordeel"].value_counts()
    delen = [f"{tel[o]} × {o}" for o in ("klopt", "afronding", "afwijking", "niet-controleerbaar") if o in tel]
    return f"Op deze pagina staan {n} controles uit het register: " + ", ".join(delen) + "."


def modeljaar(register: Register, gemeente: str) -> int | None:
    """The year of the unit's model page: the first year of its financial pages in the matrix (None: none)."""
    m = register.matrix
    jaren = sorted(int(j) for j in m.loc[(m["gemeente"] == gemeente) & (m["template"] == TEMPLATE), "jaar"])
    return jaren[0] if jaren else None


def _tabel_gelijk(a: pd.DataFrame | None, b: pd.DataFrame | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.equals(b)


def gelijk(a: Sectie, b: Sectie) -> bool:
    """The same section up to its prose: title, records, and every table (caption and cells)."""
    return (a.titel == b.titel and a.ids == b.ids and len(a.tabellen) == len(b.tabellen)
            and all(ca == cb and _tabel_gelijk(ta, tb) for (ca, ta), (cb, tb) in zip(a.tabellen, b.tabellen)))


def gedeeld(p: Pagina, model: Pagina) -> list[Sectie]:
    """The sections of ``p`` with tables or charts that the model page shows as well (tables and records the same).

    A section of prose only (e.g. what the sources do not say about this year) is short and stays."""
    return [s for s in p.secties if (s.tabellen or s.figuren) and any(gelijk(s, m) for m in model.secties)]


def jaar_ids(register: Register, ids: set[str], jaar: int) -> set[str]:
    """Of ``ids``, the records a check of year ``jaar`` states or computes from."""
    t = raakt(bereken(register).tabel, ids)
    t = t[t["jaar"] == str(jaar)]
    genoemd = set(t["gesteld_id"].dropna()) | {i for s in t["onderdelen"].fillna("") for i in str(s).split()}
    return genoemd & ids


def jaarkolom(tabel: pd.DataFrame | None, jaar: int) -> pd.DataFrame | None:
    """A model table cut to one year: its row labels and the column of ``jaar`` (None: no column for that year).

    Rows empty in that year are left out; the other years' columns are on the model page."""
    if tabel is None or str(jaar) not in tabel.columns:
        return None
    jaren = [k for k in tabel.columns if str(k).isdigit() and len(str(k)) == 4]
    t = tabel[[k for k in tabel.columns if k not in jaren or k == str(jaar)]]
    t = t[t[str(jaar)].astype(str).str.strip().ne("")]
    return t.reset_index(drop=True) if len(t) else None


def link(gemeente: str, jaar: int) -> str:
    """Link from a financial page to the model page of the unit (a sibling in the same folder); raw HTML, as the
    other links between generated pages, so that Sphinx does not try to resolve it as a document."""
    return f'<a href="{slug(gemeente, jaar)}.html">Financiën {html.escape(gemeente)} {jaar}</a>'


def eigen(p: Pagina, model: Pagina, register: Register) -> Pagina:
    """``p`` without the sections it shares with ``model`` (the unit's model page), with one link to it instead.

    The shared sections' sentences that differ from the model page's (they are about this year) stay, in the
    link section, and so do the checks of this year's figures in the shared tables. The page's checks are
    narrowed to the records it still shows; the count in the introduction follows.
    """
    weg = gedeeld(p, model)
    if not weg or p.jaar == model.jaar:
        return p
    eigen_secties = [s for s in p.secties if not any(s is w for w in weg)]
    modeltekst = {s.titel: s.tekst for s in model.secties}
    zinnen = [f"- *{s.titel}:* {s.tekst}" for s in weg if s.tekst and s.tekst != modeltekst.get(s.titel)]
    titels = ", ".join(f"*{s.titel}*" for s in weg)
    tekst = (f"Het hele model, met alle jaren in de tabellen en grafieken, staat één keer op "
             f"{link(model.gemeente, model.jaar)}: {titels}. Deze pagina toont wat bij {p.jaar} hoort"
             + (": " + "\n\n" + "\n".join(zinnen) if zinnen else ".")
             + ("\n\nDe tabellen hieronder zijn die van het model, met alleen de kolom " + str(p.jaar) + "."
                if any(jaarkolom(t, p.jaar) is not None for s in weg for _, t in s.tabellen) else "")
             + f"\n\nDe controles hieronder zijn die van de cijfers van {p.jaar} in die tabellen"
             + (" en van de delen die alleen op deze pagina staan." if eigen_secties else "."))
    ids = jaar_ids(register, set().union(*(s.ids for s in weg)), p.jaar)
    tabellen = [(f"{b} — alleen {p.jaar}", t) for s in weg for b, t0 in s.tabellen
                if (t := jaarkolom(t0, p.jaar)) is not None]
    oud = p.bevindingen
    p.secties = [Sectie(f"{p.jaar} in het hele model", tekst, tabellen, ids=ids)] + eigen_secties
    sel = raakt(oud, p.ids)
    if len(sel):   # this year's checks (and those without a year); the other years' are on their own pages
        sel = sel[sel["jaar"].isin((str(p.jaar), ""))]
    p.bevindingen = sel.reset_index(drop=True)
    p.inleiding = p.inleiding.replace(telling(oud), telling(p.bevindingen))
    p.inleiding = p.inleiding.replace(f" {len(oud)} controles uit het bevindingenregister",
                                      f" {len(p.bevindingen)} controles uit het bevindingenregister")
    return p
