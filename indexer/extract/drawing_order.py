"""A Nastaliq row read in the order its glyphs were drawn, with the spaces that were drawn.

A cascading word's letters overlap and step back and forth (cascade.py), so no position
orders them: sorted by pen position, "مختص" reads "خمتص". The content stream does: a
producer shapes each run of one direction and draws its glyphs left to right, runs one
after another. So a row is put in content-stream order (PDFium ties each character to the
text object that drew it, one per show-text operation), cut into runs where the pen jumps
left of all the run has drawn so far, and the runs are laid left to right. Word spaces are
the space glyphs the page draws (drawn.py), each at its own place in the stream: PDFium
moves some of them into words or replaces them with guesses. A letter drawn in two pieces
inside one ActualText span is read once.
"""

from __future__ import annotations

import bisect
import ctypes
import statistics
from collections import Counter
from dataclasses import dataclass

from indexer.extract.cascade import ARABIC_LETTER
from indexer.extract.drawn import DrawnSpace, DrawnText
from indexer.extract.glyphs import Cluster

RUN_BACKSTEP = 0.3  # em: a pen this far left of all its run has drawn starts a new run
ON_ROW = 0.5  # em: a drawn space this close to a row's baseline belongs to it
PEN_SLACK = 0.05  # em


@dataclass(frozen=True)
class TextObjects:
    of_char: tuple[int, ...]  # per character of the text page: its text object (-1: made up by PDFium)
    count: int  # text objects on the page

    def drawn_by(self, cluster: Cluster) -> int:
        return self.of_char[cluster.char] if 0 <= cluster.char < len(self.of_char) else -1


def text_objects(textpage) -> TextObjects:
    """Which text object (counted in content-stream order) drew each character."""
    import pypdfium2.raw as raw

    page = textpage.page.raw
    ordinal = {}
    for k in range(raw.FPDFPage_CountObjects(page)):
        handle = raw.FPDFPage_GetObject(page, k)
        if raw.FPDFPageObj_GetType(handle) == raw.FPDF_PAGEOBJ_TEXT:
            ordinal[ctypes.cast(handle, ctypes.c_void_p).value] = len(ordinal)
    chars = textpage.raw
    return TextObjects(
        tuple(
            ordinal.get(ctypes.cast(raw.FPDFText_GetTextObject(chars, i), ctypes.c_void_p).value, -1)
            for i in range(raw.FPDFText_CountChars(chars))
        ),
        len(ordinal),
    )


def in_drawing_order(row: list[Cluster], objects: TextObjects, drawn: DrawnText) -> list[Cluster]:
    """-> the row's glyphs left to right as drawn, its word spaces the drawn ones."""

    drawn_by = objects.drawn_by
    in_stream = objects.count == len(drawn.spans)
    glyphs = sorted(
        (c for c in row if c.text != " " and drawn_by(c) >= 0),
        key=lambda c: (drawn_by(c), c.pen),
    )  # within one object: by pen
    if not glyphs:
        return row
    base = statistics.median(c.base for c in glyphs)
    em = statistics.median(c.em for c in glyphs)
    mine = sorted((s for s in drawn.spaces if abs(s.y - base) < ON_ROW * em), key=lambda s: (s.operation, s.x))
    runs = _runs(glyphs)
    # spaces take their place in the stream where the operations are PDFium's text objects;
    # an operation that draws several spaces and no letter (LibreOffice draws a line's spaces
    # so when its font lacks them) has no place in the stream: those go by position
    loose = mine
    if in_stream:
        runs = [_pieces_read_once(run, drawn_by, drawn.spans) for run in runs]
        per_operation = Counter(s.operation for s in mine)
        with_letters = {drawn_by(c) for c in glyphs}
        loose = [s for s in mine if s.operation not in with_letters and per_operation[s.operation] > 1]
        _insert_in_stream(runs, [s for s in mine if s not in loose], drawn_by, em)
    ordered = [c for run in sorted(runs, key=_leftmost) for c in run]
    for space in sorted(loose, key=lambda s: s.x):
        ordered.insert(_place(ordered, space.x - PEN_SLACK * em), _cluster(space, em))
    return ordered


def _runs(drawn_order: list[Cluster]) -> list[list[Cluster]]:
    """Runs of glyphs drawn one after another: a new one where the pen jumps left of all
    the run has drawn, or where Arabic letters give way to digits, Latin or punctuation
    (and back). Only Arabic letters cascade; the rest are read by their pen, because a
    producer may draw them in their own order (LibreOffice draws the label "1." of a
    right-to-left list item as "1", then "." to its left)."""
    runs: list[list[Cluster]] = []
    leftmost = 0.0
    for cluster in drawn_order:
        cascades = _cascades(cluster)
        if not runs or cluster.pen < leftmost - RUN_BACKSTEP * cluster.em or cascades != _cascades(runs[-1][-1]):
            runs.append([])
            leftmost = cluster.pen
        runs[-1].append(cluster)
        leftmost = min(leftmost, cluster.pen)
    # a character drawn apart inside a word of such a run (LibreOffice's hyphen in "UN-Habitat")
    plain = [run for run in runs if not _cascades(run[0])]
    for run in plain:
        host = next((h for h in plain if h is not run and h and _within(run, h)), None)
        if host is not None:
            host.extend(run)
            run.clear()
    return [run if _cascades(run[0]) else sorted(run, key=lambda c: c.pen) for run in runs if run]


def _within(run: list[Cluster], host: list[Cluster]) -> bool:
    return min(c.pen for c in host) < min(c.pen for c in run) and max(c.pen for c in run) < max(c.pen for c in host)


def _cascades(cluster: Cluster) -> bool:
    return not cluster.text or bool(ARABIC_LETTER.match(cluster.text))


def _leftmost(run: list[Cluster]) -> float:
    return min(c.pen for c in run if c.text != " ")


def _insert_in_stream(runs: list[list[Cluster]], spaces: list[DrawnSpace], drawn_by, em: float) -> None:
    """Each space goes where the stream draws it: between the two glyphs drawn before and
    after it. Where those are in different runs (a space between a word and a number), it
    ends the run before or starts the run after, whichever it stands nearer to."""
    where = [(drawn_by(c), c.pen, r, i) for r, run in enumerate(runs) for i, c in enumerate(run)]
    where.sort(key=lambda w: (w[0], w[1]))
    keys = [(w[0], w[1]) for w in where]
    placed: list[tuple[int, int, Cluster]] = []  # run, position in the run before any insertion
    for space in spaces:
        k = bisect.bisect_left(keys, (space.operation, space.x))
        before, after = (where[k - 1] if k else None), (where[k] if k < len(where) else None)
        if before and after and before[2] == after[2]:
            run, position = after[2], after[3]
        elif before and (not after or _distance(runs[before[2]], space.x) <= _distance(runs[after[2]], space.x)):
            run, position = before[2], len(runs[before[2]])
        else:
            run, position = after[2], 0
        placed.append((run, position, _cluster(space, em)))
    for run, position, cluster in sorted(placed, key=lambda p: (p[0], -p[1])):
        runs[run].insert(position, cluster)


def _distance(run: list[Cluster], x: float) -> float:
    pens = [c.pen for c in run]
    return max(min(pens) - x, x - max(c.x1 for c in run), 0.0)


def _pieces_read_once(run: list[Cluster], drawn_by, spans: tuple[int, ...]) -> list[Cluster]:
    out: list[Cluster] = []
    for cluster in run:
        span = spans[drawn_by(cluster)]
        last = out[-1] if out else None
        if span >= 0 and last is not None and last.text == cluster.text and spans[drawn_by(last)] == span:
            last.x0, last.x1 = min(last.x0, cluster.x0), max(last.x1, cluster.x1)
            continue
        out.append(cluster)
    return out


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
