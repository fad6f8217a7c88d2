"""Footnotes in a real PDF (LibreOffice, notes set at each page's foot) in three scripts, and in
a DOCX (python-docx reads no notes: indexer/extract/docx_notes.py): every
numbered paragraph is one statement, whole, even the one a page break and the notes cut in
two; every note is a statement of its own labelled "[n]"; the reference marks are superscripts
in the text (indexer/extract/notes.py). Before, the notes were glued to the paragraph above
them and the paragraph's second half was a statement of its own."""

from __future__ import annotations

import pytest

from search.plan import plan_statements
from tests.support.footnotes import NOTE_AT, NOTED, PARAGRAPHS, footnoted, plain, plan
from tests.support.libreoffice import soffice

pytestmark = [pytest.mark.slow, pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")]

CELLS = [
    *((lang, "pdf", 1) for lang in ("ar", "en", "zh")),
    ("en", "pdf", 2),
    ("ar", "pdf", 2),
    ("en", "docx", 1),
    ("ar", "docx", 1),
]


@pytest.mark.parametrize(("lang", "to", "columns"), CELLS)
def test_footnotes_are_statements_of_their_own_and_cut_no_paragraph(lang, to, columns, tmp_path):
    """On pages of two columns each column's foot holds its notes, a paragraph runs on from one
    column to the next, and a long note is carried over to the next page."""
    paragraphs, notes = plan(lang)
    statements = plan_statements(
        footnoted(tmp_path, f"plan_{lang}", lang, paragraphs, notes, to, columns), use_ocr=False
    )
    body = [s for s in statements if not s.label.startswith("[")]
    found = [s for s in statements if s.label.startswith("[")]
    assert [s.label for s in body] == [str(n) for n in range(1, PARAGRAPHS + 1)], [s.text[:60] for s in statements]
    for s, expected in zip(body, paragraphs):
        assert plain(s.text) == plain(expected.replace(NOTE_AT, "")), s.text
    for s, n in zip(body, range(1, PARAGRAPHS + 1)):
        if n in NOTED:  # the reference, a superscript after the sentence it qualifies
            assert str(NOTED.index(n) + 1).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) in s.text, s.text
    assert [s.label for s in found] == [f"[{i}]" for i in range(1, len(notes) + 1)]
    assert [plain(s.text) for s in found] == [plain(n) for n in notes]
    if to == "pdf":  # notes on more than one page: a paragraph ran on past them
        assert len({s.page for s in found}) >= 2


def test_notes_above_a_running_footer_are_notes(tmp_path):
    """A page's running footer (in type of its own) under the notes: the notes are still read
    as notes, and the footer stays at the page's edge, where running footers are dropped."""
    paragraphs, notes = plan("en")
    pdf = footnoted(tmp_path, "plan_footer", "en", paragraphs, notes, footer="Housing Plan 2030 – City of Port Amara")
    statements = plan_statements(pdf, use_ocr=False)
    found = [s for s in statements if s.label.startswith("[")]
    assert [plain(s.text) for s in found] == [plain(n) for n in notes]
    assert not any("HousingStrategy" in plain(s.text) for s in statements if not s.label.startswith("["))


def test_a_docx_whose_notes_part_is_damaged_is_read_without_its_notes(tmp_path):
    """Bad input: a DOCX whose footnotes part is not well-formed XML (cut short). Its text is
    read, every paragraph whole, and a warning says the notes were left out; before, it failed."""
    import warnings
    import zipfile

    from indexer.errors import PageQualityWarning

    paragraphs, notes = plan("en")
    good = footnoted(tmp_path, "plan_good", "en", paragraphs, notes, "docx")
    bad = tmp_path / "plan_bad.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/footnotes.xml" else data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        statements = plan_statements(bad, use_ocr=False)
    assert any(issubclass(w.category, PageQualityWarning) and "footnotes" in str(w.message) for w in caught)
    assert [plain(s.text) for s in statements] == [plain(p.replace(NOTE_AT, "")) for p in paragraphs]
