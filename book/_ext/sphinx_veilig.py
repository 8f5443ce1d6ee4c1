"""Sphinx extension: page titles taken from data/ reach the theme's templates escaped.

sphinx-book-theme 1.3 (``add_metadata_to_page``) puts ``title.astext()`` (the page title as plain,
unescaped text) into the template variables ``pagetitle`` and ``root_title`` and prints them in its
print header (``<h1>{{ pagetitle }}</h1>``) and sidebar without escaping. A source document's title
from ``data/bronnen.csv`` is a page title, so markup in it would become HTML there, although the
page body shows it as text. This handler runs after the theme's (priority 900 > 500) and escapes both.

Sphinx 7.4's search has the same hole: it indexes section titles as plain text (``alltitles``) and its
searchtools.js shows a matching title with ``innerHTML`` (escaped upstream only in Sphinx 8.2, PR
sphinx-doc/sphinx#13356). :func:`_escape_zoektitels` escapes the section titles as each page is fed to
the index, so the search results show them as text; titles loaded from an earlier index stay as they were.
Registered in ``_config.yml`` (``sphinx.local_extensions``): a file of the book, not of the package, so that
Sphinx does not import the package (and pandas) to load it.
"""
from __future__ import annotations

import html

#: template variables the theme fills with unescaped text
TEKSTVARIABELEN = ("pagetitle", "root_title")


def escape_titels(app, pagename, templatename, context, doctree) -> None:
    for naam in TEKSTVARIABELEN:
        if isinstance(context.get(naam), str):
            context[naam] = html.escape(context[naam])


def _escape_zoektitels() -> None:
    """Wrap ``IndexBuilder.feed`` once per process: section titles enter the search index HTML-escaped."""
    from sphinx.search import IndexBuilder

    if getattr(IndexBuilder.feed, "rekenboek_veilig", False):
        return
    origineel = IndexBuilder.feed

    def feed(self, docname, filename, title, doctree):
        origineel(self, docname, filename, title, doctree)
        titels = getattr(self, "_all_titles", {})
        if docname in titels:
            titels[docname] = [(html.escape(t), anker) for t, anker in titels[docname]]

    feed.rekenboek_veilig = True
    IndexBuilder.feed = feed


def setup(app):
    app.connect("html-page-context", escape_titels, priority=900)
    _escape_zoektitels()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
