"""Brackets around a left-to-right run in right-to-left text, as meant rather than as drawn.

Producers disagree on which character a mirrored bracket maps to: LibreOffice maps the
character meant, drawn where its mirror image goes (")PPP(" read off the page), and Chromium
maps a bracket glyph to whichever character first used it in the document, so one line of
one PDF may give the character meant and the next the one drawn ("(SDG" / "11(."). A run in
brackets whose two brackets do not face each other is put right: on a line, and again on the
paragraph, where a run wrapped across lines ("(SDG" / "11(.") meets its other bracket.
"""

from __future__ import annotations

import re

# "(SDG 11(.", ")PPP(" and ")SDG 11)" are "(SDG 11).", "(PPP)", "(SDG 11)"
_AS_DRAWN = re.compile(r"(?:\(|(?:(?<=[\s\u2063\u2064])|^)\))([^()\n]{1,60})[()](?=[\s.,،:;؛]|$)")


def as_meant(text: str) -> str:
    """Each bracketed run of a right-to-left line or paragraph with brackets that face each other."""
    return _AS_DRAWN.sub(r"(\1)", text)


def drawn_rtl(letters: list[str], classes: list[str]) -> bool:
    """Whether a line with no right-to-left letter, on a right-to-left page, is in fact the end
    of a right-to-left line: its first glyph from the left is a stop (".Habitat": the stop
    after a Latin word) or a closing bracket (")PPP(", ")PPP": the brackets around a Latin
    word, mirrored), which no left-to-right line starts with."""
    return bool(letters) and "R" not in classes and letters[0] in ".,;:)" and letters[-1] not in ".,;:!?؟،)»"


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_DOUBLE_QUOTES = re.compile("[\u201c\u201d]")


def quotes_as_meant(text: str) -> str:
    """English double quotes in an Arabic-script paragraph, opening “ then closing ”.
    Producers give them as drawn, and a mirrored quote glyph maps to either character
    (”محفوظ گھر“, “…“). Only where they pair up; Hebrew, whose usage varies, is left as is."""
    marks = _DOUBLE_QUOTES.findall(text)
    if not marks or len(marks) % 2 or not _ARABIC_SCRIPT.search(text):
        return text
    count = iter(range(len(marks)))
    return _DOUBLE_QUOTES.sub(lambda _: "\u201d" if next(count) % 2 else "\u201c", text)
