"""A paragraph's first line set in from the edge its lines start at (text set without space
between paragraphs, as Russian, French and German documents often are): where it opens a
paragraph (paragraphs.py), and where a page's first line, set at the edge, goes on from the page
before (opens_mid_paragraph). Lines are paragraphs.Line rows."""

from __future__ import annotations

import re

from indexer.structure.labels import match_label

INDENT_EMS = 4  # the deepest indent of a paragraph's first line
LARGER = 1.15  # of the body text's size: type this much larger is a title's or a heading's


def _start_inset(line, left: float, right: float) -> float:
    """How far in from the edge where the text's lines start (the right, right to left) a line starts."""
    return right - line.x1 if line.rtl else line.x0 - left


def indent(line, left: float, right: float) -> bool:
    """Whether a line starts a paragraph's indent (one to four ems) in."""
    return 0.8 * line.em <= _start_inset(line, left, right) <= INDENT_EMS * line.em


def at_edge(line, left: float, right: float) -> bool:
    return _start_inset(line, left, right) < 0.5 * line.em


_ITEM_MARK = re.compile(r"[^\w\s(\[«\"'“„‘]")  # a list item's bullet, asterisk or dash


def first_line_indent(first, prev, line, after, left: float, right: float, body: float) -> bool:
    """Whether `line` opens a paragraph by its indent (text set without space between
    paragraphs): indented, between lines set at the edge, in the same type, not larger than the
    body's. Not a list item's wrapped line, indented under its label or bullet, nor the second
    line of a title in large type, centred."""
    return (
        indent(line, left, right)
        and at_edge(prev, left, right)
        and (after is None or at_edge(after, left, right))
        and abs(line.em - prev.em) <= 0.15 * prev.em
        and line.em <= LARGER * body
        and match_label(first.text) is None
        and match_label(line.text) is None
        and not _ITEM_MARK.match(first.text)
    )


def opens_mid_paragraph(paras: list[list]) -> bool:
    """Whether a page's (its first column's) paragraphs open with a first-line indent, two or more
    of them and none of more than one line at the edge, while its first line is set at the edge
    with no label: it goes on with the page before's last paragraph, even where that one ended a
    sentence (a ragged paragraph cut after a full stop, which the page before's layout cannot
    tell). One-line paragraphs at the top (a running header; or a paragraph's last line, which
    is then left as it is) are passed over."""
    if not paras:
        return False
    start = 0
    while start < min(2, len(paras) - 1) and len(paras[start]) == 1:
        start += 1
    body = [line for para in paras[start:] for line in para]
    left, right = min(line.x0 for line in body), max(line.x1 for line in body)
    first, rest = paras[start], paras[start + 1 :]
    # a first line indented over lines at the edge (not a list item, indented whole or under its bullet)
    indented = sum(
        len(para) > 1
        and indent(para[0], left, right)
        and at_edge(para[1], left, right)
        and not _ITEM_MARK.match(para[0].text)
        for para in rest
    )
    flush = sum(len(para) > 1 and at_edge(para[0], left, right) for para in rest)
    # all of its lines at the edge: a running header read as one paragraph with an indented first
    # line is no paragraph going on
    return (
        indented >= 2
        and flush == 0
        and all(at_edge(line, left, right) for line in first)
        and match_label(first[0].text) is None
    )
