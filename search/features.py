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
are read once more on its clauses ("best_clause_…", "clauses_won"; clause_units).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from indexer.structure.sentences import split_sentences
from search.form import opens_with_label
from search.scoring import KIND_FEATURES, TOP_CLUSTER_VIEWS, background_similarity, cluster_level, kind_features
from search.views import ViewSet

MIN_SENTENCE_CHARS = 15  # shorter pieces ("1.", "Objective 3:") are labels, not sentences
# A clause ends after a comma or colon (followed by a space in scripts that space words, so
# "3,200" stays whole) or after a full-width, ideographic or Arabic comma/colon/semicolon.
CLAUSE_BREAK = re.compile(r"(?<=[,:])\s+|(?<=[，：、،؛])\s*")
MIN_CLAUSE_CHARS = 40  # shorter pieces are joined to the next: "the city," alone says nothing

# Is the statement about the framework at all? Its best similarity to any view minus its
# best similarity to an off-topic sentence, its log-odds along the topic direction, and
# whether it opens with a short label and a colon (search/form.py: glossary entries, captions).
TOPIC_FEATURES = ("reach_over_background", "topic_direction", "opens_with_label")
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
ITEM_FEATURES = (
    *WHOLE_FEATURES,
    *(f"best_sentence_{name}" for name in WHOLE_FEATURES),
    "sentences_won",
    *(f"best_clause_{name}" for name in WHOLE_FEATURES),
    "clauses_won",
)


def _pick(rows: np.ndarray, owner: np.ndarray, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The units (rows, with their owners) of the statements `index`, owners renumbered 0…"""
    picked = [np.flatnonzero(owner == i) for i in index]
    if not len(index):
        return rows[:0], np.zeros(0, int)
    new_owner = np.concatenate([np.full(len(p), n) for n, p in enumerate(picked)])
    return rows[np.concatenate(picked)], new_owner


@dataclass(frozen=True)
class Embedded:
    """Statements, their sentences and their clauses, embedded as queries."""

    vectors: np.ndarray  # (n, dim) one row per statement
    sentences: np.ndarray  # (s, dim) one row per sentence, statement by statement
    owner: np.ndarray  # (s,) int, the statement of each sentence, non-decreasing; every statement has ≥ 1
    labelled: np.ndarray | None = None  # (n,) 1.0 where the statement opens with a label (search/form.py)
    clauses: np.ndarray | None = None  # (c, dim) one row per clause (clause_units); None: the sentences
    clause_owner: np.ndarray | None = None  # (c,) int, as owner

    def __post_init__(self):
        if self.labelled is None or len(self.labelled) != len(self.vectors):
            raise ValueError("Embedded needs its statements' forms (labelled): make it with embed_statements")
        if self.clauses is None:  # made by hand (tests): a sentence is its own one clause
            object.__setattr__(self, "clauses", self.sentences)
            object.__setattr__(self, "clause_owner", self.owner)

    @staticmethod
    def join(parts: list[Embedded]) -> Embedded:
        """Embedded slices of consecutive statements -> one Embedded (sentence owners renumbered)."""
        offsets = np.cumsum([0] + [len(p.vectors) for p in parts[:-1]])
        return Embedded(
            np.vstack([p.vectors for p in parts]),
            np.vstack([p.sentences for p in parts]),
            np.concatenate([p.owner + o for p, o in zip(parts, offsets)]),
            np.concatenate([p.labelled for p in parts]),
            np.vstack([p.clauses for p in parts]),
            np.concatenate([p.clause_owner + o for p, o in zip(parts, offsets)]),
        )

    def subset(self, rows) -> Embedded:
        keep = np.asarray(rows)
        index = np.flatnonzero(keep) if keep.dtype == bool else keep
        sentences, owner = _pick(self.sentences, self.owner, index)
        clauses, clause_owner = _pick(self.clauses, self.clause_owner, index)
        return Embedded(self.vectors[index], sentences, owner, self.labelled[index], clauses, clause_owner)


def sentence_units(text: str) -> list[str]:
    """The sentences a statement is read by: its sentences of MIN_SENTENCE_CHARS or more, or the
    whole statement when it has fewer than two."""
    parts = [s for s in split_sentences(text) if len(s) >= MIN_SENTENCE_CHARS]
    return parts if len(parts) > 1 else [text]


def clause_units(text: str) -> list[str]:
    """The clauses a statement is read by: each of its sentence_units cut after a CLAUSE_BREAK
    once the piece since the last cut has MIN_CLAUSE_CHARS (a short last piece stays with the
    one before), so every clause is a slice of the statement's own text."""
    out: list[str] = []
    for sentence in sentence_units(text):
        cuts = [0]
        for found in CLAUSE_BREAK.finditer(sentence):
            if len(sentence[cuts[-1] : found.start()].strip()) >= MIN_CLAUSE_CHARS:
                cuts.append(found.end())
        if len(cuts) > 1 and len(sentence[cuts[-1] :].strip()) < MIN_CLAUSE_CHARS:
            cuts.pop()
        out += [sentence[x:y].strip() for x, y in zip(cuts, cuts[1:] + [len(sentence)])]
    return out or [text]


def embed_statements(texts: list[str], embedder, show_progress: bool = False) -> Embedded:
    """texts -> Embedded: the statements and the sentences of multi-sentence ones in one batch,
    then the clauses not already embedded in another (int8 activations are quantised per batch,
    so keeping the first batch as it was keeps the statements' vectors, and the topic gate fitted
    on them, unchanged by the clauses)."""
    units = [sentence_units(t) for t in texts]
    clauses = [clause_units(t) for t in texts]
    first = list(texts) + [u for us in units if len(us) > 1 for u in us]
    row_of = {t: i for i, t in reversed(list(enumerate(first)))}  # a text's first row
    extra = list(dict.fromkeys(c for cs in clauses for c in cs if c not in row_of))
    row_of |= {c: len(first) + i for i, c in enumerate(extra)}
    encoded = embedder.encode(first, "query", show_progress=show_progress)
    if extra:
        encoded = np.vstack([encoded, embedder.encode(extra, "query", show_progress=show_progress)])
    sentence_rows = [[i] if len(us) == 1 else [] for i, us in enumerate(units)]  # a one-sentence statement's own row
    used = len(texts)
    for i, us in enumerate(units):
        if len(us) > 1:
            sentence_rows[i] = list(range(used, used + len(us)))
            used += len(us)

    def rows(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        owner = np.repeat(np.arange(len(texts)), [len(r) for r in lists])
        return encoded[[r for rs in lists for r in rs]], owner

    clause_rows = [[i] if cs == [t] else [row_of[c] for c in cs] for i, (t, cs) in enumerate(zip(texts, clauses))]
    labelled = np.array([float(opens_with_label(t)) for t in texts], np.float32)
    return Embedded(encoded[: len(texts)], *rows(sentence_rows), labelled, *rows(clause_rows))


@dataclass(frozen=True)
class Features:
    topic: np.ndarray  # (n, len(TOPIC_FEATURES))
    items: np.ndarray  # (n, items, len(ITEM_FEATURES))
    similarity: np.ndarray  # (n, v) cosine of each statement to each view
    multi: np.ndarray | None = None  # (n,) bool: two or more sentences (a plan paragraph); None: none are

    def __post_init__(self):
        if self.multi is None:
            object.__setattr__(self, "multi", np.zeros(len(self.topic), bool))

    def topic_column(self, name: str) -> np.ndarray:
        """(n,) one named topic feature."""
        return self.topic[:, TOPIC_FEATURES.index(name)]

    def item_columns(self, names: tuple[str, ...]) -> np.ndarray:
        """(n, items, len(names)) the named item features, in that order."""
        return self.items[..., [ITEM_FEATURES.index(name) for name in names]]

    def subset(self, rows: np.ndarray) -> Features:
        """The same features for some statements (a boolean mask or indices over n)."""
        return Features(self.topic[rows], self.items[rows], self.similarity[rows], self.multi[rows])


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


def unit_features(units: np.ndarray, owner: np.ndarray, viewset: ViewSet, hub_level: np.ndarray) -> np.ndarray:
    """Units (u, dim) of n statements (sentences or clauses; owner (u,)) -> (n, items,
    len(WHOLE_FEATURES) + 1): each item feature on the statement's best unit for it, and
    whether some unit's note vote ranks the item first."""
    if not len(owner):
        return np.zeros((0, len(viewset.items), len(WHOLE_FEATURES) + 1), np.float32)
    per_unit = whole_features(units @ viewset.vectors.T, viewset, hub_level)
    won = np.zeros(per_unit.shape[:2], np.float32)
    won[np.arange(len(won)), per_unit[..., WHOLE_FEATURES.index("note_vote")].argmax(axis=1)] = 1.0
    stacked = np.concatenate([per_unit, won[..., None]], axis=-1)
    starts = np.flatnonzero(np.r_[True, np.diff(owner) != 0])
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
    by_sentence = unit_features(statements.sentences, statements.owner, viewset, hub_level)
    by_clause = unit_features(statements.clauses, statements.clause_owner, viewset, hub_level)
    items = np.concatenate([whole, by_sentence, by_clause], axis=-1)
    multi = np.bincount(statements.owner, minlength=len(vectors)) > 1
    return Features(topic, items, similarity, multi)
