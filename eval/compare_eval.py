"""Cross-version alignment: the NUA summaries in English vs Chinese (or Arabic), 175
parallel paragraphs written by the team, with paragraphs dropped from either side and
neighbouring paragraphs merged; how many true links does `compare` recover?

    python eval/compare_eval.py [--other zh|ar] [--drops 6] [--merges 6]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from indexer.frameworks import load_frameworks
from indexer.model import Embedder
from search.compare import align_texts
from search.evaluation import make_versions, recovered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--other", default="zh")
    parser.add_argument("--drops", type=int, default=6)
    parser.add_argument("--merges", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    nua = load_frameworks()["nua"]
    a = [i.text_for("en").text for i in nua.items]
    b = [i.text_for(args.other).text for i in nua.items]
    units_a, units_b, ia, ib, truth = make_versions(a, b, args.drops, args.merges, args.seed)
    links = align_texts(units_a, units_b, Embedder())
    share = recovered(links, ia, ib, truth)
    print(
        f"commit {git_commit()}; NUA summaries en vs {args.other}: {len(units_a)} vs {len(units_b)} paragraphs, "
        f"{args.drops} dropped, {args.merges} merged; true links recovered: {100 * share:.1f}% of {len(truth)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
