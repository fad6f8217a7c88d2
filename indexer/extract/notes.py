"""Footnotes: the reference marks in a page's text and the notes at its foot.

A note is set in smaller type under the text, and often cuts a paragraph that runs on to the
next page. Read as text, the notes were glued to the paragraph above them ("… low-income
households 1Housing Strategy 2024 … 2Housing …") and the paragraph's second half became a
statement of its own. Here a note is told by its type and by its mark: the trailing lines of
a block in type smaller than the page's body, the first of them opening with a mark that the
page's text carries as a raised reference. Each note becomes a paragraph of its own, written
after the page's text the way Markdown writes a footnote ("[^1]: Housing Strategy 2024 …"),
so that the page's last paragraph can run on to the next page (indexer/structure/units.py).

A reference mark is a digit (or *, †, ‡) drawn raised and smaller than its line: it is
written as the superscript it is ("years.⁷ Each", "m²"), not as a digit glued to the word
before it ("years.7 Each").
"""

from __future__ import annotations

import re
import statistics

from indexer.extract.glyphs import Cluster
from indexer.extract.normalize import ends_sentence

SMALLER = 0.9  # of the body's size: the notes' type
RAISED = 0.2  # of the line's size: how far above the baseline a reference mark sits at least
SMALL_MARK = 0.8  # of the line's size: a reference mark's type at most
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SYMBOLS = "*†‡§"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# a note's mark where its text starts: "1 See", "2Housing", "¹ Voir", "③ 见", "* Estimate"
# (not a number of the note's text: "2024 was", "1.5 million")
_MARK = re.compile(
    rf"^(?:(\d{{1,3}})(?![\d]|[.,]\d)[.)]?|([⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,3}})|([{_CIRCLED}])|([{_SYMBOLS}]{{1,3}}))\s*(?=\S)"
)
_SPACED_MARK = re.compile("(?<=\\S) +([⁰¹²³⁴⁵⁶⁷⁸⁹]+)(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")
NOTE = re.compile(r"^\[\^([^\]\s]{1,8})\]:\s*")  # a note paragraph in page text


def attach_raised(rows: list[list[Cluster]]) -> list[list[Cluster]]:
    """Rows (top to bottom, each left to right) with a row of nothing but small raised marks
    put back into the line it is raised above: drawn higher than half its own size, a
    reference mark can start a row of its own, and a line of its own cut the paragraph in two."""
    out: list[list[Cluster]] = []
    for n, row in enumerate(rows):
        below = rows[n + 1] if n + 1 < len(rows) else None
        marks = [c for c in row if c.text.strip()]
        if below and marks and len(marks) <= 3 and all(c.text.isdigit() or c.text in _SYMBOLS + "," for c in marks):
            letters = [c for c in below if c.text.strip()]
            em = statistics.median(c.em for c in letters) if letters else 0.0
            base = statistics.median(c.base for c in letters) if letters else 0.0
            # over the line, or just past either end of it (a right-to-left line ends on the left)
            inside = (
                letters
                and min(c.x0 for c in letters) - em <= marks[0].x0
                and marks[-1].x1 <= max(c.x1 for c in letters) + em
            )
            if inside and all(c.em <= SMALL_MARK * em and 0 < c.base - base <= 0.7 * em for c in marks):
                rows[n + 1] = sorted(below + row, key=lambda c: (c.x0 + c.x1) / 2)
                continue
        out.append(row)
    return out


def close_up(text: str) -> str:
    """No space before a reference mark: it belongs to the word or stop it follows ("。 ¹各区" -> "。¹各区")."""
    return _SPACED_MARK.sub(r"\1", text)


def raise_marks(row: list[Cluster]) -> None:
    """Digits and note symbols drawn raised and small beside the row's text become superscripts."""
    letters = [c for c in row if c.text.strip()]
    if len(letters) < 2:
        return
    em = statistics.median(c.em for c in letters)
    base = statistics.median(c.base for c in letters)
    for c in letters:
        if c.em <= SMALL_MARK * em and c.base - base >= RAISED * em and (c.text.isdigit() or c.text in _SYMBOLS):
            c.text = c.text.translate(SUPERSCRIPT)


def mark_of(text: str) -> tuple[str, int | None, int] | None:
    """A line's note mark -> (the mark as written in a note's name, its number or None for a
    symbol, where the note's text starts); None when the line opens with none."""
    found = _MARK.match(text)
    if found is None:
        return None
    digits, raised, circled, symbol = found.groups()
    if digits or raised:
        number = int((digits or raised).translate(_FROM_SUPERSCRIPT))
        return str(number), number, found.end()
    if circled:
        number = _CIRCLED.index(circled) + 1
        return str(number), number, found.end()
    return symbol, None, found.end()


def referenced(mark: str, text: str) -> bool:
    """Whether the page's text carries `mark` as a raised reference (or a circled or symbol mark)."""
    if mark.isdigit():
        raised = mark.translate(SUPERSCRIPT)
        circled = _CIRCLED[int(mark) - 1] if 0 < int(mark) <= len(_CIRCLED) else None
        return bool(re.search(f"(?<![⁰¹²³⁴⁵⁶⁷⁸⁹]){raised}(?![⁰¹²³⁴⁵⁶⁷⁸⁹])", text)) or bool(circled and circled in text)
    return mark in text


def split_notes(lines: list, body_em: float, page: str) -> tuple[list, list[tuple[str, list]]]:
    """A block's lines (paragraphs.Line, reading order) -> (its text lines, its notes: (mark,
    lines) each). The notes are the block's trailing lines in smaller type than the body's, the
    first opening with a mark that `page` (the whole page's text) carries as a reference; a
    note starts at each line that opens with the next number (or a symbol, or after a line
    that ends a sentence)."""
    start = len(lines)
    while start > 0 and 0 < lines[start - 1].em <= SMALLER * body_em:
        start -= 1
    if start == 0 or start == len(lines):
        return lines, []
    first = mark_of(lines[start].text)
    if first is None or not referenced(first[0], page):
        return lines, []
    notes: list[tuple[str, list]] = []
    number = None
    for n, line in enumerate(lines[start:]):
        found = mark_of(line.text)
        opens = found is not None and (
            n == 0
            or (found[1] is not None and number is not None and found[1] == number + 1)
            or (found[1] is None and found[0] in _SYMBOLS)
            or (ends_sentence(notes[-1][1][-1].text) and referenced(found[0], page))
        )
        if opens:
            notes.append((found[0], [line]))
            number = found[1]
        else:
            notes[-1][1].append(line)
    return lines[:start], notes


def note_paragraph(mark: str, text: str) -> str:
    """A note as page text: "[^3]: Housing Strategy 2024, chapter 3." (its mark left off the text)."""
    found = mark_of(text)
    return f"[^{mark}]: {text[found[2] :] if found else text}"


def parse_note(paragraph: str) -> tuple[str, str] | None:
    """A paragraph of page text -> (the note's mark, its text), or None for any other paragraph."""
    found = NOTE.match(paragraph)
    return (found.group(1), paragraph[found.end() :]) if found else None
