"""How faithfully extracted text reproduces a known source: word accuracy and paragraph F1.

Word accuracy is 1 - word error rate over whitespace-separated words (a lost space makes
two words one error each); for scripts written without spaces (Chinese, Japanese, Thai) the
units are characters, spaces included. Both sides are normalised the way the indexer
normalises text, and ZWNJ/ZWJ are dropped: a PDF draws their effect, not the characters.
Paragraph F1 compares where paragraphs break, as offsets in the text without whitespace.
"""

from __future__ import annotations

import difflib
import re

from indexer.extract.normalize import normalize_chars

CHARACTER_LANGS = ("zh", "ja", "th")
_JOINERS = re.compile("[\u200c\u200d]")


def _clean(text: str) -> str:
    return " ".join(_JOINERS.sub("", normalize_chars(text)).split())


def tokens(text: str, lang: str) -> list[str]:
    text = _clean(text)
    return list(text) if lang in CHARACTER_LANGS else text.split()


def word_accuracy(expected: str, extracted: str, lang: str) -> float:
    from rapidfuzz.distance import Levenshtein

    want, got = tokens(expected, lang), tokens(extracted, lang)
    if not want:
        return 1.0 if not got else 0.0
    return max(0.0, 1.0 - Levenshtein.distance(want, got) / len(want))


def _boundaries(paragraphs: list[str]) -> tuple[str, list[int]]:
    squashed = [re.sub(r"\s+", "", _clean(p)) for p in paragraphs]
    offsets, total = [], 0
    for p in squashed[:-1]:
        total += len(p)
        offsets.append(total)
    return "".join(squashed), offsets


def paragraph_f1(expected: list[str], extracted: list[str], tolerance: int = 2) -> float:
    """F1 of paragraph breaks; an extracted break counts where it maps within `tolerance`
    characters of a source break."""
    want_text, want = _boundaries([p for p in expected if p.strip()])
    got_text, got = _boundaries([p for p in extracted if p.strip()])
    if not want and not got:
        return 1.0
    matcher = difflib.SequenceMatcher(None, got_text, want_text, autojunk=False)
    blocks = matcher.get_matching_blocks()

    def mapped(offset: int) -> int:
        for a, b, size in blocks:
            if a <= offset <= a + size:
                return b + offset - a
        return -10**9

    hits = 0
    left = set(want)
    for offset in got:
        target = mapped(offset)
        match = next((w for w in sorted(left) if abs(w - target) <= tolerance), None)
        if match is not None:
            hits += 1
            left.discard(match)
    precision = hits / len(got) if got else 0.0
    recall = hits / len(want) if want else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
