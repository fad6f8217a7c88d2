"""Pure functions from statement/view cosines to per-item numbers.

Shapes: statements (n, dim) and views (v, dim) are unit rows; `raw` = statements @ views.T
is (n, v); per-item results are (n, items) in the order of viewset.items.
"""

from __future__ import annotations

import numpy as np

from search.margin import knn_mean
from search.views import ViewSet

TOP_VIEWS = 3
TOP_BACKGROUND = 1
TOP_CLUSTER_VIEWS = 5
# (view kind, how many of the item's best views of that kind are averaged): the item model
# of the calibration learns one weight per entry, so each kind counts as much as it helps.
KIND_FEATURES = (
    ("aspect", 3),
    ("example", 3),
    ("sentence", 3),
    ("text", 1),
    ("title", 1),
    ("aspect", 1),
    ("example", 1),
)
# The vote of a statement's nearest team notes (aspects and examples of every item at once):
# unlike the per-item columns it sees how the neighbourhood splits between rival items.
# Out of fold, 40-100 neighbours and temperatures 0.03-0.1 all gave the same gain; these
# sit in the middle of that plateau.
VOTE_KINDS = ("aspect", "example")
VOTE_NEIGHBOURS = 60
VOTE_TEMPERATURE = 0.05
VOTE_FLOOR = 1e-3


def top_mean(raw: np.ndarray, viewset: ViewSet, kinds: tuple[str, ...], top: int) -> np.ndarray:
    """(n, v) -> (n, items): mean of each item's `top` best views of `kinds`; an item with
    no such view gets its best whole-text view instead, so missing notes are not a penalty."""
    kind = np.array([v.kind for v in viewset.views])
    out = np.zeros((raw.shape[0], len(viewset.items)), np.float32)
    for k in range(len(viewset.items)):
        mine = viewset.item_of_view == k
        cols, top_k = np.flatnonzero(mine & np.isin(kind, kinds)), top
        if not len(cols):
            text = np.flatnonzero(mine & (kind == "text"))
            cols, top_k = (text if len(text) else np.flatnonzero(mine)), 1
        out[:, k] = knn_mean(raw[:, cols], top_k)
    return out


def cluster_level(raw: np.ndarray, viewset: ViewSet, top: int = TOP_CLUSTER_VIEWS) -> np.ndarray:
    """(n, v) -> (n, items): how close the statement is to the item's cluster — the mean of
    its `top` best views over all the cluster's items, centred on the statement's mean over
    clusters, best of the item's clusters (an item in no cluster is a cluster of its own)."""
    clusters = with_singletons(viewset.clusters, len(viewset.items))
    level = np.stack([knn_mean(raw[:, np.isin(viewset.item_of_view, c)], top) for c in clusters], axis=1)
    level -= level.mean(axis=1, keepdims=True)
    out = np.full((raw.shape[0], len(viewset.items)), -np.inf, np.float32)
    for n, c in enumerate(clusters):
        out[:, list(c)] = np.maximum(out[:, list(c)], level[:, n : n + 1])
    return out


def all_kinds(viewset: ViewSet) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.kind for v in viewset.views))


def note_mask(viewset: ViewSet) -> np.ndarray:
    """(v,) bool: the team's notes (VOTE_KINDS), or every view when the framework has none."""
    notes = np.isin(np.array([v.kind for v in viewset.views]), VOTE_KINDS)
    return notes if notes.any() else np.ones(len(notes), bool)


def note_shares(raw: np.ndarray, viewset: ViewSet) -> np.ndarray:
    """(n, v) -> (n, items): each item's share in a soft vote of the statement's
    VOTE_NEIGHBOURS nearest notes (note_mask), each weighted by exp((cosine - best) / VOTE_TEMPERATURE)."""
    voters = np.flatnonzero(note_mask(viewset))
    sims = raw[:, voters]
    n = min(VOTE_NEIGHBOURS, sims.shape[1])
    near = np.argpartition(-sims, n - 1, axis=1)[:, :n]
    near_sims = np.take_along_axis(sims, near, axis=1)
    weights = np.exp((near_sims - near_sims.max(axis=1, keepdims=True)) / VOTE_TEMPERATURE)
    votes = np.zeros((raw.shape[0], len(viewset.items)))
    rows = np.repeat(np.arange(raw.shape[0]), n)
    np.add.at(votes, (rows, viewset.item_of_view[voters][near].reshape(-1)), weights.reshape(-1))
    return votes / votes.sum(axis=1, keepdims=True)


def note_votes(shares: np.ndarray) -> np.ndarray:
    """note_shares (n, items) -> (n, items): their log, floored."""
    return np.log(shares + VOTE_FLOOR).astype(np.float32)


def with_singletons(groups: tuple[tuple[int, ...], ...], items: int) -> list[tuple[int, ...]]:
    """Groups of item indices (clusters, sections), then every item in none as a group of its own."""
    covered = {k for g in groups for k in g}
    return [*groups, *((k,) for k in range(items) if k not in covered)]


def section_votes(shares: np.ndarray, viewset: ViewSet) -> np.ndarray:
    """note_shares (n, items) -> (n, items): log of the summed share of the item's section of
    the framework's outline (viewset.sections), so that a statement is placed in the right part
    of the framework before the right item; an item in no section votes alone."""
    out = np.zeros(shares.shape, np.float32)
    for group in with_singletons(viewset.sections, len(viewset.items)):
        out[:, list(group)] = note_votes(shares[:, list(group)].sum(axis=1, keepdims=True))
    return out


def kind_features(raw: np.ndarray, viewset: ViewSet, hub: np.ndarray) -> np.ndarray:
    """(n, v), hub (v,) from hub_level -> (n, items, len(KIND_FEATURES) + 4).

    The kind columns are centred on the statement's mean over items: for ranking, what
    matters is how much an item stands out. The next column keeps an absolute level — the
    item's best three views of any kind, each minus its hub level — so that a statement close
    to nothing can be told apart from one close to everything. The last three are note_votes,
    how far each is below the statement's highest (a margin: an item far behind the vote's
    winner is less likely supported, whatever its own share) and section_votes."""
    columns = [top_mean(raw, viewset, (kind,), top) for kind, top in KIND_FEATURES]
    pooled = top_mean(raw - hub[None, :], viewset, all_kinds(viewset), TOP_VIEWS)
    centred = [c - c.mean(axis=1, keepdims=True) for c in columns]
    shares = note_shares(raw, viewset)
    votes = note_votes(shares)
    gap = votes - votes.max(axis=1, keepdims=True)
    return np.stack(centred + [pooled, votes, gap, section_votes(shares, viewset)], axis=-1)


def hub_level(viewset: ViewSet) -> np.ndarray:
    """(n_views,) mean cosine of each view to the aspect notes of the other items (or to
    the other items' views when the framework has no aspects): how close a view sits to
    everything, a "hub" that would otherwise be near every statement."""
    kinds = np.array([v.kind for v in viewset.views])
    background = kinds == "aspect" if (kinds == "aspect").any() else np.ones(len(kinds), bool)
    sims = viewset.vectors @ viewset.vectors[background].T  # (n_views, n_background)
    other = viewset.item_of_view[:, None] != viewset.item_of_view[background][None, :]
    return (sims * other).sum(axis=1) / np.maximum(other.sum(axis=1), 1)


def background_similarity(statements: np.ndarray, background: np.ndarray, top: int = TOP_BACKGROUND) -> np.ndarray:
    """(n, dim), (b, dim) -> (n,) mean cosine of each statement to its `top` nearest
    off-topic sentences (0 when there are none)."""
    if not len(background):
        return np.zeros(len(statements), np.float32)
    return knn_mean(statements @ background.T, top)
