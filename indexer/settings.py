"""Where things live and which model is used, from arguments or environment variables.

POLICY_ALIGN_MODEL    sentence-transformers model name or local path (default: multilingual-e5-small)
POLICY_ALIGN_BACKEND  "onnx-int8" (int8 ONNX), "torch" (the plain fp32 sentence-transformers path) or "torch-bf16"
                      (that model in bfloat16: fast only where the CPU has bf16 instructions); without
                      it, the backend `policy-align model build` timed fastest on this machine
                      (CACHE/backend.json, indexer/model/backend_choice.py), else "onnx-int8"
POLICY_ALIGN_CACHE    folder for converted models and default indexes (default: ~/.cache/policy-align)
POLICY_ALIGN_CORPUS   the corpus folder (frameworks, notes, sample plans); default: the one installed with
                      the package (the repository's corpus/ in an editable install, package data in a wheel)
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

DEFAULT_MODEL = "intfloat/multilingual-e5-small"
BACKENDS = ("onnx-int8", "torch", "torch-bf16")  # the first is the default


def model_name(explicit: str | None = None) -> str:
    return explicit or os.environ.get("POLICY_ALIGN_MODEL") or DEFAULT_MODEL


BACKEND_CHOICE_FILE = "backend.json"  # in cache_root(): written by `policy-align model build`


def backend_name(explicit: str | None = None) -> str:
    return backend_source(explicit)[0]


def backend_source(explicit: str | None = None) -> tuple[str, str]:
    """-> (backend, where it came from): the argument, POLICY_ALIGN_BACKEND, the choice `model build`
    recorded on this machine (when that file is valid and names a known backend), else the default."""
    if explicit:
        name, source = explicit, "argument"
    elif env := os.environ.get("POLICY_ALIGN_BACKEND"):
        name, source = env, "POLICY_ALIGN_BACKEND"
    elif recorded := recorded_backend():
        name, source = recorded, "timed by model build"
    else:
        name, source = BACKENDS[0], "default"
    if name not in BACKENDS:
        raise ValueError(f"unknown embedding backend {name!r}; choose one of {', '.join(BACKENDS)}")
    return name, source


def recorded_backend() -> str | None:
    """The backend recorded in CACHE/backend.json, or None when the file is missing, unreadable or
    names no known backend (a bad file is ignored, never an error)."""
    try:
        data = json.loads((cache_root() / BACKEND_CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = data.get("backend") if isinstance(data, dict) else None
    return name if name in BACKENDS else None


def cache_root() -> Path:
    if env := os.environ.get("POLICY_ALIGN_CACHE"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policy-align"


# The top-level corpus/ folder is installed as this package (pyproject.toml: package-dir).
CORPUS_PACKAGE = "policy_align_corpus"


def corpus_root() -> Path:
    """The corpus folder: POLICY_ALIGN_CORPUS, else the installed `policy_align_corpus` package
    (a wheel's package data, or the repository's corpus/ in an editable install), else the
    corpus/ next to this package (a source checkout used without installing)."""
    if env := os.environ.get("POLICY_ALIGN_CORPUS"):
        return Path(env).expanduser()
    try:
        # A wheel is unpacked on disk and an editable install maps to the folder, so this is a real path.
        return Path(str(resources.files(CORPUS_PACKAGE)))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[1] / "corpus"
