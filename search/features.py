"""The named numbers the calibration reads: one function, features(), used both to match
(search/match.py) and to fit (search/fit.py), so the shipped weights always read the columns
they were fitted on.

Shapes: statements (n, dim) unit rows; a framework's views (v, dim); topic features
(n, len(TOPIC_FEATURES)); item features (n, items, len(ITEM_FEATURES)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from search.scoring import KIND_FEATURES, background_similarity, kind_features
from search.views import ViewSet

# Is the statement about the framework at all? Its best similarity to any view minus its
# best similarity to an off-topic sentence, and its log-odds along the topic direction.
TOPIC_FEATURES = ("reach_over_background", "topic_direction")
# Does it support this item? One column per (view kind, top k) of scoring.KIND_FEATURES,
# then the item's absolute level and its share of the nearest notes' vote.
ITEM_FEATURES = tuple(f"{kind}_top{top}" for kind, top in KIND_FEATURES) + ("pooled_top3", "note_vote")


@dataclass(frozen=True)
class Features:
    topic: np.ndarray  # (n, len(TOPIC_FEATURES))
    items: np.ndarray  # (n, items, len(ITEM_FEATURES))
    similarity: np.ndarray  # (n, v) cosine of each statement to each view

    def topic_column(self, name: str) -> np.ndarray:
        """(n,) one named topic feature."""
        return self.topic[:, TOPIC_FEATURES.index(name)]

    def item_columns(self, names: tuple[str, ...]) -> np.ndarray:
        """(n, items, len(names)) the named item features, in that order."""
        return self.items[..., [ITEM_FEATURES.index(name) for name in names]]

    def subset(self, rows: np.ndarray) -> Features:
        """The same features for some statements (a boolean mask or indices over n)."""
        return Features(self.topic[rows], self.items[rows], self.similarity[rows])


def topic_features(reach: np.ndarray, background: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """reach (n,) best similarity to any view, background (n,) best similarity to an
    off-topic sentence, direction (n,) log-odds of the topic direction -> (n, len(TOPIC_FEATURES))."""
    return np.stack([reach - background, direction], axis=1)


def features(
    vectors: np.ndarray, viewset: ViewSet, background: np.ndarray, hub_level: np.ndarray, direction
) -> Features:
    """vectors (n, dim) statements; background (b, dim) off-topic sentences; hub_level (v,)
    from scoring.hub_level; direction a Logistic over vectors (fit.fit_direction) -> Features."""
    similarity = vectors @ viewset.vectors.T
    topic = topic_features(similarity.max(axis=1), background_similarity(vectors, background), direction.logit(vectors))
    return Features(topic, kind_features(similarity, viewset, hub_level), similarity)
