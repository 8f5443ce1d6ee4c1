"""Sphinx extension: non-breaking spaces between a figure and its euro sign, percent sign or unit, on every page.

Page modules format figures with ``rekenboek.numbers`` (which already writes them), but text written by hand
(titles, notes in data/, template prose) has ordinary spaces; this pass makes the whole book consistent.
Source quotations (``pre``, ``code``, figures marked ``rekenboek-gedrukt``) and scripts are left as they are.
"""
from __future__ import annotations

import re

from docutils import nodes

from rekenboek.numbers import vaste_spaties

_CITAAT = '<span class="rekenboek-gedrukt">'      # a figure quoted as printed (display.GEDRUKT_KOLOMMEN)
_NIET = re.compile(r"(<pre\b.*?</pre>|<script\b.*?</script>|<style\b.*?</style>|<code\b.*?</code>|"
                   + re.escape(_CITAAT) + r".*?</span>|<[^>]*>)", re.S | re.I)
_LETTERLIJK = (nodes.literal, nodes.literal_block, nodes.raw, nodes.FixedTextElement)


_TITEL = re.compile(r'(\s(?:title|alt|aria-label)=")([^"]*)(")')


def _tag(tag: str) -> str:
    """A tag: only its tooltip, alt and aria texts are prose."""
    if tag.startswith(("<pre", "<script", "<style", "<code", "<PRE", "<SCRIPT", "<STYLE", "<CODE", _CITAAT)):
        return tag
    return _TITEL.sub(lambda m: m[1] + vaste_spaties(m[2]) + m[3], tag)


def _html(tekst: str) -> str:
    delen = _NIET.split(tekst)
    return "".join(_tag(d) if i % 2 else vaste_spaties(d) for i, d in enumerate(delen))


def _letterlijk(node: nodes.Node) -> bool:
    ouder = node.parent
    while ouder is not None:
        if isinstance(ouder, _LETTERLIJK):
            return True
        ouder = ouder.parent
    return False


def verwerk(app, doctree, docname) -> None:
    for tekst in list(doctree.findall(nodes.Text)):
        if tekst.parent is None or _letterlijk(tekst):
            continue
        nieuw = vaste_spaties(str(tekst))
        if nieuw != str(tekst):
            tekst.parent.replace(tekst, nodes.Text(nieuw))
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in str(raw.get("format", "")).split():
            continue
        oud = raw.astext()
        nieuw = _html(oud)
        if nieuw != oud:
            raw.parent.replace(raw, nodes.raw(raw.rawsource, nieuw, format=raw["format"]))


def setup(app):
    app.connect("doctree-resolved", verwerk)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
