"""Where the project's inputs and outputs live.

Everything is resolved from the repository root (the parent of this package),
so commands work from any working directory. Two environment variables
override the defaults:

- ``REKENBOEK_BRONNEN``: directory holding the five source documents
  (default: ``../shared/seeds`` beside the repository);
- ``REKENBOEK_DATA``: the source-data register (default: ``data/``), used by
  tests that run the pipeline on a deliberately altered copy of the data;
- ``REKENBOEK_BUILD`` and ``REKENBOEK_GENERATED``: where the build output and the
  executed notebooks go (default: ``_build/`` and ``book/generated/``), so tests
  can build into a temporary directory; ``REKENBOEK_NOTEBOOKS``: the templates;
- ``REKENBOEK_KPI_REALISATIES``: the analysts' KPI realisations (default:
  ``data/kpi/realisaties.csv``; tests use a synthetic file).
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("REKENBOEK_DATA", ROOT / "data")).resolve()


def bronnen_dir() -> Path:
    return Path(os.environ.get("REKENBOEK_BRONNEN", ROOT.parent / "shared" / "seeds")).resolve()


def build_dir() -> Path:
    return Path(os.environ.get("REKENBOEK_BUILD", ROOT / "_build")).resolve()


def register_path() -> Path:
    return build_dir() / "rekenboek" / "bevindingen.csv"


def generated_dir() -> Path:
    return Path(os.environ.get("REKENBOEK_GENERATED", ROOT / "book" / "generated")).resolve()


def notebooks_dir() -> Path:
    """The templates; ``REKENBOEK_NOTEBOOKS`` overrides (tests use a deliberately broken copy)."""
    return Path(os.environ.get("REKENBOEK_NOTEBOOKS", ROOT / "notebooks")).resolve()


def kpi_indicatoren_path() -> Path:
    """The KPI indicator register, ``data/kpi/indicatoren.csv``."""
    return data_dir() / "kpi" / "indicatoren.csv"


def kpi_realisaties_path() -> Path:
    """``REKENBOEK_KPI_REALISATIES`` or ``data/kpi/realisaties.csv``."""
    pad = os.environ.get("REKENBOEK_KPI_REALISATIES")
    return Path(pad).resolve() if pad else data_dir() / "kpi" / "realisaties.csv"
