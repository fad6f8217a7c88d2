"""Recognise the label that opens a citable unit, in the numbering styles of many languages."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ZH_DIGITS = "一二三四五六七八九十百千零〇两"


@dataclass(frozen=True)
class Label:
    text: str  # normalised label: "12", "12 bis", "(a)", "一", "第三条", "Article 5"
    kind: str  # "number", "sub", "zh-section", "zh-sub", "article", "heading"
    end: int  # where the label ends in the line (the body starts after it)


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3}) ?bis(?=[.\s]|$)\.?\s*")),
    ("number", re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})(?:[.۔](?=\s|$)|\)\s|\.\s*$)\s*")),
    # "7.11 Text": a multi-level number needs no closing dot
    ("number", re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,3})\s+(?=\S)")),
    ("number", re.compile(r"^([٠-٩۰-۹]{1,3})\s*[.\-–)۔]\s*")),  # "۳۔": Urdu numbers its items with its full stop
    # "١ - نص" as pypdf returns it from right-to-left PDFs: the dash drifts away from the number
    ("number", re.compile(r"^([٠-٩۰-۹]{1,3})\s+(?=[\u0600-\u06ff])")),
    ("sub", re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,5})\)\s*")),
    ("zh-section", re.compile(rf"^([{_ZH_DIGITS}]{{1,4}})、\s*")),
    ("zh-sub", re.compile(rf"^[（(]([{_ZH_DIGITS}]{{1,4}})[）)]\s*")),
    # 第三条, 第 7.11 条, 第7.11条, 第十二条之一
    ("article", re.compile(rf"^(第\s*[{_ZH_DIGITS}\d]{{1,6}}(?:\.\d{{1,3}})*\s*条(?:之[{_ZH_DIGITS}]{{1,3}})?)\s*")),
    ("heading", re.compile(rf"^(第[{_ZH_DIGITS}\d]{{1,6}}[章节编部])\s*")),
    (
        "article",
        re.compile(
            r"^((?:Article|Artículo|Artigo|Articolo|Artikel|Статья|المادة)\s+[\d٠-٩]{1,3}(?:\.\d{1,3})*)\b[.:]?\s*"
        ),
    ),
    # المادة (٩), § 12
    ("article", re.compile(r"^(المادة)\s*[(（]([\d٠-٩]{1,3})[)）][.:]?\s*")),
    ("article", re.compile(r"^(§)\s*(\d{1,3}(?:\.\d{1,3})*[a-z]?)\b[.:]?\s*")),
    ("heading", re.compile(r"^(#{1,6})\s+")),
]


def match_label(line: str) -> Label | None:
    for kind, pattern in _PATTERNS:
        m = pattern.match(line)
        if m:
            text = " ".join(g for g in m.groups() if g).translate(_ARABIC_INDIC)
            if text.startswith("第"):
                text = re.sub(r"\s+", "", text)  # 第 7.11 条 and 第7.11条 are one label
            if kind == "sub":
                text = f"({text})"
            elif kind == "number" and " bis" not in text and "bis" in m.group(0):
                text = f"{text} bis"
            return Label(text, kind, m.end())
    return None


# "Measure 2:", "Mesure 2 :", "Мера 2.", "措施2：", "الإجراء 2:": a name, a number and a
# separator. Not a unit label (the name could be any word: "In 2030: …"), but a list's items
# are told apart by it: the same name, the next number (indexer/extract/paragraphs.py).
_NAMED_NUMBER = re.compile(
    r"((?:[^\W\d_][\w'’-]*\s+){1,3}?|[^\W\d_]{1,6}?)([\d٠-٩۰-۹]{1,3})\s*(?:[:：]|\.(?=\s)|\s[—–-]\s)"
)


def named_number(line: str) -> tuple[str, int] | None:
    """A line that opens with a name and a number ("Measure 2:", "措施2：") -> (name, number)."""
    found = _NAMED_NUMBER.match(line)
    if not found:
        return None
    return " ".join(found.group(1).split()).casefold(), int(found.group(2).translate(_ARABIC_INDIC))
