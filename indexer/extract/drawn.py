"""The space glyphs a page draws, and the letters it draws in pieces, from its content stream.

Word-processor PDFs (LibreOffice, Word) draw every word space as a glyph. PDFium's text page
keeps most of them, but in Nastaliq, whose words overlap, it moves some and replaces others
with spaces it guesses inside words. The content stream itself is exact: this module walks
it with pypdf, decodes each shown string with its font's ToUnicode map, and returns where
each space glyph starts (page space, as PDFium reports positions), how wide it is and which
show-text operation drew it (PDFium makes one text object of each). LibreOffice draws some
Nastaliq letters as two glyphs, both mapped to the letter, inside one marked-content span
whose ActualText is the letter once: the span of each operation is returned too. Pages
whose fonts cannot be read give no spaces, and the caller keeps its own reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_SPACE = b"\x00\x20"  # U+0020 in a ToUnicode map (UTF-16BE)


@dataclass(frozen=True)
class DrawnSpace:
    x: float  # where the glyph starts: its left edge on the page
    y: float  # its baseline
    width: float
    operation: int = -1  # the show-text operation that drew it, counted from 0


@dataclass(frozen=True)
class DrawnText:
    spaces: tuple[DrawnSpace, ...]
    spans: tuple[int, ...]  # per show-text operation: its ActualText span (-1: none)
    # where each glyph whose code the ToUnicode map leaves out is drawn: a kashida or a piece of
    # a Nastaliq letter, which PDFium reads as the code itself (".", "(", "%")
    no_text: tuple[DrawnSpace, ...] = ()


@dataclass(frozen=True)
class _Font:
    spaces: frozenset[int]  # the codes that stand for U+0020
    mapped: frozenset[int]  # the codes the ToUnicode map gives any text
    code_bytes: int
    widths: dict[int, float]  # glyph widths in thousandths of the font size
    default_width: float


def _space_codes(font) -> tuple[frozenset[int], frozenset[int], int]:
    """-> (the codes of U+0020, every code mapped, bytes per code)."""
    to_unicode = font.get("/ToUnicode")
    if to_unicode is None:
        return frozenset(), frozenset(), 1
    data = to_unicode.get_object().get_data()
    codes, mapped, size = set(), set(), 1
    for block in _BFCHAR.findall(data):
        for code, text in _PAIR.findall(block):
            size = max(size, len(code) // 2)
            mapped.add(int(code, 16))
            if bytes.fromhex(text.decode()) == _SPACE:
                codes.add(int(code, 16))
    for block in _BFRANGE.findall(data):
        for first, last, text in _RANGE.findall(block):
            size = max(size, len(first) // 2)
            start, end, unit = int(first, 16), int(last, 16), int(text, 16)
            mapped.update(range(start, end + 1))
            if unit <= 0x20 <= unit + end - start:
                codes.add(start + 0x20 - unit)
    return frozenset(codes), frozenset(mapped), size


def _widths(font) -> tuple[dict[int, float], float]:
    if font.get("/Subtype") == "/Type0":
        descendant = font["/DescendantFonts"][0].get_object()
        table, widths, i = list(descendant.get("/W", [])), {}, 0
        while i + 1 < len(table):
            first, then = int(table[i]), table[i + 1]
            if isinstance(then, list):  # first [w1 w2 ...]
                widths.update({first + k: float(w) for k, w in enumerate(then)})
                i += 2
            else:  # first last w
                widths.update({code: float(table[i + 2]) for code in range(first, int(then) + 1)})
                i += 3
        return widths, float(descendant.get("/DW", 1000))
    first = int(font.get("/FirstChar", 0))
    return {first + k: float(w) for k, w in enumerate(font.get("/Widths", []))}, 0.0


def _font(font) -> _Font:
    spaces, mapped, code_bytes = _space_codes(font)
    widths, default = _widths(font)
    return _Font(spaces, mapped, code_bytes, widths, default)


def drawn_text(page) -> DrawnText:
    """-> every space glyph the pypdf `page` draws, in content-stream order (none where its
    fonts cannot be read), and the ActualText span of every show-text operation."""
    try:
        fonts = {name: ref.get_object() for name, ref in page["/Resources"]["/Font"].items()}
    except (KeyError, TypeError, AttributeError):
        return DrawnText((), ())
    known: dict[str, _Font | None] = {}
    found: list[DrawnSpace] = []
    spans: list[int] = []
    no_text: list[DrawnSpace] = []
    marked: list[int] = []  # open marked-content sequences: an ActualText span's number, or -1
    state = {"font": None, "size": 1.0, "Tc": 0.0, "Tw": 0.0, "spans": 0}

    def visit(operator, operands, cm, tm):
        if operator in (b"BDC", b"BMC"):
            if operator == b"BDC" and len(operands) == 2 and _actual_text(operands[1]):
                marked.append(state["spans"])
                state["spans"] += 1
            else:
                marked.append(-1)
        elif operator == b"EMC" and marked:
            marked.pop()
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            spans.append(max(marked, default=-1))
        if operator == b"Tf" and len(operands) == 2:
            state["font"], state["size"] = operands[0], float(operands[1])
        elif operator in (b"Tc", b"Tw") and operands:
            state[operator.decode()] = float(operands[0])
        elif operator in (b"Tj", b"TJ", b"'", b'"') and state["font"] in fonts:
            name = state["font"]
            if name not in known:
                try:
                    known[name] = _font(fonts[name])
                except (KeyError, ValueError, TypeError, AttributeError):
                    known[name] = None
            if known[name] is not None and known[name].spaces:
                shown = operands[0] if operator == b"TJ" else [operands[-1]]
                _walk(shown, known[name], state, cm, tm, (found, no_text), len(spans) - 1)

    try:
        page.extract_text(visitor_operand_before=visit)
    except Exception:  # noqa: BLE001 - a stream pypdf cannot walk: the page is read without it
        return DrawnText((), ())
    return DrawnText(tuple(found), tuple(spans), tuple(no_text))


def _actual_text(properties) -> bool:
    # a property list named in the resources (not inline) is not read: LibreOffice's are inline
    return isinstance(properties, dict) and "/ActualText" in properties


def _walk(shown, font: _Font, state: dict, cm, tm, out: tuple[list, list], operation: int) -> None:
    """Advance the pen through one shown string (glyph widths, TJ's adjustments); the text
    matrix is taken as it was when the string began, which is all a producer that places
    each run by its own matrix (LibreOffice, Word) needs."""
    pen, size = 0.0, state["size"]
    found, no_text = out
    for item in shown:
        if isinstance(item, (int, float)):
            pen -= float(item) / 1000 * size
            continue
        data = item.original_bytes if hasattr(item, "original_bytes") else bytes(item)
        for start in range(0, len(data) - font.code_bytes + 1, font.code_bytes):
            code = int.from_bytes(data[start : start + font.code_bytes], "big")
            advance = font.widths.get(code, font.default_width) / 1000 * size
            blank = code not in font.mapped and font.code_bytes == 1
            if code in font.spaces or blank:
                ux, uy = tm[0] * pen + tm[4], tm[1] * pen + tm[5]
                x, y = cm[0] * ux + cm[2] * uy + cm[4], cm[1] * ux + cm[3] * uy + cm[5]
                (found if not blank else no_text).append(DrawnSpace(x, y, advance * abs(cm[0] * tm[0]), operation))
            pen += advance + state["Tc"] + (state["Tw"] if font.code_bytes == 1 and code == 0x20 else 0.0)
