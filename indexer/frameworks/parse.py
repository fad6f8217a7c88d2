"""An official text of a framework (PDF, DOCX, TXT…) -> its numbered items.

Numbered paragraphs are taken by a monotone walk (1, 2, 3 … in order, jumping at most a
few missing numbers), so footnote numbers and cross-references that look like labels are
skipped; sub-paragraphs ((a), (b)…)
stay inside their paragraph. A title line right after a label alone on its line (as in
the Cairo declaration) becomes the item's title.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from indexer.documents import Chunk
from indexer.extract.load import load_document
from indexer.extract.normalize import ends_sentence, visible_length
from indexer.structure.labels import match_label
from indexer.structure.units import chunk_document

_NO_SPLIT = 10**9
_MAX_GAP = 5


@dataclass(frozen=True)
class ParsedText:
    items: dict[int, tuple[str, str]]  # number -> (title, text)
    preamble: list[str] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    duplicated: list[int] = field(default_factory=list)
    sample: str = ""  # the first page's text, to check which document this is


def _title_and_body(chunk_text: str) -> tuple[str, str]:
    lines = [line for line in chunk_text.split("\n") if line.strip()]
    label = match_label(lines[0]) if lines else None
    if label and not lines[0][label.end :].strip():  # label alone on its line
        lines = lines[1:]
    if len(lines) > 1 and visible_length(lines[0]) <= 80 and not ends_sentence(lines[0]):
        return lines[0].strip(), "\n".join(lines[1:]).strip()
    return "", "\n".join(lines).strip()


def _preamble(chunks: list[Chunk]) -> list[str]:
    """Sentence-like paragraphs before the first item; fragments split by a page break are joined."""
    out: list[str] = []
    for chunk in chunks:
        text = chunk.text.strip()
        if out and not re.search(r"[。：:.;；]$", out[-1]):
            out[-1] += text
        elif re.search(r"[。：:.;；]$", text) or visible_length(text) >= 60:  # shorter ones are headings
            out.append(text)
    return [p for p in out if re.search(r"[。：:.;；]$", p)]


def parse_official(path: Path, expected: int) -> ParsedText:
    doc = load_document(path)
    chunks = chunk_document(doc, limit=_NO_SPLIT)
    items: dict[int, list[str]] = {}
    titles: dict[int, str] = {}
    seen: Counter[int] = Counter()
    last, first_index = 0, None
    for index, chunk in enumerate(chunks):
        label = chunk.label
        if label.isdigit():
            n = int(label)
            seen[n] += 1
            if last < n <= min(last + _MAX_GAP, expected):  # a small gap is a missing paragraph, reported below
                last = n
                first_index = index if first_index is None else first_index
                titles[n], body = _title_and_body(chunk.text)
                items[n] = [body]
                continue
        if last and re.fullmatch(rf"{last}\([a-z]{{1,2}}\)", label):
            items[last].append(chunk.text.strip())
    sample = next((p.text for p in doc.pages if p.text.strip()), "")
    return ParsedText(
        items={n: (titles[n], "\n".join(parts)) for n, parts in items.items()},
        preamble=_preamble(chunks[:first_index]) if first_index else [],
        missing=[n for n in range(1, expected + 1) if n not in items],
        duplicated=sorted(n for n, c in seen.items() if c > 1 and n <= expected),
        sample=sample[:5000],
    )
