"""PDF pages: typed errors for files the caller must fix, per-page warnings otherwise.

Two engines, chosen per page: pypdf opens the file, checks it and decompresses every
content stream under its limits; PDFium (pypdfium2) then gives each glyph's position, from
which layout.py rebuilds lines and paragraphs in reading order, in any script and direction
(eval/extract_fidelity.py measures it). Pages with signs of a broken text layer (U+FFFD,
private-use or rare CJK characters), rotated text, or that PDFium cannot read are extracted
by pypdf, whose output the visual-order repairs and quality scores in this package were
built and tested on.

Safety: the file must start like a PDF (an HTML error page or an image saved as .pdf is
named as such), encrypted files are opened with the empty password or refused, and pypdf's
decompression limits (75 MB per stream) stop compression bombs before memory runs out.
"""

from __future__ import annotations

import functools
import logging
import re
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from indexer.errors import CorruptDocumentError, DocumentTooLargeError, EncryptedDocumentError, PageQualityWarning
from indexer.extract import drawn, poppler
from indexer.extract.normalize import symbol_bullets_as_discs
from indexer.extract.rtl import RTL_LETTERS
from indexer.extract.word_spaces import UNCERTAIN_JOIN, UNCERTAIN_SPACE

MAX_PAGES = 5000
# Signs of a broken text layer; such pages go to pypdf, on whose output quality.py is calibrated
# (PDFium returns unmapped glyphs as raw codes where pypdf gives U+FFFD or rare CJK).
_UNMAPPED_CHARS = "\x7f-\x9f\ufffd\ue000-\uf8ff\u3400-\u4dbf"
_SUSPECT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_UNMAPPED_CHARS}]")
_RTL = re.compile(f"[{RTL_LETTERS}]")
_NON_JOINING = re.compile("[پچژگکی]")  # Persian letters: a page that may spell with ZWNJ
# _SUSPECT without the C0 controls: layout.py drops those (kashida and other glyphs that map to nothing)
_UNMAPPED = re.compile(f"[{_UNMAPPED_CHARS}]")
_RAW_CODES = re.compile("[\u02b0-\u02ff\u0370-\u03ff]")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
MAX_PAGE_CHARS = 200_000
# Glyph layout costs about 70 ms per 1,000 characters on a slow core: a page of a million
# characters took minutes and hit the per-file limit. A dense real page has 5-10k; past this
# the page is read by pypdf (under a second) and capped at MAX_PAGE_CHARS as before.
MAX_LAYOUT_CHARS = 60_000
_SIGNATURES = {
    b"<!doctype html": "an HTML page",
    b"<html": "an HTML page",
    b"\x89png": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"gif8": "a GIF image",
    b"pk\x03\x04": "a ZIP archive (e.g. DOCX)",
    b"{": "JSON text",
}


def sniff_pdf(path: Path) -> None:
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if not head:
        raise CorruptDocumentError(path, "the file is empty")
    if b"%PDF-" in head:
        return
    lowered = head.lstrip().lower()
    for signature, what in _SIGNATURES.items():
        if lowered.startswith(signature):
            raise CorruptDocumentError(path, f"not a PDF: the file is {what}")
    raise CorruptDocumentError(path, "not a PDF: no %PDF- header")


def open_pdf(path: Path):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    sniff_pdf(path)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # we report per file and per page ourselves
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise EncryptedDocumentError(path, "the PDF is password-protected; give an unprotected copy")
            except (FileNotDecryptedError, NotImplementedError, DependencyError) as exc:
                raise EncryptedDocumentError(path, f"the PDF is encrypted and cannot be opened ({exc})") from exc
        count = len(reader.pages)
    except EncryptedDocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        raise CorruptDocumentError(path, f"the PDF is damaged or truncated ({type(exc).__name__}: {exc})") from exc
    if count == 0:
        raise CorruptDocumentError(path, "the PDF has no pages")
    if count > MAX_PAGES:
        raise DocumentTooLargeError(path, f"{count} pages is over the limit of {MAX_PAGES}")
    return reader


def _pdfium(path: Path):
    try:
        import pypdfium2

        return pypdfium2.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - PDFium is an accelerator; pypdf alone still works
        return None


def _pdfium_reading(document, number: int, drawn_text=None, gutter_hint=None):  # -> paragraphs.PageReading | None
    """Paragraphs rebuilt from PDFium's glyph positions (layout.py; `gutter_hint` where an
    earlier page's columns parted), with whether the page's last one runs on to the next page
    and where its columns part, or None where the text
    layer is suspect or stores Arabic presentation forms (visual-order producers, which the
    repairs in rtl.py were built on)."""
    if document is None:
        return None
    from indexer.extract.layout import page_layout

    try:
        textpage = document[number - 1].get_textpage()
        if textpage.count_chars() > MAX_LAYOUT_CHARS:
            return None
        # Word's Symbol and Wingdings bullets are private-use codes, yet no sign of a broken layer
        plain = symbol_bullets_as_discs(textpage.get_text_range())
        if _UNMAPPED.search(plain) or _PRESENTATION_FORMS.search(plain):
            return None
        reading = page_layout(textpage, drawn_text, gutter_hint)
        return None if reading is None else replace(reading, text=symbol_bullets_as_discs(reading.text))
    except Exception:  # noqa: BLE001 - pypdf is the fallback for pages PDFium cannot lay out
        return None


PLAUSIBLE = 0.97  # a right-to-left reading this plausible is kept without a second one


def _better_rtl_reading(laid_out: str, visual_reading) -> tuple[str, tuple[str, ...]]:
    """A right-to-left page read from glyph positions, and, when that reading looks doubtful,
    by pypdf (`visual_reading()`) with the visual-order repairs of rtl.py, which some
    producers' text layers need. The more plausible reading wins; ties go to the glyph
    positions. Pages where PDFium decodes unmapped glyphs as raw codes (Greek, modifier
    letters beside Arabic) and pypdf does not go to pypdf."""
    from indexer.extract.normalize import normalize_chars
    from indexer.extract.plausible import rtl_plausibility
    from indexer.extract.rtl import repair_rtl

    raw_codes = bool(_RAW_CODES.search(laid_out))
    score = rtl_plausibility(laid_out)
    if score >= PLAUSIBLE and not raw_codes:
        return laid_out, ("layout",)
    visual = visual_reading() or ""
    if not visual.strip():
        return laid_out, ("layout",)
    if raw_codes and not _RAW_CODES.search(visual):
        return visual, ()
    repaired, _ = repair_rtl(normalize_chars(visual).split("\n"))
    if rtl_plausibility("\n".join(repaired)) > score + 0.02:
        return visual, ()
    return laid_out, ("layout",)


def page_texts(reader, path: Path, progress: bool = False) -> Iterator[tuple[str, tuple[str, ...]]]:
    """-> (raw text, flags) per page. A page that fails is flagged and yields no text. Text
    laid out from glyph positions carries the flag "layout": it is in reading order already,
    with paragraphs separated by blank lines; "runs-on" where its last paragraph, cut by the
    page's foot, goes on at the next page's top."""
    from tqdm.auto import tqdm

    fast = _pdfium(path)
    second_opinion = poppler.Readings(path)
    pages = tqdm(reader.pages, desc=path.name[:30], unit="page", leave=False, disable=not progress)
    gutter = None  # where the last page with two columns parted them
    try:
        for number, page in enumerate(pages, start=1):
            try:
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()  # pypdf's decompression limits stop bombs here, before PDFium
                reading = _pdfium_reading(fast, number, functools.partial(drawn.drawn_text, page), gutter)
                if reading is not None and reading.gutter is not None:
                    gutter = reading.gutter  # the columns of the pages that follow part there too
                text = None if reading is None else reading.text
                # "runs-on": the page's last paragraph goes on at the next page's top (load.py reads it)
                flags: tuple[str, ...] = ("layout",) + (("runs-on",) if reading is not None and reading.runs_on else ())
                # "continues": its first paragraph goes on from the page before's last (load.py reads it)
                flags += ("continues",) if reading is not None and reading.continues else ()
                if text is not None and _RTL.search(text):
                    text, kept = _better_rtl_reading(text, page.extract_text)
                    flags = flags if kept else ()
                if text is not None and (UNCERTAIN_SPACE in text or UNCERTAIN_JOIN in text):
                    markers = {UNCERTAIN_SPACE: " ", UNCERTAIN_JOIN: ""}
                    text = poppler.resolve_spaces(text, second_opinion.page_text(number), markers)
                if text is not None and "layout" in flags and _NON_JOINING.search(text):
                    # Persian's zero-width non-joiners, which PDFium's text page drops
                    text = poppler.restore_joiners(text, second_opinion.page_text(number))
                if text is None or _SUSPECT.search(text):
                    text, flags = page.extract_text() or "", ()
            except Exception as exc:  # noqa: BLE001 - one bad page must not stop the document
                warnings.warn(
                    f"{path} page {number}: text extraction failed ({type(exc).__name__}: {exc})",
                    PageQualityWarning,
                    stacklevel=2,
                )
                yield "", ("extract-failed",)
                continue
            if len(text) > MAX_PAGE_CHARS:
                warnings.warn(
                    f"{path} page {number}: {len(text):,} characters, kept the first {MAX_PAGE_CHARS:,}",
                    PageQualityWarning,
                    stacklevel=2,
                )
                yield text[:MAX_PAGE_CHARS], flags + ("truncated",)
            else:
                yield text, flags
    finally:
        if fast is not None:
            fast.close()
