"""Ruled tables read row by row (indexer/extract/tables.py): a plan's table of targets, written in
Word's "Table Grid" style and printed to PDF by LibreOffice, in English, Chinese and Arabic. Each
row is one paragraph, its cells joined by " | "; a cell's wrapped words stay in their cell; the
last row is no heading of the text after the table. Before tables.py (0df3d93) the header ran into the first
row, a wrapped cell's last word was a paragraph of its own, and the last row (or that word) was
taken for a heading that named the section of every unit after it."""

from __future__ import annotations

import pytest

from tests.support.libreoffice import office_pdf, soffice
from tests.support.tables import table_html, table_texts, word_table_docx


@pytest.mark.slow
@pytest.mark.parametrize(
    "lang, route, wrapped", [("en", "word", False), ("zh", "word", True), ("ar", "word", True), ("ru", "html", True)]
)
def test_a_ruled_table_is_read_row_by_row(tmp_path, lang, route, wrapped):
    from indexer.extract.load import load_document
    from indexer.structure.units import chunk_document
    from search.pdfs import html_to_pdf

    if soffice() is None:
        pytest.skip("LibreOffice is not installed (make system-deps)")
    before, rows, after = table_texts(lang, wrapped)
    name = f"table-{lang}"
    pdf = (
        office_pdf(word_table_docx(tmp_path, name, lang, wrapped))
        if route == "word"
        else html_to_pdf(table_html(tmp_path, name, lang, wrapped))
    )
    units = chunk_document(load_document(pdf, use_ocr=False))
    assert [u.text for u in units] == [before, *(" | ".join(row) for row in rows), after]
    assert all(not u.section for u in units), [u.section for u in units]


class _Path:
    def __init__(self, left, bottom, right, top):
        self.bounds = (left, bottom, right, top)

    def get_bounds(self):
        return self.bounds


class _Page:
    """A page's path objects, as PDFium gives them (pypdfium2's get_objects)."""

    def __init__(self, paths):
        self.paths = [_Path(*p) for p in paths]

    def get_objects(self, filter=None, max_depth=2):
        return iter(self.paths)


def _rules(xs, ys):
    """A grid's ruling lines: a horizontal rule at each y across the xs, a vertical at each x."""
    return [(xs[0], y - 0.5, xs[-1], y + 0.5) for y in ys] + [(x - 0.5, ys[-1], x + 0.5, ys[0]) for x in xs]


def test_ruling_lines_make_grids_and_a_framed_two_column_page_is_none():
    from indexer.extract.tables import ruled_grids

    table = _rules([85.0, 229.0, 373.0, 517.0], [355.0, 339.5, 324.0, 293.5])
    (grid,) = ruled_grids(_Page(table))
    assert grid.xs == (85.0, 229.0, 373.0, 517.0) and grid.ys == (355.0, 339.5, 324.0, 293.5)
    assert grid.cell(300.0, 330.0) == (1, 1)
    # two tables one above the other, text between them, of one width: two grids
    lower = _rules([85.0, 229.0, 373.0, 517.0], [200.0, 180.0, 160.0])
    assert [len(g.ys) for g in ruled_grids(_Page(table + lower))] == [4, 3]
    # a frame around the page and a rule between its two columns: one "row", no table
    assert ruled_grids(_Page(_rules([56.0, 298.0, 540.0], [800.0, 40.0]))) == []
    # a header cell merged across the last two columns: no rule inside it, its words one cell's
    merged = [r for r in table if not (372.0 < r[0] < 374.0 and r[3] > 340.0)]
    merged += [(372.5, 293.5, 373.5, 339.5)]  # the rule between those columns below the header only
    (grid,) = ruled_grids(_Page(merged))
    assert grid.cell(300.0, 345.0) == grid.cell(450.0, 345.0) == (0, 1)
    assert grid.cell(450.0, 330.0) == (1, 2)
    # a page of more paths than MAX_OBJECTS (a vector map): not searched, however ruled
    from indexer.extract import tables

    assert ruled_grids(_Page(table + [(0.0, 0.0, 0.1, 0.1)] * tables.MAX_OBJECTS)) == []
    # a rule under a running header, a box around a note: no table
    assert ruled_grids(_Page([(56.0, 770.0, 540.0, 771.0), *_rules([100.0, 400.0], [500.0, 450.0])])) == []
