"""A second opinion on word spaces from poppler's pdftotext, where it is installed.

Chromium draws a Devanagari or Thai syllable as several glyphs and maps only the first to
its characters, so glyph positions alone cannot tell a syllable's end from a word space.
word_spaces.py marks such gaps as uncertain, and pdftotext, which reads the producer's
ActualText spans, decides them: no space where it reads the two characters as adjacent.
Only those gaps: pdftotext itself loses spaces in some fonts and breaks words that
LibreOffice draws mark by mark. Order and paragraphs stay as laid out.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

TIMEOUT_SECONDS = 30


BATCH = 32  # pages per pdftotext run: a process per page cost ~40 ms, a page in a run ~2 ms


class Readings:
    """pdftotext's readings of one PDF's pages, asked for one page at a time and read
    `BATCH` pages per run from the first page asked; None without poppler or on failure."""

    def __init__(self, pdf: Path):
        self.pdf = pdf
        self._pages: dict[int, str | None] = {}

    def page_text(self, number: int) -> str | None:
        if number not in self._pages:
            texts = _run(self.pdf, number, number + BATCH - 1)
            if texts is None:
                self._pages[number] = None
            else:
                self._pages.update({number + i: text for i, text in enumerate(texts)})
        return self._pages.get(number)


def _run(pdf: Path, first: int, last: int) -> list[str] | None:
    """The texts of pages first..last (fewer where the document ends sooner)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-f", str(first), "-l", str(last), "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    # each page ends in a form feed; a page past the document's end is simply absent
    return out.stdout.decode("utf-8", errors="replace").split("\f")[:-1]


def _counts(ch: str) -> bool:
    """Whether a character places a gap: not white space, a heading mark or a combining mark
    or a format character (readers order an Arabic letter's marks differently: "سكنٍ" is
    "سكٍن" in pdftotext, which also wraps runs in bidi embeddings)."""
    return not ch.isspace() and ch != "#" and unicodedata.category(ch) not in ("Mn", "Cf")


def _letters(text: str) -> tuple[list[str], list[int]]:
    """The characters that place a gap (`_counts`) and, for each, the index in `text`."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if _counts(ch):
            chars.append(ch)
            where.append(i)
    return chars, where


_CLOSING = tuple(".,:;!?।॥)")
CONTEXT = 8  # letters on each side of a gap that must read the same in both readings


def resolve_spaces(text: str, reference: str | None, markers: dict[str, str]) -> str:
    """Each marker in `text` (a key of `markers`) becomes a space where `reference` has white
    space between the same two characters, else nothing. The place is found by the letters
    around the gap (`CONTEXT` on each side, white space ignored); where the reference has no
    such place, or there is no reference, the marker becomes its default (`markers[m]`)."""
    if not any(m in text for m in markers):
        return text
    if not reference:
        return "".join(markers.get(ch, ch) for ch in text)
    theirs, their_at = _letters(reference)
    squeezed = "".join(theirs)
    out = []
    for i, ch in enumerate(text):
        if ch not in markers:
            out.append(ch)
            continue
        before = "".join(c for c in text[max(0, i - 4 * CONTEXT) : i] if _counts(c) and c not in markers)
        after = "".join(c for c in text[i + 1 : i + 1 + 4 * CONTEXT] if _counts(c) and c not in markers)
        if text[i + 1 : i + 2] in _CLOSING:
            out.append("")  # "है।", "संपर्क:": pdftotext spaces some of these, the source did not
            continue
        out.append(_space_in(reference, squeezed, their_at, before, after, markers[ch]))
    return "".join(out)


def _space_in(reference: str, squeezed: str, their_at: list[int], before: str, after: str, default: str) -> str:
    """ " " or "" as the reference reads the gap between `before` and `after`: the widest
    context found once decides; found nowhere, `default`."""
    for width in (CONTEXT, CONTEXT // 2, 3):
        left, right = before[-width:], after[:width]
        if not (left and right):
            break
        found = squeezed.find(left + right)
        if found < 0 or (width < CONTEXT and squeezed.find(left + right, found + 1) >= 0):
            continue
        between = reference[their_at[found + len(left) - 1] + 1 : their_at[found + len(left)]]
        return " " if any(c.isspace() for c in between) else ""
    return default


ZWNJ = "\u200c"
JOINER_CONTEXT = 5  # letters on each side of a non-joiner that must read the same in both readings


def restore_joiners(text: str, reference: str | None) -> str:
    """Zero-width non-joiners ("سال‌های": Persian spelling) that PDFium's text page leaves out
    and pdftotext keeps: each goes between the same two letters of `text` where the letters
    around it (`JOINER_CONTEXT` each side, marks and white space ignored) are found once, and
    nothing but marks stands between those two letters."""
    if not reference or ZWNJ not in reference:
        return text
    theirs, _ = _letters(reference.replace(ZWNJ, ""))
    ours, our_at = _letters(text)
    squeezed, mine = "".join(theirs), "".join(ours)
    at_joiner = set()
    count = 0
    for ch in reference:
        if ch == ZWNJ:
            at_joiner.add(count)  # a joiner after this many letters of the reference
        elif _counts(ch):
            count += 1
    inserts = []
    for n in sorted(at_joiner):
        left, right = squeezed[max(0, n - JOINER_CONTEXT) : n], squeezed[n : n + JOINER_CONTEXT]
        if len(left) < 2 or len(right) < 2:
            continue
        found = mine.find(left + right)
        if found < 0 or mine.find(left + right, found + 1) >= 0:
            continue
        before, after = our_at[found + len(left) - 1], our_at[found + len(left)]
        between = text[before + 1 : after]
        if all(unicodedata.category(c) == "Mn" for c in between):
            inserts.append(after)  # after the left letter and its marks
    for at in sorted(inserts, reverse=True):
        text = text[:at] + ZWNJ + text[at:]
    return text
