"""The frozen records that flow through the pipeline: Page -> Document -> Chunk."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    text: str  # cleaned text of the page
    quality: float  # 0 (garbage) .. 1 (clean text layer)
    flags: tuple[str, ...] = ()  # e.g. "replacement-chars", "garbled-cmap", "ocr", "rtl-repaired"
    runs_on: bool = False  # its last paragraph, cut by the page's foot, goes on at the next page's top


@dataclass(frozen=True)
class Document:
    doc_id: str  # stable: the first 16 hex digits of the file's SHA-256
    path: str
    title: str
    sha256: str
    pages: tuple[Page, ...]
    kind: str  # "pdf", "txt", "md", "docx", "html"

    @property
    def flagged_pages(self) -> tuple[int, ...]:
        repaired_only = {"rtl-repaired", "deduplicated", "digits-repaired"}  # fixed, nothing left to distrust
        return tuple(p.number for p in self.pages if set(p.flags) - repaired_only)


@dataclass(frozen=True)
class Chunk:
    chunk_id: str  # "<doc_id>:<ordinal>"
    doc_id: str
    title: str
    sha256: str
    pages: tuple[int, ...]
    section: tuple[str, ...]  # headings above the unit, outermost first
    label: str  # the citable label: "12", "12(a)", "第三条", "cairo:6"; "" when none
    lang: str
    text: str
    char_start: int  # offsets into the page text of pages[0] (for highlighting)
    char_end: int
    flags: tuple[str, ...] = field(default=())
    part: int = 0  # >0 when a long unit was split into overlapping pieces
