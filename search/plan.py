"""A plan -> the statements to align: the indexer's citable units (numbered paragraphs,
articles, headings' sections) of a file, or one statement per line of pasted text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.errors import PolicyAlignError

MIN_STATEMENT_CHARS = 15  # shorter units are headings, list markers or page furniture
NO_SECTION = "—"
MAX_HEADING_LINES = 4  # a unit opens with at most this many heading lines (title, chapter, section)


class PlanError(PolicyAlignError):
    """The plan has no statements that can be aligned."""


@dataclass(frozen=True)
class Statement:
    index: int
    text: str
    page: int | None
    label: str
    section: str  # outermost heading above the statement, or NO_SECTION
    lang: str


@dataclass(frozen=True)
class Plan:
    statements: tuple[Statement, ...]
    unreadable_pages: tuple[int, ...]  # no usable text layer and OCR did not read them
    page_count: int
    sha256: str  # of the file


def read_plan(path: Path, *, use_ocr: bool = True) -> Plan:
    """A plan file -> its statements and the pages that could not be read."""
    from indexer.extract.load import load_document
    from indexer.extract.quality import UNUSABLE

    doc = load_document(path, use_ocr=use_ocr)
    unreadable = tuple(p.number for p in doc.pages if p.quality < UNUSABLE and "empty" not in p.flags)
    try:
        statements = _statements(doc, path)
    except PlanError:
        if unreadable:
            raise PlanError(
                f"{path.name}: {len(unreadable)} of {len(doc.pages)} pages could not be read "
                "(scanned or damaged text, and OCR did not read them); no statements were found"
            ) from None
        raise
    return Plan(tuple(statements), unreadable, len(doc.pages), doc.sha256)


def plan_statements(path: Path, *, use_ocr: bool = True) -> list[Statement]:
    """Segment a plan with the indexer's structure rules (numbered paragraphs, articles, headings)."""
    return list(read_plan(path, use_ocr=use_ocr).statements)


def _statements(doc, path: Path) -> list[Statement]:
    from indexer.structure.units import chunk_document

    chunks = chunk_document(doc)
    out = []
    for chunk in chunks:
        text = " ".join(_without_heading(chunk.text, chunk.section).split())
        if len(text) < MIN_STATEMENT_CHARS:
            continue
        out.append(
            Statement(
                len(out),
                text,
                chunk.pages[0] if chunk.pages else None,
                chunk.label,
                chunk.section[0] if chunk.section else NO_SECTION,
                chunk.lang,
            )
        )
    if not out:
        raise PlanError(f"{path.name}: no statements with text were found (is it a scan without OCR, or empty?)")
    return out


def _without_heading(text: str, section: tuple[str, ...]) -> str:
    """A unit's text without the section heading that opens it. The heading opens the first
    unit under it, so that search finds its words, but in a plan it is the statement's section:
    read into the statement, "Action plan 2026–2030 1.1 Objective: …" hid its number and field
    name from the matcher (search/form.py)."""
    heading = section[-1].rstrip("…").strip() if section else ""
    lines = text.split("\n")
    for i, line in enumerate(lines[:-1][:MAX_HEADING_LINES]):
        if heading and line.strip().startswith(heading):
            return "\n".join(lines[i + 1 :])
    return text


def text_sha256(text: str) -> str:
    """The review key of pasted text."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_statements(text: str) -> list[Statement]:
    """Pasted text: one statement per non-empty line."""
    from indexer.language import detect

    lines = [" ".join(line.split()) for line in text.splitlines()]
    out = [Statement(n, line, None, "", NO_SECTION, detect(line)) for n, line in enumerate(x for x in lines if x)]
    if not out:
        raise PlanError("the pasted text is empty")
    return out
