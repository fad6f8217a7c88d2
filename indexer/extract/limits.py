"""Safety limits for one input file, so a hostile or broken file costs bounded time and memory.
PDF has its own (pdf.py: pages, characters per page, pypdf's stream limits); these bound the
other formats and every file's reading time."""

from __future__ import annotations

import time
from pathlib import Path

from indexer.errors import CorruptDocumentError, DocumentTooLargeError

MAX_TEXT_BYTES = 50_000_000  # a .txt/.md/.html file on disk
MAX_TEXT_CHARS = 10_000_000  # text read from any non-PDF file (a 1,000-page plan is ~3 M)
MAX_PARAGRAPHS = 200_000  # DOCX paragraphs and table rows
MAX_DOCX_EXPANDED_BYTES = 300_000_000  # all parts of a DOCX after decompression
MAX_DOCX_XML_BYTES = 80_000_000  # its XML parts, which python-docx parses into memory
MAX_ZIP_RATIO = 200  # expanded / compressed for one part; text XML rarely passes 20
# reading time (with OCR, ~4 s a page at worst), before chunking and embedding
SECONDS_PER_FILE = 120.0
SECONDS_PER_PAGE = 15.0


class Deadline:
    """A per-file time limit that grows with its pages, checked between pages (no signals: the
    app reads in worker threads)."""

    def __init__(self, path: Path, pages: int = 1):
        self.path, self.seconds = path, SECONDS_PER_FILE + SECONDS_PER_PAGE * pages
        self.end = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise DocumentTooLargeError(
                self.path, f"took longer than {self.seconds:.0f} s to read (the per-file limit)"
            )


def check_chars(path: Path, text: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentTooLargeError(path, f"{len(text):,} characters of text; the limit is {MAX_TEXT_CHARS:,}")
    return text


def check_docx_zip(path: Path) -> None:
    """Refuse a DOCX whose parts would expand past the limits (a zip bomb), before parsing it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptDocumentError(path, f"not a readable DOCX file ({exc})") from exc
    expanded = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if expanded > MAX_DOCX_EXPANDED_BYTES or xml > MAX_DOCX_XML_BYTES:
        raise DocumentTooLargeError(
            path,
            f"expands to {expanded:,} bytes ({xml:,} of XML); the limits are "
            f"{MAX_DOCX_EXPANDED_BYTES:,} and {MAX_DOCX_XML_BYTES:,}",
        )
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise DocumentTooLargeError(
                path, f"{info.filename} expands {info.file_size // max(info.compress_size, 1)}-fold (a zip bomb?)"
            )
