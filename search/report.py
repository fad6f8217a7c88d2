"""Write an AlignmentReport as JSON, CSV (UTF-8 with BOM, for spreadsheet programs), Markdown,
or a coverage heatmap PNG. Pure functions of the report; no model involved."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from search.align import AlignmentReport
from search.links import linked_items, supports_line

FORMATS = ("json", "csv", "md")
HEATMAP_FONTS = ("DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Naskh Arabic", "Noto Sans Devanagari")
CSV_COLUMNS = (
    "statement",
    "page",
    "label",
    "section",
    "lang",
    "text",
    "item",
    "item_title",
    "strength",
    "score",
    "evidence",
    "review",
    "reassign_to",
    "review_note",
)


def review_record(review) -> dict:
    return {
        "decision": review.decision,
        "reassign_to": review.reassign_to,
        "note": review.note,
        "reviewer": review.reviewer,
        "time": review.time,
    }


def match_record(m, titles: dict[str, str], review=None) -> dict:
    """One Match as the public JSON of `match --json` and `align` reports; "explanation"
    only when the match was explained (--explain), "review" only when a reviewer decided on it."""
    record = {
        "id": m.id,
        "title": titles.get(m.id, ""),
        "score": m.score,
        "strength": m.strength,
        "evidence": m.evidence,
        "evidence_lang": m.evidence_lang,
        "similarity": m.similarity,
    }
    record["links"] = linked_items(m.id)
    if m.explanation is not None:
        record["explanation"] = m.explanation.as_dict()
    if review is not None:
        record["review"] = review_record(review)
    return record


def to_json(report: AlignmentReport) -> str:
    titles = {i.id: i.title for i in report.items}
    return json.dumps(
        {
            "plan": report.plan,
            "plan_sha256": report.plan_sha256,
            "statements": [
                {
                    "index": r.statement.index,
                    "page": r.statement.page,
                    "label": r.statement.label,
                    "section": r.statement.section,
                    "lang": r.statement.lang,
                    "text": r.statement.text,
                    "supports": supports_line(m.id for m in r.matches if m.strength != "none"),
                    "matches": [match_record(m, titles, report.review_of(r.statement.index, m.id)) for m in r.matches],
                    "nearest": match_record(r.nearest, titles) if r.nearest else None,
                }
                for r in report.statements
            ],
            "items": [
                {
                    "id": i.id,
                    "framework": i.framework,
                    "title": i.title,
                    "coverage": i.coverage,
                    "support": [
                        {"statement": s.statement, "score": s.score, "strength": s.strength}
                        | ({"review": s.review} if s.review else {})
                        for s in i.support
                    ],
                    "nearest": {"statement": i.nearest.statement, "score": i.nearest.score} if i.nearest else None,
                }
                for i in report.items
            ],
            "gaps": [i.id for i in report.gaps],
            "pages": report.page_count,
            "unreadable_pages": list(report.unreadable_pages),
        },
        ensure_ascii=False,
        indent=1,
    )


def to_csv(report: AlignmentReport) -> str:
    """One row per (statement, supported item); a statement with no match still gets a row."""
    titles = {i.id: i.title for i in report.items}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.statements:
        s = r.statement
        base = [s.index, s.page or "", s.label, s.section, s.lang, s.text]
        for m in r.matches or [None]:
            writer.writerow(
                base
                + (
                    [m.id, titles.get(m.id, ""), m.strength, f"{m.score:.3f}", m.evidence, *_review_cells(report, s, m)]
                    if m
                    else ["", "", "none", "", "", "", "", ""]
                )
            )
    return "\ufeff" + buffer.getvalue()


def _review_cells(report: AlignmentReport, statement, match) -> list[str]:
    review = report.review_of(statement.index, match.id)
    return [review.decision, review.reassign_to, review.note] if review else ["", "", ""]


def _review_mark(review) -> str:
    if review is None:
        return ""
    mark = {"accept": " ✓ accepted", "reject": " ✗ rejected", "reassign": f" → {review.reassign_to}"}[review.decision]
    return mark + (f": {review.note}" if review.note else "")


def _cell(text: str) -> str:
    """Markdown table cell: pipes and line breaks would break the table; HTML and links
    from the plan (untrusted text) stay text."""
    for ch in "\\|[]`*_":
        text = text.replace(ch, "\\" + ch)
    return text.replace("<", "&lt;").replace("\n", " ")


def to_markdown(report: AlignmentReport) -> str:
    statements = {r.statement.index: r.statement for r in report.statements}
    covered = sum(i.coverage == "covered" for i in report.items)
    partial = sum(i.coverage == "partial" for i in report.items)
    warning = (
        [f"**Warning: {report.unreadable_note}.** Their text is not in this report: its gaps may be there.", ""]
        if report.unreadable_pages
        else []
    )
    lines = [
        f"# Alignment of {_cell(report.plan)}",
        "",
        *warning,
        f"{len(report.statements)} statements · {len(report.items)} framework items: "
        f"{covered} covered, {partial} partial, {len(report.gaps)} gaps",
        "",
        "## Coverage by item",
        "",
        "| item | title | coverage | statements | best statement |",
        "|---|---|---|---:|---|",
    ]
    for i in report.items:
        best = statements[i.support[0].statement].text[:120] if i.support else ""
        lines.append(f"| {i.id} | {_cell(i.title)} | {i.coverage} | {len(i.support)} | {_cell(best)} |")
    lines += ["", "## Gaps", ""]
    if not report.gaps:
        lines.append("None: every item has at least partial support.")
    for i in report.gaps:
        near = statements[i.nearest.statement] if i.nearest else None
        where = f" (p. {near.page})" if near and near.page else ""
        lines.append(
            f"- **{i.id}** {_cell(i.title)} — nearest statement{where}, score {i.nearest.score:.2f}: "
            f"{_cell(near.text[:160]) if near else ''}"
        )
    lines += [
        "",
        "## Statements",
        "",
        "| # | page | label | statement | supports | matches |",
        "|---:|---:|---|---|---|---|",
    ]
    for r in report.statements:
        s = r.statement
        found = (
            "; ".join(
                f"{m.id} ({m.strength} {m.score:.2f}){_cell(_review_mark(report.review_of(s.index, m.id)))}"
                for m in r.matches
            )
            or "none"
        )
        supports = _cell(supports_line(m.id for m in r.matches if m.strength != "none"))
        lines.append(
            f"| {s.index + 1} | {s.page or ''} | {_cell(s.label)} | {_cell(s.text[:200])} | {supports} | {found} |"
        )
    return "\n".join(lines) + "\n"


def write_report(report: AlignmentReport, fmt: str, out: Path) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    text = {"json": to_json, "csv": to_csv, "md": to_markdown}[fmt](report)
    out.write_text(text, encoding="utf-8", newline="")


def write_heatmap(report: AlignmentReport, out: Path) -> None:
    """Plan sections (rows) × framework items (columns), colour = best calibrated score; in
    English (the CLI's --heatmap; the app draws its own in the interface language with
    draw_heatmap)."""
    labels, grid = _top_level_columns(report)
    draw_heatmap(
        grid,
        [s[:40] for s in report.sections],
        labels,
        out,
        HeatmapText(f"Coverage: {report.plan}"[:90], "framework item", "plan section", "best match score (calibrated)"),
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


def write_framework_heatmaps(report: AlignmentReport, folder: Path, stem: str = "alignment") -> list[Path]:
    """One heatmap PNG per framework of the report (`<stem>.<framework>.heatmap.png`), each
    drawn by write_heatmap on that framework's columns alone (the SDG's folded into its 17
    goals): one figure of every framework together is too wide to read."""
    from dataclasses import replace

    out = []
    for framework in dict.fromkeys(i.framework for i in report.items):
        mine = [k for k, i in enumerate(report.items) if i.framework == framework]
        part = replace(report, items=tuple(report.items[k] for k in mine), grid=report.grid[:, mine])
        path = folder / f"{stem}.{framework}.heatmap.png"
        write_heatmap(part, path)
        out.append(path)
    return out


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
