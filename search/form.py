"""The form of a statement, read from its punctuation alone (no word lists, so any language):
does it open with a short label followed by a colon or a spaced dash and a longer text?

Glossary entries ("Affordable housing: housing whose cost …", "十五分钟社区生活圈：指 …",
"Комплексное развитие территории (КРТ) — …"), document control ("Revision history: …") and
captions ("Photo: …") read so (indexer/structure/labels.py: split_label). A label there is at
most MAX_LABEL_WORDS words (one word of at most MAX_WORD_CHARS characters, or MAX_WIDE_CHARS in
a script written without spaces), with no digit ("Action H-3:", "Chapter 4:" are headings of
numbered content) and no sentence end. The topic model reads it as one feature
(search/features.py: opens_with_label) and learns its weight with the others; and, since a
plan's measure often has a heading of its own ("Social housing: the city will build …"), what
follows the label (split_label) is read as well, as a definition or a commitment
(label_definition).
"""

from __future__ import annotations

from collections import Counter

from indexer.structure.labels import MIN_REST, NAMED_CODE, SEARCH_CHARS, match_label, split_label


def opens_with_label(text: str) -> bool:
    """Does `text` open with a short label, then ':' / '：' / ' — ', then a longer text?"""
    return split_label(text) is not None


# A numbered plan item: "3.2 The city will …", "(b) …", or a named code (labels.NAMED_CODE:
# "Measure 3.2: …", "措施3.2：…"). The label is how the plan cites the statement, not what it
# says; read into the statement it made commitments look like headings to the topic model
# ("3.2 The city will give homeless people a home" was off topic, without "3.2" on topic).
NUMBERED = ("number", "sub", "zh-section", "zh-sub", "zh-item")  # the indexer's label kinds that are only a number
NAMED_ARTICLES = ("第", "المادة")  # 第三条, المادة (٩); "Article 5" is NAMED_CODE's when a separator follows
MAX_BODY_PASSES = 2  # "3.2 Measure 4: …": a number, then a named code


def body(text: str) -> str:
    """`text` without the citation labels it opens with ("3.2", "(b)", "Article 5.",
    "Measure 3.2:"): what the statement says. Unchanged when nothing but the label is left."""
    rest = text.strip()
    for _ in range(MAX_BODY_PASSES):
        label = match_label(rest)
        end = label.end if label and (label.kind in NUMBERED or label.text.startswith(NAMED_ARTICLES)) else 0
        if not end:
            found = NAMED_CODE.match(rest[:SEARCH_CHARS])
            end = found.end() if found else 0
        if not end or len(rest) - end < MIN_REST * end:
            break
        rest = rest[end:].lstrip()
    return rest


# An action sheet names its fields before each statement ("Objective: reduce car trips by a
# third", "Objectif : …", "目标：…"); a glossary defines each term once. So a label that opens
# several statements of one plan is a field name, and the statement is read after it: read
# with it, 0.12–0.47 of the held-out on-topic statements were matched, against 0.95–1.00
# without (eval/numbered_eval.py).
MIN_FIELD_REPEATS = 3


def _label(text: str) -> str | None:
    """The short label `text` (a statement's body) opens with, as opens_with_label reads it,
    casefolded; else None."""
    split = split_label(text)
    return split[0].casefold() if split else None


def field_names(texts: list[str]) -> frozenset[str]:
    """The labels that open at least MIN_FIELD_REPEATS of a plan's statements."""
    counts = Counter(label for label in (_label(body(t)) for t in texts) if label)
    return frozenset(label for label, n in counts.items() if n >= MIN_FIELD_REPEATS)


def as_read(text: str, fields: frozenset[str] = frozenset()) -> str:
    """What the matcher reads of a statement: its body, after a field name of its plan."""
    said = body(text)
    split = split_label(said) if fields else None
    return split[1] if split and split[0].casefold() in fields else said
