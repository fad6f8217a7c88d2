"""The named numbers the calibration reads: one function, features(), used both to match
(search/match.py) and to fit (search/fit.py), so the shipped weights always read the columns
they were fitted on.

Shapes: statements (n, dim) unit rows and their sentences (s, dim); a framework's views
(v, dim); topic features (n, len(TOPIC_FEATURES)); item features (n, items, len(ITEM_FEATURES)).

A plan paragraph often supports several items, one sentence each: so every item feature is
also read on the statement's best sentence for that item ("best_sentence_…"), and
"sentences_won" says whether some sentence ranks the item first. A paragraph often names a
second item in a clause of a sentence about the first ("…, signed by the city, the transport
operator and six associations, …" is call 10 inside a call 4 sentence), so the same columns
are read once more on its clauses ("best_clause_…", "clauses_won"; search/embedded.py).

Whether a paragraph supports a second item should not hang on how it compares with the
first: "sentence_lead_…" / "clause_lead_…" say how far the item leads every other item on the
sentence (clause) most about it (negative: some other item is ahead even there). And items
differ in how often a given similarity means support (a call about coalitions is named in
passing, and its notes are close to everything); "item_<n>" (the framework's n-th item, 1 for
its first; no column of `items`, made by Features.item_columns) lets the item model learn one
intercept per item. A framework of many items (the NUA's 175 paragraphs) has too few labelled
statements per item for that; "cluster:<id>" (1.0 for the items of the framework's thematic
cluster <id>, corpus/frameworks/<id>/clusters.jsonl) gives one intercept per cluster instead,
added up over the clusters an item is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from search.embedded import Embedded
from search.neighbours import Neighbours
from search.scoring import KIND_FEATURES, TOP_CLUSTER_VIEWS, background_similarity, cluster_level, kind_features
from search.views import ViewSet

# Is the statement about the framework at all? Its best similarity to any view minus its
# best similarity to an off-topic sentence, its log-odds along the topic direction, whether it
# opens with a short label and a colon (search/form.py: glossary entries, captions), and how
# much nearer it is to the team's off-topic labelled statements than to the on-topic ones
# (search/neighbours.py: plan boilerplate is written like a plan, unlike the background), and
# how much what follows its label reads as a definition rather than a commitment (0 without
# a label; views.embed_form_direction): "Affordable housing: housing whose cost …" is a
# glossary entry, "Affordable housing: the city will build …" a plan's heading and commitment.
TOPIC_FEATURES = (
    "reach_over_background",
    "topic_direction",
    "opens_with_label",
    "labelled_neighbours",
    "label_definition",
)
# Does it support this item? One column per (view kind, top k) of scoring.KIND_FEATURES,
# then the item's absolute level, its share of the nearest notes' vote and how far it is below
# the statement's best share, its section's share of that vote, and how close the statement is
# to the item's cluster.
WHOLE_FEATURES = (
    *(f"{kind}_top{top}" for kind, top in KIND_FEATURES),
    "pooled_top3",
    "note_vote",
    "note_vote_gap",
    "section_vote",
    f"cluster_top{TOP_CLUSTER_VIEWS}",
)
# Read on each unit (sentence, clause) as the item's lead over the unit's best other item.
LEAD_FEATURES = ("note_vote", "aspect_top3", "example_top3")
ITEM_FEATURES = (
    *WHOLE_FEATURES,
    *(f"best_sentence_{name}" for name in WHOLE_FEATURES),
    "sentences_won",
    *(f"sentence_lead_{name}" for name in LEAD_FEATURES),
    *(f"best_clause_{name}" for name in WHOLE_FEATURES),
    "clauses_won",
    *(f"clause_lead_{name}" for name in LEAD_FEATURES),
)
ITEM_INDICATOR = re.compile(r"item_([1-9][0-9]*)")  # "item_3": 1.0 for the framework's 3rd item, else 0.0


def item_indicator(name: str) -> int | None:
    """The 0-based item position an "item_<n>" name stands for; None for a feature column."""
    found = ITEM_INDICATOR.fullmatch(name)
    return int(found.group(1)) - 1 if found else None


CLUSTER_INDICATOR = "cluster:"  # "cluster:housing": 1.0 for the items of the framework's cluster "housing"


def cluster_indicator(name: str) -> str | None:
    """The cluster id a "cluster:<id>" name stands for; None for any other name."""
    return name[len(CLUSTER_INDICATOR) :] or None if name.startswith(CLUSTER_INDICATOR) else None


def is_item_feature(name: str) -> bool:
    """Whether the item model can read `name`: a column of ITEM_FEATURES, an item or a cluster indicator."""
    return name in ITEM_FEATURES or item_indicator(name) is not None or cluster_indicator(name) is not None


@dataclass(frozen=True)
class Features:
    topic: np.ndarray  # (n, len(TOPIC_FEATURES))
    items: np.ndarray  # (n, items, len(ITEM_FEATURES))
    similarity: np.ndarray  # (n, v) cosine of each statement to each view
    multi: np.ndarray | None = None  # (n,) bool: two or more sentences (a plan paragraph); None: none are
    clusters: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (id, item indices) of each cluster, for "cluster:<id>"

    def __post_init__(self):
        if self.multi is None:
            object.__setattr__(self, "multi", np.zeros(len(self.topic), bool))

    def topic_column(self, name: str) -> np.ndarray:
        """(n,) one named topic feature."""
        return self.topic[:, TOPIC_FEATURES.index(name)]

    def item_columns(self, names: tuple[str, ...]) -> np.ndarray:
        """(n, items, len(names)) the named item features, in that order ("item_<n>": 1.0 on
        the n-th item, 0.0 elsewhere; "cluster:<id>": 1.0 on the cluster's items)."""
        positions = [item_indicator(name) for name in names]
        clusters = [cluster_indicator(name) for name in names]
        if all(p is None for p in positions) and all(c is None for c in clusters):
            return self.items[..., [ITEM_FEATURES.index(name) for name in names]]
        n, m = self.items.shape[:2]
        members = dict(self.clusters)
        columns = []
        for name, position, cluster in zip(names, positions, clusters):
            if position is None and cluster is None:
                columns.append(self.items[..., ITEM_FEATURES.index(name)])
                continue
            column = np.zeros((n, m), self.items.dtype)
            if cluster is not None:
                if cluster not in members:
                    raise ValueError(f"{name}: the framework has no cluster {cluster!r}")
                column[:, list(members[cluster])] = 1.0
            else:
                column[:, position : position + 1] = 1.0  # beyond the last item: no item (Matcher refuses it)
            columns.append(column)
        return np.stack(columns, axis=-1) if columns else np.zeros((n, m, 0), self.items.dtype)

    def subset(self, rows: np.ndarray) -> Features:
        """The same features for some statements (a boolean mask or indices over n)."""
        return Features(self.topic[rows], self.items[rows], self.similarity[rows], self.multi[rows], self.clusters)


def topic_features(
    reach: np.ndarray,
    background: np.ndarray,
    direction: np.ndarray,
    labelled: np.ndarray,
    neighbours: np.ndarray,
    definition: np.ndarray,
) -> np.ndarray:
    """reach (n,) best similarity to any view, background (n,) best similarity to an
    off-topic sentence, direction (n,) log-odds of the topic direction, labelled (n,) 0/1 the
    statement opens with a label, neighbours (n,) Neighbours.gap, definition (n,) the text
    after the label along the form direction (0 without a label) -> (n, len(TOPIC_FEATURES))."""
    return np.stack([reach - background, direction, labelled, neighbours, definition], axis=1)


def with_neighbours(found: Features, gap: np.ndarray) -> Features:
    """The same features with the labelled_neighbours column replaced (a fold's own neighbours)."""
    topic = found.topic.copy()
    topic[:, TOPIC_FEATURES.index("labelled_neighbours")] = gap
    return replace(found, topic=topic)


def whole_features(raw: np.ndarray, viewset: ViewSet, hub_level: np.ndarray) -> np.ndarray:
    """(n, v) cosines of statements (or sentences) to the views -> (n, items, len(WHOLE_FEATURES))."""
    return np.concatenate([kind_features(raw, viewset, hub_level), cluster_level(raw, viewset)[..., None]], axis=-1)


def lead(values: np.ndarray) -> np.ndarray:
    """(u, items) -> (u, items): each item's value minus the best value of the other items."""
    if values.shape[1] < 2:
        return np.zeros_like(values)
    order = np.argsort(-values, axis=1)
    rows = np.arange(len(values))
    first, second = values[rows, order[:, 0]], values[rows, order[:, 1]]
    others = np.repeat(first[:, None], values.shape[1], axis=1)
    others[rows, order[:, 0]] = second
    return values - others


def unit_features(units: np.ndarray, owner: np.ndarray, viewset: ViewSet, hub_level: np.ndarray) -> np.ndarray:
    """Units (u, dim) of n statements (sentences or clauses; owner (u,)) -> (n, items,
    len(WHOLE_FEATURES) + 1 + len(LEAD_FEATURES)): each item feature on the statement's best
    unit for it, whether some unit's note vote ranks the item first, and the item's best lead
    over the other items on any unit (LEAD_FEATURES)."""
    if not len(owner):
        return np.zeros((0, len(viewset.items), len(WHOLE_FEATURES) + 1 + len(LEAD_FEATURES)), np.float32)
    per_unit = whole_features(units @ viewset.vectors.T, viewset, hub_level)
    won = np.zeros(per_unit.shape[:2], np.float32)
    won[np.arange(len(won)), per_unit[..., WHOLE_FEATURES.index("note_vote")].argmax(axis=1)] = 1.0
    leads = [lead(per_unit[..., WHOLE_FEATURES.index(name)]) for name in LEAD_FEATURES]
    stacked = np.concatenate([per_unit, won[..., None], np.stack(leads, axis=-1)], axis=-1).astype(np.float32)
    starts = np.flatnonzero(np.r_[True, np.diff(owner) != 0])
    return np.maximum.reduceat(stacked, starts, axis=0)


def features(
    statements: Embedded,
    viewset: ViewSet,
    background: np.ndarray,
    hub_level: np.ndarray,
    direction,
    neighbours: Neighbours | None = None,
    leave_out: np.ndarray | None = None,
    adapter=None,
    form_direction: np.ndarray | None = None,
) -> Features:
    """statements (n of them); background (b, dim) off-topic sentences; hub_level (v,) from
    scoring.hub_level; direction a Logistic over vectors (fit.fit_direction); neighbours the
    labelled statements of the calibration (None: the column is 0), leave_out as in
    Neighbours.gap; adapter (search/adapter.py) maps the statements before the item columns
    are read; form_direction (dim,) views.embed_form_direction (None: its column is 0) -> Features."""
    vectors = statements.vectors
    similarity = vectors @ viewset.vectors.T
    topic = topic_features(
        similarity.max(axis=1),
        background_similarity(vectors, background),
        direction.logit(vectors),
        statements.labelled,
        neighbours.gap(vectors, leave_out) if neighbours is not None else np.zeros(len(vectors)),
        statements.rests @ form_direction if form_direction is not None else np.zeros(len(vectors)),
    )
    read = similarity  # the statement's cosines to the views, as the explanation shows them
    if adapter is not None:
        statements = adapter.apply(statements)
        read = statements.vectors @ viewset.vectors.T
    whole = whole_features(read, viewset, hub_level)
    by_sentence = unit_features(statements.sentences, statements.owner, viewset, hub_level)
    by_clause = unit_features(statements.clauses, statements.clause_owner, viewset, hub_level)
    items = np.concatenate([whole, by_sentence, by_clause], axis=-1)
    multi = np.bincount(statements.owner, minlength=len(vectors)) > 1
    return Features(topic, items, similarity, multi, tuple(zip(viewset.cluster_ids, viewset.clusters)))
