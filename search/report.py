"""Write an AlignmentReport as JSON, CSV (UTF-8 with BOM, for spreadsheet programs) or
Markdown (its heatmaps: search/heatmaps.py). Pure functions of the report; no model involved."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from indexer.shorten import shortened
from search.align import AlignmentReport
from search.links import linked_items, supports_line

FORMATS = ("json", "csv", "md")
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
                    "supports": supports_line(m.id for m in report.counted(r)),
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
        best = shortened(statements[i.support[0].statement].text, 120) if i.support else ""
        lines.append(f"| {i.id} | {_cell(i.title)} | {i.coverage} | {len(i.support)} | {_cell(best)} |")
    lines += ["", "## Gaps", ""]
    if not report.gaps:
        lines.append("None: every item has at least partial support.")
    for i in report.gaps:
        near = statements[i.nearest.statement] if i.nearest else None
        where = f" (p. {near.page})" if near and near.page else ""
        lines.append(
            f"- **{i.id}** {_cell(i.title)} — nearest statement{where}, score {i.nearest.score:.2f}: "
            f"{_cell(shortened(near.text, 160)) if near else ''}"
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
        supports = _cell(supports_line(m.id for m in report.counted(r)))
        lines.append(
            f"| {s.index + 1} | {s.page or ''} | {_cell(s.label)} | {_cell(shortened(s.text, 200))} | {supports} | {found} |"
        )
    return "\n".join(lines) + "\n"


def write_report(report: AlignmentReport, fmt: str, out: Path) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    text = {"json": to_json, "csv": to_csv, "md": to_markdown}[fmt](report)
    out.write_text(text, encoding="utf-8", newline="")
