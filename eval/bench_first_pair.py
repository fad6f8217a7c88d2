"""Time to first result of two checkouts in one run: the first search and the first alignment
after set-up (eval/bench_first_result.py's commands, a new process each), the two trees taking
turns round by round (which goes first alternates), because on this shared machine runs made
one after the other differ by more than a start-up change.

Each tree gets its own cache folder, set up beforehand (`policy-align model build`): a cache
holds converted model files whose layout a tree may change, so two trees must not share one.

    python eval/bench_first_pair.py --base /tmp/wt_first --base-cache /tmp/cache_base \\
        [--tree DIR] --cache /tmp/cache_new [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.bench_first_result import QUERY
from eval.common import ROOT, git_commit, timed_cli


def timed(tree: Path, cache: Path, args: list[str]) -> float:
    # each tree reads its own corpus: an editable install maps the corpus to one checkout only
    env = {**os.environ, "POLICY_ALIGN_CACHE": str(cache), "POLICY_ALIGN_CORPUS": str(tree / "corpus")}
    env.pop("POLICY_ALIGN_FRAMEWORKS", None)
    return timed_cli(args, tree, env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (e.g. a git worktree)")
    parser.add_argument("--base-cache", type=Path, required=True)
    parser.add_argument(
        "--tree", type=Path, default=ROOT, help="the checkout measured against --base (default this one)"
    )
    parser.add_argument("--cache", type=Path, required=True, help="--tree's cache")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--search-only", action="store_true", help="time the first search alone (more rounds)")
    parser.add_argument("--plan", type=Path, default=ROOT / "corpus/samples/en-port-amara-plan.md")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="first-pair-"))
    search = ["search", QUERY, "--framework", "sdg", "--json", "--k", "10"]
    align = ["align", str(args.plan.resolve()), "--framework", "all", "--out", str(out / "r.json")]
    align += ["--heatmap", str(out / "r.png")]
    trees = {"base": (args.base, args.base_cache), "this": (args.tree, args.cache)}
    steps = ("search",) if args.search_only else ("search", "align")
    times: dict[tuple[str, str], list[float]] = {(t, s): [] for t in trees for s in steps}
    try:
        loads = [os.getloadavg()[0]]
        for n in range(args.rounds):
            for name in ("base", "this") if n % 2 == 0 else ("this", "base"):
                tree, cache = trees[name]
                times[(name, "search")].append(timed(tree, cache, search))
                if not args.search_only:
                    times[(name, "align")].append(timed(tree, cache, align))
            loads.append(os.getloadavg()[0])
    finally:
        shutil.rmtree(out, ignore_errors=True)  # the reports and heatmaps written
    print(
        f"base {args.base} ({git_commit(args.base)}), this {args.tree} ({git_commit(args.tree)}); {args.rounds} rounds"
    )
    print(f"load average (1 min) during the run: {min(loads):.1f}-{max(loads):.1f}")
    print("| step | tree | median s | min s | max s | runs |")
    print("|---|---|---:|---:|---:|---|")
    for (name, step), values in times.items():
        runs = " ".join(f"{v:.1f}" for v in values)
        print(
            f"| first {step} | {name} | {statistics.median(values):.1f} | {min(values):.1f} | {max(values):.1f} | {runs} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
