"""The package's structure, enforced: imports only go down the stages (the import-linter contracts
in pyproject.toml, ``[tool.importlinter]``), no module over 600 lines, no ``importlib`` tricks, no
private names taken from other modules. The per-module tests are parametrised by module, so a
failure names the module that breaks the rule.
"""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rekenboek.paths import ROOT

PAKKET = ROOT / "rekenboek"
MODULES = sorted(PAKKET.rglob("*.py"))
MAX_REGELS = 600


def _naam(pad: Path) -> str:
    """Dotted module name of a package file (``rekenboek.build.pages``; a package's ``__init__`` is the package)."""
    delen = pad.relative_to(ROOT).with_suffix("").parts
    return ".".join(delen[:-1] if delen[-1] == "__init__" else delen)


def _ids(paden: list[Path]) -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in paden]


def _is_rekenboek_module(naam: str) -> bool:
    """Whether ``naam`` (dotted) is a module or package of this repository's ``rekenboek``."""
    pad = ROOT.joinpath(*naam.split("."))
    return naam.split(".")[0] == "rekenboek" and (pad.with_suffix(".py").is_file() or (pad / "__init__.py").is_file())


def _prive(naam: str) -> bool:
    return naam.startswith("_") and not (naam.startswith("__") and naam.endswith("__"))


def _absoluut(node: ast.ImportFrom, module: str, is_pakket: bool) -> str:
    """The absolute module an ``ImportFrom`` imports from (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    basis = module.split(".") if is_pakket else module.split(".")[:-1]
    basis = basis[: len(basis) - (node.level - 1)]
    return ".".join(basis + ([node.module] if node.module else []))


def test_import_contract():
    """lint-imports with the contracts in pyproject.toml: layers cli > build|report > models > checks >
    inputs > foundations; the build imports no report or model code; inputs, checks and models draw nothing."""
    exe = Path(sys.executable).with_name("lint-imports")
    assert exe.exists(), f"{exe} ontbreekt: installeer import-linter (requirements.txt)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    res = subprocess.run([str(exe), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert "Contracts:" in res.stdout, res.stdout + res.stderr
    assert res.returncode == 0, res.stdout[res.stdout.find("Contracts"):]


def test_het_contract_kan_falen(tmp_path):
    """The contract test is not vacuous: a model importing matplotlib and report code breaks it."""
    kopie = tmp_path / "repo"
    shutil.copytree(PAKKET, kopie / "rekenboek", ignore=shutil.ignore_patterns("__pycache__", ".*"))
    shutil.copy2(ROOT / "pyproject.toml", kopie / "pyproject.toml")
    (kopie / "rekenboek" / "models" / "vals.py").write_text(
        "import matplotlib\nfrom rekenboek.report import page\n", encoding="utf-8")
    (kopie / "rekenboek" / "build" / "vals.py").write_text("from rekenboek.models import vals\n", encoding="utf-8")
    exe = Path(sys.executable).with_name("lint-imports")
    res = subprocess.run([str(exe), "--config", str(kopie / "pyproject.toml"), "--no-cache"], cwd=kopie,
                         env={**os.environ, "PYTHONPATH": str(kopie)}, capture_output=True, text=True, timeout=300)
    assert res.returncode != 0
    assert "rekenboek.models.vals -> rekenboek.report.page" in res.stdout
    assert "rekenboek.models.vals -> matplotlib" in res.stdout
    assert "rekenboek.build.vals -> rekenboek.models.vals" in res.stdout


@pytest.mark.parametrize("pad", MODULES, ids=_ids(MODULES))
def test_module_hoogstens_600_regels(pad: Path):
    regels = len(pad.read_text(encoding="utf-8").splitlines())
    assert regels <= MAX_REGELS, f"{pad.relative_to(ROOT)}: {regels} regels (max {MAX_REGELS}); splits de module"


@pytest.mark.parametrize("pad", MODULES, ids=_ids(MODULES))
def test_geen_importlib_trucs(pad: Path):
    """Imports are static and visible to the import contract: no ``importlib.import_module`` or ``__import__``."""
    boom = ast.parse(pad.read_text(encoding="utf-8"), filename=str(pad))
    fouten = []
    for node in ast.walk(boom):
        if isinstance(node, ast.Attribute) and node.attr == "import_module":
            fouten.append(f"regel {node.lineno}: .import_module")
        elif isinstance(node, ast.ImportFrom) and node.module == "importlib" \
                and any(a.name == "import_module" for a in node.names):
            fouten.append(f"regel {node.lineno}: from importlib import import_module")
        elif isinstance(node, ast.Name) and node.id == "__import__":
            fouten.append(f"regel {node.lineno}: __import__")
    assert not fouten, f"{pad.relative_to(ROOT)}: " + "; ".join(fouten)


def prive_imports(tekst: str, module: str, is_pakket: bool = False) -> list[str]:
    """Private (underscore) names that ``module`` (source ``tekst``) takes from another rekenboek module:
    imported by name (``from rekenboek.x import _y``) or reached through an imported module (``x._y``)."""
    boom = ast.parse(tekst)
    modules: set[str] = set()   # local names bound to rekenboek modules
    fouten = []
    for node in ast.walk(boom):
        if isinstance(node, ast.ImportFrom):
            bron = _absoluut(node, module, is_pakket)
            if bron.split(".")[0] != "rekenboek":
                continue
            for a in node.names:
                if _prive(a.name) and bron != module:
                    fouten.append(f"regel {node.lineno}: from {bron} import {a.name}")
                if _is_rekenboek_module(f"{bron}.{a.name}"):
                    modules.add(a.asname or a.name)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "rekenboek":
                    if any(_prive(d) for d in a.name.split(".")):
                        fouten.append(f"regel {node.lineno}: import {a.name}")
                    modules.add(a.asname or "rekenboek")
    for node in ast.walk(boom):
        if isinstance(node, ast.Attribute) and _prive(node.attr):
            basis, keten = node.value, []
            while isinstance(basis, ast.Attribute):
                keten.append(basis.attr)
                basis = basis.value
            if isinstance(basis, ast.Name) and basis.id in modules:
                fouten.append(f"regel {node.lineno}: {'.'.join([basis.id, *reversed(keten), node.attr])}")
    return sorted(fouten, key=lambda f: int(f.split()[1].rstrip(":")))


@pytest.mark.parametrize("pad", MODULES, ids=_ids(MODULES))
def test_geen_private_namen_uit_andere_modules(pad: Path):
    """A name with a leading underscore is private to its module; what another module needs is public."""
    fouten = prive_imports(pad.read_text(encoding="utf-8"), _naam(pad), pad.name == "__init__.py")
    assert not fouten, f"{pad.relative_to(ROOT)}: " + "; ".join(fouten)


def test_prive_imports_worden_gevonden():
    """The private-name check can fail: both ways of reaching into another module are found, relative
    imports are resolved, and a module may use its own private names."""
    bron = ("from rekenboek.report.display import _nl\n"
            "from rekenboek.models import kostenverdeling as kv\n"
            "import rekenboek.numbers\n"
            "from ..charts import _nl_as\n"
            "from rekenboek.report.pages.voorbeeld import _eigen\n"
            "x = kv._tijdelijk_jaar()\n"
            "y = rekenboek.numbers._intern\n"
            "z = kv.__name__, kv.model, _eigen\n")
    assert prive_imports(bron, "rekenboek.report.pages.voorbeeld") == [
        "regel 1: from rekenboek.report.display import _nl",
        "regel 4: from rekenboek.report.charts import _nl_as",
        "regel 6: kv._tijdelijk_jaar",
        "regel 7: rekenboek.numbers._intern",
    ]
