"""`python -m tests.support.fake_cli ARGS…`: the real `policy-align` command with the fake
embedder (no model load, so a subprocess starts in a second) and optional faults:

FAULT_KILL_AT=<stage>   SIGKILL this process at that checkpoint of an index write
                        (indexer/index/store.py: start, chunks, vectors, faiss, manifest, renamed,
                        pointer, committed)
FAULT_HOLD=<seconds>    sleep that long at the "start" checkpoint (holding the writer lock)
FAULT_HOLD_UNTIL=<path> wait there (up to 120 s) until that file exists
"""

from __future__ import annotations

import os
import signal
import sys
import time


def _checkpoint(stage: str) -> None:
    if stage == "start" and os.environ.get("FAULT_HOLD"):
        time.sleep(float(os.environ["FAULT_HOLD"]))
    if stage == "start" and os.environ.get("FAULT_HOLD_UNTIL"):
        deadline = time.monotonic() + 120
        while not os.path.exists(os.environ["FAULT_HOLD_UNTIL"]) and time.monotonic() < deadline:
            time.sleep(0.05)
    if os.environ.get("FAULT_KILL_AT") == stage:
        os.kill(os.getpid(), signal.SIGKILL)


def use_fake() -> None:
    """From now on `Embedder(...)` is the fake one and index writes pass the fault checkpoints."""
    import indexer.model
    from indexer.index import store
    from indexer.model.fake import FakeEmbedder

    indexer.model.Embedder = lambda *args, **kwargs: FakeEmbedder()
    store._checkpoint = _checkpoint


def main() -> int:
    from search.cli import main as cli_main

    use_fake()
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
