"""The Align tab's items by coverage: per framework, its items grouped as the framework is
read (Cairo's calls, the NUA's sections, an SDG goal with its targets), each group a <details>
with its counts, filtered by framework and coverage. Replaces a 185-row table: a long
framework reads group by group."""

from __future__ import annotations

from indexer.frameworks.loaded import frameworks
from indexer.shorten import shortened
from search.ui.align_view import COVERAGES, NO_FILTERS, Filters, item_head
from search.ui.i18n import direction, framework_names, t
from search.ui.render import esc, statement_mark, text_span

OPEN_ITEMS = 30  # when no more items than this are shown, every group is open
BEST_CHARS = 160  # of the statement quoted under an item


def group_of(item_id: str, lang: str) -> tuple[str, str]:
    """(group key, group title in `lang`) of an item: its top-level item when the framework has
    sub-items (an SDG target -> its goal), else its section's path."""
    fw = frameworks().get(item_id.split(":", 1)[0])
    if fw is None:
        return "", ""
    item = next((i for i in fw.items if i.id == item_id), None)
    if item is None:
        return "", ""
    if fw.levels()[1]:  # goals and targets
        top = item.parent or item.id
        return top, ""  # titled by the goal's own line (item_head)
    return item.section, " › ".join(fw.section_path(item.section, lang)) if item.section else ""


def coverage_word(coverage: str, lang: str) -> str:
    return f'<span class="pa-badge pa-c-{coverage}">{esc(t(f"align_coverage_{coverage}", lang))}</span>'


def counts_line(items, lang: str) -> str:
    n = {k: sum(i.coverage == k for i in items) for k in COVERAGES}
    return esc(t("align_items_count", lang, covered=n["covered"], partial=n["partial"], gaps=n["gap"]))


def _item_line(item, statements: dict, lang: str) -> str:
    quoted = item.support[0] if item.support else item.nearest
    label = "align_best_statement" if item.support else "align_nearest_statement"
    quote = ""
    if quoted is not None and quoted.statement in statements:
        s = statements[quoted.statement]
        short = shortened(s.text, BEST_CHARS)
        quote = (
            f'<div class="pa-quote">{esc(t(label, lang))} {statement_mark(s.index)} '
            f'{text_span(short, s.lang)} <bdi dir="ltr">{quoted.score:.2f}</bdi></div>'
        )
    n = (
        f' <span class="pa-n">({esc(t("align_n_statements", lang, n=len(item.support)))})</span>'
        if item.support
        else ""
    )
    return f'<li class="pa-item pa-i-{item.coverage}">{coverage_word(item.coverage, lang)} {item_head(item.id, lang)}{n}{quote}</li>'


def items_html(report, lang: str, filters: Filters = NO_FILTERS) -> str:
    statements = {r.statement.index: r.statement for r in report.statements}
    names = dict((fid, name) for name, fid in framework_names(lang))
    blocks = []
    every = [i for i in report.items if filters.framework in ("all", i.framework)]
    shown = [i for i in every if filters.coverage in ("all", i.coverage)]
    for fid in dict.fromkeys(i.framework for i in every):
        mine = [i for i in shown if i.framework == fid]
        groups: dict[str, list] = {}
        heads: dict[str, str] = {}
        for item in mine:
            key, title = group_of(item.id, lang)
            groups.setdefault(key, []).append(item)
            heads[key] = title
        parts = []
        for key, group in groups.items():
            head = item_head(key, lang) if not heads[key] and key else text_span(heads[key], lang)
            opened = " open" if len(shown) <= OPEN_ITEMS else ""
            parts.append(
                f'<details class="pa-group"{opened}><summary>{head} <span class="pa-n">— {counts_line(group, lang)}</span></summary>'
                f'<ul class="pa-items">{"".join(_item_line(i, statements, lang) for i in group)}</ul></details>'
            )
        all_mine = [i for i in every if i.framework == fid]
        body = "".join(parts) or f'<p class="pa-empty">{esc(t("align_no_items", lang))}</p>'
        blocks.append(
            f'<section class="pa-fw"><h4>{esc(names.get(fid, fid))} — {counts_line(all_mine, lang)}</h4>{body}</section>'
        )
    return f'<div class="pa-align" dir="{direction(lang)}">{"".join(blocks)}</div>'
