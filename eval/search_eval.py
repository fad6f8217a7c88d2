"""Dense vs lexical vs hybrid retrieval of Cairo calls for the labelled plan statements.

Each on-topic statement of corpus/training/statements.jsonl is a query against the
frameworks index (Cairo texts in all languages); the ranked chunks are collapsed to items
(first occurrence) and scored against the statement's labelled calls.

    python eval/search_eval.py [--no-centring] [--no-best-sentences]

The dense side ranks as the app and the CLI do: centred on the frameworks index's language
means (search/centring.py; `--no-centring`: raw cosines), its pool re-ranked with each chunk's
best sentence (search/sentence_rank.py; `--no-best-sentences`: chunks alone).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import ROOT, git_commit
from indexer.frameworks import load_frameworks
from indexer.frameworks.indexing import build_framework_index, framework_index_dir
from indexer.index.store import exists
from indexer.model import Embedder
from search.centring import LanguageMeans
from search.engine import SearchEngine


def main() -> int:
    rows = [
        json.loads(line)
        for line in (ROOT / "corpus/training/statements.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    rows = [r for r in rows if r["cairo"]]
    embedder = Embedder()
    if not exists(framework_index_dir()):
        build_framework_index(load_frameworks(), embedder)
    engine = SearchEngine(framework_index_dir(), embedder)
    if "--no-centring" not in sys.argv:
        engine.language_means = LanguageMeans.of_index(engine.data)
    engine.best_sentences = "--no-best-sentences" not in sys.argv
    centring = "raw cosines" if engine.language_means is None else "language-centred cosines"
    centring += ", best sentences" if engine.best_sentences else ", chunks alone"
    print(
        f"commit {git_commit()}; {len(rows)} on-topic statements, {len({r['lang'] for r in rows})} languages, {centring}"
    )
    print("| retrieval | P@1 | MRR | Recall@3 |")
    print("|---|---:|---:|---:|")
    for mode in ("dense", "lexical", "hybrid"):
        p1, rr, r3 = [], [], []
        for row in rows:
            hits = engine.search(row["text"], k=200, framework="cairo", mode=mode)
            ranked = list(dict.fromkeys(h.label for h in hits if not h.label.startswith("cairo:preamble")))
            gold = {f"cairo:{c}" for c in row["cairo"]}
            first = next((i for i, label in enumerate(ranked) if label in gold), None)
            p1.append(first == 0)
            rr.append(0.0 if first is None else 1.0 / (first + 1))
            r3.append(first is not None and first < 3)
        print(f"| {mode} | {np.mean(p1):.3f} | {np.mean(rr):.3f} | {np.mean(r3):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
