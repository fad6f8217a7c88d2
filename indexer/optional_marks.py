"""Marks a writer may leave out without changing the word: Arabic harakat (fatha, damma,
kasra), shadda, sukun, tanwin, the dagger alef, Quranic annotation signs and the tatweel that
stretches a line. Most Arabic text is written without them, official texts put some in, and
both the model and BM25 read a word best without them: Tatoeba Arabic → English, 1,000 pairs,
276 of them with marks, nearest neighbour 78.2 % with the marks, 80.9 % without
(eval/RESULTS.md, "Arabic without its optional marks")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate

ARABIC_OPTIONAL_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# languages written in Arabic script (ISO 639-1), whose indexed text the marks change
ARABIC_SCRIPT_LANGS = ("ar", "fa", "ur", "ps", "ku", "sd", "ug")


def without_optional_marks(text: str) -> str:
    return ARABIC_OPTIONAL_MARKS.sub("", text)


def without_optional_marks_spans(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """The text without its optional marks, and each character span [a, b) of it moved onto
    that text (a span keeps its letters; a span of marks alone becomes empty)."""
    if not ARABIC_OPTIONAL_MARKS.search(text):
        return text, list(spans)
    # before[i]: the characters kept before position i
    before = list(accumulate((ARABIC_OPTIONAL_MARKS.fullmatch(ch) is None for ch in text), initial=0))
    return without_optional_marks(text), [(before[a], before[b]) for a, b in spans]
