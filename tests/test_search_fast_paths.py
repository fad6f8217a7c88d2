"""SearchEngine.search's per-engine lookups (search/chunk_table.py), its BM25 coverage check and
the highlighter's whole-text token check (issue 15, eval/bench_search.py) return the same hits,
scores and highlights as the per-query loops they replaced, kept here as the reference (fake
embedder, the Cairo and NUA framework texts: six languages and scripts, labels, two documents)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexer.frameworks import load_frameworks
from indexer.frameworks.indexing import framework_chunks
from indexer.index import sentences as sentence_store
from indexer.index.store import IndexData, make_faiss
from indexer.model.fake import FakeEmbedder
from search.engine import RRF_K, SearchEngine
from search.highlight import Highlighter
from search.hits import Hit, clean_query
from search.hubness import corrected
from search.lexical import query_groups, tokenize
from search.references import item_reference, quoted_phrases


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICY_ALIGN_CACHE", str(tmp_path_factory.mktemp("cache")))
        frameworks = load_frameworks()
        chunks = tuple(c for name in ("cairo", "nua") for c in framework_chunks(frameworks[name]))
        embedder = FakeEmbedder()
        vectors = embedder.encode([c.text for c in chunks], "passage")
        stored = sentence_store.for_index(embedder, [c.text for c in chunks], None)
        data = IndexData(Path("."), {"model": {"name": embedder.name}}, chunks, vectors, make_faiss(vectors), stored)
        engine = SearchEngine(data, embedder)
        engine.lexical  # noqa: B018 - built inside the patched cache
        engine.hub  # noqa: B018
        yield engine


def _lexical_before(lexical, query: str, k: int) -> list[tuple[int, float]]:
    tokens = tokenize(query, lexical.languages)
    if not tokens or lexical.size == 0:
        return []
    scores = lexical._retriever.get_scores(tokens)
    groups = query_groups(query, lexical.languages)
    out = []
    for i in scores.argsort()[::-1][: min(k, lexical.size)]:
        if scores[i] <= 0:
            break
        if sum(bool(g & lexical._token_sets[i]) for g in groups) / max(len(groups), 1) >= lexical.MIN_COVERAGE:
            out.append((int(i), float(scores[i])))
    return out


def _by_best_sentences(engine, order, cosines, qvec, shift):
    """The dense pool re-ranked as search/sentence_rank.py does, one chunk at a time, each
    chunk moved by its versions' shift again."""
    store, mixed = engine.data.sentences, []
    for row in order:
        own = np.asarray(store.vectors[store.starts[row] : store.starts[row + 1]], dtype=np.float32)
        mixed.append(cosines[row] if not len(own) else (cosines[row] + float((own @ qvec).max())) / 2)
    mixed = corrected(np.array(mixed, np.float32), engine.hub[order], engine.hubness) + shift[order]
    return order[np.argsort(-mixed, kind="stable")]


def _versions_before(engine, scores):
    """search/versions.py one chunk at a time: a framework item's chunks (one item id, two or
    more languages) move by the share x (the mean of the item's best score in each language -
    their language's best)."""
    best: dict = {}
    for i, c in enumerate(engine.data.chunks):
        mine = best.setdefault((c.doc_id, c.label), {})
        mine[c.lang] = max(mine.get(c.lang, np.float32(-np.inf)), np.float32(scores[i]))
    shift = np.zeros(len(scores), np.float32)
    for i, c in enumerate(engine.data.chunks):
        langs = best[(c.doc_id, c.label)]
        if len(langs) > 1:
            mean = sum(float(v) for v in langs.values()) / len(langs)
            shift[i] = engine.version_share * (mean - float(langs[c.lang]))
    return shift


def _search_before(engine, query, k=10, langs=(), doc=None, framework=None, mode="hybrid"):
    """SearchEngine.search as it was: a loop over every chunk per filter, phrase and reference
    (and its dense pool re-ranked with each chunk's best sentence and its items' language
    versions, as it is now)."""
    query, chunks = clean_query(query), engine.data.chunks
    allowed = np.ones(len(chunks), bool)
    if langs:
        allowed &= np.array([c.lang in langs for c in chunks])
    if doc:
        allowed &= np.array([c.doc_id == doc or c.doc_id.startswith(doc) or c.title == doc for c in chunks])
    if framework:
        allowed &= np.array([c.doc_id == f"framework:{framework}" for c in chunks])
    pool, ranks = max(100, 10 * k), {}
    qvec = engine.embedder.encode([query], "query")[0]
    if mode in ("hybrid", "dense"):
        cosines = engine.data.vectors @ qvec
        scores = corrected(cosines, engine.hub, engine.hubness)
        shift = _versions_before(engine, scores)
        scores = scores + shift
        candidates = np.flatnonzero(allowed)
        if len(candidates) > pool:
            candidates = candidates[np.argpartition(-scores[candidates], pool)[:pool]]
        order = candidates[np.argsort(-scores[candidates], kind="stable")][:pool]
        order = _by_best_sentences(engine, order, cosines, qvec, shift)
        for rank, i in enumerate(int(i) for i in order):
            ranks[i] = ranks.get(i, 0.0) + 1.0 / (RRF_K + rank)
    if mode in ("hybrid", "lexical"):
        for rank, (i, _) in enumerate(r for r in _lexical_before(engine.lexical, query, pool * 3) if allowed[r[0]]):
            ranks[i] = ranks.get(i, 0.0) + 1.0 / (RRF_K + rank)
    phrases = [p.casefold() for p in quoted_phrases(query)]
    if phrases:
        ranks = {i: s for i, s in ranks.items() if all(p in chunks[i].text.casefold() for p in phrases)}
        for i, chunk in enumerate(chunks):
            if allowed[i] and i not in ranks and all(p in chunk.text.casefold() for p in phrases):
                ranks[i] = 0.5 / RRF_K
    reference = item_reference(query)
    if reference:
        for i, chunk in enumerate(chunks):
            if allowed[i] and chunk.label == reference:
                ranks[i] = ranks.get(i, 0.0) + 1.0
    best = sorted(ranks, key=lambda i: -ranks[i])[:k]
    highlighter = Highlighter(engine.embedder, engine.lexical.languages, stored=engine.highlights.stored)
    spans = highlighter([chunks[i] for i in best], query, qvec)
    return [(chunks[i].chunk_id, round(float(ranks[i]), 6), h) for i, h in zip(best, spans)]


QUERIES = [
    "affordable housing for low-income families",
    "logement abordable",
    "vivienda asequible y espacio público",
    "доступное жильё",
    "可持续城市发展",
    "الإسكان الميسر",
    '"urban" planning',
    '"cairo" "world urban forum"',
    "cairo:6 climate",
    "NUA 137",
    "zzz qqq",
]
FILTERS = [{}, {"langs": ("fr", "zh")}, {"doc": "framework:c"}, {"doc": "framework:nua"}, {"framework": "cairo"}]


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_search_returns_the_hits_of_the_per_query_loops(engine, mode):
    for query in QUERIES:
        for filters in FILTERS:
            for k in (3, 10):
                got = [(h.chunk_id, h.score, h.highlights) for h in engine.search(query, k, mode=mode, **filters)]
                assert got == _search_before(engine, query, k, mode=mode, **filters), (query, filters, k)
    assert all(isinstance(h, Hit) for h in engine.search("housing", 3, mode=mode))


def test_whole_text_tokens_skip_sentences_without_changing_highlights(engine):
    chunks, langs, stored = list(engine.data.chunks), engine.lexical.languages, engine.highlights.stored
    for vectors in (stored, None):  # sentence vectors from the index, and embedded at query time
        with_tokens = Highlighter(engine.embedder, langs, stored=vectors, tokens=engine.highlights.tokens)
        without = Highlighter(engine.embedder, langs, stored=vectors)
        for query in QUERIES:
            qvec = engine.embedder.encode([clean_query(query)], "query")[0]
            assert with_tokens(chunks, query, qvec) == without(chunks, query, qvec), query
        split = sum((c.chunk_id, c.sha256) in with_tokens._sentences for c in chunks)
        # the chunks that shared no word with any query were never tokenised sentence by sentence
        assert 0 < split < len(chunks) - 100
