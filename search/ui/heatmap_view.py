"""Coverage heatmaps for the Align tab and the printable report: one figure per framework,
plan sections (rows) × a legible number of columns (Cairo's items, the NUA's sections, the SDG
goals with their targets folded in, best score kept). Drawn as an HTML table rather than an
image, so its text is in the interface language and direction, wraps on a phone and prints;
write_pngs draws the same columns as PNGs for the downloads, in the interface language too."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.frameworks.loaded import frameworks
from indexer.shorten import shortened
from search.ui.i18n import direction, framework_names, t
from search.ui.render import esc, text_span

LABEL_CHARS = 40  # of a row's or a column's name on the heatmap's axes
PER_ITEM_MAX = 30  # a framework of up to this many items gets a column per item (Cairo: 20)
LOW, HIGH = (255, 255, 255), (26, 127, 55)  # colour of score 0 and of score 1


@dataclass(frozen=True)
class Column:
    label: str  # short, in the header: "6", "11", "3"
    name: str  # what it is, in the key under the figure
    items: tuple[int, ...]  # columns of report.grid folded into it


def columns(report, framework_id: str, lang: str) -> tuple[str, list[Column]]:
    """(what the columns are: item | goal | section, the columns) for one framework."""
    from search.ui.align_view import cite, titles

    fw = frameworks()[framework_id]
    index = {item.id: k for k, item in enumerate(report.items) if item.framework == framework_id}
    names = titles(lang)
    if len(index) <= PER_ITEM_MAX:
        cols = [
            Column(short(i.number), f"{cite(i.id, lang)} {names.get(i.id, '')}", (index[i.id],))
            for i in fw.items
            if i.id in index
        ]
        return "item", cols
    if fw.levels()[1]:
        goals = [i for i in fw.items if not i.parent]
        cols = [
            Column(
                g.number,
                f"{cite(g.id, lang)} {names.get(g.id, '')}",
                tuple(index[i.id] for i in fw.items if i.id in index and (i.id == g.id or i.parent == g.id)),
            )
            for g in goals
        ]
        return "goal", [c for c in cols if c.items]
    sections = list(dict.fromkeys(i.section for i in fw.items))
    cols = [
        Column(
            str(n),
            fw.section_path(s, lang)[-1],
            tuple(index[i.id] for i in fw.items if i.section == s and i.id in index),
        )
        for n, s in enumerate(sections, 1)
    ]
    return "section", [c for c in cols if c.items]


def short(number: str) -> str:
    """A column label: the item's number, or "p1" for "preamble-1"."""
    if len(number) <= 4:
        return number
    head, _, tail = number.rpartition("-")
    return head[:1] + tail if head else number[:4]


def colour(score: float) -> str:
    x = min(max(float(score), 0.0), 1.0)
    r, g, b = (round(lo + (hi - lo) * x) for lo, hi in zip(LOW, HIGH))
    return f"rgb({r},{g},{b})"


def folded(report, cols: list[Column]) -> np.ndarray:
    """(sections, columns): each column's best score per plan section."""
    return np.stack([report.grid[:, list(c.items)].max(axis=1) for c in cols], axis=1)


def section_name(section: str, lang: str) -> str:
    return section if section.strip("—– ") else t("align_no_section", lang)


def figure(report, framework_id: str, name: str, lang: str) -> str:
    kind, cols = columns(report, framework_id, lang)
    if not cols:
        return ""
    grid = folded(report, cols)
    head = "".join(f'<th scope="col" title="{esc(c.name)}"><bdi>{esc(c.label)}</bdi></th>' for c in cols)
    body = []
    for r, section in enumerate(report.sections):
        shown = section_name(section, lang)
        cells = "".join(
            f'<td style="background:{colour(v)}" title="{esc(c.name)}: {v:.2f}"'
            f"{' class=pa-hot' if v >= 0.5 else ''}>{round(v * 100)}</td>"
            for c, v in zip(cols, grid[r])
        )
        body.append(f'<tr><th scope="row" title="{esc(shown)}">{text_span(shown, "")}</th>{cells}</tr>')
    key = "".join(f"<li><b><bdi>{esc(c.label)}</bdi></b> {esc(c.name)}</li>" for c in cols)
    return (
        f'<figure class="pa-heat" data-framework="{esc(framework_id)}">'
        f"<figcaption>{esc(t('align_heatmap_title', lang, framework=name))}</figcaption>"
        f'<table class="pa-heatmap"><colgroup><col class="pa-rowhead">{"<col>" * len(cols)}</colgroup><thead><tr><th scope="col">{esc(t("align_heatmap_rows", lang))}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
        f'<p class="pa-legend">{esc(t("align_heatmap_legend", lang))}</p>'
        f'<details class="pa-key"><summary>{esc(t(f"align_heatmap_columns_{kind}", lang))}</summary><ol class="pa-keys">{key}</ol></details>'
        "</figure>"
    )


def heatmaps_html(report, lang: str, framework: str = "all") -> str:
    """A figure per framework of the report (or only `framework`)."""
    present = dict.fromkeys(i.framework for i in report.items)
    names = dict((fid, n) for n, fid in framework_names(lang))
    figures = [figure(report, fid, names.get(fid, fid), lang) for fid in present if framework in ("all", fid)]
    return f'<div class="pa-align" dir="{direction(lang)}">{"".join(figures)}</div>'


def write_pngs(report, folder: Path, lang: str, stem: str = "alignment") -> list[Path]:
    """The downloads' heatmaps: a PNG per framework of the report (`<stem>.<framework>.heatmap.png`)
    with the figures' columns, in the interface language: title, axes, colour bar, column
    names (citation and title), "(no heading)"; mirrored in a right-to-left language."""
    from search.heatmaps import HeatmapText, draw_heatmap

    names = dict((fid, n) for n, fid in framework_names(lang))
    paths = []
    for fid in dict.fromkeys(i.framework for i in report.items):
        kind, cols = columns(report, fid, lang)
        if not cols:
            continue
        text = HeatmapText(
            title=shortened(f"{t('align_heatmap_title', lang, framework=names.get(fid, fid))}\n{report.plan}", 180),
            columns=t(f"align_heatmap_columns_{kind}", lang),
            rows=t("align_heatmap_rows", lang),
            score=t("align_heatmap_score", lang),
            lang=lang,
            rtl=direction(lang) == "rtl",
        )
        path = folder / f"{stem}.{fid}.heatmap.png"
        rows = [shortened(section_name(s, lang), LABEL_CHARS) for s in report.sections]
        draw_heatmap(
            folded(report, cols) * 100, rows, [shortened(c.name, LABEL_CHARS) for c in cols], path, text, vmax=100
        )
        paths.append(path)
    return paths
