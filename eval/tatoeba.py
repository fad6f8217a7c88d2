"""Bitext retrieval on Tatoeba (../shared/data/tatoeba): proves the embedding path is the real model.

Each non-English sentence retrieves its nearest English sentence by cosine ("query: " prefix
on both sides, as MTEB does); accuracy x100 is compared with the published MTEB F1 anchors.

    python eval/tatoeba.py [--backend onnx-int8|torch] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import E5_SMALL_ANCHORS, TATOEBA_LANGS, git_commit, tatoeba_pairs
from indexer.model import Embedder


def nearest_neighbour_accuracy(src: np.ndarray, tgt: np.ndarray) -> float:
    """src, tgt: (n, d) unit rows, row i parallel to row i -> share of rows whose nearest target is i."""
    return float((np.argmax(src @ tgt.T, axis=1) == np.arange(len(src))).mean())


def run(backend: str | None) -> dict:
    embedder = Embedder(backend=backend, batch_size=64)
    rows = {}
    for lang in TATOEBA_LANGS:
        start = time.perf_counter()
        src, eng = tatoeba_pairs(lang)
        acc = nearest_neighbour_accuracy(embedder.encode(src, "query"), embedder.encode(eng, "query"))
        rows[lang] = {
            "pairs": len(src),
            "accuracy": round(100 * acc, 1),
            "anchor": E5_SMALL_ANCHORS[lang],
            "delta": round(100 * acc - E5_SMALL_ANCHORS[lang], 1),
            "seconds": round(time.perf_counter() - start, 1),
        }
    return {"backend": embedder.backend, "model": embedder.name, "commit": git_commit(), "languages": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("onnx-int8", "torch"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.backend)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"Tatoeba bitext retrieval, {result['model']} ({result['backend']}), commit {result['commit']}")
    print("| pair | pairs | accuracy | MTEB anchor | delta |")
    print("|---|---:|---:|---:|---:|")
    for lang, row in result["languages"].items():
        print(f"| {lang}-eng | {row['pairs']} | {row['accuracy']:.1f} | {row['anchor']:.1f} | {row['delta']:+.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
