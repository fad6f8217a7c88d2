"""The team's labelled statements, which the calibrations are fitted on (search/fit.py) and
evaluated with (eval/match_eval.py): `corpus/training/*.jsonl`, shipped with the package so
that `policy-align calibrate` can refit with a reviewer's decisions added.

A row: {"id", "lang", "text", "<framework id>": [item numbers it supports], …, "primary": n}.
A row is labelled for a framework when it lists items of it, or when every list it has is
empty (it supports nothing: off topic, boilerplate); a row with an empty list for one
framework and items of another says nothing about the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.frameworks.model import FrameworkError
from indexer.jsonl import as_dict, read_jsonl
from indexer.settings import corpus_root


@dataclass(frozen=True)
class Labelled:
    id: str
    lang: str
    text: str
    supported: frozenset[str]  # item ids, e.g. {"nua:31", "nua:106"}; empty: supports nothing
    primary: str = ""  # the single best item, when the row names one
    source: str = ""  # file stem
    category: str = ""  # what kind of statement, when the row says (boilerplate: legal-basis, glossary, …)

    @property
    def off_topic(self) -> bool:
        return not self.supported


def training_root() -> Path:
    return corpus_root() / "training"


def read_rows(path: Path) -> list[dict]:
    return read_jsonl(path, as_dict, FrameworkError, "a labelled statement")


def labelled_for(rows: list[dict], framework: str, source: str = "") -> list[Labelled]:
    """The rows labelled for `framework` (see the module's rule), as Labelled."""
    out = []
    for row in rows:
        lists = [v for v in row.values() if isinstance(v, list)]
        if not (row.get(framework) or (lists and not any(lists))):
            continue
        primary = row.get("primary")
        out.append(
            Labelled(
                str(row.get("id", "")),
                row.get("lang", ""),
                row["text"],
                frozenset(f"{framework}:{n}" for n in row.get(framework, [])),
                f"{framework}:{primary}" if primary is not None and row.get(framework) else "",
                source,
                str(row.get("category", "")),
            )
        )
    return out


def load_labelled(framework: str, paths: list[Path] | None = None) -> list[Labelled]:
    """Every labelled statement for `framework` in `paths` (default: corpus/training/*.jsonl)."""
    paths = paths if paths is not None else sorted(training_root().glob("*.jsonl"))
    return [s for path in paths for s in labelled_for(read_rows(path), framework, path.stem)]


def category_folds(categories: np.ndarray, seed: int = 0) -> np.ndarray:
    """(n,) a fold per statement: one per category of boilerplate (the rows that name one),
    the other statements spread at random over as many folds; eval/alignment_eval.py --folds
    category, so a kind of boilerplate is judged by a fit that has seen none of it."""
    kinds = sorted(set(categories) - {""})
    spread = np.random.default_rng(seed).permutation(len(categories)) % max(len(kinds), 1)
    return np.array([kinds.index(c) if c else s for c, s in zip(categories, spread)])
