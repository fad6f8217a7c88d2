"""Lines -> paragraphs: line gaps, room left at a line's end, labels, font size and weight."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from indexer.extract.brackets import as_meant, quotes_as_meant
from indexer.extract.column_edges import under_columns
from indexer.extract.columns import cut_at_foot, ends_cut
from indexer.extract.indents import INDENT_EMS, LARGER, at_edge, first_line_indent, indent, opens_mid_paragraph
from indexer.extract.korean_breaks import HANGUL_RUN, korean_breaks
from indexer.extract.normalize import ends_sentence, join_wrapped, word_counts
from indexer.extract.normalize import wide as wide_char
from indexer.extract.notes import SMALLER, note_paragraph, split_notes
from indexer.structure.labels import BULLET, match_label, named_number, split_label

HEADING_MARK = "##"  # how a heading paragraph is marked in page text (indexer/structure reads it)
# LibreOffice's default space after a paragraph is 1.32 line pitches at 14 pt; a Nastaliq
# page's baselines are found less exactly (indexer/extract/cascade.py), so it needs more
PARAGRAPH_SPACING = 1.25
CASCADE_PARAGRAPH_SPACING = 1.35
CASCADE_EXTRA_SPACE = 0.35  # em beyond the page's usual pitch
# a number with no stop or bracket after it: a label only after a finished sentence (a
# wrapped line may start with one: "(see table" / "3 below)", "inversión de" / "3.400 millones")
_BARE_NUMBER = re.compile(r"\d+(?:[.,]\d{3})*(?=\s)")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    base: float
    em: float
    bold: bool
    rtl: bool
    first_word: float  # width of the first word in reading order
    table_row: bool = False  # a ruled table's row, its cells joined (tables.py): a paragraph of its own


@dataclass(frozen=True)
class PageReading:
    text: str  # the page's paragraphs separated by blank lines, headings marked
    runs_on: bool  # its text ends in a paragraph the page's foot cut (columns.ends_cut)
    gutter: float | None = None  # the x between its two columns (columns.gutter_x), if it has two
    continues: bool = False  # its first paragraph goes on from the page before (indents.opens_mid_paragraph)


def read_page(blocks: list[list[Line]], cascading: bool = False) -> PageReading:
    """Blocks of lines -> the page's text, and whether its last paragraph runs on to the next page."""
    every = [line for block in blocks for line in block]
    body = _body_em(every)
    blocks, edge = under_columns(blocks)
    # some producers report every glyph as bold: bold sets a heading apart only from plain text
    plain_body = sum(len(line.text) for line in every if not line.bold) * 2 > sum(len(line.text) for line in every)
    page = " ".join(line.text for line in every)
    inside = korean_breaks(blocks, Counter(HANGUL_RUN.findall(page)))
    words = word_counts(page)
    out: list[str] = []
    notes: list[tuple[str, list[Line]]] = []
    under: list[Line] = []  # lines under a block's notes: a running footer, a page number
    text_lines = [line for block in blocks for line in block if line.em > SMALLER * body]  # not the notes' small print
    referenced = " ".join(line.text for line in text_lines)
    foot = min((line.base for line in text_lines), default=0.0)  # the text's lowest line on the page
    cut = False  # the last block ended in a wrapped line of a paragraph that ends no sentence
    body_paras: list[list[Line]] = []
    continues = None  # read from the page's first block of text (not a header row of its own)
    for b, lines in enumerate(blocks):
        following = blocks[b + 1][0] if b + 1 < len(blocks) and blocks[b + 1] else None  # the next column's first line
        if lines and lines[0].table_row:  # no notes, no heading, nothing read on into it
            out.append(lines[0].text)
            body_paras.append(lines)
            cut = False
            continue
        lines, found, tail = split_notes(lines, body, referenced)
        notes += found
        under += tail
        grouped = paragraphs(lines, cascading)
        if continues is None and len(lines) > 1:
            continues = opens_mid_paragraph(grouped)
        body_paras += grouped
        for n, para in enumerate(grouped):
            text = _joined(para, inside, words)
            heading = _is_heading(para, text, body, plain_body)
            if n == 0 and cut and not heading and match_label(text) is None:
                # a paragraph the column's foot cut, read on at the next column's top
                out[-1] = join_wrapped(out[-1], text, words)
            else:
                out.append(f"{HEADING_MARK} {text}" if heading else text)
        # a column's foot: the page text's lowest line, or the column's own notes below it
        cut = bool(grouped) and out[-1] == text and cut_at_foot(grouped, text, None if found else foot, following)
    # after the page's text, which may run on to the next page
    out += [note_paragraph(mark, _joined(lines, inside, words)) for mark, lines in notes]
    out += [line.text for line in under + edge]  # at the page's edge, where running footers are dropped
    return PageReading("\n\n".join(out), ends_cut(body_paras), continues=bool(continues))


def _joined(para: list[Line], inside: dict, words: Counter) -> str:
    """A paragraph's lines as one text: joined at spaces, or run together inside a Korean word
    (`inside`) or a hyphenated compound; a bracketed run wrapped across right-to-left lines mended."""
    text = ""
    for line in para:
        text = text + line.text if inside.get(id(line)) else join_wrapped(text, line.text, words)
    if any(line.rtl for line in para):
        text = quotes_as_meant(as_meant(text))  # a bracketed run wrapped across lines ("(SDG" / "11(.")
    return text


def paragraphs(lines: list[Line], cascading: bool = False) -> list[list[Line]]:
    """Lines grouped into paragraphs (by gaps, room left at line ends, labels and type)."""
    if not lines:
        return []
    # the body's own line pitch: lines of smaller print (notes, sources) set closer together
    # must not make every gap between the body's lines look like a paragraph break (nor does a
    # pair nearer than 0.8 em: a sub- or superscript on its own baseline)
    body = _body_em(lines)
    pitches = [
        a.base - b.base
        for a, b in zip(lines, lines[1:])
        if 0.8 * a.em < a.base - b.base < 3 * a.em and max(abs(a.em - body), abs(b.em - body)) <= 0.15 * body
    ] or [a.base - b.base for a, b in zip(lines, lines[1:]) if 0 < a.base - b.base < 3 * a.em]
    if not pitches:
        pitch = 1.3 * lines[0].em
    elif cascading:  # Nastaliq baselines are found less exactly: the typical gap
        pitch = statistics.median(pitches)
    else:  # a page of short paragraphs has more paragraph gaps than wrapped lines
        pitch = sorted(pitches)[len(pitches) // 4]
    spacing = CASCADE_PARAGRAPH_SPACING if cascading else PARAGRAPH_SPACING
    pitch_per_em = _pitch_per_em(lines)
    # the measure is where the text's lines reach, not a title in larger type above them: it
    # may run past a single column's edge ("Энергоэффективность…" over a 9 pt column)
    title = next((n for n, line in enumerate(lines) if line.em <= LARGER * body), 0)
    head, foot = _running_head_and_foot(lines[title:], body)
    title += head
    measure = lines[title : len(lines) - foot]
    left = min(line.x0 for line in measure)
    right = max(line.x1 for line in measure)
    # which edge the text is set against: lines that start (end) within an em of it
    flush_left = sum(line.x0 - left < line.em for line in lines) > 0.6 * len(lines)
    flush_right = sum(right - line.x1 < line.em for line in lines) > 0.6 * len(lines)
    middle = statistics.median((line.x0 + line.x1) / 2 for line in lines)
    centred = sum(abs((line.x0 + line.x1) / 2 - middle) < line.em for line in lines) > 0.6 * len(lines)
    indents = _indent_levels(lines)
    paras: list[list[Line]] = [[lines[0]]]
    for k, (prev, line) in enumerate(zip(lines, lines[1:])):
        label = match_label(line.text)  # read once: the rules below ask it several times
        after_line = lines[k + 2] if k + 2 < len(lines) else None
        gap = prev.base - line.base
        # free space where the line ends: its ragged side (both sides when centred); a list
        # item's indent on the other side is no room its next line could have used
        before, after = prev.x0 - left, right - prev.x1
        if flush_left and flush_right:
            # justified (or set against either edge): the room the next line does not share
            # with it, on either side (a right-to-left line may be set flush left)
            inset_left, inset_right = _inset(prev, line, paras[-1][-2] if len(paras[-1]) > 1 else None, left, right)
            free = max(before - inset_left, after - inset_right)
            if indent(prev, left, right) and at_edge(line, left, right):
                # a paragraph's first line, indented: the indent is no room the next word could use
                free = before - inset_left if prev.rtl else after - inset_right
        elif (flush_right if not prev.rtl else flush_left) and indents:
            # justified text whose starts are a few indent levels (list items beside body
            # text), not a ragged start edge: the line's end is where room was left
            free = after if not prev.rtl else before
        elif (
            flush_left
            and prev.rtl
            and match_label(paras[-1][0].text)
            and not label
            and line.x1 <= paras[-1][0].x1 + 0.5 * line.em
        ):
            # right-to-left text set flush left: a list item's lines start at its own indent
            # on the right, so the room is measured from where the item's first line starts (a
            # line that starts further right is none of its lines: the paragraph after the list)
            free = max(paras[-1][0].x1 - prev.x1, 0.0)
        elif flush_left or flush_right:
            free = after if flush_left else before
            # a line set against the other edge, far from the text's own, then one set at the
            # text's own (a running header aligned the other way, a date set right, over the
            # text; not a table's right-hand cell): the room it left is on the text's edge
            own, other = (before, after) if flush_left else (after, before)
            starts_own = (line.x0 - left if flush_left else right - line.x1) <= INDENT_EMS * line.em
            if other < prev.em and own > 0.5 * (right - left) and starts_own:
                free = own
        elif centred:
            free = before + after
        else:  # indents of several depths (list items, their wrapped lines): the line's end is ragged
            free = before if prev.rtl else after
        room = free - line.first_word - 0.5 * line.em
        # lines of a title in larger type are further apart than the body's: a wrapped title
        # ("… 2026–2031: Our" / "Goals, Our Neighbourhoods") is one paragraph, not two headings.
        # Never less than the body's gap: a tight pair elsewhere on the page splits nothing more
        large = not cascading and min(prev.em, line.em) > LARGER * body
        new = (
            gap > spacing * (max(pitch, pitch_per_em * prev.em) if large else pitch)
            # Nastaliq lines are tall (about three ems apart), so a paragraph's few points of
            # spacing are a small share of the pitch
            or (cascading and gap - pitch > CASCADE_EXTRA_SPACE * prev.em)
            or gap < 0
            or abs(line.em - prev.em) > 0.15 * prev.em
            or (head and k + 1 == title)  # a running head over a short last column (_running_head_and_foot)
            or (foot and k + 2 == len(lines))
            or line.bold != prev.bold
            or room > 1.0 * line.em  # the next line's first word would have fitted: the line was ended
            or (
                label is not None
                and not _enumeration_wrapped(prev, line, label, room, left, right)
                and (ends_sentence(prev.text) or (room > -line.first_word and not _BARE_NUMBER.match(line.text)))
            )
            or _sibling_item(paras[-1][0], line)
            or _next_bullet(paras[-1][0], line)
            # a first line indented (text set without space between paragraphs), between lines
            # set at the edge; not a list item's wrapped line, indented under its label
            or (
                (flush_right if line.rtl else flush_left)
                and first_line_indent(paras[-1][0], prev, line, after_line, left, right, body)
            )
            # a list of one-line measures, each under its own heading ("Social housing: the
            # city will …。" / "Green bonds: …"): no wrapped line to learn the pitch from
            or (ends_sentence(prev.text) and split_label(line.text) is not None and _in_line(paras[-1][0], line))
        )
        if new:
            paras.append([line])
        else:
            paras[-1].append(line)
    return paras


def _running_head_and_foot(lines: list[Line], body: float) -> tuple[int, int]:
    """(1 or 0, 1 or 0): whether the first line is a running head and the last a running foot set
    beside a narrower column of text (a two-column page's last, short column, read as one; a
    header flush left over an Arabic column on the right). Such a line is in type a little other
    than the body's and reaches more than two ems past the span of every line between them, which
    then set the measure. A line of text set around a figure is in the body's type."""
    if len(lines) < 5:
        return 0, 0
    between = lines[1:-1]
    low, high = min(line.x0 for line in between), max(line.x1 for line in between)

    def apart(line: Line) -> bool:
        beyond = max(line.x1 - high, low - line.x0)
        return abs(line.em - body) > 0.05 * body and beyond > 2 * line.em

    # a foot stands far below a short last column (a list's last entry in other type does not)
    low_down = lines[-2].base - lines[-1].base > 10 * lines[-1].em
    return int(apart(lines[0])), int(apart(lines[-1]) and low_down)


def _enumeration_wrapped(prev: Line, line: Line, label, room: float, left: float, right: float) -> bool:
    """Chinese or Japanese prose enumerates in its sentences with bracketed numbers ("…实验。（4）
    负责…"), and its lines run to the edge whether or not a sentence ends there: a line at the
    edge that opens with "（4）" under a line with no room for it goes on with it. A numbered
    paragraph ("1.2 到2030年…") is not read so: numbers of that form open paragraphs, not clauses."""
    wide = sum(map(wide_char, prev.text))
    bracketed = label.kind in ("sub", "zh-sub")  # `label`: the line's own (labels.match_label)
    return bracketed and wide > len(prev.text) / 2 and room <= 0 and at_edge(line, left, right)


def _inset(prev: Line, line: Line, earlier: Line | None, left: float, right: float) -> tuple[float, float]:
    """The room a narrower measure (an indent, text set around a figure) leaves on each side of
    justified `prev`, which is then no room its paragraph left: shown by the next line reaching
    as far, or, where the next line reaches less far (a paragraph's short last line, or the line
    under a running header), by the line before `prev` in its paragraph (`earlier`)."""
    tolerance = 0.5 * prev.em
    if min(prev.x0, line.x0) - left > prev.em and abs(prev.x0 + prev.x1 - line.x0 - line.x1) < 2 * prev.em:
        return min(prev.x0, line.x0) - left, right - max(prev.x1, line.x1)  # centred together: a wrapped title
    near = [line] + ([earlier] if earlier is not None else [])
    reach_left = next((other.x0 for other in near if other.x0 < prev.x0 + tolerance), left)
    reach_right = next((other.x1 for other in near if other.x1 > prev.x1 - tolerance), right)
    return min(prev.x0, reach_left) - left, right - max(prev.x1, reach_right)


def _pitch_per_em(lines: list[Line]) -> float:
    """How far apart a paragraph's lines are, in ems of their type: the closest pair of lines in
    one size in the block (a block of one-line paragraphs has no wrapped body lines to learn it
    from, but its title's lines are a pair; a gap between sizes is a paragraph break whatever the sizes).
    Lines nearer than 0.8 em are not a line pitch (a sub- or superscript on its own baseline)."""
    ratios = [
        (a.base - b.base) / a.em
        for a, b in zip(lines, lines[1:])
        if abs(a.em - b.em) <= 0.15 * a.em and 0.8 * a.em < a.base - b.base < 3 * a.em
    ]
    return min(ratios, default=1.3)


def _indent_levels(lines: list[Line]) -> bool:
    """Whether the lines start at a few shared positions (indent levels) rather than along a
    ragged edge: almost every line's start edge is within half an em of another line's."""
    if len(lines) < 3:
        return False
    starts = sorted((line.x1 if line.rtl else line.x0, line.em) for line in lines)
    shared = sum(
        (i > 0 and x - starts[i - 1][0] < 0.5 * em) or (i + 1 < len(starts) and starts[i + 1][0] - x < 0.5 * em)
        for i, (x, em) in enumerate(starts)
    )
    return shared >= 0.9 * len(lines)


def _sibling_item(first: Line, line: Line) -> bool:
    """A line labelled with the number after the current paragraph's, starting where that
    label started: the next item of a list, however full the item before it ("2.300
    viviendas" on a wrapped line is no item). A named number ("Mesure 2 :" after "Mesure 1 :",
    "措施2：" after "措施1：") counts when the name is the same: a list of one-line items
    has no wrapped line to learn the line pitch from, and its lines may end near the edge."""
    this, before = match_label(line.text), match_label(first.text)
    if this is None or before is None:
        named, named_before = named_number(line.text), named_number(first.text)
        if named is None or named_before is None or named[0] != named_before[0] or named[1] != named_before[1] + 1:
            return False
        return _in_line(first, line)
    if not (this.text.isdigit() and before.text.isdigit()):
        return False
    if int(this.text) != int(before.text) + 1:
        return False
    if _numbering(line.text[: this.end]) != _numbering(first.text[: before.end]):
        return False  # "2." then "۳ " on a wrapped line ("… جدول" / "۳ دیکھیں"): not one list
    return _same_start(first, line)


def _next_bullet(first: Line, line: Line) -> bool:
    """A line led by a bullet (labels.BULLET), in line with the current paragraph's first, led by
    one too (_in_line: right to left, set flush left, its start is ragged): the list's next item,
    though it ends where the item before it ended (a list of items of one length looks like a
    block set narrower than the text)."""
    return bool(BULLET.match(line.text) and BULLET.match(first.text)) and _in_line(first, line)


def _same_start(first: Line, line: Line) -> bool:
    """Whether two lines start at the same place (on the right, right to left)."""
    return abs(line.x1 - first.x1) < 0.5 * line.em if line.rtl else abs(line.x0 - first.x0) < 0.5 * line.em


def _in_line(first: Line, line: Line) -> bool:
    """Whether a line starts where a paragraph started, or, right to left, is set flush left
    with it (one-line items do not show which edge they are set against)."""
    return _same_start(first, line) or (line.rtl and abs(line.x0 - first.x0) < 0.5 * line.em)


def _numbering(label: str) -> tuple[str, int]:
    """How a label is written: its characters other than digits, and its digits' script (the
    code point of its zero)."""
    digits = [ch for ch in label if ch.isdigit()]
    zero = ord(digits[0]) - int(digits[0]) if digits else 0
    return "".join(ch for ch in label if not ch.isdigit()).strip(), zero


def _body_em(lines: list[Line]) -> float:
    """The font size most of the page's text is set in."""
    sizes: dict[float, int] = {}
    for line in lines:
        sizes[round(line.em, 1)] = sizes.get(round(line.em, 1), 0) + len(line.text)
    return max(sizes, key=sizes.get) if sizes else 0.0


def _is_heading(para: list[Line], text: str, body: float, plain_body: bool) -> bool:
    """A short paragraph set apart by type (bold, or larger than the body text) that does
    not end a sentence: marked as a Markdown heading, as the DOCX and HTML readers mark theirs."""
    if len(text) > 150 or ends_sentence(text) and not text.endswith(":"):
        return False
    # a title in large type may take four lines or more ("Стратегия … 2026–2035 годы: …" at 28 pt)
    larger = body > 0 and statistics.median(line.em for line in para) >= LARGER * body
    return larger or (len(para) <= 3 and plain_body and all(line.bold for line in para))
