"""LibreOffice's kashidas: filler glyphs that some fonts map to no character (layout.py)."""

from __future__ import annotations

import bisect
import re

from indexer.extract.drawn import DrawnSpace
from indexer.extract.glyphs import Cluster

_NEVER_FILLER = "/()[]-.:"
# scripts whose letters join, so a kashida may stretch between them: Syriac, Arabic and its
# supplements and presentation forms, N'Ko; not Hebrew, whose gershayim and geresh (ק"מ,
# ג') are drawn touching the letters either side
_JOINING = re.compile("[\u0600-\u077f\u07c0-\u07ff\u0860-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
TOUCH = 0.05  # em: a filler touches the letters it joins
HOLE = 0.5  # em: the room a filler drawn over the next letter leaves where its ink is


def drop_kashidas(row: list[Cluster]) -> None:
    """LibreOffice justifies Arabic with kashida glyphs that some fonts map to no character,
    so PDFium reports their codes as ASCII ("وح44دة", "بحل$ول", "ولهHHذا"): a run of one
    repeated ASCII character drawn touching an Arabic letter on each side is a filler."""
    if not any(_JOINING.search(c.text) for c in row):
        return  # no joining letter: nothing to fill between
    i = 0
    while i < len(row):
        ch = row[i].text
        # a slash, bracket, hyphen or stop is text even between two letters ("آذار/مارس",
        # "(کریں)"); fillers were read as digits, letters, "$", "*" and ","
        if len(ch) != 1 or not ch.isascii() or ch.isspace() or ch in _NEVER_FILLER:
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
            and _JOINING.search(left.text)
            and _JOINING.search(right.text)
            and _beside(row[i:j], left, right)
        ):
            for cluster in row[i:j]:
                cluster.text = ""
        i = j


def _beside(run: list[Cluster], left: Cluster, right: Cluster) -> bool:
    """Whether a run of one repeated character joins the letters either side of it: it
    touches both, or it is drawn over one of them (no text is: LibreOffice draws a kashida
    after a letter with a mark from a pen position inside the next letter, "وفق44ً ا") and
    leaves a hole no wider than a kashida by the other."""
    x0, x1, em = run[0].x0, run[-1].x1, max(left.em, right.em)
    touch_left, touch_right = x0 - left.x1 < TOUCH * em, right.x0 - x1 < TOUCH * em
    if touch_left and touch_right:
        return True
    # drawn over a letter: at least half the run's width lies within the letter's box
    over_right = min(x1, right.x1) - max(x0, right.x0) >= 0.5 * (x1 - x0)
    over_left = min(x1, left.x1) - max(x0, left.x0) >= 0.5 * (x1 - x0)
    return (over_right and x0 - left.x1 < HOLE * em) or (over_left and right.x0 - x1 < HOLE * em)


def suspects(clusters: list[Cluster]) -> bool:
    """Whether PDFium reads one ASCII character between two joining letters anywhere on the
    page (in its order, which is the stream's): a glyph the font may map to no text."""
    return any(
        len(c.text) == 1
        and c.text.isascii()
        and not c.text.isspace()
        and _JOINING.search(a.text)
        and _JOINING.search(b.text)
        for a, c, b in zip(clusters, clusters[1:], clusters[2:])
    )


def drop_unmapped(clusters: list[Cluster], no_text: tuple[DrawnSpace, ...]) -> None:
    """A glyph whose code the font's ToUnicode map leaves out is no text, whatever PDFium reads
    for it (drawn.py finds where such glyphs are drawn): LibreOffice's kashida in Noto Sans
    Arabic has the code 0x2E and no entry, so it reads as a full stop ("مقارن.ةً"), which
    drop_kashidas must keep (a stop between two letters is text)."""
    spots = sorted((s.x, s.y) for s in no_text)
    xs = [x for x, _ in spots]
    for c in clusters:
        if len(c.text) != 1 or not c.text.isascii() or c.text.isspace():
            continue
        lo, hi = bisect.bisect_left(xs, c.pen - 0.05 * c.em), bisect.bisect_right(xs, c.pen + 0.05 * c.em)
        if any(abs(y - c.base) < 0.2 * c.em for _, y in spots[lo:hi]):
            c.text = ""
