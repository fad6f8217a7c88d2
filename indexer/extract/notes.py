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

import numpy as np

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
CONTINUED = "+"  # the mark of a note's lines read on from the page before ("[^+]: …")
CARRIED = 4  # lines at most of a note carried over, above a page's first note
FOOTER = 2  # lines at most under the notes: a running footer, a page number
FOOTER_CHARS = 80  # characters at most of such a line


def close_up(text: str) -> str:
    """No space before a reference mark: it belongs to the word or stop it follows ("。 ¹各区" -> "。¹各区")."""
    return _SPACED_MARK.sub(r"\1", text)


def raise_marks(clusters: list[Cluster]) -> None:
    """A digit or note symbol drawn small and raised at the end of a word is a reference mark:
    written as the superscript it is, and set on its word's baseline, so that it stays in its
    word's line (raised by more than half its own size, it started a row of its own, or joined a
    line of the next column drawn at that height, and a line of its own cut its paragraph in two)."""
    letters = [c for c in clusters if c.text.strip()]
    if len(letters) < 2:
        return
    usual = statistics.median(c.em for c in letters)
    marks = [c for c in letters if (c.text.isdigit() or c.text in _SYMBOLS) and c.em <= SMALL_MARK * usual]
    if not marks:
        return
    x0, x1, base, em = (np.array([getattr(c, name) for c in letters]) for name in ("x0", "x1", "base", "em"))
    for mark in marks:
        # beside a glyph (left or right: a right-to-left word ends on the left) in larger type,
        # whose baseline is below the mark's by RAISED to 0.7 of its size
        apart = np.maximum(mark.x0 - x1, x0 - mark.x1)
        rise = mark.base - base
        host = (mark.em <= SMALL_MARK * em) & (rise >= RAISED * em) & (rise <= 0.7 * em) & (apart < 0.5 * em)
        if host.any():
            nearest = np.flatnonzero(host)[np.argmin(apart[host])]
            mark.text = mark.text.translate(SUPERSCRIPT)
            mark.base = float(base[nearest])


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


def split_notes(lines: list, body_em: float, page: str) -> tuple[list, list[tuple[str, list]], list]:
    """A block's lines (paragraphs.Line, reading order) -> (its text lines, its notes: (mark,
    lines) each, the lines under the notes). The notes are the block's trailing lines in
    smaller type than the body's, the first opening with a mark that `page` (the whole page's
    text) carries as a reference; a note starts at each line that opens with the next number
    (or a symbol, or after a line that ends a sentence). Lines before the first mark are a note
    carried over from the page before (mark CONTINUED). Under the notes there may be up to
    FOOTER short lines in other type (a running footer, a page number): kept after the notes,
    at the page's edge, where pages.py drops running footers."""
    end = len(lines)
    while len(lines) - end < FOOTER and end > 0 and lines[end - 1].em > SMALLER * body_em:
        if len(lines[end - 1].text) > FOOTER_CHARS:
            break
        end -= 1
    if end == len(lines) or not 0 < lines[end - 1].em <= SMALLER * body_em:
        end = len(lines)  # no notes above those lines: they are the text's own
    start = end
    while start > 0 and 0 < lines[start - 1].em <= SMALLER * body_em:
        start -= 1
    if start == 0 or start == end:
        return lines, [], []
    run = lines[start:end]
    marked = [n for n, line in enumerate(run) if (m := mark_of(line.text)) is not None and referenced(m[0], page)]
    if not marked or marked[0] > CARRIED:
        return lines, [], []
    # lines before the first mark: a note the page before could not hold, read on here
    notes: list[tuple[str, list]] = [(CONTINUED, run[: marked[0]])] if marked[0] else []
    number = None
    for n, line in enumerate(run[marked[0] :]):
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
    return lines[:start], notes, lines[end:]


def note_paragraph(mark: str, text: str) -> str:
    """A note as page text: "[^3]: Housing Strategy 2024, chapter 3." (its mark left off the text;
    a note carried over has none: "[^+]: 12 March 2024.")."""
    found = mark_of(text) if mark != CONTINUED else None
    return f"[^{mark}]: {text[found[2] :] if found else text}"


def parse_note(paragraph: str) -> tuple[str, str] | None:
    """A paragraph of page text -> (the note's mark, its text), or None for any other paragraph."""
    found = NOTE.match(paragraph)
    return (found.group(1), paragraph[found.end() :]) if found else None
