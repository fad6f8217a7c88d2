"""Ruled tables read row by row (indexer/extract/tables.py): a plan's table of targets, written in
Word's "Table Grid" style and printed to PDF by LibreOffice, in English, Chinese and Arabic. Each
row is one paragraph, its cells joined by " | "; a cell's wrapped words stay in their cell; the
last row is no heading of the text after the table. Before tables.py (0df3d93) the header ran into the first
row, a wrapped cell's last word was a paragraph of its own, and the last row (or that word) was
taken for a heading that named the section of every unit after it."""

from __future__ import annotations

import subprocess

import pytest

from tests.support.libreoffice import soffice

TEXTS = {
    "en": (
        "The city will deliver 12,000 new homes by 2035, a third of them affordable to the lowest incomes.",
        [["Indicator", "Baseline 2024", "Target 2035"], ["Affordable homes built", "1,200", "12,000"],
         ["Households in informal settlements", "8,400", "2,000"]],
        "The housing department reports progress to the council every year.",
    ),
    "zh": (
        "到2035年，全市新增住房12000套，其中保障性住房不少于三分之一。",
        [["指标", "2024年基期值", "2035年目标值"], ["保障性住房建成套数", "1200", "12000"], ["城中村居住户数", "8400", "2000"]],
        "市住房和城乡建设局每年向市人民政府报告实施进展。",
    ),
    "ar": (
        "ستوفر المدينة 12000 مسكن جديد بحلول عام 2035، على أن يكون ثلثها على الأقل ميسور التكلفة.",
        [["المؤشر", "خط الأساس 2024", "الهدف 2035"], ["المساكن الميسورة المنجزة", "1200", "12000"],
         ["الأسر في المناطق غير الرسمية", "8400", "2000"]],
        "تقدم إدارة الإسكان تقريرًا سنويًا إلى المجلس البلدي.",
    ),
}  # fmt: skip


def _word_table_pdf(folder, lang: str):
    import docx
    from docx.oxml.parser import OxmlElement
    from docx.shared import Cm

    before, rows, after = TEXTS[lang]
    document = docx.Document()
    paragraphs = [document.add_paragraph(before)]
    table = document.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    if lang == "ar":  # an Arabic table is laid out right to left: its first column on the right
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).width = Cm(4.5)
            table.cell(r, c).text = text
    paragraphs.append(document.add_paragraph(after))
    for paragraph in paragraphs if lang == "ar" else []:  # right to left, as an Arabic plan sets them
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        for run in paragraph.runs:
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
    document.save(folder / f"table-{lang}.docx")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(folder / f"table-{lang}.docx")],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"table-{lang}.pdf"


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(TEXTS))
def test_a_ruled_table_is_read_row_by_row(tmp_path, lang):
    from indexer.extract.load import load_document
    from indexer.structure.units import chunk_document

    if soffice() is None:
        pytest.skip("LibreOffice is not installed (make system-deps)")
    before, rows, after = TEXTS[lang]
    units = chunk_document(load_document(_word_table_pdf(tmp_path, lang), use_ocr=False))
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
    # a rule under a running header, a box around a note: no table
    assert ruled_grids(_Page([(56.0, 770.0, 540.0, 771.0), *_rules([100.0, 400.0], [500.0, 450.0])])) == []
