"""Plain text, Markdown, DOCX and HTML -> a list of raw "pages" (one per file; DOCX and HTML
keep their paragraph breaks as blank lines)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from indexer.errors import CorruptDocumentError, DocumentTooLargeError
from indexer.extract.docx_notes import Notes
from indexer.extract.docx_numbering import BULLET, FORMATS, Numbering
from indexer.extract.limits import MAX_PARAGRAPHS, MAX_TEXT_BYTES, MAX_TEXT_CHARS, check_docx_zip


def read_text_file(path: Path) -> list[str]:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise DocumentTooLargeError(path, f"{size:,} bytes; the limit for a text file is {MAX_TEXT_BYTES:,}")
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return [data.decode(encoding)]
        except UnicodeDecodeError:
            continue
    return [data.decode("utf-8", errors="replace")]  # the page's quality flags will show U+FFFD


def read_docx(path: Path) -> list[str]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_docx_zip(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError, SyntaxError) as exc:  # lxml's XMLSyntaxError too
        raise CorruptDocumentError(path, f"not a readable DOCX file ({exc})") from exc
    parts: list[str] = []
    chars = 0

    def keep(text: str) -> None:
        nonlocal chars
        parts.append(text)
        chars += len(text)
        if chars > MAX_TEXT_CHARS or len(parts) > MAX_PARAGRAPHS:
            raise DocumentTooLargeError(
                path, f"more than {MAX_TEXT_CHARS:,} characters or {MAX_PARAGRAPHS:,} paragraphs of text"
            )

    numbering = Numbering.of(document)
    notes = Notes(document)
    for paragraph in document.paragraphs:
        label = numbering.label(paragraph)  # automatic numbering is no text of the paragraph's
        keep(_docx_heading_mark(paragraph) + (f"{label} " if label else "") + notes.paragraph_text(paragraph))
    for table in document.tables:
        for row in table.rows:
            keep(" | ".join(cell.text.strip() for cell in row.cells))
    for note in notes.paragraphs():
        keep(note)
    return ["\n\n".join(part for part in parts if part.strip())]


def _docx_heading_mark(paragraph) -> str:
    """'## ' for a paragraph in a Heading 2 style (Markdown's mark, read by the unit rules)."""
    try:
        name = paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return ""
    if name == "Title":
        return "# "
    level = name.removeprefix("Heading ").strip()
    return "#" * int(level) + " " if name.startswith("Heading ") and level.isdigit() and paragraph.text.strip() else ""


# how a browser draws an ordered list's numbers: <ol type="a"> gives "a.", "b.", …
_OL_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}


class _TextCollector(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}
    _SKIP = {"script", "style", "noscript", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        # open lists: an ordered list's last number and how it is drawn, None if not numbered
        self._lists: list[tuple[int, str] | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in ("ol", "ul"):
            attributes = dict(attrs)
            drawn = _OL_TYPES.get(attributes.get("type") or "1", "decimal")  # an unknown type: numbers
            start = (attributes.get("start") or "1").strip()
            # a start that is no number counts from 1, as a browser does
            first = int(start) if start.lstrip("-").isdigit() else 1
            self._lists.append((first - 1, drawn) if tag == "ol" else None)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")
            if tag[0] == "h" and tag[1:].isdigit():  # marked as in Markdown, for the unit rules
                self.parts.append("#" * int(tag[1:]) + " ")
            if tag == "li" and self._lists and self._lists[-1] is not None:
                # the number a browser draws before an ordered list's item, which people cite
                value = dict(attrs).get("value") or ""
                last, drawn = self._lists[-1]
                number = int(value) if value.isdigit() else last + 1
                self._lists[-1] = (number, drawn)
                self.parts.append(f"{FORMATS[drawn](number) if number > 0 else number}. ")
            elif tag == "li" and self._lists:
                self.parts.append(f"{BULLET} ")  # the disc a browser draws: an item, not a heading

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in ("ol", "ul") and self._lists:
            self._lists.pop()
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def read_html(path: Path) -> list[str]:
    collector = _TextCollector()
    collector.feed(read_text_file(path)[0])
    text = html.unescape("".join(collector.parts))
    return [re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.split("\n")))]
