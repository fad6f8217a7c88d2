"""Hybrid search over an index: dense (the embedder) and BM25 fused by reciprocal rank.

A query that names an item ("NUA 137", "cairo:6") puts that item first; quoted phrases
must occur in a hit. A document's chunk is ranked with its article (search/articles.py).
Each hit carries the character offsets of its best-matching sentence.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from indexer.index.store import IndexData, load_index
from search.articles import SHARE, article_groups
from search.centring import CentredIndex, LanguageMeans
from search.chunk_table import ChunkTable
from search.dense import DenseRanking
from search.engine_highlights import ChunkHighlights
from search.highlight import Highlighter
from search.hits import Hit, clean_query
from search.hubness import stored_hub_levels
from search.lexical import LexicalIndex
from search.references import item_reference, quoted_phrases
from search.versions import SHARE as VERSION_SHARE
from search.versions import Versions

RRF_K = 60
MODES = ("hybrid", "dense", "lexical")
HUBNESS = (
    "margin"  # dense side: ratio margin against hubs (search/hubness.py; eval/crosslingual_eval.py: +0.02-0.03 P@1)
)


@cache
def _background() -> ThreadPoolExecutor:
    """Where a query's BM25 ranking runs while the query is embedded (see SearchEngine.search)."""
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="bm25")


def lexical_cache_file(chunks) -> Path:
    """Where the BM25 tokens of these chunks are kept, by content: the next process (the CLI,
    the app) skips tokenising them (search/lexical.py). Keyed by each chunk's text, not its
    file's hash: a file read again by a newer extraction may give other text (0.1 s at 100k chunks)."""
    from indexer.settings import cache_root
    from search.lexical import token_cache_file

    return token_cache_file(cache_root() / "lexical", [f"{c.chunk_id}\x01{c.lang}\x01{c.text}" for c in chunks])


class SearchEngine:
    def __init__(self, index: Path | IndexData, embedder, *, language_means: LanguageMeans | None = None):
        """`language_means`: dense scores are cosines of language-centred vectors
        (search/centring.py), the means of the frameworks' parallel texts; None: raw cosines."""
        self.embedder = embedder
        self.language_means = language_means
        self._centred: CentredIndex | None = None
        self.data = index if isinstance(index, IndexData) else load_index(Path(index), expected_model=embedder.name)
        self._paths = {
            doc_id: entry.get("path", "") for doc_id, entry in self.data.manifest.get("documents", {}).items()
        }
        self._lexical: LexicalIndex | None = None
        self._highlighter: Highlighter | None = None
        self.hubness = HUBNESS
        self.best_sentences = True  # the dense pool re-ranked with each chunk's best sentence
        # a document chunk gains this share of its article's best other chunks' scores (search/articles.py)
        self.article_share = SHARE
        self._articles: np.ndarray | None = None
        # an article moves this share towards the mean of its language versions' (search/versions.py)
        self.version_share = VERSION_SHARE
        self._versions: Versions | None = None
        self._families: dict[tuple[str, str], int] | None = None
        self._hub: np.ndarray | None = None
        self.highlights = ChunkHighlights(self.data, lambda: self.lexical, embedder)  # search/engine_highlights.py
        self.table = ChunkTable(self.data.chunks)  # filters, phrases, labels without a loop per query

    @cached_property
    def _token_file(self) -> Path:
        """lexical_cache_file of the chunks, once per engine (its key reads every chunk's text)."""
        return lexical_cache_file(self.data.chunks)

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            chunks = self.data.chunks
            self._lexical = LexicalIndex([c.text for c in chunks], [c.lang for c in chunks], self._token_file)
        return self._lexical

    @property
    def hub(self) -> np.ndarray:
        """(n,) each chunk's hub level (search/hubness.py), computed once per engine and kept on
        disk beside the BM25 tokens (a 100k-chunk index takes seconds to compute)."""
        if self._hub is None:
            tokens = self._token_file
            model = self.data.manifest.get("model", {}).get("name", "").replace("/", "_")
            # the same chunks embedded otherwise (another backend) have other hub levels: keyed by
            # the vectors too
            vectors = self.data.manifest.get("files", {}).get("vectors.npy", "")[:12]
            key = tokens.name.split("-")[1].split(".")[0] + (f"-{vectors}" if vectors else "")
            path = tokens.with_name(f"hub-{model}-{key}.npy")
            self._hub = stored_hub_levels(self.data.vectors, path)
        return self._hub

    @property
    def articles(self) -> np.ndarray:
        """(n,) each chunk's article (document and label), -1 for none (search/articles.py)."""
        if self._articles is None:
            self._articles = article_groups(self.data.chunks)
        return self._articles

    @property
    def versions(self) -> Versions:
        """The articles of documents that are language versions of each other (search/versions.py)."""
        if self._versions is None:
            self._versions = Versions.of(self.data.chunks, self.data.vectors)
        return self._versions

    @property
    def families(self) -> dict[tuple[str, str], int]:
        """(document, label) -> its article's family of language versions, for the app's fold."""
        if self._families is None:
            self._families = self.versions.by_article(self.data.chunks)
        return self._families

    @property
    def centred(self) -> CentredIndex | None:
        """The chunks' terms of language centring, computed once per engine (100k chunks: ~0.1 s)."""
        if self._centred is None and self.language_means is not None:
            chunks = self.data.chunks
            self._centred = CentredIndex.of(self.language_means, self.data.vectors, [c.lang for c in chunks])
        return self._centred

    @property
    def highlighter(self) -> Highlighter:
        if self._highlighter is None:
            self._highlighter = self.make_highlighter()
        return self._highlighter

    def make_highlighter(self) -> Highlighter:
        """A new highlighter of this engine's chunks (search/engine_highlights.py)."""
        return self.highlights.highlighter()

    @property
    def rows(self) -> dict[str, int]:  # chunk id -> its row in the index
        return self.highlights.rows

    def highlight(self, hits: list[Hit], query: str) -> list[Hit]:
        """`hits` of this engine (from search(..., highlight=False)) with their highlights."""
        return self.highlights.add(hits, query, self.highlighter) if hits else []

    def dense_ranking(self) -> DenseRanking:
        """The dense side as this engine's settings have it (search/dense.py)."""
        return DenseRanking(
            self.data.vectors,
            self.centred,
            self.hub if self.hubness != "none" else None,
            self.hubness,
            self.versions if self.version_share else None,
            self.version_share,
            self.data.sentences if self.best_sentences else None,
            self.articles if self.article_share else None,
            self.article_share,
        )

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        langs: tuple[str, ...] = (),
        doc: str | None = None,
        framework: str | None = None,
        mode: str = "hybrid",
        highlight: bool = True,
    ) -> list[Hit]:
        """The k best hits; `highlight=False` leaves their highlights empty (most of a search's
        time: a caller that shows only some of the hits marks those with `highlight`)."""
        query = clean_query(query)
        allowed = self.table.allowed(langs, doc, framework)
        everything = not (langs or doc or framework)
        pool = max(100, 10 * k)
        ranks: dict[int, float] = {}
        lexical = None
        if mode in ("hybrid", "lexical"):
            # BM25 needs no query vector: it runs while the model embeds the query (which releases
            # the GIL), not after it; the same ranking (100k chunks: hybrid p50 -6 ms, p95 -7..13 ms)
            lexical = _background().submit(self.lexical.search, query, pool * 3)
        qvec = self.embedder.encode([query], "query")[0]
        if mode in ("hybrid", "dense"):
            order = self.dense_ranking().order(qvec, allowed, everything, pool)
            order = [int(i) for i in order]
            for rank, i in enumerate(order):
                ranks[i] = ranks.get(i, 0.0) + 1.0 / (RRF_K + rank)
        if lexical is not None:
            for rank, (i, _) in enumerate(r for r in lexical.result() if allowed[r[0]]):
                ranks[i] = ranks.get(i, 0.0) + 1.0 / (RRF_K + rank)
        phrases = [p.casefold() for p in quoted_phrases(query)]
        if phrases:
            matched = self.table.with_phrases(phrases)
            found = set(matched)
            ranks = {i: s for i, s in ranks.items() if i in found}
            for i in matched:  # exact phrases found by neither ranking still count
                if allowed[i] and i not in ranks:
                    ranks[i] = 0.5 / RRF_K
        reference = item_reference(query)
        if reference:
            for i in self.table.labelled(reference):
                if allowed[i]:
                    ranks[i] = ranks.get(i, 0.0) + 1.0  # the named item comes first
        best = sorted(ranks, key=lambda i: -ranks[i])[:k]
        chunks = [self.data.chunks[i] for i in best]
        highlights = self.highlighter(chunks, query, qvec) if highlight else [()] * len(chunks)
        return [
            Hit.of_chunk(c, round(float(ranks[i]), 6), h, self._paths.get(c.doc_id, ""))
            for i, c, h in zip(best, chunks, highlights)
        ]
