"""A Document -> Chunks: one per citable unit, long units split into pieces of whole sentences.

Offsets (char_start, char_end) index the document text, i.e. the page texts joined by
DOC_PAGE_SEPARATOR, so a viewer can highlight a chunk in the text it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from indexer.documents import Chunk, Document
from indexer.extract.normalize import ends_sentence, visible_length
from indexer.extract.notes import CONTINUED
from indexer.language import detect, majority
from indexer.shorten import shortened
from indexer.structure.flow import DOC_PAGE_SEPARATOR, document_flow, is_heading
from indexer.structure.labels import match_label
from indexer.structure.sentences import sentence_spans

SECTION_CHARS = 120  # of a heading kept as a chunk's section
MIN_SAID_CHARS = 20  # after its label, a paragraph that is a statement of its own ("5. Housing." is a title)
MAX_TOKENS = 480  # leaves room for the "passage: " prefix and special tokens in a 512 window


def estimate_tokens(text: str) -> int:
    """XLM-R pieces are ~1 per CJK character and ~1 per 3.5 other characters."""
    cjk = visible_length(text) - len(text)
    return int(cjk * 1.05 + (len(text) - cjk) / 3.5) + 1


@dataclass
class _Unit:
    label: str
    section: tuple[str, ...]
    page: int
    start: int
    end: int
    parts: list[str]


def _complete(paragraph: str) -> bool:
    """A labelled paragraph that is a statement of its own ("3.2 The city will build 5,000
    homes."), not a label or title line waiting for its body ("3.2", "Article 5 – Housing")."""
    label = match_label(paragraph)
    said = paragraph[label.end :] if label else paragraph
    return ends_sentence(paragraph) and visible_length(said.strip()) >= MIN_SAID_CHARS


def _last_of_list(units: list[_Unit], last: _Unit) -> bool:
    """Whether `last` is an item of a list whose items end no sentence and stand alone ("1. social
    housing" / "2. bus lanes"): the unit before it labelled the same way, one paragraph with no
    body taken in, and `last` says something after its label. The paragraph after such a list is
    no item's body, as it is after a title line ("Article 5 – Housing") or a label alone."""
    if len(units) < 2 or units[-1] is not last or len(units[-2].parts) != 1:
        return False
    before, this = match_label(units[-2].parts[0]), match_label(last.parts[-1])
    return (
        before is not None
        and this is not None
        and before.kind == this.kind
        and not ends_sentence(units[-2].parts[0])
        and bool(last.parts[-1][this.end :].strip())
    )


def note_label(mark: str) -> str:
    """A footnote's citable label: "[3]" (indexer/extract/notes.py)."""
    return f"[{mark}]"


def note_mark(label: str) -> str | None:
    """The mark of a footnote's label ("[3]" -> "3"); None for any other label."""
    return label[1:-1] if len(label) > 2 and label[0] == "[" and label[-1] == "]" else None


def _units(doc: Document) -> list[_Unit]:
    """Every paragraph of every usable page lands in exactly one unit. A heading names the
    section of the units under it and opens the first of them, so its words are searchable."""
    units: list[_Unit] = []
    section: tuple[str, ...] = ()
    parent = ""
    article = ""  # the article a paragraph without a label of its own continues
    pending: list[tuple[str, int, int]] = []  # headings waiting for the unit they open
    body: _Unit | None = None  # the last unit that is not a footnote
    for paragraph in document_flow(doc):
        para, note = paragraph.text, paragraph.note
        if note is not None:  # a footnote: a unit of its own, which no paragraph runs on from
            label = note_label(note[0]) if note[0] != CONTINUED else ""
            units.append(_Unit(label, section, paragraph.page, paragraph.start, paragraph.end, [note[1]]))
            continue
        label = match_label(para)
        previous = body
        if (
            not label
            and not pending
            and previous
            and previous.label
            and visible_length(" ".join(previous.parts)) < 120
            and not _complete(previous.parts[-1])
            and not _last_of_list(units, previous)
        ):
            previous.parts.append(para)  # a title line, or the body after a label alone on its line
            previous.end = paragraph.end
            continue
        if (label and label.kind == "heading") or (
            not label and is_heading(para, paragraph.next_on_page, paragraph.previous_on_page)
        ):
            heading = para.lstrip("# ").strip() if label and label.kind == "heading" and para.startswith("#") else para
            section = (shortened(heading, SECTION_CHARS),)
            pending.append((heading, paragraph.page, paragraph.start))
            article = ""
            continue
        # an article's later paragraphs are cited by the article ("Article 5", "第五条")
        text = label.text if label else article
        if label and label.kind == "sub" and parent:
            text = f"{parent}{label.text}"
        elif label and label.kind == "zh-sub":
            text = f"{parent}（{label.text}）"  # cited as 第三条（一）
        elif label and label.kind in ("number", "article", "zh-section"):
            parent = label.text
            article = label.text if label.kind == "article" else ""
        if pending:
            body = _Unit(
                text, section, pending[0][1], pending[0][2], paragraph.end, [h for h, _, _ in pending] + [para]
            )
            pending = []
        else:
            body = _Unit(text, section, paragraph.page, paragraph.start, paragraph.end, [para])
        units.append(body)
    if pending:  # headings at the very end: a unit of their own
        end = sum(len(page.text) + len(DOC_PAGE_SEPARATOR) for page in doc.pages)
        units.append(_Unit("", section, pending[0][1], pending[0][2], end, [h for h, _, _ in pending]))
    return units


def _pieces(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    """A unit's text -> pieces of whole sentences within `limit` tokens, cut from the text
    itself (its line breaks kept) with no overlap: every character is in exactly one piece."""
    if estimate_tokens(text) <= limit // 2 or count(text) <= limit:  # most units are far below the window
        return [text]
    pieces: list[str] = []
    start = end = None  # the piece being grown: text[start:end]
    for a, b in sentence_spans(text):
        if start is not None and count(text[start:b]) > limit and count(text[a:b]) <= limit:
            pieces.append(text[start:end])
            start = None
        start = a if start is None else start
        while count(text[start:b]) > limit:  # a "sentence" longer than a piece: cut it by characters
            cut = start + max(1, (b - start) * limit // count(text[start:b]))
            while cut - start > 1 and count(text[start:cut]) > limit:
                cut -= max(1, (cut - start) // 10)
            if cut <= a < b and start < a:  # no room left beside the piece so far
                cut = a
            pieces.append(text[start:cut])
            start = cut
        end = b
    if start is not None:
        pieces.append(text[start:end])
    return [piece.strip() for piece in pieces if piece.strip()]


def chunk_document(
    doc: Document, count_tokens: Callable[[str], int] = estimate_tokens, limit: int = MAX_TOKENS
) -> list[Chunk]:
    units = _units(doc)
    texts = ["\n".join(u.parts) for u in units]
    langs = [detect(t) for t in texts]
    doc_lang = majority(zip(langs, map(len, texts))) or "und"
    flags_by_page = {p.number: p.flags for p in doc.pages}
    chunks: list[Chunk] = []
    for unit, text, lang in zip(units, texts, langs):
        pieces = _pieces(text, count_tokens, limit)
        for part, piece in enumerate(pieces):
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.doc_id}:{len(chunks)}",
                    doc_id=doc.doc_id,
                    title=doc.title,
                    sha256=doc.sha256,
                    pages=(unit.page,),
                    section=unit.section,
                    label=unit.label,
                    lang=lang or doc_lang,
                    text=piece,
                    char_start=unit.start,
                    char_end=unit.end,
                    flags=flags_by_page.get(unit.page, ()),
                    part=part + 1 if len(pieces) > 1 else 0,
                )
            )
    return chunks
