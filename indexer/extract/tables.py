"""Tables drawn with ruling lines, read row by row.

A plan's table of targets ("Indicator | Baseline 2024 | Target 2035") is drawn as text in cells
between ruled lines. Read as lines of text, a row's cells run together with the next row, a
cell's wrapped last word becomes a paragraph of its own, and a short last row looks like a
heading. Here the page's ruling lines (PDFium's path objects: thin horizontal and vertical
strokes, whole as Word and LibreOffice draw a table's borders or in pieces per cell as Chromium
does) give each table's
column and row edges; each row is read as one paragraph, its cells in reading order joined by
" | ", as the DOCX reader joins a table's cells. Tables without rules are left to the page's
paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

THIN = 2.5  # pt: the most a ruling line is thick
MERGE = 2.5  # pt: edges closer than this are one edge
SLACK = 3.0  # pt: how far a rule may stop short of the edge it meets
# a page drawn with more paths than this (a vector map, a plan's zoning drawing) is not searched
# for tables: walking them all would cost seconds a page
MAX_OBJECTS = 20_000


@dataclass(frozen=True)
class Grid:
    xs: tuple[float, ...]  # column edges, left to right
    ys: tuple[float, ...]  # row edges, top to bottom (PDF space: y grows upwards)
    # per row, the column edges ruled in it: a cell merged across columns has no rule inside it
    ruled: tuple[tuple[float, ...], ...] = ()

    def holds(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[-1] <= y <= self.ys[0]

    def cell(self, x: float, y: float) -> tuple[int, int]:
        """(row, column) of the point, both counted from 0; in a merged cell, its first column."""
        row = next(i for i in range(len(self.ys) - 1) if y >= self.ys[i + 1])
        edges = self.ruled[row] if self.ruled else self.xs
        start = max((e for e in edges[:-1] if e <= x), default=edges[0])
        return row, min(range(len(self.xs)), key=lambda j: abs(self.xs[j] - start))


def _merged(values: list[float]) -> list[float]:
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= MERGE:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def ruled_grids(page) -> list[Grid]:
    """The grids of the page's ruled tables: at least two columns and two rows, every pair of
    neighbouring row edges joined by the table's outer verticals."""
    import pypdfium2.raw as raw

    horizontal, vertical = [], []  # (start, end, at): x0, x1, y / y0, y1, x
    for n, obj in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2)):
        if n >= MAX_OBJECTS:
            return []
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= THIN and right - left >= 4 * THIN:
            horizontal.append((left, right, (bottom + top) / 2))
        elif right - left <= THIN and top - bottom >= 2 * THIN:
            vertical.append((bottom, top, (left + right) / 2))
    horizontal = _pieces_joined(horizontal)
    grids = []
    spans = _merged([h[0] for h in horizontal])  # tables side by side have rules of their own extent
    for start in spans:
        rules = [h for h in horizontal if abs(h[0] - start) <= SLACK]
        end = max(h[1] for h in rules)
        ys = sorted(_merged([h[2] for h in rules]), reverse=True)
        for top, bottom in _runs(ys, vertical, start, end):
            band = [y for y in ys if bottom <= y <= top]
            xs = _merged([v[2] for v in vertical if _spans(v, start, end, bottom, top)])
            # two rows at least: a frame around the page with a rule between its columns is no table
            if len(xs) >= 3 and len(band) >= 3 and xs[0] - start <= SLACK and end - xs[-1] <= SLACK:
                ruled = tuple(
                    tuple(x for x in xs if any(abs(v[2] - x) <= MERGE and _covers(v, low, high) for v in vertical))
                    for high, low in zip(band, band[1:])
                )
                grids.append(Grid(tuple(xs), tuple(band), ruled))
    return grids


def _pieces_joined(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Horizontal rules drawn in pieces, one per cell (as Chromium draws a table's borders), as
    the whole rules they make: pieces on one y that meet are one rule."""
    out: list[tuple[float, float, float]] = []
    for start, end, y in sorted(rules, key=lambda r: (round(r[2] / MERGE), r[0])):
        if out and abs(out[-1][2] - y) <= MERGE and start <= out[-1][1] + SLACK:
            out[-1] = (out[-1][0], max(out[-1][1], end), out[-1][2])
        else:
            out.append((start, end, y))
    return out


def _spans(vertical: tuple[float, float, float], start: float, end: float, bottom: float, top: float) -> bool:
    """Whether a vertical rule stands inside the table's width and within its height."""
    y0, y1, x = vertical
    return start - SLACK <= x <= end + SLACK and y0 >= bottom - SLACK and y1 <= top + SLACK and y1 - y0 > SLACK


def _covers(vertical: tuple[float, float, float], bottom: float, top: float) -> bool:
    return vertical[0] <= bottom + SLACK and vertical[1] >= top - SLACK


def _runs(ys: list[float], vertical, start: float, end: float) -> list[tuple[float, float]]:
    """(top, bottom) of each run of row edges whose neighbours the table's left and right rules
    join: two tables one above the other, text between them, are two grids."""

    def joined(top: float, bottom: float) -> bool:
        sides = [v for v in vertical if _covers(v, bottom, top)]
        return any(abs(v[2] - start) <= SLACK for v in sides) and any(abs(v[2] - end) <= SLACK for v in sides)

    runs: list[tuple[float, float]] = []
    for top, bottom in zip(ys, ys[1:]):
        if not joined(top, bottom):
            continue
        if runs and runs[-1][1] == top:
            runs[-1] = (runs[-1][0], bottom)
        else:
            runs.append((top, bottom))
    return runs


def rows_apart(blocks: list[list], grids: list[Grid], rows: dict[int, list]) -> list[list]:
    """The page's blocks (of paragraphs.Line) with each table's rows set in as blocks of their own
    (`rows`: grid index -> its rows' Lines, top to bottom), in the block the table stands across
    (the column it overlaps most), between that block's lines above and below each row."""
    if not blocks:
        return [[row] for n in sorted(rows) for row in rows[n]]
    home: dict[int, list] = {}
    for n, grid in enumerate(grids):
        width = grid.xs[-1] - grid.xs[0]
        overlap = [
            sum(max(0.0, min(a.x1, grid.xs[-1]) - max(a.x0, grid.xs[0])) for a in block) / width for block in blocks
        ]
        home.setdefault(max(range(len(blocks)), key=overlap.__getitem__), []).extend(rows.get(n, []))
    out: list[list] = []
    for b, block in enumerate(blocks):
        pending = sorted(home.get(b, []), key=lambda row: -row.base)
        segment: list = []
        for line in block:
            while pending and pending[0].base > line.base:  # a row above this line: a block of its own
                out += [segment] if segment else []
                out.append([pending.pop(0)])
                segment = []
            segment.append(line)
        out += [segment] if segment else []
        out += [[row] for row in pending]
    return out
