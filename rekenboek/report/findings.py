"""The root-cause findings (hoofdbevindingen) on the page: ranking, Dutch summary lines and cards.

Input is the frame that ``checks/hoofdbevindingen.bereken`` returns (the columns of
``_build/rekenboek/hoofdbevindingen.csv``), the review rows of ``data/beoordeling.csv`` and the
findings register. A card lets a reader re-perform the finding: the formula in words and in
symbols, every component with its value and a link to its source line, the source fragments
around every line involved with the right occurrence marked, and the checks that echo it.
"""
from __future__ import annotations

import ast
import html
from dataclasses import dataclass
from decimal import Decimal
from numbers import Integral

import pandas as pd

from rekenboek.checks import hoofdbevindingen as hoofdregister
from rekenboek.inputs.register import Cijfer, Register
from rekenboek.numbers import nl_aantal, nl_controle
from rekenboek.report.display import (OORDEEL_SYMBOOL, bron_link, fragmenten_html, nl_bedrag, soort_nl, verwijzing)

HOOFD_KOLOMMEN = ["id", "titel", "aard", "zekerheid", "ernst", "verschil", "eenheid", "bestand", "regel", "controles",
                  "wortel", "grondslag", "grondslag_waarde", "aandeel_pct", "effect", "toelichting", "status"]
BEOORDELING_KOLOMMEN = ["hoofdbevinding", "status", "wederhoor", "opgesteld_door", "opgesteld_op",
                        "beoordeeld_door", "beoordeeld_op"]
ERNST = ("materieel", "aandachtspunt", "triviaal")          # most serious first
STATUS_ONBEOORDEELD = "open"


def anker(hoofdbevinding: str) -> str:
    """The anchor of a finding's card on the register page."""
    return f"hb-{hoofdbevinding}"


def _getal(w) -> float:
    try:
        return abs(float(w))
    except (TypeError, ValueError):
        return float("nan")


def met_beoordeling(hoofd: pd.DataFrame, beoordeling: pd.DataFrame | None) -> pd.DataFrame:
    """The findings with their review fields; ``status`` is ``open`` when there is no review row.

    Review fields already in ``hoofd`` are kept unless ``beoordeling`` (rows of data/beoordeling.csv) is given.
    """
    h = hoofd.copy()
    for k in HOOFD_KOLOMMEN:
        if k not in h:
            h[k] = ""
    if beoordeling is not None:
        h = h.drop(columns=[k for k in BEOORDELING_KOLOMMEN[1:] if k in h])
        if len(beoordeling):
            b = beoordeling[BEOORDELING_KOLOMMEN].rename(columns={"hoofdbevinding": "id"})
            h = h.merge(b, on="id", how="left")
    for k in BEOORDELING_KOLOMMEN[1:]:
        if k not in h:
            h[k] = ""
    h[BEOORDELING_KOLOMMEN[1:]] = h[BEOORDELING_KOLOMMEN[1:]].fillna("").astype(str)
    h.loc[h["status"].str.strip() == "", "status"] = STATUS_ONBEOORDEELD
    return h


def ernst_tekst(ernst) -> str:
    """The ernst in words; a herziening has none (it is not a misstatement)."""
    return str(ernst) if str(ernst or "").strip() else "geen ernst (herziening)"


def rangschik(hoofd: pd.DataFrame) -> pd.DataFrame:
    """Most serious first, in the order the checks stage ranks them (``rang``: ernst, then certainty, then share
    of the base, then size; never by id). The ranking is made once, in ``checks.hoofdbevindingen``."""
    if hoofd.empty or "rang" not in hoofd:
        return hoofd.reset_index(drop=True)
    return hoofd.assign(_r=[int(r) for r in hoofd["rang"]]).sort_values("_r", kind="stable").drop(columns="_r").reset_index(drop=True)


def grootte(r: dict) -> str:
    """'€ −9.900.000 (5,27 % van de grondslag)': the size of a finding and its share of its base, in Dutch."""
    tekst = nl_bedrag(r.get("verschil", ""), r.get("eenheid", ""))
    aandeel = str(r.get("aandeel_pct", "") or "").strip()
    if aandeel and aandeel.lower() != "nan":
        tekst += f" ({nl_bedrag(aandeel, 'pct')} van de grondslag)"
    return tekst


def grondslag_html(r: dict, register: Register, prefix: str = "") -> str:
    """The base a finding is weighed against: what it is, its value and a link to its line."""
    gid = str(r.get("grondslag", "") or "").strip()
    if not gid:
        return "—"
    c = register.cijfers.get(gid)
    waarde = nl_bedrag(r.get("grondslag_waarde", ""), r.get("eenheid", ""))
    if c is None:
        return f"{html.escape(gid)}: {html.escape(waarde)}"
    wat = c.label("uitleg") or omschrijving(c)
    return f"{html.escape(wat)}: {html.escape(waarde)} ({bron_link(verwijzing(c.bestand, c.regel), prefix)})"


def aard_tekst(r: dict) -> str:
    """'rekenfout, zeker': the kind of finding and how certain it is (once when they say the same)."""
    aard, zeker = str(r.get("aard", "")), str(r.get("zekerheid", ""))
    return aard if not zeker or zeker == aard else f"{aard}, {zeker}"


def per_aard(hoofd: pd.DataFrame) -> pd.DataFrame:
    """Counts per aard and ernst (a herziening has no ernst): the landing page's overview."""
    kolommen = [*ERNST, "zonder ernst"]
    if hoofd.empty:
        return pd.DataFrame(columns=["Aard", *[k.capitalize() for k in kolommen], "Totaal"])
    ernst = hoofd["ernst"].fillna("").astype(str).replace("", "zonder ernst")
    t = pd.crosstab(hoofd["aard"], ernst).reindex(columns=kolommen, fill_value=0)
    t = t.loc[:, (t.sum() > 0) | t.columns.isin(ERNST)]
    t["Totaal"] = t.sum(axis=1)
    t = t.sort_values("Totaal", ascending=False, kind="stable")
    t.columns = [c.capitalize() for c in t.columns]
    return t.reset_index().rename(columns={"aard": "Aard"}).map(lambda v: nl_aantal(int(v)) if isinstance(v, Integral) else v)


def samenvatting_md(hoofd: pd.DataFrame, prefix: str = "", maximaal: int | None = None) -> str:
    """A Markdown list, most serious first: what is wrong, how big, where, with a link to its card."""
    regels = []
    for r in rangschik(hoofd).head(maximaal or len(hoofd)).to_dict("records"):
        waar = bron_link(verwijzing(r["bestand"], r["regel"]), prefix) if str(r.get("regel", "")).strip() else ""
        n = int(float(r["controles"])) if str(r.get("controles", "")).strip() else 0
        regels.append(f"- **{html.escape(ernst_tekst(r['ernst']))}** · "
                      f'<a href="{prefix}bevindingen.html#{html.escape(anker(r["id"]))}">{html.escape(str(r["titel"]))}</a>: '
                      f"{html.escape(grootte(r))}; {html.escape(aard_tekst(r))}; "
                      f"{waar}; verklaart {nl_aantal(n)} {'controle' if n == 1 else 'controles'}.")
    return "\n".join(regels)


def overzicht(hoofd: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
    """The ranked findings as an HTML-ready table (escaped; links to cards and source lines)."""
    rijen = []
    for r in rangschik(hoofd).to_dict("records"):
        n = int(float(r["controles"] or 0))
        aandeel = str(r.get("aandeel_pct", "") or "").strip()
        rijen.append({
            "Hoofdbevinding": (f'<a href="{prefix}bevindingen.html#{html.escape(anker(r["id"]))}">{html.escape(str(r["titel"]))}</a>'
                               f'<br><small>{html.escape(aard_tekst(r))} · {nl_aantal(n)} {"controle" if n == 1 else "controles"}</small>'),
            "Ernst": html.escape(ernst_tekst(r["ernst"])),
            "Omvang": (f'<span class="rekenboek-bedrag">{html.escape(nl_bedrag(r.get("verschil", ""), r.get("eenheid", "")))}</span>'
                       + (f"<br><small>{html.escape(nl_bedrag(aandeel, 'pct'))} van de grondslag</small>"
                          if aandeel and aandeel.lower() != "nan" else "")),
            "Bron": bron_link(verwijzing(r["bestand"], r["regel"]), prefix) if str(r.get("regel", "")).strip() else "",
            "Status": html.escape(str(r.get("status", STATUS_ONBEOORDEELD))),
        })
    return pd.DataFrame(rijen, columns=["Hoofdbevinding", "Ernst", "Omvang", "Bron", "Status"])


# ------------------------------------------------------------ the formula, in symbols and in words
_FUNCTIE = {"som": "Σ", "jaar": "jaar"}
_OPERATOR = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷"}


def omschrijving(c: Cijfer) -> str:
    """A record in words: its row and column labels, else its explanation, else its id."""
    delen = [d for d in (c.label("rij"), c.label("kolom")) if d]
    if not delen:
        delen = [c.label("uitleg") or c.id]
    return " · ".join(delen)


@dataclass
class Formule:
    symbolen: str                      # "G = a + b − c"
    woorden: str                       # "Totaal 2022 = Post A 2022 + Post B 2022 − …"
    legenda: dict[str, str]            # symbol -> record id (r()) or selection text (som())


def formule(tekst: str, gesteld: Cijfer | None, register: Register) -> Formule:
    """Render a check's formula (``r("id")``, ``som(...)``, ``jaar(...)``, + − × ÷) with symbols a, b, c…"""
    legenda: dict[str, str] = {}
    woorden_van: dict[str, str] = {}

    def symbool(sleutel: str, woord: str) -> str:
        for s, k in legenda.items():
            if k == sleutel:
                return s
        s = chr(ord("a") + len(legenda)) if len(legenda) < 26 else f"x{len(legenda)}"
        legenda[s], woorden_van[s] = sleutel, woord
        return s

    def weergave(n, in_woorden: bool) -> str:
        if isinstance(n, ast.Expression):
            return weergave(n.body, in_woorden)
        if isinstance(n, ast.BinOp) and type(n.op) in _OPERATOR:
            return f"{weergave(n.left, in_woorden)} {_OPERATOR[type(n.op)]} {weergave(n.right, in_woorden)}"
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            return f"−{weergave(n.operand, in_woorden)}"
        if isinstance(n, ast.Constant):
            return nl_bedrag(n.value, "") if isinstance(n.value, (int, float)) else str(n.value)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            if n.func.id == "r" and n.args and isinstance(n.args[0], ast.Constant):
                rid = str(n.args[0].value)
                c = register.cijfers.get(rid)
                s = symbool(rid, omschrijving(c) if c else rid)
                return f"({woorden_van[s]})" if in_woorden else s
            if n.func.id == "som":
                sel = ", ".join(f"{k.arg} = {getattr(k.value, 'value', '?')}" for k in n.keywords)
                s = symbool(f"som({sel})", f"de som van {sel}")
                return woorden_van[s] if in_woorden else f"Σ{s}"
            binnen = ", ".join(weergave(a, in_woorden) for a in n.args)
            return f"{_FUNCTIE.get(n.func.id, n.func.id)}({binnen})"
        if isinstance(n, ast.Name):
            return n.id
        return ast.unparse(n)

    try:
        boom = ast.parse(tekst, mode="eval")
    except SyntaxError:
        return Formule(tekst, tekst, {})
    rechts_symbolen = weergave(boom, False)
    rechts_woorden = weergave(boom, True)
    links = omschrijving(gesteld) if gesteld else "gesteld"
    return Formule(f"G = {rechts_symbolen}", f"({links}) = {rechts_woorden}", legenda)


# ------------------------------------------------------------ the card
def _onderdelen(rij: dict, register: Register) -> list[Cijfer]:
    ids = str(rij.get("onderdelen", "") or "").split()
    return [register.cijfers[i] for i in ids if i in register.cijfers]


def _componenten_html(gesteld: Cijfer | None, onderdelen: list[Cijfer], f: Formule, prefix: str) -> str:
    """The components table: symbol, what, value as printed and exact, document and line (a link)."""
    symbool_van = {k: s for s, k in f.legenda.items()}
    rijen = []
    if gesteld is not None:
        rijen.append(("G (gesteld)", gesteld))
    for c in onderdelen:
        s = symbool_van.get(c.id)
        if s is None:   # a component selected by som(): name its selection
            s = next((f"Σ{sym}" for sym, k in f.legenda.items() if k.startswith("som(")), "")
        rijen.append((s, c))
    kop = "<tr><th>Symbool</th><th>Onderdeel</th><th>Gedrukt</th><th>Waarde</th><th>Document en regel</th></tr>"
    body = "".join(
        f"<tr><td>{html.escape(s)}</td><td>{html.escape(omschrijving(c))} <code>{html.escape(c.id)}</code></td>"
        f'<td><span class="rekenboek-gedrukt">{html.escape(c.tekst)}</span></td>'
        f"<td>{html.escape(nl_bedrag(c.waarde, c.eenheid) if c.waarde is not None else '—')}</td>"
        f"<td>{bron_link(verwijzing(c.bestand, c.regel), prefix)}</td></tr>"
        for s, c in rijen)
    return f'<table class="rekenboek-tabel rekenboek-componenten"><thead>{kop}</thead><tbody>{body}</tbody></table>'


def _fragmenten(betrokken: list[tuple[Cijfer, str]], posities: dict[str, tuple[int, int]], prefix: str) -> str:
    """Source fragments around every line involved, per document, each record's occurrence marked."""
    per_bestand: dict[str, dict[int, list]] = {}
    for c, klasse in betrokken:
        regels = per_bestand.setdefault(c.bestand, {})
        regels.setdefault(c.regel, [])
        if c.id in posities:
            regels[c.regel].append((*posities[c.id], klasse))
    uit = []
    for bestand, regels in per_bestand.items():
        nummers = sorted(regels)
        uit.append(f"<p class=\"rekenboek-fragmentkop\">Document {html.escape(bestand[:3])}, regel "
                   + ", ".join(bron_link(verwijzing(bestand, n), prefix) for n in nummers) + "</p>")
        uit.append(fragmenten_html(bestand, nummers, regels, context=2, prefix=prefix))
    return "".join(uit)


def _echo_tabel(echo: pd.DataFrame, prefix: str) -> str:
    if echo.empty:
        return ""
    kop = ("<tr><th>Controle</th><th>Oordeel</th><th>Bron</th><th>Gesteld</th><th>Herberekend</th>"
           "<th>Effect (verschil)</th></tr>")
    def rij(r: dict) -> str:
        w = nl_controle(r["gesteld"], r["herberekend"], r["verschil"], r["tolerantie"], r["eenheid"],
                        str(r.get("gesteld_tekst", "") or ""))
        return (f"<tr><td>{html.escape(str(r['omschrijving']))} <code>{html.escape(str(r['id']))}</code></td>"
                f"<td>{html.escape(OORDEEL_SYMBOOL.get(r['oordeel'], r['oordeel']))}</td>"
                f"<td>{bron_link(verwijzing(r['bestand'], r['regel']), prefix)}</td>"
                f"<td>{html.escape(w.gesteld)}</td><td>{html.escape(w.herberekend)}</td>"
                f"<td>{html.escape(w.verschil)}</td></tr>")
    body = "".join(rij(r) for r in echo.to_dict("records"))
    return (f"<details class=\"rekenboek-echo\"><summary>{nl_aantal(len(echo))} controles volgen hieruit</summary>"
            f'<table class="rekenboek-tabel"><thead>{kop}</thead><tbody>{body}</tbody></table></details>')


def wortel_van(h: dict, checks: pd.DataFrame) -> dict | None:
    """The check that states the root cause: ``wortel`` when given, else its largest afwijking."""
    eigen = checks[checks["hoofdbevinding"].astype(str) == str(h["id"])] if "hoofdbevinding" in checks else checks.iloc[0:0]
    w = str(h.get("wortel", "") or "")
    if w and (checks["id"] == w).any():
        return checks[checks["id"] == w].iloc[0].to_dict()
    if eigen.empty:
        return None
    return eigen.assign(_v=[-_getal(v) for v in eigen["verschil"]]).sort_values("_v").iloc[0].to_dict()


def kaart_html(h: dict, checks: pd.DataFrame, register: Register, posities: dict[str, tuple[int, int]],
               prefix: str = "") -> str:
    """One hoofdbevinding as a re-performable card (everything escaped)."""
    e = html.escape
    wortel = wortel_van(h, checks)
    kop = (f'<div class="rekenboek-kaart rekenboek-ernst-{e(str(h["ernst"]))}" id="{e(anker(h["id"]))}">'
           f'<h3>{e(str(h["titel"]))}</h3>'
           f'<p class="rekenboek-kaartkop"><strong>{e(ernst_tekst(h["ernst"]))}</strong> · {e(str(h["aard"]))} · '
           f'zekerheid {e(str(h["zekerheid"]))} · <code>{e(str(h["id"]))}</code></p>'
           f"<dl class=\"rekenboek-kaartfeiten\"><dt>Omvang</dt><dd>{e(grootte(h))}</dd>"
           f"<dt>Grondslag</dt><dd>{grondslag_html(h, register, prefix)}</dd>"
           f"<dt>Waar</dt><dd>{bron_link(verwijzing(h['bestand'], h['regel']), prefix)}</dd>"
           f"<dt>Verklaart</dt><dd>{nl_aantal(int(float(h['controles'] or 0)))} controles</dd>")
    if str(h.get("effect", "")).strip():
        kop += (f"<dt>Effect</dt><dd>{e(nl_bedrag(h['effect'], h.get('eenheid', '')))} (het grootste verschil "
                "van een controle die eruit volgt)</dd>")
    kop += (f"<dt>Status</dt><dd>{e(str(h.get('status', STATUS_ONBEOORDEELD)))}</dd>"
            f"<dt>Wederhoor</dt><dd>{e(str(h.get('wederhoor', '')) or '—')}</dd>"
            f"<dt>Opgesteld</dt><dd>{e(' op '.join(x for x in (str(h.get('opgesteld_door', '')), str(h.get('opgesteld_op', ''))) if x) or '—')}</dd>"
            f"<dt>Beoordeeld</dt><dd>{e(' op '.join(x for x in (str(h.get('beoordeeld_door', '')), str(h.get('beoordeeld_op', ''))) if x) or '—')}</dd>"
            "</dl>")
    if str(h.get("toelichting", "")).strip():
        kop += f"<p><em>{e(str(h['toelichting']))}</em></p>"
    if wortel is None:
        return kop + "<p><em>Geen controle in het register bij deze hoofdbevinding.</em></p></div>"
    gesteld = register.cijfers.get(str(wortel.get("gesteld_id", "")))
    onderdelen = _onderdelen(wortel, register)
    f = formule(str(wortel.get("formule", "")), gesteld, register)
    eenheid = str(wortel.get("eenheid", ""))
    w = nl_controle(wortel["gesteld"], wortel["herberekend"], wortel["verschil"], wortel["tolerantie"], eenheid,
                    str(wortel.get("gesteld_tekst", "") or ""))
    reken = (f"<p><strong>Controle</strong> <code>{e(str(wortel['id']))}</code> ({e(soort_nl(wortel['soort']))}): "
             f"{e(str(wortel['omschrijving']))}</p>"
             f'<p class="rekenboek-formule">In woorden: {e(f.woorden)}<br>In symbolen: <code>{e(f.symbolen)}</code></p>'
             f"<p>Gesteld {e(w.gesteld)}, herberekend {e(w.herberekend)}, verschil {e(w.verschil)}, "
             f"tolerantie {e(w.tolerantie)}: "
             f"<strong>{e(OORDEEL_SYMBOOL.get(wortel['oordeel'], wortel['oordeel']))}</strong>.</p>")
    if str(wortel.get("toelichting", "")).strip():
        reken += f"<p><em>{e(str(wortel['toelichting']))}</em></p>"
    if wortel.get("soort") == "aansluiting" and onderdelen:
        reken += ("<p>Aansluiting: de andere kant is "
                  + ", ".join(f"{e(omschrijving(c))} ({bron_link(verwijzing(c.bestand, c.regel), prefix)})"
                              for c in onderdelen) + "; het fragment daarvan staat hieronder.</p>")
    betrokken = ([(gesteld, "gesteld")] if gesteld else []) + [(c, "onderdeel") for c in onderdelen]
    echo = checks[(checks["hoofdbevinding"].astype(str) == str(h["id"])) & (checks["id"] != wortel["id"])] \
        if "hoofdbevinding" in checks else checks.iloc[0:0]
    return (kop + reken + _componenten_html(gesteld, onderdelen, f, prefix)
            + _fragmenten(betrokken, posities, prefix) + _echo_tabel(echo, prefix) + "</div>")


def kaarten_html(hoofd: pd.DataFrame, checks: pd.DataFrame, register: Register,
                 posities: dict[str, tuple[int, int]], prefix: str = "") -> str:
    """Every card, most serious first."""
    return "\n".join(kaart_html(h, checks, register, posities, prefix) for h in rangschik(hoofd).to_dict("records"))


# ------------------------------------------------------------ where the findings come from
def hoofdbevindingen(register: Register, resultaat) -> pd.DataFrame:
    """The root-cause findings of a computed register, with their review fields (status open without a row)."""
    return met_beoordeling(hoofdregister.bereken(register, resultaat), None)


def ernst_regel() -> str:
    """The ernst rule with the thresholds ``checks.hoofdbevindingen`` applies by default."""
    d = hoofdregister.DREMPELS
    return ernst_regel_html(d.materieel, d.materieel_onzeker, d.triviaal_deel)


def ernst_regel_html(materieel, materieel_onzeker, triviaal_deel) -> str:
    """The ernst rule with the thresholds the code uses (glued into the methods page, never typed)."""
    m, mo, t = Decimal(str(materieel)), Decimal(str(materieel_onzeker)), Decimal(str(triviaal_deel))

    def pct(d: Decimal) -> str:
        return html.escape(nl_bedrag(d, "pct"))
    return ('<table class="rekenboek-tabel rekenboek-ernstregel"><thead><tr><th>Omvang als deel van de grondslag</th>'
            '<th>Fout (rekenfout, inconsistentie, redactioneel)</th><th>Onzekerheid (hangt af van de lezing)</th></tr>'
            f"</thead><tbody><tr><td>materieel</td><td>vanaf {pct(m)}</td><td>vanaf {pct(mo)}</td></tr>"
            f"<tr><td>aandachtspunt</td><td>van {pct(m * t)} tot {pct(m)}</td><td>van {pct(mo * t)} tot {pct(mo)}</td></tr>"
            f"<tr><td>triviaal</td><td>onder {pct(m * t)}</td><td>onder {pct(mo * t)}</td></tr></tbody></table>"
            f"<p>Triviaal is wat onder {html.escape(nl_bedrag(t * 100, 'pct'))} van de materialiteitsgrens blijft. "
            "Een verschil zonder bedrag (een datum, jaartal, kop of label) is een aandachtspunt, of triviaal als het "
            "redactioneel is; zonder grondslag is de ernst een aandachtspunt. Een herziening krijgt geen ernst: "
            "het is geen onjuistheid.</p>")
