"""Why a statement matched an item: the named feature contributions to the calibrated score,
the item's views nearest to the statement, and the rule that gave the strength.

The calibration's models are logistic, so each feature's effect is exact and additive:
weight × standardised value, in log-odds; the intercept and the effects sum to the logit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from search.calibration import Calibration, Logistic
from search.features import TOPIC_FEATURES, Features
from search.views import ViewSet

NEAREST_VIEWS = 3


@dataclass(frozen=True)
class Contribution:
    feature: str  # a name from search/features.py
    value: float  # the feature itself
    effect: float  # its share of the logit: weight × (value − mean) / scale


@dataclass(frozen=True)
class ModelPart:
    probability: float
    logit: float  # intercept + the effects
    intercept: float
    contributions: tuple[Contribution, ...]  # largest |effect| first


@dataclass(frozen=True)
class NearView:
    kind: str  # title | text | sentence | aspect | example
    lang: str
    text: str
    cosine: float


@dataclass(frozen=True)
class Explanation:
    on_topic: bool  # did the topic model admit the statement at all?
    topic_threshold: float
    topic: ModelPart  # P(topic): is the statement about the framework?
    item: ModelPart  # P(item | topic): given that, does it support this item?
    nearest_views: tuple[NearView, ...]
    rule: str  # the step that decided the strength, in words

    def as_dict(self) -> dict:
        return asdict(self)


def _part(model: Logistic, names: tuple[str, ...], row: np.ndarray) -> ModelPart:
    effects = np.array(model.weights) * (row - np.array(model.mean)) / np.array(model.scale)
    order = np.argsort(-np.abs(effects), kind="stable")
    return ModelPart(
        round(float(model(row[None, :])[0]), 4),
        round(float(model.logit(row[None, :])[0]), 4),
        round(model.intercept, 4),
        tuple(Contribution(names[k], round(float(row[k]), 4), round(float(effects[k]), 4)) for k in order),
    )


def _rule(cal: Calibration, on_topic: bool, topic_p: float, score: float, strength: str) -> str:
    if not on_topic:
        return f"off topic: P(topic) {topic_p:.2f} < {cal.on_topic:.2f}, so no item is matched"
    if strength == "strong":
        return f"strong: score {score:.2f} ≥ {cal.strong:.2f}"
    if strength == "partial" and score >= cal.partial:
        return f"partial: {cal.partial:.2f} ≤ score {score:.2f} < {cal.strong:.2f}"
    if strength == "partial":
        return f"partial: the statement's best item (score {score:.2f} < {cal.partial:.2f})"
    return f"none: score {score:.2f} < {cal.partial:.2f}"


def explain(
    cal: Calibration, found: Features, viewset: ViewSet, statement: int, item: int, strength: str
) -> Explanation:
    """One (statement, item) pair of Features (from Matcher.features) -> its Explanation."""
    topic_row = found.topic[statement]
    item_row = found.subset([statement]).item_columns(cal.item_features)[0, item]
    topic = _part(cal.topic, TOPIC_FEATURES, topic_row)
    item_part = _part(cal.item, cal.item_features, item_row)
    views = np.flatnonzero(viewset.item_of_view == item)
    cosines = found.similarity[statement, views]
    nearest = tuple(
        NearView(viewset.views[v].kind, viewset.views[v].lang, viewset.views[v].text, round(float(c), 4))
        for v, c in sorted(zip(views, cosines), key=lambda vc: -vc[1])[:NEAREST_VIEWS]
    )
    topic_p = float(cal.topic(topic_row[None, :])[0])
    score = topic_p * float(cal.item(item_row[None, :])[0])  # as Calibration.probability
    on_topic = topic_p >= cal.on_topic
    return Explanation(
        on_topic, round(cal.on_topic, 4), topic, item_part, nearest, _rule(cal, on_topic, topic_p, score, strength)
    )
