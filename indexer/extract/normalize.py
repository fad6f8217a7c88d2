"""Character- and line-level clean-up of extracted text, the same for every input format."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from indexer.structure.sentences import SENTENCE_END

# NFKC is applied only where it cannot change meaning or CJK punctuation: Arabic presentation
# forms (-> base letters), Latin ligatures, full-width ASCII letters and digits, and the Kangxi
# radicals and CJK compatibility ideographs some PDF fonts map their glyphs to (⼀ -> 一).
_NFKC_RANGES = re.compile(
    "[\ufb00-\ufb06\ufb50-\ufdff\ufe70-\ufefe\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
    "\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]+"
)
# Radicals-supplement forms that some PDF fonts map whole ideographs to; unlike the Kangxi
# radicals they have no NFKC mapping (Unicode's EquivalentUnifiedIdeograph gives these)
_RADICAL_IDEOGRAPHS = str.maketrans("⺠⻑⻄⻝⺟⻘⻤⻩⻆", "民長西食母青鬼黄角")
# Soft hyphen, zero-width space, word joiner, BOM, bidi embedding/isolate controls. ZWNJ and
# ZWJ stay: they are spelling in Persian and Indic scripts.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# the bullets of Word's Symbol and Wingdings fonts (bullet, minus, squares, diamonds, arrowheads,
# arrows, tick, disc), which PDFs made from Word keep as private-use codes: read as "•"
SYMBOL_BULLETS = "\uf0b7\uf02d\uf0a7\uf0a8\uf076\uf0d8\uf0fc\uf06e\uf071\uf06c\uf0e0\uf0e8\uf0f0"
_AS_DISC = str.maketrans(dict.fromkeys(SYMBOL_BULLETS, "•"))
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CJK = "\u2e80-\u2fff\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_CJK_CHAR = re.compile(f"[{_CJK}]")
# Scripts written without spaces between words, and CJK punctuation (《》、。): a line break
# or a typographic gap beside them is no word space.
_NO_SPACE = re.compile(f"[{_CJK}\u3000-\u303f\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff]")
_SENTENCE_END = re.compile(f"[{SENTENCE_END}:：]\\s*$")  # a colon also ends a line's thought
_LATIN_HYPHEN_END = re.compile(r"[A-Za-zÀ-ɏЀ-ӿ]-$")
_WORD = re.compile(r"[^\W\d_]+")
_HYPHENATED_END = re.compile(r"([^\W\d_]+)-$")
# a Latin word or a number set against Chinese or Japanese on its far side ("以" / "PPP模式",
# "下降" / "8.5%，", "依托GIS" / "平台"); not an address ("和www.hkexnews.hk" / "重大诉讼")
_HAN_SIDE = f"[{_CJK}\u3001-\u303f]"
_WORD_OR_NUMBER = r"(?:[A-Za-z]+|\d(?:[\d.,]*\d)?(?:%|[A-Za-z]+)?)"  # "PPP", "8.5%", "11km"
_TIGHT_RUN_START = re.compile(f"{_WORD_OR_NUMBER}{_HAN_SIDE}")
_TIGHT_RUN_END = re.compile(f"{_HAN_SIDE}{_WORD_OR_NUMBER}$")
_HAN_SIDE_CHAR = re.compile(_HAN_SIDE)
# Chinese and Japanese commas and stops fill a full-width cell, so no space is typed after them
_FULL_WIDTH_STOPS = "\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f"


def normalize_chars(text: str) -> str:
    """NFC, targeted NFKC, invisible characters removed, spaces folded (newlines kept)."""
    text = unicodedata.normalize("NFC", text)
    text = _NFKC_RANGES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text).translate(_RADICAL_IDEOGRAPHS)
    text = symbol_bullets_as_discs(_INVISIBLE.sub("", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def symbol_bullets_as_discs(text: str) -> str:
    """Word's Symbol and Wingdings bullets (private-use codes) as "•"."""
    return text.translate(_AS_DISC)


def word_counts(text: str) -> Counter:
    """How often each word (lower case) occurs in a text: a page, or a document (join_wrapped)."""
    return Counter(word.lower() for word in _WORD.findall(text))


def join_wrapped(left: str, right: str, words: Counter) -> str:
    """Two lines of one paragraph joined (join_pair), a line ending in the first half of a
    hyphenated compound kept whole ("dementia-" / "friendly"), not read as a word hyphenated at
    the line's end: both halves are words of their own elsewhere in the text `words` counts
    (word processors and browsers do not hyphenate unless asked; typesetters do: "develop-" /
    "ment")."""
    end = _HYPHENATED_END.search(left)
    start = _WORD.match(right)
    # each half is counted once here already: as the line's last and the next line's first word
    if end and start and right[:1].islower() and words[end.group(1).lower()] >= 2 and words[start.group().lower()] >= 2:
        return left + right
    return join_pair(left, right)


def join_pair(left: str, right: str) -> str:
    """Join two lines of one paragraph: no space between CJK, de-hyphenate Latin words."""
    if not left:
        return right
    if not right:
        return left
    if _LATIN_HYPHEN_END.search(left) and right[:1].islower():
        return left[:-1] + right
    if _LATIN_HYPHEN_END.search(left) and (right[:1].isupper() or right[:1].isdigit()):
        return left + right  # a compound wrapped at its hyphen: "UN-" + "Habitat", "COVID-" + "19"
    if _NO_SPACE.match(left[-1]) and _NO_SPACE.match(right[0]):
        return left + right
    if left[-1] == "-" and left[-2:-1].isdigit() and right[:1].isdigit():
        return left + right  # no one hyphenates a number: "+7 (8152) 45-" / "12-00"
    if left[-1] in _FULL_WIDTH_STOPS:
        return left + right  # the stop's cell holds its own spacing: "毎年度、" / "https://…"
    if left[-1] in "([":
        return left + right  # a bracket opens the word after it ("الخاص (" / "PPP).")
    if left[-1] in "–—־" and left[-2:-1].strip():
        return left + right  # a dash or maqaf set close after a word joins the next: "2024–" / "2030", "מ־" / "15%"
    if (left[-1].isdigit() or left[-1] == "%") and _CJK_CHAR.match(right[0]):
        return left + right  # a number and the Chinese or Japanese after it ("15" / "分钟", "40%" / "以上")
    if (_HAN_SIDE_CHAR.match(left[-1]) and _TIGHT_RUN_START.match(right)) or (
        _TIGHT_RUN_END.search(left) and _HAN_SIDE_CHAR.match(right[0])
    ):
        # the writer set this word against the Chinese on its other side, so against this side
        # too; a number alone on its line (a table's cell: "本期发生额" / "4,755,785.11") and a
        # text that spaces Latin from Chinese ("以 PPP 模式") keep the space
        return left + right
    return left + " " + right


def no_space_script(ch: str) -> bool:
    """Han, kana, Thai, Lao, Myanmar, Khmer: no spaces between words."""
    return bool(_NO_SPACE.match(ch))


def is_hangul(ch: str) -> bool:
    """A Hangul syllable or jamo: Korean spaces its words, but sets them in full-width cells."""
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def is_cjk(ch: str) -> bool:
    return bool(_CJK_CHAR.match(ch))


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


WIDE = "\u2e80"  # CJK radicals and beyond: scripts written without spaces, a character a word's worth


def wide(ch: str) -> bool:
    return ch >= WIDE


def visible_length(text: str) -> int:
    """Display width in Latin-character units: a CJK character counts as two."""
    return sum(2 if is_cjk(c) else 1 for c in text)
