"""Combining marks drawn as glyphs of their own, put on their letters (glyphs.py)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from indexer.extract.bidi import cell_class

if TYPE_CHECKING:
    from indexer.extract.glyphs import Cluster

MARK_OVERHANG = 0.5  # em: how far beside its letter's box a mark's ink may be centred
# harakat, shadda, sukun and tanwin but the tanwin fath, which some write on the alef ("شكراً")
_NOT_ON_ALEF = "\u064c\u064d\u064e\u064f\u0650\u0651\u0652"


@lru_cache(maxsize=4096)
def is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


def attach_mark(
    clusters: list[Cluster], ch: str, center: float, base: float, em: float, order: int, pen: float
) -> None:
    """A combining mark drawn as a glyph of its own goes on the letter under it (nearest
    baseline, then nearest in the content stream)."""
    near = [c for c in clusters if abs(c.base - base) < 1.2 * max(em, c.em) and c.text.strip()]
    if near:
        # a letter within reach across the line first (a line of the next column may sit a
        # little nearer: LibreOffice drew a shadda from 2.8 pt below its line, 1.7 pt above
        # the other column's), then the nearest line (a large heading above must not take a
        # small line's marks), then the letter whose glyph the mark is part of (Chromium's
        # Arabic marks' glyph maps to the letter and its marks, which PDFium may list apart:
        # "يًّ" gave "ًّ" to the alef beside it), then the letter under the mark
        host = min(
            near,
            key=lambda c: (
                max(c.x0 - center, center - c.x1, 0) > MARK_OVERHANG * em,
                round(abs(c.base - base) / (0.5 * em)),
                not (abs(c.pen - pen) < 0.01 and abs(c.base - base) < 0.01 and _unplaced_rtl(c)),
                # an alef carries no haraka, shadda or sukun: LibreOffice draws lam-alef as
                # two overlapping glyphs, and the lam's shadda is over both ("إلاّ")
                c.text == "ا" and ch in _NOT_ON_ALEF,
                max(c.x0 - center, center - c.x1, 0),
                abs(order - c.order),
            ),
        )
        host.marks.append(ch)


def _unplaced_rtl(cluster: Cluster) -> bool:
    return not cluster.proper and cell_class(cluster.text[:1]) == "R"


def lam_alef_marks(clusters: list[Cluster]) -> None:
    """A haraka, shadda or sukun drawn over a lam-alef ligature is the lam's: a bare alef
    carries none of them ("إلّا", not "إلاّ")."""
    for c in clusters:
        if c.marks and c.text == "لا" and any(m in _NOT_ON_ALEF for m in c.marks):
            c.text = "ل" + "".join(m for m in c.marks if m in _NOT_ON_ALEF) + c.text[1:]
            c.marks = [m for m in c.marks if m not in _NOT_ON_ALEF]
