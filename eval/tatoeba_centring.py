"""Language centring (search/centring.py) on held-out bitext: Tatoeba (../shared/data/tatoeba),
1,000 sentences per language, each retrieving its English translation among the 1,000 English
sentences, by raw and by centred cosine. The means are the frameworks index's, as the app and
the CLI use them: nothing here was seen when they were made.

Targets are encoded as passages (as the index stores texts) or, `--symmetric`, as queries
(as eval/tatoeba.py and MTEB do).

    python eval/tatoeba_centring.py [--symmetric]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import TATOEBA_LANGS, git_commit, tatoeba_pairs
from indexer.frameworks.indexing import load_framework_index
from indexer.model import Embedder
from search.centring import CentredIndex, LanguageMeans


def accuracy(scores: np.ndarray) -> float:
    """(n, n) scores, row i's answer at column i -> share of rows whose best column is theirs."""
    return float((np.argmax(scores, axis=1) == np.arange(len(scores))).mean())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--symmetric", action="store_true", help="English sentences encoded as queries too")
    args = parser.parse_args()
    embedder = Embedder()
    means = LanguageMeans.of_index(load_framework_index(embedder))
    kind = "query" if args.symmetric else "passage"
    print(f"commit {git_commit()}; {embedder.backend}; English targets encoded as {kind}s")
    print("| pair | pairs | raw cosine | centred | difference |")
    print("|---|---:|---:|---:|---:|")
    for lang in TATOEBA_LANGS:
        source, english = tatoeba_pairs(lang)
        queries, targets = embedder.encode(source, "query"), embedder.encode(english, kind)
        centred = CentredIndex.of(means, targets, ["en"] * len(targets))
        raw = queries @ targets.T
        moved = np.stack([centred.scores(row, q) for row, q in zip(raw, queries)])
        a, b = 100 * accuracy(raw), 100 * accuracy(moved)
        print(f"| {lang}-eng | {len(source)} | {a:.1f} | {b:.1f} | {b - a:+.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
