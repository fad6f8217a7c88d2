"""Start `policy-align serve` on a free port of 127.0.0.1 and wait until it listens (the app
tests, eval/load_app.py and eval/faults.py all drive a real server this way)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# `python -c` prefix that serves with the fake embedder (tests/support/fake_cli.py)
FAKE_MODEL = (
    "-c",
    "import sys, app; from tests.support import fake_cli; fake_cli.use_fake(); sys.exit(app.main(sys.argv[1:]))",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, proc: subprocess.Popen, seconds: int = 300) -> None:
    """Until the app `proc` accepts connections on 127.0.0.1:`port`; RuntimeError if it
    exits or does not listen within `seconds`."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("the app exited before listening") from None
            time.sleep(1)
    raise RuntimeError(f"the app did not listen on port {port} within {seconds} s")


def start_app(
    index: Path,
    *extra: str,
    port: int | None = None,
    env: dict | None = None,
    fake_model: bool = False,
    output=subprocess.DEVNULL,
    wait: int = 240,
) -> tuple[subprocess.Popen, str]:
    """`policy-align serve --index INDEX EXTRA…` -> (the process, its URL), once it listens."""
    port = port or free_port()
    entry = FAKE_MODEL if fake_model else ("-m", "app")
    proc = subprocess.Popen(
        [sys.executable, *entry, "serve", "--index", str(index), "--port", str(port), "--no-browser", *extra],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if output == subprocess.PIPE else output,
        text=True,
    )
    try:
        wait_for(port, proc, wait)
    except RuntimeError:
        proc.kill()
        raise
    return proc, f"http://127.0.0.1:{port}/"


@contextmanager
def serving(index: Path, *extra: str, **options) -> Iterator[str]:
    """start_app as a context -> its URL; the server stopped (SIGTERM, as a service manager
    does) on leaving. A server that does not start fails the test that asked for it."""
    import pytest

    try:
        proc, url = start_app(index, *extra, **options)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # never leave a server behind the test run
            proc.kill()
            proc.wait()
