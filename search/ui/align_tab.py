"""The Align tab: a plan (uploaded or pasted) against a framework -> coverage, heatmap, gaps,
the statements' matches (each with its "why?" and a reviewer's decision, review_panel.py)
and the reports to download."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from indexer.errors import PolicyAlignError
from search.match import item_titles
from search.ui import render
from search.ui.i18n import framework_names, t
from search.ui.page import Page
from search.ui.review_panel import reset, review_controls, review_events
from search.ui.uploads import ALLOWED_SUFFIXES
from search.ui.why import decision_label

STATEMENT_COLUMNS = ("statement", "page", "label", "item", "strength", "score", "review", "evidence")


def framework_choices(lang: str) -> list[tuple[str, str]]:
    return [*framework_names(lang), (t("framework_all", lang), "all")]


def statement_rows(report, lang: str = "en") -> list[list[str]]:
    """One row per (statement, match): the columns of STATEMENT_COLUMNS."""
    return [
        [
            r.statement.text,
            str(r.statement.page or ""),
            r.statement.label,
            m.id,
            m.strength,
            f"{m.score:.2f}",
            decision_label(report.review_of(r.statement.index, m.id), lang),
            m.evidence,
        ]
        for r in report.statements
        for m in r.matches
    ]


def headers(lang: str) -> list[str]:
    return [t(f"col_{c}", lang) for c in STATEMENT_COLUMNS]


def shown(result, lang: str) -> tuple:
    """An AlignResult as the tab shows it: coverage, heatmap, gaps, table, downloads."""
    report = result.report
    applied = render.message(t("reviews_applied", lang, n=len(report.reviews)), "ok") if report.reviews else ""
    return (
        applied + render.coverage_summary(report, lang),
        str(result.heatmap),
        render.gap_list(report, lang),
        {"headers": headers(lang), "data": statement_rows(report, lang)},  # in the interface's language
        [str(p) for p in result.files],
    )


def align_tab(page: Page, services) -> None:
    """The tab's components on `page` and its event (the Align button)."""
    page.add("alignment_state", gr.State, text=None)  # the session's last AlignResult
    with page.add("tab_align", gr.Tab, elem_id="tab-align"):
        with gr.Row():
            page.add("plan_file", gr.File, file_types=list(ALLOWED_SUFFIXES), type="filepath", elem_id="plan-file")
            page.add("plan_text", gr.Textbox, lines=6, elem_id="plan-text")
        page.add(
            "framework",
            gr.Radio,
            more=lambda lang: {"choices": framework_choices(lang)},
            value=framework_choices("en")[0][1],
        )
        page.add("align_button", gr.Button, text="value", variant="primary", elem_id="align-button")
        page.add("align_error", gr.HTML, text=None, elem_id="align-error")
        page.add("coverage_summary", gr.HTML, text=None, elem_id="coverage")
        page.add("heatmap", gr.Image, type="filepath", interactive=False)
        page.add("gaps", gr.HTML, text=None, elem_id="gaps")
        page.add(
            "statements_table",
            gr.Dataframe,
            more=lambda lang: {"headers": headers(lang)},
            datatype="str",
            interactive=False,
            wrap=True,
            column_widths=[
                "30%",
                "5%",
                "4%",
                "8%",
                "8%",
                "6%",
                "12%",
                "27%",
            ],  # the review in view, not off to the side
            elem_id="statements",
        )
        review_controls(page)
        page.add("downloads", gr.File, file_count="multiple", interactive=False, elem_id="downloads")

    def do_align(upload, pasted, framework, lang, progress=gr.Progress()):  # noqa: B008 - Gradio injects the progress tracker this way
        try:
            step = lambda fraction, desc="": progress(fraction, desc=t(desc, lang) if desc else None)  # noqa: E731
            result = services.alignment.align(
                Path(upload) if upload else None, pasted or "", framework, item_titles(lang), step
            )
        except (PolicyAlignError, OSError) as exc:
            return "", None, "", [], None, render.error_message(exc, lang), None
        return *shown(result, lang), "", result

    page["align_button"].click(
        do_align,
        inputs=page.pick("plan_file", "plan_text", "framework", "ui_language"),
        outputs=page.pick(
            "coverage_summary", "heatmap", "gaps", "statements_table", "downloads", "align_error", "alignment_state"
        ),
        concurrency_limit=1,
        concurrency_id="align",
        api_name="align",
    ).then(
        reset,
        inputs=page.pick("alignment_state"),
        outputs=page.pick("review_pair", "reassign_to", "why_panel", "review_status"),
        api_visibility="private",
    )
    review_events(page, services, shown)
