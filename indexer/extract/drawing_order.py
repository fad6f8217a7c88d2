"""A Nastaliq row read in the order its glyphs were drawn, with the spaces that were drawn.

A cascading word's letters overlap and step back and forth (cascade.py), so no position
orders them: sorted by pen position, "مختص" reads "خمتص". The content stream does: a
producer shapes each run of one direction and draws its glyphs left to right, runs one
after another. So a row is put in content-stream order (PDFium ties each character to the
text object that drew it), cut into runs where the pen jumps left of all the run has drawn
so far, and the runs are laid left to right. Word spaces are the space glyphs the page draws
(drawn.py), each put before the first glyph from which on every pen stands right of it:
PDFium moves some of them into words or replaces them with guesses.
"""

from __future__ import annotations

import ctypes
import statistics

from indexer.extract.drawn import DrawnSpace
from indexer.extract.glyphs import Cluster

RUN_BACKSTEP = 0.3  # em: a pen this far left of all its run has drawn starts a new run
ON_ROW = 0.5  # em: a drawn space this close to a row's baseline belongs to it
PEN_SLACK = 0.05  # em


def text_objects(textpage) -> list[int]:
    """-> per character of the text page, the index of the page object that drew it (-1:
    a character PDFium made up, such as a guessed space)."""
    import pypdfium2.raw as raw

    page = textpage.page.raw
    index = {}
    for k in range(raw.FPDFPage_CountObjects(page)):
        index[ctypes.cast(raw.FPDFPage_GetObject(page, k), ctypes.c_void_p).value] = k
    handle = textpage.raw
    return [
        index.get(ctypes.cast(raw.FPDFText_GetTextObject(handle, i), ctypes.c_void_p).value, -1)
        for i in range(raw.FPDFText_CountChars(handle))
    ]


def in_drawing_order(row: list[Cluster], objects: list[int], spaces: list[DrawnSpace]) -> list[Cluster]:
    """-> the row's glyphs left to right as drawn, its word spaces the drawn ones."""
    glyphs = [c for c in row if c.text != " " and 0 <= c.char < len(objects) and objects[c.char] >= 0]
    if not glyphs:
        return row
    glyphs.sort(key=lambda c: (objects[c.char], c.pen))  # within one object: by pen
    runs: list[list[Cluster]] = []
    leftmost = 0.0
    for cluster in glyphs:
        if not runs or cluster.pen < leftmost - RUN_BACKSTEP * cluster.em:
            runs.append([])
            leftmost = cluster.pen
        runs[-1].append(cluster)
        leftmost = min(leftmost, cluster.pen)
    runs.sort(key=lambda run: min(c.pen for c in run))
    ordered = [c for run in runs for c in run]
    base = statistics.median(c.base for c in ordered)
    em = statistics.median(c.em for c in ordered)
    for space in sorted((s for s in spaces if abs(s.y - base) < ON_ROW * em), key=lambda s: s.x):
        ordered.insert(_place(ordered, space.x - PEN_SLACK * em), _cluster(space, em))
    return ordered


def _place(ordered: list[Cluster], x: float) -> int:
    """The first position from which on every glyph (and space) stands right of x."""
    position = len(ordered)
    for i in range(len(ordered) - 1, -1, -1):
        if ordered[i].pen < x:
            break
        position = i
    return position


def _cluster(space: DrawnSpace, em: float) -> Cluster:
    end = space.x + space.width
    return Cluster(" ", space.x, end, space.y, em, False, -1, proper=True, ink=(space.x + end) / 2, pen=space.x)
