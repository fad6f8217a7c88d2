"""Tatoeba bitext retrieval: raw nearest neighbour vs ratio-margin scoring (search/margin.py).

python eval/bitext_margin.py [--k 4]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import E5_SMALL_ANCHORS, TATOEBA_LANGS, git_commit, tatoeba_pairs
from indexer.model import Embedder
from search.margin import ratio_margin


def accuracy(scores: np.ndarray) -> float:
    return float((scores.argmax(axis=1) == np.arange(len(scores))).mean())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, default=4)
    args = parser.parse_args()
    embedder = Embedder(batch_size=64)
    print(f"commit {git_commit()}; {embedder.name} ({embedder.backend}); margin k={args.k}")
    print("| pair | raw nearest neighbour | ratio margin | MTEB anchor |")
    print("|---|---:|---:|---:|")
    for lang in TATOEBA_LANGS:
        src, eng = tatoeba_pairs(lang)
        x, y = embedder.encode(src, "query"), embedder.encode(eng, "query")
        raw, margin = accuracy(x @ y.T), accuracy(ratio_margin(x, y, args.k))
        print(f"| {lang}-eng | {100 * raw:.1f} | {100 * margin:.1f} | {E5_SMALL_ANCHORS[lang]:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
