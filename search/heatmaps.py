"""Coverage heatmaps of an AlignmentReport as PNG: plan sections × framework items, colour =
best calibrated score, text in any script (matplotlib with libraqm). No model involved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.shorten import shortened
from search.align import AlignmentReport

HEATMAP_FONTS = ("DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Naskh Arabic", "Noto Sans Devanagari")


def write_heatmap(report: AlignmentReport, out: Path) -> None:
    """Plan sections (rows) × framework items (columns), colour = best calibrated score; in
    English (the CLI's --heatmap; the app draws its own in the interface language with
    draw_heatmap)."""
    labels, grid = _top_level_columns(report)
    draw_heatmap(
        grid,
        [shortened(s, 40) for s in report.sections],
        labels,
        out,
        HeatmapText(
            shortened(f"Coverage: {report.plan}", 90), "framework item", "plan section", "best match score (calibrated)"
        ),
    )


@dataclass(frozen=True)
class HeatmapText:
    """The words around a heatmap PNG, already in one language."""

    title: str
    columns: str  # the x axis
    rows: str  # the y axis
    score: str  # the colour bar
    lang: str | None = None  # BCP 47, so the text is shaped for it (Arabic joined, right to left)
    rtl: bool = False  # mirrored: first column on the right, row names and their axis on the right


def draw_heatmap(grid, rows: list[str], columns: list[str], out: Path, text: HeatmapText, vmax: float = 1.0) -> None:
    """grid (rows × columns) as a PNG. Text goes through libraqm (matplotlib >= 3.11 ships it):
    Arabic is joined and laid out right to left, and each glyph falls back across
    HEATMAP_FONTS, so Chinese and Arabic are drawn with real glyphs where Noto is installed.
    The title is also kept in the PNG's metadata ("Title")."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fonts = heatmap_fonts()
    # room for the cells, the longest row and column names (7 pt), the title, axes and colour bar
    width = min(3.5 + 0.35 * grid.shape[1] + _inches(rows), 60)
    height = min(1.6 + 0.4 * grid.shape[0] + _inches(columns) + 0.2 * text.title.count("\n"), 40)
    with plt.rc_context({"font.family": fonts, "text.language": text.lang}):
        fig, ax = plt.subplots(figsize=(width, height))
        image = ax.imshow(grid, aspect="auto", cmap="YlGn", vmin=0, vmax=vmax)
        ax.set_xticks(range(grid.shape[1]), columns, rotation=90, fontsize=7)
        ax.set_yticks(range(grid.shape[0]), rows, fontsize=7)
        ax.set_xlabel(text.columns)
        ax.set_ylabel(text.rows)
        ax.set_title(text.title)
        if text.rtl:
            ax.invert_xaxis()
            ax.yaxis.tick_right()
            ax.yaxis.set_label_position("right")
        if text.rtl:  # the colour bar on the left, as near the cells as it is on the right otherwise
            fig.colorbar(image, ax=ax, label=text.score, location="left", pad=0.02)
        else:
            fig.colorbar(image, ax=ax, label=text.score)
        fig.tight_layout()
        fig.savefig(out, dpi=110, metadata={"Title": text.title})
        plt.close(fig)


def _inches(labels: list[str], points: float = 7) -> float:
    """About how long the longest label is drawn at `points` (a wide CJK character counts twice)."""
    import unicodedata

    widest = max((sum(1 + (unicodedata.east_asian_width(c) in "WF") for c in label) for label in labels), default=0)
    return widest * points * 0.6 / 72


def heatmap_fonts() -> list[str]:
    """HEATMAP_FONTS that are installed, in order (DejaVu Sans alone when none is)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in HEATMAP_FONTS if f in installed] or ["DejaVu Sans"]


def _top_level_columns(report: AlignmentReport):
    """Column labels and the grid with each sub-item folded into its top-level item (an SDG
    target into its goal, best score kept): 17 legible goal columns instead of 186."""
    import numpy as np

    from indexer.frameworks import load_frameworks

    parents = {i.id: i.parent for fw in load_frameworks().values() for i in fw.items if i.parent}
    labels: list[str] = []
    columns: list[np.ndarray] = []
    for k, item in enumerate(report.items):
        top = item.id
        while top in parents:
            top = parents[top]
        if top in labels:
            j = labels.index(top)
            columns[j] = np.maximum(columns[j], report.grid[:, k])
        else:
            labels.append(top)
            columns.append(report.grid[:, k].copy())
    grid = np.stack(columns, axis=1) if columns else report.grid
    return labels, grid
