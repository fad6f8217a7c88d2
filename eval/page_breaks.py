"""Paragraphs cut by a page break, read back whole: plans of 30 paragraphs made by LibreOffice in
eight languages, justified or ragged (set against the edge where the script's lines start), numbered or not,
set apart by space after each paragraph or by a first-line indent alone, with no
running header or footer, a footer with the page's number, or a header and that footer; an
unnumbered opening paragraph of 0, 2 or 4 sentences moves where the page breaks fall (some after
a full stop). Read by the indexer as `align` reads a plan.

Per cell: the share of paragraphs read whole as one statement (whitespace ignored), the
statements that hold a header's or footer's words, and statements that are neither (a
paragraph's cut-off half).

    python eval/page_breaks.py [--langs en,ar] [--layouts none,footer,header] [--aligns justify,ragged]
        [--numbering numbered,unnumbered] [--breaks space,indent] [--columns 2] [--keep DIR]

The same command with `PYTHONPATH` on an older tree measures that tree's reading.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from tests.support.footnotes import FOOTERS, HEADERS, PAGE, SHIFTS, TEXTS, footnoted, plain
from tests.support.footnotes import WHOLE_PARAGRAPHS as PARAGRAPHS
from tests.support.footnotes import runs as plan


def measure(path: Path, paragraphs: list[str], furniture: list[str]) -> dict[str, int]:
    from search.plan import plan_statements

    texts = [plain(s.text) for s in plan_statements(path, use_ocr=False)]
    whole = [plain(p) for p in paragraphs]
    marks = [plain(f.split(PAGE)[0].rstrip(" ·第")) for f in furniture]
    return {
        "whole": sum(p in texts for p in whole),
        "furniture": sum(any(m in t for m in marks) for t in texts),
        "other": sum(t not in whole for t in texts),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--langs", default=",".join(TEXTS))
    parser.add_argument("--layouts", default="none,footer,header", help="header: a header and a footer")
    parser.add_argument("--aligns", default="justify,ragged")
    parser.add_argument("--numbering", default="numbered,unnumbered")
    parser.add_argument(
        "--breaks",
        default="space,indent",
        help="space, indent: paragraphs set apart by space after, or by a first-line indent",
    )
    parser.add_argument("--columns", type=int, default=1, help="text columns on a page")
    parser.add_argument("--keep", type=Path, help="keep the PDFs in this folder")
    args = parser.parse_args()
    print(
        f"commit {git_commit()}: {PARAGRAPHS} paragraphs, opening paragraphs of {SHIFTS} sentences, "
        f"{args.columns} column(s)\n"
    )
    print(
        "| lang | layout | align | numbering | breaks | paragraphs whole | statements with header or footer words | other statements |"
    )
    print("|---|---|---|---|---|---:|---:|---:|")
    totals = {"whole": 0, "furniture": 0, "other": 0, "of": 0}
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for lang in args.langs.split(","):
            for layout in args.layouts.split(","):
                header = HEADERS[lang] if layout == "header" else ""
                footer = FOOTERS[lang] if layout in ("footer", "header") else ""
                for align, numbering, breaks in itertools.product(
                    args.aligns.split(","), args.numbering.split(","), args.breaks.split(",")
                ):
                    cell = {"whole": 0, "furniture": 0, "other": 0, "of": 0}
                    for shift in SHIFTS:
                        paragraphs = plan(lang, shift, numbering == "numbered")
                        name = f"plan_{lang}_{layout}_{align}_{numbering}_{breaks}_{shift}"
                        path = footnoted(
                            folder,
                            name,
                            lang,
                            paragraphs,
                            [],
                            "pdf",
                            args.columns,
                            footer,
                            header,
                            align,
                            breaks == "indent",
                        )
                        for key, value in measure(path, paragraphs, [f for f in (header, footer) if f]).items():
                            cell[key] += value
                        cell["of"] += len(paragraphs)
                    for key in totals:
                        totals[key] += cell[key]
                    print(
                        f"| {lang} | {layout} | {align} | {numbering} | {breaks} | {cell['whole']}/{cell['of']} "
                        f"| {cell['furniture']} | {cell['other']} |",
                        flush=True,
                    )
    print(f"| all | | | | | {totals['whole']}/{totals['of']} | {totals['furniture']} | {totals['other']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
