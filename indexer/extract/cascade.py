"""Rows of Nastaliq: a script whose words step down diagonally to the baseline.

In Nastaliq (the usual type for Urdu) only a word's last letters sit on the line's
baseline; the others are drawn above or below it, up to most of an em away. Grouping
glyphs by their own baselines (layout._rows) then cuts every line into a handful of rows
of scattered letters. Such a page is recognised by the share of its Arabic-script letters
that lie off every well-populated baseline; its rows are then those baselines, each glyph
joining the nearest, and within a row glyphs are read by their pen position (the origin,
which moves steadily right to left through a word) rather than by the centre of their ink,
because a cascading word's letters overlap.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections import Counter

# Arabic-script letters only: Hebrew and the others do not cascade
ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
POPULATED = 4  # glyphs on exactly one baseline for it to count as a line's baseline
ON_LINE = 0.05  # em: a letter this close to a populated baseline sits on it
CASCADING_SHARE = 0.15  # of Arabic-script letters off every baseline: Nastaliq (Naskh: ~0)
LEAST_LETTERS = 20
NARROW = 0.25  # em: a piece of a letter (a final or isolated letter is wider)
REACH = 1.0  # em: how far above or below its baseline a Nastaliq letter is drawn
BETWEEN = 2.0  # em: a glyph drawn between two lines joins one only this near its baseline
INTERRUPTION = 3  # on-baseline glyphs of other lines drawn between two of one line: a new stretch


def _baselines(letters: list) -> list[tuple[float, int]]:
    counts = Counter(round(c.base, 1) for c in letters)
    return [(base, n) for base, n in counts.most_common() if n >= POPULATED]


def is_cascading(clusters: list) -> bool:
    if not ARABIC_LETTER.search("".join(c.text for c in clusters)):
        return False
    letters = [c for c in clusters if ARABIC_LETTER.match(c.text)]
    if len(letters) < LEAST_LETTERS:
        return False
    bases = sorted(b for b, _ in _baselines(letters))
    off = sum(1 for c in letters if _distance(bases, c.base) > ON_LINE * c.em)
    return off > CASCADING_SHARE * len(letters)


def _distance(ascending: list[float], value: float) -> float:
    """From `value` to the nearest of `ascending`."""
    i = bisect.bisect_left(ascending, value)
    return min((abs(value - ascending[j]) for j in (i - 1, i) if 0 <= j < len(ascending)), default=1e9)


def cascade_rows(clusters: list, pieces_once: bool = True) -> tuple[list[list], list]:
    """-> (rows top to bottom, each sorted by pen position left to right; the clusters
    too far from every baseline, for the caller to group as usual). `pieces_once`: a letter's
    two narrow pieces are guessed from their shapes (a page read in drawing order knows them
    from its ActualText spans instead, and keeps the two ت of "اختتام")."""
    letters = [c for c in clusters if c.text.strip()]
    em = statistics.median(c.em for c in letters) if letters else 1.0
    lines: list[float] = []
    for base, _ in _baselines(letters):  # most populated first: a cascade's own steps are less so
        if all(abs(base - kept) > 0.9 * em for kept in lines):
            lines.append(base)
    rows: dict[float, list] = {base: [] for base in lines}
    rest = []
    for cluster in clusters:
        nearest = min(lines, key=lambda base: abs(base - cluster.base), default=None)
        if nearest is not None and abs(nearest - cluster.base) <= REACH * max(cluster.em, em):
            rows[nearest].append(cluster)
        else:
            rest.append(cluster)
    return [
        (_one_glyph_per_letter if pieces_once else list)(sorted(rows[base], key=lambda c: c.pen))
        for base in sorted(rows, reverse=True)
        if rows[base]
    ], rest


def _one_glyph_per_letter(row: list) -> list:
    """Some producers map both pieces of a letter drawn as two glyphs (a body and its dots,
    one above the other) to the letter: the second of two narrow pieces touching at
    different heights is dropped."""
    out: list = []
    last = None
    for cluster in row:
        if (
            last is not None
            and cluster.text == last.text
            and ARABIC_LETTER.match(cluster.text)
            and cluster.x0 - last.x1 < 0.1 * cluster.em
            and last.x0 - cluster.x1 < 0.1 * cluster.em
            and abs(cluster.base - last.base) > 0.1 * cluster.em
            and max(cluster.x1 - cluster.x0, last.x1 - last.x0) < NARROW * cluster.em
        ):
            continue
        out.append(cluster)
        if cluster.text.strip() or cluster.proper:  # PDFium's inferred spaces are dropped later
            last = cluster
    return out


def rows_by_stream(rows: list[list], rest: list, drawn_by) -> tuple[list[list], list]:
    """Rows regrouped by the content stream, where `drawn_by(cluster)` is the text object
    that drew a glyph in stream order (-1: none). A producer draws a line's glyphs one after
    another, so: the glyphs on a baseline drawn one after another (other lines' glyphs
    interrupting them fewer than INTERRUPTION times) are one line, which keeps apart two
    columns' lines at nearly one height; and a glyph off every baseline (a word's first
    letters may be drawn more than an em off their line, nearer another's baseline) joins
    the line drawn around it; drawn between two lines, the one whose baseline is nearer,
    if that is near enough (a paragraph's last line of two or three glyphs is its own).
    -> (rows, the glyphs no object drew)."""
    letters = [c for row in rows for c in row if c.text.strip()] + [c for c in rest if c.text.strip()]
    bases = sorted(base for base, _ in _baselines(letters))
    row_of = {id(c): r for r, row in enumerate(rows) for c in row}
    stream = sorted(
        (c for c in itertools.chain(*rows, rest) if c.text != " " and drawn_by(c) >= 0),
        key=lambda c: (drawn_by(c), c.pen),
    )
    keys: list = []  # per glyph in stream order: its line (row, stretch), None if off every baseline
    last_seen: dict[int, int] = {}  # row -> position among on-baseline glyphs
    stretch: dict[int, int] = {}
    on_line = 0
    for cluster in stream:
        r = row_of.get(id(cluster))
        if r is None or _distance(bases, cluster.base) > ON_LINE * cluster.em:
            keys.append(None)
            continue
        if on_line - last_seen.get(r, -INTERRUPTION - 1) > INTERRUPTION:
            stretch[r] = stretch.get(r, -1) + 1
        last_seen[r] = on_line
        on_line += 1
        keys.append((r, stretch[r]))
    # a stretch of a glyph or two is letters of another line that happen to sit on this one's baseline
    sizes = Counter(keys)
    keys = [key if key is None or sizes[key] >= INTERRUPTION else None for key in keys]
    line_base = {}
    for cluster, key in zip(stream, keys):
        if key is not None:
            line_base.setdefault(key, Counter())[round(cluster.base, 1)] += 1
    line_base = {key: counts.most_common(1)[0][0] for key, counts in line_base.items()}
    before, after = _carried(keys), _carried(keys[::-1])[::-1]
    lines: dict = {}
    left = [c for c in rest if drawn_by(c) < 0]
    for cluster, own, back, ahead in zip(stream, keys, before, after):
        key = own if own is not None else back if back == ahead else None
        if key is None:  # drawn between two lines: the nearer, if it can be a letter of it
            near = [
                k for k in (back, ahead) if k is not None and abs(cluster.base - line_base[k]) <= BETWEEN * cluster.em
            ]
            key = min(near, key=lambda k: abs(cluster.base - line_base[k]), default=None)
        (left if key is None else lines.setdefault(key, [])).append(cluster)
    return list(lines.values()), left


def _carried(line: list) -> list:
    """-> per position, the last line given at or before it."""
    out, last = [], None
    for value in line:
        last = value if value is not None else last
        out.append(last)
    return out
