"""Companions: the items reviewers accept together with a statement's best one.

Why: the NUA's paragraphs overlap by design (housing is ¶31–33 and ¶105–112), so a statement a
reviewer places at ¶108 is often acceptable at ¶31 and ¶33 too, while the item model scores each
paragraph alone and calls most of them `none`. The labelled statements say how often that
happens: of the statements that support item i, the share that also support j. Since
P(j) ≥ P(best and j) = P(best) × P(j | best), an item's score is raised to its best item's score
times that share when that is higher (`raised`); a statement's best item stays first (a share is
always below 1). The bound assumes the statement is like the labelled ones that support its best
item; its own evidence against the item is not read, so a raised score is optimistic, and such a
match is partial at most (Calibration.strengths).

Shapes: labels (n, m) 0/1; probability (n, m); share (m, m), row i: P(j | i), diagonal 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

PRIOR = 1.0  # statements added to each item's count: an item supported once shares at most 1/2


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class Companions:
    items: tuple[str, ...]  # the framework's item ids, in the order of the (m, m) arrays
    together: np.ndarray  # (m, m) int: statements supporting both i and j (diagonal: i alone)

    @classmethod
    def of(cls, items: tuple[str, ...], labels: np.ndarray) -> Companions:
        """The labelled statements' co-support (labels (n, m) 0/1 of on-topic statements)."""
        y = (np.asarray(labels) == 1).astype(np.int64)
        return cls(tuple(items), y.T @ y)

    @cached_property  # read for every statement scored and every match explained
    def share(self) -> np.ndarray:
        """(m, m) P(j | i): of the statements supporting i, the share supporting j, shrunk by PRIOR."""
        counts = np.diag(self.together).astype(np.float64)
        share = self.together / (counts[:, None] + PRIOR)
        np.fill_diagonal(share, 0.0)
        return share

    def raised(self, probability: np.ndarray) -> np.ndarray:
        """(n, m) each item's probability, or its best item's times their share when higher."""
        if probability.size == 0:
            return probability
        best = np.argmax(probability, axis=1)
        bound = probability[np.arange(len(best)), best][:, None] * self.share[best]
        return np.maximum(probability, bound)

    def source(self, probability: np.ndarray, statement: int, item: int) -> tuple[int, float] | None:
        """(best item, share) when `item`'s score in `raised` comes from its companion, else None."""
        row = probability[statement]
        best = int(np.argmax(row))
        share = float(self.share[best, item])
        return (best, share) if row[best] * share > row[item] else None

    def as_json(self) -> dict:
        """{"items": [ids], "together": {"i": {"j": statements supporting both, "i": supporting i}}} (sparse)."""
        together: dict[str, dict[str, int]] = {}
        for i, j in zip(*np.nonzero(self.together)):
            together.setdefault(self.items[i], {})[self.items[j]] = int(self.together[i, j])
        return {"items": list(self.items), "together": together}

    @classmethod
    def from_json(cls, raw: dict) -> Companions:
        """as_json's form, checked; ValueError when it is not one."""
        items = tuple(raw["items"])
        if not all(isinstance(item, str) for item in items) or len(set(items)) != len(items):
            raise ValueError("companions: items must be distinct ids")
        if not isinstance(raw["together"], dict) or not all(isinstance(row, dict) for row in raw["together"].values()):
            raise ValueError("companions: together must map an item to {item: count}")
        index = {item: k for k, item in enumerate(items)}
        together = np.zeros((len(items), len(items)), np.int64)
        for i, row in raw["together"].items():
            for j, count in row.items():
                if i not in index or j not in index:
                    raise ValueError(f"companions count an item they do not list: {i if i not in index else j}")
                if not isinstance(count, int) or count < 0:
                    raise ValueError(f"companions: {i} and {j} counted {count!r}")
                together[index[i], index[j]] = count
        if (together != together.T).any() or (together > np.diag(together)[:, None]).any():
            raise ValueError("companions: counts are not symmetric, or exceed an item's own count")
        return cls(items, together)
