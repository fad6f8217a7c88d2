"""The form of a statement, read from its punctuation alone (no word lists, so any language):
does it open with a short label followed by a colon or a spaced dash and a longer text?

Glossary entries ("Affordable housing: housing whose cost …", "十五分钟社区生活圈：指 …",
"Комплексное развитие территории (КРТ) — …"), document control ("Revision history: …") and
captions ("Photo: …") read so; a plan's commitments rarely do. A label here is at most
MAX_LABEL_WORDS words (one word of at most MAX_WORD_CHARS characters, or MAX_WIDE_CHARS in a
script written without spaces), with no digit ("Action H-3:", "Chapter 4:" are headings of
numbered content) and no sentence end. The topic model reads it as one feature
(search/features.py: opens_with_label) and learns its weight with the others.
"""

from __future__ import annotations

import re

SEPARATOR = re.compile(r"\s*(?:[:：]|\s[—–-]\s)\s*")  # a colon (also full-width), or a dash between spaces
NOT_IN_LABEL = re.compile(r"[.!?。！？;；\d]")  # a sentence end, or a digit of any script
SEARCH_CHARS = 100  # the label is found in the statement's first characters
MAX_LABEL_WORDS = 5
MAX_WORD_CHARS = 40  # a one-word label in a script with spaces (German compounds are long)
MAX_WIDE_CHARS = 16  # a label in a script written without spaces (Chinese, Japanese)
WIDE = 0x2E80  # CJK radicals and beyond: scripts written without spaces between words
MIN_REST = 2  # the text after the label is at least this many times as long as the label


def opens_with_label(text: str) -> bool:
    """Does `text` open with a short label, then ':' / '：' / ' — ', then a longer text?"""
    text = text.strip()
    found = SEPARATOR.search(text[:SEARCH_CHARS])
    if not found or found.start() == 0:
        return False
    label = text[: found.start()].strip()
    if NOT_IN_LABEL.search(label):
        return False
    words = label.split()
    if len(words) > 1:
        short = len(words) <= MAX_LABEL_WORDS
    else:
        short = len(label) <= (MAX_WIDE_CHARS if max(map(ord, label)) >= WIDE else MAX_WORD_CHARS)
    return short and len(text) - found.end() >= MIN_REST * len(label)
