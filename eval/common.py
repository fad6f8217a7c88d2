"""Helpers shared by the eval scripts: where ../shared is, and the Tatoeba files."""

from __future__ import annotations

import os
import subprocess
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


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout
        return out.stdout.strip() + ("+uncommitted" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
