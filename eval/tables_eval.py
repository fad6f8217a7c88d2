"""How a plan's ruled table of targets comes out of a PDF: each row one unit, its cells joined by
" | " in reading order, the paragraphs before and after it whole and their own, and no unit's
section taken from the table.

The matrix: six languages (en, fr, es, ru, zh, ar) × three ways of making the PDF (Word's
"Table Grid" style printed by LibreOffice; an HTML table printed by LibreOffice; the same page
printed by Chromium, which draws a table's rules in pieces per cell) × a first row's first cell
that fits on one line or wraps (tests/support/tables.py). 36 PDFs, each a paragraph, a table of
three rows and a paragraph.

    python eval/tables_eval.py [--langs en,ar] [--routes word,html,chromium]

About 2 minutes on two cores.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from tests.support.libreoffice import office_pdf
from tests.support.tables import TEXTS, table_html, table_texts, word_table_docx

ROUTES = ("word", "html", "chromium")


def make_pdfs(folder: Path, langs: list[str], routes: list[str]) -> list[tuple[str, str, bool, Path]]:
    """(language, route, wrapped, PDF) for each cell of the matrix; Chromium prints its pages in one run."""
    from search.pdfs import html_to_pdf, html_to_pdf_chromium

    out, pages = [], []
    for lang in langs:
        for wrapped in (False, True):
            name = f"{lang}-{int(wrapped)}"
            if "word" in routes:
                out.append((lang, "word", wrapped, office_pdf(word_table_docx(folder, f"word-{name}", lang, wrapped))))
            if "html" in routes:
                out.append((lang, "html", wrapped, html_to_pdf(table_html(folder, f"html-{name}", lang, wrapped))))
            if "chromium" in routes:
                pages.append((lang, wrapped, table_html(folder, f"chromium-{name}", lang, wrapped)))
    if pages:
        printed = html_to_pdf_chromium([page for _, _, page in pages])
        out += [(lang, "chromium", wrapped, pdf) for (lang, wrapped, _), pdf in zip(pages, printed)]
    return out


def score(pdf: Path, lang: str, wrapped: bool) -> tuple[int, int, bool, bool]:
    """(rows read as rows, rows, paragraphs before and after whole, no section from the table)."""
    from indexer.extract.load import load_document
    from indexer.structure.units import chunk_document

    before, rows, after = table_texts(lang, wrapped)
    units = chunk_document(load_document(pdf, use_ocr=False))
    texts = [u.text for u in units]
    read = sum(" | ".join(row) in texts for row in rows)
    cells = {cell for row in rows for cell in row}
    clean = not any(any(cell in part for cell in cells) for u in units for part in u.section)
    return read, len(rows), before in texts and after in texts, clean


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--langs", default=",".join(TEXTS))
    parser.add_argument("--routes", default=",".join(ROUTES))
    args = parser.parse_args()
    langs, routes = args.langs.split(","), args.routes.split(",")
    results: dict[tuple[str, str], list[int]] = {}  # (route, lang) -> rows read, rows, paragraphs whole, clean
    with tempfile.TemporaryDirectory(prefix="policy-align-tables-") as tmp:
        for lang, route, wrapped, pdf in make_pdfs(Path(tmp), langs, routes):
            read, rows, whole, clean = score(pdf, lang, wrapped)
            cell = results.setdefault((route, lang), [0, 0, 0, 0])
            for i, value in enumerate((read, rows, whole, clean)):
                cell[i] += int(value)
    print(f"commit {git_commit()}; rows read as rows / rows, per route and language (two PDFs each)\n")
    print("| route | " + " | ".join(langs) + " | paragraphs around whole | no section from a table |")
    print("|---|" + "---:|" * (len(langs) + 2))
    for route in routes:
        cells = [results.get((route, lang), [0, 0, 0, 0]) for lang in langs]
        row = " | ".join(f"{c[0]}/{c[1]}" for c in cells)
        print(
            f"| {route} | {row} | {sum(c[2] for c in cells)}/{2 * len(langs)} | {sum(c[3] for c in cells)}/{2 * len(langs)} |"
        )
    total = [sum(c[i] for c in results.values()) for i in range(4)]
    print(
        f"\nall: {total[0]}/{total[1]} rows read as rows; paragraphs around whole in {total[2]}/{len(results) * 2} PDFs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
