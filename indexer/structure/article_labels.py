"""Article labels as laws and declarations write them: "Article 5", "ARTICLE 5", "Art. 5º",
"Article premier", "Article 1er", "Artículo primero", "Article IV", "المادة الأولى", "مادة (3)".

Each is read as its word and a plain number ("Article 1", "المادة 1"), so that an article's later
paragraphs carry one label and its language versions pair by number (search/versions.py), however
the text spells the number. Chinese articles (第三条) are read in labels.py.
"""

from __future__ import annotations

import re

ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# the word, capitalised or in capitals: a line that opens with "article 5 of the law" in lower
# case is running text wrapped, not a label
_WORDS = ("Article", "Artículo", "Artigo", "Articolo", "Artikel", "Статья")
_WORD = "|".join([*_WORDS, *(w.upper() for w in _WORDS), r"Art\."])

# ordinal words for the first articles, as French, Spanish and Portuguese laws write them
_ORDINALS = {
    "premier": 1,
    "première": 1,
    "primero": 1,
    "segundo": 2,
    "tercero": 3,
    "cuarto": 4,
    "quinto": 5,
    "sexto": 6,
    "séptimo": 7,
    "octavo": 8,
    "noveno": 9,
    "décimo": 10,
}
_ROMAN = {"I": 1, "V": 5, "X": 10}

_NUMBER = (
    r"[\d٠-٩]{1,3}(?:\.\d{1,3})*(?:er|re|º|°|ª|\.º)?"  # 5, 7.11, 1er, 1º, 1°, 1.º
    # Roman numerals to 39, in capitals only; not L or C: "Article L. 151-5" cites a French code
    r"|(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
    r"|(?i:" + "|".join(_ORDINALS) + ")"
)
WESTERN = re.compile(rf"^({_WORD})\s*({_NUMBER})(?!\w)(?:\s*[.:]?\s*[-–—](?=\s)|[.:])?\s*")

# Arabic: المادة 5, مادة (5), المادة الأولى, المادة الحادية عشرة, المادة الثانية والعشرون
_AR_UNITS = {
    "الأولى": 1,
    "الاولى": 1,
    "الحادية": 1,
    "الثانية": 2,
    "الثالثة": 3,
    "الرابعة": 4,
    "الخامسة": 5,
    "السادسة": 6,
    "السابعة": 7,
    "الثامنة": 8,
    "التاسعة": 9,
    "العاشرة": 10,
}
_AR_TENS = {
    f"ال{stem}{ending}": value
    for stem, value in (
        ("عشر", 20),
        ("ثلاث", 30),
        ("أربع", 40),
        ("اربع", 40),
        ("خمس", 50),
        ("ست", 60),
        ("سبع", 70),
        ("ثمان", 80),
        ("تسع", 90),
    )
    for ending in ("ون", "ين")
}


def _alternatives(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_AR_ORDINAL = (
    rf"(?:{_alternatives(_AR_UNITS)})(?:\s+عشرة|\s+و\s?(?:{_alternatives(_AR_TENS)}))?|{_alternatives(_AR_TENS)}"
)
ARABIC = re.compile(
    rf"^((?:ال)?مادة)\s*(?:[(（]([\d٠-٩]{{1,3}})[)）]|([\d٠-٩]{{1,3}}(?:\.\d{{1,3}})*)(?!\w)|({_AR_ORDINAL})(?!\w))[.:]?\s*"
)


def _roman(text: str) -> int | None:
    values = [_ROMAN[c] for c in text]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if total > 0 else None


def _western_number(raw: str) -> str:
    if raw.casefold() in _ORDINALS:
        return str(_ORDINALS[raw.casefold()])
    if raw[0] in _ROMAN:
        return str(_roman(raw) or raw)
    return re.sub(r"(?:er|re|º|°|ª|\.º)$", "", raw).translate(ARABIC_INDIC)


def _arabic_ordinal(raw: str) -> str:
    words = re.split(r"\s+(?:و\s?)?", raw)
    total = 0
    for word in (w for w in words if w):
        total += 10 if word == "عشرة" else _AR_UNITS.get(word, _AR_TENS.get(word, 0))
    return str(total)


def article_label(line: str) -> tuple[str, int] | None:
    """(label, end) when `line` opens with an article label: its word and a plain number, and
    where the body starts; else None."""
    found = WESTERN.match(line)
    if found:
        return f"{found.group(1)} {_western_number(found.group(2))}", found.end()
    found = ARABIC.match(line)
    if found:
        word, bracketed, digits, ordinal = found.groups()
        number = (bracketed or digits or "").translate(ARABIC_INDIC) or _arabic_ordinal(ordinal)
        return f"{word} {number}", found.end()
    return None
