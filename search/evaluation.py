"""Evaluation helpers shared by the scripts in eval/ and by the tests (as in
sentence-transformers' `evaluation`): the Tatoeba bitext reader and the synthetic
two-version documents that score `compare`.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np


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


def per_statement(scores: np.ndarray, gold: list[set[int]]) -> dict[str, np.ndarray]:
    """scores (n, items) for on-topic statements; gold[i] the relevant item indices ->
    each measure per statement, (n,) arrays."""
    out = {"P@1": [], "MRR": [], "R@3": [], "nDCG@10": [], "hit@5": []}
    for row, rel in zip(scores, gold):
        order = list(np.argsort(-row, kind="stable"))
        ranks = sorted(order.index(g) for g in rel)
        out["P@1"].append(float(order[0] in rel))
        out["MRR"].append(1 / (1 + ranks[0]))
        out["R@3"].append(sum(r < 3 for r in ranks) / len(rel))
        out["hit@5"].append(float(ranks[0] < 5))
        dcg = sum(1 / np.log2(r + 2) for r in ranks if r < 10)
        out["nDCG@10"].append(dcg / sum(1 / np.log2(r + 2) for r in range(min(len(rel), 10))))
    return {k: np.array(v, float) for k, v in out.items()}


def ranking_metrics(scores: np.ndarray, gold: list[set[int]]) -> dict[str, float]:
    """scores (n, items) for on-topic statements; gold[i] the relevant item indices."""
    values = per_statement(scores, gold)
    return {**{k: float(v.mean()) if len(v) else 0.0 for k, v in values.items()}, "n": len(gold)}


def interval(values: np.ndarray, resamples: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95 % bootstrap interval of the mean of per-statement values: how far the figure could
    move with another set of statements of the same kind."""
    means = np.random.default_rng(seed).choice(values, (resamples, len(values))).mean(axis=1)
    return float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def pair_precision_recall(shown: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """shown (n, m) bool (strong or partial), labels (n, m) 0/1 -> precision and recall over
    (statement, item) pairs."""
    hits = float((shown & (labels == 1)).sum())
    return hits / max(int(shown.sum()), 1), hits / max(int((labels == 1).sum()), 1)
