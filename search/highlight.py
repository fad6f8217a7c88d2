"""The best sentence of each hit: the one sharing most query words, else the one closest in
meaning to the query.

Why this is its own module: highlighting was ~85 % of a search (eval/bench_search.py: p95
127 ms at 100k chunks against ~15 ms for query embedding and ranking), because every sentence
of every hit without a shared word was embedded as a text of its own. Now:

- a hit of one sentence is its own highlight (no embedding);
- an index written with sentence vectors (indexer/index/sentences.py) gives `stored`: a hit's
  sentences are then scored by a dot product, no model call (eval/bench_search.py);
- sentence spans, their tokens and their vectors are kept per chunk (LRU), so the hits that
  recur across a session's queries cost nothing the second time;
- `tokens(chunk)`, the chunk's whole-text tokens (the engine's BM25 tokens), hold every token of
  each of its sentences (sentences end at marks and line breaks, where words and CJK runs end
  too), so a hit sharing none with the query is not tokenised sentence by sentence: that was
  most of what stored vectors left of highlighting (eval/bench_search.py, issue 15);
- `pooled=True` scores a hit's sentences from ONE forward pass over its text
  (Embedder.encode_spans, "late chunking"): ten sequences instead of ~30, but it picked
  another sentence than separate embeddings for 74 of 300 cross-lingual Cairo pairs
  (eval/bench_search.py) and saved only 5-35 % under load, so it is not the default.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np

from indexer.documents import Chunk
from indexer.structure.sentences import sentence_spans
from search.lexical import tokenize

Spans = tuple[tuple[int, int], ...]
Stored = Callable[[Chunk, Spans], "np.ndarray | None"]
Tokens = Callable[[Chunk], "set[str] | frozenset[str] | None"]
CACHE_CHUNKS = 4096  # chunks whose sentences (spans, tokens, vectors) are kept: ~6 MB of vectors


class _LRU:
    def __init__(self, size: int):
        self.size, self._items = size, OrderedDict()

    def get(self, key: Hashable, make: Callable[[], object]):
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = self._items[key] = make()
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return value

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items


class Highlighter:
    """highlights(chunks, query, qvec) -> per chunk a tuple with its best sentence's (start, end)."""

    def __init__(
        self,
        embedder,
        languages: tuple[str, ...],
        cache_chunks: int = CACHE_CHUNKS,
        pooled: bool = False,
        stored: Stored | None = None,
        tokens: Tokens | None = None,
    ):
        """`stored(chunk, spans)`: the chunk's sentence vectors from the index, or None (embedded then);
        `tokens(chunk)`: tokenize(chunk.text, (chunk.lang,)) as a set, or None (not known)."""
        self.embedder, self.languages, self.pooled, self.stored = embedder, languages, pooled, stored
        self.tokens = tokens
        self._spans = _LRU(cache_chunks)  # chunk key -> spans
        self._sentences = _LRU(cache_chunks)  # chunk key -> (spans, token sets)
        self._vectors = _LRU(cache_chunks)  # chunk key -> (sentences, dim) unit rows

    def _spans_of(self, chunk: Chunk) -> Spans:
        return self._spans.get((chunk.chunk_id, chunk.sha256), lambda: tuple(sentence_spans(chunk.text)))

    def _parts(self, chunk: Chunk) -> tuple[Spans, tuple[frozenset[str], ...]]:
        def make():
            spans = self._spans_of(chunk)
            tokens = tuple(frozenset(tokenize(chunk.text[a:b], (chunk.lang,))) for a, b in spans)
            return spans, tokens

        return self._sentences.get((chunk.chunk_id, chunk.sha256), make)

    def __call__(self, chunks: list[Chunk], query: str, qvec: np.ndarray) -> list[Spans]:
        qtokens = set(tokenize(query, self.languages))
        out: list[Spans] = []
        pending: list[int] = []
        for n, chunk in enumerate(chunks):
            spans = self._spans_of(chunk)
            if len(spans) < 2:
                out.append(spans)  # one sentence: nothing to choose between; none: no highlight
                continue
            known = self.tokens(chunk) if self.tokens is not None else None
            if known is not None and qtokens.isdisjoint(known):
                overlap = [0]  # the whole text shares no word with the query, so no sentence does
            else:
                overlap = [len(qtokens & t) for t in self._parts(chunk)[1]]
            if max(overlap) > 0:
                out.append((spans[int(np.argmax(overlap))],))
            else:
                out.append(())
                pending.append(n)
        if self.stored is not None:  # from the index: a dot product per hit
            embed = []
            for n in pending:
                spans = self._spans_of(chunks[n])
                vectors = self.stored(chunks[n], spans)
                if vectors is None:
                    embed.append(n)
                else:
                    out[n] = (spans[int(np.argmax(vectors @ qvec))],)
            pending = embed
        if pending:
            for n, vectors in zip(pending, self._sentence_vectors([chunks[n] for n in pending])):
                out[n] = (self._spans_of(chunks[n])[int(np.argmax(vectors @ qvec))],)
        return out

    def _sentence_vectors(self, chunks: list[Chunk]) -> list[np.ndarray]:
        keys = [(c.chunk_id, c.sha256) for c in chunks]
        found = {n: self._vectors.get(key, lambda: None) for n, key in enumerate(keys) if key in self._vectors}
        missing = [n for n in range(len(chunks)) if n not in found]
        if missing:
            texts = [chunks[n].text for n in missing]
            spans = [self._spans_of(chunks[n]) for n in missing]
            if self.pooled and hasattr(self.embedder, "encode_spans"):
                made = self.embedder.encode_spans(texts, spans, "passage")
            else:  # each sentence on its own
                made = _separately(self.embedder, texts, spans)
            for n, vectors in zip(missing, made):
                found[n] = self._vectors.get(keys[n], lambda v=vectors: v)
        return [found[n] for n in range(len(chunks))]


def _separately(embedder, texts: list[str], spans: list[Spans]) -> list[np.ndarray]:
    pieces = [text[a:b] for text, text_spans in zip(texts, spans) for a, b in text_spans]
    vectors = embedder.encode(pieces, "passage", batch_size=8)
    out, start = [], 0
    for text_spans in spans:
        out.append(vectors[start : start + len(text_spans)])
        start += len(text_spans)
    return out
