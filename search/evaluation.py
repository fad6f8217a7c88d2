"""Evaluation helpers shared by the scripts in eval/ and by the tests (as in
sentence-transformers' `evaluation`): the Tatoeba bitext reader and the synthetic
two-version documents that score `compare`.
"""

from __future__ import annotations

import random
from pathlib import Path


def tatoeba_pairs(folder: Path, lang: str) -> tuple[list[str], list[str]]:
    """Tatoeba files in `folder` (tatoeba.<lang>-eng.<lang> and .eng) -> (non-English
    sentences, English sentences); line i of one translates line i of the other."""
    src = (folder / f"tatoeba.{lang}-eng.{lang}").read_text(encoding="utf-8").splitlines()
    eng = (folder / f"tatoeba.{lang}-eng.eng").read_text(encoding="utf-8").splitlines()
    if len(src) != len(eng):
        raise ValueError(f"tatoeba {lang}: {len(src)} vs {len(eng)} lines")
    return src, eng


def make_versions(a: list[str], b: list[str], drops: int, merges: int, seed: int = 0):
    """Two parallel lists of paragraphs -> two "versions" with `drops` paragraphs missing
    from one side or the other and `merges` neighbours joined in A:
    (texts_a, texts_b, units_a, units_b, truth), units listing the original paragraph ids
    of each text, truth the true links as (frozenset of ids in an A-unit, in a B-unit)."""
    rng = random.Random(seed)
    n = len(a)
    dropped_a = set(rng.sample(range(n), drops // 2))
    dropped_b = set(rng.sample(sorted(set(range(n)) - dropped_a), drops - drops // 2))
    units_a: list[list[int]] = [[i] for i in range(n) if i not in dropped_a]
    for _ in range(merges):  # merge a unit with its successor in A (2–1 links)
        k = rng.randrange(len(units_a) - 1)
        units_a[k : k + 2] = [units_a[k] + units_a[k + 1]]
    units_b = [[i] for i in range(n) if i not in dropped_b]
    truth = set()
    for ua in units_a:
        ids = frozenset(i for i in ua if i not in dropped_b)
        if ids:
            truth.add((frozenset(ua), ids))
    return (
        [" ".join(a[i] for i in u) for u in units_a],
        [" ".join(b[i] for i in u) for u in units_b],
        units_a,
        units_b,
        truth,
    )


def recovered(links, units_a, units_b, truth) -> float:
    """Share of the true links (make_versions) among compare's links."""
    found = set()
    for link in links:
        if link.a and link.b:
            ids_a = frozenset(i for k in link.a for i in units_a[k])
            ids_b = frozenset(i for k in link.b for i in units_b[k])
            found.add((ids_a, ids_b))
    return len(found & truth) / len(truth)
