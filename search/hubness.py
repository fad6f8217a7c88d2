"""Hubness correction for dense retrieval (CSLS, Conneau et al. 2018; margin, Artetxe &
Schwenk 2019), applied at query time.

Why: in a multilingual index a short or generic chunk sits close to everything (a "hub") and
ranks first for many unrelated queries — the review of issue 15 saw one short Arabic chunk
first for 4 of 30 questions. Each chunk's hub level is how close it is to its k nearest
chunks; a query's cosine to a chunk is judged against that level.

Shapes: vectors (n, d) unit rows; scores (n,) one query's cosines; hub (n,) float32.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from search.margin import knn_mean

HUB_NEIGHBOURS = 10  # more than a chunk's translations in a six-language index
REFERENCE_ROWS = 4096  # the neighbours are sought among at most this many chunks (a seeded sample)
BLOCK = 2048
SELF = 0.9999  # a row's similarity to itself (or to an exact duplicate), left out of its neighbours


def hub_levels(vectors: np.ndarray, k: int = HUB_NEIGHBOURS, reference_rows: int = REFERENCE_ROWS) -> np.ndarray:
    """(n, d) -> (n,): each row's mean cosine to its k nearest rows of a reference sample of the
    index (the whole index up to `reference_rows` rows), itself and exact duplicates excluded.
    Cost: n x min(n, reference_rows) inner products (100k chunks: ~0.5 s), once per index."""
    n = len(vectors)
    if n < 2:
        return np.zeros(n, np.float32)
    if n > reference_rows:
        reference = vectors[np.random.default_rng(0).choice(n, reference_rows, replace=False)]
    else:
        reference = vectors
    out = np.empty(n, np.float32)
    for start in range(0, n, BLOCK):
        sims = vectors[start : start + BLOCK] @ reference.T
        sims[sims >= SELF] = -1.0
        out[start : start + BLOCK] = knn_mean(sims, k)
    return out


def stored_hub_levels(vectors: np.ndarray, path: Path) -> np.ndarray:
    """hub_levels(vectors), read from `path` when a file of the right shape is there, else
    computed and written there (a read-only cache only costs the next process the computation)."""
    try:
        hub = np.load(path, allow_pickle=False)
        if hub.shape == (len(vectors),):
            return hub
    except (OSError, ValueError):
        pass
    hub = hub_levels(vectors)
    try:
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, hub, allow_pickle=False)
        tmp.replace(path)
    except OSError:
        pass
    return hub


def corrected(scores: np.ndarray, hub: np.ndarray, method: str, k: int = HUB_NEIGHBOURS) -> np.ndarray:
    """One query's cosines (n,) -> the scores it is ranked by.

    "none": the cosines; "csls": 2 cos - hub (the query's own neighbourhood term is the same
    for every chunk, so it is left out); "margin": cos / ((mean of the query's k best cosines
    + hub) / 2), the ratio margin."""
    if method == "none":
        return scores
    if method == "csls":
        return 2 * scores - hub
    if method == "margin":
        top = np.partition(scores, -min(k, len(scores)))[-min(k, len(scores)) :].mean() if len(scores) else 0.0
        return scores / np.maximum((top + hub) / 2, 1e-6)
    raise ValueError(f"unknown hubness correction {method!r}; choose none, csls or margin")
