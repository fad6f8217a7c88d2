"""What an engine's index gives its highlighter (search/highlight.py): each chunk found by its
id, with the index's vectors of its sentences (if stored) and its BM25 tokens; and the hits of
a search made without highlights (search(..., highlight=False)) highlighted afterwards.

Why this is its own module: it is the engine's link between its index and search/highlight.py,
apart from ranking (search/engine.py owns one, `SearchEngine.highlights`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from indexer.documents import Chunk
from indexer.index.store import IndexData
from search.highlight import Highlighter, Spans
from search.hits import Hit, clean_query
from search.lexical import LexicalIndex


class ChunkHighlights:
    def __init__(self, data: IndexData, lexical: Callable[[], LexicalIndex], embedder):
        """`lexical()`: the engine's BM25 index, asked for only when a highlighter needs it."""
        self.data, self.lexical, self.embedder = data, lexical, embedder
        self._rows: dict[str, int] | None = None

    @property
    def rows(self) -> dict[str, int]:
        """chunk id -> its row in the index"""
        if self._rows is None:
            self._rows = {c.chunk_id: i for i, c in enumerate(self.data.chunks)}
        return self._rows

    def highlighter(self) -> Highlighter:
        """A highlighter of these chunks: their stored sentence vectors (if any) and their BM25
        tokens (a hit sharing none with the query is not tokenised sentence by sentence)."""
        stored = self.stored if self.data.sentences is not None else None
        return Highlighter(self.embedder, self.lexical().languages, stored=stored, tokens=self.tokens)

    def tokens(self, chunk: Chunk) -> set[str] | None:
        """The BM25 tokens of `chunk`'s whole text, None if it is not this index's chunk."""
        row = self.rows.get(chunk.chunk_id)
        if row is None:
            return None
        mine = self.data.chunks[row]
        if mine is not chunk and (mine.text != chunk.text or mine.lang != chunk.lang):
            return None
        return self.lexical().token_set(row)

    def stored(self, chunk: Chunk, spans: Spans) -> np.ndarray | None:
        """The index's vectors of `chunk`'s sentences (indexer/index/sentences.py), None if not stored."""
        row = self.rows.get(chunk.chunk_id)
        if row is None or self.data.chunks[row].sha256 != chunk.sha256:
            return None
        return self.data.sentences.for_row(row, spans)

    def add(self, hits: list[Hit], query: str, highlighter: Callable) -> list[Hit]:
        """`hits` of this index with their highlights by `highlighter` (the engine's)."""
        if not hits:
            return []
        query = clean_query(query)
        chunks = [self.data.chunks[self.rows[h.chunk_id]] for h in hits]
        qvec = self.embedder.encode([query], "query")[0]
        return [replace(h, highlights=s) for h, s in zip(hits, highlighter(chunks, query, qvec))]
