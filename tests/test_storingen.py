"""Build-level faults: each ends with the right exit code, one Dutch message naming what failed, no
traceback, no kernel or worker left running, and the previous ``_build/html`` byte-for-byte intact.

One small book (Vaals 2018) is built once per module into a temporary directory; every fault runs
against a copy of that state, and the book's checksum is compared before and after."""
from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from rekenboek.paths import ROOT

pytestmark = pytest.mark.slow

ARGS = ["--gemeente", "SZMH", "--jaar", "2017"]


def _env(tmp: Path, **extra) -> dict:
    return {**os.environ, "REKENBOEK_BUILD": str(tmp / "_build"), "REKENBOEK_GENERATED": str(tmp / "generated"),
            "PYTHONUNBUFFERED": "1", **extra}


def _bouw_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "rekenboek", "build", *ARGS, *args]


def checksum(html: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(html.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(html)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def kinderen_van(pid: int) -> list[int]:
    """Processes whose ancestry includes ``pid`` or that carry its kernels' marker (none must survive)."""
    uit = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
        except OSError:
            continue
        ppid = next((int(r.split()[1]) for r in status.splitlines() if r.startswith("PPid:")), 0)
        if ppid == pid:
            uit.append(int(d.name))
    return uit


def kernels_van(tmp: Path) -> list[int]:
    """Running kernels started for this test's build (their connection files name the build's ipc path)."""
    uit = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                omgeving = (d / "environ").read_bytes()
            except OSError:
                continue
            if f"REKENBOEK_BUILD={tmp / '_build'}".encode() in omgeving and b"ipykernel" in (d / "cmdline").read_bytes():
                uit.append(int(d.name))
    return uit


@pytest.fixture(scope="module")
def basis(tmp_path_factory, bronnen):
    """A built small book (and its generated notebooks) to copy for every fault."""
    tmp = tmp_path_factory.mktemp("storing-basis")
    res = subprocess.run(_bouw_cmd(), cwd=ROOT, env=_env(tmp), capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    return tmp


@pytest.fixture
def boek(basis, tmp_path):
    """A copy of the built book; yields (directory, checksum of _build/html)."""
    for naam in ("_build", "generated"):
        shutil.copytree(basis / naam, tmp_path / naam, symlinks=True)
    return tmp_path, checksum(tmp_path / "_build" / "html")


def _geen_traceback(res=None, out: str = "", err: str = "") -> None:
    if res is not None:
        out, err = res.stdout, res.stderr
    assert "Traceback" not in err and "Traceback" not in out, err[-3000:]


def _intact(tmp: Path, som: str) -> None:
    assert checksum(tmp / "_build" / "html") == som
    assert not kernels_van(tmp), "a kernel of the build is still running"


def _wacht_op(pad_of_test, proc, seconden=300) -> None:
    eind = time.monotonic() + seconden
    while time.monotonic() < eind:
        if pad_of_test():
            return
        if proc.poll() is not None:
            pytest.fail(f"build ended before the fault could be injected: {proc.stdout.read()} {proc.stderr.read()}")
        time.sleep(0.2)
    pytest.fail("the build never reached the phase of the fault")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("fase", ["uitvoeren", "publiceren"])
def test_signaal_tijdens_de_bouw(boek, sig, fase):
    """SIGINT/SIGTERM to the build process (only that process) while pages run or while Sphinx renders:
    exit 128+n, one Dutch line, no kernel or Sphinx process left, the book intact; the next build works."""
    tmp, som = boek
    args = ["--force"] if fase == "uitvoeren" else []
    if fase == "publiceren":     # a changed chapter: nothing to execute, straight to Sphinx
        (tmp / "generated" / "start.ipynb").unlink()
    proc = subprocess.Popen(_bouw_cmd(*args), cwd=ROOT, env=_env(tmp), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    if fase == "uitvoeren":
        _wacht_op(lambda: kernels_van(tmp), proc)
        time.sleep(1.0)
    else:
        _wacht_op(lambda: any((tmp / "_build").glob("staging-*")) and
                  (tmp / "_build" / "rekenboek" / "sphinx" / "bron" / "conf.py").exists(), proc)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + sig, out + err
    assert f"De bouw is onderbroken ({signal.Signals(sig).name})" in err
    _geen_traceback(out=out, err=err)
    _intact(tmp, som)
    assert not kinderen_van(proc.pid)
    assert not list((tmp / "_build").glob("staging-*")) and not list((tmp / "_build").glob("render-*"))
    res = subprocess.run(_bouw_cmd(), cwd=ROOT, env=_env(tmp), capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    assert not kernels_van(tmp)


def test_twee_bouwen_tegelijk(boek):
    """A second build in the same build directory refuses at once and names the pid of the first."""
    tmp, som = boek
    eerste = subprocess.Popen(_bouw_cmd("--force"), cwd=ROOT, env=_env(tmp), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _wacht_op(lambda: (tmp / "_build" / "rekenboek" / "bouw.lock").exists() and kernels_van(tmp), eerste)
        tweede = subprocess.run(_bouw_cmd(), cwd=ROOT, env=_env(tmp), capture_output=True, text=True, timeout=120)
        assert tweede.returncode == 1
        assert f"Er loopt al een bouw in {tmp / '_build'} (pid {eerste.pid}" in tweede.stderr
        _geen_traceback(tweede)
        assert checksum(tmp / "_build" / "html") == som
    finally:
        eerste.send_signal(signal.SIGTERM)
        eerste.communicate(timeout=120)
    _intact(tmp, som)


def _kapotte_templates(tmp: Path, code: str) -> Path:
    kapot = tmp / "notebooks"
    shutil.copytree(ROOT / "notebooks", kapot)
    nb = nbformat.read(kapot / "cijfers.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell(code))
    nbformat.write(nb, kapot / "cijfers.ipynb")
    return kapot


def test_template_dat_faalt(boek):
    tmp, som = boek
    kapot = _kapotte_templates(tmp, 'raise RuntimeError("testfout in template")')
    res = subprocess.run(_bouw_cmd(), cwd=ROOT, env=_env(tmp, REKENBOEK_NOTEBOOKS=str(kapot)),
                         capture_output=True, text=True, timeout=900)
    assert res.returncode == 1
    assert "De bouw is afgebroken" in res.stderr
    assert re.search(r"cijfers SZMH 2017: cel \d+: RuntimeError: testfout in template", res.stderr), res.stderr
    _geen_traceback(res)
    _intact(tmp, som)


def test_hangende_cel_wordt_afgebroken(boek):
    tmp, som = boek
    kapot = _kapotte_templates(tmp, "import time\ntime.sleep(100000)")
    t0 = time.monotonic()
    res = subprocess.run(_bouw_cmd(), cwd=ROOT, env=_env(tmp, REKENBOEK_NOTEBOOKS=str(kapot), REKENBOEK_CEL_TIMEOUT="5"),
                         capture_output=True, text=True, timeout=900)
    assert res.returncode == 1
    assert "cijfers SZMH 2017: een cel liep langer dan 5 s" in res.stderr
    assert time.monotonic() - t0 < 600
    _geen_traceback(res)
    _intact(tmp, som)


def test_bronnen_ontbreken(boek, tmp_path):
    tmp, som = boek
    leeg = tmp_path / "geen-bronnen"
    leeg.mkdir()
    res = subprocess.run(_bouw_cmd(), cwd=ROOT, env=_env(tmp, REKENBOEK_BRONNEN=str(leeg)),
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 2
    assert "data/bronnen.csv" in res.stderr and "zonder de brondocumenten wordt geen boek gebouwd" in res.stderr
    _geen_traceback(res)
    _intact(tmp, som)


def test_schijf_vol(boek):
    """RLIMIT_FSIZE in the build (works as root too): the first large write fails with EFBIG."""
    tmp, som = boek

    def grens():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    res = subprocess.run(_bouw_cmd("--force"), cwd=ROOT, env=_env(tmp), capture_output=True, text=True,
                         timeout=900, preexec_fn=grens)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "het bestand wordt te groot (schijf of quotum vol)" in res.stderr
    _geen_traceback(res)
    _intact(tmp, som)


def test_bestand_waar_een_map_hoort(boek):
    tmp, som = boek
    shutil.rmtree(tmp / "_build" / "rekenboek")
    (tmp / "_build" / "rekenboek").write_text("x")
    res = subprocess.run(_bouw_cmd(), cwd=ROOT, env=_env(tmp), capture_output=True, text=True, timeout=300)
    assert res.returncode == 1
    assert f"{tmp / '_build' / 'rekenboek'}" in res.stderr and "map" in res.stderr
    _geen_traceback(res)
    _intact(tmp, som)


def test_map_met_csv_naam_in_data(boek, tmp_path):
    tmp, som = boek
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "cijfers" / "zz.csv").mkdir()
    res = subprocess.run(_bouw_cmd(), cwd=ROOT, env=_env(tmp, REKENBOEK_DATA=str(data)),
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "data/cijfers/zz.csv" in res.stderr
    _geen_traceback(res)
    _intact(tmp, som)


def _alleen_lezen(pad: Path):
    """A read-only bind mount of ``pad`` (root ignores file permissions); skip when mounting is not allowed."""
    res = subprocess.run(["mount", "--bind", "-o", "ro", str(pad), str(pad)], capture_output=True, text=True)
    if res.returncode != 0:
        if os.geteuid() == 0:
            pytest.skip(f"als root blokkeert chmod geen schrijven, en een alleen-lezen mount mag hier niet: {res.stderr.strip()}")
        os.chmod(pad, 0o555)
        return lambda: os.chmod(pad, 0o755)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(pad)], capture_output=True)
    return lambda: subprocess.run(["umount", str(pad)], check=True)


def test_alleen_lezen_bouwmap(boek):
    tmp, som = boek
    (tmp / "generated" / "start.ipynb").unlink()          # something to do
    herstel = _alleen_lezen(tmp / "_build")
    try:
        res = subprocess.run(_bouw_cmd(), cwd=ROOT, env=_env(tmp), capture_output=True, text=True, timeout=600)
    finally:
        herstel()
    assert res.returncode == 1, res.stdout + res.stderr
    assert "alleen-lezen" in res.stderr or "rechten" in res.stderr
    _geen_traceback(res)
    _intact(tmp, som)


def test_alleen_lezen_datamap(boek, tmp_path):
    """The build only reads data/: a read-only data directory builds normally (the register goes to _build)."""
    tmp, som = boek
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    herstel = _alleen_lezen(data)
    try:
        res = subprocess.run(_bouw_cmd(), cwd=ROOT, env=_env(tmp, REKENBOEK_DATA=str(data)),
                             capture_output=True, text=True, timeout=600)
    finally:
        herstel()
    assert res.returncode == 0, res.stdout + res.stderr
    _geen_traceback(res)
    assert not kernels_van(tmp)
