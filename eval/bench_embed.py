"""Embedding throughput and latency: our backends against plain SentenceTransformer.encode (fp32).

Passages of ~60-150 tokens are made by joining Tatoeba sentences of one language (zh, ar,
fr, es, ru, en); without ../shared the fidelity texts are joined instead. Every figure is
measured in this run, so ratios compare like with like on a noisy machine.

    python eval/bench_embed.py [--passages 240] [--repeats 2]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import TATOEBA_LANGS, git_commit, shared_dir, tatoeba_pairs
from indexer.model import Embedder
from indexer.model.embedder import clean_texts
from indexer.model.fidelity import fidelity_texts


def make_passages(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    pools = []
    if (shared_dir() / "data" / "tatoeba").is_dir():
        for lang in TATOEBA_LANGS:
            src, eng = tatoeba_pairs(lang)
            pools += [src, eng]
    else:
        pools = [[t for _, t in fidelity_texts()]]
    return [" ".join(rng.sample(pools[i % len(pools)], rng.randint(5, 11))) for i in range(n)]


def timed(fn, repeats: int) -> tuple[float, np.ndarray]:
    fn()  # warm-up: first call pays for lazy loading and allocator growth
    best, out = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def latency_ms(fn, queries: list[str]) -> float:
    fn([queries[0]])
    samples = []
    for q in queries:
        start = time.perf_counter()
        fn([q])
        samples.append(1000 * (time.perf_counter() - start))
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=240)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    from sentence_transformers import SentenceTransformer

    passages = make_passages(args.passages)
    queries = [p.split(" ")[0][:40] + " " + p.split(" ")[-1][:40] for p in passages[:30]]
    fp32 = Embedder(backend="torch", batch_size=16)
    plain = SentenceTransformer(fp32.info().path, device="cpu", local_files_only=True)
    # the text the Embedder reads (Arabic without its optional marks), so cosines compare like with like
    prefixed = ["passage: " + p for p in clean_texts(passages)]
    tokens = sum(fp32.count_tokens(passages, "passage"))
    int8 = Embedder(backend="onnx-int8", batch_size=32)

    runs = {
        "plain SentenceTransformer.encode fp32, batch 16 (baseline)": (
            lambda: plain.encode(prefixed, batch_size=16, normalize_embeddings=True),
            lambda qs: plain.encode(["query: " + q for q in clean_texts(qs)], normalize_embeddings=True),
        ),
        "Embedder torch fp32, batch 16": (lambda: fp32.encode(passages), lambda qs: fp32.encode(qs, "query")),
        "Embedder onnx-int8, one text per pass (default)": (
            lambda: int8.encode(passages),
            lambda qs: int8.encode(qs, "query"),
        ),
    }
    print(f"commit {git_commit()}; {len(passages)} passages, {tokens} tokens ({tokens / len(passages):.0f}/passage)")
    print("| path | tokens/s | passages/s | x baseline | min cosine to fp32 | query p50 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    baseline_tps, reference = None, None
    for name, (batch_fn, query_fn) in runs.items():
        seconds, vectors = timed(batch_fn, args.repeats)
        vectors = np.asarray(vectors, dtype=np.float32)
        if reference is None:
            reference, baseline_tps = vectors, tokens / seconds
        cos = float((vectors * reference).sum(axis=1).min())
        tps = tokens / seconds
        print(
            f"| {name} | {tps:,.0f} | {len(passages) / seconds:.1f} | {tps / baseline_tps:.2f} | {cos:.4f} "
            f"| {latency_ms(query_fn, queries):.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
