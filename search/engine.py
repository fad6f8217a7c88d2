"""Hybrid search over an index: dense (the embedder) and BM25 fused by reciprocal rank.

A query that names an item ("NUA 137", "cairo:6") puts that item first; quoted phrases
must occur in a hit. Each hit carries the character offsets of its best-matching sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.documents import Chunk
from indexer.errors import PolicyAlignError
from indexer.index.store import IndexData, load_index
from indexer.structure.sentences import sentence_spans
from search.lexical import LexicalIndex, tokenize
from search.references import item_reference, quoted_phrases

MAX_QUERY_CHARS = 2000
RRF_K = 60
HIGHLIGHT_BATCH = 8  # short sentences: small batches waste less padding
MODES = ("hybrid", "dense", "lexical")


class QueryError(PolicyAlignError):
    """The query cannot be searched (empty, for example)."""


@dataclass(frozen=True)
class Hit:
    doc: str
    title: str
    page: int | None
    label: str
    lang: str
    score: float
    text: str
    highlights: tuple[tuple[int, int], ...]  # character offsets into `text`
    flags: tuple[str, ...]
    section: tuple[str, ...]
    chunk_id: str
    path: str = ""  # the indexed file (a framework's corpus folder for its items)


def clean_query(query: str) -> str:
    query = " ".join(query.split())
    if not query:
        raise QueryError("the query is empty; type a few words in any language")
    return query[:MAX_QUERY_CHARS]  # e5 reads 512 tokens; a pasted page is cut, not refused


class SearchEngine:
    def __init__(self, index: Path | IndexData, embedder):
        self.embedder = embedder
        self.data = index if isinstance(index, IndexData) else load_index(Path(index), expected_model=embedder.name)
        self._paths = {
            doc_id: entry.get("path", "") for doc_id, entry in self.data.manifest.get("documents", {}).items()
        }
        self._lexical: LexicalIndex | None = None

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = LexicalIndex([c.text for c in self.data.chunks], [c.lang for c in self.data.chunks])
        return self._lexical

    def _allowed(self, langs, doc, framework) -> np.ndarray:
        chunks = self.data.chunks
        ok = np.ones(len(chunks), bool)
        if langs:
            ok &= np.array([c.lang in langs for c in chunks])
        if doc:
            ok &= np.array([c.doc_id == doc or c.doc_id.startswith(doc) or c.title == doc for c in chunks])
        if framework:
            ok &= np.array([c.doc_id == f"framework:{framework}" for c in chunks])
        return ok

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        langs: tuple[str, ...] = (),
        doc: str | None = None,
        framework: str | None = None,
        mode: str = "hybrid",
    ) -> list[Hit]:
        query = clean_query(query)
        allowed = self._allowed(langs, doc, framework)
        pool = max(100, 10 * k)
        ranks: dict[int, float] = {}
        qvec = self.embedder.encode([query], "query")[0]
        if mode in ("hybrid", "dense"):
            scores = self.data.vectors @ qvec  # exact, and filters apply before ranking
            candidates = np.flatnonzero(allowed)
            if len(candidates) > pool:  # partition first: a full sort of 100k scores costs ~7 ms
                candidates = candidates[np.argpartition(-scores[candidates], pool)[:pool]]
            order = [int(i) for i in candidates[np.argsort(-scores[candidates], kind="stable")][:pool]]
            for rank, i in enumerate(order):
                ranks[i] = ranks.get(i, 0.0) + 1.0 / (RRF_K + rank)
        if mode in ("hybrid", "lexical"):
            for rank, (i, _) in enumerate(r for r in self.lexical.search(query, pool * 3) if allowed[r[0]]):
                ranks[i] = ranks.get(i, 0.0) + 1.0 / (RRF_K + rank)
        phrases = [p.casefold() for p in quoted_phrases(query)]
        if phrases:
            ranks = {i: s for i, s in ranks.items() if all(p in self.data.chunks[i].text.casefold() for p in phrases)}
            for i, chunk in enumerate(self.data.chunks):  # exact phrases found by neither ranking still count
                if allowed[i] and i not in ranks and all(p in chunk.text.casefold() for p in phrases):
                    ranks[i] = 0.5 / RRF_K
        reference = item_reference(query)
        if reference:
            for i, chunk in enumerate(self.data.chunks):
                if allowed[i] and chunk.label == reference:
                    ranks[i] = ranks.get(i, 0.0) + 1.0  # the named item comes first
        best = sorted(ranks, key=lambda i: -ranks[i])[:k]
        chunks = [self.data.chunks[i] for i in best]
        highlights = self._highlights(chunks, query, qvec)
        return [
            Hit(
                doc=c.doc_id,
                title=c.title,
                page=c.pages[0] if c.pages else None,
                label=c.label,
                lang=c.lang,
                score=round(float(ranks[i]), 6),
                text=c.text,
                highlights=h,
                flags=c.flags,
                section=c.section,
                chunk_id=c.chunk_id,
                path=self._paths.get(c.doc_id, ""),
            )
            for i, c, h in zip(best, chunks, highlights)
        ]

    def _highlights(self, chunks: list[Chunk], query: str, qvec: np.ndarray) -> list[tuple[tuple[int, int], ...]]:
        """Per chunk, the sentence sharing most query tokens; else the sentence closest in
        meaning (all such sentences embedded in one batch)."""
        qtokens = set(tokenize(query, self.lexical.languages))
        out: list[tuple[tuple[int, int], ...]] = []
        pending: list[tuple[int, list[tuple[int, int]]]] = []
        for n, chunk in enumerate(chunks):
            spans = sentence_spans(chunk.text)
            overlap = [len(qtokens & set(tokenize(chunk.text[a:b], (chunk.lang,)))) for a, b in spans]
            if spans and max(overlap) > 0:
                out.append((spans[int(np.argmax(overlap))],))
            else:
                out.append(())
                if spans:
                    pending.append((n, spans))
        if pending:
            texts = [chunks[n].text[a:b] for n, spans in pending for a, b in spans]
            scores = self.embedder.encode(texts, "passage", batch_size=HIGHLIGHT_BATCH) @ qvec
            start = 0
            for n, spans in pending:
                part = scores[start : start + len(spans)]
                out[n] = (spans[int(np.argmax(part))],)
                start += len(spans)
        return out
