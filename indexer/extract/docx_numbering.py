"""The labels a word processor draws before numbered paragraphs of a DOCX ("1.", "2.1", "a)").

They are not in the paragraph's text, yet they are what people cite ("item 2") and what the
same plan shows as text once printed to PDF; so each numbered paragraph gets its label back,
computed as Word does: a counter per list and level, deeper levels restarting under a new
item, the level's pattern ("%1.%2.") filled in. A bulleted paragraph gets "•", as printed (its
font's own glyph is often a private-use code), so that it reads as a list's item and not as a
heading of the next; unknown formats get none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BULLET = "•"  # how a bulleted item is marked in text (a browser's disc, most fonts' bullet)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _roman(n: int) -> str:
    out = ""
    for value, digits in _ROMAN:
        while n >= value:
            out, n = out + digits, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str  # the pattern, e.g. "%1." or "%1.%2"
    start: int


@dataclass
class Numbering:
    """Labels for one document's numbered paragraphs, in document order (`label(paragraph)`)."""

    levels: dict[tuple[str, int], _Level]  # (numId, level) -> its format
    counters: dict[str, list[int]] = field(default_factory=dict)  # numId -> count per level

    @classmethod
    def of(cls, document) -> Numbering:
        levels: dict[tuple[str, int], _Level] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, AttributeError, NotImplementedError):
            return cls(levels)
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            definition = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            for lvl in definition.iter(f"{_W}lvl") if definition is not None else ():
                fmt, text, start = (lvl.find(f"{_W}{tag}") for tag in ("numFmt", "lvlText", "start"))
                levels[(num.get(f"{_W}numId"), int(lvl.get(f"{_W}ilvl", "0")))] = _Level(
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
        return cls(levels)

    def label(self, paragraph) -> str:
        """The paragraph's label ("" for none); call once per paragraph, in order."""
        num_id, level = _num_pr(paragraph)
        found = self.levels.get((num_id, level)) if num_id is not None else None
        if found is None:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[level] = counts[level] + 1 if counts[level] else found.start
        counts[level + 1 :] = [0] * (8 - level)
        if found.fmt == "bullet":
            return BULLET
        text = found.text
        for k in range(level + 1):
            at = self.levels.get((num_id, k))
            if at is None or at.fmt not in FORMATS:
                return ""  # a bullet, or a format not read here
            text = text.replace(f"%{k + 1}", FORMATS[at.fmt](counts[k] or at.start))
        return text.strip()


def _num_pr(paragraph) -> tuple[str | None, int]:
    """(numId, level) of a paragraph's numbering, its own or its style's."""
    for holder in (paragraph._p, getattr(paragraph.style, "element", None)):
        p_pr = holder.find(f"{_W}pPr") if holder is not None else None
        num_pr = p_pr.find(f"{_W}numPr") if p_pr is not None else None
        num_id = num_pr.find(f"{_W}numId") if num_pr is not None else None
        if num_id is not None and num_id.get(f"{_W}val") not in (None, "0"):
            ilvl = num_pr.find(f"{_W}ilvl")
            return num_id.get(f"{_W}val"), int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0
    return None, 0
