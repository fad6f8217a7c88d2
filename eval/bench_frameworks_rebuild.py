"""Attaching an official framework text (`policy-align corpus add` / `corpus fetch`, the Library
tab) rebuilds the frameworks index. The time that rebuild takes when it embeds every text
(before) and when it takes the unchanged texts' vectors from the index it replaces (now), on the
real model, and whether the two indexes hold the same vectors.

The attached text is an English "official" version of every NUA paragraph (its summary, written
twice, as a stand-in of the official paragraph's length): 175 new texts among the index's others.

    python eval/bench_frameworks_rebuild.py [--backend onnx-int8]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.bench_first_result import empty_cache
from eval.common import git_commit


def with_official_nua(frameworks):
    nua = frameworks["nua"]
    items = []
    for item in nua.items:
        summary = next(t for t in item.texts if t.lang == "en")
        official = replace(summary, status="official", text=f"{summary.text} {summary.text}", source="benchmark")
        items.append(replace(item, texts=(*item.texts, official)))
    return {**frameworks, "nua": replace(nua, items=tuple(items))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="onnx-int8")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="frameworks-rebuild-"))
    try:
        cache = empty_cache(work, "cache", convert=False)  # the converted model only
        os.environ["POLICY_ALIGN_CACHE"] = str(cache)
        os.environ.pop("POLICY_ALIGN_FRAMEWORKS", None)
        from indexer.frameworks import load_frameworks
        from indexer.frameworks.indexing import build_framework_index, framework_index_dir
        from indexer.index.store import load_index
        from indexer.model import Embedder

        embedder = Embedder(backend=args.backend)
        embedder.encode(["warm-up"], "passage")
        frameworks = load_frameworks()
        start = time.perf_counter()
        build_framework_index(frameworks, embedder)  # the index set-up built
        setup = time.perf_counter() - start
        attached = with_official_nua(frameworks)

        os.environ["POLICY_ALIGN_CACHE"] = str(work / "nothing")  # no index to take vectors from
        start = time.perf_counter()
        chunks = build_framework_index(attached, embedder, work / "before")
        before = time.perf_counter() - start
        os.environ["POLICY_ALIGN_CACHE"] = str(cache)
        start = time.perf_counter()
        build_framework_index(attached, embedder)  # replaces the set-up's index, as `corpus add` does
        now = time.perf_counter() - start

        old, new = load_index(work / "before"), load_index(framework_index_dir())
        assert [c.chunk_id for c in old.chunks] == [c.chunk_id for c in new.chunks]
        vec = float(np.abs(old.vectors - new.vectors).max())
        sent = float(np.abs(old.sentences.vectors.astype(np.float32) - new.sentences.vectors.astype(np.float32)).max())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"commit {git_commit()}, backend {args.backend}, {chunks} chunks (175 attached)\n")
    print("| rebuild after attaching the official NUA text | seconds | ratio |")
    print("|---|---:|---:|")
    print(f"| set-up's build from nothing (for scale) | {setup:.1f} | |")
    print(f"| every text embedded (before) | {before:.1f} | 1.00 |")
    print(f"| unchanged texts taken from the replaced index (now) | {now:.1f} | {now / before:.2f} |")
    print(f"\nlargest difference between the two indexes: vectors {vec:.2e}, sentence vectors {sent:.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
