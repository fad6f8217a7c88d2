"""The Align tab's review panel: pick a match (from the list or with a row's Review button in
the statements view), see why it matched, and accept, reject or reassign it with a note. A
decision is kept for the plan (AlignService.review) and the plan is aligned again at once, so
the coverage, the table and the reports show it."""

from __future__ import annotations

import gradio as gr

from indexer.errors import PolicyAlignError
from indexer.shorten import shortened
from search.match import item_titles
from search.review import DECISIONS
from search.ui import render
from search.ui.i18n import shown_citation, t
from search.ui.page import Page
from search.ui.why import statement_why

STATEMENT_CHARS = 70  # of a statement in the list of matches


def decision_choices(lang: str) -> list[tuple[str, str]]:
    return [(t(f"decision_{d}", lang), d) for d in DECISIONS]


def pairs(report, lang: str = "en") -> list[tuple[str, str]]:
    """(label, "statement|item") per (statement, match), in plan order."""
    out = []
    for r in report.statements:
        s = r.statement
        text = shortened(s.text, STATEMENT_CHARS)
        out += [
            (
                f"{render.statement_number(s.index)} {shown_citation(m.id, lang)} · {t(f'align_strength_{m.strength}', lang)} {m.score:.2f} — {text}",
                f"{s.index}|{m.id}",
            )
            for m in r.matches
        ]
    return out


def _pair(value: str | None) -> tuple[int, str] | None:
    if not value or "|" not in value:
        return None
    statement, item = value.split("|", 1)
    return int(statement), item


def reset(result, lang: str = "en"):
    """After an alignment (None: it failed): its matches to choose from, its items to reassign to."""
    if result is None:
        return gr.update(choices=[], value=None), gr.update(choices=[], value=None), "", ""
    titles = item_titles(lang)
    items = [
        (f"{shown_citation(i.id, lang)} — {shortened(titles.get(i.id, i.title), 80)}", i.id)
        for i in result.report.items
    ]
    return gr.update(choices=pairs(result.report, lang), value=None), gr.update(choices=items, value=None), "", ""


def review_controls(page: Page) -> None:
    """The panel's components, where they are shown (under the statements table)."""
    with page.add("review_title", gr.Accordion, open=True, elem_id="review"):
        page.add("align_review_pair", gr.Dropdown, choices=[], value=None, interactive=True, elem_id="review-pair")
        page.add("why_panel", gr.HTML, text=None, elem_id="why")
        with gr.Row():
            page.add("decision", gr.Radio, more=lambda lang: {"choices": decision_choices(lang)}, elem_id="decision")
            page.add("reassign_to", gr.Dropdown, choices=[], value=None, interactive=True, elem_id="reassign-to")
        page.add("review_note", gr.Textbox, lines=2, elem_id="review-note")
        page.add("save_review", gr.Button, text="value", elem_id="save-review")
        page.add("review_status", gr.HTML, text=None, elem_id="review-status")


def review_events(page: Page, services, shown, view_keys: tuple[str, ...], filter_keys: tuple[str, ...]) -> None:
    """The panel's events; `shown(result, lang, *filters)` -> the Align tab's components
    `view_keys` for an AlignResult (after a decision, as after Align), through the filters
    `filter_keys`. A row's Review button (a select event of the statements view) chooses its match."""

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

    def pick(result, evt: gr.SelectData):
        chosen = _pair(evt.value if isinstance(evt.value, str) else None)
        known = result is not None and chosen is not None and any(v == evt.value for _, v in pairs(result.report))
        return evt.value if known else gr.skip()

    def relanguage(result, value, lang, framework, strength, coverage):
        """The interface language changed: the alignment's views in it, and its list of matches."""
        if result is None:
            return [gr.skip()] * (len(view_keys) + 2)
        views = shown(result, lang, framework, strength, coverage)
        return *views, show(result, value, lang)[0], gr.update(choices=pairs(result.report, lang))

    def save(result, value, decision, to, note, lang, framework, strength, coverage, request: gr.Request):
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
        unchanged = [gr.skip()] * (len(view_keys) + 3)
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
            *shown(result, lang, framework, strength, coverage),
            result,
            gr.update(choices=pairs(result.report, lang), value=value),
            statement_why(result.report, statement, lang, item),
            render.message(saved, "ok"),
        )

    state, lang = page["alignment_state"], page["ui_language"]
    # quick events skip the queue: a queued event shows its status on each of its outputs
    private = {"api_visibility": "private", "show_progress": "hidden", "queue": False}
    page["align_review_pair"].change(
        show,
        inputs=[state, page["align_review_pair"], lang],
        outputs=page.pick("why_panel", "decision", "reassign_to", "review_note"),
        **private,
    )
    filters = page.pick(*filter_keys)
    page["ui_language"].change(
        relanguage,
        inputs=[state, page["align_review_pair"], lang, *filters],
        outputs=[*page.pick(*view_keys), page["why_panel"], page["align_review_pair"]],
        **private,
    )
    page["align_statements_view"].select(pick, inputs=[state], outputs=[page["align_review_pair"]], **private)
    page["save_review"].click(
        save,
        inputs=[state, *page.pick("align_review_pair", "decision", "reassign_to", "review_note"), lang, *filters],
        outputs=[*page.pick(*view_keys), state, *page.pick("align_review_pair", "why_panel", "review_status")],
        concurrency_limit=1,
        concurrency_id="align",  # it writes the alignment's reports: in the queue of the alignments
        api_name="review",
        show_progress_on=[page["review_status"]],  # one bar, by the button
    )
