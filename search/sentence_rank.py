"""A dense hit's score with its best sentence: the dense pool re-ranked by the mean of each
chunk's cosine and its closest sentence's.

Why: a chunk's vector averages its sentences, so a query that says what one of them says (an
officer pasting a line of a declaration to find it in another language, a question about one
measure of a long paragraph) is closer to that sentence than to the whole chunk. Only the
pool's sentences are read: the index stores them for highlights (indexer/index/sentences.py).
The cosines are language-centred when the engine's are (search/centring.py).

Shapes: rows (p,) chunk rows of the pool; cosines (p,) their chunks' cosines; qvec (d,).
"""

from __future__ import annotations

import numpy as np

from indexer.index.sentences import SentenceVectors
from search.centring import CentredIndex
from search.hubness import corrected


def best_sentence_cosines(
    sentences: SentenceVectors, rows: np.ndarray, qvec: np.ndarray, centred: CentredIndex | None
) -> np.ndarray:
    """(p,) each chunk's best sentence cosine to the query; NaN for a chunk with no stored
    sentences (a one-sentence chunk is its own sentence)."""
    starts, ends = sentences.starts[rows], sentences.starts[rows + 1]
    counts = ends - starts
    best = np.full(len(rows), np.nan, np.float32)
    if not counts.sum():
        return best
    owner = np.repeat(np.arange(len(rows)), counts)
    take = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    vectors = np.asarray(sentences.vectors[take], dtype=np.float32)
    if centred is not None:
        vectors, qvec = centred.centre_rows(vectors, rows[owner]), centred.centre_query(qvec)
    np.fmax.at(best, owner, vectors @ qvec)
    return best


def with_best_sentences(
    cosines: np.ndarray, sentences: SentenceVectors, rows: np.ndarray, qvec: np.ndarray, centred: CentredIndex | None
) -> np.ndarray:
    """(p,) the pool's scores: the mean of each chunk's cosine and its best sentence's."""
    best = best_sentence_cosines(sentences, rows, qvec, centred)
    return np.where(np.isnan(best), cosines, (cosines + best) / 2).astype(np.float32)


def reranked(
    order: np.ndarray,
    cosines: np.ndarray,
    sentences: SentenceVectors,
    qvec: np.ndarray,
    centred: CentredIndex | None,
    hub: np.ndarray | None,
    hubness: str,
) -> tuple[np.ndarray, np.ndarray]:
    """The chunk rows `order` (p,) re-ranked by with_best_sentences, judged against the chunks'
    hub levels (`cosines` and `hub` (n,) over the whole index; search/hubness.py; `hub` is
    not read when `hubness` is "none") -> (rows, their scores), best first."""
    mixed = with_best_sentences(cosines[order], sentences, order, qvec, centred)
    if hubness != "none":
        mixed = corrected(mixed, hub[order], hubness)
    ranking = np.argsort(-mixed, kind="stable")
    return order[ranking], mixed[ranking]
