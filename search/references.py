"""Queries that name an item ("NUA 137", "cairo:6", "开罗行动宣言 第6条", «إعلان القاهرة 6») or
quote a phrase. The names come from the frameworks' own data (names, citation, aliases in
framework.toml), so a framework added to the corpus can be named the same way."""

from __future__ import annotations

import re
from functools import lru_cache

_ZH_NUM = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
# words between a framework's name and the number: paragraph, call, article, goal, target,
# number, in the six languages (Russian in its common case forms)
_ITEM_WORDS = (
    r"(?:¶|§|para(?:graph)?\.?|paragraphe|párr(?:afo|\.)|call|appel|llamamiento|goal|target|objectif|cible"
    r"|objetivo|meta|الفقرة|فقرة|النداء|نداء|الهدف|هدف|المقصد|مقصد|الغاية|"
    r"пункт[аеу]?|п\.|призыв[аеу]?|цел[ьи]|задач[аиу]|no\.?|№|第|目标|具体目标)"
)
_BETWEEN = r"[\s,،:\-–—]*"  # "Каирская декларация, призыв 6", "إعلان القاهرة، النداء 6"
# "call 6 of the Cairo declaration", "النداء 6 من إعلان القاهرة", "призыв 6 Каирской декларации"
_OF = r"\s*(?:of(?:\s+the)?|du|des|de(?:\s+la|l)?|del|من|в|из)?\s*"
_NUMBER = r"(\d{1,3}|[一二三四五六七八九十]{1,3})"
_TARGET = r"(?:[.\-](\d{1,2}|[a-z])(?!\w))?"  # "SDG 11.1", "ODS 11.a": a target of goal 11
_QUOTED = re.compile(r"[\"“”«»「」『』]([^\"“”«»「」『』]{2,200})[\"“”«»「」『』]")


def zh_number(text: str) -> int:
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


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern, str | None], ...]:
    from indexer.frameworks import registered_frameworks

    entries = registered_frameworks()
    ids = "|".join(re.escape(e.id) for e in entries)
    out: list[tuple[re.Pattern, str | None]] = [(re.compile(rf"\b({ids}):\s*(\d{{1,3}}){_TARGET}(?!\w)", re.I), None)]
    for entry in entries:
        names = {n for n in (*entry.names.values(), entry.citation, *entry.aliases) if n}
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        pattern = (
            rf"(?<!\w)(?:{alternatives}){_BETWEEN}{_ITEM_WORDS}?{_BETWEEN}{_ITEM_WORDS}?{_BETWEEN}"
            rf"{_NUMBER}(?!\d){_TARGET}\s*[条项]?"
        )
        out.append((re.compile(pattern, re.I), entry.id))
        reverse = rf"(?<!\w){_ITEM_WORDS}\s*{_NUMBER}(?!\d){_TARGET}{_BETWEEN}{_OF}(?:{alternatives})(?!\w)"
        out.append((re.compile(reverse, re.I), entry.id))
    return tuple(out)


def item_reference(query: str) -> str | None:
    """The framework item a query names, as an id ("nua:137"), or None."""
    for pattern, framework in _patterns():
        m = pattern.search(query)
        if m:
            if framework is None:
                item, sub = f"{m.group(1).lower()}:{int(m.group(2))}", m.group(3)
            else:
                item, sub = f"{framework}:{zh_number(m.group(1))}", m.group(2)
            return f"{item}.{sub.lower()}" if sub else item
    return None


def quoted_phrases(query: str) -> list[str]:
    return [m.group(1).strip() for m in _QUOTED.finditer(query)]
