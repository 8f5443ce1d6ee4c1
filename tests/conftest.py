"""Shared fixtures, and the ``slow`` marker for nbval.

Tests that need the five real source documents use the ``bronnen`` fixture and
skip, with the reason, when they are absent. Engine tests use the visibly
synthetic fixture under tests/fixtures/synthetisch/.

Tests that execute notebooks (papermill, nbval) or build the book are marked ``slow``;
``make test-fast`` (``pytest -m "not slow"``) leaves them out, ``make test`` runs everything.
nbval's cells are marked here, since they come from ``notebooks/*.ipynb``, not from a test file.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from rekenboek.inputs.register import laad
from rekenboek.paths import ROOT, bronnen_dir

SYNTH = Path(__file__).parent / "fixtures" / "synthetisch"


@pytest.hookimpl(tryfirst=True)   # before pytest's own -m deselection sees the items
def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":   # an nbval cell: its notebook runs in a kernel
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def bronnen() -> Path:
    """The directory with the real source documents, or skip."""
    d = bronnen_dir()
    echte = laad().bronnen["bestand"]
    if not all((d / b).is_file() for b in echte):
        pytest.skip(f"bronbestanden niet gevonden in {d}; zet REKENBOEK_BRONNEN of plaats ../shared/seeds naast de repository")
    return d


@pytest.fixture(scope="session")
def echte_data():
    return laad()


@pytest.fixture
def synth_env(monkeypatch, tmp_path):
    """A writable copy of the synthetic data set, active through the environment."""
    data = tmp_path / "data"
    shutil.copytree(SYNTH / "data", data)
    monkeypatch.setenv("REKENBOEK_DATA", str(data))
    monkeypatch.setenv("REKENBOEK_BRONNEN", str(SYNTH / "bronnen"))
    monkeypatch.setenv("REKENBOEK_BUILD", str(tmp_path / "_build"))
    return data


@pytest.fixture
def data_kopie(monkeypatch, tmp_path):
    """A writable copy of the real data/, active through the environment."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    monkeypatch.setenv("REKENBOEK_DATA", str(data))
    monkeypatch.setenv("REKENBOEK_BUILD", str(tmp_path / "_build"))
    return data


def wijzig_record(pad: Path, rid: str, **velden: str) -> int:
    """Set fields of the record with id ``rid`` in a CSV copy; return its data row number (1-based)."""
    with open(pad, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    kolommen = list(rows[0])
    rij = next(i for i, r in enumerate(rows, start=1) if r["id"] == rid)
    rows[rij - 1].update(velden)
    with open(pad, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=kolommen, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return rij


def notebook_tekst(nb) -> str:
    """The text an executed notebook shows (markdown, HTML and plain outputs, glued values included)."""
    delen = []
    for cel in nb.cells:
        for o in cel.get("outputs", []):
            for mime, inhoud in o.get("data", {}).items():
                if mime.removeprefix("application/papermill.record/") in ("text/markdown", "text/html", "text/plain"):
                    delen.append(inhoud if isinstance(inhoud, str) else "".join(inhoud))
    return "\n".join(delen)


@pytest.fixture(scope="session")
def volledig_boek(tmp_path_factory) -> Path:
    """The ``_build`` directory of one complete book, built once per test session (slow tests only).

    ``REKENBOEK_TEST_BOEK`` may name the ``_build`` directory of a book built beforehand (for example
    the working copy's own ``_build``) so that page checks can be rerun without building again; CI
    leaves it unset and builds from the repository into a temporary directory. The page scan, search,
    overflow, console and accessibility checks all read this one book."""
    import os
    import subprocess
    import sys

    vooraf = os.environ.get("REKENBOEK_TEST_BOEK")
    if vooraf:
        pad = Path(vooraf).resolve()
        if not (pad / "html" / "index.html").is_file():
            pytest.fail(f"REKENBOEK_TEST_BOEK={vooraf} bevat geen gebouwd boek (html/index.html ontbreekt)")
        return pad
    tmp = tmp_path_factory.mktemp("volledig")
    env = {**os.environ, "REKENBOEK_BUILD": str(tmp / "_build"), "REKENBOEK_GENERATED": str(tmp / "generated")}
    res = subprocess.run([sys.executable, "-m", "rekenboek", "build"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=1800)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    return tmp / "_build"
