"""Korean line breaks: does a break between two Hangul syllables fall at a word space or
inside a word?

Chromium (CSS `word-break: normal`) breaks Korean between any two syllables ("사업" / "을
추진한다"); word processors break at spaces. Nothing on the page marks which, so three things
decide, surest first:

1. The line's free room: a line broken inside a word left less room at its end than the next
   line's first syllable needs (the syllable did not fit). Room for it means the break was at a
   space. Justified lines leave no room, so this decides only ragged text, and only one way.
2. The page's own words: the two halves make a word seen elsewhere on the page; and once that
   shows the producer breaking inside words, a second half of one syllable never seen alone
   (a particle, an ending) is taken as one too.
3. A Korean morphological analyser (Kiwi, `kiwipiepy`), asked whether it reads the two halves
   far better as one word than as two: a space before a particle or an ending, or inside a
   word, costs about 5 in its log-probability; a space between two words costs nothing.
   Loaded on the first Korean line break it is asked about; without it, 1 and 2 decide.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer.extract.paragraphs import Line

HANGUL_RUN = re.compile("[\uac00-\ud7a3]+")
HANGUL_END = re.compile("[\uac00-\ud7a3]+$")
NUMBER_END = re.compile(r"\d(?:[\d,.]*\d)?%?$")  # "2027", "1,200", "27%"; not "11." at a sentence end
# what the next line's first syllable takes with it (no break before a stop or closing mark)
_FIRST_UNIT = re.compile("[\uac00-\ud7a3][^\\s\uac00-\ud7a3]*")
# the analyser's preference for the joined reading that makes a break one inside a word: a
# space before a particle or ending costs 5, one between the nouns of a compound 0-3.3
JOIN_MARGIN = 4.0
ROOM_MARGIN = 0.1  # em: a glyph's box may stop short of its advance


def korean_breaks(blocks: list[list[Line]], words: Counter) -> dict[int, bool]:
    """For each line (by id) that follows a Hangul line break, whether the break falls inside a
    word (the line is joined to the one before without a space)."""
    pairs, numbers = [], []
    for lines in blocks:
        right = max((line.x1 for line in lines), default=0.0)
        for before, line in zip(lines, lines[1:]):
            # syllables on both sides (a line may end in a lone jamo, which is no syllable)
            a, b = HANGUL_END.search(before.text), HANGUL_RUN.match(line.text)
            number = NUMBER_END.search(before.text)
            if b and (a or number) and _had_room(before, line, right):
                continue  # the next syllable would have fitted: a break at a space
            if a and b:
                pairs.append((id(line), a.group(), b.group()))
            elif number and b:
                numbers.append((id(line), number.group(), b.group()))
    seen = {key: any(a + b in word and word != b for word in words) for key, a, b in pairs}
    shown = any(seen.values())  # the producer breaks inside words
    for key, a, b in pairs:
        preference = join_preference(a, b)
        if preference is not None and preference >= JOIN_MARGIN:
            seen[key] = True
        elif shown and len(b) == 1 and words[b] <= 1 and (preference is None or preference > 0):
            seen[key] = True  # a particle or ending, unless the analyser reads it as a word ("할 수")
    seen.update({key: unit_after_number(n, b) for key, n, b in numbers})
    return seen


def _had_room(before: Line, line: Line, right: float) -> bool:
    """Whether the line before had room at its end for the next line's first syllable (with
    the stops and closing marks that go with it): then it was not broken inside a word. The
    column's edge is its longest line's end; each character counts a full em."""
    unit = _FIRST_UNIT.match(line.text)
    if unit is None or before.rtl:
        return False
    return right - before.x1 >= (len(unit.group()) + ROOM_MARGIN) * line.em


@functools.lru_cache(maxsize=1)
def _analyser():
    try:
        from kiwipiepy import Kiwi
    except ImportError:  # an install without it: the page's words and the room decide
        return None
    return Kiwi(num_workers=-1, load_typo_dict=False, load_multi_dict=False)


@functools.lru_cache(maxsize=4096)
def join_preference(a: str, b: str) -> float | None:
    """How much better the analyser reads the Hangul runs a and b as one word than as two (a
    log-probability; about 5 for "사업" + "을" or "공" + "급하고", 0 for "사업을" + "추진한다");
    None without the analyser."""
    kiwi = _analyser()
    if kiwi is None:
        return None
    return kiwi.analyze(a + b, top_n=1)[0][1] - kiwi.analyze(f"{a} {b}", top_n=1)[0][1]


@functools.lru_cache(maxsize=4096)
def unit_after_number(number: str, b: str) -> bool:
    """Whether the Hangul run b, on the line after one ending in a number, begins with what
    Korean writes against a number: a unit or counter ("2027" + "년에는", "5" + "개"), a numeral
    ("1,200" + "억"), a particle ("27%" + "까지") or a suffix; not a word of its own ("19" + "이후")."""
    kiwi = _analyser()
    if kiwi is None:
        return False
    after = [t for t in kiwi.tokenize(number + b) if t.start >= len(number)]
    return bool(after) and (after[0].tag in ("NNB", "NR") or after[0].tag.startswith(("J", "XS")))
