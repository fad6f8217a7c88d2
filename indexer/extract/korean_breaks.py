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
4. Once the page shows its producer breaking inside words (a break 2 or 3 was sure of), the
   analyser's spacing model, given the words around the break, decides the others: it knows
   which words are one word in context ("지하철" / "역과", "한" / "때" in "공실률은 한때"),
   where the two readings score alike. A word processor breaks only at spaces, and never
   shows it, so its pages are left to 1-3.

Word processors break inside a word too, where Korean writes no space but line breaking
allows one: after a middle dot ("전기·" / "수소"), between a number and its unit ("2030" /
"년까지"), before a gloss in brackets ("사업" / "(PPP)을"), after a closing mark ("의제」" / "와의").
There the room is measured for the next line's whole first word, and the analyser decides.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer.extract.paragraphs import Line

HANGUL_RUN = re.compile("[\uac00-\ud7a3]+")
HANGUL_END = re.compile("[\uac00-\ud7a3]+$")
NUMBER_END = re.compile(r"\d(?:[\d,.]*\d)?%?$")  # "2027", "1,200", "27%"; not "11." at a sentence end
_MIDDLE_DOT_END = re.compile("[\uac00-\ud7a3]·$")
_CLOSING_END = re.compile("([\uac00-\ud7a3]+)[」』’”)》〉]+$")
_GLOSS_START = re.compile(r"\([^()\s]{1,30}\)([\uac00-\ud7a3]+)")
# what the next line's first syllable takes with it (no break before a stop or closing mark)
_FIRST_UNIT = re.compile("[\uac00-\ud7a3][^\\s\uac00-\ud7a3]*")
# the analyser's preference for the joined reading that makes a break one inside a word: a
# space before a particle or ending costs 5, one between the nouns of a compound 0-3.3
JOIN_MARGIN = 4.0
ROOM_MARGIN = 0.1  # em: a glyph's box may stop short of its advance
CONTEXT = 3  # words on each side of a break that the spacing model reads


def korean_breaks(blocks: list[list[Line]], words: Counter) -> dict[int, bool]:
    """For each line (by id) that follows a Hangul line break, whether the break falls inside a
    word (the line is joined to the one before without a space)."""
    pairs, others, around = [], {}, {}
    for lines in blocks:
        right = max((line.x1 for line in lines), default=0.0)
        for before, line in zip(lines, lines[1:]):
            # syllables on both sides (a line may end in a lone jamo, which is no syllable)
            a, b = HANGUL_END.search(before.text), HANGUL_RUN.match(line.text)
            if a and b:
                if not _had_room(before, line, right, _FIRST_UNIT.match(line.text).group()):
                    pairs.append((id(line), a.group(), b.group()))
                    around[id(line)] = (" ".join(before.text.split()[-CONTEXT:]), " ".join(line.text.split()[:CONTEXT]))
            elif not _had_room(before, line, right, line.text.split(" ", 1)[0]):
                # a word processor breaks there too (before a gloss, after "·" or a number):
                # only room for the whole next word says a space
                others[id(line)] = _other_break(before.text, line.text)
    seen = {key: any(a + b in word and word != b for word in words) for key, a, b in pairs}
    shown = any(seen.values())  # the producer breaks inside words
    for key, a, b in pairs:
        preference = join_preference(a, b)
        if (preference is not None and preference >= JOIN_MARGIN) or starts_dependent(a, b):
            seen[key] = True
        elif shown and len(b) == 1 and words[b] <= 1 and (preference is None or preference > 0):
            seen[key] = True  # a particle or ending, unless the analyser reads it as a word ("할 수")
    if any(seen.values()):
        for key, _, _ in pairs:
            seen[key] = seen[key] or spaced_at(*around[key]) is False
    seen.update(others)
    return seen


def _other_break(before: str, line: str) -> bool:
    """A break beside Hangul that is not between two syllables, inside a word: after a middle
    dot between nouns ("전기·" / "수소"); after a number whose unit or particle follows ("2027" /
    "년에는"); before a gloss in brackets or after a closing mark, where the syllables on either
    side read as one word ("민간투자사업" / "(PPP)을", "의제」" / "와의")."""
    gloss, b = _GLOSS_START.match(line), HANGUL_RUN.match(line)
    if _MIDDLE_DOT_END.search(before) and b:
        return True
    number = NUMBER_END.search(before)
    if number and b:
        return unit_after_number(number.group(), b.group())
    a, closing = HANGUL_END.search(before), _CLOSING_END.search(before)
    if a and gloss:
        a_run, b_run = a.group(), gloss.group(1)
    elif closing and b:
        a_run, b_run = closing.group(1), b.group()
    else:
        return False
    preference = join_preference(a_run, b_run)
    return (preference is not None and preference >= JOIN_MARGIN) or starts_dependent(a_run, b_run)


def _had_room(before: Line, line: Line, right: float, unit: str) -> bool:
    """Whether the line before had room at its end for the unit the next line starts with:
    then the producer did not break there inside a word. The column's edge is its longest
    line's end; each character counts a full em."""
    if not unit or before.rtl:
        return False
    return right - before.x1 >= (len(unit) + ROOM_MARGIN) * line.em


_lock = threading.Lock()  # pages may be read in several threads (the app's uploads): one analyser


@functools.lru_cache(maxsize=1)
def _load():
    try:
        from kiwipiepy import Kiwi
    except ImportError:  # an install without it: the page's words and the room decide
        return None
    return Kiwi(num_workers=-1, load_typo_dict=False, load_multi_dict=False)


def _analyse(text: str):
    """Kiwi's best reading of text (morphemes, log-probability); None without Kiwi."""
    with _lock:
        kiwi = _load()
        return None if kiwi is None else kiwi.analyze(text, top_n=1)[0]


@functools.lru_cache(maxsize=4096)
def join_preference(a: str, b: str) -> float | None:
    """How much better the analyser reads the Hangul runs a and b as one word than as two (a
    log-probability; about 5 for "사업" + "을" or "공" + "급하고", 0 for "사업을" + "추진한다");
    None without the analyser."""
    joined, spaced = _analyse(a + b), _analyse(f"{a} {b}")
    return None if joined is None or spaced is None else joined[1] - spaced[1]


@functools.lru_cache(maxsize=4096)
def spaced_at(left: str, right: str) -> bool | None:
    """Whether the analyser's spacing model, reading left and right run together (each with
    its own spaces), puts a space where they meet; None without the analyser."""
    with _lock:
        kiwi = _load()
        spaced = None if kiwi is None else kiwi.space(left + right, reset_whitespace=False)
    if spaced is None or spaced.replace(" ", "") != (left + right).replace(" ", ""):
        return None  # the analyser changed more than spaces: no answer
    at = len(left.replace(" ", ""))  # characters before the meeting point
    for i, ch in enumerate(spaced):
        if ch != " ":
            at -= 1
            if at == 0:
                return spaced[i + 1 : i + 2] == " "
    return None


@functools.lru_cache(maxsize=4096)
def unit_after_number(number: str, b: str) -> bool:
    """Whether the Hangul run b, on the line after one ending in a number, begins with what
    Korean writes against a number: a unit or counter ("2027" + "년에는", "5" + "개"), a numeral
    ("1,200" + "억"), a particle ("27%" + "까지") or a suffix; not a word of its own ("19" + "이후")."""
    reading = _analyse(number + b)
    if reading is None:
        return False
    after = [t for t in reading[0] if t.start >= len(number)]
    return bool(after) and (after[0].tag in ("NNB", "NR") or after[0].tag.startswith(("J", "XS")))


@functools.lru_cache(maxsize=4096)
def starts_dependent(a: str, b: str) -> bool:
    """Whether the analyser, reading a and b as two words, still begins b with a morpheme that
    only ever follows another: a particle, an ending, a suffix or the copula (no Korean word
    starts with one). Kiwi reads "구성 하여" as 구성 + the suffix 하 + 어 at no cost in score."""
    reading = _analyse(f"{a} {b}")
    if reading is None:
        return False
    first = next((t for t in reading[0] if t.start > len(a)), None)
    return first is not None and (first.tag.startswith(("J", "E", "XS")) or first.tag == "VCP")
