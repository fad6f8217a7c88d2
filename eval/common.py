"""Helpers shared by the eval scripts: where ../shared is, and the Tatoeba files."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TATOEBA_LANGS = ("cmn", "ara", "fra", "spa", "rus")
# MTEB "Tatoeba" bitext mining F1 x100 for intfloat/multilingual-e5-small (shared/README.md).
E5_SMALL_ANCHORS = {"cmn": 90.2, "ara": 76.8, "fra": 91.2, "spa": 94.0, "rus": 89.9}


def shared_dir() -> Path:
    return Path(os.environ.get("POLICY_ALIGN_SHARED", ROOT.parent / "shared"))


def tatoeba_pairs(lang: str) -> tuple[list[str], list[str]]:
    """(non-English sentences, English sentences) from ../shared's Tatoeba files."""
    from search.evaluation import tatoeba_pairs as read_pairs

    return read_pairs(shared_dir() / "data" / "tatoeba", lang)


def git_commit(tree: Path = ROOT) -> str:
    """The short commit of a checkout, "+uncommitted" when its tracked files differ."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=tree, capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=tree, capture_output=True, text=True
        ).stdout
        return out.stdout.strip() + ("+uncommitted" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def timed_cli(args: list[str], tree: Path, env: dict[str, str]) -> float:
    """Seconds a new `policy-align` process (python -m app, in checkout `tree`) takes to run
    `args`; stops the benchmark with the command's error when it fails."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "app", *args], cwd=tree, env=env, capture_output=True, timeout=3600)
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{tree}: {' '.join(args)} failed ({out.returncode}): {out.stderr.decode()[-2000:]}")
    return seconds
