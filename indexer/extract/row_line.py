"""One row of glyph clusters -> one Line: its word spaces, its direction and its text in
reading order, with the measures paragraphs.py judges breaks by (first word's width, font size).

A row comes from layout.py in visual order (left to right), as PDFium placed the glyphs; which
gaps are spaces is word_spaces.py's question, and bidi.py turns the cells to reading order. What
is left here fixes what producers draw unlike the text they mean ("%40", "1.Провести").
"""

from __future__ import annotations

import re
import statistics

from indexer.extract.bidi import cell_class, is_rtl_line, to_logical
from indexer.extract.brackets import as_meant, drawn_rtl
from indexer.extract.glyphs import Cluster
from indexer.extract.hangul import drop_guessed, hangul_advances, hangul_spaces
from indexer.extract.kashida import drop_kashidas
from indexer.extract.normalize import is_cjk, no_space_script
from indexer.extract.notes import close_up
from indexer.extract.paragraphs import Line
from indexer.extract.rtl import RTL_LETTERS
from indexer.extract.word_spaces import han_spread, kept_spaces, spaced_cells, usual_gap

THAI_WORD = 6  # characters: a typical Thai word, for the "would the next word have fitted" test
_OPENING_MARKS = "（《「『【〔〈“‘"
_FULL_WIDTH = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
_SPACE_BEFORE_STOP = re.compile(r" +([.,،])(?=\s|$)")
_PERCENT_FIRST = re.compile(r"(?<![\w%])%(\d+(?:[.,]\d+)?)(?![\d%])")
_LABEL_TOUCHING = re.compile(r"^(\d{1,3}\.)(?=[^\W\d_])")  # "1.Провести" ("11)과" may be a wrapped "(SDG 11)과")
_RTL_LABEL_TOUCHING = re.compile(rf"^(\d{{1,3}}[.)])(?=[{RTL_LETTERS}])")


def _full_width_advances(row: list[Cluster]) -> None:
    """A Chinese or Japanese character or full-width mark ("》", "）") known only by its ink
    takes a full em from its pen position: the ink of "》" fills a third of its cell, and the
    rest read as a word space ("纲要》 和《")."""
    for c in row:
        if not c.proper and len(c.text) == 1 and _FULL_WIDTH.match(c.text) and c.x1 < c.pen + c.em:
            c.x0, c.x1 = min(c.x0, c.pen), c.pen + c.em


def _reads_rtl(letters: list[str], rtl_page: bool) -> bool:
    # on a right-to-left page a line is read right to left unless Latin clearly dominates it
    if rtl_page:
        classes = [cell_class(t) for t in letters]
        if "R" not in classes and "L" not in classes and classes.count("D") > 1:
            # numbers alone ("2025–2035" wrapped from an Arabic title, a table's "1,200 12,000"):
            # drawn in the paragraph's direction, right to left, as Unicode's bidi rules set them
            return True
        rtl = "R" in classes and classes.count("L") <= 2 * classes.count("R")
        return rtl or drawn_rtl(letters, classes)  # ".Habitat", ")PPP(": a right-to-left line's end
    return is_rtl_line(letters)


def _as_written(text: str, rtl: bool) -> str:
    """The line's text as its author wrote it, not as the producer drew it."""
    # no word ends in a space before its full stop or comma, whatever the producer drew
    text = _SPACE_BEFORE_STOP.sub(r"\1", text).strip()
    if rtl:
        text = as_meant(text)  # a bracket around a left-to-right run, mirrored or not
        # LibreOffice draws "40%" as "%40" in Arabic
        text = _PERCENT_FIRST.sub(r"\1%", text)
        text = _RTL_LABEL_TOUCHING.sub(r"\1 ", text)
    # an automatic list number fills its indent in wide fonts and then touches the text
    return close_up(_LABEL_TOUCHING.sub(r"\1 ", text))


def _first_word_width(row: list[Cluster], text: str) -> float:
    """The width of the first word in reading order, in proportion to its characters (a line of
    Chinese, Japanese or Thai may wrap after any character)."""
    width = row[-1].x1 - row[0].x0
    head = ""
    for ch in (text.split() or [""])[0]:
        head += ch
        # "2.交通系…": the line could have broken after 交, but not after an opening bracket
        # ("（REITs），" goes to the next line whole)
        if is_cjk(ch) and ch not in _OPENING_MARKS:
            break
        if no_space_script(ch) and len(head) >= THAI_WORD:  # Thai breaks between words it does not space
            break
    return width * len(head) / max(len(text), 1)


def row_line(row: list[Cluster], rtl_page: bool, cascading: bool = False, autospace: bool = True) -> Line:
    """The row's text in reading order and its measures. `cascading`: a Nastaliq row
    (cascade.py); `autospace`: whether the page sets digits apart from Hangul (hangul.sets_autospace)."""
    drop_kashidas(row)
    spread = 0.0 if cascading else han_spread(row)
    hangul_advances(row)
    _full_width_advances(row)
    drawn = any(c.text == " " and c.proper for c in row)
    spaces = hangul_spaces(row)  # syllable after syllable: decided by the pen's steps
    row = drop_guessed(row, spaces) if spaces else row
    row = kept_spaces(row, cascading, spread, drawn, autospace)
    if not row:
        return Line("", 0, 0, 0, 1, False, False, 0)
    rtl = _reads_rtl([c.text for c in row if c.text != " "], rtl_page)
    usual = usual_gap(row, cascading)
    spread = max(spread, usual)
    cells = spaced_cells(row, spaces, rtl, spread, usual, drawn, cascading, autospace)
    text = _as_written("".join(to_logical(cells, rtl)), rtl)
    em = statistics.median(c.em for c in row)
    bold = sum(c.bold for c in row) * 2 > len(row)
    first = _first_word_width(row, text)
    return Line(text, row[0].x0, row[-1].x1, statistics.median(c.base for c in row), em, bold, rtl, first)
