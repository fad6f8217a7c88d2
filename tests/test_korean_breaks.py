"""Korean line breaks inside words or at spaces (indexer/extract/korean_breaks.py)."""

from collections import Counter

from indexer.extract.korean_breaks import (
    HANGUL_RUN,
    join_preference,
    korean_breaks,
    starts_dependent,
    unit_after_number,
)
from indexer.extract.paragraphs import Line, read_page


def _line(text: str, x1: float, base: float, em: float = 14.0) -> Line:
    return Line(text, 62.0, x1, base, em, False, False, 30.0)


def _joined(lines: list[Line]) -> list[bool]:
    page = " ".join(line.text for line in lines)
    inside = korean_breaks([lines], Counter(HANGUL_RUN.findall(page)))
    return [inside.get(id(line), False) for line in lines[1:]]


def test_a_line_with_room_for_the_next_syllable_was_broken_at_a_space():
    # ragged text (the column ends at 530): a line broken inside a word left less room than the
    # syllable that did not fit; "사업" + "을" reads as one word, but 2 em of room say a space
    tight = [_line("도시재생 사업", 530.0 - 0.5 * 14.0, 700.0), _line("을 추진한다.", 530.0, 680.0)]
    roomy = [_line("도시재생 사업", 530.0 - 2.0 * 14.0, 700.0), _line("을 추진한다.", 530.0, 680.0)]
    assert _joined(tight) == [True]
    assert _joined(roomy) == [False]


def test_the_room_counts_the_stops_that_go_with_the_syllable():
    # "다." takes 2 em (each character a full em): 1.3 em of room decides nothing, 2.5 em does
    for room, joined in ((1.3, True), (2.5, False)):
        lines = [_line("배정할 계획이", 530.0 - room * 14.0, 700.0), _line("다. 시는 매년 점검한다", 530.0, 680.0)]
        assert _joined(lines) == [joined]


def test_the_analyser_tells_a_break_inside_a_word_from_one_at_a_space():
    assert join_preference("사업", "을") >= 4.0  # a particle set apart
    assert join_preference("공", "급하고") >= 4.0  # a word cut in two
    assert join_preference("사업을", "추진한다") < 1.0  # two words
    assert join_preference("활용할", "수") < 1.0  # "할 수": a bound noun after a verb is a word
    # a second half that begins with a suffix, particle or ending, however the two readings score
    assert starts_dependent("구성", "하여") and starts_dependent("사업", "을")
    assert not starts_dependent("목표로", "한다") and not starts_dependent("활용할", "수")


def test_a_number_keeps_its_unit_or_particle_across_a_line_break():
    assert unit_after_number("2027", "년에는")
    assert unit_after_number("27%", "까지")
    assert unit_after_number("1,200", "억")
    assert not unit_after_number("19", "이후")  # "코로나19 이후": a word of its own
    assert not unit_after_number("2030", "시내버스")


def test_chromium_breaks_inside_words_are_joined_by_the_analyser():
    lines = [
        _line("시는 2025년부터 2030년까지 원도심 5개 구역을 대상으로 도시재생 사", 530.0, 700.0),
        _line("업을 추진하고, 공공임대주택 8,000호를 공", 530.0, 680.0),
        _line("급하고, 원도심 상가의 공실률은 한때 27%", 530.0, 660.0),
        _line("까지 상승하였다.", 200.0, 640.0),
    ]
    assert read_page([lines]).text == (
        "시는 2025년부터 2030년까지 원도심 5개 구역을 대상으로 도시재생 사업을 추진하고,"
        " 공공임대주택 8,000호를 공급하고, 원도심 상가의 공실률은 한때 27%까지 상승하였다."
    )


def test_word_processor_breaks_at_spaces_stay_spaces():
    lines = [
        _line("시는 빈 점포를 공유 사무실과 주민 커뮤니티", 520.0, 700.0),
        _line("공간으로 전환하고 이를 위해 모든 공공건물", 525.0, 680.0),
        _line("지붕에 태양광 설비를 설치한다.", 300.0, 660.0),
    ]
    assert (
        read_page([lines]).text
        == "시는 빈 점포를 공유 사무실과 주민 커뮤니티 공간으로 전환하고 이를 위해 모든 공공건물 지붕에 태양광 설비를 설치한다."
    )


def _spread_row(words: list[str], step: float, space: float, em: float = 9.0, ink: float = 0.78):
    """LibreOffice's justified 9 pt Korean: syllables known by their ink only (narrower than the
    step), a space PDFium guessed between every two, word spaces only in the pen's steps."""
    from indexer.extract.glyphs import Cluster

    row, x, order = [], 351.1, 0
    for w, word in enumerate(words):
        if w:
            x += space
        for ch in word:
            if row:
                gap_x = row[-1].x1 + 0.2 * em
                row.append(Cluster(" ", gap_x, gap_x, 716.0, em, False, order, proper=False, ink=gap_x, pen=gap_x))
                order += 1
            # ink boxes of different widths, as "이" is narrower than "협"
            width = (ink - 0.05 * (order % 3)) * em
            row.append(Cluster(ch, x, x + width, 716.0, em, False, order, proper=False, ink=x + width / 2, pen=x))
            order += 1
            x += step
    return row


def test_justified_hangul_spaces_come_from_the_pens_steps():
    from indexer.extract.row_line import row_line

    row = _spread_row(["모든", "신축", "공공건축물에", "제로에너지건축물", "인증을"], step=9.69, space=3.4)
    assert row_line(row, False).text == "모든 신축 공공건축물에 제로에너지건축물 인증을"


def test_hangul_steps_of_no_one_advance_decide_nothing():
    from indexer.extract.hangul import hangul_spaces

    row = _spread_row(["모든", "신축", "공공건축물에"], step=9.69, space=3.4)
    shifts = [0.0, 0.5, 1.9, 2.6, 4.7, 5.1, 6.9, 8.2, 8.9, 10.9]  # a proportional Hangul font
    for shift, cluster in zip(shifts, (c for c in row if c.text != " ")):
        cluster.pen += shift
    assert hangul_spaces(row) == {}
    assert hangul_spaces(_spread_row(["모든", "신축"], step=9.69, space=3.4)) == {}  # too few steps


def test_breaks_beside_a_gloss_a_closing_mark_a_middle_dot_or_a_number():
    # word processors break there too, inside a word written without spaces
    def joined(before: str, after: str, room: float = 0.5) -> bool:
        return _joined([_line(before, 530.0 - room * 14.0, 700.0), _line(after, 530.0, 680.0)])[0]

    assert joined("녹색채권 발행과 민간투자사업", "(PPP)을 통해 재원을 확보한다.")
    assert joined("UN-Habitat의 「새로운 도시 의제」", "와의 정합성도 검토할 예정이다.")
    assert joined("시내버스 전체를 단계적으로 전기·", "수소 버스로 교체한다.")
    assert joined("태양광 설비를 설치하고, 2030", "년까지 시내버스 전체를", room=1.5)  # "년까지" needs 3 em
    assert not joined("태양광 설비를 설치하고, 2030", "년까지 시내버스 전체를", room=3.5)
    assert not joined("「새로운 도시 의제」", "발표 이후 시는")  # a word of its own after the mark
    assert not joined("코로나19", "이후 원도심 상가의")


def test_the_analyser_is_loaded_only_when_a_korean_break_is_asked_about():
    import subprocess
    import sys

    code = (
        "import sys, indexer.extract.load, indexer.extract.layout\n"
        "from indexer.extract.paragraphs import Line, read_page\n"
        "read_page([[Line('Plans are made', 0, 500, 700, 14, False, False, 30),"
        " Line('by the city.', 0, 200, 680, 14, False, False, 30)]])\n"
        "assert 'kiwipiepy' not in sys.modules, 'loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_spacing_model_decides_once_the_page_shows_breaks_inside_words():
    from indexer.extract.korean_breaks import spaced_at

    # a known word across the break, where the two readings score alike
    assert spaced_at("상가의 공실률은 한", "때 27%까지 상승하였다.") is False
    assert spaced_at("조성하여 주요 지하철", "역과 주거 단지,") is False
    # words that stay apart, though one word could be read across them ("년대", "분만", "강북")
    assert spaced_at("1970년", "대화재로 인해") is True
    assert spaced_at("10분", "만에 도착했다") is True
    assert spaced_at("‘골목", "활력’ 프로그램을") is True

    def lines(first: str, second: str, third: str) -> list[Line]:
        # a full Chromium column: every line ends within half an em of the edge
        return [_line(first, 530.0, 700.0), _line(second, 530.0 - 0.3 * 14.0, 680.0), _line(third, 530.0, 660.0)]

    # "사" / "업을" shows breaks inside words: the spacing model then joins "한" / "때"
    shown = lines("원도심 도시재생 사", "업을 추진한다. 상가의 공실률은 한", "때 27%까지 상승하였다.")
    assert _joined(shown) == [True, True]
    # a page that shows none (a word processor's, breaking only at spaces) keeps the space
    not_shown = lines("원도심 도시재생 사업을", "추진한다. 상가의 공실률은 한", "때 27%까지 상승하였다.")
    assert _joined(not_shown) == [False, False]


def test_a_space_after_a_number_is_a_space_where_the_page_sets_no_autospace():
    from indexer.extract.glyphs import Cluster
    from indexer.extract.hangul import sets_autospace
    from indexer.extract.row_line import row_line

    def row(text: str, gaps: dict[int, float], em: float = 14.0) -> list[Cluster]:
        # digits 0.555 em, syllables 0.92 em (Noto Sans CJK KR), cells known; gaps in em
        out, x = [], 60.0
        for i, ch in enumerate(text):
            x += gaps.get(i, 0.0) * em
            width = (0.555 if ch.isdigit() else 0.92) * em
            out.append(Cluster(ch, x, x + width, 700.0, em, False, i, pen=x))
            x += width
        return out

    # Chromium: "2024년" touches, and "2023 발모라시" is set apart by the font's space
    chromium = row("2024년", {}) + row("2023발모라시", {4: 0.28})
    libreoffice = row("2024년", {4: 0.25}) + row("2023발모라시", {4: 0.25})  # autospace by every number
    assert not sets_autospace(chromium) and sets_autospace(libreoffice)
    assert row_line(row("2023발모라시", {4: 0.28}), False, autospace=False).text == "2023 발모라시"
    assert row_line(row("2023발모라시", {4: 0.25}), False, autospace=True).text == "2023발모라시"
