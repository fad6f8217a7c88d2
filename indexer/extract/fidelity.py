"""How faithfully extracted text reproduces a known source: word accuracy and paragraph F1.

Word accuracy is 1 - word error rate over whitespace-separated words (a lost space makes
two words one error each); for scripts written without spaces (Chinese, Japanese, Thai) the
units are characters, spaces included. Both sides are normalised the way the indexer
normalises text, and ZWNJ/ZWJ are dropped: a PDF draws their effect, not the characters.
Paragraph F1 compares where paragraphs break, as offsets in the text without whitespace.
The documents measured are written here too (FONTS × LAYOUTS, HTML for LibreOffice and
Chromium), so the benchmark (eval/extract_fidelity.py) and its test slice make the same files.
"""

from __future__ import annotations

import difflib
import html
import re

from indexer.extract.normalize import normalize_chars
from indexer.language import RTL_LANGS

CHARACTER_LANGS = ("zh", "ja", "th")
_JOINERS = re.compile("[\u200c\u200d]")


_HEADING_MARKS = re.compile(r"(?m)^#{1,6} ")


def _clean(text: str) -> str:
    """Normalised, joiners and Markdown heading marks (markup, not text) dropped, spaces folded."""
    return " ".join(_JOINERS.sub("", normalize_chars(_HEADING_MARKS.sub("", text))).split())


def tokens(text: str, lang: str) -> list[str]:
    text = _clean(text)
    return list(text) if lang in CHARACTER_LANGS else text.split()


def word_accuracy(expected: str, extracted: str, lang: str) -> float:
    from rapidfuzz.distance import Levenshtein

    want, got = tokens(expected, lang), tokens(extracted, lang)
    if not want:
        return 1.0 if not got else 0.0
    return max(0.0, 1.0 - Levenshtein.distance(want, got) / len(want))


def _boundaries(paragraphs: list[str]) -> tuple[str, list[int]]:
    squashed = [re.sub(r"\s+", "", _clean(p)) for p in paragraphs]
    offsets, total = [], 0
    for p in squashed[:-1]:
        total += len(p)
        offsets.append(total)
    return "".join(squashed), offsets


def paragraph_f1(expected: list[str], extracted: list[str], tolerance: int = 2) -> float:
    """F1 of paragraph breaks; an extracted break counts where it maps within `tolerance`
    characters of a source break."""
    want_text, want = _boundaries([p for p in expected if p.strip()])
    got_text, got = _boundaries([p for p in extracted if p.strip()])
    if not want and not got:
        return 1.0
    matcher = difflib.SequenceMatcher(None, got_text, want_text, autojunk=False)
    blocks = matcher.get_matching_blocks()

    def mapped(offset: int) -> int:
        for a, b, size in blocks:
            if a <= offset <= a + size:
                return b + offset - a
        return -(10**9)

    hits = 0
    left = set(want)
    for offset in got:
        target = mapped(offset)
        match = next((w for w in sorted(left) if abs(w - target) <= tolerance), None)
        if match is not None:
            hits += 1
            left.discard(match)
    precision = hits / len(got) if got else 0.0
    recall = hits / len(want) if want else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --- the documents of the round trip -----------------------------------------------------

FONTS = {
    "arabic": ("Noto Naskh Arabic", "Noto Sans Arabic", "Noto Kufi Arabic"),
    "urdu": ("Noto Nastaliq Urdu", "Noto Naskh Arabic", "Noto Sans Arabic"),
    "hebrew": ("Noto Sans Hebrew", "Noto Serif Hebrew", "Noto Rashi Hebrew"),
    "zh": ("Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans Mono CJK SC"),
    "ja": ("Noto Sans CJK JP", "Noto Serif CJK JP", "Noto Sans Mono CJK JP"),
    "ko": ("Noto Sans CJK KR", "Noto Serif CJK KR", "Noto Sans Mono CJK KR"),
    "thai": ("Noto Sans Thai", "Noto Serif Thai", "Noto Looped Thai"),
    "devanagari": ("Noto Sans Devanagari", "Noto Serif Devanagari", "FreeSerif"),
    "latin": ("Noto Sans", "Noto Serif", "DejaVu Sans"),
}
SCRIPT = {
    "ar": "arabic",
    "fa": "arabic",
    "ur": "urdu",
    "he": "hebrew",
    "zh": "zh",
    "ja": "ja",
    "ko": "ko",
    "th": "thai",
    "hi": "devanagari",
}
# name -> (text-align, font size in pt, columns)
LAYOUTS = {"ragged-14": ("start", 14, 1), "justified-11": ("justify", 11, 1), "columns-9": ("justify", 9, 2)}


def expected_paragraphs(doc: dict) -> list[str]:
    out, number = [], 0
    for block in doc["blocks"]:
        if block["kind"] == "item":
            number += 1
            out.append(f"{number}. {block['text']}")
        else:
            out.append(block["text"])
    return out


def page_html(doc: dict, font: str, layout: str, producer: str) -> str:
    align, size, columns = LAYOUTS[layout]
    parts, items = [], []

    def flush():
        if items:
            parts.append("<ol>" + "".join(f"<li>{html.escape(t)}</li>" for t in items) + "</ol>")
            items.clear()

    for block in doc["blocks"]:
        if block["kind"] == "item":
            items.append(block["text"])
            continue
        flush()
        tag = "h2" if block["kind"] == "heading" else "p"
        parts.append(f"<{tag}>{html.escape(block['text'])}</{tag}>")
    flush()
    heading, body = parts[0], "".join(parts[1:])
    if columns > 1:
        body = (
            f'<multicol cols="{columns}">{body}</multicol>'
            if producer == "libreoffice"
            else f'<div style="columns:{columns};column-gap:1cm">{body}</div>'
        )
    lang = doc["lang"]
    direction = "rtl" if lang in RTL_LANGS else "ltr"
    css = (
        f'body{{font-family:"{font}";font-size:{size}pt;text-align:{align}}}'
        f'h2{{font-family:"{font}";font-size:{size + 3}pt;font-weight:bold}}'
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8"><style>{css}</style>'
        f"</head><body>{heading}{body}</body></html>"
    )
