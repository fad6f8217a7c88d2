"""A text cut to a length for display: whole words where the script has spaces, "…" where it was cut.

One function for every place that shows the start of a longer text (a document title taken
from its first line, a section name, a statement in a list, a view in a "why?" detail, a
heatmap's row), so that they cut alike.
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"
WORD_ROOM = 0.6  # a space this far into the room or further ends the cut; an earlier one
# (a Latin acronym before a Chinese title) would throw most of the room away
TRAILING = " ,;:、，；：-–—"  # punctuation a cut line should not end on before "…"


def shortened(text: str, limit: int) -> str:
    """`text` if it has at most `limit` characters, else its start and "…" in at most `limit`
    characters: cut after the last whole word when a space lies late enough, else after a
    character (Chinese and Japanese have no spaces), never between a letter and its marks."""
    if len(text) <= limit:
        return text
    room = max(limit - len(ELLIPSIS), 1)
    end = room
    while end > 1 and unicodedata.combining(text[end]):
        end -= 1  # an Arabic vowel sign or a Devanagari matra stays with its letter
    cut = text[:end]
    space = cut.rfind(" ")
    if space >= WORD_ROOM * room:
        cut = cut[:space]
    return cut.rstrip(TRAILING) + ELLIPSIS
