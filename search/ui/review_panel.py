"""The Align tab's review panel: pick a match (from the list or by clicking a row of the
statements table), see why it matched, and accept, reject or reassign it with a note. A
decision is kept for the plan (AlignService.review) and the plan is aligned again at once, so
the coverage, the table and the reports show it."""

from __future__ import annotations

import gradio as gr

from indexer.errors import PolicyAlignError
from search.match import item_titles
from search.review import DECISIONS
from search.ui import render
from search.ui.i18n import t
from search.ui.page import Page
from search.ui.why import statement_why

STATEMENT_CHARS = 70  # of a statement in the list of matches


def decision_choices(lang: str) -> list[tuple[str, str]]:
    return [(t(f"decision_{d}", lang), d) for d in DECISIONS]


def pairs(report) -> list[tuple[str, str]]:
    """(label, "statement|item") per (statement, match), in the order of the statements table."""
    out = []
    for r in report.statements:
        s = r.statement
        text = s.text if len(s.text) <= STATEMENT_CHARS else s.text[:STATEMENT_CHARS] + "…"
        out += [
            (f"{s.index + 1}. {m.id} · {m.strength} {m.score:.2f} — {text}", f"{s.index}|{m.id}") for m in r.matches
        ]
    return out


def pair_of_row(report, index: int, row_value: list | None = None) -> str | None:
    """The match of a clicked row of the statements table: by its statement and item (columns
    0 and 3 of align_tab.STATEMENT_COLUMNS; the reader may have sorted the table), else by its place."""
    rows = [(r.statement.text, m.id, f"{r.statement.index}|{m.id}") for r in report.statements for m in r.matches]
    if row_value and len(row_value) > 3:
        found = [value for text, item, value in rows if (text, item) == (row_value[0], row_value[3])]
        if found:
            return found[0]
    return rows[index][2] if isinstance(index, int) and 0 <= index < len(rows) else None


def _pair(value: str | None) -> tuple[int, str] | None:
    if not value or "|" not in value:
        return None
    statement, item = value.split("|", 1)
    return int(statement), item


def reset(result):
    """After an alignment (None: it failed): its matches to choose from, its items to reassign to."""
    if result is None:
        return gr.update(choices=[], value=None), gr.update(choices=[], value=None), "", ""
    items = [(f"{i.id} — {i.title[:80]}", i.id) for i in result.report.items]
    return gr.update(choices=pairs(result.report), value=None), gr.update(choices=items, value=None), "", ""


def review_controls(page: Page) -> None:
    """The panel's components, where they are shown (under the statements table)."""
    with page.add("review_title", gr.Accordion, open=True, elem_id="review"):
        page.add("review_pair", gr.Dropdown, choices=[], value=None, interactive=True, elem_id="review-pair")
        page.add("why_panel", gr.HTML, text=None, elem_id="why")
        with gr.Row():
            page.add("decision", gr.Radio, more=lambda lang: {"choices": decision_choices(lang)}, elem_id="decision")
            page.add("reassign_to", gr.Dropdown, choices=[], value=None, interactive=True, elem_id="reassign-to")
        page.add("review_note", gr.Textbox, lines=2, elem_id="review-note")
        page.add("save_review", gr.Button, text="value", elem_id="save-review")
        page.add("review_status", gr.HTML, text=None, elem_id="review-status")


def review_events(page: Page, services, shown) -> None:
    """The panel's events; `shown(result, lang)` -> the Align tab's coverage, heatmap, gaps,
    table and downloads for an AlignResult (after a decision, as after Align)."""

    def show(result, value, lang):
        """A chosen match: its statement's "why?", and the decision kept on it (if any) to edit."""
        chosen = _pair(value)
        if result is None or chosen is None:
            return "", None, None, ""
        review = result.report.review_of(*chosen)
        html = statement_why(result.report, chosen[0], lang, chosen[1])
        if review is None:
            return html, None, None, ""
        return html, review.decision, review.reassign_to or None, review.note

    def pick_row(result, evt: gr.SelectData):
        row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        chosen = pair_of_row(result.report, row, evt.row_value) if result is not None else None
        return chosen or gr.skip()

    def relanguage(result, value, lang):
        """The interface language changed: the alignment's views in it (the table's headers too)."""
        if result is None:
            return [gr.skip()] * 6
        return *shown(result, lang), show(result, value, lang)[0]

    def save(result, value, decision, to, note, lang, request: gr.Request):
        chosen = _pair(value)
        problem = (
            "error_no_pair"
            if result is None or chosen is None
            else "error_no_decision"
            if decision not in DECISIONS
            else "error_no_target"
            if decision == "reassign" and not to
            else ""
        )
        unchanged = [gr.skip()] * 8
        if problem:
            return *unchanged, render.message(t(problem, lang))
        statement, item = chosen
        try:
            services.alignment.review(
                result.alignment,
                statement,
                item,
                decision,
                to if decision == "reassign" else "",
                note or "",
                getattr(request, "username", None) or "",
            )
            result = services.alignment.run(result.alignment, item_titles(lang))
        except (PolicyAlignError, OSError) as exc:
            return *unchanged, render.error_message(exc, lang)
        saved = t("review_saved", lang, n=statement + 1, item=item, decision=t(f"decision_{decision}", lang))
        return (
            *shown(result, lang),
            result,
            gr.update(choices=pairs(result.report), value=value),
            statement_why(result.report, statement, lang, item),
            render.message(saved, "ok"),
        )

    state, lang = page["alignment_state"], page["ui_language"]
    private = {"api_visibility": "private"}
    page["review_pair"].change(
        show,
        inputs=[state, page["review_pair"], lang],
        outputs=page.pick("why_panel", "decision", "reassign_to", "review_note"),
        **private,
    )
    page["ui_language"].change(
        relanguage,
        inputs=[state, page["review_pair"], lang],
        outputs=page.pick("coverage_summary", "heatmap", "gaps", "statements_table", "downloads", "why_panel"),
        **private,
    )
    page["statements_table"].select(pick_row, inputs=[state], outputs=[page["review_pair"]], **private)
    page["save_review"].click(
        save,
        inputs=[state, *page.pick("review_pair", "decision", "reassign_to", "review_note"), lang],
        outputs=[
            *page.pick("coverage_summary", "heatmap", "gaps", "statements_table", "downloads", "alignment_state"),
            *page.pick("review_pair", "why_panel", "review_status"),
        ],
        concurrency_limit=1,
        concurrency_id="align",  # it writes the alignment's reports: in the queue of the alignments
        api_name="review",
    )
