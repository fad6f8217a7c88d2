"""JSON Lines data files (notes, clusters, labelled statements, reviews), read line by line:
they are written by hand, so a bad row is named by its file and line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# what a row builder raises on a missing key, a wrong type or a value it refuses
ROW_ERRORS = (ValueError, KeyError, TypeError, AttributeError)


def read_jsonl(path: Path, build: Callable[[dict], T], error: type[Exception], what: str) -> list[T]:
    """`build(row)` of each non-blank line of `path`, in file order. An unreadable file, a line
    that is not JSON, or a row `build` refuses raises `error("<path>:<line>: not <what> (…)")`."""
    try:
        # lines end at "\n" only: JSON keeps U+2028, U+0085 … raw inside a string, where
        # str.splitlines() would cut the row in two
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read it ({exc})") from exc
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append(build(json.loads(line)))
        except (*ROW_ERRORS, error) as exc:  # `error` itself: a builder may refuse a row in the caller's terms
            raise error(f"{path}:{n}: not {what} ({exc})") from exc
    return out


def as_dict(row: dict) -> dict:
    """The row as it is, refused when it is not a JSON object."""
    if not isinstance(row, dict):
        raise TypeError(f"a JSON {type(row).__name__}, not an object")
    return row
