"""How plausible a page of right-to-left text looks, to choose between two readings of it.

Each failure of a PDF reader leaves a mark on the words: a diacritic that opens a word
(detached from its letter), one-letter fragments (a word split by false spaces), very long
runs (words run together), digits or Latin glued to Arabic letters, control characters.
The score is one minus the share of right-to-left words that show one of them.
"""

from __future__ import annotations

import re
import unicodedata

from indexer.extract.normalize import normalize_chars
from indexer.extract.rtl import RTL_LETTERS

_RTL_LETTER = re.compile(f"[{RTL_LETTERS}]")
_GLUED = re.compile(
    "[\u0590-\u06ff][0-9A-Za-z\u0660-\u0669\u06f0-\u06f9]|[0-9A-Za-z\u0660-\u0669\u06f0-\u06f9][\u0590-\u06ff]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ONE_LETTER_WORDS = set("وו")  # Arabic "and" written apart; Hebrew prefixes attach
_EDGE = ".,;:!?؟،«»()[]\"'“”-–"
LONGEST_WORD = 13  # letters; longer Arabic or Hebrew words are almost always run-together


def rtl_plausibility(text: str) -> float:
    words = [w.strip(_EDGE) for w in normalize_chars(text).split()]
    words = [w for w in words if _RTL_LETTER.search(w)]
    if not words:
        return 1.0
    bad = 0
    for word in words:
        letters = sum(c.isalpha() for c in word)
        if (
            unicodedata.category(word[0]) == "Mn"
            or (letters == 1 and word not in _ONE_LETTER_WORDS)
            or letters > LONGEST_WORD
            or _GLUED.search(word)
            or _CONTROL.search(word)
        ):
            bad += 1
    return 1.0 - bad / len(words)
