"""A second opinion on word spaces from poppler's pdftotext, where it is installed.

Chromium draws a Devanagari or Thai syllable as several glyphs and maps only the first to
its characters, so glyph positions alone cannot tell a syllable's end from a word space.
layout.py marks such gaps as uncertain, and pdftotext, which reads the producer's
ActualText spans, decides them: no space where it reads the two characters as adjacent.
Only those gaps: pdftotext itself loses spaces in some fonts and breaks words that
LibreOffice draws mark by mark. Order and paragraphs stay as laid out.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

TIMEOUT_SECONDS = 30


def page_text(pdf: Path, number: int) -> str | None:
    """pdftotext's reading of page `number` (1-based), or None without poppler or on failure."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(pdf), "-"],
                             capture_output=True, timeout=TIMEOUT_SECONDS, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.decode("utf-8", errors="replace")


def _letters(text: str) -> tuple[list[str], list[int]]:
    """Non-space characters and, for each, the index in `text`."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch)
            where.append(i)
    return chars, where


def resolve_spaces(text: str, reference: str | None, marker: str) -> str:
    """Each `marker` in `text` becomes a space where `reference` has white space between the
    same two characters, else nothing; without a reference, or outside the runs both
    readings agree on, it becomes a space."""
    if marker not in text:
        return text
    if not reference:
        return text.replace(marker, " ")
    ours, our_at = _letters(text.replace(marker, " "))
    theirs, their_at = _letters(reference)
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    joined: set[int] = set()
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size - 1):
            left, right = our_at[a + k], our_at[a + k + 1]
            if text[left + 1:right] == marker and their_at[b + k + 1] == their_at[b + k] + 1:
                joined.add(left + 1)
    return "".join("" if i in joined else (" " if ch == marker else ch) for i, ch in enumerate(text))
