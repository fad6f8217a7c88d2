"""A document hit scored with its article: each chunk of the dense pool gains a share of the
scores of its article's best other chunks in the pool.

Why: a topical question ("what does the declaration say on urban data?") is about an article,
while an index holds its paragraphs; data, finance and partnership paragraphs recur under many
articles, so the single closest paragraph is often a neighbouring article's. An article whose
several paragraphs answer is likelier the one asked about than one with a single close
paragraph (passage-score aggregation for document ranking: "max plus a share of the rest", cf.
Dai & Callan 2019 on MaxP/SumP). The best chunk of the best article comes first; the engine's
callers fold an article's hits into one result (search/ui/results.py).

An article is the chunks of one document with one label (indexer/structure/units.py gives an
article's later paragraphs its label); framework items (one chunk per language version) and
unlabelled chunks stand alone.

Shapes: rows (p,) chunk rows of the pool; scores (p,); groups (n,) int, -1 for none.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from indexer.documents import Chunk

SHARE = 0.3  # of each of the article's best other chunks' scores
SIBLINGS = 3  # how many of them


def article_key(doc_id: str, label: str) -> tuple[str, str] | None:
    """The article a chunk (or hit) of document `doc_id` with `label` belongs to; None for a
    framework item's chunk or a chunk without a label."""
    return (doc_id, label) if label and not doc_id.startswith("framework:") else None


def article_groups(chunks: Sequence[Chunk]) -> np.ndarray:
    """(n,) each chunk's article number (document and label), -1 for a chunk that has none."""
    numbers: dict[tuple[str, str], int] = {}
    keys = (article_key(c.doc_id, c.label) for c in chunks)
    return np.fromiter(
        (-1 if key is None else numbers.setdefault(key, len(numbers)) for key in keys), np.int64, count=len(chunks)
    )


def with_articles(
    rows: np.ndarray, scores: np.ndarray, groups: np.ndarray, share: float = SHARE, siblings: int = SIBLINGS
) -> np.ndarray:
    """(p,) the pool's scores, each plus `share` x the sum of its article's `siblings` best other
    scores in the pool (scores as they are for a chunk with no article or alone in the pool)."""
    scores = np.asarray(scores, dtype=np.float32)
    group = groups[rows]
    out = scores.copy()
    if share <= 0 or len(rows) < 2 or (group < 0).all():
        return out
    order = np.lexsort((-scores, group))  # by article, best first within it
    g, s = group[order], scores[order]
    first = np.r_[True, g[1:] != g[:-1]]
    start = np.flatnonzero(first)
    own_start = np.repeat(start, np.diff(np.r_[start, len(g)]))  # where each chunk's article begins
    rank = np.arange(len(g)) - own_start
    kept = np.maximum(s, 0.0)  # a sibling far from the question adds nothing (and takes nothing)
    total = np.add.reduceat(np.where(rank <= siblings, kept, 0.0), start)[np.cumsum(first) - 1]
    # the best `siblings` others: the top siblings + 1 without this chunk when it is among them,
    # else without the article's (siblings + 1)-th best
    nth = kept[np.minimum(own_start + siblings, len(g) - 1)]
    extra = np.where(rank <= siblings, total - kept, total - nth)
    out[order] = s + share * np.where(g < 0, 0.0, extra)
    return out
