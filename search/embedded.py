"""A plan's statements embedded for matching: each whole, each of its sentences and each of
its clauses (search/features.py reads item features on all three: a paragraph often supports
a second item in one sentence, or in one clause of a sentence about the first).

Shapes: statements (n, dim) unit rows; sentences (s, dim) and clauses (c, dim) with their
owners (s,), (c,) indexing the statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from indexer.structure.sentences import split_sentences
from search.form import as_read, split_label

MIN_SENTENCE_CHARS = 15  # shorter pieces ("1.", "Objective 3:") are labels, not sentences
# A clause ends after a comma or colon (followed by a space in scripts that space words, so
# "3,200" stays whole) or after a full-width, ideographic or Arabic comma/colon/semicolon.
CLAUSE_BREAK = re.compile(r"(?<=[,:])\s+|(?<=[，：、،؛])\s*")
MIN_CLAUSE_CHARS = 40  # shorter pieces are joined to the next: "the city," alone says nothing


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
    # (n, dim) the text after a statement's label, embedded; a zero row where it opens with none
    rests: np.ndarray | None = None

    def __post_init__(self):
        if self.labelled is None or len(self.labelled) != len(self.vectors):
            raise ValueError("Embedded needs its statements' forms (labelled): make it with embed_statements")
        if self.rests is None:  # made by hand (tests): no label's rest was read
            object.__setattr__(self, "rests", np.zeros_like(self.vectors))
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
            np.vstack([p.rests for p in parts]),
        )

    def subset(self, rows) -> Embedded:
        keep = np.asarray(rows)
        index = np.flatnonzero(keep) if keep.dtype == bool else keep
        sentences, owner = _pick(self.sentences, self.owner, index)
        clauses, clause_owner = _pick(self.clauses, self.clause_owner, index)
        return Embedded(
            self.vectors[index], sentences, owner, self.labelled[index], clauses, clause_owner, self.rests[index]
        )


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


def embed_statements(
    texts: list[str], embedder, show_progress: bool = False, fields: frozenset[str] = frozenset()
) -> Embedded:
    """texts -> Embedded: the statements, the sentences of multi-sentence ones and the clauses
    not already one of those, each text embedded once. Each statement is read without the
    citation label it opens with (search/form.py: body): "3.2" or "Measure 3.2:" says where,
    not what; and after a field name of its plan (`fields`, search/form.py: field_names of all its statements)."""
    texts = [as_read(t, fields) for t in texts]
    units = [sentence_units(t) for t in texts]
    clauses = [clause_units(t) for t in texts]
    first = list(texts) + [u for us in units if len(us) > 1 for u in us]
    row_of = {t: i for i, t in reversed(list(enumerate(first)))}  # a text's first row
    extra = list(dict.fromkeys(c for cs in clauses for c in cs if c not in row_of))
    row_of |= {c: len(first) + i for i, c in enumerate(extra)}
    encoded = embedder.encode(first + extra, "query", show_progress=show_progress)
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
    split = [split_label(t) for t in texts]
    labelled = np.array([float(s is not None) for s in split], np.float32)
    rests = np.zeros((len(texts), encoded.shape[1]), np.float32)
    headed = [i for i, s in enumerate(split) if s is not None]
    if headed:  # a batch of their own, after the others, as the clauses
        rests[headed] = embedder.encode([split[i][1] for i in headed], "query", show_progress=show_progress)
    return Embedded(encoded[: len(texts)], *rows(sentence_rows), labelled, *rows(clause_rows), rests)
