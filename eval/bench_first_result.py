"""Time to first result: the first search and the first alignment of a sample plan, each in a
fresh `policy-align` process, from an empty cache and after set-up (`policy-align model build`).

"Empty" is a new cache folder holding only the converted model (linked from the current cache,
so the ~30 s conversion is not counted; `--convert` converts it too): what a workshop machine
looked like before set-up prepared anything. Each cold run gets its own empty cache, so the
search does not build what the alignment then reuses; set-up then runs on the alignment's
cache (so its time there is the frameworks index plus checking the views).

    python eval/bench_first_result.py [--plan corpus/samples/en-port-amara-plan.md] [--convert]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import ROOT, git_commit, timed_cli
from indexer.settings import cache_root

QUERY = "safe and affordable drinking water for all"


def empty_cache(parent: Path, name: str, convert: bool) -> Path:
    folder = parent / name
    folder.mkdir()
    if not convert:
        for part in ("models", "onnx"):  # the converted model only: nothing prepared
            if (cache_root() / part).is_dir():
                (folder / part).symlink_to(cache_root() / part)
    return folder


def timed(args: list[str], cache: Path) -> float:
    env = {**os.environ, "POLICY_ALIGN_CACHE": str(cache)}
    env.pop("POLICY_ALIGN_FRAMEWORKS", None)  # the frameworks index lives in the cache under test
    return timed_cli(args, ROOT, env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plan", type=Path, default=ROOT / "corpus/samples/en-port-amara-plan.md")
    parser.add_argument("--convert", action="store_true", help="the empty caches convert the model too")
    parser.add_argument(
        "--after-setup-only",
        action="store_true",
        help="skip the empty-cache runs: set-up (model build) on the current cache, then the first search and alignment",
    )
    args = parser.parse_args()
    search = ["search", QUERY, "--framework", "sdg", "--json", "--k", "10"]
    parent = Path(tempfile.mkdtemp(prefix="first-result-"))
    try:
        out = parent / "out"
        out.mkdir()
        align = ["align", str(args.plan), "--framework", "all", "--out", str(out / "r.json")]
        align += ["--heatmap", str(out / "r.png")]
        rows = []
        if args.after_setup_only:
            cache = cache_root()
        else:
            rows.append(("first search, empty cache", timed(search, empty_cache(parent, "a", args.convert))))
            cache = empty_cache(parent, "b", args.convert)
            rows.append(("first alignment, empty cache", timed(align, cache)))
        # set-up on the alignment's cache (its views exist; the frameworks index is built): the
        # whole preparation from empty is about the two cold runs together
        if not args.after_setup_only:
            rows.append(("set-up: policy-align model build", timed(["model", "build"], cache)))
        rows.append(("set-up again (all checked, reused)", timed(["model", "build"], cache)))
        rows.append(("first search after set-up", timed(search, cache)))
        rows.append(("first alignment after set-up", timed(align, cache)))
        print(f"commit {git_commit()}; plan {args.plan.name} against all frameworks (with heatmap); query {QUERY!r}")
        print("| step (a new process each) | seconds |")
        print("|---|---:|")
        for name, seconds in rows:
            print(f"| {name} | {seconds:.1f} |")
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
