"""Rows -> blocks in reading order: a gutter that runs down the page splits two columns; a
paragraph cut at a column's foot is read on at the next column's top (cut_at_foot, paragraphs.py),
and one cut at the page's foot at the next page's top (ends_cut, indexer/structure/units.py)."""

from __future__ import annotations

import statistics

import numpy as np

from indexer.extract.column_edges import FOOT_LINES, outside_rows
from indexer.extract.glyphs import Cluster, carries_marks
from indexer.extract.normalize import ends_sentence
from indexer.structure.labels import match_label

GUTTER_GAP = 0.6  # em: letters closer than this on either side of the gutter are one line
FOOT_EMS = 1.6  # a column's last line this far above the page text's foot still ends the column


def gutter_x(rows: list[list[Cluster]], hint: float | None = None) -> float | None:
    """The x of a gap that runs down the page between two columns of text, if there is one.
    Where the page before had its gutter at `hint`, a gap there needs only one row beside it
    (a last page whose second column holds the last lines of the text)."""
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
    beside = max(3, 0.2 * len(rows))
    near_hint = -1 if hint is None else int((hint - lo) / step)
    for k in range(width + 1):
        near = abs(k - near_hint) * step < em
        free = (
            k < width
            # where the page before parted its columns, one row may cross (a running header over
            # a last page whose text ends in the first column)
            and covered[k] <= max(0.1 * len(rows), 1 if near else 0)
            and 0.15 < k / width < 0.85
            and min(left_of[k], right_of[k]) >= (1 if near else beside)
        )
        if free and start is None:
            start = k
        elif not free and start is not None:
            if (k - start) * step >= 0.5 * em and (best is None or k - start > best[1] - best[0]):
                best = (start, k)
            start = None
    if best is None:
        return None
    x = lo + (best[0] + best[1]) / 2 * step
    return x if min(left_of[best[0]], right_of[best[0]]) >= beside or _short_column_on_top(rows, x) else None


def _short_column_on_top(rows: list[list[Cluster]], x: float) -> bool:
    """Whether the rows with text on the less-used side of `x` are at the page's top: from its
    first rows down to no further than halfway (the last lines of a text in a column of their
    own; a table's column of figures runs down the page)."""
    right = [i for i, row in enumerate(rows) if row[-1].x1 > x]
    left = [i for i, row in enumerate(rows) if row[0].x0 < x]
    few = min(right, left, key=len)
    return bool(few) and few[0] <= 2 and few[-1] < len(rows) / 2


def columns(
    rows: list[list[Cluster]], rtl_page: bool, hint: float | None = None
) -> tuple[list[list[list[Cluster]]], float | None]:
    """Rows -> blocks of rows in reading order: full-width bands, and two-column bands
    read one column after the other; and the gutter's x (gutter_x, `hint` the page before's)."""
    gutter = gutter_x(rows, hint)
    if gutter is None:
        return [rows], None
    blocks: list[list[list[Cluster]]] = []
    band: list[tuple[list[Cluster], list[Cluster]]] = []

    def flush(at_bottom: bool):
        if band:
            top = outside_rows(band, top=True) if not blocks else 0
            bottom = outside_rows(band, top=False) if at_bottom else 0
            blocks.extend([lft + rgt] for lft, rgt in band[:top])
            inside = band[top : len(band) - bottom]
            left = _fold_stray_marks([lft for lft, _ in inside if lft])
            right = _fold_stray_marks([rgt for _, rgt in inside if rgt])
            blocks.extend([b for b in ((right, left) if rtl_page else (left, right)) if b])
            blocks.extend([lft + rgt] for lft, rgt in band[len(band) - bottom :])
            band.clear()

    for row in rows:
        if spans(row, gutter):
            flush(at_bottom=False)
            blocks.append([row])
        else:
            band.append(([c for c in row if c.x0 + c.x1 < 2 * gutter], [c for c in row if c.x0 + c.x1 >= 2 * gutter]))
    flush(at_bottom=True)
    return blocks, gutter


def _fold_stray_marks(rows: list[list[Cluster]]) -> list[list[Cluster]]:
    """A column's part of a row made only of mark glyphs that carry their letters' text
    (Chromium draws an Arabic line's marks after its letters, raised or lowered) goes back to
    the nearest line of its own column: the other column's baseline was nearer to it."""

    def stray(row: list[Cluster]) -> bool:
        letters = [c for c in row if c.text.strip()]
        return bool(letters) and all(carries_marks(c) for c in letters)

    def base(row: list[Cluster]) -> float:
        # a column's part of a row may hold only a space PDFium guessed: its own baseline then
        return statistics.median([c.base for c in row if c.text.strip()] or [c.base for c in row])

    # decided once, before any row takes marks in (a row of guessed spaces that takes them
    # in must not then count as stray and take itself in)
    strays = [stray(row) for row in rows]
    lines = [row for row, is_stray in zip(rows, strays) if not is_stray]
    for row, is_stray in zip(rows, strays):
        if lines and is_stray:
            host = min(lines, key=lambda line: abs(base(line) - base(row)))
            if abs(base(host) - base(row)) < max(c.em for c in row):
                host.extend(row)
                host.sort(key=lambda c: (c.x0 + c.x1) / 2)
                continue
            lines.append(row)
    return sorted(lines, key=lambda row: -base(row)) if len(lines) < len(rows) else rows


def spans(row: list[Cluster], gutter: float) -> bool:
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


def cut_at_foot(paras: list[list], text: str, foot: float | None, following=None) -> bool:
    """Whether a block's last paragraph (`paras`: the block's paragraphs of paragraphs.Line rows;
    `text` the last one's) was cut by the column's foot, to be read on at the next column's top
    (`following`, its first line): it ends no sentence, at the foot of the page's text (a line
    above it at most: the columns' paragraph spacing differs), and is a wrapped paragraph of two
    lines or more whose last line, set where its lines start, fills the column, or (ragged text)
    leaves no more room than most of the column's wrapped lines leave, or no room for the next
    column's first word. A table's cells, one line each, ending short or above the foot, are not."""
    para = paras[-1]
    last = para[-1]
    if len(para) < 2 or ends_sentence(text) or (foot is not None and last.base > foot + FOOT_EMS * last.em):
        return False
    lines = [line for p in paras for line in p]
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    if last.x1 - last.x0 >= 0.9 * (right - left):
        return True
    if abs(_line_start(last) - _start_edge(para)) >= 0.3 * last.em:
        return False
    edge = left if last.rtl else right
    room = _end_room(last, edge)
    rooms = [_end_room(line, edge) for p in paras for line in p[:-1] if line.rtl == last.rtl]
    # the next word did not fit: its width and a space (a third of an em) are more than the room
    no_room = following is not None and following.rtl == last.rtl and room < following.first_word + 0.33 * last.em
    return room <= _wrapped_room(rooms) or no_room


def _start_edge(para: list) -> float:
    """Where a paragraph's lines start (the right, right to left): its first line may be indented."""
    return max(line.x1 for line in para) if para[-1].rtl else min(line.x0 for line in para)


def _line_start(line) -> float:
    return line.x1 if line.rtl else line.x0


def _end_room(line, edge: float) -> float:
    """The room a line leaves at its end, up to `edge` (the left, right to left)."""
    return line.x0 - edge if line.rtl else edge - line.x1


def _wrapped_room(rooms: list[float]) -> float:
    """The room most wrapped lines leave at their end (ragged text: a word that did not fit)."""
    return sorted(rooms)[int(0.9 * (len(rooms) - 1))] if len(rooms) >= 5 else 0.0


def ends_cut(paras: list[list]) -> bool:
    """Whether a page's text (its paragraphs of paragraphs.Line rows, in reading order, without
    its notes) ends in a paragraph the page's foot cut, even where the cut fell after a full
    stop: a last line that leaves no more room at its end than most of the page's wrapped lines
    leave (none in justified text; in ragged text, less than a word that did not fit, where the
    paragraph opens with a label) was wrapped, not ended. At most FOOT_LINES short one-line
    paragraphs may follow it: a running footer, a page number (pages.py drops those)."""
    end = len(paras) - 1
    while end >= 0 and len(paras) - 1 - end < FOOT_LINES and len(paras[end]) == 1:
        end -= 1
    if end < 0 or len(paras[end]) < 2:
        return False
    *wrapped, last = paras[end]
    left, right = min(line.x0 for line in wrapped), max(line.x1 for line in wrapped)
    if any(p[0].x1 - p[0].x0 > 0.5 * (right - left) for p in paras[end + 1 :]):
        return False  # a line after it is text, not a footer
    rtl = last.rtl
    start = _start_edge(paras[end])
    if abs(_line_start(last) - start) >= 0.3 * last.em:
        return False  # not set where its paragraph's lines start
    # the wrapped lines set from the same edge on the page (not another column's)
    aligned = [
        line
        for para in paras[: end + 1]
        for line in para[:-1]
        if line.rtl == rtl and abs(_line_start(line) - start) < 0.3 * line.em
    ]
    if not aligned:
        return False
    edge = min(line.x0 for line in aligned) if rtl else max(line.x1 for line in aligned)
    room = _end_room(last, edge)
    if room < 0.3 * last.em:
        return True  # as full as a justified line
    # ragged text: a last line may be as full as a wrapped one by chance; an unlabelled paragraph
    # at the next page's top then opens a paragraph as often as it goes on with this one, unless
    # this one opened with a label (a numbered plan, whose paragraphs open with theirs)
    rooms = [_end_room(line, edge) for line in aligned]
    return room <= _wrapped_room(rooms) and match_label(paras[end][0].text) is not None
