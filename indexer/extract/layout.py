"""Page text rebuilt from glyph positions (PDFium's character boxes), not from the order in
which a producer happened to write its text objects.

    glyphs -> clusters (one drawn glyph; its characters, marks on their base letter)
           -> rows (one baseline; Nastaliq: see cascade.py) -> columns (a gutter that runs down the page)
           -> lines (visual order -> reading order, spaces from gaps)
           -> paragraphs (line gaps, font changes, a line that ends short of the column edge)

Word spaces come from the gaps between glyphs, because LibreOffice draws no space glyphs and
PDFium's generated spaces fall inside words of Devanagari or Arabic printed by Chromium. A
glyph that maps to several characters (lam-alef, a Devanagari syllable) is one cluster whose
characters keep their order. Returns None for pages it should not judge (rotated text).
"""

from __future__ import annotations

import itertools
import re
import statistics

from indexer.extract.bidi import cell_class, is_rtl_line, to_logical
from indexer.extract.brackets import as_meant, drawn_rtl
from indexer.extract.cascade import cascade_rows, is_cascading, rows_by_stream
from indexer.extract.columns import columns
from indexer.extract.drawing_order import in_drawing_order, text_objects
from indexer.extract.glyphs import Cluster, glyph_rows, is_mark, to_clusters, unplaced
from indexer.extract.hangul import drop_guessed, hangul_advances, hangul_spaces, korean_gap, sets_autospace
from indexer.extract.kashida import drop_kashidas, drop_unmapped, suspects
from indexer.extract.normalize import is_cjk, no_space_script
from indexer.extract.paragraphs import Line, page_text
from indexer.extract.rtl import RTL_LETTERS
from indexer.extract.unmapped import place_bodies, unmapped_boxes

SPACE_GAP = 0.16  # of the font size: a gap this wide between two glyphs is a word space
INK_SPACE_GAP = 0.2  # the same between ink boxes, which leave out the side bearings
CJK_SPACE_GAP = 0.45  # next to CJK, LibreOffice adds ~1/4 em of spacing that is not a space
GENERATED_SPACE_GAP = 0.15
TIGHT_SPACE_GAP = 0.6
CASCADE_SPACE_GAP = 0.12  # Nastaliq, from the pen position past all glyphs before (cascade.py)
SYLLABLE_REACH = 1.5  # em: the unmapped glyphs of one Indic syllable (a conjunct and its matras)
THAI_WORD = 6  # characters: a typical Thai word, for the "would the next word have fitted" test
MARK_REACH = 1.2  # em: the widest letter a mark glyph's text may stand for
UNCERTAIN_SPACE = "\u2063"  # a gap that may or may not be a word space; resolved by the caller
UNCERTAIN_JOIN = "\u2064"  # the same where the gap alone says "no space"
_STOPS = ".,;:!?؟،)»"
_OPENING_MARKS = "（《「『【〔〈“‘"
_FULL_WIDTH = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
# Han and kana: between two of them no autospace applies (it sets Latin and digits apart), so a
# gap wider than a word space may be one (Chromium's "第1条 澜州市": the font's 0.22 em space)
_IDEOGRAPHIC = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPACE_BEFORE_STOP = re.compile(r" +([.,،])(?=\s|$)")
_LIST_NUMBER = re.compile(r"^\d{1,3}[.)]$")
_PERCENT_FIRST = re.compile(r"(?<![\w%])%(\d+(?:[.,]\d+)?)(?![\d%])")
_LABEL_TOUCHING = re.compile(r"^(\d{1,3}\.)(?=[^\W\d_])")  # "1.Провести" ("11)과" may be a wrapped "(SDG 11)과")
_RTL_LABEL_TOUCHING = re.compile(rf"^(\d{{1,3}}[.)])(?=[{RTL_LETTERS}])")


def _rows(clusters: list[Cluster]) -> list[list[Cluster]]:
    """Clusters on one baseline, within half the row's largest font size (spaces and
    fillers, whose reported size can be 1, do not set the row's measure). The row's baseline
    is the one most of its letters sit on: a raised or lowered mark glyph that carries its
    letter's text (Chromium's shadda or tanwin) may come first and must not set it."""
    rows: list[list[Cluster]] = []
    anchor, size = 0.0, 0.0
    votes: dict[float, int] = {}
    for cluster in sorted(clusters, key=lambda c: -c.base):
        letter = bool(cluster.text.strip())
        if rows and abs(anchor - cluster.base) <= 0.5 * max(size, cluster.em if letter else 0.0, 1.0):
            rows[-1].append(cluster)
        else:
            rows.append([cluster])
            anchor, size, votes = cluster.base, 0.0, {}
        if letter:
            size = max(size, cluster.em)
            votes[cluster.base] = votes.get(cluster.base, 0) + 1  # one line's glyphs share one y
            if cluster.base != anchor and votes[cluster.base] > votes.get(anchor, 0):
                anchor = cluster.base
    return [sorted(row, key=lambda c: (c.x0 + c.x1) / 2) for row in rows]


def _indic(ch: str) -> bool:
    return "\u0900" <= ch <= "\u0dff"


def _syllable(cluster: Cluster) -> bool:
    """An Indic syllable whose whole text Chromium gave to its first glyph: the glyphs drawn
    after it map to nothing, so no gap after it tells a word space from the syllable's rest."""
    if cluster.proper:
        return False
    if cluster.text[-1:] in ("\u0e33", "\u0eb3"):
        return True  # sara am known by its ink (the nikhahit): its vowel part is a glyph of its own
    if len(cluster.text) < 2:
        return False
    if _indic(cluster.text[0]):
        return True
    # Thai and its neighbours: a vowel with a spacing part ("กำ": sara am) is a glyph of its own
    spacing = sum(not is_mark(ch) for ch in cluster.text)
    return spacing > 1 and no_space_script(cluster.text[0]) and not is_cjk(cluster.text[0])


def _full_width_advances(row: list[Cluster]) -> None:
    """A Chinese or Japanese character or full-width mark ("》", "）") known only by its ink
    takes a full em from its pen position: the ink of "》" fills a third of its cell, and the
    rest read as a word space ("纲要》 和《")."""
    for c in row:
        if not c.proper and len(c.text) == 1 and _FULL_WIDTH.match(c.text) and c.x1 < c.pen + c.em:
            c.x0, c.x1 = min(c.x0, c.pen), c.pen + c.em


def _han_spread(row: list[Cluster]) -> float:
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


def _line(row: list[Cluster], rtl_page: bool, cascading: bool = False, autospace: bool = True) -> Line:
    cells: list[str] = []

    def kept_space(i: int) -> bool:
        # PDFium's inferred spaces decide only between glyphs whose advance it did not report,
        # and only in a visible gap (Chromium's syllables get spurious ones)
        if not 0 < i < len(row) - 1 or row[i - 1].text == " " or row[i + 1].text == " ":
            return False
        a, b = row[i - 1], row[i + 1]
        if row[i].proper:
            return True
        if unplaced(a) or unplaced(b):
            return False  # the gap may be an unmapped letter: decided with the gap, below
        # next to Chinese or Japanese, LibreOffice's digit spacing is no space either
        cjk = bool(a.text) and bool(b.text) and (no_space_script(a.text[-1]) or no_space_script(b.text[0]))
        cjk = cjk or (bool(a.text) and bool(b.text) and korean_gap(a.text[-1], b.text[0], drawn, autospace))
        # beside a filler (a kashida drawn over the next letter) only a real gap is a space
        least = CJK_SPACE_GAP if cjk or not (a.text and b.text) else GENERATED_SPACE_GAP
        if cjk and (is_cjk(a.text[-1]) or is_cjk(b.text[0])):
            least += spread
        if _syllable(a):
            return False  # decided with the gap itself, below
        return not (a.proper and b.proper) and b.x0 - a.x1 > least * min(a.em, b.em)

    drop_kashidas(row)
    spread = 0.0 if cascading else _han_spread(row)
    hangul_advances(row)
    _full_width_advances(row)
    drawn = any(c.text == " " and c.proper for c in row)
    spaces = hangul_spaces(row)  # syllable after syllable: decided by the pen's steps
    row = drop_guessed(row, spaces) if spaces else row
    # PDFium's inferred spaces fall inside cascading words
    # PDFium may guess two spaces in one gap: one is judged, with the letters around the gap
    row = [c for i, c in enumerate(row) if not (i and c.text == " " == row[i - 1].text and not c.proper)]
    row = [c for i, c in enumerate(row) if c.text != " " or (c.proper if cascading else kept_space(i))]
    if not row:
        return Line("", 0, 0, 0, 1, False, False, 0)
    letters = [c.text for c in row if c.text != " "]
    # on a right-to-left page a line is read right to left unless Latin clearly dominates it
    if rtl_page:
        classes = [cell_class(t) for t in letters]
        rtl = "R" in classes and classes.count("L") <= 2 * classes.count("R")
        rtl = rtl or drawn_rtl(letters, classes)  # ".Habitat", ")PPP(": a right-to-left line's end
    else:
        rtl = is_rtl_line(letters)
    # justified CJK, Hangul and Arabic lines spread every glyph apart: a space is a gap wider
    # than the line's usual gap between letters
    gaps = sorted(
        (b.x0 - a.x1) / max(min(a.em, b.em), 0.1)
        for a, b in zip(row, row[1:])
        if " " not in (a.text, b.text) and not _syllable(a)  # a syllable's gap hides unmapped glyphs
    )
    usual = min(max(gaps[int(0.4 * (len(gaps) - 1))], 0.0), 0.6) if len(gaps) >= 4 and not cascading else 0.0
    spread = max(spread, usual)
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
        # a glyph that maps to several characters may be followed by glyphs of the same
        # syllable that map to none (Chromium's Devanagari and Thai): its width is unknown,
        # so this gap may be a space or the rest of the syllable (see poppler.py)
        if _syllable(a) and -SYLLABLE_REACH < gap <= SYLLABLE_REACH:
            if b.x0 >= a.x1:  # glyphs that overlap have no space between them, whatever pdftotext says
                cells.append(UNCERTAIN_SPACE if gap > threshold else UNCERTAIN_JOIN)
        elif len(a.text) > 1 and not a.proper and threshold < gap <= CJK_SPACE_GAP:
            cells.append(UNCERTAIN_SPACE)
        elif (unplaced(a) or unplaced(b)) and threshold < gap <= MARK_REACH:
            # Chromium maps an Arabic letter with marks to the marks' glyph and its own glyph
            # to nothing: the gap beside the marks' ink may be that letter or a space
            cells.append(UNCERTAIN_SPACE)
        elif SPACE_GAP < gap <= threshold and _IDEOGRAPHIC.match(a.text[-1]) and _IDEOGRAPHIC.match(b.text[0]):
            # as wide as a space, yet some producers kern a word that far apart ("炸 药"):
            # pdftotext's reading of the gap decides (see poppler.py), no space without it
            cells.append(UNCERTAIN_JOIN)
        elif gap > threshold:
            cells.append(" ")
    logical = to_logical(cells, rtl)
    # no word ends in a space before its full stop or comma, whatever the producer drew
    text = _SPACE_BEFORE_STOP.sub(r"\1", "".join(logical)).strip()
    if rtl:
        text = as_meant(text)  # a bracket around a left-to-right run, mirrored or not
        # LibreOffice draws "40%" as "%40" in Arabic
        text = _PERCENT_FIRST.sub(r"\1%", text)
        text = _RTL_LABEL_TOUCHING.sub(r"\1 ", text)
    # an automatic list number fills its indent in wide fonts and then touches the text
    text = _LABEL_TOUCHING.sub(r"\1 ", text)
    # the width of the first word in reading order, in proportion to its characters (a line of
    # Chinese, Japanese or Thai may wrap after any character)
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
    first = width * len(head) / max(len(text), 1)
    em = statistics.median(c.em for c in row)
    bold = sum(c.bold for c in row) * 2 > len(row)
    return Line(text, row[0].x0, row[-1].x1, statistics.median(c.base for c in row), em, bold, rtl, first)


def _rtl_page(rows: list[list[Cluster]]) -> bool:
    """Whether most rows with letters read right to left. Rows of nothing but spaces (LibreOffice
    draws some Arabic lines' spaces off their baseline) have no direction and do not vote."""
    lettered = [row for row in rows if any(cell_class(c.text) in ("R", "L") for c in row)]
    return sum(is_rtl_line([c.text for c in row]) for row in lettered) * 2 > len(lettered)


def page_layout_text(textpage, drawn_text=None) -> str | None:
    """Paragraphs separated by blank lines, in reading order; None for rotated text.
    `drawn_text()`, where given, reads the space glyphs the page draws (drawn.py): a
    Nastaliq page is then read in drawing order (drawing_order.py)."""
    glyphs = glyph_rows(textpage)
    if not glyphs:
        return ""
    rotated = sum(1 for g in glyphs if 0.05 < g[9] < 6.23)
    if rotated > 0.3 * len(glyphs):
        return None
    found = to_clusters(glyphs)
    if not found:
        return ""
    place_bodies(found, unmapped_boxes(textpage, found))
    cascading = is_cascading(found)
    if cascading:
        drawn = drawn_text() if drawn_text is not None else None
        if drawn is not None:
            drop_unmapped(found, drawn.no_text)
        rows, rest = cascade_rows(found, pieces_once=drawn is None or not drawn.spaces)
        if drawn is not None and drawn.spaces:
            objects = text_objects(textpage)
            rows, rest = rows_by_stream(rows, rest, objects.drawn_by)
            rows, rest = [in_drawing_order(row, objects, drawn) for row in rows + _rows(rest)], []
        rows = sorted(rows + _rows(rest), key=lambda row: -statistics.median(c.base for c in row))
    else:
        if drawn_text is not None and suspects(found):
            drop_unmapped(found, drawn_text().no_text)
        rows = _rows(found)
    rtl_page = _rtl_page(rows)
    autospace = sets_autospace(found)
    blocks = [
        [line for line in (_line(row, rtl_page, cascading, autospace) for row in block) if line.text]
        for block in columns(rows, rtl_page)
    ]
    return page_text(blocks, cascading)
