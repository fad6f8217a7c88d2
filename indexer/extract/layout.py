"""Page text rebuilt from glyph positions (PDFium's character boxes), not from the order in
which a producer happened to write its text objects.

    glyphs -> clusters (one drawn glyph; its characters, marks on their base letter)
           -> rows (one baseline; Nastaliq: see cascade.py) -> columns (a gutter that runs down the page)
           -> lines (row_line.py: visual order -> reading order; spaces from gaps: word_spaces.py)
           -> paragraphs (line gaps, font changes, a line that ends short of the column edge)

A glyph that maps to several characters (lam-alef, a Devanagari syllable) is one cluster whose
characters keep their order. Returns None for pages it should not judge (rotated text).
"""

from __future__ import annotations

import functools
import statistics
from dataclasses import replace

from indexer.extract.bidi import cell_class, is_rtl_line
from indexer.extract.cascade import cascade_rows, is_cascading, rows_by_stream
from indexer.extract.columns import columns
from indexer.extract.drawing_order import in_drawing_order, text_objects
from indexer.extract.glyphs import Cluster, glyph_rows, to_clusters
from indexer.extract.hangul import sets_autospace
from indexer.extract.kashida import drop_unmapped, suspects
from indexer.extract.normalize import join_pair
from indexer.extract.notes import raise_marks
from indexer.extract.paragraphs import Line, PageReading, read_page
from indexer.extract.row_line import row_line
from indexer.extract.tables import Grid, rows_apart, ruled_grids
from indexer.extract.unmapped import place_bodies, unmapped_boxes


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


def _rtl_page(rows: list[list[Cluster]]) -> bool:
    """Whether most rows with letters read right to left. Rows of nothing but spaces (LibreOffice
    draws some Arabic lines' spaces off their baseline) have no direction and do not vote."""
    lettered = [row for row in rows if any(cell_class(c.text) in ("R", "L") for c in row)]
    return sum(is_rtl_line([c.text for c in row]) for row in lettered) * 2 > len(lettered)


def page_layout(textpage, drawn_text=None, gutter_hint: float | None = None) -> PageReading | None:
    """The page's text (paragraphs separated by blank lines, in reading order), whether it
    runs on to the next page and where its columns part; None for rotated text.
    `gutter_hint`: where the page before's columns parted (columns.gutter_x).
    `drawn_text()`, where given, reads the space glyphs the page draws (drawn.py): a
    Nastaliq page is then read in drawing order (drawing_order.py)."""
    glyphs = glyph_rows(textpage)
    if not glyphs:
        return PageReading("", False)
    rotated = sum(1 for g in glyphs if 0.05 < g[9] < 6.23)
    if rotated > 0.3 * len(glyphs):
        return None
    found = to_clusters(glyphs)
    if not found:
        return PageReading("", False)
    place_bodies(found, unmapped_boxes(textpage, found))
    cascading = is_cascading(found)
    grids, cells = [], {}
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
        raise_marks(found)
        grids = _ruled_grids(textpage)
        found, cells = _cells_apart(found, grids)
        rows = _rows(found)
    rtl_page = _rtl_page(rows)
    autospace = sets_autospace(found)
    column_blocks, gutter = columns(rows, rtl_page, gutter_hint)
    blocks = [
        [line for line in (row_line(row, rtl_page, cascading, autospace) for row in block) if line.text]
        for block in column_blocks
    ]
    if grids:
        blocks = rows_apart(blocks, grids, _table_rows(grids, cells, rtl_page, autospace))
    return replace(read_page(blocks, cascading), gutter=gutter)


def _ruled_grids(textpage) -> list[Grid]:
    page = getattr(textpage, "page", None)
    try:
        return ruled_grids(page) if page is not None else []
    except Exception:  # noqa: BLE001 - a page whose drawing cannot be read is read without its tables
        return []


def _cells_apart(clusters: list[Cluster], grids: list[Grid]) -> tuple[list[Cluster], dict]:
    """The clusters outside every table, and those inside: (grid, row, column) -> clusters."""
    outside, cells = [], {}
    for cluster in clusters:
        x = (cluster.x0 + cluster.x1) / 2
        n = next((n for n, grid in enumerate(grids) if grid.holds(x, cluster.base)), None)
        if n is None:
            outside.append(cluster)
        else:
            cells.setdefault((n, *grids[n].cell(x, cluster.base)), []).append(cluster)
    return outside, cells


def _table_rows(grids: list[Grid], cells: dict, rtl_page: bool, autospace: bool) -> dict[int, list[Line]]:
    """Each table's rows as Lines, top to bottom: a row's cells in reading order, each cell's
    lines joined as a paragraph's are, the cells joined by " | " (as the DOCX reader joins them).
    A table reads right to left when most of its own rows do (a page may be nothing but a table)."""
    out: dict[int, list[Line]] = {}
    for n, grid in enumerate(grids):
        own = [cluster for (m, _, _), found in cells.items() if m == n for cluster in found]
        rtl = _rtl_page(_rows(own)) if own else rtl_page
        for r in range(len(grid.ys) - 1):
            columns_ = range(len(grid.xs) - 1)
            texts, found = [], []
            for c in reversed(columns_) if rtl else columns_:
                lines = [row_line(row, rtl, False, autospace) for row in _rows(cells.get((n, r, c), []))]
                text = functools.reduce(join_pair, [line.text for line in lines if line.text], "")
                texts += [text] if text else []
                found += cells.get((n, r, c), [])
            if texts:
                top = max(cluster.base for cluster in found)
                em = statistics.median(cluster.em for cluster in found)
                row = Line(" | ".join(texts), grid.xs[0], grid.xs[-1], top, em, False, rtl, 0.0, table_row=True)
                out.setdefault(n, []).append(row)
    return out
