"""One writer at a time per index folder.

The lock is an OS file lock (`filelock`, flock on Linux) on DIR/.lock: the kernel releases it
when its holder dies, so a killed writer never leaves a lock that blocks the next one. Who holds
it (PID, start time, command) is written to DIR/.writer.json for the "busy" message and removed on
release, so a holder file found on taking the lock names a writer that was killed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from indexer.errors import IndexBusyError

LOCK_FILE = ".lock"
HOLDER_FILE = ".writer.json"
DEFAULT_WAIT_SECONDS = 600.0  # a large add can embed for minutes; a script can pass --wait 0


def holder(root: Path) -> dict | None:
    """{'pid', 'since', 'command'} of the last writer that took the lock, or None."""
    try:
        return json.loads((Path(root) / HOLDER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _describe(info: dict | None) -> str:
    if not info:
        return "another process"
    return f"PID {info.get('pid')} since {info.get('since')} ({info.get('command', '?')})"


@contextmanager
def writer_lock(
    root: Path, wait: float = DEFAULT_WAIT_SECONDS, on_wait: Callable[[str], None] | None = None
) -> Iterator[dict | None]:
    """Hold the index's writer lock for the body -> the stale holder taken over (or None).

    Waits up to `wait` seconds (calling `on_wait` once with who holds it), then raises
    IndexBusyError naming the holder."""
    from filelock import FileLock, Timeout

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if wait <= 0:
            raise IndexBusyError(root, _describe(holder(root))) from None
        if on_wait:
            on_wait(f"index {root} is being written by {_describe(holder(root))}; waiting up to {wait:.0f} s")
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise IndexBusyError(root, _describe(holder(root))) from None
    try:
        stale = holder(root)  # a holder file outlives only a writer that was killed
        info = {
            "pid": os.getpid(),
            "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "command": " ".join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv))[:200],
        }
        (root / HOLDER_FILE).write_text(json.dumps(info), encoding="utf-8")
        yield stale
    finally:
        try:
            (root / HOLDER_FILE).unlink(missing_ok=True)
        finally:
            lock.release()
