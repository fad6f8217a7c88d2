"""Footnotes read back: plans with real footnotes made by LibreOffice (a PDF with the notes at
each page's foot, or at each column's foot on pages of two columns, and a DOCX), in eight languages, read by the indexer as `align` reads a plan.

Per cell: the share of the numbered paragraphs read whole as one statement (the text of the
paragraph, reference marks aside, whitespace ignored), the share of the notes read as a
statement of their own with their text, the notes glued into a paragraph's statement, and
statements that are neither (a paragraph's cut-off half).

    python eval/footnotes_fidelity.py [--langs en,ar] [--formats pdf,pdf2,docx]

The same command with `PYTHONPATH` on an older tree measures that tree's reading.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from tests.support.footnotes import NOTE_AT, NOTED, PARAGRAPHS, TEXTS, footnoted, plain, plan


def measure(path: Path, paragraphs: list[str], notes: list[str]) -> dict[str, float]:
    from search.plan import plan_statements

    texts = [plain(s.text) for s in plan_statements(path, use_ocr=False)]
    whole = [plain(p.replace(NOTE_AT, "")) for p in paragraphs]
    wanted = [plain(n) for n in notes]
    glued = sum(any(n in t and t != n for t in texts) for n in wanted)
    return {
        "paragraphs whole": sum(p in texts for p in whole) / len(whole),
        "notes as notes": sum(n in texts for n in wanted) / len(wanted),
        "notes glued": glued,
        "other statements": sum(t not in whole and t not in wanted for t in texts),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--langs", default=",".join(TEXTS))
    parser.add_argument("--formats", default="pdf,pdf2,docx", help="pdf2: a PDF of two columns")
    args = parser.parse_args()
    print(f"commit {git_commit()}: {PARAGRAPHS} numbered paragraphs, {len(NOTED)} notes per plan\n")
    print("| lang | format | paragraphs whole | notes as notes | notes glued | other statements |")
    print("|---|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for lang in args.langs.split(","):
            paragraphs, notes = plan(lang)
            for to in args.formats.split(","):
                columns = 2 if to == "pdf2" else 1
                path = footnoted(Path(folder), f"plan_{lang}", lang, paragraphs, notes, to.rstrip("2"), columns)
                m = measure(path, paragraphs, notes)
                print(
                    f"| {lang} | {to} | {m['paragraphs whole']:.2f} | {m['notes as notes']:.2f} | "
                    f"{m['notes glued']} | {m['other statements']} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
