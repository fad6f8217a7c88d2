"""Letters whose own glyph maps to no text, found in the page's text objects.

Chromium prints an Arabic letter that carries marks ("يُ", "يّ" in Noto Kufi Arabic) as two
glyphs: the marks' glyph, which it maps to the letter and its marks, and the letter's body,
which it maps to nothing. PDFium's text page leaves the body out, so the letter is known
only by the ink of its marks, a sliver above it, and the body's width reads as a gap beside
it ("ويُ راعى"). Chromium writes each glyph as a text object of its own, and the body's object
(empty text) still has its ink box: that box is the letter's.
"""

from __future__ import annotations

import ctypes

from indexer.extract.glyphs import Cluster, carries_marks

REACH = 0.15  # em: how far from a body's ink its marks' ink may sit (a mark overhangs a tooth)


def unmapped_boxes(textpage, clusters: list[Cluster]) -> list[tuple[float, float, float, float]]:
    """(left, right, bottom, top) of each text object at the top of the page that lies on the
    line of a letter known only by its marks and whose glyphs map to no text at all (a text
    object holding mapped glyphs too says nothing of where the unmapped one is)."""
    import pypdfium2.raw as raw

    lonely = [c for c in clusters if carries_marks(c)]
    page = getattr(textpage, "page", None)
    if not lonely or page is None:
        return []
    out = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    matrix = raw.FS_MATRIX()
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_TEXT:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top) or right.value <= left.value:
            continue
        if not raw.FPDFPageObj_GetMatrix(obj, matrix) or matrix.b or not matrix.d:
            continue  # rotated text is not laid out (layout.py)
        # a slanted glyph (Chromium's synthetic italic) leans right by its height above its
        # origin: its box straightened as glyphs.py straightens the mapped glyphs' boxes
        lean = matrix.c / matrix.d
        box = (left.value - lean * (bottom.value - matrix.f), right.value - lean * (top.value - matrix.f))
        box += (bottom.value, top.value)
        if not any(_under(box, c) for c in lonely):
            continue
        # the length in bytes of the UTF-16 text and its terminator: 2 is no text
        if raw.FPDFTextObj_GetText(obj, textpage.raw, None, 0) <= 2:
            out.append(box)
    return out


def _under(box: tuple[float, float, float, float], cluster: Cluster) -> bool:
    """Whether a glyph's ink box may be the body under a letter's marks: it reaches under
    their middle and sits on the letter's line (its ink crosses the band from half an em
    below the marks' origin to half an em above it; that origin may be shifted off the line)."""
    em, middle = cluster.em, (cluster.x0 + cluster.x1) / 2
    return (
        box[0] - REACH * em <= middle <= box[1] + REACH * em
        and box[2] < cluster.base + 0.5 * em
        and box[3] > cluster.base - 0.5 * em
    )


def place_bodies(clusters: list[Cluster], boxes: list[tuple[float, float, float, float]]) -> None:
    """A letter known only by its marks' ink takes the box of the unmapped glyph under its
    marks: the nearest by ink centre whose box reaches under them, on the letter's line; each
    box goes to one letter."""
    taken: set[int] = set()
    for cluster in clusters:
        if not carries_marks(cluster):
            continue
        middle = (cluster.x0 + cluster.x1) / 2
        near = [
            (abs((box[0] + box[1]) / 2 - middle), i)
            for i, box in enumerate(boxes)
            if i not in taken and _under(box, cluster)
        ]
        if not near:
            continue
        _, i = min(near)
        taken.add(i)
        cluster.x0, cluster.x1 = min(cluster.x0, boxes[i][0]), max(cluster.x1, boxes[i][1])
        cluster.body = True
