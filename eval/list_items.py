"""How plans' lists come out of PDFs: every item a unit of its own, whole, and the paragraph after
the list a unit of its own, over a matrix of how lists are marked and ended.

Each PDF is printed by LibreOffice from an HTML page (tests/support/lists.py): a lead-in line
("The Council will:"), four items, then a paragraph. The matrix: six languages × marks (bullet,
dash, "a.", "A.", "i.", "1.", "1)", and in Chinese "1." set against the text and the full-width
"1．") × items ending with ";" / "؛" / "。" or with nothing × one-line or wrapped items × each
item a paragraph or a line of one (cut by line breaks). Two more marks are Word's own list
styles ("List Bullet", whose bullet the PDF keeps as a Symbol-font private-use code, and "List
Number"): a DOCX written with python-docx and printed by LibreOffice, each item a paragraph. An
item counts when one unit holds it whole and nothing more; a PDF counts when all four items do
and the paragraph after is its own.

    python eval/list_items.py [--langs en,ar] [--marks "bullet,1.,Word •"] [--keep DIR]

About 8 minutes for the whole matrix (352 PDFs) on two cores.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from tests.support.lists import AFTER, SHORT, item_texts, list_pdf, word_list_pdf

ROMAN = ("i", "ii", "iii", "iv")
# how the n-th item (0-based) is marked; which languages write lists so
MARKS = {
    "bullet": (lambda n: "• ", None),
    "dash": (lambda n: "– ", None),
    "a.": (lambda n: f"{'abcd'[n]}. ", ("en", "fr", "es", "ru")),
    "A.": (lambda n: f"{'ABCD'[n]}. ", ("en", "fr", "es", "ru")),
    "i.": (lambda n: f"{ROMAN[n]}. ", ("en", "fr", "es", "ru")),
    "1.": (lambda n: f"{n + 1}. ", None),
    "1)": (lambda n: f"{n + 1}) ", None),
    "1.unspaced": (lambda n: f"{n + 1}.", ("zh",)),
    "1．": (lambda n: f"{n + 1}．", ("zh",)),
}
# lists in Word's own styles: the marks are Word's, not the text's (its bullet a Symbol-font glyph)
WORD_STYLES = {"Word •": "List Bullet", "Word 1.": "List Number"}
DRAWN_MARK = re.compile(r"^(?:[•\uf0b7] ?|\d{1,2}\.\s*)")  # U+F0B7: as an older reading kept it


def read_list(pdf: Path, lang: str, items: list[str], drawn: bool) -> tuple[int, bool]:
    """(items held whole by a unit of their own, whether the paragraph after is its own)."""
    from indexer.extract.load import load_document
    from indexer.structure.units import chunk_document

    units = chunk_document(load_document(pdf, use_ocr=False))
    # a Word list's mark is drawn, not typed: the unit holds it ("• ", "2.") before the item's text
    squeezed = ["".join((DRAWN_MARK.sub("", u.text) if drawn else u.text).split()) for u in units]
    whole = sum("".join(item.split()) in squeezed for item in items)
    return whole, any(u.text.strip() == AFTER[lang] for u in units)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--langs", default=",".join(SHORT))
    parser.add_argument("--marks", default=",".join([*MARKS, *WORD_STYLES]))
    parser.add_argument("--keep", type=Path, help="write the PDFs here (default: a temporary folder)")
    args = parser.parse_args()
    langs, marks = args.langs.split(","), args.marks.split(",")
    # (mark, ended) -> language -> [PDFs right, PDFs, items whole, items]
    rows: dict[tuple[str, bool], dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    with tempfile.TemporaryDirectory(prefix="policy-align-lists-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for mark in marks:
            marked, used_in = MARKS.get(mark, (lambda n: "", None))
            for lang in (lang for lang in langs if used_in is None or lang in used_in):
                for ended in (True, False):
                    for wrapped in (False, True):
                        # a Word list's items are paragraphs; a typed list's may be lines of one
                        for breaks in (False,) if mark in WORD_STYLES else (False, True):
                            items = [marked(n) + text for n, text in enumerate(item_texts(lang, wrapped, ended))]
                            name = f"{lang}-{len(rows)}-{int(ended)}{int(wrapped)}{int(breaks)}"
                            if mark in WORD_STYLES:
                                pdf = word_list_pdf(folder, name, lang, items, WORD_STYLES[mark])
                            else:
                                pdf = list_pdf(folder, name, lang, items, breaks)
                            whole, after = read_list(pdf, lang, items, mark in WORD_STYLES)
                            cell = rows[(mark, ended)][lang]
                            cell[0] += whole == len(items) and after
                            cell[1] += 1
                            cell[2] += whole
                            cell[3] += len(items)
    print(f"commit {git_commit()}; PDFs right (all items whole, the paragraph after its own) / PDFs\n")
    print("| mark | items end | " + " | ".join(langs) + " | items whole |")
    print("|---|---|" + "---:|" * (len(langs) + 1))
    total = [0, 0, 0, 0]
    for (mark, ended), by_lang in rows.items():
        cells = [f"{by_lang[lang][0]}/{by_lang[lang][1]}" if lang in by_lang else "–" for lang in langs]
        whole, items = sum(c[2] for c in by_lang.values()), sum(c[3] for c in by_lang.values())
        print(f"| {mark} | {'; or 。' if ended else 'bare'} | " + " | ".join(cells) + f" | {whole}/{items} |")
        for c in by_lang.values():
            total = [t + x for t, x in zip(total, c)]
    print(f"\nall: {total[0]}/{total[1]} PDFs right, {total[2]}/{total[3]} items whole")
    return 0


if __name__ == "__main__":
    sys.exit(main())
