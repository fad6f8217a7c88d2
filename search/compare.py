"""Align two versions of one document paragraph by paragraph (as bertalign / vecalign do).

Paragraph vectors are compared with ratio-margin scores (search/margin.py) and a monotone
dynamic program picks the best path of 1–1, 1–2, 2–1 links and skipped paragraphs (a
paragraph present in one version only). A link is worth its margin minus 1 (ratio margin
is about 1 for unrelated text), so weak links lose to skipping.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MERGE_PENALTY = 0.02  # prefer 1–1 when a merge is no better
_MOVES = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))


@dataclass(frozen=True)
class Link:
    a: tuple[int, ...]  # paragraph indices in version A (empty: present in B only)
    b: tuple[int, ...]
    score: float  # margin score of the link (0 for a skipped paragraph)


def align_vectors(a1: np.ndarray, b1: np.ndarray, a2: np.ndarray, b2: np.ndarray, k: int = 4) -> list[Link]:
    """a1 (n, d), b1 (m, d): paragraph vectors; a2 (n-1, d), b2 (m-1, d): vectors of each two
    consecutive paragraphs joined. All rows unit length. -> links in document order."""
    from search.margin import knn_mean, margin

    n, m = len(a1), len(b1)
    if n == 0 or m == 0:
        return [Link((i,), (), 0.0) for i in range(n)] + [Link((), (j,), 0.0) for j in range(m)]
    ka, kb = knn_mean(a1 @ b1.T, k), knn_mean(b1 @ a1.T, k)
    s11 = margin(a1 @ b1.T, ka, kb)
    s21 = margin(a2 @ b1.T, (ka[:-1] + ka[1:]) / 2, kb) if n > 1 else np.zeros((0, m))
    s12 = margin(a1 @ b2.T, ka, (kb[:-1] + kb[1:]) / 2) if m > 1 else np.zeros((n, 0))
    best = np.full((n + 1, m + 1), -np.inf)
    best[0, 0] = 0.0
    back = np.zeros((n + 1, m + 1, 2), dtype=np.int8)
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            for di, dj in _MOVES:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or best[pi, pj] == -np.inf:
                    continue
                if di and dj:
                    if (di, dj) == (1, 1):
                        gain = s11[pi, pj] - 1.0
                    elif (di, dj) == (2, 1):
                        gain = s21[pi, pj] - 1.0 - MERGE_PENALTY
                    else:
                        gain = s12[pi, pj] - 1.0 - MERGE_PENALTY
                else:
                    gain = 0.0
                if best[pi, pj] + gain > best[i, j]:
                    best[i, j] = best[pi, pj] + gain
                    back[i, j] = (di, dj)
    links: list[Link] = []
    i, j = n, m
    while i or j:
        di, dj = (int(x) for x in back[i, j])
        a, b = tuple(range(i - di, i)), tuple(range(j - dj, j))
        score = 0.0
        if di and dj:
            score = float({(1, 1): s11, (2, 1): s21, (1, 2): s12}[(di, dj)][i - di, j - dj])
        links.append(Link(a, b, round(score, 4)))
        i, j = i - di, j - dj
    return links[::-1]


def align_texts(texts_a: list[str], texts_b: list[str], embedder) -> list[Link]:
    """Embed paragraphs (and joined neighbours) of both versions and align them."""

    def vectors(texts):
        joined = [texts[i] + "\n" + texts[i + 1] for i in range(len(texts) - 1)]
        out = embedder.encode(texts + joined, "query")  # symmetric task: "query: " on both sides
        return out[: len(texts)], out[len(texts) :]

    a1, a2 = vectors(texts_a)
    b1, b2 = vectors(texts_b)
    return align_vectors(a1, b1, a2, b2)
