"""Why a statement matched an item: the named feature contributions to the calibrated score,
the item's views nearest to the statement, and the rule that gave the strength.

The calibration's models are logistic, so each feature's effect is exact and additive:
weight × standardised value, in log-odds; the intercept and the effects sum to the logit.
When the score is its statement's best item's times their share of the labelled statements
(search/companions.py), `companion` says so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

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
class Companion:
    """The item's score came from its statement's best item (search/companions.py)."""

    item: str  # the best item's id
    item_score: float  # its score
    share: float  # of the labelled statements supporting it, the share supporting this item too
    score: float  # item_score × share: this item's score


@dataclass(frozen=True)
class Explanation:
    on_topic: bool  # did the topic model admit the statement at all?
    topic_threshold: float
    topic: ModelPart  # P(topic): is the statement about the framework?
    item: ModelPart  # P(item | topic): given that, does it support this item?
    nearest_views: tuple[NearView, ...]
    rule: str  # the step that decided the strength, in words (English)
    # the same step for a program or a translation (search/ui/why.py): one of RULES, and the
    # numbers the sentence quotes, by name (p_topic, threshold, score, strong, partial)
    rule_code: str = ""
    rule_values: dict[str, float] = field(default_factory=dict, hash=False)
    companion: Companion | None = None  # when the score is the best item's × their share

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


RULES = {  # rule_code -> the English sentence; rule_values fill it in
    "off_topic": "off topic: P(topic) {p_topic} < {threshold}, so no item is matched",
    "strong": "strong: score {score} ≥ {strong}",
    "partial": "partial: {partial} ≤ score {score} < {strong}",
    "partial_best": "partial: the statement's best item (score {score} < {partial})",
    "partial_companion": "partial: score {score} ≥ {strong} comes from the statement's best item; only an item's own score makes a match strong",
    "none": "none: score {score} < {partial}",
}


def _rule(
    cal: Calibration, on_topic: bool, topic_p: float, score: float, strength: str, partial: float
) -> tuple[str, dict]:
    """The step that decided the strength (a key of RULES) and the numbers it quotes; `partial`
    is the statement's own threshold (Calibration.partial_of)."""
    if not on_topic:
        return "off_topic", {"p_topic": topic_p, "threshold": cal.on_topic}
    if strength == "strong":
        return "strong", {"score": score, "strong": cal.strong}
    if strength == "partial" and score >= cal.strong:  # raised by a companion (Calibration.strengths)
        return "partial_companion", {"score": score, "strong": cal.strong}
    if strength == "partial" and score >= partial:
        return "partial", {"partial": partial, "score": score, "strong": cal.strong}
    if strength == "partial":
        return "partial_best", {"score": score, "partial": partial}
    return "none", {"score": score, "partial": partial}


COMPANION = (  # the English sentence of a Companion; the app's strings translate it ("why_companion")
    "score {score} = {item}'s score {item_score} × {share}: of the labelled statements that support {item}, "
    "the share that support this item too"
)


def companion_text(c: Companion, item: str | None = None, template: str | None = None) -> str:
    """A Companion's sentence: COMPANION (or `template`, its translation), `item` its best item as
    cited (default: the id), numbers to two decimals."""
    numbers = {"score": c.score, "item_score": c.item_score, "share": c.share}
    return (template or COMPANION).format(item=item or c.item, **{k: f"{v:.2f}" for k, v in numbers.items()})


def rule_text(code: str, values: dict[str, float], template: str | None = None) -> str:
    """The rule's sentence: RULES[code] (or `template`, its translation), numbers to two decimals."""
    return (template or RULES[code]).format(**{k: f"{v:.2f}" for k, v in values.items()})


def explain(
    cal: Calibration, found: Features, viewset: ViewSet, statement: int, item: int, strength: str
) -> Explanation:
    """One (statement, item) pair of Features (from Matcher.features) -> its Explanation."""
    topic_row = found.topic[statement]
    one = found.subset([statement])
    item_row = one.item_columns(cal.item_features)[0, item]
    topic = _part(cal.topic, TOPIC_FEATURES, topic_row)
    item_part = _part(cal.item, cal.item_features, item_row)
    views = np.flatnonzero(viewset.item_of_view == item)
    cosines = found.similarity[statement, views]
    nearest = tuple(
        NearView(viewset.views[v].kind, viewset.views[v].lang, viewset.views[v].text, round(float(c), 4))
        for v, c in sorted(zip(views, cosines), key=lambda vc: -vc[1])[:NEAREST_VIEWS]
    )
    topic_p = float(cal.topic(topic_row[None, :])[0])
    own = cal.own_probability(one)  # (1, m)
    score = float(own[0, item])
    companion = None
    source = None if cal.companions is None else cal.companions.source(own, 0, item)
    if source is not None:
        best, share = source
        score = float(own[0, best]) * share  # as Calibration.probability
        companion = Companion(viewset.items[best], round(float(own[0, best]), 4), round(share, 4), round(score, 4))
    on_topic = topic_p >= cal.on_topic
    partial = float(cal.partial_of(one)[0])
    code, values = _rule(cal, on_topic, topic_p, score, strength, partial)
    # the sentence from the rounded numbers it ships with, so that rule_text(rule_code,
    # rule_values) gives it back (0.99497 is "0.99" but its rounding 0.995 is "1.00")
    rounded = {k: round(float(v), 4) for k, v in values.items()}
    return Explanation(
        on_topic, round(cal.on_topic, 4), topic, item_part, nearest, rule_text(code, rounded), code, rounded, companion
    )
