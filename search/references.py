"""Queries that name an item ("NUA 137", "cairo:6", "开罗行动宣言 第6条") or quote a phrase."""

from __future__ import annotations

import re

_ZH_NUM = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
_PATTERNS = [
    (re.compile(r"\b(cairo|nua):\s*(\d{1,3})\b", re.I), None),
    (
        re.compile(
            r"\b(?:nua|new urban agenda|nouveau programme pour les villes|nueva agenda urbana)\s*(?:¶|para(?:graph)?\.?|§)?\s*(\d{1,3})\b",
            re.I,
        ),
        "nua",
    ),
    (re.compile(r"(?:新城市议程|الخطة الحضرية الجديدة)\s*(?:第\s*)?(\d{1,3})"), "nua"),
    (
        re.compile(
            r"\b(?:cairo(?: action declaration| call)?|caire|el cairo)\s*(?:call|appel|llamamiento)?\s*(?:no\.?\s*)?(\d{1,2})\b",
            re.I,
        ),
        "cairo",
    ),
    (re.compile(r"开罗(?:行动)?宣言\s*第?\s*([0-9一二三四五六七八九十]{1,3})\s*[条项]?"), "cairo"),
]
_QUOTED = re.compile(r"[\"“”«»「」『』]([^\"“”«»「」『』]{2,200})[\"“”«»「」『』]")


def _zh_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _ZH_NUM.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return 10 * _ZH_NUM.get(tens, 1) + (_ZH_NUM.get(ones, 0) if ones else 0)
    return _ZH_NUM.get(text, 0)


def item_reference(query: str) -> str | None:
    """The framework item a query names, as an id ("nua:137"), or None."""
    for pattern, framework in _PATTERNS:
        m = pattern.search(query)
        if m:
            if framework is None:
                return f"{m.group(1).lower()}:{int(m.group(2))}"
            return f"{framework}:{_zh_number(m.group(1))}"
    return None


def quoted_phrases(query: str) -> list[str]:
    return [m.group(1).strip() for m in _QUOTED.finditer(query)]
