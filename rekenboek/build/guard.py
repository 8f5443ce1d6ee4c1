"""What keeps a build safe from its surroundings: one build at a time, interruptions, I/O errors.

- :func:`bouwslot`: an exclusive ``flock`` on ``_build/rekenboek/bouw.lock`` holding the pid of the
  build; a second build in the same build directory refuses at once with that pid (exit 1). The
  lock dies with its process, so a killed build never blocks the next one.
- :func:`onderbreekbaar`: SIGINT and SIGTERM raise :class:`Onderbroken` in the build, so every
  ``finally`` runs (kernels killed, Sphinx's process group killed, staging removed) and the build
  exits 130 or 143 with one Dutch line instead of a traceback.
- :func:`schrijffout`: an ``OSError`` (disk full, read-only, a file where a directory belongs) as a
  Dutch sentence naming the path.
"""
from __future__ import annotations

import errno
import fcntl
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from rekenboek.paths import build_dir

__all__ = ["Onderbroken", "bouwslot", "onderbreekbaar", "schrijffout", "slot_pad"]


class Onderbroken(BaseException):
    """The build received SIGINT or SIGTERM (a BaseException: no ``except Exception`` swallows it)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.naam = signal.Signals(signum).name


def slot_pad() -> Path:
    return build_dir() / "rekenboek" / "bouw.lock"


class AlBezig(Exception):
    """Another build holds the lock of this build directory."""


@contextmanager
def bouwslot():
    """Hold the build lock for the duration of the block; exit 1 with a clear message when taken."""
    pad = slot_pad()
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(pad, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode(errors="replace").strip() or "onbekend"
            print(f"Er loopt al een bouw in {build_dir()} (pid {pid}, slot {pad}); deze bouw begint niet. "
                  "Wacht tot die klaar is, of stop hem.", file=sys.stderr)
            raise SystemExit(1) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)      # releases the lock; the file stays (removing it would race with a waiting build)


@contextmanager
def onderbreekbaar():
    """Turn SIGINT and SIGTERM into :class:`Onderbroken` for the block (an ignored SIGINT stays ignored)."""
    def stop(signum, _frame):
        raise Onderbroken(signum)

    oud = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(sig) is signal.SIG_IGN:
            continue
        oud[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in oud.items():
            signal.signal(sig, handler)


_REDENEN = {
    errno.ENOSPC: "de schijf is vol",
    errno.EFBIG: "het bestand wordt te groot (schijf of quotum vol)",
    errno.EDQUOT: "het schijfquotum is op",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.EACCES: "geen schrijf- of leesrechten",
    errno.EPERM: "niet toegestaan",
    errno.EEXIST: "er staat al een bestand met die naam (een map was verwacht)",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
    errno.EISDIR: "dit is een map, geen bestand",
    errno.ENOENT: "bestand of map ontbreekt",
}


def schrijffout(exc: OSError) -> str:
    """An ``OSError`` as a Dutch sentence naming the path."""
    reden = _REDENEN.get(exc.errno or -1, exc.strerror or type(exc).__name__)
    pad = exc.filename if exc.filename is not None else "?"
    return f"{pad}: {reden} (errno {exc.errno})"
