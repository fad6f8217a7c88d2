"""From raw similarities to a calibrated probability that a statement supports an item.

e5 similarities are compressed (off-topic sentences reach 0.84 while true matches start at
0.76), so a fixed cosine threshold cannot tell support from noise. Small logistic
models, fitted on the labelled statements in `eval/data` (eval/match_eval.py --write):

- topic: is the statement about any item at all? Its best similarity to the framework's
  views minus its best similarity to the team's off-topic sentences (page furniture,
  formalities, news) — both sides compressed alike, so the difference carries the signal —
  and its log-odds along a topic direction (fit_direction: a linear model from the team's
  notes to those off-topic sentences);
- item: given that it is, does it support this item? Learned weights over the item's view
  kinds (search/scoring.py: its best aspects, examples, sentences, whole text and title,
  each relative to the statement's mean over all items), the item's absolute level, and its
  share in a soft vote of the statement's nearest team notes.

probability = P(topic) × P(item | topic). A threshold on P(topic) decides whether the
statement matches anything; two thresholds on the probability give the strengths. The
fitted numbers live in `corpus/frameworks/<id>/calibration.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.frameworks.model import FrameworkError, bundled_root
from search.scoring import KIND_FEATURES
from search.views import Background

TOPIC_FEATURES = ("reach_over_background", "topic_direction")
DIRECTION_C = 10.0  # regularisation of the topic direction (1-10 did alike out of fold)
ITEM_FEATURES = tuple(f"{kind}_top{top}" for kind, top in KIND_FEATURES) + ("pooled_top3", "note_vote")


def topic_features(reach: np.ndarray, background: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """reach (n,) best similarity to any view, background (n,) best similarity to an
    off-topic sentence, direction (n,) log-odds of the topic direction -> (n, len(TOPIC_FEATURES))."""
    return np.stack([reach - background, direction], axis=1)


@dataclass(frozen=True)
class Logistic:
    weights: tuple[float, ...]  # on standardised features
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    bias: float

    def logit(self, features: np.ndarray) -> np.ndarray:
        z = (features - np.array(self.mean)) / np.array(self.scale)
        return z @ np.array(self.weights) + self.bias

    def __call__(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logit(features)))

    @classmethod
    def fit(cls, features: np.ndarray, labels: np.ndarray, c: float = 1.0, balanced: bool = False) -> "Logistic":
        from sklearn.linear_model import LogisticRegression

        mean, scale = features.mean(axis=0), features.std(axis=0) + 1e-9
        model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if balanced else None)
        model = model.fit((features - mean) / scale, labels)
        return cls(
            tuple(map(float, model.coef_[0])),
            tuple(map(float, mean)),
            tuple(map(float, scale)),
            float(model.intercept_[0]),
        )


def fit_direction(notes: np.ndarray, note_langs: set[str], background: Background) -> Logistic:
    """A linear direction in embedding space from the team's notes (on topic) to the
    off-topic sentences: it reads what a statement says, where the nearest-neighbour
    feature only reads how close its closest sentence is. Only background sentences in the
    notes' languages are negatives, so that a language itself is no evidence of being off topic."""
    negatives = background.vectors[np.isin(np.array(background.langs), sorted(note_langs))]
    labels = np.r_[np.ones(len(notes)), np.zeros(len(negatives))].astype(int)
    return Logistic.fit(np.r_[notes, negatives], labels, DIRECTION_C, balanced=True)


@dataclass(frozen=True)
class Calibration:
    framework: str
    direction: Logistic  # fit_direction: statement vector -> log-odds of being on topic
    topic: Logistic
    item: Logistic
    on_topic: float  # P(topic) below which a statement matches nothing
    strong: float  # probability at or above which a match is "strong"
    partial: float  # ... "partial"; below it, "none" (except a statement's best item, see strengths)
    fitted_on: str  # data set and commit, for the record
    item_features: tuple[str, ...] = ITEM_FEATURES  # the columns the item model reads

    def probability(self, topic: np.ndarray, items: np.ndarray) -> np.ndarray:
        """topic (n, len(TOPIC_FEATURES)), items (n, m, len(ITEM_FEATURES)) -> (n, m) in [0, 1]."""
        columns = [ITEM_FEATURES.index(name) for name in self.item_features]
        return self.topic(topic)[:, None] * self.item(items[..., columns])

    def strengths(self, topic: np.ndarray, probability: np.ndarray) -> np.ndarray:
        """topic (n, len(TOPIC_FEATURES)), probability (n, m) -> (n, m) of "strong" /
        "partial" / "none". Whether a statement is about the framework at all is the topic
        model's call alone (it is fitted for exactly that question); a statement it admits
        supports at least its best item partially."""
        out = np.where(probability >= self.strong, "strong", np.where(probability >= self.partial, "partial", "none"))
        if out.size:
            best = np.argmax(probability, axis=1)
            rows = np.arange(len(out))
            out[rows, best] = np.where(out[rows, best] == "none", "partial", out[rows, best])
        out[self.topic(topic) < self.on_topic] = "none"
        return out.astype(object)


def calibration_path(framework_id: str) -> Path:
    return bundled_root() / framework_id / "calibration.json"


def load_calibration(framework_id: str) -> Calibration:
    path = calibration_path(framework_id)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("topic_features") != list(TOPIC_FEATURES) or not set(raw.get("item_features", ["?"])) <= set(
            ITEM_FEATURES
        ):
            raise ValueError(f"fitted for other features ({raw.get('topic_features')}, {raw.get('item_features')})")
        models = {
            k: Logistic(**{f: tuple(v) if isinstance(v, list) else v for f, v in raw[k].items()})
            for k in ("direction", "topic", "item")
        }
        return Calibration(
            raw["framework"],
            models["direction"],
            models["topic"],
            models["item"],
            float(raw["on_topic"]),
            float(raw["strong"]),
            float(raw["partial"]),
            raw["fitted_on"],
            tuple(raw["item_features"]),
        )
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise FrameworkError(
            f"{framework_id}: no usable calibration at {path} ({exc}); run python eval/match_eval.py --write"
        ) from exc


def save_calibration(cal: Calibration, path: Path) -> None:
    raw = {
        "framework": cal.framework,
        "topic_features": list(TOPIC_FEATURES),
        "item_features": list(cal.item_features),
        "direction": cal.direction.__dict__,
        "topic": cal.topic.__dict__,
        "item": cal.item.__dict__,
        "on_topic": cal.on_topic,
        "strong": cal.strong,
        "partial": cal.partial,
        "fitted_on": cal.fitted_on,
    }
    path.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
