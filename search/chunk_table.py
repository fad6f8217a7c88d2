"""Lookups over an index's chunk rows, built once per engine, so a query's filters, quoted
phrases and item references cost no Python pass over every chunk.

Why: search/engine.py answered these with a loop over all chunks per query; at 100k bench
chunks (eval/bench_search.py, issue 15) a quoted phrase took 100-180 ms (every text case-folded
again; now 14 ms, 71 ms for the first) and a language or document filter 9-10 ms (now 0.1 ms,
13-21 ms for the first). The answers are the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from indexer.documents import Chunk


class ChunkTable:
    def __init__(self, chunks: Sequence[Chunk]):
        self.chunks = chunks
        self._codes: dict[str, tuple[list, np.ndarray]] = {}  # field -> (distinct values, row -> value number)
        self._folded: list[str] | None = None
        self._labels: dict[str, list[int]] | None = None

    def _grouped(self, field: str, value) -> tuple[list, np.ndarray]:
        """(distinct values, (n,) each row's value's number): a filter is then judged once per
        distinct value (a few languages and documents), not once per chunk."""
        if field not in self._codes:
            numbers: dict = {}
            codes = np.fromiter((numbers.setdefault(value(c), len(numbers)) for c in self.chunks), np.int64)
            self._codes[field] = (list(numbers), codes)
        return self._codes[field]

    def _where(self, field: str, value, keep) -> np.ndarray:
        distinct, codes = self._grouped(field, value)
        if not distinct:
            return np.zeros(0, bool)
        return np.array([bool(keep(v)) for v in distinct])[codes]

    def allowed(self, langs: Sequence[str], doc: str | None, framework: str | None) -> np.ndarray:
        """(n,) bool: the chunks in one of `langs`, of document `doc` (its id, an id prefix or its
        title) and of framework `framework`; an empty filter keeps every chunk."""
        ok = np.ones(len(self.chunks), bool)
        if langs:
            ok &= self._where("lang", lambda c: c.lang, lambda lang: lang in langs)
        if doc:
            ok &= self._where(
                "doc", lambda c: (c.doc_id, c.title), lambda d: d[0] == doc or d[0].startswith(doc) or d[1] == doc
            )
        if framework:
            ok &= self._where("doc_id", lambda c: c.doc_id, lambda d: d == f"framework:{framework}")
        return ok

    def with_phrases(self, phrases: Sequence[str]) -> list[int]:
        """Rows, ascending, whose case-folded text contains every one of `phrases` (case-folded)."""
        if self._folded is None:  # case-folding every text was most of a phrase query's time
            self._folded = [c.text.casefold() for c in self.chunks]
        if len(phrases) == 1:
            phrase = phrases[0]
            return [i for i, text in enumerate(self._folded) if phrase in text]
        return [i for i, text in enumerate(self._folded) if all(p in text for p in phrases)]

    def labelled(self, label: str) -> list[int]:
        """Rows, ascending, whose label is `label`."""
        if self._labels is None:
            self._labels = {}
            for i, chunk in enumerate(self.chunks):
                self._labels.setdefault(chunk.label, []).append(i)
        return self._labels.get(label, [])
