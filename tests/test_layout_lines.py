"""Lines rebuilt from glyph boxes (indexer/extract/layout.py, row_line.py, word_spaces.py), on boxes made by hand."""

from dataclasses import replace

import pytest

from indexer.extract.glyphs import Cluster
from indexer.extract.row_line import row_line


def _row(text: str, gaps: dict[int, float] | None = None, em: float = 14.0) -> list[Cluster]:
    """One proper glyph per character, 0.5 em wide, touching unless `gaps` says (index -> pt)."""
    out, x = [], 50.0
    for i, ch in enumerate(text):
        x += (gaps or {}).get(i, 0.0)
        out.append(Cluster(ch, x, x + 0.5 * em, 700.0, em, False, i, ink=x + 0.25 * em, pen=x))
        x += 0.5 * em
    return out


def _block(rows, em: float = 9.0, rtl: bool = False):
    """Lines from (text, x0, x1, baseline, width of the first word) rows, as layout makes them."""
    from indexer.extract.paragraphs import Line

    return [Line(text, x0, x1, base, em, False, rtl, first_word) for text, x0, x1, base, first_word in rows]


def test_a_list_number_touching_its_text_is_a_label():
    # LibreOffice's automatic numbering in a wide font: "1." fills the indent, 0.06 em from the text
    assert row_line(_row("1.Провести обследование", {2: 0.9, 11: 4.0}), False).text.startswith("1. Провести")


def test_a_wrapped_closing_bracket_is_not_taken_for_a_label():
    assert row_line(_row("11)과 연계하여"), False).text.startswith("11)과")
    assert row_line(_row("2.5亿元"), False).text == "2.5亿元"


def test_list_items_at_an_indent_keep_their_wrapped_lines():
    from indexer.extract.paragraphs import Line, paragraphs

    def line(text, x0, x1, base):
        return Line(text, x0, x1, base, 9.0, False, False, 9.0)

    # a column of 315.7-575: numbered items indented to 337, their wrapped lines to 351
    lines = [
        line("1. 在学校、公园和停车场推广透水铺装、下沉式绿地和", 337.0, 566.6, 746.3),
        line("雨水花园等低影响开发设施", 351.1, 458.8, 731.3),
        line("2. 沿滨河地带恢复自然湿地，提升河道行洪能力，同时", 337.0, 566.6, 716.3),
        line("为市民提供亲水休闲空间", 351.1, 450.1, 701.3),
        line("3．规划总投资约86亿元，其中中央和省级专项资金占30%，", 315.7, 567.0, 679.3),
        line("其余通过地方政府专项债券和社会资本解决。各区应于每年12", 315.7, 567.1, 664.3),
        line("施成效将对照可持续发展目标第11项（SDG 11）进行年度评估。", 315.7, 575.0, 649.3),
    ]
    assert [len(p) for p in paragraphs(lines)] == [2, 2, 3]


def test_chinese_prose_that_enumerates_goes_on_at_a_wrapped_item_number():
    from indexer.extract.paragraphs import Line, paragraphs

    def line(text, x0, x1, base, first_word=20.4):
        return Line(text, x0, x1, base, 7.5, False, False, first_word)

    # ../shared/pdfs/chinese-duplicate-chars.pdf: "（4）" wraps to a line's start after "。", with
    # 1.6 em left on the line above, less than "（4）负" takes: one paragraph
    prose = [
        line("辑清晰、重点突出、进度合理。（2）独创性设计8m*5m*8m试验模型并申请国家发明专", 233.9, 540.2, 517.2),
        line("利。（3）带领团队两次赴汶川8条泥石流沟道完成岩土地质灾害勘察你并开展现场实验。", 233.9, 528.8, 503.8),
        line("（4）负责开展45组室内大型模型试验研究，并基于三维激光扫描技术及Geomagic进行成果", 233.9, 539.5, 490.3),
        line("分析", 233.9, 248.9, 476.9),
    ]
    assert [len(p) for p in paragraphs(prose)] == [4]
    # the same item indented as a paragraph of its own, or after room it would have fitted in: two
    indented = [*prose[:2], line(prose[2].text, 248.9, 539.5, 490.3), prose[3]]
    assert [len(p) for p in paragraphs(indented)] == [2, 2]
    roomy = [prose[0], line(prose[1].text[:30], 233.9, 460.0, 503.8), *prose[2:]]
    assert [len(p) for p in paragraphs(roomy)] == [2, 2]


def test_a_running_head_over_a_last_short_column_is_apart_and_sets_no_measure():
    from indexer.extract.paragraphs import Line, paragraphs

    def line(text, x1, base, em=11.0):
        return Line(text, 56.8, x1, base, em, False, False, 30.0)

    # the last page of a two-column plan (eval/page_breaks.py --columns 2, de, a header): its text
    # in the first column, under a header in 12 pt that reaches past it, as close as its lines
    head = line("Wohnungsbaustrategie 2024 — Entwurf zur Beteiligung", 398.1, 774.0, em=12.0)
    body = [
        line("und fertigen Wohnungen im Open-Data-", 286.2, 759.3),
        line("Portal veröffentlicht.", 162.4, 744.3),
        line("30. Die Stadt baut 3007 Sozialwohnungen", 286.2, 722.2),
        line("an der Straßenbahnhaltestelle 30, damit", 286.2, 707.2),
        line("Haushalte mit geringem Einkommen Arbeit", 286.1, 692.2),
        line("und Dienste in dreißig Minuten erreichen.", 286.2, 677.2),
        line("Portal veröffentlicht.", 162.4, 662.2),
    ]
    assert [len(p) for p in paragraphs([head, *body])] == [1, 2, 5]
    # the same first line in the body's type may be a line of text set around a figure: not set apart
    wide = line(head.text, 398.1, 774.0)
    assert paragraphs([wide, *body])[0] == [wide, body[0]]


def test_an_arabic_last_column_between_a_head_and_a_foot_set_flush_left_reads_whole():
    from indexer.extract.paragraphs import Line, paragraphs

    def line(text, x0, x1, base, em=11.0):
        return Line(text, x0, x1, base, em, False, True, 30.0)

    # the last page of a two-column Arabic plan (eval/page_breaks.py --columns 2, ar, a header):
    # its text in the right-hand column, the header and the footer flush left, in 12 pt
    lines = [
        line("استراتيجية الإسكان 2024 — مسودة للتشاور", 56.8, 238.0, 774.4, em=12.0),
        line("30. ستبني المدينة 3007 مسكنا اجتماعيا للإيجار قرب", 309.1, 538.6, 759.3),
        line("محطة الترام رقم 30 حتى تصل الأسر ذات الدخل المنخفض", 309.1, 538.6, 740.5),
        line("إلى العمل والخدمات في ثلاثين دقيقة. وتخصص أراضي عامة", 309.0, 538.7, 721.8),
        line("لتعاونيات الإسكان في الحي 30 وتحدد سقفا للإيجارات", 309.1, 538.7, 703.0),
        line("لمدة عشرين عاما. وتقدم كل منطقة تقريرا سنويا", 309.1, 538.5, 684.3),
        line("إلى المجلس وتنشر النتائج على بوابة البيانات المفتوحة مع", 309.1, 538.6, 665.5),
        line("عدد المساكن التي بدأ بناؤها والتي اكتملت.", 377.1, 538.4, 646.8),
        line("مدينة بورت أمارا · صفحة 4", 56.7, 164.6, 60.0, em=12.0),
    ]
    assert [len(p) for p in paragraphs(lines)] == [1, 7, 1]


def test_a_stop_reaching_into_the_gutter_does_not_join_two_columns():
    from indexer.extract.columns import spans

    gutter = 311.8
    # the left column's line ends in a full-width stop (308.1-312.6); the right one starts at 337
    left = [Cluster(ch, 299.2 - 8.5 * i, 307.2 - 8.5 * i, 687.7, 9.0, False, i) for i, ch in enumerate("다한통")]
    stop = Cluster(".", 308.1, 312.6, 687.7, 9.0, False, 3)
    right = [Cluster(ch, 337.0 + 4.5 * i, 341.5 + 4.5 * i, 686.3, 9.0, False, 4 + i) for i, ch in enumerate("3. 폭")]
    assert not spans(left + [stop] + right, gutter)
    # a full-width line: a letter straddles the gutter, or a word space falls on it
    assert spans(left + [Cluster("m", 309.0, 316.0, 687.7, 9.0, False, 3)] + right, gutter)
    words = [Cluster(ch, 300.0 + 5 * i, 305.0 + 5 * i, 687.7, 9.0, False, i) for i, ch in enumerate("ab")]
    words += [Cluster(ch, 312.5 + 5 * i, 317.5 + 5 * i, 687.7, 9.0, False, 2 + i) for i, ch in enumerate("cd")]
    assert spans(words, gutter)


def test_a_compound_wrapped_at_its_hyphen_is_joined_whole():
    from indexer.extract.bidi import to_logical
    from indexer.extract.normalize import join_pair

    assert join_pair("برنامج UN-", "Habitat.") == "برنامج UN-Habitat."
    assert join_pair("during COVID-", "19 the city") == "during COVID-19 the city"
    assert join_pair("the hous-", "ing plan") == "the housing plan"  # a soft hyphen goes
    # Chromium keeps "UN-" left to right at the end of a right-to-left line
    assert "".join(to_logical(["U", "N", "-", " ", "ج", "م", "ا", "ن", "ر", "ب"], True)) == "برنامج UN-"


def test_a_latin_last_line_of_a_right_to_left_paragraph_keeps_its_stop_after_the_word():
    assert row_line(_row(".Habitat"), True).text == "Habitat."  # True: on a right-to-left page
    assert row_line(_row("(see Annex 1)."), True).text == "(see Annex 1)."


def test_a_mark_glyph_off_the_baseline_stays_on_its_line():
    # Chromium draws an Arabic line's marks after its letters, each as a glyph carrying its
    # letter's text: a shadda 4 pt above the baseline came first and set the row's baseline,
    # so a tanwin 4.8 pt below was read as a line of its own and split the paragraph
    from indexer.extract.layout import _rows

    line = [Cluster(ch, 400.0 - 8 * i, 406.0 - 8 * i, 581.1, 14.0, False, i) for i, ch in enumerate("مشرو سكني")]
    shadda = Cluster("يّ", 330.0, 331.0, 585.3, 14.0, False, 20, proper=False)
    tanwin = Cluster("عٍ", 360.0, 362.5, 576.3, 14.0, False, 21, proper=False)
    rows = _rows(line + [shadda, tanwin])
    assert len(rows) == 1
    below = Cluster("x", 300.0, 306.0, 581.1 - 24.0, 14.0, False, 22)
    assert len(_rows(line + [shadda, tanwin, below])) == 2


def test_a_paragraph_spaced_by_a_third_of_a_line_ends_there():
    # LibreOffice's default space below a paragraph at 14 pt: pitch 21.9, paragraph gap 28.9;
    # two short metadata lines that fill less than the measure are two paragraphs
    from indexer.extract.paragraphs import Line, paragraphs

    def line(text, x1, base):
        return Line(text, 56.8, x1, base, 14.0, False, False, 80.0)

    lines = [
        line("2. После пандемии спрос на доступное арендное жильё вырос почти", 565.9, 642.9),
        line("на 25 %. В связи с этим администрация города запускает проект", 558.7, 621.0),
        line("«Доходные дома» с участием частных инвесторов на условиях", 556.1, 599.1),
        line("государственно-частного партнёрства (ГЧП), а также", 510.3, 577.2),
        line("программу льготной аренды для молодых семей.", 408.0, 555.3),
        line("Утверждено постановлением администрации от 12.03.2025 № 214", 524.1, 526.4),
        line("Ответственный: комитет по градостроительству", 404.4, 497.5),
    ]
    assert [len(p) for p in paragraphs(lines)] == [5, 1, 1]


def test_wrapped_list_items_beside_justified_text_keep_their_last_words():
    # a column of justified text (312.7-534.8) with list items indented to 333.1 and their
    # wrapped lines to 342.7: every line ends at the right edge, so that edge is no sign of
    # right-aligned text; "in full" ends its item, it does not start a paragraph
    from indexer.extract.paragraphs import paragraphs

    rows = [
        ("1. Release at least twenty council-owned sites", 333.1, 534.8, 740.1, 8.8),
        ("for mixed-tenure housing by the end of 2026", 342.7, 533.2, 727.4, 13.3),
        ("2. Require developers of schemes above fifty", 333.1, 534.8, 714.6, 9.2),
        ("units to publish their viability assessments", 342.7, 534.8, 701.9, 21.8),
        ("in full", 342.7, 368.3, 689.1, 7.3),
        ("3. Progress will be monitored through a public", 312.7, 534.8, 667.4, 9.7),
        ("dashboard built on the city’s GIS platform and", 312.7, 534.8, 654.6, 43.4),
        ("updated every quarter with completions, tenure", 312.7, 534.8, 641.9, 33.8),
        ("mix and average rents by ward. Where delivery", 312.7, 534.8, 629.1, 14.8),
        ("falls more than 10 % behind the annual trajectory.", 312.7, 450.0, 616.4, 22.2),
    ]
    lines = _block(rows)
    assert [len(p) for p in paragraphs(lines)] == [2, 3, 5]


def test_the_line_pitch_is_found_on_a_page_of_short_paragraphs():
    # Chromium, 11 pt justified: wrapped lines 15.8 pt apart, paragraphs 27 pt; most gaps on
    # the page are paragraph gaps, and "2．2023年" reads as a number, not a label
    from indexer.extract.paragraphs import Line, paragraphs

    def line(text, x1, base, first_word):
        return Line(text, 62.2, x1, base, 11.0, False, False, first_word)

    lines = [
        line(
            "1．青屿市计划到2030年将建成区内达到海绵城市标准的面积比例提高到60%以上；规划期内新建", 534.7, 730.4, 20.5
        ),
        line("和改造雨水管网约420公里。重点解决老城区“逢雨必涝”的问题，提高城市排水防涝能力。", 509.3, 714.6, 10.6),
        line(
            "2．2023年7月的特大暴雨造成全市直接经济损失约9.6亿元，暴露出排水系统的短板。为此，市政", 534.7, 687.6, 20.1
        ),
        line("府将参照联合国人居署（UN-Habitat）的韧性城市框架，编制《城市内涝防治专项规划》。", 499.2, 671.9, 9.7),
        line("本规划征求意见稿（第二版）", 205.2, 645.6, 11.0),
        line("意见反馈截止日期：2025年6月30日", 235.0, 618.6, 9.1),
    ]
    assert [len(p) for p in paragraphs(lines)] == [2, 2, 1, 1]


def test_marks_taken_into_the_other_columns_row_go_back_to_their_line():
    # two columns whose baselines differ by 5 pt: a raised shadda glyph (carrying its lam)
    # was nearer the other column's baseline and ended up in its row
    from indexer.extract.columns import _fold_stray_marks

    raised = Cluster("ل", 262.6, 264.0, 605.4, 9.0, False, 986, proper=False, marks=["ّ"])
    line = [Cluster(ch, 200.0 + 5 * i, 205.0 + 5 * i, 602.9, 9.0, False, i) for i, ch in enumerate("تتوى لجنة")]
    above = [Cluster(ch, 200.0 + 5 * i, 205.0 + 5 * i, 618.7, 9.0, False, 50 + i) for i, ch in enumerate("التاريخية")]
    rows = _fold_stray_marks([above, [raised], line])
    assert len(rows) == 2 and raised in rows[1] and rows[1][-1] is raised
    far = Cluster("ل", 262.6, 264.0, 640.0, 9.0, False, 987, proper=False, marks=["ّ"])
    assert len(_fold_stray_marks([[far], above, line])) == 3  # nothing within an em: kept as it is


def test_a_gap_beside_an_arabic_letter_known_by_its_marks_is_left_to_pdftotext():
    # Chromium maps "نٍ" to the tanwin's glyph (ink 1.3 pt wide) and the nun's own glyph to
    # nothing: the nun's width is a gap that pdftotext decides (indexer/extract/poppler.py)
    from indexer.extract.word_spaces import UNCERTAIN_SPACE

    def ink(text, x0, x1, order):
        return Cluster(text, x0, x1, 700.0, 14.0, False, order, proper=False, ink=(x0 + x1) / 2, pen=x0)

    row = [ink("نٍ", 100.0, 101.3, 3), ink("ك", 106.0, 111.0, 2), ink("س", 111.0, 118.0, 1)]
    space = Cluster(" ", 101.3, 101.3, 700.0, 1.0, False, 4, proper=False)  # PDFium's guess
    assert row_line([row[0], space, *row[1:]], True).text == f"سك{UNCERTAIN_SPACE}نٍ"
    latin = [ink("a", 100.0, 104.0, 1), ink("b", 110.0, 114.0, 2)]
    assert row_line(latin, False).text == "a b"


def test_thai_spaces_around_numbers_are_word_spaces():
    # Thai spaces its phrases and numbers; only Chinese and Japanese get the wider threshold
    # for LibreOffice's autospacing (Chromium, 14 pt: 3.6 pt either side of "40")
    assert row_line(_row("เขตเทศบาลลงละ40ภาย", {13: 3.6, 15: 3.6}), False).text == "เขตเทศบาลลงละ 40 ภาย"
    assert row_line(_row("面积达到60%以上", {4: 3.6, 7: 3.6}), False).text == "面积达到60%以上"


def test_a_thai_syllable_drawn_twice_after_the_next_letter_is_read_once():
    # Chromium maps both glyphs of "พั" to the syllable and draws the mark's glyph from the pen
    # position after "ฒ" (glyph rows as indexer/extract/glyphs.glyph_rows gives them)
    from indexer.extract.glyphs import to_clusters

    glyphs = [
        ("พ", 105.2, 109.8, 107.7, False, 105.2, 716.1, 14.0, False, 0.0),
        ("ั", 105.2, 114.0, 111.9, False, 105.2, 716.1, 14.0, False, 0.0),
        ("ฒ", 115.3, 128.1, 121.7, True, 115.3, 716.1, 14.0, False, 0.0),
        ("พ", 115.3, 113.7, 112.3, False, 115.3, 716.1, 14.0, False, 0.0),
        ("ั", 115.3, 116.7, 115.2, False, 115.3, 716.1, 14.0, False, 0.0),
    ]
    assert [c.text for c in to_clusters(glyphs)] == ["พั", "ฒ"]


def test_the_gap_after_a_thai_sara_am_syllable_is_left_to_pdftotext():
    # Chromium maps "กำ" to the glyph of ก with its nikhahit and the sara aa's glyph to
    # nothing: the 0.49 em after the ink is the rest of the syllable or a word space
    from indexer.extract.word_spaces import UNCERTAIN_JOIN, UNCERTAIN_SPACE

    syllable = Cluster("กำ", 342.2, 349.4, 717.6, 14.0, False, 0, proper=False, ink=344.7, pen=342.2)
    rest = [Cluster(ch, 356.3 + 8.5 * i, 364.8 + 8.5 * i, 717.6, 14.0, False, 1 + i) for i, ch in enumerate("หนด")]
    text = row_line([syllable, *rest], False).text
    assert text in (f"กำ{UNCERTAIN_SPACE}หนด", f"กำ{UNCERTAIN_JOIN}หนด")


def test_hangul_known_by_its_ink_gets_its_cell():
    # LibreOffice, justified 9 pt column: some syllables come with their advance (8.3 pt),
    # others with their ink only ("이", "직"), which made "직접" two words
    cells = [
        ("주", 351.1, 359.4, True),
        (" ", 360.4, 360.4, False),  # PDFium's guesses from the gaps
        ("민", 360.4, 368.7, True),
        ("이", 369.6, 376.7, False),
        (" ", 378.9, 378.9, False),
        ("직", 381.9, 389.0, False),
        (" ", 391.1, 391.1, False),
        ("접", 391.1, 399.4, True),
        (" ", 400.4, 400.4, False),
        ("참", 403.4, 411.7, True),
        (" ", 412.7, 412.7, False),
        ("여", 412.7, 419.9, False),
    ]
    row = [
        Cluster(t, x0, x1, 716.3, 9.0, False, i, proper=p, ink=(x0 + x1) / 2, pen=x0)
        for i, (t, x0, x1, p) in enumerate(cells)
    ]
    assert row_line(row, False).text == "주민이 직접 참여"


def test_korean_lines_broken_inside_a_word_are_joined_without_a_space():
    # Chromium breaks Korean between any two syllables; the page's own words tell where
    from indexer.extract.paragraphs import Line, read_page

    def line(text, base):
        return Line(text, 62.0, 530.0, base, 14.0, False, False, 30.0)

    chromium = [
        line("1. 가람시는 원도심 5개 구역을 대상으로 도시재생 사", 700.0),
        line("업을 추진한다. 시는 매년 도시재생 사업을 점검하", 680.0),
        line("고 결과를 공개한다.", 660.0),
    ]
    assert (
        read_page([chromium]).text
        == "1. 가람시는 원도심 5개 구역을 대상으로 도시재생 사업을 추진한다. 시는 매년 도시재생 사업을 점검하고 결과를 공개한다."
    )
    # no break on the page is shown to fall inside a word: a one-syllable word stays a word
    libreoffice = [
        line("2. 코로나19 이후 상가의 공실률은 상승하였다. 시는", 700.0),
        line("빈 점포를 공유 사무실로 전환한다.", 680.0),
    ]
    assert read_page([libreoffice]).text.endswith("시는 빈 점포를 공유 사무실로 전환한다.")


def test_a_flush_left_right_to_left_list_item_keeps_its_wrapped_last_words():
    # LibreOffice set this Persian page flush left: a line starts on the right, at its own
    # indent; "مصرف آب" ends item 3, whose first line starts 53 pt short of the widest line
    from indexer.extract.paragraphs import paragraphs

    rows = [
        ("1. استفاده از پساب تصفیه‌شده برای آبیاری فضای سبز عمومی", 56.4, 538.0, 461.5, 11.2),
        ("2. الزام ساختمان‌های جدید به نصب سامانهٔ جمع‌آوری آب باران", 56.8, 509.6, 434.1, 10.4),
        ("3. برگزاری کارگاه‌های آموزشی برای خانوارها دربارهٔ صرفه‌جویی در", 59.5, 513.8, 406.7, 10.7),
        ("مصرف آب", 56.8, 108.8, 379.3, 29.7),
        ("۳. اعتبار کل طرح حدود ۸۴۰ میلیارد تومان برآورد شده است که", 59.5, 541.3, 344.9, 10.5),
        ("از طریق مشارکت بخش عمومی و خصوصی (PPP) تأمین می‌شود. گزارش", 59.5, 566.7, 317.5, 25.0),
        ("پیشرفت کار هر شش ماه در تارنمای شهرداری منتشر خواهد شد.", 56.7, 539.2, 290.1, 10.8),
    ]
    lines = _block(rows, em=14.0, rtl=True)
    assert [len(p) for p in paragraphs(lines)] == [1, 1, 2, 3]


def test_a_number_keeps_its_korean_unit_across_libreoffice_autospace():
    # LibreOffice puts ~0.3 em between digits and Hangul; Korean writes the unit against the
    # number ("2027년에는"), while a space before a number is a word space ("약 1,200억")
    em = 9.0
    assert row_line(_row("2027년에는", {4: 2.8}, em=em), False).text == "2027년에는"
    assert row_line(_row("약1,200억", {1: 2.8}, em=em), False).text == "약 1,200억"


def test_full_width_marks_known_by_their_ink_take_their_cell():
    # LibreOffice, 11 pt: "》" and "）" come with their ink only (a third of the cell), and the
    # rest of the cell read as a word space ("纲要》 和《", "（间） ，")
    def ink(text, x0, x1, order):
        return Cluster(text, x0, x1, 662.4, 11.0, False, order, proper=False, ink=(x0 + x1) / 2, pen=x0)

    def whole(text, x0, order):
        return Cluster(text, x0, x0 + 11.0, 662.4, 11.0, False, order, pen=x0)

    row = [whole("纲", 354.5, 0), ink("要", 365.5, 375.9, 1), ink("》", 376.5, 381.7, 2), whole("和", 387.5, 3)]
    assert row_line(row, False).text == "纲要》和"


def test_chinese_lines_join_without_a_space_beside_numbers_but_korean_keeps_its_own():
    from indexer.extract.normalize import join_pair

    assert join_pair("居民步行15", "分钟内可到达") == "居民步行15分钟内可到达"
    assert join_pair("新增用地需求的40%", "以上通过存量用地") == "新增用地需求的40%以上通过存量用地"
    assert join_pair("不动产投资信托基金", "（REITs），引导") == "不动产投资信托基金（REITs），引导"
    assert join_pair("本期发生额", "4,755,785.11") == "本期发生额 4,755,785.11"  # table cells stay apart
    assert join_pair("Chinese (Traditional):", "你好世界") == "Chinese (Traditional): 你好世界"
    assert join_pair("UN-Habitat의", "「새로운 도시 의제」") == "UN-Habitat의 「새로운 도시 의제」"
    assert join_pair("the city will", "publish") == "the city will publish"


def test_an_opening_bracket_goes_to_the_next_line_with_what_it_opens():
    # Chromium left 32 pt at the end of a line: room for "（" alone but not for "（REITs），",
    # inside which no line may break; the next line's first word is all of it
    cell = 7.0  # _row draws every character 0.5 em wide at 14 pt
    assert row_line(_row("（REITs），引导政策性银行"), False).first_word >= 7 * cell - 0.01  # "（REITs）"
    assert row_line(_row("交通系统"), False).first_word <= cell + 0.01  # a line may break after 交


def test_a_compound_broken_at_its_hyphen_keeps_it_when_both_halves_are_words_on_the_page():
    from indexer.extract.paragraphs import Line, read_page

    def line(text, base):
        return Line(text, 56.8, 540.0, base, 11.0, False, False, 30.0)

    lines = [
        line("Residents will check how resident-", 700.0),
        line("collected information is used; what is collected by a resident is theirs. The", 686.0),
        line("city will publish the develop-", 672.0),
        line("ment plans and develop them with the residents.", 658.0),
    ]
    text = read_page([lines]).text
    assert "how resident-collected information" in text and "the development plans" in text


def test_a_korean_line_ending_in_a_lone_jamo_is_laid_out():
    # a jamo (U+1100…) is Hangul but no syllable: the line-break rule must not fail on it
    from indexer.extract.paragraphs import read_page

    lines = _block([("도시재생 ᄉ", 62.0, 530.0, 700.0, 30.0), ("업을 추진한다.", 62.0, 300.0, 680.0, 30.0)], em=14.0)
    assert read_page([lines]).text == "도시재생 ᄉ 업을 추진한다."


def test_stray_marks_beside_a_row_part_of_spaces_alone():
    # a column's part of a row can hold only a guessed space: it has no letters to sit on
    from indexer.extract.columns import _fold_stray_marks

    stray = [Cluster("ل", 262.6, 264.0, 605.4, 9.0, False, 1, proper=False, marks=["ّ"])]
    spaces = [Cluster(" ", 200.0, 200.0, 604.0, 1.0, False, 2, proper=False)]
    line = [Cluster(ch, 200.0 + 5 * i, 205.0 + 5 * i, 602.9, 9.0, False, 3 + i) for i, ch in enumerate("تتوى")]
    rows = _fold_stray_marks([stray, spaces, line])
    assert sum(len(row) for row in rows) == 6 and any(stray[0] in row for row in rows)


def test_a_dash_or_maqaf_set_close_after_a_word_joins_the_next_line_without_a_space():
    from indexer.extract.normalize import join_pair

    assert join_pair("Программа на 2024–", "2030 годы") == "Программа на 2024–2030 годы"
    assert join_pair("ירידה של מ־", "15%.") == "ירידה של מ־15%."
    assert join_pair("the plan—", "and its budget") == "the plan—and its budget"
    assert join_pair("the plan –", "and its budget") == "the plan – and its budget"


def test_a_glyph_mapped_to_the_syllable_before_it_and_more_adds_only_the_more():
    from indexer.extract.glyphs import to_clusters

    # Chromium, Noto Sans Devanagari: 'जाएँगे।' ends in a glyph mapped to 'गे' and one mapped
    # to 'गे।' whose ink lies over the first ('जा एँगेगे।' before)
    glyphs = [
        ("ग", 327.18, 335.27, 329.20, False, 327.18, 700.0, 14.0, False, 0.0),
        ("े", 327.18, 335.27, 329.20, False, 327.18, 700.0, 14.0, False, 0.0),
        ("ग", 335.06, 340.36, 330.45, False, 335.06, 700.0, 14.0, False, 0.0),
        ("े", 335.06, 340.36, 330.45, False, 335.06, 700.0, 14.0, False, 0.0),
        ("।", 335.06, 340.36, 330.45, False, 335.06, 700.0, 14.0, False, 0.0),
    ]
    assert [c.text for c in to_clusters(glyphs)] == ["गे", "।"]


def test_a_glyph_mapped_to_part_of_the_syllable_before_it_over_its_ink_is_read_once():
    from indexer.extract.glyphs import to_clusters

    # Chromium, Noto Sans Thai: 'ได้จัด'; the vowel sign's glyph after 'ด' maps to 'จั' again,
    # its ink over the glyph already read as 'จัด้' ('ได้จัด้จัด' before)
    glyphs = [
        ("จ", 373.32, 376.12, 374.93, False, 373.32, 650.13, 11.0, False, 0.0),
        ("ั", 373.32, 378.50, 377.31, False, 373.32, 650.13, 11.0, False, 0.0),
        ("ด", 373.32, 370.99, 370.14, False, 373.32, 650.13, 11.0, False, 0.0),
        ("้", 373.32, 372.69, 371.84, False, 373.32, 650.13, 11.0, False, 0.0),
        ("ด", 379.17, 385.94, 382.55, True, 379.17, 650.13, 11.0, False, 0.0),
        ("จ", 379.27, 377.68, 376.66, False, 379.27, 650.13, 11.0, False, 0.0),
        ("ั", 379.27, 379.73, 378.71, False, 379.27, 650.13, 11.0, False, 0.0),
    ]
    assert [c.text for c in to_clusters(glyphs)] == ["จัด้", "ด"]


def test_sara_am_known_by_its_ink_leaves_the_gap_after_it_to_pdftotext():
    # LibreOffice, Noto Looped Thai: 'น้ำท่วม'; the glyph of sara am maps to 'ำ' with only the
    # nikhahit's ink, its vowel part (0.5 em) a glyph of its own that maps to nothing
    em, base = 12.0, 700.0
    row = [
        Cluster("น", 147.21, 155.30, base, em, False, 17, marks=["้"]),
        Cluster("ำ", 151.20, 155.02, base, em, False, 19, proper=False),
        Cluster("ท", 161.40, 169.39, base, em, False, 21),
    ]
    assert row_line(row, False).text in ("น้ำ\u2063ท", "น้ำ\u2064ท")


def test_a_space_wide_gap_between_ideographs_is_left_to_pdftotext():
    # Chromium, 14 pt: "第1条 澜州市" drawn with the font's space, 0.22 em, between two ideographs
    # (under the 0.45 em that autospace beside Latin and digits needs); a word kerned as far
    # apart ("炸药" at 0.30 em) reads the same, so the gap is marked for pdftotext's reading
    from indexer.extract.poppler import resolve_spaces
    from indexer.extract.word_spaces import UNCERTAIN_JOIN

    def row(text, gap_after):
        out, x = [], 50.0
        for i, ch in enumerate(text):
            width = 0.555 * 14 if ch.isdigit() else 14.0
            out.append(Cluster(ch, x, x + width, 700.0, 14.0, False, i, pen=x))
            x += width + (gap_after if i == 2 else 0.0)
        return out

    text = row_line(row("第1条澜州市", 0.224 * 14), False).text
    assert text == f"第1条{UNCERTAIN_JOIN}澜州市"
    markers = {UNCERTAIN_JOIN: ""}
    assert resolve_spaces(text, "第1条 澜州市2024—2030", markers) == "第1条 澜州市"
    assert resolve_spaces(text, None, markers) == "第1条澜州市"  # without pdftotext, no space
    assert row_line(row("第1条澜州市", 0.02 * 14), False).text == "第1条澜州市"  # set solid
    assert row_line(row("第1条澜州市", 0.6 * 14), False).text == "第1条 澜州市"  # wider than autospace


def test_latin_and_numbers_set_against_chinese_join_its_lines_without_a_space():
    from indexer.extract.normalize import join_pair

    # Chromium breaks between Han and a number or a Latin word the text sets against it
    assert join_pair("租金水平一度下降", "8.5%，但2025年") == "租金水平一度下降8.5%，但2025年"
    assert join_pair("探索以", "PPP模式吸引社会资本") == "探索以PPP模式吸引社会资本"
    assert join_pair("规划局应依托GIS", "平台建立住房用地") == "规划局应依托GIS平台建立住房用地"
    assert join_pair("目标的达成状况は", "SDGsの視点から") == "目标的达成状况はSDGsの視点から"
    assert join_pair("全長約", "11kmのBRT") == "全長約11kmのBRT"
    # a text that spaces them, a table's cell and an address keep the space
    assert join_pair("探索以", "PPP 模式") == "探索以 PPP 模式"
    assert join_pair("本期发生额", "4,755,785.11") == "本期发生额 4,755,785.11"
    assert join_pair("和www.hkexnews.hk", "重大诉讼仲裁情况") == "和www.hkexnews.hk 重大诉讼仲裁情况"
    assert join_pair("UN-Habitat의", "SDG 11과") == "UN-Habitat의 SDG 11과"  # Korean spaces its words


def test_nastaliq_paragraph_spacing_is_a_few_points_over_a_tall_pitch():
    # Noto Nastaliq Urdu at 14 pt: lines 40.2 pt apart, LibreOffice's paragraph spacing adds
    # 7 pt (1.17 pitches, under the 1.35 a Nastaliq page needs otherwise); the short line after
    # the paragraph is its own
    from indexer.extract.paragraphs import Line, paragraphs

    def line(text, x0, base):
        return Line(text, x0, 553.0, base, 14.0, False, True, 30.0)

    lines = [
        line("۲۔ بارش کے موسم میں نشیبی علاقوں میں پانی کھڑا ہونے سے بیماریاں", 57.0, 700.0),
        line("پھیلتی ہیں۔ نالوں کی صفائی ہر سال اپریل اور مئی میں مکمل کی جائے", 57.0, 659.8),
        line("گی، اور شکایات کے لیے ہیلپ لائن 1334 چوبیس گھنٹے کھلی رہے گی۔", 60.0, 619.6),
        line("صوبائی کابینہ نے ۱۸ فروری ۲۰۲۶ کو منظوری دی", 300.0, 572.3),
    ]
    assert [len(p) for p in paragraphs(lines, cascading=True)] == [3, 1]
    assert [len(p) for p in paragraphs(lines)] == [4]  # the same gaps on another page: one paragraph
    # an unlabelled line after a finished sentence: the gap decides; a labelled one ("منظوری:",
    # approval) opens a paragraph of its own after a sentence ended with Urdu's full stop
    labelled = [*lines[:3], line("منظوری: صوبائی کابینہ، ۱۸ فروری ۲۰۲۶", 300.0, 572.3)]
    assert [len(p) for p in paragraphs(labelled)] == [3, 1]


def test_a_wrapped_line_starting_with_a_number_continues_its_paragraph():
    # "(تفصیل کے لیے جدول" / "۳ دیکھیں)۔": a number with no stop after it, the line before
    # unfinished, and not written like the item's own label "2.": no new item
    from indexer.extract.paragraphs import Line, paragraphs

    def line(text, x0, base):
        return Line(text, x0, 567.0, base, 9.0, False, True, 4.0)

    lines = [
        line("2. بنیادی مراکزِ صحت میں ڈاکٹروں اور نرسوں کی خالی آسامیاں چھ", 316.0, 700.0),
        line("ماہ میں پُر کی جائیں گی۔ حاملہ خواتین کے لیے مفت معائنہ اور", 330.0, 678.2),
        line("ویکسینیشن کی سہولت ہر مرکز پر دستیاب ہوگی (تفصیل کے لیے جدول", 316.0, 656.4),
        line("۳ دیکھیں)۔", 528.0, 634.5),
    ]
    assert [len(p) for p in paragraphs(lines)] == [4]
    # the next item, written like the first, is one
    lines[3] = line("3. ہر سہ ماہی کے اختتام پر ایک آزاد ادارہ پیش رفت کا جائزہ لے گا", 316.0, 634.5)
    assert [len(p) for p in paragraphs(lines)] == [3, 1]


def test_a_number_wrapped_at_its_hyphen_and_a_line_after_a_full_width_comma_join_without_a_space():
    from indexer.extract.normalize import join_pair

    assert join_pair("тел. +7 (8152) 45-", "12-00") == "тел. +7 (8152) 45-12-00"
    assert join_pair("3. 進捗状況は毎年度、", "https://www.city.lg.jp/kotsu で公表する。") == (
        "3. 進捗状況は毎年度、https://www.city.lg.jp/kotsu で公表する。"
    )
    assert join_pair("the years 2024 -", "2030") == "the years 2024 - 2030"


def test_chinese_spread_by_justification_beside_an_unspread_number_has_no_spaces():
    # Chromium, 9 pt columns (held-out Chinese): a line ended early by a long e-mail address is
    # spread 1.2 em between characters, its phone number not at all
    def run(text, x, step, width):
        return [
            Cluster(
                ch,
                x + step * i,
                x + step * i + width,
                700.0,
                9.0,
                False,
                i,
                ink=x + step * i + width / 2,
                pen=x + step * i,
            )
            for i, ch in enumerate(text)
        ]

    row = (
        run("咨询电话：", 312.7, 19.9, 9.0) + run("0571-88001234", 412.1, 4.85, 4.85) + run("，邮箱", 486.0, 19.9, 9.0)
    )
    assert row_line(row, False).text == "咨询电话：0571-88001234，邮箱"
    # one Chinese line set close keeps the space its writer typed before a Latin word
    row = run("以此为准", 50.0, 9.0, 9.0) + run("PPP", 50.0 + 36.0 + 6.0, 5.0, 5.0)
    assert row_line(row, False).text == "以此为准 PPP"


def test_a_title_wider_than_the_column_below_it_does_not_set_the_measure():
    from indexer.extract.paragraphs import Line, paragraphs

    # LibreOffice, 9 pt columns, held-out Russian: one column filled, the 12 pt title above it
    # runs past the column's right edge; the column's justified lines are one paragraph
    title = Line("Энергоэффективность жилого фонда и тепловые сети", 56.8, 401.0, 790.7, 12.0, True, False, 150.0)
    body = _block(
        [
            ("1. Программа модернизации жилищно-коммунального", 56.8, 307.4, 771.5, 10.0),
            ("хозяйства на 2025–2032 годы предусматривает", 56.8, 307.8, 757.5, 40.0),
            ("капитальный ремонт 1 850 многоквартирных домов и", 56.8, 307.1, 743.4, 50.0),
            ("снижение потерь тепла в сетях с 19% до 9%. Общий", 56.8, 306.9, 729.4, 45.0),
            ("них 30% — средства частных инвесторов.", 56.8, 241.5, 715.3, 20.0),
        ]
    )
    assert [len(p) for p in paragraphs([title] + body)] == [1, 5]


def test_rows_of_spaces_alone_do_not_outvote_right_to_left_lines():
    from indexer.extract.layout import _rtl_page

    # LibreOffice, Noto Naskh Arabic 14 pt (held-out Arabic): 14 Arabic lines and 15 rows of
    # nothing but drawn spaces; a line with an e-mail address was then read left to right
    arabic = [_row("النقل العام")] * 14
    spaces = [[Cluster(" ", 90.0, 93.0, 700.0, 14.0, False, 0)]] * 15
    assert _rtl_page(arabic + spaces)
    assert not _rtl_page([_row("Public transport")] * 3 + arabic[:2] + spaces)


def test_a_wrapped_line_starting_with_a_grouped_number_continues_its_paragraph():
    # Chromium, ragged 14 pt (held-out Spanish): "… con una inversión de" / "3.400 millones de
    # pesos." — a number with a thousands separator, no stop after it, the line before
    # unfinished: no "7.11 Text" label
    from indexer.extract.paragraphs import Line, paragraphs

    def line(text, x1, base):
        return Line(text, 57.0, x1, base, 14.0, False, False, 30.0)

    lines = [
        line("1. El Plan Municipal de Seguridad Vial (2025–2030) busca reducir", 540.0, 700.0),
        line("en un 50 % las muertes por siniestros de tránsito, con una inversión de", 545.0, 682.0),
        line("3.400 millones de pesos.", 230.0, 664.0),
    ]
    assert [len(p) for p in paragraphs(lines)] == [3]
    lines[2] = line("7.11 Vivienda y suelo urbano", 260.0, 664.0)  # after a finished sentence it is one
    lines[1] = line("en un 50 % las muertes por siniestros de tránsito.", 420.0, 682.0)
    assert [len(p) for p in paragraphs(lines)] == [2, 1]


def test_lines_in_large_type_are_judged_by_their_own_pitch_and_never_split_more():
    """Two lines of a 24 pt title 28 pt apart are one paragraph (the body's 1.25 x 14 pt gap would
    end it); the threshold for large type is never below the body's, so one tight pair of body
    lines (8.5 pt apart: a superscript's own baseline) does not split a 13 pt paragraph."""
    from indexer.extract.paragraphs import Line, paragraphs

    def line(text, base, em, x1=500.0):
        return Line(text, 50.0, x1, base, em, False, False, 30.0)

    title = [line("Port Amara City Strategy 2026–2031: Our", 780, 24), line("Goals, Our Neighbourhoods", 752, 24, 350)]
    body = [line(f"body line {n} of the plan that wraps", 700 - 14 * n, 12) for n in range(6)]
    assert [len(p) for p in paragraphs(title + body)] == [2, 6]
    large = [line(f"a 13 pt paragraph, line {n}", 760 - 14.3 * n, 13) for n in range(3)]
    small = [line(f"small line {n}", 700 - 12 * n, 10) for n in range(7)]
    small.insert(4, line("tight", small[3].base - 8.5, 10))
    assert [len(p) for p in paragraphs(large + small)] == [3, 8]


@pytest.mark.parametrize(
    "texts, rtl",
    [
        (
            ["措施1：目标：新建4000套公共租赁住房。", "措施2：目标：发行市政绿色债券。", "措施3：目标：修缮历史集市。"],
            False,
        ),
        (
            ["Mesure 1 : construire 4 000 logements.", "Mesure 2 : émettre des obligations.", "Mesure 3 : restaurer."],
            False,
        ),
        (["الإجراء 1: بناء 4000 مسكن اجتماعي.", "الإجراء 2: إصدار سندات خضراء.", "الإجراء 3: ترميم الأسواق."], True),
    ],
)
def test_one_line_items_named_and_numbered_in_turn_are_paragraphs_of_their_own(texts, rtl):
    # LibreOffice, 11 pt: one-line items 25–28 pt apart, each ending within two ems of the
    # longest line, so neither the gaps nor the room left at a line's end tells them apart
    from indexer.extract.paragraphs import Line, paragraphs

    ends = [435.0, 461.1, 450.0]
    lines = [Line(t, 56.8, x1, 775.5 - 25.3 * i, 11.0, False, rtl, 10.9) for i, (t, x1) in enumerate(zip(texts, ends))]
    assert [len(p) for p in paragraphs(lines)] == [1, 1, 1]
    # numbered out of turn (1, 5, 3), nothing tells the lines apart: one paragraph, as before
    out_of_turn = [lines[0], replace(lines[1], text=lines[1].text.replace("2", "5", 1)), lines[2]]
    assert [len(p) for p in paragraphs(out_of_turn)] == [3]


@pytest.mark.parametrize(
    "texts, rtl",
    [
        (
            [
                "公共租赁住房：为低收入家庭新建4000套公共租赁住房，消除街头露宿现象。",
                "绿色债券：市政府将发行绿色债券，并通过土地增值收益回收为轨道交通站点融资。",
                "历史集市：由本地工匠修缮历史集市建筑，并向文化活动开放。",
            ],
            False,
        ),
        (
            [
                "الإسكان الاجتماعي: ستبني البلدية 4000 مسكن اجتماعي للإيجار.",
                "السندات الخضراء: ستصدر البلدية سندات خضراء لتمويل محطات النقل.",
                "التراث: ستُرمَّم الأسواق التاريخية وتُفتح للفعاليات الثقافية.",
            ],
            True,
        ),
    ],
)
def test_one_line_measures_each_under_its_own_heading_are_paragraphs_of_their_own(texts, rtl):
    # measured on LibreOffice PDFs (tests/test_headed_statements.py): 11 pt lines 25.3 pt apart,
    # the Arabic ones set flush left, each ending within an em or two of the longest
    from indexer.extract.paragraphs import Line, paragraphs

    ends = [437.7, 463.8, 364.8]
    lines = [Line(t, 56.8, x1, 775.5 - 25.3 * i, 11.0, False, rtl, 11.0) for i, (t, x1) in enumerate(zip(texts, ends))]
    assert [len(p) for p in paragraphs(lines)] == [1, 1, 1]
    # a line that does not end a sentence runs on, label or not
    run_on = [replace(lines[0], text=lines[0].text.rstrip("。.")), *lines[1:]]
    assert [len(p) for p in paragraphs(run_on)] == [2, 1]


def test_numbers_joined_by_a_hyphen_after_arabic_letters_are_two_numbers_as_drawn():
    """After Arabic letters, digits are Arabic numbers, which a hyphen-minus does not join
    (Unicode's bidi rules W2, W4): LibreOffice, Word and browsers draw "2025-2030" in an Arabic
    sentence as "2030-2025" from the left, and a phone number's groups in reverse. Read back, it is
    "2025-2030" again; at a line's start ("1-2 …") the hyphen joins. A decimal point or a thousands comma still joins them ("7.11", "1,000"), and
    after Latin letters ("SDG 11-12") the hyphen joins as before. At 0df3d93 the hyphenated years
    and the phone number came back reversed."""
    from indexer.extract.bidi import to_logical

    def logical(visual: str) -> str:
        return "".join(to_logical(list(visual), True))

    # each line as drawn, left to right
    assert logical(".نكسلا ريفوت 2030-2025 ةنيدملل") == "للمدينة 2025-2030 توفير السكن."
    assert logical(".2024/117 مقر 5678-1234-02 فتاهلا") == "الهاتف 02-1234-5678 رقم 2024/117."
    assert logical("نكسم 1,000 و 7.11 رشؤملا") == "المؤشر 7.11 و 1,000 مسكن"
    assert logical("SDG 11-12 فدهلا") == "الهدف SDG 11-12"
    # at a line's start no Arabic letter comes before them: one number, as the UN's Arabic texts
    # number targets ("1-2 الحد من الفقر", drawn so); this is what CI caught in a first version
    assert logical("رقفلا نم دحلا 1-2") == "1-2 الحد من الفقر"


@pytest.mark.slow
def test_year_ranges_and_phone_numbers_in_an_arabic_libreoffice_pdf_read_in_their_order(tmp_path):
    from indexer.extract.load import load_document
    from tests.support.libreoffice import make_pdf, soffice

    if soffice() is None:
        pytest.skip("LibreOffice is not installed (make system-deps)")
    paragraphs = [
        "الخطة الاستراتيجية للمدينة 2025-2030 تهدف إلى توفير السكن.",
        "خلال الفترة 2025–2030 ستبني المدينة 5000 مسكن.",
        "تحقيق الهدف SDG 11-12 والمؤشر 7.11 بنسبة 35% و 1,000 مسكن.",
        "للاستفسار: الهاتف 02-1234-5678، القرار رقم 2024/117.",
    ]
    text = load_document(make_pdf(tmp_path, "years", "ar", paragraphs), use_ocr=False).pages[0].text
    for paragraph in paragraphs:
        assert paragraph in text, text


def test_an_arabic_bulleted_list_set_flush_left_keeps_items_of_unequal_length_apart():
    """The line boxes of the first page of an Arabic plan written in Word and printed by
    LibreOffice, set flush left (title, headings, two paragraphs, four bulleted items with no space
    between them, a paragraph, a table): right to left, the items start (on the right) where their
    length takes them. The next bulleted line is an item however far right it starts; at 24ba6cd
    the second and third ran together."""
    from indexer.extract.paragraphs import Line, paragraphs

    rows = [  # (text (its first 40 characters), x0, x1, baseline, em, right to left, first word's width)
        ('المخطط المحلي للتنمية – مسودة للتشاور', 89.6, 280.1, 745.8, 11.0, True, 30.9),
        ('المخطط المحلي للتنمية لمدينة الواحة', 90.1, 503.0, 695.8, 26.0, True, 70.8),
        ('2035–2025', 89.9, 236.9, 665.6, 26.0, False, 147.0),
        ('الفصل 2. الإسكان والأراضي', 90.0, 284.9, 617.5, 14.0, True, 39.0),
        ('2.1 الأهداف', 90.1, 167.7, 589.7, 13.0, True, 21.2),
        ('ستوفر المدينة 12000 مسكن جديد بحلول عام ', 93.0, 509.2, 574.2, 11.0, True, 26.3),
        ('التكلفة للأسر ذات الدخل المنخفض.', 90.1, 251.3, 559.5, 11.0, True, 35.3),
        ('تُخصص الأراضي العامة القريبة من خط الترا', 93.5, 509.8, 534.8, 11.0, True, 23.9),
        ('هذه المواقع لمدة عشرين عامًا.', 90.1, 231.6, 520.1, 11.0, True, 14.6),
        ('\uf0b7 الإسكان الاجتماعي على الأراضي العامة', 90.0, 290.0, 495.4, 11.0, True, 5.3),
        ('\uf0b7 تحديد سقف للإيجارات في وسط المدينة', 90.0, 293.4, 480.7, 11.0, True, 5.7),
        ('\uf0b7 تطوير المناطق غير الرسمية بمشاركة سكان', 90.0, 315.9, 466.0, 11.0, True, 5.4),
        ('\uf0b7 تحسين كفاءة الطاقة في المباني القديمة', 90.1, 295.9, 451.3, 11.0, True, 5.3),
        ('تقدم إدارة الإسكان تقريرًا سنويًا إلى ال', 90.1, 521.5, 426.6, 11.0, True, 18.4),
        ('الهدف 2035 خط الأساس 2024 المؤشر', 89.8, 438.3, 401.4, 11.0, True, 54.4),
        ('12000 1200 المساكن الميسورة المنجزة', 90.2, 408.4, 388.1, 11.0, True, 45.5),
        ('2000 8400 الأسر في المناطق غير', 93.2, 402.2, 372.6, 11.0, True, 41.2),
        ('الرسمية', 90.3, 127.4, 359.8, 11.0, True, 37.1),
        ('ستوفر المدينة 12000 مسكن جديد بحلول عام ', 93.0, 509.2, 346.5, 11.0, True, 26.3),
        ('التكلفة للأسر ذات الدخل المنخفض.', 90.1, 251.3, 331.8, 11.0, True, 35.3),
        ('تُخصص الأراضي العامة القريبة من خط الترا', 93.5, 509.8, 307.1, 11.0, True, 23.9),
        ('هذه المواقع لمدة عشرين عامًا.', 90.1, 231.6, 292.4, 11.0, True, 14.6),
        ('ستوفر المدينة 12000 مسكن جديد بحلول عام ', 93.0, 509.2, 267.7, 11.0, True, 26.3),
        ('التكلفة للأسر ذات الدخل المنخفض.', 90.1, 251.3, 253.0, 11.0, True, 35.3),
        ('تُخصص الأراضي العامة القريبة من خط الترا', 93.5, 509.8, 228.3, 11.0, True, 23.9),
        ('هذه المواقع لمدة عشرين عامًا.', 90.1, 231.6, 213.6, 11.0, True, 14.6),
        ('\uf0b7 الإسكان الاجتماعي على الأراضي العامة', 90.0, 290.0, 188.9, 11.0, True, 5.3),
        ('\uf0b7 تحديد سقف للإيجارات في وسط المدينة', 90.0, 293.4, 174.2, 11.0, True, 5.7),
        ('\uf0b7 تطوير المناطق غير الرسمية بمشاركة سكان', 90.0, 315.9, 159.5, 11.0, True, 5.4),
        ('\uf0b7 تحسين كفاءة الطاقة في المباني القديمة', 90.1, 295.9, 144.8, 11.0, True, 5.3),
        ('تقدم إدارة الإسكان تقريرًا سنويًا إلى ال', 90.1, 521.5, 120.1, 11.0, True, 18.4),
        ('الهدف 2035 خط الأساس 2024 المؤشر', 89.8, 438.3, 94.9, 11.0, True, 54.4),
        ('12000 1200 المساكن الميسورة المنجزة', 90.2, 408.4, 81.6, 11.0, True, 45.5),
        ('صفحة 1', 89.9, 128.4, 38.6, 11.0, True, 25.7),
    ]  # fmt: skip
    grouped = paragraphs(
        [Line(text, x0, x1, base, em, False, rtl, first) for text, x0, x1, base, em, rtl, first in rows]
    )
    items = [p for p in grouped if p[0].text.startswith("\uf0b7")]
    assert [len(p) for p in items[:4]] == [1, 1, 1, 1], [[line.text for line in p] for p in items]


def test_a_line_of_numbers_alone_on_a_right_to_left_page_reads_right_to_left():
    # "2025–2035" wrapped onto a line of its own from an Arabic title (Word's, printed by
    # LibreOffice), and a table's "1,200 12,000": drawn right to left, as the paragraph runs.
    # At 0df3d93 the title's years came back "2035–2025"
    assert row_line(_row("2035–2025"), True).text == "2025–2035"
    assert row_line(_row("12,000 1,200"), True).text == "1,200 12,000"
    assert row_line(_row("2035–2025"), False).text == "2035–2025"  # on a left-to-right page, as drawn
    assert row_line(_row("12"), True).text == "12"


def test_a_line_of_thousands_of_hyphenated_numbers_reads_whole():
    # bad input for the hyphen rule: 5,000 signs on one line are read in one pass each way (a
    # first version searched the line again for each sign: 4 s for 8,000 signs)
    from indexer.extract.bidi import to_logical

    numbers = "1-" * 5000 + "2"
    assert "".join(to_logical(list(numbers), True)) == numbers  # no Arabic letter before them: one number
    assert "".join(to_logical(list(numbers + " فتاهلا"), True)) == "الهاتف " + "-".join(["2"] + ["1"] * 5000)
