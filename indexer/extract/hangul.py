"""Hangul in a row of glyphs: word spaces from where the pen stood to draw each syllable, the
cell of a syllable known only by its ink, and the wide threshold beside Hangul (word_spaces.py).

Hangul syllables share one advance in a font, so inside a word the pen moves by the same step
from syllable to syllable, and a word space adds its width to the step. That step is exact,
where the gaps between boxes are not: PDFium knows most Hangul glyphs only by their ink, whose
side bearings vary ("이" is narrower than "협"), and LibreOffice spreads a justified line's
syllables apart (9 pt columns: steps of 9.69 pt inside words, 13.09 pt across a space, ink
gaps of 0.20-0.29 em and 0.38 em), so the box gaps of "모든 신축" read "모 든 신 축".

Decided only where the row's steps show one advance: at least three steps, two in five of
them within a thirtieth of an em of the lower quartile. A font whose Hangul is
proportional leaves the row to the box gaps (word_spaces.py).
"""

from __future__ import annotations

import re
import statistics

from indexer.extract.glyphs import Cluster
from indexer.extract.normalize import is_hangul

SYLLABLE = re.compile("[\uac00-\ud7a3]")
HANGUL_SPACE = 0.12  # em beyond the usual step: a word space (0.2-0.33 em in CJK fonts, wider justified)
SAME_STEP = 0.03  # em: steps this close are one advance (and the letter spacing of a justified line)
TOUCHING = 0.05  # em: cells this close touch (autospace adds about a quarter em)


def hangul_spaces(row: list[Cluster]) -> dict[int, bool]:
    """For each syllable (by id) followed by another syllable, with only PDFium's guessed
    spaces between them, whether a word space separates the two."""
    pairs: list[tuple[Cluster, Cluster]] = []
    before = None
    for cluster in row:
        if cluster.text == " " and not cluster.proper:
            continue  # PDFium's guess: decided here by the step
        if before is not None and _syllable(before) and _syllable(cluster):
            pairs.append((before, cluster))
        before = cluster
    if len(pairs) < 3:
        return {}
    em = statistics.median(a.em for a, _ in pairs)
    steps = sorted(b.pen - a.pen for a, b in pairs)
    usual = steps[len(steps) // 4]  # most steps fall inside words; the lowest may be a kerned pair
    same = sum(abs(step - usual) <= SAME_STEP * em for step in steps)
    if same < 3 or same < 0.4 * len(steps) or usual <= 0.5 * em:
        return {}
    return {id(a): b.pen - a.pen - usual > HANGUL_SPACE * em for a, b in pairs}


def _syllable(cluster: Cluster) -> bool:
    return len(cluster.text) == 1 and bool(SYLLABLE.match(cluster.text)) and not cluster.marks


def drop_guessed(row: list[Cluster], spaces: dict[int, bool]) -> list[Cluster]:
    """The row without PDFium's guessed spaces after the syllables the steps decided."""
    out: list[Cluster] = []
    for cluster in row:
        if cluster.text == " " and not cluster.proper:
            last = next((c for c in reversed(out) if not (c.text == " " and not c.proper)), None)
            if last is not None and id(last) in spaces:
                continue
        out.append(cluster)
    return out


def korean_gap(a: str, b: str, drawn_spaces: bool, autospace: bool = True) -> bool:
    """Whether a gap next to Hangul needs the wide threshold: on a line whose spaces are drawn
    (LibreOffice sets Hangul cells up to 0.3 em apart inside a word and adds autospace between
    Hangul and digits, "2030 년", so there only a drawn space is a space; Chromium draws none:
    its gaps are the spaces), and after a digit on a page set with autospace."""
    if drawn_spaces and (is_hangul(a) or is_hangul(b)):
        return True
    # a number's unit or particle is written against it ("2027년", "5개", "1,200억"), and
    # LibreOffice's autospace puts ~0.3 em there: only a wide gap is a space
    return autospace and is_hangul(b) and a.isdigit()


def sets_autospace(clusters: list[Cluster]) -> bool:
    """Whether the page's producer sets digits apart from Hangul (LibreOffice's autospace):
    not once a digit and a syllable drawn one after the other touch (Chromium's "2024년"),
    whose cells are known. Then a gap after a digit as wide as a space ("© 2023 발모라시",
    Chromium's 0.28 em) is one."""
    for a, b in zip(clusters, clusters[1:]):
        if not (a.proper and b.proper and a.text and b.text and abs(a.base - b.base) < 0.1 * a.em):
            continue
        if (a.text[-1].isdigit() and SYLLABLE.match(b.text[0])) or (SYLLABLE.match(a.text[-1]) and b.text[0].isdigit()):
            if abs(b.x0 - a.x1) < TOUCHING * min(a.em, b.em):
                return False
    return True


def hangul_advances(row: list[Cluster]) -> None:
    """Hangul syllables all have the same advance: a syllable known only by its ink (narrower
    than its cell, more so for "이" than "협") is given the cell of the line's whole ones, from
    its pen position, so the gaps beside it compare with the others."""
    if not SYLLABLE.search("".join([c.text for c in row])):
        return
    cells = [c.x1 - c.x0 for c in row if c.proper and len(c.text) == 1 and is_hangul(c.text)]
    if len(cells) < 3:
        return
    cell = statistics.median(cells)
    for c in row:
        if not c.proper and len(c.text) == 1 and is_hangul(c.text) and c.x1 - c.x0 < cell:
            c.x0, c.x1 = min(c.x0, c.pen), min(c.x0, c.pen) + cell
