"""A Document's page texts -> its paragraphs in reading order, each once: a paragraph cut by a
page break read whole (Page.runs_on, or it ends no sentence), the lines of a footnote that the
page before began read on into it. units.py builds its citable units from these."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.documents import Document
from indexer.extract.normalize import ends_sentence, join_pair, join_wrapped, visible_length, word_counts
from indexer.extract.notes import CONTINUED, parse_note
from indexer.extract.quality import UNUSABLE
from indexer.structure.labels import BULLET, match_label

DOC_PAGE_SEPARATOR = "\n\n"
_CAPITAL_ITEM = re.compile(r"([A-Z])\.\s")


@dataclass
class Paragraph:
    text: str  # as the page text has it ("[^3]: …" for a footnote), with what ran on to later pages
    page: int  # the page it starts on
    start: int  # offsets in the document's text: the page texts joined by DOC_PAGE_SEPARATOR
    end: int
    next_on_page: str | None  # the paragraph after it on the page it starts on (is_heading reads it)
    previous_on_page: str | None = None  # the paragraph before it on that page (is_heading reads it)

    @property
    def note(self) -> tuple[str, str] | None:
        """A footnote's (mark, text) (notes.parse_note); None for the body's paragraphs."""
        return parse_note(self.text)


def is_heading(paragraph: str, nxt: str | None, previous: str | None = None) -> bool:
    """A short unlabelled line that ends no sentence, before a longer paragraph on its page; not
    a list item led by a bullet or dash ("• Social housing" before a longer item), nor one of a
    run of capital letters ("B. bus lanes" after "A. social housing" or before "C. parks")."""
    return (
        visible_length(paragraph) <= 80
        and not BULLET.match(paragraph)
        and " | " not in paragraph  # a table's row (its cells joined: tables.py, the DOCX reader)
        and not _lettered(paragraph, nxt, 1)
        and not _lettered(paragraph, previous, -1)
        and not ends_sentence(paragraph)
        and "\n" not in paragraph
        and nxt is not None
        and visible_length(nxt) > visible_length(paragraph)
        and match_label(paragraph) is None
    )


def _lettered(paragraph: str, neighbour: str | None, step: int) -> bool:
    """Whether both open with a capital letter and a full stop, the neighbour's `step` letters on
    ("A. " then "B. "): items of a list. A heading "A. Introduction" has its text after it."""
    this, other = _CAPITAL_ITEM.match(paragraph), _CAPITAL_ITEM.match(neighbour or "")
    return bool(this and other) and ord(other.group(1)) - ord(this.group(1)) == step


def runs_on(before: str, paragraph: str, nxt: str | None, cut: bool = False) -> bool:
    """Whether a page's first paragraph continues `before`, the last one of the page before:
    that one ends no sentence, or the page's layout says its foot `cut` it (Page.runs_on), and
    this one is neither labelled, a bulleted item nor a heading."""
    return (
        (cut or not ends_sentence(before))
        and match_label(paragraph) is None
        and not BULLET.match(paragraph)  # a list's next item
        and not is_heading(paragraph, nxt)
    )


def _opens_section(paragraph: str) -> bool:
    label = match_label(paragraph)
    return label is not None and label.kind == "heading"


def document_flow(doc: Document) -> list[Paragraph]:
    """The paragraphs of a document's usable pages: each page's first one read on from the
    body's last (not a note's, not a heading's) where it `runs_on`; a note carried over (mark
    CONTINUED) read on into the last note."""
    flow: list[Paragraph] = []
    body: Paragraph | None = None  # the last paragraph that is not a note: a page's first may run on from it
    last_note: Paragraph | None = None
    cut = False  # the page before ran on to this one
    words = word_counts(
        " ".join(page.text for page in doc.pages)
    )  # a compound wrapped at a page's foot keeps its hyphen
    offset = 0
    for page in doc.pages:
        paras = [p for p in page.text.split("\n\n") if p.strip()] if page.quality >= UNUSABLE else []
        cursor = 0
        for i, para in enumerate(paras):
            start = page.text.find(para, cursor)
            cursor = start + len(para)
            nxt = paras[i + 1] if i + 1 < len(paras) else None
            note = parse_note(para)
            if note is not None and note[0] == CONTINUED and last_note is not None:
                last_note.text, last_note.end = join_pair(last_note.text, note[1]), offset + cursor
            elif (
                i == 0
                and note is None
                and body is not None
                and not _opens_section(body.text)
                and runs_on(body.text, para, nxt, cut)
            ):
                body.text, body.end = join_wrapped(body.text, para, words), offset + cursor
            else:
                previous = paras[i - 1] if i else None
                flow.append(Paragraph(para, page.number, offset + start, offset + cursor, nxt, previous))
                if note is None:
                    body = flow[-1]
                else:
                    last_note = flow[-1]
        offset += len(page.text) + len(DOC_PAGE_SEPARATOR)
        cut = page.runs_on
    return flow


def document_paragraphs(doc: Document) -> list[str]:
    """The texts of document_flow: a paragraph cut by a page break read whole."""
    return [p.text for p in document_flow(doc)]
