"""A running header or footer set inside one column of a two-column page, as close as the
text's lines: read as that column's first or last line, it would join the paragraph beside it
and hide the paragraph the column's foot cut (columns.cut_at_foot). It is read as a row of its
own instead, before or after the columns (outside_rows), and read_page puts one under the
columns at the page's edge (under_columns), where furniture.py finds it."""

from __future__ import annotations

import statistics

from indexer.extract.bidi import to_logical
from indexer.extract.glyphs import Cluster
from indexer.extract.normalize import ends_sentence
from indexer.structure.labels import match_label

FOOT_LINES = 2  # short lines after a page's text (before it): a running footer (header), a page number
BEYOND_EMS = 0.8  # past the other column's first (last) line: a row of its own, not a taller glyph
FULL = 0.9  # of its column's width: a wrapped line of text
OWN_TYPE = 0.03  # a size this much apart from the column's text: a header's or footer's own style
BODY_ROWS = 3  # rows with text in both columns: a page of two columns, not a table's few rows


def outside_rows(band: list[tuple[list[Cluster], list[Cluster]]], top: bool) -> int:
    """How many of a two-column band's rows (left part, right part; top first) at its top (or
    bottom) stand outside the columns: at most FOOT_LINES rows with text in one column only,
    beyond the other column's first (last) line, in type of another size than the column's, that
    neither fill their column nor end a sentence (a wrapped line or the last line of a paragraph)
    and carry a number (a page's, a year's, a document's: a running header or footer names one)
    but open with no label (the first line of a numbered paragraph). A header or footer in the
    text's own type, as close as its lines, is not told from a longer column's last line here:
    furniture.py finds it where it recurs at the page's edge."""
    edge_first = band if top else band[::-1]
    both = [k for k, (left, right) in enumerate(edge_first) if _letters(left) and _letters(right)]
    if len(both) < BODY_ROWS:
        return 0
    widths = [_width([c for row in band for c in row[k]]) for k in (0, 1)]
    count = 0
    for left, right in edge_first[: min(both[0], FOOT_LINES)]:
        if _letters(left) == _letters(right):
            break
        side = 0 if _letters(left) else 1
        part = left if side == 0 else right
        text = "".join(to_logical([c.text for c in part if c.text])).strip()
        other = [row[1 - side] for row in edge_first if _letters(row[1 - side])]
        em = statistics.median(c.em for c in part if c.text.strip())
        column_em = statistics.median(c.em for row in band for c in row[side] if c.text.strip())
        beyond = (_base(part) - _base(other[0])) if top else (_base(other[0]) - _base(part))
        if _width(part) >= FULL * widths[side] or ends_sentence(text) or beyond < BEYOND_EMS * em:
            break
        if abs(em - column_em) < OWN_TYPE * column_em:
            break  # in the column's own type: the last line of its paragraph (a balanced last page)
        if not any(ch.isdigit() for ch in text) or match_label(text) is not None:
            break  # no page's or year's number; a numbered paragraph's first line
        count += 1
    return count


def under_columns(blocks: list[list]) -> tuple[list[list], list]:
    """A page's blocks (of paragraphs.Line rows) without the one-line blocks under its columns
    (a running footer or a page number that outside_rows set apart, or that runs across the
    gutter), and those lines: they are no column's text, and the columns' foot is above them."""
    end = len(blocks)
    while (
        end > 1
        and len(blocks) - end < FOOT_LINES
        and len(blocks[end - 1]) == 1
        and _under(blocks[end - 1][0], blocks[: end - 1])
    ):
        end -= 1
    if end == len(blocks) or len(blocks[end - 1]) == 1:
        return blocks, []
    width = max(line.x1 for block in blocks for line in block) - min(line.x0 for block in blocks for line in block)
    edge = [block[0] for block in blocks[end:]]
    if any(line.x1 - line.x0 > 0.5 * width for line in edge):
        return blocks, []  # a line of text across the page
    return blocks[:end], edge


def _under(line, blocks: list[list]) -> bool:
    """Whether `line` is set below every line of `blocks` (not a second column of one line)."""
    return all(line.base < other.base - 0.5 * other.em for block in blocks for other in block)


def _letters(part: list[Cluster]) -> bool:
    return any(c.text.strip() for c in part)


def _width(part: list[Cluster]) -> float:
    return max(c.x1 for c in part) - min(c.x0 for c in part) if part else 0.0


def _base(row: list[Cluster]) -> float:
    return statistics.median(c.base for c in row if c.text.strip())
