"""What the published site holds (issue 14 item 5): no executed notebooks, no source maps, downloads as files.

The unit test of the removal runs fast on a synthetic directory; the check of a complete book is slow."""
from __future__ import annotations

from pathlib import Path

import pytest

from rekenboek.build.publish import laat_weg_wat_lezers_niet_gebruiken


def test_bronkaarten_en_paginabronnen_gaan_eruit(tmp_path):
    html = tmp_path / "html"
    (html / "_static" / "scripts").mkdir(parents=True)
    (html / "_sources" / "book").mkdir(parents=True)
    (html / "_static" / "scripts" / "theme.js").write_text("x", encoding="utf-8")
    (html / "_static" / "scripts" / "theme.js.map").write_text("{}", encoding="utf-8")
    (html / "_sources" / "book" / "pagina.ipynb").write_text("{}", encoding="utf-8")
    (html / "index.html").write_text("<html></html>", encoding="utf-8")
    weg = laat_weg_wat_lezers_niet_gebruiken(html)
    assert sorted(p.name for p in weg) == ["_sources", "theme.js.map"]
    assert sorted(str(p.relative_to(html)) for p in html.rglob("*") if p.is_file()) == [
        "_static/scripts/theme.js", "index.html"]


@pytest.mark.slow
def test_gepubliceerde_site_zonder_notebooks_en_bronkaarten(volledig_boek):
    html = volledig_boek / "html"
    assert not (html / "_sources").exists()
    assert not list(html.rglob("*.map"))
    assert not list(html.rglob("*.ipynb"))
    assert "data:text/csv" not in (html / "book" / "generated" / "bevindingen.html").read_text(encoding="utf-8")
