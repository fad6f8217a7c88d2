"""Glyphs -> clusters: one drawn glyph each, with its characters and the combining marks
drawn on it (PDFium's character boxes and origins; see layout.py for the whole pipeline)."""

from __future__ import annotations

import bisect
import ctypes
import math
from dataclasses import dataclass, field

from indexer.extract.bidi import cell_class
from indexer.extract.marks import attach_mark, is_mark, lam_alef_marks


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
    body: bool = False  # x0..x1 also spans the letter's own glyph, which maps to no text (unmapped.py)
    char: int = -1  # the first character's index in PDFium's text page


def glyph_rows(textpage) -> list[tuple]:
    """-> (char, start, end, ink centre x, proper, origin x, origin y, em, bold, angle, index in
    the text page) per drawn char. start/end span the glyph's advance where PDFium knows it (proper), else its ink."""
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
        if code == 0xFEFF:
            continue
        # a CR or LF PDFium did not add is a glyph's raw code: a LibreOffice kashida with no
        # ToUnicode entry (code 0x0D), a filler below like any other control code
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
        # a slanted glyph (Chromium's synthetic italic) leans right by its height: its boxes
        # reach over the word space after it, and their middle is not the glyph's
        lean = math.tan(angle) if 0.05 < abs(angle) < 0.5 else 0.0
        if height > 1.05 * em and not is_mark(chr(code)):
            proper = True  # taller than any ink: the font's full height (most glyphs; one call saved)
            if lean:
                rect.left, rect.right = (
                    rect.left - lean * (rect.bottom - oy.value),
                    rect.right - lean * (rect.top - oy.value),
                )
            ink_center, ink_right = (rect.left + rect.right) / 2, rect.right
        else:  # marks are placed by their ink, and a box as short as ink may be the ink
            raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top)
            ink_center, ink_right = (left.value + right.value) / 2, right.value
            proper = height > top.value - bottom.value + 0.01
            if lean:
                ink_right -= lean * (top.value - oy.value)
                ink_center -= lean * ((top.value + bottom.value) / 2 - oy.value)
        if proper and em < 0.5 * height / 1.3:
            em = height / 1.3  # size 1 scaled by a text matrix PDFium leaves out
        # the origin starts the advance; a Latin, Greek or Cyrillic glyph's box may reach left
        # of it (an italic "f": "written for" read "writtenfor"); an Indic vowel sign drawn
        # before its consonant belongs where its box is
        leans_back = proper and code < 0x0590 and 0 <= ox.value - rect.left < 0.15 * em
        start = ox.value if not proper or leans_back else min(ox.value, rect.left)
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
                i,
            )
        )
    return out


def _reverse_keeping_marks(text: str) -> str:
    groups: list[str] = []
    for ch in text:
        if groups and is_mark(ch):
            groups[-1] += ch
        else:
            groups.append(ch)
    return "".join(reversed(groups))


def to_clusters(glyphs: list[tuple]) -> list[Cluster]:
    clusters: list[Cluster] = []
    marks: list[tuple] = []
    last_origin = (None, None)
    for order, (ch, x0, x1, center, proper, ox, oy, em, bold, _a, *rest) in enumerate(glyphs):
        index = rest[0] if rest else -1  # rows written by hand may leave the index out
        if not ch:
            # it takes room on the line but has no text: a kashida must not read as a space
            clusters.append(Cluster("", x0, x1, oy, em, bold, order, proper=proper, ink=center, pen=ox, char=index))
            last_origin = (None, None)
            continue
        if ch.isspace():
            # a space the producer drew, or one PDFium inferred from the font's widths (not
            # proper); most producers leave gaps instead, decided in _line
            clusters.append(
                Cluster(" ", x0, max(x1, x0), oy, em, bold, order, proper=proper, ink=center, pen=ox, char=index)
            )
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
        if is_mark(ch):
            marks.append((ch, center, oy, em, order, ox))  # placed once every letter is known
            last_origin = (None, None)  # a base letter drawn at the mark's origin is a new glyph
            continue
        last_origin = (ox, oy)
        clusters.append(Cluster(ch, x0, x1, oy, em, bold, order, proper=proper, ink=center, pen=ox, char=index))
    out: list[Cluster] = []
    for cluster in clusters:
        # Chromium maps every glyph of a Thai or Indic cluster to the whole cluster's text
        twin = len(cluster.text) > 1 and next(
            (
                c
                for c in out[-3:]
                if (
                    (c.text == cluster.text and abs(cluster.ink - c.ink) < 0.8 * c.em)
                    # or to a part of it, its ink over the cluster's ("จั" after "จัด้")
                    or (c.text.startswith(cluster.text) and _over(cluster, c))
                )
                and abs(c.base - cluster.base) < c.em
            ),
            None,
        )
        if twin:
            continue
        # ... or to the cluster's text and the characters after it, its ink over the first
        # glyph's ("गे" then "गे।" from the vowel sign's glyph): only the rest is new
        head = len(cluster.text) > 2 and next(
            (c.text for c in out[-3:] if len(c.text) > 1 and cluster.text.startswith(c.text) and _over(cluster, c)),
            None,
        )
        if head:
            cluster.text = cluster.text[len(head) :]
        # Arabic lam ligatures (lam-alef, lam-yeh) are one glyph whose letters some readers
        # give in reverse order; in writing the lam always comes first
        if len(cluster.text) > 1 and "ل" in cluster.text[1:]:
            bases = [ch for ch in cluster.text if not is_mark(ch)]
            if len(bases) == 2 and bases[1] == "ل" and bases[0] != "ل" and cell_class(bases[0]) == "R":
                cluster.text = _reverse_keeping_marks(cluster.text)
        out.append(cluster)
    if marks:
        letters = sorted((c for c in out if c.text.strip()), key=lambda c: c.base)
        bases = [c.base for c in letters]
        reach = 1.2 * max((c.em for c in letters), default=0.0)
        for mark in marks:  # only the letters within reach of the mark's baseline are candidates
            lo, hi = bisect.bisect_left(bases, mark[2] - reach), bisect.bisect_right(bases, mark[2] + reach)
            attach_mark(letters[lo:hi], *mark)
        lam_alef_marks(letters)
    return out


def _over(cluster: Cluster, other: Cluster) -> bool:
    return abs(cluster.base - other.base) < other.em and other.x0 <= cluster.ink <= other.x1


def carries_marks(cluster: Cluster) -> bool:
    """A right-to-left letter known only by its marks' ink (Chromium's Arabic marks)."""
    if cluster.proper or not cluster.text or cell_class(cluster.text[0]) != "R":
        return False
    return bool(cluster.marks) or any(map(is_mark, cluster.text))


def unplaced(cluster: Cluster) -> bool:
    """A letter known only by its marks, its own glyph not found (unmapped.py): the gaps
    beside it may be that glyph or a space."""
    return carries_marks(cluster) and not cluster.body
