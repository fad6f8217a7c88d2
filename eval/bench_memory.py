"""Peak memory of an index build, short chunks against long ones, with and without batching by
tokens (the baseline, measured in the same run, batches by count only).

Each row is a fresh process (peak RSS is per process) that builds an index of generated
Markdown documents with the real model: "short" documents are one-sentence paragraphs, "long"
ones paragraphs that fill the model window (480 tokens per chunk).

    python eval/bench_memory.py [--docs 8]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import ROOT, git_commit

SENTENCE = {
    "en": "The city will extend protected cycle lanes and bus priority to every district by 2030",
    "zh": "到2030年，城市将把受保护的自行车道和公交优先延伸到每个城区",
    "ar": "ستمد المدينة مسارات الدراجات المحمية وأولوية الحافلات إلى كل حي بحلول عام 2030",
}
LIMIT_GB = 2.5

CHILD = """
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
from pathlib import Path
from indexer.index.builder import IndexBuilder
from indexer.model import Embedder
folder, index, budget = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
start = time.perf_counter()
report = IndexBuilder(index, Embedder(max_batch_tokens=budget), use_ocr=False).build([folder])
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "chunks": sum(report.chunks_by_lang.values()), "seconds": time.perf_counter() - start}))
"""


def write_docs(folder: Path, kind: str, docs: int) -> None:
    folder.mkdir(parents=True)
    for d in range(docs):
        lang = list(SENTENCE)[d % len(SENTENCE)]
        if kind == "long":
            paragraphs = [" ".join(f"{SENTENCE[lang]} ({p}.{s})." for s in range(40)) for p in range(24)]
        else:
            paragraphs = [f"{SENTENCE[lang]} ({p})." for p in range(24 * 40)]
        (folder / f"{kind}-{d}.md").write_text("\n\n".join(paragraphs), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=8)
    args = parser.parse_args()
    from indexer.model.embedder import MAX_BATCH_TOKENS

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("short", "long"):
            write_docs(Path(tmp) / kind, kind, args.docs)
            for label, budget in (("by count (baseline)", 0), (f"by tokens ({MAX_BATCH_TOKENS})", MAX_BATCH_TOKENS)):
                out = subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        CHILD,
                        str(Path(tmp) / kind),
                        str(Path(tmp) / f"i-{kind}-{budget}"),
                        str(budget),
                    ],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                rows.append((kind, label, json.loads(out.stdout.strip().splitlines()[-1])))
    print(f"commit {git_commit()}; {args.docs} documents per kind; limit {LIMIT_GB} GB\n")
    print("| chunks | batching | chunk count | peak RSS (MB) | build (s) | within limit |")
    print("|---|---|---:|---:|---:|---|")
    for kind, label, r in rows:
        print(
            f"| {kind} | {label} | {r['chunks']} | {r['peak_mb']:.0f} | {r['seconds']:.1f} | "
            f"{'yes' if r['peak_mb'] <= LIMIT_GB * 1024 else 'NO'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
