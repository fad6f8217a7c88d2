"""Exact (IndexFlatIP) vs HNSW search on this machine: where does exact search stop being cheap?

Random unit vectors of the model's dimension stand in for chunk embeddings (search cost does
not depend on their content). Prints p50/p95 latency of one query, build time and HNSW
recall@10 against exact search.

    python eval/bench_index.py [--sizes 10000,100000,300000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit


def unit(rng, n, d):
    x = rng.standard_normal((n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def latencies(index, queries, k=10):
    times = []
    for q in queries:
        start = time.perf_counter()
        index.search(q[None, :], k)
        times.append(1000 * (time.perf_counter() - start))
    return np.percentile(times, 50), np.percentile(times, 95)


def main() -> int:
    import faiss

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,300000")
    parser.add_argument("--dim", type=int, default=384)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    queries = unit(rng, 200, args.dim)
    print(
        f"commit {git_commit()}; {args.dim} dims, 200 single queries, k=10, faiss {faiss.__version__}, {faiss.omp_get_max_threads()} threads"
    )
    print("| rows | index | build s | p50 ms | p95 ms | recall@10 vs exact |")
    print("|---:|---|---:|---:|---:|---:|")
    for n in map(int, args.sizes.split(",")):
        data = unit(rng, n, args.dim)
        start = time.perf_counter()
        flat = faiss.IndexFlatIP(args.dim)
        flat.add(data)
        flat_build = time.perf_counter() - start
        p50, p95 = latencies(flat, queries)
        print(f"| {n:,} | flat | {flat_build:.1f} | {p50:.2f} | {p95:.2f} | 1.000 |")
        start = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(args.dim, 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efSearch = 128
        hnsw.add(data)
        hnsw_build = time.perf_counter() - start
        p50, p95 = latencies(hnsw, queries)
        _, exact = flat.search(queries, 10)
        _, approx = hnsw.search(queries, 10)
        recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approx)])
        print(f"| {n:,} | hnsw M=32 ef=128 | {hnsw_build:.1f} | {p50:.2f} | {p95:.2f} | {recall:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
