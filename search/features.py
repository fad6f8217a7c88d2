"""The named numbers the calibration reads: one function, features(), used both to match
(search/match.py) and to fit (search/fit.py), so the shipped weights always read the columns
they were fitted on.

Shapes: statements (n, dim) unit rows and their sentences (s, dim); a framework's views
(v, dim); topic features (n, len(TOPIC_FEATURES)); item features (n, items, len(ITEM_FEATURES)).

A plan paragraph often supports several items, one sentence each: so every item feature is
also read on the statement's best sentence for that item ("best_sentence_…"), and
"sentences_won" says whether some sentence ranks the item first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.structure.sentences import split_sentences
from search.form import opens_with_label
from search.scoring import KIND_FEATURES, TOP_CLUSTER_VIEWS, background_similarity, cluster_level, kind_features
from search.views import ViewSet

MIN_SENTENCE_CHARS = 15  # shorter pieces ("1.", "Objective 3:") are labels, not sentences

# Is the statement about the framework at all? Its best similarity to any view minus its
# best similarity to an off-topic sentence, its log-odds along the topic direction, and
# whether it opens with a short label and a colon (search/form.py: glossary entries, captions).
TOPIC_FEATURES = ("reach_over_background", "topic_direction", "opens_with_label")
# Does it support this item? One column per (view kind, top k) of scoring.KIND_FEATURES,
# then the item's absolute level and its share of the nearest notes' vote.
WHOLE_FEATURES = (
    *(f"{kind}_top{top}" for kind, top in KIND_FEATURES),
    "pooled_top3",
    "note_vote",
    f"cluster_top{TOP_CLUSTER_VIEWS}",
)
ITEM_FEATURES = (*WHOLE_FEATURES, *(f"best_sentence_{name}" for name in WHOLE_FEATURES), "sentences_won")


@dataclass(frozen=True)
class Embedded:
    """Statements and their sentences, embedded as queries."""

    vectors: np.ndarray  # (n, dim) one row per statement
    sentences: np.ndarray  # (s, dim) one row per sentence, statement by statement
    owner: np.ndarray  # (s,) int, the statement of each sentence, non-decreasing; every statement has ≥ 1
    labelled: np.ndarray | None = None  # (n,) 1.0 where the statement opens with a label (search/form.py)

    def __post_init__(self):
        if self.labelled is None or len(self.labelled) != len(self.vectors):
            raise ValueError("Embedded needs its statements' forms (labelled): make it with embed_statements")

    @staticmethod
    def join(parts: list[Embedded]) -> Embedded:
        """Embedded slices of consecutive statements -> one Embedded (sentence owners renumbered)."""
        offsets = np.cumsum([0] + [len(p.vectors) for p in parts[:-1]])
        return Embedded(
            np.vstack([p.vectors for p in parts]),
            np.vstack([p.sentences for p in parts]),
            np.concatenate([p.owner + o for p, o in zip(parts, offsets)]),
            np.concatenate([p.labelled for p in parts]),
        )

    def subset(self, rows) -> Embedded:
        keep = np.asarray(rows)
        index = np.flatnonzero(keep) if keep.dtype == bool else keep
        picked = [np.flatnonzero(self.owner == i) for i in index]
        owner = np.concatenate([np.full(len(p), n) for n, p in enumerate(picked)]) if len(index) else np.zeros(0, int)
        sentences = self.sentences[np.concatenate(picked)] if len(index) else self.sentences[:0]
        return Embedded(self.vectors[index], sentences, owner, self.labelled[index])


def sentence_units(text: str) -> list[str]:
    """The sentences a statement is read by: its sentences of MIN_SENTENCE_CHARS or more, or the
    whole statement when it has fewer than two."""
    parts = [s for s in split_sentences(text) if len(s) >= MIN_SENTENCE_CHARS]
    return parts if len(parts) > 1 else [text]


def embed_statements(texts: list[str], embedder, show_progress: bool = False) -> Embedded:
    """texts -> Embedded, in one batch; a one-sentence statement's sentence is the statement."""
    units = [sentence_units(t) for t in texts]
    extra = [u for us in units if len(us) > 1 for u in us]
    encoded = embedder.encode(list(texts) + extra, "query", show_progress=show_progress)
    vectors, rest = encoded[: len(texts)], encoded[len(texts) :]
    rows, used = [], 0
    for i, us in enumerate(units):
        if len(us) > 1:
            rows.append(rest[used : used + len(us)])
            used += len(us)
        else:
            rows.append(vectors[i : i + 1])
    owner = np.repeat(np.arange(len(texts)), [len(r) for r in rows])
    labelled = np.array([float(opens_with_label(t)) for t in texts], np.float32)
    return Embedded(vectors, np.concatenate(rows) if rows else vectors[:0], owner, labelled)


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


def topic_features(
    reach: np.ndarray, background: np.ndarray, direction: np.ndarray, labelled: np.ndarray
) -> np.ndarray:
    """reach (n,) best similarity to any view, background (n,) best similarity to an
    off-topic sentence, direction (n,) log-odds of the topic direction, labelled (n,) 0/1 the
    statement opens with a label -> (n, len(TOPIC_FEATURES))."""
    return np.stack([reach - background, direction, labelled], axis=1)


def whole_features(raw: np.ndarray, viewset: ViewSet, hub_level: np.ndarray) -> np.ndarray:
    """(n, v) cosines of statements (or sentences) to the views -> (n, items, len(WHOLE_FEATURES))."""
    return np.concatenate([kind_features(raw, viewset, hub_level), cluster_level(raw, viewset)[..., None]], axis=-1)


def sentence_features(statements: Embedded, viewset: ViewSet, hub_level: np.ndarray) -> np.ndarray:
    """-> (n, items, len(WHOLE_FEATURES) + 1): each item feature on the statement's best
    sentence for it, and whether some sentence's note vote ranks the item first."""
    if not len(statements.vectors):
        return np.zeros((0, len(viewset.items), len(WHOLE_FEATURES) + 1), np.float32)
    per_sentence = whole_features(statements.sentences @ viewset.vectors.T, viewset, hub_level)
    won = np.zeros(per_sentence.shape[:2], np.float32)
    won[np.arange(len(won)), per_sentence[..., WHOLE_FEATURES.index("note_vote")].argmax(axis=1)] = 1.0
    stacked = np.concatenate([per_sentence, won[..., None]], axis=-1)
    starts = np.flatnonzero(np.r_[True, np.diff(statements.owner) != 0])
    return np.maximum.reduceat(stacked, starts, axis=0)


def features(
    statements: Embedded, viewset: ViewSet, background: np.ndarray, hub_level: np.ndarray, direction
) -> Features:
    """statements (n of them); background (b, dim) off-topic sentences; hub_level (v,) from
    scoring.hub_level; direction a Logistic over vectors (fit.fit_direction) -> Features."""
    vectors = statements.vectors
    similarity = vectors @ viewset.vectors.T
    topic = topic_features(
        similarity.max(axis=1),
        background_similarity(vectors, background),
        direction.logit(vectors),
        statements.labelled,
    )
    whole = whole_features(similarity, viewset, hub_level)
    items = np.concatenate([whole, sentence_features(statements, viewset, hub_level)], axis=-1)
    return Features(topic, items, similarity)
