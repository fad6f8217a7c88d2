"""Visual -> logical order for one line of glyph clusters read off a PDF page.

A PDF draws glyphs where they appear, so a right-to-left line comes out of the page geometry
left to right. This is the inverse of the Unicode bidi display step, simplified to what a
line of a policy document holds: reverse the line, then put back the runs that are shown
left to right (Latin words, numbers, "SDG 11", "COVID-19", "7.11"), and undo the mirroring
of brackets in the right-to-left parts. A left-to-right line with a right-to-left phrase in
it gets that phrase reversed instead. Neutral characters join a left-to-right run only
between two of its members, so "2024 - 2030" and "1. text" keep their right-to-left reading.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def mirrored(text: str) -> str:
    """Brackets and guillemets as their mirror images ("(" <-> ")"), as a right-to-left run draws them."""
    return text.translate(_MIRROR)


_NUMBER_JOINERS = {"ES", "CS", "ET"}  # "7.11", "1,000", "35%", "+3" stay inside one number


@lru_cache(maxsize=8192)
def cell_class(text: str) -> str:
    """'R' right-to-left letters, 'L' left-to-right letters, 'D' digits, 'N' neutral."""
    kinds = {unicodedata.bidirectional(c) for c in text}
    if kinds & {"R", "AL"}:
        return "R"
    if "L" in kinds:
        return "L"
    if kinds & {"EN", "AN"}:
        return "D"
    return "N"


def is_rtl_line(cells: list[str]) -> bool:
    classes = [cell_class(c) for c in cells]
    return classes.count("R") > classes.count("L")


def _resolved(cells: list[str]) -> list[str]:
    classes = [cell_class(c) for c in cells]
    # separators inside numbers
    arabic: list[bool] | None = None  # found for the whole line at its first plus or minus sign
    for i in range(1, len(cells) - 1):
        if classes[i] == "N" and classes[i - 1] == classes[i + 1] == "D" and len(cells[i]) == 1:
            kind = unicodedata.bidirectional(cells[i])
            if kind == "ES" and arabic is None:
                arabic = _arabic_numbers(cells, classes)
            if kind in _NUMBER_JOINERS and (kind != "ES" or not arabic[i]):
                classes[i] = "D"
    for i in range(1, len(cells)):  # "UN-" wrapped from "UN-Habitat": the hyphen stays with its word
        if cells[i] in ("-", "\u2010") and classes[i - 1] == "L":
            classes[i] = "L"
    for i, cell in enumerate(cells):  # "35%" and "%35": a percent sign sticks to its number
        if classes[i] == "N" and unicodedata.bidirectional(cell[:1]) == "ET" and cell.strip():
            if (i > 0 and classes[i - 1] == "D" and cells[i - 1][-1:].isascii()) or (
                i + 1 < len(cells) and classes[i + 1] == "D" and cells[i + 1][:1].isascii()
            ):
                classes[i] = "D"
    return classes


def _arabic_numbers(cells: list[str], classes: list[str]) -> list[bool]:
    """For each cell (in visual order), whether numbers on either side of it are Arabic numbers,
    which a plus or minus sign does not join (Unicode's bidi rules W2 and W4): digits whose first
    letters before them, in reading order, are Arabic. Right to left, those stand to their right,
    unless Latin letters on their left make them part of a left-to-right run ("SDG 11-12").
    LibreOffice, Word and browsers draw "2025-2030" in an Arabic sentence as "2030-2025", two
    numbers; at a line's start ("1-2 الحد من الفقر", as the UN's Arabic texts number targets), or
    after Latin letters, it is one. One pass each way: a line of many such signs costs no more."""
    latin_left, strong = [], None
    for kind in classes:
        latin_left.append(strong == "L")
        strong = kind if kind in ("R", "L") else strong
    out, arabic_right = [False] * len(cells), False
    for k in range(len(cells) - 1, -1, -1):
        out[k] = arabic_right and not latin_left[k]
        if classes[k] in ("R", "L"):
            arabic_right = any(unicodedata.bidirectional(ch) == "AL" for ch in cells[k])
    return out


def _ltr_flags(classes: list[str]) -> list[bool]:
    """Which cells of a right-to-left line are shown left to right."""
    flags = [c in ("L", "D") for c in classes]
    i = 0
    while i < len(classes):
        if classes[i] != "N":
            i += 1
            continue
        j = i
        while j < len(classes) and classes[j] == "N":
            j += 1
        left = classes[i - 1] if i > 0 else None
        right = classes[j] if j < len(classes) else None
        # neutrals between two left-to-right members, at least one of them letters
        if left in ("L", "D") and right in ("L", "D") and "L" in (left, right):
            flags[i:j] = [True] * (j - i)
        i = j
    return flags


def _rtl_flags(classes: list[str]) -> list[bool]:
    """Which cells of a left-to-right line belong to a right-to-left phrase."""
    flags = [c == "R" for c in classes]
    i = 0
    while i < len(classes):
        if classes[i] in ("R", "L"):
            i += 1
            continue
        j = i
        while j < len(classes) and classes[j] not in ("R", "L"):
            j += 1
        if i > 0 and j < len(classes) and classes[i - 1] == classes[j] == "R":
            flags[i:j] = [True] * (j - i)
        i = j
    return flags


def _runs(flags: list[bool]) -> list[tuple[int, int, bool]]:
    runs, start = [], 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            runs.append((start, i, flags[start]))
            start = i
    return runs


def to_logical(cells: list[str], rtl: bool | None = None) -> list[str]:
    """Cells in visual order (left to right) -> the same cells in reading order."""
    if not cells:
        return []
    if rtl is None:
        rtl = is_rtl_line(cells)
    classes = _resolved(cells)
    if rtl:
        flags = _ltr_flags(classes)
        out: list[str] = []
        for start, end, ltr in reversed(_runs(flags)):
            part = cells[start:end]
            out.extend(part if ltr else [mirrored(c) for c in reversed(part)])
        return out
    if "R" not in classes:
        return list(cells)
    flags = _rtl_flags(classes)
    out = []
    for start, end, rtl_run in _runs(flags):
        part = cells[start:end]
        out.extend([mirrored(c) for c in reversed(part)] if rtl_run else part)
    return out
