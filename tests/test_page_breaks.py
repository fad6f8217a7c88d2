"""A paragraph cut by a page break is read whole: even where the break fell after a full stop
(the page's layout says its last line was wrapped, not ended: indexer/extract/columns.ends_cut),
and with the running header that layout joined to the next page's first line cut off it
(indexer/extract/pages.py). The real PDFs: tests/test_footnotes.py and eval/page_breaks.py."""

from __future__ import annotations

from dataclasses import replace

import pytest

from indexer.documents import Document, Page
from indexer.extract.columns import columns, gutter_x
from indexer.extract.glyphs import Cluster
from indexer.extract.pages import clean_pages
from indexer.extract.paragraphs import Line, read_page
from indexer.structure.flow import document_paragraphs
from indexer.structure.units import chunk_document
from search.plan import plan_statements
from tests.support.footnotes import FOOTERS, HEADERS, WHOLE_PARAGRAPHS, footnoted, plain, runs
from tests.support.libreoffice import soffice

HEADER = "Housing Strategy 2024 — Draft for consultation"


def _para(texts: list[tuple[str, float]], top: float, x0: float = 56.8, rtl: bool = False) -> list[Line]:
    """Lines of one justified paragraph, each (text, where it ends), 15 pt apart."""
    return [Line(text, x0, x1, top - 15.0 * n, 11.0, False, rtl, 30.0) for n, (text, x1) in enumerate(texts)]


WRAPPED = [("1. The city will build 4,000 homes near tram stops so that households", 538.0)]


def test_a_last_line_as_full_as_the_wrapped_ones_runs_on_even_after_a_full_stop():
    cut = _para([*WRAPPED, ("reach jobs within thirty minutes. It reserves land for cooperatives.", 537.6)], 700.0)
    ended = _para([*WRAPPED, ("reach jobs within thirty minutes.", 330.0)], 700.0)
    footer = [Line("City of Port Amara · page 3", 56.8, 200.0, 60.0, 10.0, False, False, 30.0)]
    assert read_page([cut]).runs_on
    assert not read_page([ended]).runs_on
    assert read_page([cut + footer]).runs_on  # a running footer under it changes nothing
    # a line of text under it (a table's row, a sentence of a paragraph) is the page's end
    text = [
        Line(
            "A last paragraph of the page that is a line of its own, running wide.",
            56.8,
            480.0,
            640.0,
            11.0,
            False,
            False,
            30.0,
        )
    ]
    assert not read_page([cut + text]).runs_on
    # right to left: the same, measured on both edges
    rtl = _para(
        [
            ("٩. ستبني المدينة مساكن اجتماعية قرب محطات الترام حتى تصل الأسر", 538.0),
            ("إلى العمل. وتخصص أراضي عامة.", 538.2),
        ],
        700.0,
        rtl=True,
    )
    assert read_page([rtl]).runs_on
    assert not read_page([_para([("one line only, as wide as the page is wide.", 538.0)], 700.0)]).runs_on


# ragged text: wrapped lines end where the next word did not fit, each (text, where it ends)
RAGGED = [
    ("1. The city will build 4,000 social rental homes near tram stops so that", 512.0),
    ("low-income households reach jobs and services within thirty minutes. It", 530.0),
    ("reserves public land for housing cooperatives in every district and caps", 521.0),
    ("rents for twenty years. Each district reports to the council every", 498.0),
    ("year, and the results are published on the open data portal with the", 507.0),
]


def test_a_numbered_paragraph_of_ragged_text_runs_on_where_its_last_line_is_as_full_as_a_wrapped_one():
    """Ragged text leaves room at a wrapped line's end, less than the word that did not fit: a
    last line that leaves no more than most wrapped lines was wrapped too, even after a full stop."""
    earlier = _para(
        [(f"Line {n} of the paragraph before, set ragged too", x) for n, x in enumerate((525, 509, 538))], 780.0
    )
    cut = _para([*RAGGED, ("homes started and finished this year.", 515.0)], 700.0)
    ended = _para([*RAGGED, ("homes started and finished.", 240.0)], 700.0)
    assert read_page([earlier + cut]).runs_on
    assert not read_page([earlier + ended]).runs_on
    # unnumbered, a paragraph at the next page's top opens one as often as it goes on: ended
    unlabelled = [replace(line, text=line.text.removeprefix("1. ")) for line in cut]
    assert not read_page([earlier + unlabelled]).runs_on


def test_a_running_header_set_against_the_other_edge_is_no_part_of_the_paragraph_under_it():
    """LibreOffice sets a header in the page's default direction: flush left over Arabic text
    set ragged against the right edge, at the text's line pitch."""
    header = Line("استراتيجية الإسكان 2024 — مسودة للتشاور", 56.8, 238.0, 774.4, 12.0, False, True, 46.5)
    words = "ستبني المدينة مساكن اجتماعية للإيجار قرب محطة الترام حتى تصل الأسر"
    body = [
        Line(text, x0, 538.6, 759.3 - 18.7 * n, 11.0, False, True, 30.0)
        for n, (text, x0) in enumerate(
            [(f"1. {words}", 79.5), (words, 68.1), (words, 70.7), ("اكتملت.", 509.1), (f"2. {words}", 79.5)]
        )
    ]
    assert read_page([[header, *body]]).text.split("\n\n") == [
        header.text,
        f"1. {words} {words} {words} اكتملت.",
        f"2. {words}",
    ]
    # a table's right-hand cell, wrapped: its lines are set away from the text's edge, together
    text = _para(
        [
            (f"Line {n} of ragged text set against the left edge of the page", x)
            for n, x in enumerate((520, 505, 531, 498))
        ],
        780.0,
    )
    cell = [
        Line("the debts settled, counted as income of", 300.0, 538.0, 700.0, 11.0, False, False, 20.0),
        Line("3,340,324.88 in the year", 300.0, 420.0, 685.0, 11.0, False, False, 40.0),
    ]
    assert (
        read_page([text + cell]).text.split("\n\n")[-1]
        == "the debts settled, counted as income of 3,340,324.88 in the year"
    )


def _lines(rows: list[tuple[str, float, float]], top: float, em: float = 11.0) -> list[Line]:
    """Lines each (text, x0, x1), 15 pt apart; a letter about half an em wide."""
    return [
        Line(text, x0, x1, top - 15.0 * n, em, False, False, 0.55 * em * len(text.split()[0]))
        for n, (text, x0, x1) in enumerate(rows)
    ]


def test_paragraphs_set_apart_by_a_first_line_indent_alone_are_read_as_they_are_set():
    """Russian and French documents are often set justified, each paragraph's first line
    indented 1.25 cm, no space between paragraphs."""
    indent = 56.8 + 35.4
    rows = [
        ("Решение совета № 2024/3 от 12 марта 2024 года, опубликованное в", indent, 538.0),
        ("и на портале открытых данных вместе с приложениями и схемами", 56.8, 538.0),
        ("участков, которые город резервирует для кооперативов и жилья.", 56.8, 535.4),  # nearly full
        # as wide as the line above, centred on it as a title's next line would be
        ("Город построит 107 единиц социального арендного жилья у", indent, 500.0),
        ("остановки, чтобы семьи с низкими доходами добирались до работы и", 56.8, 538.0),
        ("услуг за тридцать минут, и резервирует участки для кооперативов в", 56.8, 538.0),
        ("каждом районе города.", 56.8, 170.0),
    ]
    first = " ".join(text for text, _, _ in rows[:3])
    second = " ".join(text for text, _, _ in rows[3:])
    # the indent is no room for the next line's short first word ("и"), and a paragraph opens at an indent
    assert read_page([_lines(rows, 700.0)]).text.split("\n\n") == [first, second]
    # a paragraph of two lines at the page's foot, its first indented, its last as full: cut there
    foot = rows[:3] + [rows[3], ("остановки, чтобы семьи с низкими доходами добирались до работы.", 56.8, 537.8)]
    assert read_page([_lines(foot, 700.0)]).runs_on
    # a centred title that wraps, and a bullet's wrapped line under its text, are one paragraph each
    title = [("Жилищная стратегия города на 2024–2030 годы", 60.6, 534.0), ("и план её реализации", 190.0, 404.6)]
    body = [(f"Строка {n} основного текста страницы, набранная по ширине", 56.8, 538.0) for n in range(4)]
    body[-1] = ("и последняя строка абзаца.", 56.8, 200.0)
    assert (
        read_page([_lines(title + body, 700.0)]).text.split("\n\n")[0]
        == "Жилищная стратегия города на 2024–2030 годы и план её реализации"
    )
    bullet = [
        ("* Скидка действует до конца месяца, если сумма покупок", 56.8, 538.0),
        ("превышает 40 тысяч рублей", 68.0, 300.0),
        ("* Только для покупок в магазинах города", 56.8, 330.0),
    ]
    assert read_page([_lines(body + bullet, 700.0)]).text.split("\n\n")[-2:] == [
        "* Скидка действует до конца месяца, если сумма покупок превышает 40 тысяч рублей",
        "* Только для покупок в магазинах города",
    ]


def _document(first_runs_on: bool) -> Document:
    pages = (
        Page(
            1,
            "1. The city will build homes.\n\n2. It reserves land for cooperatives in every district.",
            1.0,
            runs_on=first_runs_on,
        ),
        Page(2, "Each district reports every year.\n\n3. Rents are capped.", 1.0),
    )
    return Document("d", "p.pdf", "Plan", "s", pages, "pdf")


def test_a_page_that_runs_on_after_a_full_stop_joins_its_paragraph_to_the_next_page_s_first():
    chunks = chunk_document(_document(True))
    assert [(c.label, c.text) for c in chunks] == [
        ("1", "1. The city will build homes."),
        ("2", "2. It reserves land for cooperatives in every district. Each district reports every year."),
        ("3", "3. Rents are capped."),
    ]
    assert document_paragraphs(_document(True))[1] == chunks[1].text
    # without the layout's word, a full stop ends the paragraph, as before
    assert [c.label for c in chunk_document(_document(False))] == ["1", "2", "", "3"]
    assert len(document_paragraphs(_document(False))) == 4


def _laid_out(*pages: str, runs_on: list[bool] | None = None) -> list[Page]:
    return clean_pages(list(pages), [True] * len(pages), runs_on=runs_on)


def test_a_running_header_joined_to_a_page_s_first_line_is_cut_off_it():
    pages = _laid_out(
        f"{HEADER}\n\n1. The city will build homes.",
        f"{HEADER}\n\n2. It reserves land for cooperatives and",
        f"{HEADER} finished.\n\n3. Rents are capped.",
        f"{HEADER}\n\n4. Each district reports.",
    )
    assert [p.text.split("\n\n")[0] for p in pages] == [
        "1. The city will build homes.",
        "2. It reserves land for cooperatives and",
        "finished.",
        "4. Each district reports.",
    ]
    # Chinese: joined with no space; the page before ended after a full stop, but its foot cut it
    zh = _laid_out(
        *(f"住房战略2024——征求意见稿\n\n{n}. 市政府将建设住房。" for n in range(1, 4)),
        "住房战略2024——征求意见稿监督。\n\n4. 各区每年报告。",
        runs_on=[False, False, True, False],
    )
    assert zh[3].text == "监督。\n\n4. 各区每年报告。"
    assert [p.runs_on for p in zh] == [False, False, True, False]


def test_a_page_s_first_line_that_only_begins_like_the_header_keeps_its_words():
    unfinished = [f"Annual Report\n\n{n}. The city will build homes in every district and" for n in range(1, 4)]
    # the header's words begin a longer word: no header joined
    assert (
        _laid_out(*unfinished, "Annual Reports show what was built.")[3].text == "Annual Reports show what was built."
    )
    # a numbered paragraph runs on from nothing
    assert _laid_out(*unfinished, "Annual Report 4. Rents are capped.")[3].text == "Annual Report 4. Rents are capped."
    # after a page that ended its paragraph, a first line that begins with the header's words is the page's own
    finished = [f"Annual Report\n\n{n}. The city will build homes." for n in range(1, 4)]
    assert _laid_out(*finished, "Annual Report 2024 was adopted.")[3].text == "Annual Report 2024 was adopted."
    # a key of one word could begin any line
    one = [f"Contents\n\n{n}. The city will build homes in every district and" for n in range(1, 4)]
    assert _laid_out(*one, "Contents of the plan are listed.")[3].text == "Contents of the plan are listed."


def test_a_line_under_a_running_header_set_as_close_as_the_text_s_lines_is_no_part_of_it():
    """In justified text a short line then a shorter one at the line pitch: the header and the
    last words of a paragraph run on from the page before (LibreOffice sets its header so)."""
    header = Line(HEADER, 56.8, 349.4, 774.0, 12.0, False, False, 55.0)
    rest = _para([("finished.", 101.0)], 759.3)
    body = _para([*WRAPPED, ("reach jobs within thirty minutes.", 330.0)], 737.2)
    assert read_page([[header, *rest, *body]]).text.split("\n\n") == [
        HEADER,
        "finished.",
        "1. The city will build 4,000 homes near tram stops so that households reach jobs within thirty minutes.",
    ]
    # a narrower measure (text set around a figure): its wrapped lines and its short last line are one paragraph
    around = _para(
        [
            ("The figure shows the new tram lines and", 400.0),
            ("the districts each of them will serve by", 400.3),
            ("2030.", 90.0),
        ],
        700.0,
    )
    full = _para(
        [(f"Line {n} of a justified paragraph that runs across the whole column", 538.0) for n in range(6)], 640.0
    )
    assert read_page([[*around, *full]]).text.split("\n\n")[0] == (
        "The figure shows the new tram lines and the districts each of them will serve by 2030."
    )


def test_a_running_footer_read_as_one_line_with_the_page_s_last_is_cut_off_and_still_counted():
    """On two pages of four the footer is a line of its own, on the others it was read as one
    line with the page's last (Arabic: set as close as the text's lines, after a full line)."""
    footer = "مدينة بورت أمارا · صفحة {n}"
    own = [f"{n}. ستبني المدينة مساكن اجتماعية قرب محطات الترام\n\n{footer.format(n=n)}" for n in (1, 3)]
    joined = [f"{n}. ستبني المدينة مساكن اجتماعية قرب محطات الترام {footer.format(n=n)}" for n in (2, 4)]
    pages = _laid_out(own[0], joined[0], own[1], joined[1])
    assert [p.text for p in pages] == [f"{n}. ستبني المدينة مساكن اجتماعية قرب محطات الترام" for n in range(1, 5)]
    # not on a page read without glyph positions (pypdf's lines are the producer's own)
    plain = clean_pages([own[0], joined[0], own[1], joined[1]], [False] * 4)
    assert "صفحة 2" in plain[1].text
    # a line of its own on the last page only, where the last paragraph ended (text set without
    # space between paragraphs: the footer as close to the text as the text's lines elsewhere)
    texts = [joined[0].replace("2", str(n)) for n in (1, 2, 3)] + [own[1].replace("3", "4")]
    assert [p.text for p in _laid_out(*texts)] == [
        f"{n}. ستبني المدينة مساكن اجتماعية قرب محطات الترام" for n in range(1, 5)
    ]


def test_a_plan_of_two_pages_loses_its_running_header_and_footer_too():
    """A short plan (two pages, footnotes between) showed its footer as a statement on each page,
    and the paragraph the page break cut as two: furniture was sought from three pages on."""
    pages = _laid_out(
        f"{HEADER}\n\n1. The city will build homes in every district and\n\n[^1]: Council decision.\n\nCity of Port Amara · page 1",
        f"{HEADER}\n\ncap rents for twenty years.\n\n2. Each district reports.\n\nCity of Port Amara · page 2",
    )
    doc = Document("d", "p.pdf", "Plan", "s", tuple(pages), "pdf")
    assert [(c.label, c.text) for c in chunk_document(doc)] == [
        ("1", "1. The city will build homes in every district and cap rents for twenty years."),
        ("[1]", "Council decision."),
        ("2", "2. Each district reports."),
    ]
    # one word on both pages could be chance ("Contents", "Housing"): kept
    one = _laid_out("Housing\n\n1. The city will build homes.", "Housing\n\n2. It caps rents.")
    assert [p.text.split("\n\n")[0] for p in one] == ["Housing", "Housing"]


def test_a_last_page_that_holds_only_the_last_two_characters_of_a_chinese_paragraph_is_read():
    pages = _laid_out("30. 市政府将在第30区为住房合作社预留公共用地，结果接受市民", "监督。")
    assert pages[1].quality == 1.0  # two characters are a word, not a blank page's speck
    doc = Document("d", "p.pdf", "Plan", "s", tuple(pages), "pdf")
    assert document_paragraphs(doc) == ["30. 市政府将在第30区为住房合作社预留公共用地，结果接受市民监督。"]


def test_a_title_centred_over_justified_text_wraps_into_one_paragraph():
    title = [
        Line("Strategy for a Sustainable and Inclusive Port Amara", 140.0, 455.0, 760.0, 11.0, False, False, 45.0),
        Line("2024–2030", 270.0, 325.0, 745.0, 11.0, False, False, 55.0),
    ]
    full = _para(
        [(f"Line {n} of a justified paragraph that runs across the whole column", 538.0) for n in range(6)], 720.0
    )
    assert (
        read_page([[*title, *full]]).text.split("\n\n")[0]
        == "Strategy for a Sustainable and Inclusive Port Amara 2024–2030"
    )


# the real thing: LibreOffice plans of 30 paragraphs (eval/page_breaks.py reads all 576)
@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize(
    ("lang", "layout", "shift", "align", "indent", "columns", "numbered"),
    [
        ("en", "header", 0, "justify", False, 1, True),
        ("fr", "header", 0, "justify", False, 1, True),
        ("ar", "footer", 0, "justify", False, 1, True),
        ("ar", "header", 0, "justify", False, 1, True),
        ("zh", "none", 2, "justify", False, 1, True),
        ("zh", "footer", 4, "justify", False, 1, True),
        ("es", "none", 0, "ragged", False, 1, True),
        ("ru", "footer", 0, "ragged", False, 1, True),
        ("ar", "header", 0, "ragged", False, 1, True),
        ("fr", "none", 2, "justify", True, 1, True),
        ("ru", "header", 2, "justify", True, 1, True),
        ("ar", "header", 0, "ragged", True, 1, True),
        ("ar", "footer", 2, "justify", True, 1, True),
        ("ru", "footer", 0, "justify", False, 2, True),
        ("ar", "header", 2, "ragged", True, 2, True),
        ("zh", "footer", 4, "ragged", True, 2, True),
        ("ru", "none", 0, "ragged", True, 2, True),
        ("es", "footer", 0, "ragged", True, 1, False),
        ("pt", "footer", 4, "ragged", True, 1, False),
    ],
)
def test_every_paragraph_of_a_plan_is_whole_across_its_page_breaks(
    lang, layout, shift, align, indent, columns, numbered, tmp_path
):
    """Each cell failed before: a header read into a paragraph, a paragraph cut after a full
    stop at a page's foot (justified or ragged), a long header kept, a footer read into a
    paragraph, a last page of two Chinese characters dropped, a header set against the other
    edge read into the paragraph under it, paragraphs set apart by a first-line indent alone
    split at their first line or joined; in two columns, a header or footer read as a column's
    first or last line, a ragged paragraph cut at a column's foot; unnumbered, set with first-line
    indents, a ragged paragraph cut after a full stop at a page's foot."""
    header = HEADERS[lang] if layout == "header" else ""
    footer = FOOTERS[lang] if layout != "none" else ""
    paragraphs = runs(lang, shift, numbered)
    pdf = footnoted(tmp_path, f"plan_{lang}", lang, paragraphs, [], "pdf", columns, footer, header, align, indent)
    statements = plan_statements(pdf, use_ocr=False)
    assert [plain(s.text) for s in statements] == [plain(p) for p in paragraphs], [s.text[-60:] for s in statements]
    labels = [s.label for s in statements if s.label]
    assert labels == ([str(n) for n in range(1, WHOLE_PARAGRAPHS + 1)] if numbered else [])


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_a_scanned_plan_s_running_header_and_footer_are_dropped_and_its_paragraphs_whole(tmp_path):
    """A plan scanned page by page (no text layer): its OCR'd pages are cleaned together, so the
    header and footer that recur on them are found and dropped (each page alone, they were
    statements, and a paragraph cut by a page break was cut twice)."""
    import difflib
    import subprocess

    from PIL import Image

    from indexer.extract import ocr

    if not {"eng", "osd"} <= ocr.installed_languages():
        pytest.skip("Tesseract with eng and osd is needed (make system-deps)")
    paragraphs = runs("en", 0)
    pdf = footnoted(tmp_path, "plan_en", "en", paragraphs, [], "pdf", 1, FOOTERS["en"], HEADERS["en"])
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = [Image.open(png).convert("L") for png in sorted(tmp_path.glob("page*.png"))]
    scan = tmp_path / "plan_en-scan.pdf"
    images[0].save(scan, save_all=True, append_images=images[1:], resolution=150)
    statements = plan_statements(scan)
    assert len(images) >= 3 and all(s.page for s in statements)
    assert not [s.text for s in statements if "Port Amara" in s.text or "consultation" in s.text]
    assert [s.label for s in statements] == [str(n) for n in range(1, WHOLE_PARAGRAPHS + 1)]
    for s, paragraph in zip(statements, paragraphs):  # OCR's own slips aside
        assert difflib.SequenceMatcher(None, plain(s.text), plain(paragraph)).ratio() > 0.95, s.text


def test_empty_blank_and_one_line_pages_pass_through_untouched():
    assert clean_pages([], [], runs_on=[]) == []
    pages = _laid_out("", "   ", HEADER, "", runs_on=[True, True, False, True])
    assert [p.text for p in pages] == ["", "", HEADER, ""]  # a header that is all a page holds is its content
    assert [p.quality for p in pages][:2] == [0.0, 0.0]


def _row(base: float, *spans: tuple[str, float, float]) -> list[Cluster]:
    return [Cluster(text, x0, x1, base, 11.0, False, n) for n, (text, x0, x1) in enumerate(spans)]


def test_a_last_page_whose_second_column_holds_two_lines_is_read_column_by_column_after_a_page_of_two():
    """The last page of a two-column plan: the first column full, the second holding the last
    two lines of the text. Alone, two rows beside a gap are too few to call it a gutter (a
    page of one column with a date set right); after a page of two columns parted there, not."""
    rows = [
        _row(700.0 - 15.0 * n, (f"left {n}", 56.8, 280.0), *([(f"right {n}", 300.0, 530.0)] if n < 2 else []))
        for n in range(20)
    ]
    assert gutter_x(rows) is None
    assert 280.0 < gutter_x(rows, hint=290.0) < 300.0
    blocks, gutter = columns(rows, False, 290.0)
    assert [[c.text for row in block for c in row] for block in blocks] == [
        [f"left {n}" for n in range(20)],
        ["right 0", "right 1"],
    ]
    # a hint where this page has no gap changes nothing
    assert gutter_x(rows, hint=150.0) is None


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_a_two_column_plan_s_last_page_is_read_column_by_column(tmp_path):
    """LibreOffice fills the last page's first column and sets two lines in the second: each of
    that column's lines had been read as a paragraph of its own, beside the first column's."""
    paragraphs = runs("zh", 2)
    pdf = footnoted(tmp_path, "plan_zh", "zh", paragraphs, [], "pdf", 2)
    statements = plan_statements(pdf, use_ocr=False)
    assert [plain(s.text) for s in statements][1:] == [plain(p) for p in paragraphs][1:]


def test_a_compound_wrapped_at_a_page_s_foot_keeps_its_hyphen_and_a_hyphenated_word_is_mended():
    """Both halves words of their own elsewhere in the document: a compound ("low-" / "income"),
    not a word a typesetter hyphenated ("develop-" / "ment")."""
    pages = (
        Page(1, "1. Homes for low-income households.\n\n2. The city will build homes so that low-", 1.0),
        Page(2, "income households reach jobs and the develop-", 1.0),
        Page(3, "ment of the district goes on.", 1.0),
    )
    doc = Document("d", "p.pdf", "Plan", "s", pages, "pdf")
    whole = "2. The city will build homes so that low-income households reach jobs and the development of the district goes on."
    assert document_paragraphs(doc)[1] == whole
    assert [c.text for c in chunk_document(doc)][1] == whole


def _two_columns(left: list[str], right: list[str], under: str | None, em: float = 9.0) -> list[list[Cluster]]:
    """A page of two justified columns 15 pt apart in 11 pt type (the left one may run a row
    further, as paragraph spacing leaves it), with a line `under` them in `em` pt type set in the
    left column, as close."""
    rows = []
    for n in range(max(len(left), len(right))):
        spans = ([(left[n], 56.8, 286.0)] if n < len(left) else []) + (
            [(right[n], 309.1, 538.6)] if n < len(right) else []
        )
        rows.append(_row(760.0 - 15.0 * n, *spans))
    if under is not None:
        rows.append([Cluster(under, 56.8, 256.6, 760.0 - 15.0 * len(left) - 17.0, em, False, 0)])
    return rows


def test_a_running_footer_set_inside_the_first_column_is_no_part_of_it_and_the_column_s_cut_runs_on():
    """LibreOffice sets a running footer flush with the first column, as close as the text's
    lines: it was read as that column's last line, so the paragraph the column's foot cut was
    not read on at the second column's top (ru: 84 of 92 paragraphs whole)."""
    left = ["1. The city will build homes near tram stops so that households"]
    left += [f"with low incomes reach work and services, line {n}" for n in range(1, 12)]
    right = [f"and the districts report to the council, line {n}" for n in range(11)]
    footer = "City of Port Amara · page 1"
    blocks, _ = columns(_two_columns(left, right, footer), False)
    texts = [[c.text for row in block for c in row] for block in blocks]
    assert texts == [left, right, [footer]]
    lines = [
        [Line(c.text, c.x0, c.x1, c.base, c.em, False, False, 30.0) for row in block for c in row] for block in blocks
    ]
    page = read_page(lines).text.split("\n\n")
    assert page[-1] == footer and footer not in page[0]
    assert "line 11 and the districts report to the council, line 0" in page[0]  # read on at the next column's top


def test_a_longer_first_column_s_last_line_stays_in_it():
    """The last line of a first column that runs a row further than the second (a balanced last
    page): one in the column's own type, or that ends a sentence, names no number or opens a
    numbered paragraph is text, not a footer."""
    left = [f"text of the first column, line {n}" for n in range(12)]
    right = [f"text of the second column, line {n}" for n in range(11)]
    cases = [("the evaluation is complete by the end of 2027", 11.0)]
    cases += [
        (last, 9.0)
        for last in ("The council approves the plan in 2025.", "Annex: the tram stops", "28. The city will build 2,807")
    ]
    for last, em in cases:
        blocks, _ = columns(_two_columns(left, right, last, em), False)
        assert [c.text for row in blocks[0] for c in row][-1] == last
        assert len(blocks) == 2


def test_a_ragged_paragraph_cut_at_a_column_s_foot_runs_on_at_the_next_column_s_top():
    """Ragged text leaves room at every line's end, so the last line of a paragraph the
    column's foot cut never filled the column: it is read on where it leaves no more room than
    most of the column's wrapped lines (ru ragged, two columns: 86 of 92 whole). A short last line
    stays the paragraph's end."""
    ends = [250.0, 262.0, 281.0, 238.0, 276.0, 244.0, 259.0, 279.0, 236.0, 272.0]
    wrapped = [(f"and the districts report every year, part {n}", x1) for n, x1 in enumerate(ends)]
    right = _para([("to the council and publish the results.", 200.0)], 760.0, 309.1)
    for last_end, runs_on in ((245.0, True), (150.0, False)):
        left = _para(
            [("1. The city will build homes near tram stops so that", 274.0), *wrapped, ("each district", last_end)],
            760.0,
        )
        page = read_page([left, right]).text.split("\n\n")
        assert (len(page) == 1) == runs_on, page


def test_a_column_cut_where_the_next_word_did_not_fit_or_a_line_above_the_other_column_s_foot_runs_on():
    """Ragged text: a last line that left less room than the next column's first word needs
    was wrapped, however much room it left. And the first column may end a line above the
    second (their paragraph spacing differs): its cut paragraph still runs on."""
    ends = [281.0, 279.0, 280.0, 278.0, 281.0, 277.0]
    wrapped = [(f"and the districts report every year, part {n}", x1) for n, x1 in enumerate(ends)]
    left = _para(
        [("1. The city will build homes near tram stops so that", 280.0), *wrapped, ("each district", 230.0)], 760.0
    )
    for first_word, runs_on in ((60.0, True), (30.0, False)):
        right = [
            replace(line, first_word=first_word)
            for line in _para([("representatives publish the results.", 200.0)], 760.0, 309.1)
        ]
        page = read_page([left, right]).text.split("\n\n")
        assert (len(page) == 1) == runs_on, page
    justified = _para(
        [("1. The city will build homes near tram stops so that", 281.0), *[(t, 281.0) for t, _ in wrapped]], 760.0
    )
    longer = _para([(f"the second column, line {n}", 538.6) for n in range(7)] + [("ends here.", 400.0)], 760.0, 309.1)
    page = read_page([justified, longer]).text.split("\n\n")
    assert len(page) == 1, page


def test_a_last_page_whose_text_ends_in_the_first_column_under_a_running_header_is_read_as_that_column():
    """After a page of two columns: a running header across the page, then the first column's
    last lines. The header set the page's right edge, so each of those lines looked short and
    became a paragraph of its own."""
    words = "Housing Strategy 2024 — Draft for consultation".split()
    header = _row(774.0, *[(w, 56.8 + 42.0 * n, 56.8 + 42.0 * n + 38.0) for n, w in enumerate(words)])
    lines = [_row(759.0 - 15.0 * n, (f"the first column's line {n}", 56.8, 285.5)) for n in range(5)]
    last = _row(684.0, ("portal with the homes started and finished.", 56.8, 280.0))
    rows = [header, *lines, last]
    assert gutter_x(rows) is None
    blocks, gutter = columns(rows, False, 297.8)
    assert gutter is not None and len(blocks) == 2 and len(blocks[1]) == 6


def test_a_page_whose_first_line_is_set_at_the_edge_where_its_paragraphs_open_indented_goes_on_from_the_page_before():
    """Paragraphs set apart by a first-line indent alone: a page whose first line is not indented
    opens in the middle of a paragraph, even where the page before's last line ended a sentence
    and left room (ragged text: its layout cannot tell). A running header above changes nothing;
    a page of paragraphs not indented, or whose first line is indented, opens no paragraph; nor
    does a one-line first paragraph (it may be a header)."""

    def page(first_inset: float, indented: bool) -> list[Line]:
        inset = 22.0 if indented else 0.0
        lines = _para([("and the results are published on the open data", 538.0), ("portal.", 120.0)], 775.0, 56.8)
        lines[0] = replace(lines[0], x0=56.8 + first_inset)
        for n in range(3):
            top = 745.0 - 45.0 * n
            lines += _para(
                [(f"Paragraph {n} opens here and wraps", 530.0), ("onto a second line", 538.0), ("and ends.", 300.0)],
                top,
            )
            lines[-3] = replace(lines[-3], x0=56.8 + inset)
        return lines

    assert read_page([page(0.0, True)]).continues
    assert not read_page([page(22.0, True)]).continues
    assert not read_page([page(0.0, False)]).continues
    header = [Line(HEADER, 56.8, 300.0, 805.0, 11.0, False, False, 30.0)]
    assert read_page([header + page(0.0, True)]).continues
    assert not read_page([page(0.0, True)[1:]]).continues
