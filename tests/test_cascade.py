"""Nastaliq rows (indexer/extract/cascade.py) on glyph boxes made by hand: a word's letters
step down to the baseline, so rows are the populated baselines and letters are read by pen
position."""

from indexer.extract.cascade import cascade_rows, is_cascading
from indexer.extract.glyphs import Cluster


def _glyph(text: str, x0: float, width: float, base: float, em: float = 14.0) -> Cluster:
    return Cluster(text, x0, x0 + width, base, em, False, 0, ink=x0 + width / 2, pen=x0)


def _cascading_line(base: float, words: list[str], right: float = 500.0) -> list[Cluster]:
    """Each word drawn right to left, its letters rising by a slope of its own before the
    last one, which sits on the baseline; the pen moves 6 pt per letter and 4 pt per space."""
    out, pen = [], right
    for n, word in enumerate(words):
        slope = 1.1 + 0.17 * n + 0.05 * base % 1
        for i, letter in enumerate(word):
            pen -= 6
            rise = slope * (len(word) - 1 - i)
            out.append(_glyph(letter, pen, 9.0, base + rise))  # ink wider than the advance: overlaps
        pen -= 4
    return out


def test_flat_baselines_are_not_a_cascade():
    flat = [_glyph(ch, 500 - 6 * i, 6, 700.0) for i, ch in enumerate("سلام علیکم دوستو" * 3) if ch != " "]
    assert not is_cascading(flat)
    assert not is_cascading([_glyph(ch, 500 - 6 * i, 6, 700.0 + i % 5) for i, ch in enumerate("abcdefgh" * 5)])


def test_a_cascading_page_is_read_by_baseline_and_pen_position():
    words = ["منصوبے", "کے", "تحت", "مکانات", "تعمیر", "کیے", "جائیں"]
    glyphs = _cascading_line(700.0, words) + _cascading_line(660.0, words[::-1])
    assert is_cascading(glyphs)
    rows, rest = cascade_rows(glyphs)
    assert rest == [] and len(rows) == 2
    read = ["".join(c.text for c in reversed(row)) for row in rows]  # right to left
    assert read == ["".join(words), "".join(words[::-1])]


def test_the_second_piece_of_a_letter_drawn_twice_is_dropped():
    letters = _cascading_line(700.0, ["مکانات", "تعمیر", "کیے", "جائیں"] * 2)
    # "...ات تعمیر": the final ت and the initial ت of the next word touch and both stay
    initial = next(c for c in letters if c.text == "ت" and c.base > 700.5)
    initial.x1 = initial.x0 + 2.5  # an initial ت is narrow...
    piece = _glyph("ت", initial.x0 + 2.2, 2.3, initial.base - 5)  # ...and its dots may come twice
    rows, _ = cascade_rows(letters + [piece])
    assert sum(c.text == "ت" for c in rows[0]) == sum(c.text == "ت" for c in letters) == 4
