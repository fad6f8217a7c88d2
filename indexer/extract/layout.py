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

import bisect
import ctypes
import itertools
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from indexer.extract.bidi import cell_class, is_rtl_line, to_logical
from indexer.extract.cascade import cascade_rows, is_cascading
from indexer.extract.normalize import ends_sentence, is_cjk, is_hangul, join_pair, no_space_script
from indexer.extract.rtl import RTL_LETTERS
from indexer.structure.labels import match_label

SPACE_GAP = 0.16  # of the font size: a gap this wide between two glyphs is a word space
INK_SPACE_GAP = 0.2  # the same between ink boxes, which leave out the side bearings
CJK_SPACE_GAP = 0.45  # next to CJK, LibreOffice adds ~1/4 em of spacing that is not a space
GENERATED_SPACE_GAP = 0.15
TIGHT_SPACE_GAP = 0.6
GUTTER_GAP = 0.6  # em: letters closer than this on either side of the gutter are one line
CASCADE_SPACE_GAP = 0.12  # Nastaliq, from the pen position past all glyphs before (cascade.py)
SYLLABLE_REACH = 1.5  # em: the unmapped glyphs of one Indic syllable (a conjunct and its matras)
THAI_WORD = 6  # characters: a typical Thai word, for the "would the next word have fitted" test
HEADING_MARK = "##"  # how a heading paragraph is marked in page text (indexer/structure reads it)
# LibreOffice's default space after a paragraph is 1.32 line pitches at 14 pt; a Nastaliq
# page's baselines are found less exactly (indexer/extract/cascade.py), so it needs more
PARAGRAPH_SPACING = 1.25
CASCADE_PARAGRAPH_SPACING = 1.35
MARK_REACH = 1.2  # em: the widest letter a mark glyph's text may stand for
UNCERTAIN_SPACE = "\u2063"  # a gap that may or may not be a word space; resolved by the caller
UNCERTAIN_JOIN = "\u2064"  # the same where the gap alone says "no space"
_STOPS = ".,;:!?؟،)»"
_SPACE_BEFORE_STOP = re.compile(r" +([.,،])(?=\s|$)")
_LIST_NUMBER = re.compile(r"^\d{1,3}[.)]$")
_PERCENT_FIRST = re.compile(r"(?<![\w%])%(\d+(?:[.,]\d+)?)(?![\d%])")
_LABEL_TOUCHING = re.compile(r"^(\d{1,3}\.)(?=[^\W\d_])")  # "1.Провести" ("11)과" may be a wrapped "(SDG 11)과")
_RTL_LABEL_TOUCHING = re.compile(rf"^(\d{{1,3}}[.)])(?=[{RTL_LETTERS}])")
# a bracketed run whose brackets a producer mapped as drawn, not as meant, in a right-to-left
# line: "(SDG 11(.", ")PPP(" and ")SDG 11)" are "(SDG 11).", "(PPP)", "(SDG 11)"
_BRACKETS_AS_DRAWN = re.compile(r"(?:\(|(?:(?<=[\s\u2063\u2064])|^)\))([^()\n]{1,60})[()](?=[\s.,،:;؛]|$)")


@dataclass
class Cluster:
    text: str
    x0: float
    x1: float
    base: float  # baseline y (PDF space: up is larger)
    em: float
    bold: bool
    order: int  # position in the content stream
    proper: bool = True  # x0..x1 spans the advance (False: only the ink)
    ink: float = 0.0  # centre of the first glyph's ink
    pen: float = 0.0  # the first glyph's origin: where the pen stood to draw it
    marks: list[str] = field(default_factory=list)


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    base: float
    em: float
    bold: bool
    rtl: bool
    first_word: float  # width of the first word in reading order


def _glyph_rows(textpage) -> list[tuple]:
    """-> (char, start, end, ink centre x, proper, origin x, origin y, em, bold, angle) per drawn
    char. start/end span the glyph's advance where PDFium knows it (proper), else its ink."""
    import pypdfium2.raw as raw

    bulk_page = textpage
    textpage = textpage.raw  # the handle itself: pypdfium2's wrapper converts it on every call
    n = raw.FPDFText_CountChars(textpage)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    out = []
    # all characters in one call where each is one UTF-16 unit (no characters beyond the BMP)
    bulk = bulk_page.get_text_range(0, n) if n else ""
    codes = [ord(c) for c in bulk] if len(bulk) == n else [raw.FPDFText_GetUnicode(textpage, i) for i in range(n)]
    size_seen, style = None, (1.0, False, 0.0)
    for i, code in enumerate(codes):
        if code in (0x20, 0x0D, 0x0A) and raw.FPDFText_IsGenerated(textpage, i) == 1:
            if code != 0x20:
                continue
            generated = True
        else:
            generated = False
        if code in (0xFFFE, 0x02) or (code == 0x2D and raw.FPDFText_IsHyphen(textpage, i) == 1):
            code = 0x2D
        if code in (0x0A, 0x0D) or code == 0xFEFF:
            continue
        # a glyph with no usable mapping (a NUL; LibreOffice's kashida maps to a tab)
        filler = code < 0x20 or 0x7F <= code < 0xA0
        raw.FPDFText_GetLooseCharBox(textpage, i, rect)
        raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
        # matrix, weight and angle change with the font size far more often than alone
        size = raw.FPDFText_GetFontSize(textpage, i)
        weight = raw.FPDFText_GetFontWeight(textpage, i)
        if (size, weight) != size_seen:
            raw.FPDFText_GetMatrix(textpage, i, matrix)
            scaled = size * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            style = (scaled, weight >= 600, raw.FPDFText_GetCharAngle(textpage, i))
            size_seen = (size, weight)
        em, bold, angle = style
        # a loose box spans the advance and the font's full height; where PDFium has no font
        # metrics it falls back to the ink, which is shorter than a line
        height = rect.top - rect.bottom
        if height > 1.05 * em and not _is_mark(chr(code)):
            proper = True  # taller than any ink: the font's full height (most glyphs; one call saved)
            ink_center, ink_right = (rect.left + rect.right) / 2, rect.right
        else:  # marks are placed by their ink, and a box as short as ink may be the ink
            raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top)
            ink_center, ink_right = (left.value + right.value) / 2, right.value
            proper = height > top.value - bottom.value + 0.01
        if proper and em < 0.5 * height / 1.3:
            em = height / 1.3  # size 1 scaled by a text matrix PDFium leaves out
        start = min(ox.value, rect.left) if proper else ox.value  # the origin starts the advance
        end = rect.right if proper else ink_right
        out.append(
            (
                "" if filler else chr(code),
                start,
                end,
                ink_center,
                proper and not generated,
                ox.value,
                oy.value,
                max(em, 0.1),
                bold,
                angle,
            )
        )
    return out


@lru_cache(maxsize=4096)
def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


def _attach_mark(clusters: list[Cluster], ch: str, center: float, base: float, em: float, order: int) -> None:
    """A combining mark drawn as a glyph of its own goes on the letter under it (nearest
    baseline, then nearest in the content stream)."""
    near = [c for c in clusters if abs(c.base - base) < 1.2 * max(em, c.em) and c.text.strip()]
    if near:
        # the nearest line first (a large heading above must not take a small line's marks),
        # then the letter under the mark
        host = min(
            near,
            key=lambda c: (
                round(abs(c.base - base) / (0.5 * em)),
                max(c.x0 - center, center - c.x1, 0),
                abs(order - c.order),
            ),
        )
        host.marks.append(ch)


def _reverse_keeping_marks(text: str) -> str:
    groups: list[str] = []
    for ch in text:
        if groups and _is_mark(ch):
            groups[-1] += ch
        else:
            groups.append(ch)
    return "".join(reversed(groups))


def _clusters(glyphs: list[tuple]) -> list[Cluster]:
    clusters: list[Cluster] = []
    marks: list[tuple] = []
    last_origin = (None, None)
    for order, (ch, x0, x1, center, proper, ox, oy, em, bold, _a) in enumerate(glyphs):
        if not ch:
            # it takes room on the line but has no text: a kashida must not read as a space
            clusters.append(Cluster("", x0, x1, oy, em, bold, order, proper=proper, ink=center, pen=ox))
            last_origin = (None, None)
            continue
        if ch.isspace():
            # a space the producer drew, or one PDFium inferred from the font's widths (not
            # proper); most producers leave gaps instead, decided in _line
            clusters.append(Cluster(" ", x0, max(x1, x0), oy, em, bold, order, proper=proper, ink=center, pen=ox))
            last_origin = (None, None)
            continue
        last = clusters[-1] if clusters else None
        if (
            last is not None
            and last_origin[0] is not None
            and abs(ox - last_origin[0]) < 0.01
            and abs(oy - last_origin[1]) < 0.01
            # Chromium may draw a Thai mark's glyph from the pen position after the next
            # letter ("พั" after "ฒ"): ink left of a whole letter's box is not part of it
            and not (last.proper and len(last.text) == 1 and center < last.x0)
        ):
            last.text += ch  # several characters of one glyph (a ligature, a syllable)
            last.x0, last.x1 = min(last.x0, x0), max(last.x1, x1)
            last.proper = last.proper and proper
            continue
        if _is_mark(ch):
            marks.append((ch, center, oy, em, order))  # placed once every letter is known
            last_origin = (None, None)  # a base letter drawn at the mark's origin is a new glyph
            continue
        last_origin = (ox, oy)
        clusters.append(Cluster(ch, x0, x1, oy, em, bold, order, proper=proper, ink=center, pen=ox))
    out: list[Cluster] = []
    for cluster in clusters:
        # Chromium maps every glyph of a Thai or Indic cluster to the whole cluster's text
        twin = len(cluster.text) > 1 and next(
            (
                c
                for c in out[-3:]
                if c.text == cluster.text
                and abs(c.base - cluster.base) < c.em
                and abs(cluster.ink - c.ink) < 0.8 * c.em
            ),
            None,
        )
        if twin:
            continue
        # Arabic lam ligatures (lam-alef, lam-yeh) are one glyph whose letters some readers
        # give in reverse order; in writing the lam always comes first
        if len(cluster.text) > 1 and "ل" in cluster.text[1:]:
            bases = [ch for ch in cluster.text if not _is_mark(ch)]
            if len(bases) == 2 and bases[1] == "ل" and bases[0] != "ل" and cell_class(bases[0]) == "R":
                cluster.text = _reverse_keeping_marks(cluster.text)
        out.append(cluster)
    if marks:
        letters = sorted((c for c in out if c.text.strip()), key=lambda c: c.base)
        bases = [c.base for c in letters]
        reach = 1.2 * max((c.em for c in letters), default=0.0)
        for mark in marks:  # only the letters within reach of the mark's baseline are candidates
            lo, hi = bisect.bisect_left(bases, mark[2] - reach), bisect.bisect_right(bases, mark[2] + reach)
            _attach_mark(letters[lo:hi], *mark)
    return out


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
            key = round(cluster.base, 1)
            votes[key] = votes.get(key, 0) + 1
            if votes[key] > votes.get(round(anchor, 1), 0):
                anchor = cluster.base
    return [sorted(row, key=lambda c: (c.x0 + c.x1) / 2) for row in rows]


def _gutter(rows: list[list[Cluster]]) -> float | None:
    """The x of a gap that runs down the page between two columns of text, if there is one."""
    if len(rows) < 4:
        return None
    lo = min(r[0].x0 for r in rows)
    hi = max(r[-1].x1 for r in rows)
    if hi - lo < 50:
        return None
    em = statistics.median(c.em for r in rows for c in r)
    step = 1.0
    width = int((hi - lo) / step) + 1
    # counts per 1-pt slice of the page, built from difference arrays
    covered = np.zeros(width + 1, dtype=np.int32)  # glyphs over the slice
    left_of = np.zeros(width + 1, dtype=np.int32)  # rows with text left of the slice
    right_of = np.zeros(width + 1, dtype=np.int32)  # rows with text right of the slice
    x0 = np.array([c.x0 for row in rows for c in row])
    x1 = np.array([c.x1 for row in rows for c in row])
    np.add.at(covered, np.clip(((x0 - lo) / step).astype(int), 0, width), 1)
    np.add.at(covered, np.clip(((x1 - lo) / step).astype(int) + 1, 0, width), -1)
    ends = np.array([row[-1].x1 for row in rows])
    starts = np.array([row[0].x0 for row in rows])
    right_of[0] += len(rows)
    np.add.at(right_of, np.clip(((ends - lo) / step).astype(int), 0, width), -1)
    np.add.at(left_of, np.clip(((starts - lo) / step).astype(int) + 1, 0, width), 1)
    covered, left_of, right_of = np.cumsum(covered)[:width], np.cumsum(left_of)[:width], np.cumsum(right_of)[:width]
    best, start = None, None
    for k in range(width + 1):
        free = (
            k < width
            and covered[k] <= 0.1 * len(rows)
            and 0.15 < k / width < 0.85
            and min(left_of[k], right_of[k]) >= max(3, 0.2 * len(rows))
        )
        if free and start is None:
            start = k
        elif not free and start is not None:
            if (k - start) * step >= 0.5 * em and (best is None or k - start > best[1] - best[0]):
                best = (start, k)
            start = None
    return lo + (best[0] + best[1]) / 2 * step if best else None


def _indic(ch: str) -> bool:
    return "\u0900" <= ch <= "\u0dff"


def _drop_kashidas(row: list[Cluster]) -> None:
    """LibreOffice justifies Arabic with kashida glyphs that some fonts map to no character,
    so PDFium reports their codes as ASCII ("وح44دة", "بحل$ول", "ولهHHذا"): a run of one
    repeated ASCII character drawn touching an Arabic letter on each side is a filler."""
    if not any("\u0590" <= c.text[:1] < "\u0900" for c in row):
        return  # no right-to-left letter: nothing to fill between
    i = 0
    while i < len(row):
        ch = row[i].text
        if len(ch) != 1 or not ch.isascii() or ch.isspace():
            i += 1
            continue
        j = i
        while j < len(row) and row[j].text == ch:
            j += 1
        # PDFium may infer a space (not drawn) beside a kashida: look past it
        k = i - 1
        while k >= 0 and row[k].text == " " and not row[k].proper:
            k -= 1
        m = j
        while m < len(row) and row[m].text == " " and not row[m].proper:
            m += 1
        left, right = (row[k] if k >= 0 else None), (row[m] if m < len(row) else None)
        if (
            left is not None
            and right is not None
            and cell_class(left.text) == "R"
            and cell_class(right.text) == "R"
            and row[i].x0 - left.x1 < 0.05 * left.em
            and right.x0 - row[j - 1].x1 < 0.05 * right.em
        ):
            for cluster in row[i:j]:
                cluster.text = ""
        i = j


def _syllable(cluster: Cluster) -> bool:
    """An Indic syllable whose whole text Chromium gave to its first glyph: the glyphs drawn
    after it map to nothing, so no gap after it tells a word space from the syllable's rest."""
    if cluster.proper or len(cluster.text) < 2:
        return False
    if _indic(cluster.text[0]):
        return True
    # Thai and its neighbours: a vowel with a spacing part ("กำ": sara am) is a glyph of its own
    spacing = sum(not _is_mark(ch) for ch in cluster.text)
    return spacing > 1 and no_space_script(cluster.text[0]) and not is_cjk(cluster.text[0])


def _carries_marks(cluster: Cluster) -> bool:
    """A right-to-left letter known only by its marks' ink (Chromium's Arabic marks)."""
    if cluster.proper or not cluster.text or cell_class(cluster.text[0]) != "R":
        return False
    return bool(cluster.marks) or any(map(_is_mark, cluster.text))


def _korean_gap(a: str, b: str, drawn_spaces: bool) -> bool:
    """A gap next to Hangul on a line whose spaces are drawn: LibreOffice sets Hangul cells up
    to 0.3 em apart inside a word and adds autospace between Hangul and digits ("2030 년"),
    so there only a drawn space is a space. Chromium draws none: its gaps are the spaces."""
    return drawn_spaces and (is_hangul(a) or is_hangul(b))


def _hangul_advances(row: list[Cluster]) -> None:
    """Hangul syllables all have the same advance: a syllable known only by its ink (narrower
    than its cell, more so for "이" than "협") is given the cell of the line's whole ones, from
    its pen position, so the gaps beside it compare with the others."""
    cells = [c.x1 - c.x0 for c in row if c.proper and len(c.text) == 1 and is_hangul(c.text)]
    if len(cells) < 3:
        return
    cell = statistics.median(cells)
    for c in row:
        if not c.proper and len(c.text) == 1 and is_hangul(c.text) and c.x1 - c.x0 < cell:
            c.x0, c.x1 = min(c.x0, c.pen), min(c.x0, c.pen) + cell


def _line(row: list[Cluster], rtl_page: bool, cascading: bool = False) -> Line:
    cells: list[str] = []

    def kept_space(i: int) -> bool:
        # PDFium's inferred spaces decide only between glyphs whose advance it did not report,
        # and only in a visible gap (Chromium's syllables get spurious ones)
        if not 0 < i < len(row) - 1 or row[i - 1].text == " " or row[i + 1].text == " ":
            return False
        a, b = row[i - 1], row[i + 1]
        if row[i].proper:
            return True
        if _carries_marks(a) or _carries_marks(b):
            return False  # the gap may be an unmapped letter: decided with the gap, below
        # next to Chinese or Japanese, LibreOffice's digit spacing is no space either
        cjk = bool(a.text) and bool(b.text) and (no_space_script(a.text[-1]) or no_space_script(b.text[0]))
        cjk = cjk or (bool(a.text) and bool(b.text) and _korean_gap(a.text[-1], b.text[0], drawn))
        least = CJK_SPACE_GAP if cjk else GENERATED_SPACE_GAP
        if _syllable(a):
            return False  # decided with the gap itself, below
        return not (a.proper and b.proper) and b.x0 - a.x1 > least * min(a.em, b.em)

    _drop_kashidas(row)
    _hangul_advances(row)
    drawn = any(c.text == " " and c.proper for c in row)
    # PDFium's inferred spaces fall inside cascading words
    row = [c for i, c in enumerate(row) if c.text != " " or (c.proper if cascading else kept_space(i))]
    if not row:
        return Line("", 0, 0, 0, 1, False, False, 0)
    letters = [c.text for c in row if c.text != " "]
    # on a right-to-left page a line is read right to left unless Latin clearly dominates it
    if rtl_page:
        classes = [cell_class(t) for t in letters]
        rtl = "R" in classes and classes.count("L") <= 2 * classes.count("R")
        # the last line of a right-to-left paragraph may hold only a Latin word, its stop
        # drawn to its left (".Habitat"): a left-to-right line never starts with one
        rtl = rtl or ("R" not in classes and letters[0] in ".,;:" and letters[-1] not in _STOPS)
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
    # a cascading word's letters overlap: the room before a glyph is what no glyph before it covers
    reach = list(itertools.accumulate((c.x1 for c in row), max)) if cascading else [c.x1 for c in row]
    for i, (a, b) in enumerate(zip(row, row[1:] + [None])):
        full = a.text + "".join(a.marks) if a.marks else a.text
        if full:
            cells.append(full)
        if b is None:
            break
        if " " in (a.text, b.text) or (cascading and drawn):  # drawn spaces are the only sure ones there
            continue
        em = max(min(a.em, b.em), 0.1)
        gap = (b.x0 - reach[i]) / em - usual
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
        if _korean_gap(a.text[-1], b.text[0], drawn):
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
        elif (_carries_marks(a) or _carries_marks(b)) and threshold < gap <= MARK_REACH:
            # Chromium maps an Arabic letter with marks to the marks' glyph and its own glyph
            # to nothing: the gap beside the marks' ink may be that letter or a space
            cells.append(UNCERTAIN_SPACE)
        elif gap > threshold:
            cells.append(" ")
    logical = to_logical(cells, rtl)
    # no word ends in a space before its full stop or comma, whatever the producer drew
    text = _SPACE_BEFORE_STOP.sub(r"\1", "".join(logical)).strip()
    if rtl:
        # a bracket around a left-to-right run whose mirroring a producer left undone
        text = _BRACKETS_AS_DRAWN.sub(r"(\1)", text)
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
        if is_cjk(ch):  # "2.交通系…": the line could have broken after 交
            break
        if no_space_script(ch) and len(head) >= THAI_WORD:  # Thai breaks between words it does not space
            break
    first = width * len(head) / max(len(text), 1)
    em = statistics.median(c.em for c in row)
    bold = sum(c.bold for c in row) * 2 > len(row)
    return Line(text, row[0].x0, row[-1].x1, statistics.median(c.base for c in row), em, bold, rtl, first)


def _columns(rows: list[list[Cluster]], rtl_page: bool) -> list[list[list[Cluster]]]:
    """Rows -> blocks of rows in reading order: full-width bands, and two-column bands
    read one column after the other."""
    gutter = _gutter(rows)
    if gutter is None:
        return [rows]
    blocks: list[list[list[Cluster]]] = []
    band: list[tuple[list[Cluster], list[Cluster]]] = []

    def flush():
        if band:
            left = _fold_stray_marks([lft for lft, _ in band if lft])
            right = _fold_stray_marks([rgt for _, rgt in band if rgt])
            blocks.extend([b for b in ((right, left) if rtl_page else (left, right)) if b])
            band.clear()

    for row in rows:
        if _spans(row, gutter):
            flush()
            blocks.append([row])
        else:
            band.append(([c for c in row if c.x0 + c.x1 < 2 * gutter], [c for c in row if c.x0 + c.x1 >= 2 * gutter]))
    flush()
    return blocks


def _fold_stray_marks(rows: list[list[Cluster]]) -> list[list[Cluster]]:
    """A column's part of a row made only of mark glyphs that carry their letters' text
    (Chromium draws an Arabic line's marks after its letters, raised or lowered) goes back to
    the nearest line of its own column: the other column's baseline was nearer to it."""

    def stray(row: list[Cluster]) -> bool:
        letters = [c for c in row if c.text.strip()]
        return bool(letters) and all(_carries_marks(c) for c in letters)

    def base(row: list[Cluster]) -> float:
        return statistics.median(c.base for c in row if c.text.strip())

    lines = [row for row in rows if not stray(row)]
    for row in rows:
        if lines and stray(row):
            host = min(lines, key=lambda line: abs(base(line) - base(row)))
            if abs(base(host) - base(row)) < max(c.em for c in row):
                host.extend(row)
                host.sort(key=lambda c: (c.x0 + c.x1) / 2)
                continue
            lines.append(row)
    return sorted(lines, key=lambda row: -base(row)) if len(lines) < len(rows) else rows


def _spans(row: list[Cluster], gutter: float) -> bool:
    """Whether a row runs across the gutter: some glyph (or space) covers it with its middle
    half, or the letters either side of it are no further apart than a word space. A glyph
    that only reaches into the gutter with its edge (a full-width stop) does not count."""
    if any(c.x0 + 0.25 * (c.x1 - c.x0) < gutter < c.x1 - 0.25 * (c.x1 - c.x0) for c in row):
        return True
    letters = [c for c in row if c.text.strip()]
    before = [c.x1 for c in letters if c.x0 + c.x1 < 2 * gutter]
    after = [c.x0 for c in letters if c.x0 + c.x1 >= 2 * gutter]
    if not before or not after:
        return False
    return min(after) - max(before) < GUTTER_GAP * statistics.median(c.em for c in letters)


def _paragraphs(lines: list[Line], cascading: bool = False) -> list[list[Line]]:
    """Lines grouped into paragraphs (by gaps, room left at line ends, labels and type)."""
    if not lines:
        return []
    pitches = [a.base - b.base for a, b in zip(lines, lines[1:]) if 0 < a.base - b.base < 3 * a.em]
    if not pitches:
        pitch = 1.3 * lines[0].em
    elif cascading:  # Nastaliq baselines are found less exactly: the typical gap
        pitch = statistics.median(pitches)
    else:  # a page of short paragraphs has more paragraph gaps than wrapped lines
        pitch = sorted(pitches)[len(pitches) // 4]
    spacing = CASCADE_PARAGRAPH_SPACING if cascading else PARAGRAPH_SPACING
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    # which edge the text is set against: lines that start (end) within an em of it
    flush_left = sum(line.x0 - left < line.em for line in lines) > 0.6 * len(lines)
    flush_right = sum(right - line.x1 < line.em for line in lines) > 0.6 * len(lines)
    middle = statistics.median((line.x0 + line.x1) / 2 for line in lines)
    centred = sum(abs((line.x0 + line.x1) / 2 - middle) < line.em for line in lines) > 0.6 * len(lines)
    indents = _indent_levels(lines)
    paras: list[list[Line]] = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        gap = prev.base - line.base
        # free space where the line ends: its ragged side (both sides when centred); a list
        # item's indent on the other side is no room its next line could have used
        before, after = prev.x0 - left, right - prev.x1
        if flush_left and flush_right:
            # justified (or set against either edge): the room the next line does not share
            # with it, on either side (a right-to-left line may be set flush left)
            shared_left, shared_right = min(prev.x0, line.x0) - left, right - max(prev.x1, line.x1)
            free = max(before - shared_left, after - shared_right)
        elif (flush_right if not prev.rtl else flush_left) and indents:
            # justified text whose starts are a few indent levels (list items beside body
            # text), not a ragged start edge: the line's end is where room was left
            free = after if not prev.rtl else before
        elif flush_left or flush_right:
            free = after if flush_left else before
        elif centred:
            free = before + after
        else:  # indents of several depths (list items, their wrapped lines): the line's end is ragged
            free = before if prev.rtl else after
        room = free - line.first_word - 0.5 * line.em
        new = (
            gap > spacing * pitch
            or gap < 0
            or abs(line.em - prev.em) > 0.15 * prev.em
            or line.bold != prev.bold
            or room > 1.0 * line.em  # the next line's first word would have fitted: the line was ended
            or (match_label(line.text) is not None and (room > -line.first_word or ends_sentence(prev.text)))
            or _sibling_item(paras[-1][0], line)
        )
        if new:
            paras.append([line])
        else:
            paras[-1].append(line)
    return paras


def _indent_levels(lines: list[Line]) -> bool:
    """Whether the lines start at a few shared positions (indent levels) rather than along a
    ragged edge: almost every line's start edge is within half an em of another line's."""
    if len(lines) < 3:
        return False
    starts = sorted((line.x1 if line.rtl else line.x0, line.em) for line in lines)
    shared = sum(
        (i > 0 and x - starts[i - 1][0] < 0.5 * em) or (i + 1 < len(starts) and starts[i + 1][0] - x < 0.5 * em)
        for i, (x, em) in enumerate(starts)
    )
    return shared >= 0.9 * len(lines)


def _sibling_item(first: Line, line: Line) -> bool:
    """A line labelled with the number after the current paragraph's, starting where that
    label started: the next item of a list, however full the item before it ("2.300
    viviendas" on a wrapped line is no item)."""
    this, before = match_label(line.text), match_label(first.text)
    if this is None or before is None or not (this.text.isdigit() and before.text.isdigit()):
        return False
    if int(this.text) != int(before.text) + 1:
        return False
    return abs(line.x1 - first.x1) < 0.5 * line.em if line.rtl else abs(line.x0 - first.x0) < 0.5 * line.em


def page_layout_text(textpage) -> str | None:
    """Paragraphs separated by blank lines, in reading order; None for rotated text."""
    glyphs = _glyph_rows(textpage)
    if not glyphs:
        return ""
    rotated = sum(1 for g in glyphs if 0.05 < g[9] < 6.23)
    if rotated > 0.3 * len(glyphs):
        return None
    clusters = _clusters(glyphs)
    if not clusters:
        return ""
    cascading = is_cascading(clusters)
    if cascading:
        rows, rest = cascade_rows(clusters)
        rows = sorted(rows + _rows(rest), key=lambda row: -statistics.median(c.base for c in row))
    else:
        rows = _rows(clusters)
    rtl_page = sum(is_rtl_line([c.text for c in row]) for row in rows) * 2 > len(rows)
    blocks = [
        [line for line in (_line(row, rtl_page, cascading) for row in block) if line.text]
        for block in _columns(rows, rtl_page)
    ]
    every = [line for block in blocks for line in block]
    body = _body_em(every)
    # some producers report every glyph as bold: bold sets a heading apart only from plain text
    plain_body = sum(len(line.text) for line in every if not line.bold) * 2 > sum(len(line.text) for line in every)
    out: list[str] = []
    for lines in blocks:
        for para in _paragraphs(lines, cascading):
            text = ""
            for line in para:
                text = join_pair(text, line.text)
            out.append(f"{HEADING_MARK} {text}" if _is_heading(para, text, body, plain_body) else text)
    return "\n\n".join(out)


def _body_em(lines: list[Line]) -> float:
    """The font size most of the page's text is set in."""
    sizes: dict[float, int] = {}
    for line in lines:
        sizes[round(line.em, 1)] = sizes.get(round(line.em, 1), 0) + len(line.text)
    return max(sizes, key=sizes.get) if sizes else 0.0


def _is_heading(para: list[Line], text: str, body: float, plain_body: bool) -> bool:
    """A short paragraph set apart by type (bold, or larger than the body text) that does
    not end a sentence: marked as a Markdown heading, as the DOCX and HTML readers mark theirs."""
    if len(para) > 3 or len(text) > 150 or ends_sentence(text) and not text.endswith(":"):
        return False
    larger = body > 0 and statistics.median(line.em for line in para) >= 1.15 * body
    return larger or (plain_body and all(line.bold for line in para))
