"""Search latency (query embedding included) at 10k and 100k chunks, hybrid and dense.

Chunk texts are Tatoeba sentences joined in threes (six languages); their vectors are random
unit vectors (search cost does not depend on their values), so the benchmark needs no hour
of embedding. Lexical (BM25) index build time is reported separately.

    python eval/bench_search.py [--sizes 10000,100000] [--queries 50]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import TATOEBA_LANGS, git_commit, tatoeba_pairs
from indexer.documents import Chunk
from indexer.index.store import IndexData, make_faiss
from indexer.model import Embedder
from search.engine import SearchEngine

LANG = {"cmn": "zh", "ara": "ar", "fra": "fr", "spa": "es", "rus": "ru"}


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
    print("| chunks | BM25 build s | mode | p50 ms | p95 ms |")
    print("|---:|---:|---|---:|---:|")
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
        engine.lexical  # noqa: B018 - builds the BM25 index
        build = time.perf_counter() - start
        for mode in ("dense", "hybrid"):
            times = []
            for q in queries:
                start = time.perf_counter()
                engine.search(q, 10, mode=mode)
                times.append(1000 * (time.perf_counter() - start))
            print(f"| {n:,} | {build:.1f} | {mode} | {np.percentile(times, 50):.0f} | {np.percentile(times, 95):.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
