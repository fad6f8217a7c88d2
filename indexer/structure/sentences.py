"""Where sentences end, for every script the product reads: one rule for the chunker's long
units, the framework views and the search snippets."""

from __future__ import annotations

import re

# Latin, CJK full-width, the Arabic question mark, semicolons (Latin, full-width and the Arabic
# script's, which ends each item of an Arabic list as ";" ends an English one); the full stops of
# Devanagari and Bengali (danda), Urdu, Ethiopic, Myanmar, Khmer and Armenian
SENTENCE_END = ".!?。！？؟;；؛।॥۔።။។։"
# A sentence: a run up to and including its end mark, or up to a line break.
_SENTENCE = re.compile(f"[^{SENTENCE_END}\\n]+[{SENTENCE_END}]?")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`, blank runs left out."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped, in order."""
    return [text[a:b].strip() for a, b in sentence_spans(text)]
