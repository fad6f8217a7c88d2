"""The dense side of a search: how the engine orders the chunks by the question's vector.

Every chunk's cosine to the question (language-centred, search/centring.py), judged against the
hubs (search/hubness.py) and moved towards its article's language versions (search/versions.py);
then the best `pool` of the allowed chunks, re-ranked with each chunk's best sentence
(search/sentence_rank.py) and scored with its article's other chunks (search/articles.py).

Shapes: vectors (n, d) unit rows; qvec (d,) unit; allowed (n,) bool; the order: (p,) chunk rows,
best first, p <= pool.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.index import sentences as sentence_store
from search.articles import with_articles
from search.centring import CentredIndex
from search.hubness import corrected
from search.sentence_rank import reranked
from search.versions import Versions


@dataclass(frozen=True)
class DenseRanking:
    vectors: np.ndarray  # (n, d)
    centred: CentredIndex | None  # None: raw cosines
    hub: np.ndarray | None  # (n,) hub levels; None: no hubness correction
    hubness: str  # search/hubness.py's correction ("margin"), used when `hub` is given
    versions: Versions | None = None  # None: articles scored without their language versions
    version_share: float = 0.0
    sentences: sentence_store.SentenceVectors | None = None  # None: chunks ranked alone
    articles: np.ndarray | None = None  # (n,) article numbers; None: chunks ranked without their articles
    article_share: float = 0.0

    def order(self, qvec: np.ndarray, allowed: np.ndarray, everything: bool, pool: int) -> np.ndarray:
        """The best `pool` of the `allowed` rows (`everything`: no filter, every row), best first."""
        cosines = self.vectors @ qvec  # exact, and filters apply before ranking
        if self.centred is not None:
            cosines = self.centred.scores(cosines, qvec)
        scores = cosines if self.hub is None else corrected(cosines, self.hub, self.hubness)
        shift = self.versions.shift(scores, self.version_share) if self.versions and self.version_share else None
        if shift is not None:
            scores = scores + shift
        # without a filter every row is a candidate: partition the scores themselves, not a copy
        candidates = np.arange(len(scores)) if everything else np.flatnonzero(allowed)
        if len(candidates) > pool:  # partition first: a full sort of 100k scores costs ~7 ms
            candidates = candidates[np.argpartition(-(scores if everything else scores[candidates]), pool)[:pool]]
        order = candidates[np.argsort(-scores[candidates], kind="stable")][:pool]
        dense = scores[order]
        if self.sentences is not None and len(order):
            order, dense = reranked(order, cosines, self.sentences, qvec, self.centred, self.hub, self.hubness)
            if shift is not None:  # the re-ranking scores chunks afresh
                dense = dense + shift[order]
                resorted = np.argsort(-dense, kind="stable")
                order, dense = order[resorted], dense[resorted]
        if self.articles is not None and self.article_share and len(order) > 1:
            order = order[np.argsort(-with_articles(order, dense, self.articles, self.article_share), kind="stable")]
        return order
