"""Round-trip fidelity of text extraction: team-written plan texts in 13 languages, made into
PDF by LibreOffice and by Chromium's print-to-PDF, in three font families per script and
three layouts, and the same texts as HTML and as DOCX (LibreOffice's conversion of that
HTML), read back by the indexer; word accuracy and paragraph-break F1 per row.

    python eval/extract_fidelity.py                  # the whole matrix (a few minutes)
    python eval/extract_fidelity.py --langs ar,zh --producers libreoffice
    python eval/extract_fidelity.py --producers docx,html
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.extract.fidelity import FONTS, LAYOUTS, SCRIPT, expected_paragraphs, page_html, paragraph_f1, word_accuracy  # noqa: E402
from indexer.extract.load import load_document  # noqa: E402
from indexer.structure.flow import document_paragraphs  # noqa: E402
from search.pdfs import html_to_pdf_chromium, html_to_pdf_many  # noqa: E402

TEXTS = ROOT / "eval" / "data" / "fidelity_texts.jsonl"
DOCUMENT_FORMATS = ("docx", "html")  # producers that make a document, not a PDF


def build(folder: Path, docs: list[dict], producers: list[str]) -> list[tuple[dict, str, str, str, Path]]:
    """-> (doc, producer, font, layout, pdf) for every cell of the matrix."""
    rows = []
    for producer in producers:
        htmls, meta = [], []
        sub = folder / producer
        sub.mkdir(parents=True, exist_ok=True)
        for doc in docs:
            fonts = FONTS[SCRIPT.get(doc["lang"], "latin")]
            # a document format keeps no layout: one file per text, in the first font
            for i, font in enumerate(fonts[:1] if producer in DOCUMENT_FORMATS else fonts):
                for layout in list(LAYOUTS)[:1] if producer in DOCUMENT_FORMATS else LAYOUTS:
                    path = sub / f"{doc['id']}--f{i}--{layout}.html"
                    path.write_text(page_html(doc, font, layout, producer), encoding="utf-8")
                    htmls.append(path)
                    meta.append((doc, producer, font, layout))
        if producer == "html":
            pdfs = htmls
        elif producer == "docx":
            pdfs = html_to_pdf_many(htmls, sub, convert_to="docx:MS Word 2007 XML")
        elif producer == "libreoffice":
            pdfs = html_to_pdf_many(htmls, sub)
        else:
            pdfs = html_to_pdf_chromium(htmls)
        rows.extend((*m, pdf) for m, pdf in zip(meta, pdfs))
    return rows


def extracted_paragraphs(pdf: Path) -> list[str]:
    """The paragraphs the indexer reads (a paragraph cut by a page break is one)."""
    return document_paragraphs(load_document(pdf, use_ocr=False))


def measure(rows) -> list[dict]:
    results = []
    for doc, producer, font, layout, pdf in rows:
        want = expected_paragraphs(doc)
        got = extracted_paragraphs(pdf) if pdf.exists() else []
        results.append(
            {
                "id": doc["id"],
                "lang": doc["lang"],
                "producer": producer,
                "font": font,
                "layout": layout,
                "word_accuracy": word_accuracy("\n".join(want), "\n".join(got), doc["lang"]),
                "paragraph_f1": paragraph_f1(want, got),
                "pdf": str(pdf),
                "got": got,
            }
        )
    return results


def table(results: list[dict], key: str) -> str:
    groups = defaultdict(list)
    for r in results:
        groups[r[key]].append(r)
    lines = [
        f"| {key} | docs | word accuracy (mean) | word accuracy (min) | paragraph F1 (mean) | paragraph F1 (min) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in sorted(groups):
        g = groups[name]
        wa = [r["word_accuracy"] for r in g]
        pf = [r["paragraph_f1"] for r in g]
        lines.append(
            f"| {name} | {len(g)} | {statistics.mean(wa):.3f} | {min(wa):.3f} | {statistics.mean(pf):.3f} | {min(pf):.3f} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--langs", help="comma-separated subset, e.g. ar,zh")
    parser.add_argument("--producers", default="libreoffice,chromium,docx,html")
    parser.add_argument("--keep", type=Path, help="keep the PDFs and a JSON of every row in this folder")
    args = parser.parse_args(argv)
    docs = [json.loads(line) for line in TEXTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.langs:
        docs = [d for d in docs if d["lang"] in args.langs.split(",")]
    with tempfile.TemporaryDirectory(prefix="policy-align-fidelity-") as tmp:
        folder = args.keep or Path(tmp)
        results = measure(build(folder, docs, args.producers.split(",")))
        if args.keep:
            (folder / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(results, "lang"))
    print()
    print(table([dict(r, cell=f"{r['lang']} {r['producer']}") for r in results], "cell"))
    print()
    print(table([dict(r, cell=f"{r['producer']} {r['layout']}") for r in results], "cell"))
    print()
    print(table(results, "font"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
