"""How far a page's text layer can be trusted: a score in [0, 1] and named flags.

Flags: "replacement-chars" (U+FFFD from unmapped glyphs), "garbled-cmap" (a broken
ToUnicode map: rare CJK Extension-A characters and letters of unrelated scripts jumbled
together), "garbled-latin" (a Cyrillic or other font decoded to Latin look-alikes:
"Cl>opMa no KHA"), "no-text" (nothing extractable: a scan or an empty page).
A page whose score is below UNUSABLE is a candidate for OCR and is not indexed as text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from indexer.extract.normalize import wide

UNUSABLE = 0.5
_RARE = re.compile("[\u3400-\u4dbf\U00020000-\U0003ffff]")
_WORD = re.compile(r"\S{3,}")
_LATIN_LETTERS = re.compile(r"[A-Za-z]")
_CAMEL = re.compile(r"[a-z][A-Z]")
_INNER_JUNK = re.compile(r"[A-Za-z][<>|\\{}:;.,][A-Za-z]|[A-Za-z]\d+[A-Za-z]|\d[A-Za-z]+\d")
_ADDRESS = re.compile(r"^(https?:|www\.)|@|\.(com|org|net|int|gov|edu|[a-z]{2})(/|$)", re.I)
_VOWEL = re.compile(r"[aeiouyAEIOUY]")
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "CJK": "CJK", "FULLWIDTH": "LATIN"}


@dataclass(frozen=True)
class Quality:
    score: float
    flags: tuple[str, ...]

    @property
    def usable(self) -> bool:
        return self.score >= UNUSABLE


def _script(ch: str) -> str:
    first = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
    return _SCRIPT_GROUPS.get(first, first)


def garbled_cmap_share(letters: list[str]) -> float:
    """Share of letters that are rare CJK or sit in a jumble of unrelated scripts."""
    if len(letters) < 4:
        return 0.0
    rare = sum(bool(_RARE.match(c)) for c in letters)
    scripts = [_script(c) for c in letters]
    switches = sum(a != b for a, b in zip(scripts, scripts[1:]))
    jumble = switches / (len(letters) - 1) if len(set(scripts)) >= 3 else 0.0
    return max(rare / len(letters), jumble)


def implausible_latin_share(text: str) -> float:
    """Share of Latin words shaped like decoding garbage rather than words or acronyms."""
    words = [w.strip("()[]\"'“”‘’,.;:!?-") for w in _WORD.findall(text)]
    words = [
        w for w in words if len(w) >= 3 and len(_LATIN_LETTERS.findall(w)) * 2 >= len(w) and not _ADDRESS.search(w)
    ]
    if len(words) < 5:
        return 0.0
    bad = 0
    for w in words:
        acronym = w.isupper() or (w[:-1].isupper() and w[-1] == "s")
        if _CAMEL.search(w) or _INNER_JUNK.search(w) or (not acronym and not _VOWEL.search(w)):
            bad += 1
    return bad / len(words)


def assess(text: str, dominant_script: str | None = None) -> Quality:
    letters = [c for c in text if c.isalpha()]
    # a Chinese or Japanese character is a word's worth: "监督。", the last words of a paragraph run on to a page
    if len(letters) + sum(map(wide, letters)) < 3:
        return Quality(0.0, ("no-text",))
    flags, penalty = [], 0.0
    fffd = text.count("\ufffd")
    if fffd:
        flags.append("replacement-chars")
        penalty = max(penalty, min(1.0, 5 * fffd / (len(letters) + fffd)))
    garbled = garbled_cmap_share(letters)
    if garbled > 0.2:
        flags.append("garbled-cmap")
        penalty = max(penalty, min(1.0, 0.3 + garbled))
    latin_letters = sum(1 for c in letters if c.isascii())
    latin = implausible_latin_share(text) if latin_letters * 2 >= len(letters) else 0.0
    if latin > 0.3:
        flags.append("garbled-latin")
        penalty = max(penalty, min(1.0, 0.3 + latin))
    return Quality(round(1.0 - penalty, 3), tuple(flags))
