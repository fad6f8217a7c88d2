"""Paragraphs of a page read without glyph positions (pypdf's reading of a page with unmapped
glyphs, plain text, OCR): indexer/extract/pages.paragraphs joins wrapped lines and breaks
before a heading that follows a paragraph as wide as the page."""

from __future__ import annotations

import pytest

from indexer.extract.pages import paragraphs

WIDE_ZH = "描述团队的共同目标，有利于团队成员理解目标并朝着目标努力。"
WIDE_EN = "The water network reaches every household of the old town and the new districts."


@pytest.mark.parametrize(
    "lines, expected",
    [
        # a heading after a one-line paragraph as wide as the page (an unmapped emoji before it)
        ([WIDE_ZH, "\ufffd\ufffd 知识库简介", "介绍知识库的主要内容、面向的群体。"], 3),
        ([WIDE_EN, "Housing", "Rents are capped at a quarter of income."], 3),
        # a wrapped paragraph's last words end its sentence: one paragraph
        ([WIDE_EN, "By 2030 every school is connected too."], 1),
        ([WIDE_ZH, "到2030年全部完成。"], 1),
        # a wide line that ends no sentence wraps into the next, however short
        (["The plan covers housing, transport, water and energy for all the", "residents"], 1),
    ],
)
def test_headings_and_wrapped_lines(lines, expected):
    found = paragraphs(lines)
    assert len(found) == expected, found
    if expected == 3:
        assert found[1] == lines[1]  # the heading stands alone
