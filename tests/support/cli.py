"""`policy-align` run as a user runs it: `python -m app ARGS` from the repository root, its
output captured as text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def policy_align(*args: str, env=None, stdin: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=timeout,
    )


def succeeded(out: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    """`out`, once it is known to have exited 0 without a traceback (its stderr otherwise)."""
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    return out


def aligned_statements(plan: Path, folder: Path, framework: str = "cairo") -> list[dict]:
    """`policy-align align PLAN --framework F --out folder/report.json` -> the report's statements."""
    out = folder / "report.json"
    run = policy_align("align", str(plan), "--framework", framework, "--out", str(out))
    assert run.returncode == 0, run.stderr
    return json.loads(out.read_text(encoding="utf-8"))["statements"]
