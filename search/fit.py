"""Fit a framework's calibration (search/calibration.py) on labelled statements.

The features come from search/features.py's features(), the same function the Matcher
scores with, so a refit cannot drift from the code that uses it. eval/match_eval.py reports
the fits (out of fold) and writes the shipped one with --write.

Shapes: n labelled statements, m framework items; labels (n, m) 0/1, offtopic (n,) bool (a
statement that supports no item).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from search.adapter import Adapter
from search.calibration import Calibration, Logistic
from search.companions import Companions
from search.embedded import Embedded
from search.features import ITEM_FEATURES, Features, features, with_neighbours
from search.neighbours import Neighbours, language_directions
from search.scoring import hub_level, note_mask
from search.views import Background, ViewSet, embed_background, embed_form_direction, embed_views

DIRECTION_C = 10.0  # regularisation of the topic direction (1-10 did alike out of fold)
FOLDS = 5
STRONG = 0.5  # probability at or above which a match is "strong"
ADMIT = 0.96  # the share of on-topic labelled statements the topic gate admits (choose_on_topic)
MIN_MULTI = 30  # fewer admitted statements of two or more sentences: no threshold of their own
PER_UNIT = (
    "best_sentence_",
    "sentences_won",
    "sentence_lead_",
    "best_clause_",
    "clauses_won",
    "clause_lead_",
)  # features.py: read on a statement's units


def fit_logistic(features: np.ndarray, labels: np.ndarray, c: float = 1.0, balanced: bool = False) -> Logistic:
    """(n, f) features, (n,) 0/1 labels -> a Logistic over standardised features."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = features.mean(axis=0), features.std(axis=0) + 1e-9
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if balanced else None)
    model = model.fit((features - mean) / scale, labels)
    return Logistic(
        tuple(map(float, model.coef_[0])), tuple(map(float, mean)), tuple(map(float, scale)), float(model.intercept_[0])
    )


def fit_direction(notes: np.ndarray, note_langs: set[str], background: Background) -> Logistic:
    """A linear direction in embedding space from the team's notes (on topic) to the
    off-topic sentences: it reads what a statement says, where the nearest-neighbour
    feature only reads how close its closest sentence is. Only background sentences in the
    notes' languages are negatives, so that a language itself is no evidence of being off topic."""
    negatives = background.vectors[np.isin(np.array(background.langs), sorted(note_langs))]
    labels = np.r_[np.ones(len(notes)), np.zeros(len(negatives))].astype(int)
    return fit_logistic(np.r_[notes, negatives], labels, DIRECTION_C, balanced=True)


@dataclass(frozen=True)
class FitData:
    framework: str
    viewset: ViewSet
    direction: Logistic  # fitted on the framework's notes and the background
    features: Features  # of the n labelled statements
    labels: np.ndarray  # (n, m) 0/1
    offtopic: np.ndarray  # (n,) bool
    neighbours: Neighbours  # the n statements themselves, for the labelled_neighbours column
    statements: Embedded | None = None  # the n statements, for features read again (adapted)
    background: np.ndarray | None = None  # (b, dim) the off-topic sentences the features read
    form_direction: np.ndarray | None = None  # (dim,) views.embed_form_direction, which the features read
    adapter: Adapter | None = None  # what the item columns were read through (search/adapter.py)
    adapt: bool = False  # the framework asks for an adapter (framework.toml `adapter`): fitted with the calibration
    companions: bool = False  # the framework asks for companions (framework.toml `companions`): counted with it

    def subset(self, rows: np.ndarray) -> FitData:
        """Some statements, whose labelled_neighbours column is read again among themselves
        (a fold's model never sees a neighbour outside its fold)."""
        neighbours = self.neighbours.subset(rows)
        return replace(
            self,
            features=with_neighbours(self.features.subset(rows), own_gap(neighbours)),
            labels=self.labels[rows],
            offtopic=self.offtopic[rows],
            neighbours=neighbours,
            statements=None if self.statements is None else self.statements.subset(rows),
        )


def own_gap(neighbours: Neighbours) -> np.ndarray:
    """Neighbours.gap of the labelled statements themselves, each left out of its own."""
    return neighbours.gap(neighbours.vectors, np.arange(len(neighbours.offtopic)))


def prepare(framework, embedder, statements: Embedded, supported: list[set[str]], ids: tuple[str, ...] = ()) -> FitData:
    """A Framework, its embedder, n embedded statements (features.embed_statements) and, per
    statement, the ids of the items it supports (none: off topic) and optionally its name
    (kept with the shipped neighbours) -> FitData. A statement that supports a sub-item (SDG
    target 11.1) supports its parent (goal 11) too."""
    viewset = embed_views(framework, embedder)
    supported = [framework.with_parents(ids) for ids in supported]
    labels = np.array([[item in ids for item in viewset.items] for ids in supported], np.int64)
    offtopic = np.array([not ids for ids in supported], bool)
    background = embed_background(embedder)
    notes = note_mask(viewset)
    direction = fit_direction(viewset.vectors[notes], {v.lang for v, n in zip(viewset.views, notes) if n}, background)
    neighbours = Neighbours.of(
        statements.vectors, offtopic, ids, language_directions(background.vectors, background.langs, background.ids)
    )
    own = np.arange(len(offtopic))  # each statement left out of its own neighbours
    form = embed_form_direction(embedder)
    found = features(
        statements, viewset, background.vectors, hub_level(viewset), direction, neighbours, own, form_direction=form
    )
    return FitData(
        framework.id,
        viewset,
        direction,
        found,
        labels,
        offtopic,
        neighbours,
        statements,
        background.vectors,
        form,
        adapt=framework.adapter,
        companions=framework.companions,
    )


def adapted(data: FitData, rows: np.ndarray, seed: int = 0) -> FitData:
    """`data` with its item columns read through an Adapter fitted on the on-topic statements
    among `rows` only (search/adapter_fit.py), so that a fold's adapter never saw its test fold."""
    from search.adapter_fit import fit_adapter

    on = rows[~data.offtopic[rows]]
    vs = data.viewset
    adapter = fit_adapter(data.statements.vectors[on], data.labels[on], vs.vectors, vs.item_of_view, seed)
    own = np.arange(len(data.offtopic))
    found = features(
        data.statements,
        vs,
        data.background,
        hub_level(vs),
        data.direction,
        data.neighbours,
        own,
        adapter=adapter,
        form_direction=data.form_direction,
    )
    return replace(data, features=found, adapter=adapter)


def abstention(abstained: np.ndarray, offtopic: np.ndarray) -> dict[str, float]:
    """Abstaining is the positive prediction: precision, recall and F1 of finding the off-topic statements."""
    tp = float((abstained & offtopic).sum())
    precision = tp / max(abstained.sum(), 1)
    recall = tp / max(offtopic.sum(), 1)
    return {"precision": precision, "recall": recall, "F1": 2 * precision * recall / max(precision + recall, 1e-9)}


def best_threshold(values: np.ndarray, score) -> float:
    """The value (rounded to 3 decimals) that maximises score(threshold); 0.5 when there is none."""
    candidates = np.unique(np.round(values, 3))
    return float(candidates[int(np.argmax([score(t) for t in candidates]))]) if len(candidates) else 0.5


def choose_on_topic(p_topic: np.ndarray, offtopic: np.ndarray) -> float:
    """The highest threshold on P(topic) (rounded down to 3 decimals) that admits ADMIT of the
    on-topic statements. The best abstention F1 (the rule before) spent a better separation on
    admitting more on-topic statements; the issue asks for more abstention at no cost to them,
    so the on-topic side is held fixed and the off-topic side takes the gain."""
    on = np.sort(p_topic[~offtopic])
    if not len(on):
        return 0.5
    return float(np.floor(on[int((1 - ADMIT) * len(on))] * 1000) / 1000)


def choose_partial(prob: np.ndarray, labels: np.ndarray) -> float:
    """prob, labels (n, m) of admitted on-topic statements -> the threshold on the probability
    that maximises F1 over (statement, item) pairs."""
    return best_threshold(
        prob[prob >= 0.01], lambda t: 2 * ((prob >= t) & (labels == 1)).sum() / max((prob >= t).sum() + labels.sum(), 1)
    )


def fit_calibration(data: FitData, fitted_on: str, names: tuple[str, ...] | None = None) -> Calibration:
    """A Calibration whose item model reads the named item features (all by default); the
    topic model and its threshold learn from all statements, the item model and the partial
    threshold from on-topic ones. A framework that asks for an adapter gets one fitted on all
    the on-topic statements of `data` first (unless `data` was read through one already)."""
    if data.adapt and data.adapter is None:
        data = adapted(data, np.arange(len(data.offtopic)))
    names = tuple(names or ITEM_FEATURES)
    on = ~data.offtopic
    f = data.features
    topic_model = fit_logistic(f.topic, on.astype(int))
    items = f.subset(on).item_columns(names)
    item_model = fit_logistic(items.reshape(-1, len(names)), data.labels[on].reshape(-1))
    on_topic = choose_on_topic(topic_model(f.topic), data.offtopic)
    models = (data.direction, topic_model, item_model)
    cal = Calibration(
        data.framework,
        *models,
        on_topic,
        STRONG,
        0.0,
        fitted_on,
        names,
        neighbours=data.neighbours,
        adapter=data.adapter,
        companions=Companions.of(data.viewset.items, data.labels[on]) if data.companions else None,
    )
    admitted = on & (topic_model(f.topic) >= on_topic)
    partial = choose_partial(cal.probability(f.subset(admitted)), data.labels[admitted])
    return replace(cal, partial=min(partial, cal.strong), partial_multi=choose_partial_multi(cal, data, admitted))


def choose_partial_multi(cal: Calibration, data: FitData, admitted: np.ndarray) -> float | None:
    """The partial threshold of statements of two or more sentences, or None (they use the other).

    A statement's best item is shown whatever its probability, so the partial threshold decides
    its second and third items: plan paragraphs have them, single sentences rarely do, and one
    threshold learnt on both sat where a single sentence's one item wants it, hiding the
    paragraphs' others (issue 14). Learnt on the paragraphs when there are enough and the item
    model reads their sentences and clauses (the columns that find those items; NUA and SDG
    models do not)."""
    multi = admitted & data.features.multi
    if multi.sum() < MIN_MULTI or not any(n.startswith(PER_UNIT) for n in cal.item_features):
        return None
    chosen = data.features.subset(multi)
    return min(choose_partial(cal.probability(chosen), data.labels[multi]), cal.strong)


def out_of_fold(
    data: FitData,
    names: tuple[str, ...] | None = None,
    seed: int = 0,
    folds: np.ndarray | None = None,
    adapt: bool | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities and strengths (n, m), each from a calibration (thresholds included, its
    labelled neighbours and, when `adapt` (default: as the framework asks), its adapter)
    fitted without its statement; `folds` (n,) a fold number per statement, else FOLDS random folds."""
    adapt = data.adapt if adapt is None else adapt
    if not adapt and data.adapter is not None:
        raise ValueError(
            "these features were read through an adapter fitted on every statement: out of fold needs them plain"
        )
    n = len(data.offtopic)
    fold = np.random.default_rng(seed).permutation(n) % FOLDS if folds is None else np.asarray(folds)
    prob = np.zeros(data.labels.shape)
    strength = np.full(data.labels.shape, "none", dtype=object)
    for f in np.unique(fold):
        train, test = fold != f, fold == f
        fold_data = adapted(data, np.flatnonzero(train), seed * FOLDS + int(f)) if adapt else replace(data, adapt=False)
        cal = fit_calibration(fold_data.subset(train), "fold", names)
        held_out = with_neighbours(fold_data.features.subset(test), cal.neighbours.gap(data.neighbours.vectors[test]))
        prob[test] = cal.probability(held_out)
        strength[test] = cal.strengths(held_out, prob[test])
    return prob, strength


def summary(data: FitData, names: tuple[str, ...] | None = None, seed: int = 0) -> dict[str, float]:
    """Out-of-fold figures of a fit on `data`: hit@1 and hit@5 of on-topic statements (any
    supported item counts), abstention F1, and precision and recall of the strong+partial
    (statement, item) pairs."""
    from search.evaluation import pair_precision_recall, per_statement

    prob, strength = out_of_fold(data, names, seed)
    on = ~data.offtopic
    gold = [set(np.flatnonzero(data.labels[i])) for i in np.flatnonzero(on)]
    ranks = per_statement(prob[on], gold)
    shown = strength != "none"
    precision, recall = pair_precision_recall(shown, data.labels)
    return {
        "statements": float(len(data.offtopic)),
        "hit@1": float(ranks["P@1"].mean()) if on.any() else 0.0,
        "hit@5": float(ranks["hit@5"].mean()) if on.any() else 0.0,
        "abstention F1": abstention(~shown.any(axis=1), data.offtopic)["F1"],
        "precision": precision,
        "recall": recall,
    }
