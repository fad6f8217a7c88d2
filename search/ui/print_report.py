"""The printable alignment report: one self-contained HTML file in the interface language, with
print-friendly CSS (A4, no colours needed, a row never split over two pages), each statement
beside the text of the item it supports, the gaps and the heatmaps. Plan text is untrusted:
everything is escaped (align_view.esc), and the file has no script."""

from __future__ import annotations

from datetime import date

from indexer.frameworks.loaded import frameworks
from indexer.shorten import shortened
from search.ui.align_view import STRENGTHS, item_head, review_mark, rows, strength_badge
from search.ui.coverage_view import counts_line
from search.ui.heatmap_view import heatmaps_html
from search.ui.i18n import direction, framework_names, t
from search.ui.render import esc, statement_mark, text_span

CSS = """
body{font-family:"Noto Sans","Noto Naskh Arabic","Noto Sans CJK SC",sans-serif;font-size:10.5pt;line-height:1.45;
 color:#111;margin:1.5em auto;max-width:60em;padding:0 1em}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:1px solid #999}
.pa-meta{color:#444}table{border-collapse:collapse;width:100%;table-layout:fixed}
.pa-side td,.pa-side th{border:1px solid #bbb;padding:.4em .6em;vertical-align:top;text-align:start;overflow-wrap:anywhere}
.pa-side tr{break-inside:avoid}.pa-side th{background:#f0f0f0}
.pa-item-text{margin:.3em 0 0;white-space:pre-wrap}.pa-small{font-size:.85em;color:#444}.pa-num{font-weight:600}
.pa-badge{border:1px solid #666;border-radius:3px;padding:0 .3em;font-size:.85em;white-space:nowrap}
.pa-b-strong{background:#dcefe0}.pa-b-partial{background:#fff3cd}.pa-b-none{background:#f4f4f4}
.pa-review{font-weight:600}ul{margin:.2em 0;padding-inline-start:1.4em}
.pa-heatmap{font-size:8pt}.pa-heatmap td,.pa-heatmap th{border:1px solid #ddd;padding:1px 2px;text-align:center}
.pa-heatmap col.pa-rowhead{width:30%}.pa-heatmap th[scope=row]{text-align:start;font-weight:normal}
.pa-heat{margin:1em 0;break-inside:avoid}.pa-heat figcaption{font-weight:600}.pa-legend{font-size:.85em}
.pa-keys{columns:2;font-size:.85em}summary{font-weight:600}
@page{size:A4;margin:15mm}
@media print{body{margin:0;max-width:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}details>summary{list-style:none}}
"""


def item_text(item_id: str, lang: str):
    """The item's text in `lang`, else English, else its first: an ItemText or None."""
    fw = frameworks().get(item_id.split(":", 1)[0])
    item = next((i for i in fw.items if i.id == item_id), None) if fw else None
    return item.shown_in(lang) if item else None


def _item_cell(report, row, lang: str) -> str:
    s = row.result.statement
    if row.best is None:
        near = row.result.nearest
        hint = (
            f'<div class="pa-small">{esc(t("align_nearest", lang))}: {item_head(near.id, lang)}</div>' if near else ""
        )
        return f"<td>{strength_badge('none', lang)}{hint}</td>"
    best = row.best
    text = item_text(best.id, lang)
    status = f' <span class="pa-small">({esc(t(f"align_status_{text.status}", lang))})</span>' if text else ""
    body = text_span(text.text, text.lang, "p", "pa-item-text") if text else ""
    others = [
        f"<li>{strength_badge('strong' if m.id in row.confirmed else m.strength, lang)} {item_head(m.id, lang)}{review_mark(report, s.index, m.id, lang)}</li>"
        for m in row.shown[1:]
    ]
    more = f'<ul class="pa-small">{"".join(others)}</ul>' if others else ""
    return (
        f"<td>{strength_badge(row.strength, lang)} {item_head(best.id, lang)}{status}"
        f"{review_mark(report, s.index, best.id, lang)}{body}{more}</td>"
    )


def _statement_cell(row, lang: str) -> str:
    s = row.result.statement
    where = [t("align_page", lang, n=s.page)] if s.page else []
    if s.section.strip("—– "):
        where.append(s.section)
    meta = f'<div class="pa-small">{text_span(" · ".join(where), "")}</div>' if where else ""
    return f"<td>{statement_mark(s.index)} {text_span(s.text, s.lang)}{meta}</td>"


def _gaps(report, lang: str) -> str:
    statements = {r.statement.index: r.statement for r in report.statements}
    if not report.gaps:
        return f"<p>{esc(t('align_print_no_gaps', lang))}</p>"
    lines = []
    for gap in report.gaps:
        near = statements.get(gap.nearest.statement) if gap.nearest else None
        quote = (
            f' — <span class="pa-small">{esc(t("align_nearest_statement", lang))} {statement_mark(near.index)} '
            f"{text_span(shortened(near.text, 200), near.lang)}</span>"
            if near
            else ""
        )
        lines.append(f"<li>{item_head(gap.id, lang)}{quote}</li>")
    return f"<ul>{''.join(lines)}</ul>"


def printable_html(report, lang: str, today: date | None = None) -> str:
    """The whole report as one HTML document."""
    names = dict((fid, n) for n, fid in framework_names(lang))
    every = rows(report)
    per_framework = "".join(
        f"<li>{esc(names.get(fid, fid))}: {counts_line([i for i in report.items if i.framework == fid], lang)}</li>"
        for fid in dict.fromkeys(i.framework for i in report.items)
    )
    strengths = " · ".join(f"{strength_badge(k, lang)} {sum(r.strength == k for r in every)}" for k in STRENGTHS)
    warning = (
        f"<p><b>{esc(t('unreadable_pages', lang, k=len(report.unreadable_pages), n=report.page_count, pages=report.unreadable_listed))}</b></p>"
        if report.unreadable_pages
        else ""
    )
    table = "".join(f"<tr>{_statement_cell(r, lang)}{_item_cell(report, r, lang)}</tr>" for r in every)
    heat = heatmaps_html(report, lang).replace('<details class="pa-key">', '<details class="pa-key" open>')
    return (
        f'<!doctype html><html lang="{esc(lang)}" dir="{direction(lang)}"><head><meta charset="utf-8">'
        f"<title>{esc(t('align_print_title', lang, plan=report.plan))}</title><style>{CSS}</style></head><body>"
        f"<h1>{esc(t('align_print_title', lang, plan=report.plan))}</h1>"
        f'<p class="pa-meta">{esc(t("align_print_generated", lang, date=(today or date.today()).isoformat()))}</p>'
        f"{warning}<p>{esc(t('align_n_statements', lang, n=len(every)))}: {strengths}</p><ul>{per_framework}</ul>"
        f"<h2>{esc(t('align_print_side_by_side', lang))}</h2>"
        f'<table class="pa-side"><colgroup><col style="width:42%"><col></colgroup><thead><tr>'
        f"<th>{esc(t('align_print_statement', lang))}</th><th>{esc(t('align_print_item', lang))}</th></tr></thead>"
        f"<tbody>{table}</tbody></table>"
        f"<h2>{esc(t('align_print_gaps', lang))}</h2>{_gaps(report, lang)}"
        f"<h2>{esc(t('align_print_heatmaps', lang))}</h2>{heat}"
        "</body></html>"
    )
