"""Headings that pages print become document headings, so that the in-page contents ("Op deze pagina")
list them.

Page objects display their section headings as ``text/markdown`` outputs (``## Formatieloop``). myst-nb
renders a heading inside an output as a rubric: bold text, not a section, so the secondary sidebar stays
empty. After execution the build therefore splits every code cell at each Markdown output that starts
with a heading: the heading line becomes a Markdown cell of its own, and the outputs that follow stay in
a code cell (input removed) after it. Nothing else changes: the same outputs, in the same order.
"""
from __future__ import annotations

import re

import nbformat

__all__ = ["KOP", "koppen_als_cellen"]

KOP = re.compile(r"\A(#{1,6})[ \t]+(\S[^\n]*)\n?")


def _markdown(o) -> str | None:
    if o.get("output_type") not in ("display_data", "execute_result"):
        return None
    tekst = o.get("data", {}).get("text/markdown")
    if tekst is None:
        return None
    return tekst if isinstance(tekst, str) else "".join(tekst)


def _verborgen_code(outputs: list, tags: list[str], cel_id: str):
    cel = nbformat.v4.new_code_cell(source="# vervolg van de cel hierboven (myst-nb slaat lege cellen over)", outputs=outputs)
    cel.id = cel_id
    cel.metadata["tags"] = sorted(set(tags) | {"remove-input"})
    return cel


def koppen_als_cellen(nb) -> int:
    """Split the code cells of an executed notebook at heading outputs (in place); return how many
    headings became Markdown cells. Cells that are removed from the page (``remove-cell``,
    ``remove-output``) are left alone: their outputs are not shown."""
    cellen, aantal = [], 0
    for cel in nb.cells:
        tags = list(cel.metadata.get("tags", []))
        if cel.cell_type != "code" or {"remove-cell", "remove-output"} & set(tags):
            cellen.append(cel)
            continue
        huidig, uitvoer = cel, []
        for o in cel.get("outputs", []):
            tekst = _markdown(o)
            m = KOP.match(tekst) if tekst is not None else None
            if m is None:
                uitvoer.append(o)
                continue
            huidig.outputs = uitvoer
            cellen.append(huidig)
            aantal += 1
            kop = nbformat.v4.new_markdown_cell(source=f"{m.group(1)} {m.group(2).strip()}")
            kop.id = f"kop-{aantal}"        # deterministic ids: the same page gives the same notebook
            cellen.append(kop)
            rest = tekst[m.end():].strip()
            uitvoer = []
            if rest:
                o = nbformat.from_dict({**o, "data": {**o["data"], "text/markdown": rest}})
                o["data"].pop("text/plain", None)
                uitvoer.append(o)
            huidig = _verborgen_code([], [t for t in tags if t != "remove-input"], f"na-kop-{aantal}")
        huidig.outputs = uitvoer
        if huidig is cel or uitvoer:
            cellen.append(huidig)
    nb.cells = cellen
    return aantal
