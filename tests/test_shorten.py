"""indexer/shorten.py: every place that shows the start of a longer text cuts it alike."""

from __future__ import annotations

import unicodedata

import pytest

from indexer.shorten import ELLIPSIS, shortened

ENGLISH = "The municipality will provide affordable rental housing near public transport for low-income households"
CHINESE = "推进以人为核心的新型城镇化，完善住房保障体系，扩大保障性租赁住房供给，提高公共交通服务水平"
ARABIC = "سَتُوَفِّرُ البَلَدِيَّةُ مَسَاكِنَ مَيْسُورَةَ التَّكْلِفَةِ قُرْبَ النَّقْلِ العَامِّ"  # with vowel signs
HINDI = "नगर निगम सार्वजनिक परिवहन के पास किफायती किराये के मकान उपलब्ध कराएगा"


@pytest.mark.parametrize("text", [ENGLISH, CHINESE, ARABIC, HINDI, "x" * 80])
@pytest.mark.parametrize("limit", [12, 25, 40])
def test_a_cut_text_fits_the_limit_and_says_it_was_cut(text, limit):
    short = shortened(text, limit)
    assert len(short) <= limit
    assert short.endswith(ELLIPSIS)
    assert text.startswith(short[: -len(ELLIPSIS)])


@pytest.mark.parametrize("text", [ENGLISH, CHINESE, ""])
def test_a_text_that_fits_is_left_whole(text):
    assert shortened(text, len(text)) == text
    assert shortened(text, len(text) + 5) == text


def test_words_stay_whole_where_the_script_has_spaces():
    short = shortened(ENGLISH, 40)
    assert short == "The municipality will provide…"
    assert all(word in ENGLISH.split() for word in short[:-1].split())


def test_a_script_without_spaces_is_cut_at_a_character():
    assert shortened(CHINESE, 20) == CHINESE[:19] + ELLIPSIS


def test_an_early_space_does_not_throw_the_room_away():
    """A Latin name before a Chinese title: cutting at its space would leave "UN-Habitat…"."""
    text = "UN-Habitat " + CHINESE
    assert shortened(text, 30) == text[:29] + ELLIPSIS


def test_no_mark_is_cut_off_its_letter():
    for text in (ARABIC, HINDI):
        for limit in range(5, len(text)):
            kept = shortened(text, limit)[: -len(ELLIPSIS)]
            cut_at = len(kept)
            # the next character of the source never is a mark that belonged to the last one kept
            assert cut_at == len(text) or not unicodedata.combining(text[cut_at]), (limit, kept)


def test_no_punctuation_hangs_before_the_ellipsis():
    text = "Housing, transport, water; and energy: the four priorities of the plan for the next decade"
    for limit in range(10, len(text)):
        short = shortened(text, limit)
        assert short[-2] not in " ,;:", short
