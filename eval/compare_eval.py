"""Cross-version alignment: the NUA summaries in English vs Chinese (or Arabic), 175
parallel paragraphs written by the team, with paragraphs dropped from either side and
neighbouring paragraphs merged; how many true links does `compare` recover?

    python eval/compare_eval.py [--other zh|ar] [--drops 6] [--merges 6]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from indexer.frameworks import load_frameworks
from indexer.model import Embedder
from search.compare import align_texts


def make_versions(a: list[str], b: list[str], drops: int, merges: int, seed: int = 0):
    """-> (units_a, units_b, true links as (frozenset of original ids in A-unit, in B-unit))."""
    rng = random.Random(seed)
    n = len(a)
    dropped_a = set(rng.sample(range(n), drops // 2))
    dropped_b = set(rng.sample(sorted(set(range(n)) - dropped_a), drops - drops // 2))
    units_a: list[list[int]] = [[i] for i in range(n) if i not in dropped_a]
    for _ in range(merges):  # merge a unit with its successor in A (2–1 links)
        k = rng.randrange(len(units_a) - 1)
        units_a[k : k + 2] = [units_a[k] + units_a[k + 1]]
    units_b = [[i] for i in range(n) if i not in dropped_b]
    truth = set()
    for ua in units_a:
        ids = frozenset(i for i in ua if i not in dropped_b)
        if ids:
            truth.add((frozenset(ua), ids))
    return (
        [" ".join(a[i] for i in u) for u in units_a],
        [" ".join(b[i] for i in u) for u in units_b],
        units_a,
        units_b,
        truth,
    )


def recovered(links, units_a, units_b, truth) -> float:
    found = set()
    for link in links:
        if link.a and link.b:
            ids_a = frozenset(i for k in link.a for i in units_a[k])
            ids_b = frozenset(i for k in link.b for i in units_b[k])
            found.add((ids_a, ids_b))
    return len(found & truth) / len(truth)


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
