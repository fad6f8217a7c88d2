"""Search latency (query embedding included) at 10k and 100k chunks, hybrid and dense, with
the highlighting of search/highlight.py against the previous one (every sentence of a hit
without a shared word embedded on its own), in the same run on the same queries.

Chunk texts are Tatoeba sentences joined in threes (six languages); their vectors are random
unit vectors (search cost does not depend on their values), so the benchmark needs no hour
of embedding, and hits rarely share a word with the query: highlights need sentence
embeddings (the worst case). Each query gets a fresh highlighter (no sentence cached from an
earlier query). "no highlights" is the same search with highlighting switched off; "new" is
search/highlight.py's default, "pooled" its late-chunking option.

Then the agreement of the two highlighters on real cross-lingual pairs: a sentence of a Cairo
call in one language as the query, the call's text in another language as the hit; does the
new highlighter pick the sentence the previous one picks?

    python eval/bench_search.py [--sizes 10000,100000] [--queries 50]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import ROOT, TATOEBA_LANGS, git_commit, tatoeba_pairs
from indexer.documents import Chunk
from indexer.index.store import IndexData, make_faiss
from indexer.model import Embedder
from indexer.structure.sentences import sentence_spans
from search.engine import SearchEngine
from search.highlight import Highlighter
from search.lexical import tokenize

LANG = {"cmn": "zh", "ara": "ar", "fra": "fr", "spa": "es", "rus": "ru"}


class PreviousHighlighter:
    """search/engine.py's highlighting before search/highlight.py (commit 7445e14), verbatim."""

    def __init__(self, embedder, languages):
        self.embedder, self.languages = embedder, languages

    def __call__(self, chunks, query, qvec):
        qtokens = set(tokenize(query, self.languages))
        out, pending = [], []
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
            scores = self.embedder.encode(texts, "passage", batch_size=8) @ qvec
            start = 0
            for n, spans in pending:
                out[n] = (spans[int(np.argmax(scores[start : start + len(spans)]))],)
                start += len(spans)
        return out


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


def agreement(embedder) -> tuple[int, int]:
    """(same choice, pairs) over Cairo calls: query = one sentence in language a, hit = the
    call's whole text in language b != a, both highlighters choosing among b's sentences."""
    texts: dict[str, dict[str, str]] = {}
    for path in sorted((ROOT / "corpus/frameworks/cairo/texts").glob("*.jsonl")):
        if "preamble" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts.setdefault(row["id"], {})[path.name.split(".")[0]] = row["text"]
    same = total = 0
    previous, new = PreviousHighlighter(embedder, ()), Highlighter(embedder, (), pooled=True)
    for item, versions in texts.items():
        for a, source in versions.items():
            spans = sentence_spans(source)
            query = source[slice(*spans[len(spans) // 2])] if spans else source
            qvec = embedder.encode([query], "query")[0]
            for b, target in versions.items():
                if b == a or len(sentence_spans(target)) < 2:
                    continue
                chunk = Chunk(f"{item}:{b}", "d", "t", "", (), (), item, b, target, 0, len(target))
                total += 1
                same += previous([chunk], "", qvec) == new([chunk], "", qvec)
    return same, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(0)
    pools = []
    for code in TATOEBA_LANGS:
        src, eng = tatoeba_pairs(code)
        pools += [(LANG[code], src), ("en", eng)]
    embedder = Embedder()
    queries = [" ".join(rng.sample(pools[i % len(pools)][1], 1)) for i in range(args.queries)]
    embedder.encode(queries[:2], "query")  # load the model outside the timings
    print(f"commit {git_commit()}; {args.queries} queries, k=10, {embedder.backend}")
    print(
        "| chunks | BM25 build s | hub levels s | mode | no highlights p95 | previous p50 | previous p95 "
        "| new p50 | new p95 | p95 ratio | pooled p50 | pooled p95 | pooled p95 ratio |"
    )
    print("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in map(int, args.sizes.split(",")):
        chunks = []
        for i in range(n):
            lang, pool = pools[i % len(pools)]
            text = " ".join(rng.sample(pool, 3))
            chunks.append(Chunk(f"d:{i}", "d", "bench", "", (1,), (), str(i), lang, text, 0, len(text)))
        vectors = np.random.default_rng(0).standard_normal((n, embedder.dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        data = IndexData(Path("."), {"model": {"name": embedder.name}}, tuple(chunks), vectors, make_faiss(vectors))
        engine = SearchEngine(data, embedder)
        start = time.perf_counter()
        languages = engine.lexical.languages  # builds the BM25 index (tokens cached after a first run)
        build = time.perf_counter() - start
        start = time.perf_counter()
        engine.hub  # noqa: B018 - hub levels for the margin, once per index
        hub_seconds = time.perf_counter() - start
        for mode in ("dense", "hybrid"):
            # interleaved per query would be fairer still; alternating whole passes keeps each
            # pass's caches (BM25, tokenisers) equally warm
            raw = latency(engine, queries, mode, NoHighlights)
            old = latency(engine, queries, mode, lambda langs=languages: PreviousHighlighter(embedder, langs))
            new = latency(engine, queries, mode, lambda langs=languages: Highlighter(embedder, langs))
            pooled = latency(engine, queries, mode, lambda langs=languages: Highlighter(embedder, langs, pooled=True))
            p = {
                name: np.percentile(t, [50, 95])
                for name, t in (("raw", raw), ("old", old), ("new", new), ("pooled", pooled))
            }
            print(
                f"| {n:,} | {build:.1f} | {hub_seconds:.1f} | {mode} | {p['raw'][1]:.0f} | {p['old'][0]:.0f} | {p['old'][1]:.0f} "
                f"| {p['new'][0]:.0f} | {p['new'][1]:.0f} | {p['new'][1] / p['old'][1]:.2f} "
                f"| {p['pooled'][0]:.0f} | {p['pooled'][1]:.0f} | {p['pooled'][1] / p['old'][1]:.2f} |",
                flush=True,
            )
    same, total = agreement(embedder)
    print(f"\npooled: same highlighted sentence as separate embeddings for {same}/{total} cross-lingual Cairo pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
