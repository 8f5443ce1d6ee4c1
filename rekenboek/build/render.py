"""Rendering the book with Sphinx: on every core, and incrementally.

Sphinx keeps its state between builds under ``_build/rekenboek/sphinx/`` (outside the published
book): a stable source directory (``bron/``), its environment and doctrees (``doctrees/``) and its
HTML (``html/``). A build writes the book's sources into ``bron/`` but touches only the files whose
bytes changed, so Sphinx reads and writes again only those pages (and the ones that depend on
them); ``sphinx-build -j auto`` spreads the rest over the cores. ``conf.py`` is generated from
``_config.yml`` by ``jupyter-book config sphinx`` (jupyter-book 1.x has no option for parallel
builds), with the same extensions and options ``jupyter-book build`` would use.

Warnings are errors (``-W -n --keep-going``). Because Sphinx reports a warning only when it reads
or writes the page, a render that failed or was interrupted clears the whole state, so the next
render reads everything again and cannot publish a page whose warning it no longer sees.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from rekenboek.paths import build_dir

__all__ = ["METING", "RENDER_BESTANDEN", "render", "sphinx_dir", "synchroniseer", "wis_staat"]

RENDER_BESTANDEN = ("conf.py",)
METING: dict[str, float] = {}    # seconds of the last render in this process ("render"), for the build summary
_SCHOON = ".rekenboek-schoon"      # present only after a render that passed; absent = state not trusted


# Two extensions loaded by jupyter-book declare nothing about parallel reading, so Sphinx warns (an error
# with -W) and reads serially. sphinx_multitoc_numbering only replaces TocTreeCollector.assign_section_numbers,
# which Sphinx runs in the main process after reading; sphinx_jupyterbook_latex's transforms act only for
# the LaTeX builder. Reading them in parallel is safe.
PARALLEL_VEILIG = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")
CONF_AANVULLING = f"""

# Added by rekenboek.build.render: allow `sphinx-build -j` (see that module).
# The table of contents is in every page's navigation: when it changes, every page is written again.
rekenboek_toc = "{{toc}}"
# The book's own Sphinx extensions (book/_ext): when their code changes, every page is read again.
rekenboek_ext = "{{ext}}"


def setup(app):
    app.add_config_value("rekenboek_toc", "", "html")
    app.add_config_value("rekenboek_ext", "", "env")
    for naam in {PARALLEL_VEILIG!r}:
        ext = app.extensions.get(naam)
        if ext is not None:
            ext.parallel_read_safe = True
            ext.parallel_write_safe = True
"""


def sphinx_dir() -> Path:
    return build_dir() / "rekenboek" / "sphinx"


def wis_staat() -> None:
    """Forget Sphinx's state (the next render reads every page)."""
    shutil.rmtree(sphinx_dir(), ignore_errors=True)


def _schrijf_als_anders(doel: Path, inhoud: bytes) -> bool:
    """Write ``inhoud`` to ``doel`` only when it differs (an unchanged file keeps its mtime)."""
    try:
        if doel.read_bytes() == inhoud:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    doel.parent.mkdir(parents=True, exist_ok=True)
    tmp = doel.with_name(f".{doel.name}.{os.getpid()}.tmp")
    tmp.write_bytes(inhoud)
    os.replace(tmp, doel)
    return True


def synchroniseer(staging: Path, bron: Path) -> list[Path]:
    """Make ``bron`` equal to ``staging``: copy changed files, remove files that are gone; return the
    changed paths (relative)."""
    gewijzigd = []
    nieuw = {p.relative_to(staging) for p in staging.rglob("*") if p.is_file()}
    for rel in sorted(nieuw):
        if _schrijf_als_anders(bron / rel, (staging / rel).read_bytes()):
            gewijzigd.append(rel)
    if bron.exists():
        for p in sorted(bron.rglob("*"), reverse=True):
            rel = p.relative_to(bron)
            if p.is_file() and rel not in nieuw and rel.name not in RENDER_BESTANDEN:
                p.unlink()
                gewijzigd.append(rel)
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
    return gewijzigd


def _ext_hash(bron: Path) -> str:
    """A hash over the book's own Sphinx extensions (``book/_ext/*.py``) as copied into the sources."""
    h = hashlib.sha256()
    for pad in sorted((bron / "book" / "_ext").glob("*.py")):
        h.update(pad.name.encode() + b"\0" + pad.read_bytes())
    return h.hexdigest()


def _lokale_extensies(config: Path) -> str:
    """The ``sys.path`` lines for ``sphinx.local_extensions`` of ``_config.yml``: ``jupyter-book build`` adds
    those directories at run time, but ``jupyter-book config sphinx`` leaves them out of ``conf.py``."""
    lokaal = (yaml.safe_load(config.read_text(encoding="utf-8")).get("sphinx") or {}).get("local_extensions") or {}
    mappen = sorted({str(m) for m in lokaal.values()})
    if not mappen:
        return ""
    return ("# Added by rekenboek.build.render: the directories of sphinx.local_extensions (relative to this file).\n"
            "import os as _os, sys as _sys\n"
            f"_sys.path[:0] = [_os.path.join(_os.path.dirname(_os.path.abspath(__file__)), _m) for _m in {mappen!r}]\n\n")


def _conf(bron: Path) -> tuple[bool, str]:
    """Generate ``conf.py`` from ``_config.yml`` (only written when it changed)."""
    exe = Path(sys.executable).with_name("jupyter-book")
    tmp = bron.parent / f"conf-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for naam in ("_config.yml", "_toc.yml"):
            shutil.copy2(bron / naam, tmp / naam)
        proc = subprocess.run([str(exe), "config", "sphinx", str(tmp)], capture_output=True, text=True)
        if proc.returncode != 0 or not (tmp / "conf.py").exists():
            return False, (proc.stdout + proc.stderr).strip()
        toc = hashlib.sha256((bron / "_toc.yml").read_bytes()).hexdigest()
        _schrijf_als_anders(bron / "conf.py", _lokale_extensies(bron / "_config.yml").encode() + (tmp / "conf.py").read_bytes()
                            + CONF_AANVULLING.replace("{toc}", toc).replace("{ext}", _ext_hash(bron)).encode())
        return True, ""
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _sphinx(bron: Path, doctrees: Path, html: Path, jobs: str) -> tuple[int, str]:
    """``sphinx-build`` in its own process group, so an interruption stops its parallel workers too."""
    exe = Path(sys.executable).with_name("sphinx-build")
    cmd = [str(exe), "-b", "html", "-j", jobs, "-W", "-n", "--keep-going", "-q",
           "-d", str(doctrees), str(bron), str(html)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        uit, _ = proc.communicate()
    except BaseException:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        raise
    return proc.returncode, uit


def render(staging: Path, jobs: int | None = None) -> tuple[bool, str, Path, int]:
    """Render the sources in ``staging`` incrementally; (ok, log, html directory, pages changed)."""
    start = time.monotonic()
    try:
        return _render(staging, jobs)
    finally:
        METING["render"] = time.monotonic() - start


def _render(staging: Path, jobs: int | None) -> tuple[bool, str, Path, int]:
    staat = sphinx_dir()
    bron, doctrees, html = staat / "bron", staat / "doctrees", staat / "html"
    toc = hashlib.sha256((staging / "_toc.yml").read_bytes()).hexdigest()
    if not (staat / _SCHOON).exists() or (staat / _SCHOON).read_text(encoding="utf-8").strip() != toc:
        # never rendered, the last render failed or was interrupted, or the set of pages changed: Sphinx
        # would keep the HTML of a page that left the book, so start afresh
        wis_staat()
    staat.mkdir(parents=True, exist_ok=True)
    (staat / _SCHOON).unlink(missing_ok=True)
    gewijzigd = synchroniseer(staging, bron)
    ok, log = _conf(bron)
    if not ok:
        return False, log, html, len(gewijzigd)
    jobs = jobs or os.environ.get("REKENBOEK_SPHINX_JOBS") or "auto"     # (the benchmark's naive build: 1)
    code, log = _sphinx(bron, doctrees, html, str(jobs))
    if code != 0 or not (html / "index.html").exists():
        wis_staat()
        return False, log.strip(), html, len(gewijzigd)
    (staat / _SCHOON).write_text(toc + "\n", encoding="utf-8")
    return True, log.strip(), html, len(gewijzigd)
