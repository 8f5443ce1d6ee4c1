"""Writing a register file atomically: the previous file stays until the new one is complete."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd


def schrijf_csv(tabel: pd.DataFrame, pad: Path) -> Path:
    """Write ``tabel`` as UTF-8 CSV to ``pad`` through a temporary file in the same directory and a rename."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=pad.parent, prefix=f".{pad.stem}-", suffix=pad.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            tabel.to_csv(fh, index=False, lineterminator="\n")
        os.replace(tmp, pad)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return pad
