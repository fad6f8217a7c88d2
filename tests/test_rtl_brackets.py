"""Brackets around Latin runs in right-to-left text, as meant (indexer/extract/brackets.py),
on lines made by hand."""

from indexer.extract.brackets import as_meant, drawn_rtl
from indexer.extract.normalize import join_pair
from indexer.extract.paragraphs import Line, read_page


def test_brackets_as_drawn_are_put_right():
    assert as_meant("المستدامة (SDG 11(.") == "المستدامة (SDG 11)."
    assert as_meant(")PPP(") == "(PPP)"
    assert as_meant("القطاع (PPP) والبلدية (أ)") == "القطاع (PPP) والبلدية (أ)"


def test_a_line_of_latin_in_mirrored_brackets_is_read_right_to_left():
    assert drawn_rtl(list(")PPP("), ["N", "L", "L", "L", "N"])
    assert drawn_rtl(list(".Habitat"), ["N"] + ["L"] * 7)
    assert not drawn_rtl(list("(PPP)"), ["N", "L", "L", "L", "N"])
    assert not drawn_rtl(list(")أ"), ["N", "R"])


def test_an_opening_bracket_at_a_line_end_opens_the_next_line_s_word():
    assert join_pair("الخاص (", "PPP).") == "الخاص (PPP)."
    assert join_pair("see [", "1]") == "see [1]"


def test_a_bracketed_run_wrapped_across_lines_is_put_right_in_its_paragraph():
    lines = [
        Line("الهدف الحادي عشر من أهداف التنمية المستدامة (SDG", 56.0, 533.0, 680.1, 9.0, False, True, 20.0),
        Line("11(.", 518.9, 533.7, 664.4, 9.0, False, True, 14.8),
    ]
    assert read_page([lines]).text == "الهدف الحادي عشر من أهداف التنمية المستدامة (SDG 11)."
