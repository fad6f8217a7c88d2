"""Search latency (query embedding included) at 10k and 100k chunks, hybrid and dense: without
highlights, with the sentences of the hits embedded at query time (an index written before
sentence vectors were stored: search/highlight.py's fallback) and with the index's stored
sentence vectors (indexer/index/sentences.py: a highlight is a dot product), in the same run on
the same queries.

Chunk texts are Tatoeba sentences joined in threes (six languages); their vectors and their
sentences' vectors are random unit vectors (search cost does not depend on their values), so
the benchmark needs no hour of embedding, and hits rarely share a word with the query:
highlights need sentence vectors (the worst case). Each query gets a fresh highlighter (no
sentence cached from an earlier query), the engine's own (SearchEngine.make_highlighter: its
stored sentence vectors, if any, and its chunks' BM25 tokens).

Then what storing them costs when an index is built, measured on the frameworks index (every
item text of every framework, real model): seconds to embed the chunks (what a build embedded
before) and the sentences (what it adds), and the bytes of the version folder with and without
the sentence files. And whether the highlights stay the same: the frameworks' texts as hits,
a sentence of the same item in another language as the query (the Cairo calls, six languages):
the sentence chosen with the stored vectors (float16, embedded at build time) against the one
chosen by embedding the sentences at query time.

The previous highlighter and late chunking ("pooled") were compared at commit 916f259.

    python eval/bench_search.py [--sizes 10000,100000] [--queries 50] [--no-build]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from eval.search_corpus import Corpus, random_sentences, random_vectors
from indexer.documents import Chunk
from indexer.index import sentences as sentence_store
from indexer.index.store import IndexData, make_faiss, write_index
from indexer.model import Embedder
from indexer.structure.sentences import sentence_spans
from search.centring import LanguageMeans
from search.engine import SearchEngine
from search.highlight import Highlighter


class NoHighlights:
    def __call__(self, chunks, query, qvec):
        return [() for _ in chunks]


def latency(engine: SearchEngine, queries: list[str], mode: str, make) -> list[float]:
    times = []
    for q in queries:
        engine._highlighter = make()
        start = time.perf_counter()
        engine.search(q, 10, mode=mode)
        times.append(1000 * (time.perf_counter() - start))
    return times


def build_cost(embedder) -> None:
    """Embedding seconds and folder bytes of the frameworks index, with and without sentence vectors."""
    import shutil
    import tempfile

    from indexer.frameworks import load_frameworks
    from indexer.frameworks.indexing import framework_chunks

    chunks = [c for fw in load_frameworks().values() for c in framework_chunks(fw)]
    texts = [c.text for c in chunks]
    start = time.perf_counter()
    vectors = embedder.encode(texts, "passage")
    chunk_seconds = time.perf_counter() - start
    start = time.perf_counter()
    sentences = sentence_store.for_index(embedder, texts, None)
    sentence_seconds = time.perf_counter() - start
    tmp = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        model = {"name": embedder.name, "backend": embedder.backend, "dimension": embedder.dimension}
        sizes = []
        for name, stored in (("without", None), ("with", sentences)):
            folder = write_index(tmp / name, chunks, vectors, model, {}, stored)
            sizes.append(sum(f.stat().st_size for f in folder.iterdir()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    multi = int(np.count_nonzero(np.diff(sentences.starts)))
    print(
        f"\nbuild cost, frameworks index: {len(chunks)} chunks ({multi} of two or more sentences, "
        f"{len(sentences.spans)} sentences): embedding chunks {chunk_seconds:.1f} s, sentences "
        f"+{sentence_seconds:.1f} s ({sentence_seconds / chunk_seconds:.2f}x); version folder "
        f"{sizes[0] / 1e6:.2f} MB -> {sizes[1] / 1e6:.2f} MB (+{(sizes[1] - sizes[0]) / 1e6:.2f} MB, "
        f"{(sizes[1] - sizes[0]) / len(chunks) / 1e3:.2f} kB per chunk)",
        flush=True,
    )
    agreement(embedder, chunks, sentences)


def agreement(embedder, chunks: list[Chunk], sentences: sentence_store.SentenceVectors) -> None:
    """Same highlighted sentence with the stored vectors as with query-time embedding? Queries: a
    sentence of a Cairo call in language a; hit: the call's text in language b != a."""
    rows = {c.chunk_id: n for n, c in enumerate(chunks)}
    cairo = [c for c in chunks if c.doc_id == "framework:cairo" and c.label.split(":")[1].isdigit()]
    by_item: dict[str, list[Chunk]] = {}
    for c in cairo:
        by_item.setdefault(c.label, []).append(c)
    stored = Highlighter(embedder, (), stored=lambda c, spans: sentences.for_row(rows[c.chunk_id], spans))
    embedded = Highlighter(embedder, ())
    same = total = 0
    gaps = []  # where they differ: how much closer the query-time choice is than the stored one, by query-time vectors
    for versions in by_item.values():
        for source in versions:
            spans = sentence_spans(source.text)
            query = source.text[slice(*spans[len(spans) // 2])]
            qvec = embedder.encode([query], "query")[0]
            for target in versions:
                if target.lang == source.lang or len(sentence_spans(target.text)) < 2:
                    continue
                total += 1
                mine, theirs = stored([target], "", qvec)[0], embedded([target], "", qvec)[0]
                same += mine == theirs
                if mine != theirs:
                    spans = tuple(sentence_spans(target.text))
                    scores = embedded._sentence_vectors([target])[0] @ qvec
                    gaps.append(float(scores[spans.index(theirs[0])] - scores[spans.index(mine[0])]))
    print(
        f"stored vs query-time sentence vectors: the same highlighted sentence for {same}/{total} cross-lingual "
        f"Cairo pairs; where not, the query-time choice is closer by {', '.join(f'{g:.4f}' for g in gaps) or '-'} "
        "(cosine, query-time vectors)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--no-build", action="store_true", help="skip the build cost and agreement part")
    args = parser.parse_args()
    corpus = Corpus()
    embedder = Embedder()
    queries = corpus.queries(args.queries)
    embedder.encode(queries[:2], "query")  # load the model outside the timings
    print(f"commit {git_commit()}; {args.queries} queries, k=10, {embedder.backend}")
    print(
        "| chunks | sentences stored | mode | no highlights p50 | no highlights p95 | query-time p50 | query-time p95 "
        "| stored p50 | stored p95 | p50 ratio | p95 ratio |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in map(int, args.sizes.split(",")):
        chunks = corpus.chunks(n)
        vectors = random_vectors(n, embedder.dimension)
        stored = random_sentences(chunks, embedder.dimension)
        manifest = {"model": {"name": embedder.name}}
        # language centring as the app and CLI rank (search/centring.py): its cost, whatever the means
        means = LanguageMeans.of(vectors, [c.lang for c in chunks])
        before = SearchEngine(
            IndexData(Path("."), manifest, tuple(chunks), vectors, make_faiss(vectors)), embedder, language_means=means
        )
        after = SearchEngine(
            IndexData(Path("."), manifest, tuple(chunks), vectors, before.data.faiss_index, stored),
            embedder,
            language_means=means,
        )
        before.lexical  # noqa: B018 - builds the BM25 index (tokens cached after a first run)
        after._lexical, after._hub, after._centred = before.lexical, before.hub, before.centred  # built once
        after.rows  # noqa: B018 - chunk id -> row, once per engine (not per query)
        for mode in ("dense", "hybrid"):
            # alternating whole passes keeps each pass's caches (BM25, tokenisers) equally warm
            raw = latency(before, queries, mode, NoHighlights)
            # the engines' own highlighters: the stored sentence vectors (after only) and the chunks' BM25 tokens
            old = latency(before, queries, mode, before.make_highlighter)
            new = latency(after, queries, mode, after.make_highlighter)
            p = {name: np.percentile(t, [50, 95]) for name, t in (("raw", raw), ("old", old), ("new", new))}
            print(
                f"| {n:,} | {len(stored.spans):,} | {mode} | {p['raw'][0]:.0f} | {p['raw'][1]:.0f} | {p['old'][0]:.0f} | {p['old'][1]:.0f} "
                f"| {p['new'][0]:.0f} | {p['new'][1]:.0f} | {p['new'][0] / p['old'][0]:.3f} "
                f"| {p['new'][1] / p['old'][1]:.3f} |",
                flush=True,
            )
    if not args.no_build:
        build_cost(embedder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
