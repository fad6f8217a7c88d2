"""From raw similarities to a calibrated probability that a statement supports an item.

e5 similarities are compressed (off-topic sentences reach 0.84 while true matches start at
0.76), so a fixed cosine threshold cannot tell support from noise. Small logistic
models, fitted by search/fit.py on the labelled statements in `eval/data`
(`python eval/match_eval.py --write`), read the named columns of search/features.py:

- topic: is the statement about any item at all? Its best similarity to the framework's
  views minus its best similarity to the team's off-topic sentences (page furniture,
  formalities, news) — both sides compressed alike, so the difference carries the signal —
  and its log-odds along a topic direction (fit.fit_direction: a linear model from the team's
  notes to those off-topic sentences), and whether it opens with a short label and a colon
  (search/form.py: glossary entries, captions), and whether it is nearer the team's off-topic
  labelled statements than its on-topic ones (search/neighbours.py, shipped beside the file),
  and whether what follows its label reads as a definition or a commitment (the direction
  of search/views.py: embed_form_direction);
- item: given that it is, does it support this item? Learned weights over the item's view
  kinds (search/scoring.py: its best aspects, examples, sentences, whole text and title,
  each relative to the statement's mean over all items), the item's absolute level, and its
  share in a soft vote of the statement's nearest team notes.

probability = P(topic) × P(item | topic), raised for a framework with companions to the
statement's best item's probability times how often the labelled statements support both
(search/companions.py). A threshold on P(topic) decides whether the
statement matches anything; two thresholds on the probability give the strengths. The
fitted numbers live in `corpus/frameworks/<id>/calibration.json`.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.errors import CalibrationWarning
from indexer.frameworks.model import FrameworkError, bundled_root
from indexer.model.info import forms
from indexer.settings import cache_root
from search.adapter import Adapter, adapter_path, load_adapter, save_adapter
from search.companions import Companions
from search.features import ITEM_FEATURES, TOPIC_FEATURES, Features, is_item_feature
from search.neighbours import Neighbours, load_neighbours, save_neighbours


@dataclass(frozen=True)
class Logistic:
    """A fitted logistic model (search/fit.py fits them) on standardised features."""

    weights: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    intercept: float

    def logit(self, features: np.ndarray) -> np.ndarray:
        z = (features - np.array(self.mean)) / np.array(self.scale)
        return z @ np.array(self.weights) + self.intercept

    def __call__(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logit(features)))


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
    partial_multi: float | None = None  # "partial" for statements of two or more sentences (fit.choose_partial_multi)
    # the labelled statements the topic model's labelled_neighbours column is read against
    # (None: the column is 0); arrays, so left out of == (the numbers above say the fit)
    neighbours: Neighbours | None = field(default=None, compare=False, repr=False)
    adapter: Adapter | None = field(default=None, compare=False, repr=False)  # maps statements first
    # raises an item's score to its best item's × their share of the labelled statements (search/companions.py)
    companions: Companions | None = field(default=None, compare=False, repr=False)

    def on_topic_probability(self, features: Features) -> np.ndarray:
        """(n,) P(topic): the statement is about the framework at all."""
        return self.topic(features.topic)

    def probability(self, features: Features) -> np.ndarray:
        """Features of n statements over m items -> (n, m) in [0, 1]: P(topic) × P(item | topic),
        raised by the companions of each statement's best item when the calibration has them."""
        own = self.own_probability(features)
        return own if self.companions is None else self.companions.raised(own)

    def own_probability(self, features: Features) -> np.ndarray:
        """(n, m) P(topic) × P(item | topic): each item scored alone."""
        return self.on_topic_probability(features)[:, None] * self.item(features.item_columns(self.item_features))

    def partial_of(self, features: Features) -> np.ndarray:
        """(n,) the partial threshold of each statement: partial_multi for a paragraph, when fitted."""
        if self.partial_multi is None:
            return np.full(len(features.topic), self.partial)
        return np.where(features.multi, self.partial_multi, self.partial)

    def strengths(self, features: Features, probability: np.ndarray) -> np.ndarray:
        """Features of n statements, probability (n, m) -> (n, m) of "strong" /
        "partial" / "none". Whether a statement is about the framework at all is the topic
        model's call alone (it is fitted for exactly that question); a statement it admits
        supports at least its best item partially. A score raised by a companion makes a match
        partial at most: "strong" needs the item's own score."""
        partial = self.partial_of(features)[:, None]
        own = probability if self.companions is None else self.own_probability(features)
        out = np.where(own >= self.strong, "strong", np.where(probability >= partial, "partial", "none"))
        if out.size:
            best = np.argmax(probability, axis=1)
            rows = np.arange(len(out))
            out[rows, best] = np.where(out[rows, best] == "none", "partial", out[rows, best])
        out[self.on_topic_probability(features) < self.on_topic] = "none"
        return out.astype(object)


def calibration_path(framework_id: str) -> Path:
    """The shipped calibration (eval/match_eval.py --write)."""
    return bundled_root() / framework_id / "calibration.json"


def user_calibration_path(framework_id: str) -> Path:
    """A calibration refitted with a reviewer's decisions (`policy-align calibrate`); used
    instead of the shipped one while it exists (`calibrate --reset` removes it)."""
    return cache_root() / "calibrations" / f"{framework_id}.json"


def load_calibration(framework_id: str) -> Calibration:
    """The user's refitted calibration when there is one, else the shipped one. A user's
    calibration fitted under an earlier text or run form (indexer/model/info.py) is not used:
    its labelled neighbours and adapter were made from other vectors (a warning says so)."""
    user = user_calibration_path(framework_id)
    if not user.is_file():
        return load_calibration_file(framework_id, calibration_path(framework_id))
    made_under = _forms(user)
    if made_under is not None and made_under != forms():
        warnings.warn(
            f"{framework_id}: your calibration ({user}) was fitted on vectors made in an earlier form; "
            "the shipped one is used. Run policy-align calibrate --reviews … again, or calibrate --reset",
            CalibrationWarning,
            stacklevel=2,
        )
        return load_calibration_file(framework_id, calibration_path(framework_id))
    return load_calibration_file(framework_id, user)


def _forms(path: Path) -> dict[str, int] | None:
    """The forms a calibration file was fitted under (1 before each was recorded); None when unreadable."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {key: int(raw.get(key, 1)) for key in forms()}
    except (OSError, ValueError, TypeError, AttributeError):
        return None  # load_calibration_file says what is wrong with it


def load_calibration_file(framework_id: str, path: Path) -> Calibration:
    user = user_calibration_path(framework_id)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("topic_features") != list(TOPIC_FEATURES) or not all(
            is_item_feature(name) for name in raw.get("item_features", ["?"])
        ):
            raise ValueError(f"fitted for other features ({raw.get('topic_features')}, {raw.get('item_features')})")
        models = {k: _logistic(raw[k]) for k in ("direction", "topic", "item")}
        dimension = len(models["direction"].weights)
        neighbours = load_neighbours(raw["neighbours"], path, dimension)
        adapter = load_adapter(raw["adapter"], path, dimension) if raw.get("adapter") else None
        companions = Companions.from_json(raw["companions"]) if raw.get("companions") else None
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
            None if raw.get("partial_multi") is None else float(raw["partial_multi"]),  # absent before issue 14
            neighbours,
            adapter,
            companions,
        )
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise FrameworkError(
            f"{framework_id}: no usable calibration at {path} ({exc}); "
            + ("run policy-align calibrate --reset" if path == user else "run python eval/match_eval.py --write")
        ) from exc


def _logistic(raw: dict) -> Logistic:
    fields = {"intercept" if f == "bias" else f: v for f, v in raw.items()}  # "bias": files before 2026-12
    return Logistic(**{f: tuple(v) if isinstance(v, list) else v for f, v in fields.items()})


def save_calibration(cal: Calibration, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    neighbours = cal.neighbours or Neighbours.of(np.zeros((0, len(cal.direction.weights))), np.zeros(0, bool))
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
        "partial_multi": cal.partial_multi,
        "fitted_on": cal.fitted_on,
        **forms(),
        "neighbours": save_neighbours(neighbours, path),
    }
    if cal.companions is not None:
        raw["companions"] = cal.companions.as_json()
    if cal.adapter is not None:
        raw["adapter"] = save_adapter(cal.adapter, path)
    else:
        adapter_path(path).unlink(missing_ok=True)  # an earlier fit's, no longer read
    path.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
