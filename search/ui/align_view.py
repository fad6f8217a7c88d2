"""The Align tab's results as they read: one row per statement (unmatched ones too) with its
best match's item, the strength in words, the evidence, what it supports across frameworks and
a "why?" detail, filtered by framework and strength. HTML only, every text escaped (esc).

A reviewer's decisions count here as they count in the coverage (search/align.py): a rejected
or moved match is not shown as support, an accepted match and a reassignment's target are,
ranked first and read as strong."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.frameworks import loaded
from indexer.structure.units import note_mark
from search.ui.cards import label_html
from search.ui.i18n import direction, shown_citation, t
from search.ui.render import esc, statement_mark, text_span
from search.ui.why import explanation_html, review_badge

STRENGTHS = ("strong", "partial", "none")
COVERAGES = ("covered", "partial", "gap")
OPEN_ROWS = 40  # rows shown at once; more are folded into <details> (a plan of 300 statements reads)


@dataclass(frozen=True)
class Filters:
    framework: str = "all"  # a framework id, or all
    strength: str = "all"  # of a statement's best match: strong | partial | none, or all
    coverage: str = "all"  # of an item: covered | partial | gap, or all (coverage_view.py)


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Row:
    """One statement as the view shows it."""

    result: object  # search.align.StatementResult
    shown: tuple  # its matches that count (search.match.Match), best first, in the framework filter
    supports: tuple[str, ...]  # ids of every match that counts, any framework: the "supports" line
    confirmed: frozenset[str]  # items a reviewer said it supports
    framework: str = "all"  # the filter its matches were shown through

    @property
    def best(self):
        return self.shown[0] if self.shown else None

    @property
    def strength(self) -> str:
        best = self.best
        return "none" if best is None else ("strong" if best.id in self.confirmed else best.strength)


def framework_of(item_id: str) -> str:
    return item_id.split(":", 1)[0]


def rows(report, framework: str = "all") -> list[Row]:
    """Every statement of `report`, in plan order, with the matches that count for it."""
    out = []
    for r in report.statements:
        counted = report.counted(r)
        shown = tuple(m for m in counted if framework in ("all", framework_of(m.id)))
        out.append(Row(r, shown, tuple(m.id for m in counted), report.confirmed(r.statement.index), framework))
    return out


def filtered(all_rows: list[Row], strength: str = "all") -> list[Row]:
    return [row for row in all_rows if strength in ("all", row.strength)]


@loaded.derived
def titles(lang: str) -> dict[str, str]:
    """Item titles in the interface language (the report's were taken when it was aligned)."""
    from search.match import item_titles

    return item_titles(lang)


def cite(item_id: str, lang: str = "en") -> str:
    """ "NUA ¶31" in the interface language ("NPV ¶31", "新城市议程 ¶31")."""
    return shown_citation(item_id, lang)


def strength_badge(strength: str, lang: str) -> str:
    return f'<span class="pa-badge pa-b-{strength}">{esc(t(f"align_strength_{strength}", lang))}</span>'


def item_head(item_id: str, lang: str) -> str:
    """ "Cairo 6 Housing for all": the citation and the title in the interface language."""
    title = titles(lang).get(item_id, "")
    return f'<b class="pa-cite"><bdi>{esc(cite(item_id, lang))}</bdi></b> <bdi class="pa-title">{esc(title)}</bdi>'


def review_mark(report, statement: int, item: str, lang: str) -> str:
    """The reviewer's decision on a match, for a row (empty when none)."""
    return review_badge(report.review_of(statement, item), lang)


def _review_button(statement: int, item: str, lang: str) -> str:
    return (
        f'<button type="button" class="pa-rev" data-pair="{statement}|{esc(item)}">'
        f"{esc(t('align_review_button', lang))}</button>"
    )


def _match_line(report, row: Row, m, lang: str) -> str:
    """Another match of the statement, in its "why?": item, strength, decision, review button."""
    i = row.result.statement.index
    strength = "strong" if m.id in row.confirmed else m.strength
    return (
        f'<li data-item="{esc(m.id)}">{strength_badge(strength, lang)} {item_head(m.id, lang)}'
        f"{review_mark(report, i, m.id, lang)} {_review_button(i, m.id, lang)}</li>"
    )


def _decided(report, row: Row, lang: str, best_id: str = "") -> str:
    """The statement's other matches a reviewer decided on, in view (not folded in why?)."""
    i = row.result.statement.index
    lines = "".join(
        f"<li>{item_head(m.id, lang)}{review_mark(report, i, m.id, lang)} {_review_button(i, m.id, lang)}</li>"
        for m in row.result.matches
        if m.id != best_id and report.review_of(i, m.id)
    )
    return f'<ul class="pa-others pa-decided">{lines}</ul>' if lines else ""


def row_html(report, row: Row, lang: str) -> str:
    s = row.result.statement
    where = [t("align_page", lang, n=s.page)] if s.page else []
    if s.label:  # a footnote ("[3]") by its word, any other label after the paragraph sign
        where.append(label_html(s.label, lang) if note_mark(s.label) is not None else f"¶ {esc(s.label)}")
    meta = f'<span class="pa-where">{" · ".join(where)}</span>' if where else ""
    left = f'<div class="pa-st">{statement_mark(s.index)} {meta}{text_span(s.text, s.lang, "p")}</div>'
    best = row.best
    if best is None:
        near = row.result.nearest
        hint = (
            f'<div class="pa-near">{esc(t("align_nearest", lang))}: {item_head(near.id, lang)} '
            f'<bdi dir="ltr">{near.score:.2f}</bdi></div>'
            if near is not None and near.strength == "none"  # not a match a reviewer took away
            else ""
        )
        right = f'<div class="pa-m">{strength_badge("none", lang)}{hint}{_decided(report, row, lang)}</div>'
        return f'<article class="pa-row pa-r-none" data-statement="{s.index}">{left}{right}</article>'
    supports = ""
    if row.supports:
        from search.links import supports_line

        supports = (
            f'<div class="pa-supports"><b>{esc(t("align_supports", lang))}:</b> '
            f"<bdi>{esc(supports_line(row.supports, lang))}</bdi></div>"
        )
    others = [
        m
        for m in row.result.matches
        if m.id != best.id
        and row.framework in ("all", framework_of(m.id))
        and not report.review_of(s.index, m.id)  # those are in view already
    ]
    more = (
        f"<p><b>{esc(t('align_other_matches', lang, n=len(others)))}</b></p>"
        f'<ul class="pa-others">{"".join(_match_line(report, row, m, lang) for m in others)}</ul>'
        if others
        else ""
    )
    why = (
        f'<details class="pa-whyd"><summary>{esc(t("why", lang))}'
        + (f" · {esc(t('align_other_matches', lang, n=len(others)))}" if others else "")
        + f"</summary>{explanation_html(best.explanation, lang)}{more}</details>"
    )
    right = (
        f'<div class="pa-m"><div class="pa-mhead">{strength_badge(row.strength, lang)} {item_head(best.id, lang)}'
        f"{review_mark(report, s.index, best.id, lang)}</div>"
        f'<blockquote class="pa-ev">{text_span(best.evidence, best.evidence_lang)}</blockquote>'
        f"{supports}{_decided(report, row, lang, best.id)}{why}{_review_button(s.index, best.id, lang)}</div>"
    )
    return f'<article class="pa-row pa-r-{row.strength}" data-statement="{s.index}">{left}{right}</article>'


def _folded(parts: list[str], lang: str) -> str:
    """The first OPEN_ROWS parts, then the rest in one <details>."""
    head, rest = parts[:OPEN_ROWS], parts[OPEN_ROWS:]
    tail = (
        f'<details class="pa-fold"><summary>{esc(t("align_show_more", lang, n=len(rest)))}</summary>{"".join(rest)}</details>'
        if rest
        else ""
    )
    return "".join(head) + tail


def statements_html(report, lang: str, filters: Filters = NO_FILTERS) -> str:
    """The statements view: a count line, then the rows, grouped by plan section when the plan
    has sections (each a <details>), else folded after OPEN_ROWS."""
    every = rows(report, filters.framework)
    chosen = filtered(every, filters.strength)
    counts = {k: sum(r.strength == k for r in every) for k in STRENGTHS}
    head = (
        f'<div class="pa-count">{esc(t("align_statements_count", lang, shown=len(chosen), n=len(every)))} — '
        + " · ".join(f"{strength_badge(k, lang)} {counts[k]}" for k in STRENGTHS)
        + "</div>"
    )
    if not chosen:
        body = f'<p class="pa-empty">{esc(t("align_no_statements", lang))}</p>'
    else:
        sections = list(dict.fromkeys(r.result.statement.section for r in chosen))
        if len(sections) > 1:
            body = "".join(
                _section_group(
                    report, [r for r in chosen if r.result.statement.section == name], name, n, len(chosen), lang
                )
                for n, name in enumerate(sections)
            )
        else:
            body = _folded([row_html(report, r, lang) for r in chosen], lang)
    return f'<div class="pa-align" dir="{direction(lang)}">{head}{body}</div>'


def _section_group(report, group: list[Row], name: str, n: int, total: int, lang: str) -> str:
    opened = " open" if total <= OPEN_ROWS or n < 2 else ""
    title = text_span(name if name.strip("—– ") else t("align_no_section", lang), "")
    return (
        f'<details class="pa-group"{opened}><summary>{title} '
        f'<span class="pa-n">({esc(t("align_n_statements", lang, n=len(group)))})</span></summary>'
        f"{''.join(row_html(report, r, lang) for r in group)}</details>"
    )
