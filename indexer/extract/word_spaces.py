"""Which gaps between the glyphs of one row are word spaces (row_line.py builds the line).

Spaces come from gaps, not from space glyphs: LibreOffice draws none, and PDFium's generated
spaces fall inside Chromium's Devanagari and Arabic words. How wide a gap must be depends on
the glyphs around it (an ink box leaves out the side bearings, CJK and Hangul are set with
spacing that is no space, justification spreads a whole line). Where the gap cannot tell, the
cell says so (UNCERTAIN_SPACE, UNCERTAIN_JOIN) and pdftotext's reading decides (poppler.py).
"""

from __future__ import annotations

import itertools
import re

from indexer.extract.glyphs import Cluster, is_mark, unplaced
from indexer.extract.hangul import korean_gap
from indexer.extract.normalize import is_cjk, no_space_script

SPACE_GAP = 0.16  # of the font size: a gap this wide between two glyphs is a word space
INK_SPACE_GAP = 0.2  # the same between ink boxes, which leave out the side bearings
CJK_SPACE_GAP = 0.45  # next to CJK, LibreOffice adds ~1/4 em of spacing that is not a space
GENERATED_SPACE_GAP = 0.15
TIGHT_SPACE_GAP = 0.6
CASCADE_SPACE_GAP = 0.12  # Nastaliq, from the pen position past all glyphs before (cascade.py)
SYLLABLE_REACH = 1.5  # em: the unmapped glyphs of one Indic syllable (a conjunct and its matras)
MARK_REACH = 1.2  # em: the widest letter a mark glyph's text may stand for
UNCERTAIN_SPACE = "\u2063"  # a gap that may or may not be a word space; resolved by the caller
UNCERTAIN_JOIN = "\u2064"  # the same where the gap alone says "no space"
_STOPS = ".,;:!?؟،)»"
# Han and kana: between two of them no autospace applies (it sets Latin and digits apart), so a
# gap wider than a word space may be one (Chromium's "第1条 澜州市": the font's 0.22 em space)
_IDEOGRAPHIC = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LIST_NUMBER = re.compile(r"^\d{1,3}[.)]$")


def _syllable(cluster: Cluster) -> bool:
    """An Indic syllable whose whole text Chromium gave to its first glyph: the glyphs drawn
    after it map to nothing, so no gap after it tells a word space from the syllable's rest."""
    if cluster.proper:
        return False
    if cluster.text[-1:] in ("\u0e33", "\u0eb3"):
        return True  # sara am known by its ink (the nikhahit): its vowel part is a glyph of its own
    if len(cluster.text) < 2:
        return False
    if "\u0900" <= cluster.text[0] <= "\u0dff":  # Indic: Devanagari to Sinhala
        return True
    # Thai and its neighbours: a vowel with a spacing part ("กำ": sara am) is a glyph of its own
    spacing = sum(not is_mark(ch) for ch in cluster.text)
    return spacing > 1 and no_space_script(cluster.text[0]) and not is_cjk(cluster.text[0])


def han_spread(row: list[Cluster]) -> float:
    """The gap (em) justification put between Chinese or Japanese characters on a line.
    Those scripts set no space between two of their characters, so when most such gaps are
    wide the line was spread, however wide, even where its Latin runs and numbers were not
    ("咨 询 电 话 ： 0571-88001234", "進 捗 状 況 は": a line ended early by a long URL)."""
    letters = [c for c in row if c.text.strip()]
    han = sorted(
        (b.x0 - a.x1) / max(min(a.em, b.em), 0.1)
        for a, b in zip(letters, letters[1:])
        if is_cjk(a.text[-1]) and is_cjk(b.text[0])
    )
    return max(han[len(han) // 2], 0.0) if len(han) >= 4 else 0.0


def _kept_space(row: list[Cluster], i: int, spread: float, drawn: bool, autospace: bool) -> bool:
    # PDFium's inferred spaces decide only between glyphs whose advance it did not report,
    # and only in a visible gap (Chromium's syllables get spurious ones)
    if not 0 < i < len(row) - 1 or row[i - 1].text == " " or row[i + 1].text == " ":
        return False
    a, b = row[i - 1], row[i + 1]
    if row[i].proper:
        return True
    if unplaced(a) or unplaced(b):
        return False  # the gap may be an unmapped letter: decided with the gap, in spaced_cells
    # next to Chinese or Japanese, LibreOffice's digit spacing is no space either
    cjk = bool(a.text) and bool(b.text) and (no_space_script(a.text[-1]) or no_space_script(b.text[0]))
    cjk = cjk or (bool(a.text) and bool(b.text) and korean_gap(a.text[-1], b.text[0], drawn, autospace))
    # beside a filler (a kashida drawn over the next letter) only a real gap is a space
    least = CJK_SPACE_GAP if cjk or not (a.text and b.text) else GENERATED_SPACE_GAP
    if cjk and (is_cjk(a.text[-1]) or is_cjk(b.text[0])):
        least += spread
    if _syllable(a):
        return False  # decided with the gap itself, in spaced_cells
    return not (a.proper and b.proper) and b.x0 - a.x1 > least * min(a.em, b.em)


def kept_spaces(row: list[Cluster], cascading: bool, spread: float, drawn: bool, autospace: bool) -> list[Cluster]:
    """The row without the space glyphs PDFium guessed where no space is."""
    # PDFium may guess two spaces in one gap: one is judged, with the letters around the gap
    row = [c for i, c in enumerate(row) if not (i and c.text == " " == row[i - 1].text and not c.proper)]
    # PDFium's inferred spaces fall inside cascading words
    return [
        c
        for i, c in enumerate(row)
        if c.text != " " or (c.proper if cascading else _kept_space(row, i, spread, drawn, autospace))
    ]


def usual_gap(row: list[Cluster], cascading: bool) -> float:
    """Justified CJK, Hangul and Arabic lines spread every glyph apart: a space is a gap wider
    than the line's usual gap between letters."""
    gaps = sorted(
        (b.x0 - a.x1) / max(min(a.em, b.em), 0.1)
        for a, b in zip(row, row[1:])
        if " " not in (a.text, b.text) and not _syllable(a)  # a syllable's gap hides unmapped glyphs
    )
    return min(max(gaps[int(0.4 * (len(gaps) - 1))], 0.0), 0.6) if len(gaps) >= 4 and not cascading else 0.0


def _threshold(
    a: Cluster, b: Cluster, cells: list[str], rtl: bool, cascading: bool, drawn: bool, autospace: bool
) -> float:
    """The gap (em) beyond which a and b are two words."""
    cjk = is_cjk(a.text[-1]) or is_cjk(b.text[0])  # Thai spaces its phrases and numbers like any script
    number = (a.text[-1].isdigit() and (b.text[0].isdigit() or b.text[0] in ".,:)–—-/")) or (
        a.text[-1] in "–—-/" and b.text[0].isdigit()
    )
    opening = a.text[-1] in "([«“‘" if not rtl else b.text[0] in "”’"
    number = number or opening
    # a full stop or comma sits close to the word before it (to its left in a
    # right-to-left line), whatever its ink box says
    # (not a bracket or guillemet: mirrored, it may open the phrase beside it)
    closing = (a.text[-1] in _STOPS.strip(")»")) if rtl else (b.text[0] in _STOPS and a.text[-1] not in _STOPS)
    # beside digits, brackets and stops an ink box leaves a wide gap; an advance box does not
    # ("4 800", "« Valmonde », "Contact :" in French)
    tight = (number or closing) and not (a.proper and b.proper)
    threshold = CJK_SPACE_GAP if cjk or tight else SPACE_GAP if a.proper and b.proper else INK_SPACE_GAP
    if cascading:
        threshold = CASCADE_SPACE_GAP
    if korean_gap(a.text[-1], b.text[0], drawn, autospace):
        threshold = CJK_SPACE_GAP
    if (number or closing) and not (a.proper and b.proper):
        threshold = TIGHT_SPACE_GAP  # ink boxes of a full stop or a digit "1" leave wide gaps
    if not rtl and cjk and _LIST_NUMBER.match("".join(cells)):
        threshold = SPACE_GAP  # "1. 郊外": a list number is followed by a space in any script
    return threshold


def _gap_cell(a: Cluster, b: Cluster, gap: float, threshold: float) -> str:
    """What the gap between two letters holds: a space, an uncertain mark, or nothing ("")."""
    # a glyph that maps to several characters may be followed by glyphs of the same
    # syllable that map to none (Chromium's Devanagari and Thai): its width is unknown,
    # so this gap may be a space or the rest of the syllable (see poppler.py)
    if _syllable(a) and -SYLLABLE_REACH < gap <= SYLLABLE_REACH:
        if b.x0 >= a.x1:  # glyphs that overlap have no space between them, whatever pdftotext says
            return UNCERTAIN_SPACE if gap > threshold else UNCERTAIN_JOIN
    elif len(a.text) > 1 and not a.proper and threshold < gap <= CJK_SPACE_GAP:
        return UNCERTAIN_SPACE
    elif (unplaced(a) or unplaced(b)) and threshold < gap <= MARK_REACH:
        # Chromium maps an Arabic letter with marks to the marks' glyph and its own glyph
        # to nothing: the gap beside the marks' ink may be that letter or a space
        return UNCERTAIN_SPACE
    elif SPACE_GAP < gap <= threshold and _IDEOGRAPHIC.match(a.text[-1]) and _IDEOGRAPHIC.match(b.text[0]):
        # as wide as a space, yet some producers kern a word that far apart ("炸 药"):
        # pdftotext's reading of the gap decides (see poppler.py), no space without it
        return UNCERTAIN_JOIN
    elif gap > threshold:
        return " "
    return ""


def spaced_cells(
    row: list[Cluster],
    spaces: dict[int, bool],
    rtl: bool,
    spread: float,
    usual: float,
    drawn: bool,
    cascading: bool,
    autospace: bool,
) -> list[str]:
    """The row's glyph texts in visual order, with the word spaces between them."""
    cells: list[str] = []
    # a cascading word's letters overlap: the room before a glyph is what no glyph before it covers
    reach = list(itertools.accumulate((c.x1 for c in row), max)) if cascading else [c.x1 for c in row]
    for i, (a, b) in enumerate(zip(row, row[1:] + [None])):
        full = a.text + "".join(a.marks) if a.marks else a.text
        if full:
            cells.append(full)
        if b is None:
            break
        if id(a) in spaces and b.text != " ":
            if spaces[id(a)]:
                cells.append(" ")
            continue
        if " " in (a.text, b.text) or (cascading and drawn):  # drawn spaces are the only sure ones there
            continue
        em = max(min(a.em, b.em), 0.1)
        beside_han = bool(a.text) and bool(b.text) and (is_cjk(a.text[-1]) or is_cjk(b.text[0]))
        gap = (b.x0 - reach[i]) / em - (spread if beside_han else usual)
        if not a.text or not b.text:  # next to a filler glyph: only a real gap is a space
            if gap > CJK_SPACE_GAP:
                cells.append(" ")
            continue
        cell = _gap_cell(a, b, gap, _threshold(a, b, cells, rtl, cascading, drawn, autospace))
        if cell:
            cells.append(cell)
    return cells
