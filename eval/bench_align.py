"""`align` of a 50-page plan (~500 statements) against every framework, stage by stage.

The plan is a real PDF: LibreOffice converts an HTML page of numbered paragraphs under
chapter headings (English NUA summaries and the team's Cairo notes, mixed, as a stand-in
for a municipal plan). The baseline is the floor of any embedding method: encoding the
same statements once.

    python eval/bench_align.py [--statements 500] [--framework all|cairo|nua|sdg]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit


def plan_paragraphs(n: int) -> list[str]:
    from indexer.frameworks import load_frameworks
    from indexer.frameworks.notes import load_notes

    texts = [i.text_for("en").text for i in load_frameworks()["nua"].items if i.text_for("en")]
    texts += [note.text for notes in load_notes("cairo").values() for note in notes if note.lang == "en"]
    out, chapter = [], 0
    for k in range(n):
        if k % 25 == 0:
            chapter += 1
            out.append(f"<h2>Chapter {chapter}. Strategic priorities</h2>")
        out.append(f"<p>{k + 1}. {texts[k % len(texts)]}</p>")
    return out


def make_plan_pdf(folder: Path, n: int) -> Path:
    from search.pdfs import html_page, html_to_pdf

    html = folder / "plan.html"
    html.write_text(
        html_page("\n".join(plan_paragraphs(n)), "en", "body{font-family:'Noto Sans';font-size:11pt}"), encoding="utf-8"
    )
    return html_to_pdf(html, timeout=600)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=500)
    parser.add_argument("--framework", default="all", help="a framework id, or all (default)")
    args = parser.parse_args()

    from pypdf import PdfReader

    from indexer.frameworks import load_frameworks
    from indexer.model import Embedder
    from search.align import align
    from search.heatmaps import write_heatmap
    from search.match import Matcher, chosen_frameworks, item_titles
    from search.plan import plan_statements
    from search.report import to_csv, to_json, to_markdown

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = make_plan_pdf(folder, args.statements)
        pages = len(PdfReader(pdf).pages)
        embedder = Embedder()
        embedder.encode(["warm-up"], "query")
        frameworks = load_frameworks()
        rows = []

        def timed(name, fn):
            start = time.perf_counter()
            value = fn()
            rows.append((name, time.perf_counter() - start))
            return value

        matchers = timed(
            "load matchers (views cached)",
            lambda: [Matcher(frameworks[f], embedder) for f in chosen_frameworks(args.framework)],
        )
        statements = timed("extract + segment PDF", lambda: plan_statements(pdf))
        texts = [s.text for s in statements]
        baseline = timed("baseline: encode statements once", lambda: embedder.encode(texts, "query"))
        report = timed(
            f"align (encode + match {args.framework} + coverage)",
            lambda: align(statements, matchers, embedder, plan="plan.pdf", titles=item_titles()),
        )
        timed("reports: json + csv + md", lambda: (to_json(report), to_csv(report), to_markdown(report)))
        timed("heatmap PNG", lambda: write_heatmap(report, folder / "heatmap.png"))
    total = sum(t for name, t in rows if not name.startswith(("baseline", "load")))
    base = dict(rows)["baseline: encode statements once"]
    print(
        f"commit {git_commit()} · {pages} pages, {len(statements)} statements, {embedder.backend}, "
        f"{len(baseline)} vectors · frameworks {', '.join(m.framework.id for m in matchers)} "
        f"({sum(len(m.viewset.items) for m in matchers)} items)\n"
    )
    print("| stage | seconds |\n|---|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} |")
    print(f"| **align a plan end to end (extract → heatmap)** | **{total:.2f}** |")
    print(f"\nend to end / baseline encoding: {total / base:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
