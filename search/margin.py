"""Margin-based scoring of cross-lingual similarity (Artetxe & Schwenk 2019), as in
LASER, vecalign and bertalign: a pair is judged against each side's nearest neighbours,
which removes the hubness that makes raw cosine prefer "generic" sentences."""

from __future__ import annotations

import numpy as np


def knn_mean(similarity: np.ndarray, k: int) -> np.ndarray:
    """(n, m) similarities -> (n,) mean of each row's k largest values."""
    k = max(1, min(k, similarity.shape[1]))
    return np.partition(similarity, -k, axis=1)[:, -k:].mean(axis=1)


def margin(similarity: np.ndarray, knn_rows: np.ndarray, knn_cols: np.ndarray) -> np.ndarray:
    """(n, m) cosines, (n,) and (m,) each side's mean kNN cosine -> (n, m) ratio margins:
    cos(x, y) / ((mean kNN cos of x) / 2 + (mean kNN cos of y) / 2)."""
    return similarity / np.maximum(knn_rows[:, None] / 2 + knn_cols[None, :] / 2, 1e-9)


def ratio_margin(src: np.ndarray, tgt: np.ndarray, k: int = 4) -> np.ndarray:
    """src (n, d), tgt (m, d), unit rows -> (n, m) margin scores, each side's neighbours
    taken from the other side."""
    similarity = src @ tgt.T
    return margin(similarity, knn_mean(similarity, k), knn_mean(similarity.T, k))
