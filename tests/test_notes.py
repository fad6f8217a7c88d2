"""Footnotes (indexer/extract/notes.py) and the units they make (indexer/structure/units.py),
without a PDF: lines and glyph clusters as the layout builds them."""

from __future__ import annotations

from indexer.documents import Document, Page
from indexer.extract.glyphs import Cluster
from indexer.extract.notes import (
    close_up,
    mark_of,
    note_paragraph,
    parse_note,
    raise_marks,
    referenced,
    split_notes,
)
from indexer.extract.paragraphs import Line, read_page
from indexer.structure.flow import document_paragraphs
from indexer.structure.units import chunk_document
from search.versions import label_number


def _line(text: str, base: float, em: float = 11.0) -> Line:
    return Line(text, 50.0, 540.0 if em > 10 else 300.0, base, em, False, False, 20.0)


def test_marks_that_open_a_note_and_numbers_that_do_not():
    assert mark_of("1 See the strategy.") == ("1", 1, 2)
    assert mark_of("2Housing Strategy")[:2] == ("2", 2)
    assert mark_of("¹ Voir la stratégie")[:2] == ("1", 1)
    assert mark_of("③ 见《住房战略》")[:2] == ("3", 3)
    assert mark_of("* Estimate of 2023.")[:2] == ("*", None)
    assert mark_of("١ استراتيجية الإسكان")[:2] == ("1", 1)
    assert mark_of("2024 was the first year.") is None
    assert mark_of("1.5 million homes.") is None
    assert mark_of("Source: census.") is None


def test_a_reference_is_a_raised_mark_and_sits_on_its_word():
    assert referenced("8", "for twenty years.⁸ Each")
    assert not referenced("1", "for twenty years.¹⁰ Each")  # note 10, not note 1
    assert not referenced("1", "in 1 year")
    assert referenced("3", "见③各区")
    assert close_up("上涨幅度。 ¹各区") == "上涨幅度。¹各区"
    assert close_up("twenty years. ⁸ Each") == "twenty years.⁸ Each"


def _cluster(text: str, x: float, base: float, em: float) -> Cluster:
    return Cluster(text, x, x + 0.5 * em, base, em, False, 0)


def test_a_raised_small_digit_is_a_superscript_on_its_word_s_baseline():
    line = [_cluster(ch, 50 + 6 * i, 700.0, 11.0) for i, ch in enumerate("years.")]
    mark = _cluster("7", 86.5, 705.5, 6.4)  # raised by half a line: it would start a row of its own
    other_column = [_cluster(ch, 300 + 6 * i, 706.0, 11.0) for i, ch in enumerate("homes")]
    raise_marks(line + [mark] + other_column)
    assert (mark.text, mark.base) == ("⁷", 700.0)
    # right to left, the word ends on the left: the mark is set before it
    word = [_cluster(ch, 100 + 6 * i, 650.0, 11.0) for i, ch in enumerate("عاما")]
    left = _cluster("3", 96.0, 655.0, 6.4)
    raise_marks(word + [left])
    assert (left.text, left.base) == ("³", 650.0)
    # a digit of the text's own size, one far above the line, or a small one with no word beside it stays
    same = _cluster("7", 86.5, 700.0, 11.0)
    far = _cluster("7", 86.5, 712.0, 6.4)
    alone = _cluster("7", 200.0, 705.5, 6.4)
    raise_marks(line + [same, far, alone])
    assert [c.text for c in (same, far, alone)] == ["7", "7", "7"]


def test_trailing_small_lines_that_open_with_a_referenced_mark_are_notes():
    body = [_line("8. The city will expand social housing near public transport so that", 700.0)]
    notes = [
        _line("1 Housing Strategy 2024, chapter 1; council decision of 12 March", 120.0, 8.0),
        _line("2024, published in the gazette.", 110.0, 8.0),
        _line("2Housing Strategy 2024, chapter 2.", 100.0, 8.0),
    ]
    kept, found, under = split_notes(body + notes, 11.0, "cap rents for twenty years.¹ Each district.² ")
    assert under == []
    assert kept == body
    assert [(mark, [line.text for line in lines]) for mark, lines in found] == [
        ("1", [notes[0].text, notes[1].text]),
        ("2", [notes[2].text]),
    ]
    # the same lines with no reference in the page's text: small print (a table, a source), not notes
    assert split_notes(body + notes, 11.0, "cap rents for twenty years. Each") == (body + notes, [], [])
    # a running footer under the notes (in other type) is kept under them
    footer = _line("Housing Plan 2030 – 3", 60.0, 12.0)
    kept, found, under = split_notes(body + notes + [footer], 11.0, "twenty years.¹ Each district.² ")
    assert kept == body and len(found) == 2 and under == [footer]
    # a page all in small type has no body to be the notes of
    assert split_notes(notes, 8.0, "years.¹")[1] == []


def test_notes_follow_the_page_text_as_markdown_footnotes():
    lines = [
        _line("The city will expand social housing near public transport so that low-income", 700.0),
        _line("households reach jobs.¹ It reserves land for cooperatives in every district and", 686.0),
        _line("caps rents for twenty years, with the council's approval given each year by", 672.0),
        _line("1 Housing Strategy 2024, chapter 1.", 120.0, 8.0),
    ]
    text = read_page([lines]).text
    assert text.split("\n\n")[-1] == "[^1]: Housing Strategy 2024, chapter 1."
    assert parse_note(text.split("\n\n")[-1]) == ("1", "Housing Strategy 2024, chapter 1.")
    assert parse_note(text.split("\n\n")[0]) is None


def test_a_paragraph_runs_on_past_the_notes_of_its_page_and_each_note_is_a_unit():
    pages = (
        Page(
            1,
            "1. The city will build 4,000 homes.¹\n\n2. The city will reserve land for housing cooperatives in\n\n"
            "[^1]: Housing Strategy 2024, chapter 1.\n\n[^2]: Council decision 2024/7.",
            1.0,
        ),
        Page(2, "every district and cap rents for twenty years.²\n\n3. Each district reports every year.", 1.0),
    )
    doc = Document("d", "p.pdf", "Plan", "s", pages, "pdf")
    chunks = chunk_document(doc)
    assert [(c.label, c.text, c.pages) for c in chunks] == [
        ("1", "1. The city will build 4,000 homes.¹", (1,)),
        (
            "2",
            "2. The city will reserve land for housing cooperatives in every district and cap rents for twenty years.²",
            (1,),
        ),
        ("[1]", "Housing Strategy 2024, chapter 1.", (1,)),
        ("[2]", "Council decision 2024/7.", (1,)),
        ("3", "3. Each district reports every year.", (2,)),
    ]
    assert document_paragraphs(doc)[1] == chunks[1].text
    assert label_number("[2]") is None  # a note is no article of a language version


def test_small_print_below_the_text_does_not_set_the_text_s_line_pitch():
    """Lines in smaller type, closer together (notes without a raised reference, a source),
    at the foot of a page: the body's paragraphs are still told apart by the body's pitch."""
    lines, base = [], 760.0
    for paragraph in range(2):
        for n in range(3):
            last = n == 2
            text = f"Paragraph {paragraph} line {n} of the plan's body text, which wraps" + ("." if last else "")
            lines.append(Line(text, 50.0, 300.0 if last else 540.0, base, 11.0, False, False, 30.0))
            base -= 18.7
        base -= 7.1  # the space after a paragraph
    for n in range(6):
        lines.append(
            Line(
                f"Source {n}: the city's housing register, 2024 edition and", 50.0, 540.0, base, 8.0, False, False, 20.0
            )
        )
        base -= 13.7
    paragraphs = read_page([lines]).text.split("\n\n")
    assert paragraphs[0].startswith("Paragraph 0 line 0") and paragraphs[0].endswith(
        "line 2 of the plan's body text, which wraps."
    )
    assert paragraphs[1].startswith("Paragraph 1 line 0") and paragraphs[1].endswith("which wraps.")


def test_a_paragraph_cut_at_a_column_s_foot_runs_on_at_the_next_column_s_top():
    def column(x0: float, texts: list[tuple[str, bool]]) -> list[Line]:
        return [
            Line(text, x0, x0 + (240.0 if full else 120.0), 760.0 - 14.0 * n, 11.0, False, False, 25.0)
            for n, (text, full) in enumerate(texts)
        ]

    first = column(50.0, [("1. The city will build homes near tram", True), ("stops and reserve land for", True)])
    second = column(310.0, [("housing cooperatives in every district.", False), ("2. Each district reports.", False)])
    assert read_page([first, second]).text.split("\n\n") == [
        "1. The city will build homes near tram stops and reserve land for housing cooperatives in every district.",
        "2. Each district reports.",
    ]
    # a table's cells above the foot of the page's text are not run on into the next column
    cells = column(50.0, [("Housing and land for", True), ("cooperatives in every", True)])
    below = [Line("The table lists the measures of the plan.", 50.0, 540.0, 600.0, 11.0, False, False, 25.0)]
    text = read_page([cells, column(310.0, [("Mobility and public space plans", True)]), below]).text
    assert text.split("\n\n")[0] == "Housing and land for cooperatives in every"


def test_a_note_the_page_before_could_not_hold_is_read_on_in_its_note():
    body = [_line("The city reports every year on the homes it started.² It also", 700.0)]
    carried = [_line("reserved plots, with their maps.", 130.0, 8.0)]
    notes = [_line("2 Council decision 2024/7 of 12 March 2024.", 120.0, 8.0)]
    kept, found, _ = split_notes(body + carried + notes, 11.0, body[0].text)
    assert kept == body and [(mark, len(lines)) for mark, lines in found] == [("+", 1), ("2", 1)]
    assert note_paragraph("+", "12 March 2024, with the maps.") == "[^+]: 12 March 2024, with the maps."
    pages = (
        Page(1, "1. The city will build 4,000 homes.¹\n\n[^1]: Housing Strategy 2024, annex on the", 1.0),
        Page(2, "2. Each district reports.²\n\n[^+]: reserved plots.\n\n[^2]: Council decision 2024/7.", 1.0),
    )
    doc = Document("d", "p.pdf", "Plan", "s", pages, "pdf")
    assert document_paragraphs(doc)[1] == "[^1]: Housing Strategy 2024, annex on the reserved plots."
    chunks = chunk_document(doc)
    assert [(c.label, c.text) for c in chunks] == [
        ("1", "1. The city will build 4,000 homes.¹"),
        ("[1]", "Housing Strategy 2024, annex on the reserved plots."),
        ("2", "2. Each district reports.²"),
        ("[2]", "Council decision 2024/7."),
    ]
