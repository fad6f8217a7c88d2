"""Recognise the label that opens a citable unit, in the numbering styles of many languages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extract.normalize import SYMBOL_BULLETS, wide
from indexer.structure.article_labels import ARABIC_INDIC, article_label

_ZH_DIGITS = "一二三四五六七八九十百千零〇两"
_AR_LETTER = "هـ|[أبتثجحخدذرزسشصضطظعغفقكلمنهوي]"  # a letter an Arabic list is lettered with


@dataclass(frozen=True)
class Label:
    text: str  # normalised label: "12", "12 bis", "(a)", "一", "第三条", "Article 5"
    kind: str  # "number", "sub", "zh-section", "zh-sub", "zh-item", "article", "heading"
    end: int  # where the label ends in the line (the body starts after it)


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3}) ?bis(?=[.\s]|$)\.?\s*")),
    ("number", re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})(?:[.۔](?=\s|$)|\)\s|\.\s*$)\s*")),
    # 1、: a Chinese list's items, under 一、 and （一）, so no parent of a （二） after them
    ("zh-item", re.compile(r"^(\d{1,3})、\s*")),
    # 1．and 1.加强 at that level (GB/T 9704's "1."), its stop full-width or set against the text
    ("zh-item", re.compile(r"^(\d{1,3})[.．]\s*(?=[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff「『“（])")),
    # "7.11 Text": a multi-level number needs no closing dot
    ("number", re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,3})\s+(?=\S)")),
    ("number", re.compile(r"^([٠-٩۰-۹]{1,3})\s*[.\-–)۔]\s*")),  # "۳۔": Urdu numbers its items with its full stop
    # "١ - نص" as pypdf returns it from right-to-left PDFs: the dash drifts away from the number;
    # "6 ستبني" as OCR reads "6." (its stop, on the left of a right-to-left line, is lost)
    ("number", re.compile(r"^([٠-٩۰-۹]{1,3}|\d{1,3})\s+(?=[\u0600-\u06ff])")),
    ("sub", re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,5}|[а-яё]|\d{1,2})\)\s*")),  # (a), (iv), (а), (1)
    # a) and а) as French, Spanish and Russian lists letter their items; (أ), أ) and أ- in Arabic
    ("sub", re.compile(r"^([a-z]|[а-яё])\)\s+")),
    ("sub", re.compile(rf"^[(（]({_AR_LETTER})[)）]\s*")),
    ("sub", re.compile(rf"^({_AR_LETTER})\s?[)\-–]\s+")),
    ("zh-section", re.compile(rf"^([{_ZH_DIGITS}]{{1,4}})、\s*")),
    ("zh-sub", re.compile(rf"^[（(]([{_ZH_DIGITS}]{{1,4}})[）)]\s*")),
    ("zh-sub", re.compile(r"^（(\d{1,2})）\s*")),  # （1）, the level under （一）
    # 第三条, 第 7.11 条, 第7.11条, 第十二条之一
    ("article", re.compile(rf"^(第\s*[{_ZH_DIGITS}\d]{{1,6}}(?:\.\d{{1,3}})*\s*条(?:之[{_ZH_DIGITS}]{{1,3}})?)\s*")),
    ("heading", re.compile(rf"^(第[{_ZH_DIGITS}\d]{{1,6}}[章节编部])\s*")),
    # "Article 5", "Статья 5", "المادة (٩)" and their other spellings: article_labels.py
    ("article", re.compile(r"^(§)\s*(\d{1,3}(?:\.\d{1,3})*[a-z]?)\b[.:]?\s*")),
    ("heading", re.compile(r"^(#{1,6})\s+")),
]


def match_label(line: str) -> Label | None:
    article = article_label(line)
    if article:
        return Label(article[0], "article", article[1])
    for kind, pattern in _PATTERNS:
        m = pattern.match(line)
        if m:
            text = " ".join(g for g in m.groups() if g).translate(ARABIC_INDIC)
            if text.startswith("第"):
                text = re.sub(r"\s+", "", text)  # 第 7.11 条 and 第7.11条 are one label
            if kind == "sub":
                text = f"({text})"
            elif kind == "number" and " bis" not in text and "bis" in m.group(0):
                text = f"{text} bis"
            return Label(text, kind, m.end())
    return None


# A named code: "Measure 3.2:", "Action H-3 –", "Mesure 12 :", "Мера 3.2.", "措施3.2：",
# "الإجراء ٣:", "Indicator 5.5.1(b):": up to three words (or a name written without spaces
# before its number), a code with a digit, then a separator. Not a unit label (the name could be
# any word: "By 2030: …" is content), but how a plan cites a statement (search/form.py reads
# the statement after it) and how a list's items are told apart (named_number).
NAMED_CODE = re.compile(
    r"(?P<name>(?:[^\W\d_][\w'’-]*\s+){0,3}?(?:[^\W\d_]{1,6})?)"  # "Measure", "Objectif stratégique", "措施"
    r"(?P<code>[^\W_]{0,3}[-.]?\d[\w.-]{0,7}(?:\([^\W_]{1,3}\))?)"  # 3.2, H-3, H4, 12a, ٣, 5.5.1(b)
    r"\s*(?:[:：]|\.(?=\s)|\s[—–-]\s|\)(?=\s))\s*"  # "3.000" and "23.6%" are numbers, not codes
)


def named_number(line: str) -> tuple[str, int] | None:
    """A line that opens with a name and a whole number of at most three digits ("Measure 2:",
    "措施2：") -> (name, number): the next item of a list is the same name and the next number."""
    found = NAMED_CODE.match(line)
    code = found.group("code").translate(ARABIC_INDIC) if found else ""
    if not (code.isdigit() and len(code) <= 3):
        return None
    return " ".join(found.group("name").split()).casefold(), int(code)


# a list item's bullet (or dash, then a space), as typed or as fonts draw it (normalize.SYMBOL_BULLETS:
# Word's, as a PDF's glyphs keep them before normalize_chars reads them as "•"); a bullet may have
# lost the space after it. Or a lower-case letter or Roman number and a full stop ("a. ", "iv. "),
# which no heading is numbered with ("A. " may be)
BULLET = re.compile(f"[•◦‣∙●○▪▫・{SYMBOL_BULLETS}]|[–—*\\-·]\\s|(?:[a-z]|[ivx]{{2,5}})\\.\\s")

# A short label, then a colon (also full-width) or a spaced dash, then a longer text: a glossary
# entry ("Affordable housing: housing whose cost …"), a caption, or a plan's measure under its
# own heading ("Social housing: the city will build …"). Read from punctuation alone.
SEPARATOR = re.compile(r"\s*(?:[:：]|\s[—–-]\s)\s*")  # a colon (also full-width), or a dash between spaces
NOT_IN_LABEL = re.compile(r"[.!?。！？;；\d]")  # a sentence end, or a digit of any script
SEARCH_CHARS = 100  # the label is found in the statement's first characters
MAX_LABEL_WORDS = 5
MAX_WORD_CHARS = 40  # a one-word label in a script with spaces (German compounds are long)
MAX_WIDE_CHARS = 16  # a label in a script written without spaces (Chinese, Japanese)
MIN_REST = 2  # the text after the label is at least this many times as long as the label


def split_label(text: str) -> tuple[str, str] | None:
    """(label, rest) when `text` opens with a short label, then ':' / '：' / ' — ', then a
    longer text; else None."""
    text = text.strip()
    found = SEPARATOR.search(text[:SEARCH_CHARS])
    if not found or found.start() == 0:
        return None
    label = text[: found.start()].strip()
    if NOT_IN_LABEL.search(label):
        return None
    words = label.split()
    if len(words) > 1:
        short = len(words) <= MAX_LABEL_WORDS
    else:
        short = len(label) <= (MAX_WIDE_CHARS if any(map(wide, label)) else MAX_WORD_CHARS)
    rest = text[found.end() :]
    return (label, rest) if short and len(rest) >= MIN_REST * len(label) else None
