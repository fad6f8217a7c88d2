"""Margin-based scoring of cross-lingual similarity (Artetxe & Schwenk 2019), as in
LASER, vecalign and bertalign: a pair is judged against each side's nearest neighbours,
which removes the hubness that makes raw cosine prefer "generic" sentences."""

from __future__ import annotations

import numpy as np


def knn_mean(similarity: np.ndarray, k: int) -> np.ndarray:
    """(n, m) similarities -> (n,) mean of each row's k largest values."""
    k = max(1, min(k, similarity.shape[1]))
    return np.partition(similarity, -k, axis=1)[:, -k:].mean(axis=1)


def ratio_margin(src: np.ndarray, tgt: np.ndarray, k: int = 4) -> np.ndarray:
    """src (n, d), tgt (m, d), unit rows -> (n, m) margin scores:
    cos(x, y) / ((mean kNN cos of x) / 2 + (mean kNN cos of y) / 2)."""
    similarity = src @ tgt.T
    denominator = knn_mean(similarity, k)[:, None] / 2 + knn_mean(similarity.T, k)[None, :] / 2
    return similarity / np.maximum(denominator, 1e-9)
