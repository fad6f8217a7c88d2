"""Fit an Adapter (search/adapter.py) on labelled statements: used by eval/match_eval.py when a
framework asks for one (framework.toml `adapter = true`), never when matching.

The map is I + A, A (dim, dim) starting at zero. A statement's score for an item is the mean of
its best TOP cosines to the item's views after the map; the loss is the softmax cross-entropy of
the statement's acceptable items among all items (temperature TAU) plus LAMBDA × ||A||², so the
map stays near the identity. The number of steps is chosen on a fifth of the statements held out
of the fit (early stopping), BAGS times on different fifths; the maps fitted on all statements
for each chosen number of steps are averaged. Torch is imported here only (CPU, one thread).
"""

from __future__ import annotations

import numpy as np

from search.adapter import Adapter

TAU = 0.01
LAMBDA = 0.01
TOP = 3
LEARNING_RATE = 1e-3
MAX_STEPS = 400
CHECK_EVERY = 20
BATCH = 64
BAGS = 3
HELD_OUT = 5  # one statement in five held out to choose the steps


def fit_adapter(vectors: np.ndarray, labels: np.ndarray, views: np.ndarray, item_of_view: np.ndarray, seed: int = 0):
    """vectors (n, dim) of on-topic statements, labels (n, m) 0/1 of their acceptable items,
    views (v, dim) and item_of_view (v,) of the framework -> Adapter."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # small matrices: one thread is as fast, and leaves the other core alone
    try:
        return _fit_bags(vectors, labels, views, item_of_view, seed)
    finally:
        torch.set_num_threads(threads)


def _fit_bags(vectors, labels, views, item_of_view, seed: int) -> Adapter:
    import torch

    index, valid = _item_views(item_of_view, labels.shape[1])
    data = (torch.tensor(vectors, dtype=torch.float32), torch.tensor(labels, dtype=torch.bool))
    space = (torch.tensor(views, dtype=torch.float32), torch.tensor(index), torch.tensor(valid))
    matrices = []
    for bag in range(BAGS):
        order = np.random.default_rng(seed + 1000 * bag).permutation(len(vectors))
        held, fit = order[: len(order) // HELD_OUT], order[len(order) // HELD_OUT :]
        steps = _best_steps(data, space, fit, held, seed + bag) if len(held) else 0  # too few: the identity
        matrices.append(_fit(data, space, np.arange(len(vectors)), steps, seed + bag)[0])
    return Adapter(np.mean(matrices, axis=0).astype(np.float32))


def _item_views(item_of_view: np.ndarray, items: int) -> tuple[np.ndarray, np.ndarray]:
    """(m, w) the view indices of each item, padded, and which of them are real."""
    per = [np.flatnonzero(item_of_view == j) for j in range(items)]
    width = max(len(p) for p in per)
    index, valid = np.zeros((items, width), np.int64), np.zeros((items, width), bool)
    for j, p in enumerate(per):
        index[j, : len(p)], valid[j, : len(p)] = p, True
    return index, valid


def _loss(delta, x, y, space):
    import torch

    views, index, valid = space
    mapped = torch.nn.functional.normalize(x + x @ delta.T, dim=-1)
    cosines = (mapped @ views.T)[:, index].masked_fill(~valid[None], -4.0)  # (b, m, w)
    scores = cosines.topk(min(TOP, index.shape[1]), dim=-1).values.mean(-1) / TAU
    supported = scores.masked_fill(~y, -1e9)
    return (torch.logsumexp(scores, -1) - torch.logsumexp(supported, -1)).mean()


def _fit(data, space, rows: np.ndarray, steps: int, seed: int, held: np.ndarray | None = None):
    """-> (matrix, [(step, held-out loss)…]): `steps` Adam steps on batches of `rows`."""
    import torch

    x, y = data
    delta = torch.zeros(x.shape[1], x.shape[1], requires_grad=True)
    optimiser = torch.optim.Adam([delta], lr=LEARNING_RATE)
    generator = torch.Generator().manual_seed(seed)
    rows_t = torch.tensor(rows)
    trace = []
    if held is not None:
        with torch.no_grad():
            trace.append((0, float(_loss(torch.zeros_like(delta), x[held], y[held], space))))
    for step in range(1, steps + 1):
        batch = rows_t[torch.randperm(len(rows_t), generator=generator)[:BATCH]]
        loss = _loss(delta, x[batch], y[batch], space) + LAMBDA * (delta**2).sum()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if held is not None and step % CHECK_EVERY == 0:
            with torch.no_grad():
                trace.append((step, float(_loss(delta, x[held], y[held], space))))
    matrix = np.eye(x.shape[1], dtype=np.float32) + delta.detach().numpy()
    return matrix, trace


def _best_steps(data, space, fit: np.ndarray, held: np.ndarray, seed: int) -> int:
    """The number of steps whose map has the lowest loss on the held-out statements (0: none helps)."""
    _, trace = _fit(data, space, fit, MAX_STEPS, seed, held)
    return min(trace, key=lambda point: point[1])[0]
