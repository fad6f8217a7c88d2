"""Search latency of two checkouts in the same run, query by query: eval/bench_search.py's corpus
(100k chunks, stored sentence vectors) and 50 queries, each searched in one tree and then at once
in the other (in random order), so both see the same load. On this shared 2-core machine whole
bench_search.py runs, one tree after the other, differ by more than the change measured.

Each tree's search runs in a worker process of its own code (`worker TREE`); they are started one
after the other and take turns, so only one computes at a time. A fresh highlighter per search
(the engine's own, as in bench_search.py).

    git worktree add -f /tmp/wt_base <commit>
    python eval/bench_search_pair.py /tmp/wt_base . [--chunks 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
MODES = (("dense", "none"), ("dense", "stored"), ("hybrid", "none"), ("hybrid", "stored"))


def worker(tree: Path, n: int, count: int) -> None:
    """Search under `tree`'s code: reads "mode query-number highlight(0/1)", prints milliseconds."""
    sys.path.insert(0, str(tree))
    # this checkout's corpus builder, run on the tree's own indexer (only Chunk and the sentence store)
    spec = importlib.util.spec_from_file_location("search_corpus", HERE.with_name("search_corpus.py"))
    corpus_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus_module)
    from indexer.index.store import IndexData, make_faiss
    from indexer.model import Embedder
    from search.engine import SearchEngine
    from search.highlight import Highlighter

    corpus, embedder = corpus_module.Corpus(), Embedder()
    queries = corpus.queries(count)
    chunks, vectors = corpus.chunks(n), corpus_module.random_vectors(n, embedder.dimension)
    stored = corpus_module.random_sentences(chunks, embedder.dimension)
    data = IndexData(Path("."), {"model": {"name": embedder.name}}, tuple(chunks), vectors, make_faiss(vectors), stored)
    engine = SearchEngine(data, embedder)
    try:  # language centring, as the app and the CLI rank (search/centring.py), where the tree has it
        from search.centring import LanguageMeans

        engine.language_means = LanguageMeans.of(vectors, [c.lang for c in chunks])
    except ImportError:
        pass
    if hasattr(engine, "make_highlighter"):
        make = engine.make_highlighter
    else:  # before it: the highlighter the engine made
        make = lambda: Highlighter(embedder, engine.lexical.languages, stored=engine._stored_sentences)  # noqa: E731
    for query in queries:  # BM25 index, hub levels, model and caches warm before any timing
        for mode in ("dense", "hybrid"):
            engine._highlighter = make()
            engine.search(query, 10, mode=mode)
    print("ready", flush=True)
    for line in sys.stdin:
        mode, number, highlight = line.split()
        engine._highlighter = make()
        start = time.perf_counter()
        engine.search(queries[int(number)], 10, mode=mode, highlight=highlight == "1")
        print(f"{1000 * (time.perf_counter() - start):.3f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    trees = [args.base.resolve(), args.new.resolve()]
    env = dict(os.environ, POLICY_ALIGN_SHARED=str(os.environ.get("POLICY_ALIGN_SHARED", HERE.parents[2] / "shared")))
    workers = []
    for tree in trees:  # one after the other: one heavy process at a time
        cmd = [sys.executable, str(HERE), "worker", str(tree), str(args.chunks), str(args.queries)]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=tree)
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit(f"the worker of {tree} did not start")
        workers.append(proc)
    rng, times = random.Random(1), {}
    for r in range(args.rounds):
        for mode, highlights in MODES:
            for number in range(args.queries):
                for w in sorted((0, 1), key=lambda _: rng.random()):
                    workers[w].stdin.write(f"{mode} {number} {int(highlights == 'stored')}\n")
                    workers[w].stdin.flush()
                    times.setdefault((w, mode, highlights, r), []).append(float(workers[w].stdout.readline()))
    for proc in workers:
        proc.stdin.close()
        proc.wait()
    print(
        f"base {trees[0]}, new {trees[1]}: {args.chunks:,} chunks, {args.queries} queries x {args.rounds} rounds, k=10"
    )
    print("| mode | highlights | round | base p50 | base p95 | new p50 | new p95 | p50 ratio | p95 ratio |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for mode, highlights in MODES:
        for r in [*range(args.rounds), None]:
            rounds = range(args.rounds) if r is None else [r]
            base, new = (
                np.percentile([t for x in rounds for t in times[(w, mode, highlights, x)]], [50, 95]) for w in (0, 1)
            )
            print(
                f"| {mode} | {highlights} | {'all' if r is None else r + 1} | {base[0]:.0f} | {base[1]:.0f} "
                f"| {new[0]:.0f} | {new[1]:.0f} | {new[0] / base[0]:.2f} | {new[1] / base[1]:.2f} |"
            )
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        worker(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(main())
