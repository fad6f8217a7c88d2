"""The Align tab: a plan (uploaded, pasted, or the sample plan of the interface language)
against a framework -> a summary, the statements one row each with their best match
(align_view.py), the items grouped by coverage (coverage_view.py), a heatmap per framework
(heatmap_view.py), the review panel (review_panel.py) and the reports, a printable one among
them (print_report.py). Filters re-draw the views from the session's result, without aligning."""

from __future__ import annotations

from html import escape
from pathlib import Path

import gradio as gr

from indexer.errors import PolicyAlignError
from search.match import item_titles
from search.ui import render
from search.ui.align_view import COVERAGES, STRENGTHS, Filters, statements_html
from search.ui.coverage_view import counts_line, items_html
from search.ui.heatmap_view import heatmaps_html
from search.ui.i18n import direction, framework_names, t
from search.ui.page import Page
from search.ui.review_panel import reset, review_controls, review_events
from search.ui.uploads import ALLOWED_SUFFIXES

# the components an alignment (or a decision, or the language) re-draws, and the filters
VIEW_KEYS = (
    "coverage_summary",
    "align_statements_view",
    "align_items_view",
    "align_heatmaps_view",
    "downloads",
    "align_print",
)
FILTER_KEYS = ("align_view_framework", "align_view_strength", "align_view_coverage")
REVIEW_KEYS = ("align_review_pair", "reassign_to", "why_panel", "review_status")  # reset by each alignment
# a click on a row's Review button chooses that match in the review panel, which comes into view
PICK_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-pair]');
  if (!button) return;
  trigger('select', {value: button.dataset.pair, index: 0, selected: true});
  document.querySelector('#review')?.scrollIntoView({block: 'start', behavior: 'smooth'});
});
"""
VIEW_CSS = """
.pa-align{overflow-wrap:anywhere;max-width:100%}
.pa-count{margin:4px 0 8px}.pa-row{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:6px 16px;
 border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;margin:6px 0}
.pa-row.pa-r-none{background:#fafafa}.pa-st p{margin:2px 0;white-space:pre-wrap}.pa-num{font-weight:600}
.pa-where,.pa-n,.pa-near,.pa-quote,.pa-legend{font-size:.85em;color:#555}
.pa-badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.85em;font-weight:600;white-space:nowrap}
.pa-b-strong,.pa-c-covered{background:#d1f0d9;color:#0b4a1e}.pa-b-partial,.pa-c-partial{background:#fff1c2;color:#6b4a00}
.pa-b-none,.pa-c-gap{background:#eceff1;color:#333}.pa-c-gap{background:#fde2e4;color:#7a0010}
.pa-ev{margin:4px 0;padding:2px 10px;border-inline-start:3px solid #9ab;color:#333;white-space:pre-wrap}
.pa-supports{font-size:.9em;margin:2px 0}.pa-review{font-weight:600;color:#8a4b00}
.pa-whyd summary,.pa-group>summary,.pa-fold>summary,.pa-key>summary{cursor:pointer;padding:2px 0}
.pa-rev{margin-top:4px;border:1px solid #8c959f;border-radius:6px;padding:2px 10px;background:#f6f8fa;cursor:pointer}
.pa-others,.pa-items{list-style:none;padding-inline-start:0;margin:4px 0}.pa-others li,.pa-items li{margin:4px 0}
.pa-group{border-top:1px solid #e1e4e8;padding:4px 0}.pa-fw h4{margin:12px 0 4px}
.pa-effects th,.pa-effects td{padding:2px 6px;text-align:start}.pa-views{padding-inline-start:1.2em}
.pa-heat{margin:10px 0}.pa-heat figcaption{font-weight:600;margin-bottom:4px}
.pa-heatmap{border-collapse:collapse;table-layout:fixed;width:100%;font-size:.75em}
.pa-heatmap td,.pa-heatmap th{border:1px solid #fff;text-align:center;padding:2px 0;overflow:hidden}
.pa-heatmap col.pa-rowhead{width:34%}.pa-heatmap th[scope=row]{text-align:start;padding:2px 4px;font-weight:normal}
.pa-heatmap td.pa-hot{color:#fff}.pa-keys{font-size:.85em;columns:2 16em}
@media (max-width:700px){.pa-row{grid-template-columns:minmax(0,1fr)}.pa-heatmap{font-size:.6em}
 .pa-heatmap td{font-size:0}.pa-heatmap col.pa-rowhead{width:30%}}
"""


def framework_choices(lang: str) -> list[tuple[str, str]]:
    return [*framework_names(lang), (t("framework_all", lang), "all")]


def filter_choices(key: str, lang: str) -> list[tuple[str, str]]:
    every = [(t("align_filter_all", lang), "all")]
    if key == "align_view_framework":
        return every + framework_names(lang)
    if key == "align_view_strength":
        return every + [(t(f"align_strength_{s}", lang), s) for s in STRENGTHS]
    return every + [(t(f"align_coverage_{c}", lang), c) for c in COVERAGES]


def summary_html(report, lang: str) -> str:
    """The counts on top: statements, and per framework covered / partial / gaps."""
    names = dict((fid, name) for name, fid in framework_names(lang))
    lines = "".join(
        f"<li>{escape(names.get(fid, fid))}: {counts_line([i for i in report.items if i.framework == fid], lang)}</li>"
        for fid in dict.fromkeys(i.framework for i in report.items)
    )
    applied = render.message(t("reviews_applied", lang, n=len(report.reviews)), "ok") if report.reviews else ""
    warning = ""
    if report.unreadable_pages:
        warning = render.message(
            t(
                "unreadable_pages",
                lang,
                k=len(report.unreadable_pages),
                n=report.page_count,
                pages=report.unreadable_listed,
            ),
            "warning",
        )
    count = escape(t("align_n_statements", lang, n=len(report.statements)))
    return f'<div class="pa-summary" dir="{direction(lang)}">{warning}{applied}<b>{count}</b><ul>{lines}</ul></div>'


def views(result, lang: str, framework: str = "all", strength: str = "all", coverage: str = "all") -> tuple:
    """The statements, items and heatmaps of an AlignResult through the filters."""
    filters = Filters(framework or "all", strength or "all", coverage or "all")
    report = result.report
    return (
        statements_html(report, lang, filters),
        items_html(report, lang, filters),
        heatmaps_html(report, lang, filters.framework),
    )


def align_tab(page: Page, services) -> None:
    """The tab's components on `page` and its events (Align, the sample plan, the filters)."""
    page.add("alignment_state", gr.State, text=None)  # the session's last AlignResult
    with page.add("tab_align", gr.Tab, elem_id="tab-align"):
        with gr.Row():
            page.add("plan_file", gr.File, file_types=list(ALLOWED_SUFFIXES), type="filepath", elem_id="plan-file")
            page.add("plan_text", gr.Textbox, lines=6, elem_id="plan-text")
        page.add("framework", gr.Radio, more=lambda lang: {"choices": framework_choices(lang)}, value="cairo")
        with gr.Row():
            page.add("align_button", gr.Button, text="value", variant="primary", elem_id="align-button")
            page.add("align_sample", gr.Button, text="value", elem_id="align-sample")
        page.add("align_error", gr.HTML, text=None, elem_id="align-error")
        page.add("coverage_summary", gr.HTML, text=None, elem_id="coverage", min_height=40)
        with gr.Row(equal_height=False):
            for key, kind in zip(FILTER_KEYS, (gr.Dropdown, gr.Radio, gr.Radio)):
                page.add(key, kind, more=lambda lang, key=key: {"choices": filter_choices(key, lang)}, value="all",
                         elem_id=key.replace("_", "-"), min_width=200)  # fmt: skip
        with page.add("statements_table", gr.Accordion, open=True):
            page.add("align_statements_view", gr.HTML, text=None, elem_id="statements",
                     js_on_load=PICK_JS, css_template=VIEW_CSS)  # fmt: skip
        review_controls(page)
        with page.add("align_items_title", gr.Accordion, open=False, elem_id="items-accordion"):
            page.add(
                "align_items_view", gr.HTML, text=None, elem_id="coverage-items", css_template=VIEW_CSS, js_on_load=None
            )
        with page.add("align_heatmaps_title", gr.Accordion, open=True, elem_id="heatmaps-accordion"):
            page.add(
                "align_heatmaps_view", gr.HTML, text=None, elem_id="heatmaps", css_template=VIEW_CSS, js_on_load=None
            )
        with gr.Row():
            page.add("align_print", gr.DownloadButton, value=None, elem_id="align-print")
            page.add("downloads", gr.File, file_count="multiple", interactive=False, elem_id="downloads")

    def shown(result, lang: str, framework: str = "all", strength: str = "all", coverage: str = "all") -> tuple:
        """An AlignResult as the tab shows it: VIEW_KEYS, the heatmap PNGs and the printable report in `lang`."""
        printable = services.alignment.printable(result, lang)
        heatmaps = services.alignment.heatmaps(result, lang)
        return (
            summary_html(result.report, lang),
            *views(result, lang, framework, strength, coverage),
            [str(p) for p in (*result.files, *heatmaps, printable)],
            str(printable),
        )

    def do_align(upload, pasted, framework, lang, progress=gr.Progress()):  # noqa: B008 - Gradio injects the progress tracker this way
        def step(fraction, key="", **values):
            progress(fraction, desc=t(key, lang, **values) if key else None)

        try:
            result = services.alignment.align(
                Path(upload) if upload else None, pasted or "", framework, item_titles(lang), step
            )
        except (PolicyAlignError, OSError) as exc:
            return (
                "",
                "",
                "",
                "",
                None,
                gr.update(value=None),
                render.error_message(exc, lang),
                None,
                "all",
                "all",
                "all",
                *reset(None, lang),
            )
        # the review panel is reset in the same event: a later one would clear a match chosen meanwhile
        return *shown(result, lang), "", result, "all", "all", "all", *reset(result, lang)

    def sample(lang):
        try:
            return str(services.alignment.sample_plan(lang)), "", ""
        except (PolicyAlignError, OSError) as exc:
            return None, "", render.error_message(exc, lang)

    aligning = {
        "fn": do_align,
        "inputs": page.pick("plan_file", "plan_text", "framework", "ui_language"),
        "outputs": page.pick(*VIEW_KEYS, "align_error", "alignment_state", *FILTER_KEYS, *REVIEW_KEYS),
        "concurrency_limit": 1,
        "concurrency_id": "align",
        "show_progress_on": [page["coverage_summary"]],  # one bar, with the step it is at
    }
    page["align_button"].click(**aligning, api_name="align")
    page["align_sample"].click(
        sample,
        inputs=[page["ui_language"]],
        outputs=page.pick("plan_file", "plan_text", "align_error"),
        api_visibility="private",
        show_progress="hidden",
        queue=False,  # a file copy: no queue, no status on the three outputs (one bar: the alignment's)
    ).then(**aligning, api_visibility="private")

    def refilter(result, lang, framework, strength, coverage):
        return views(result, lang, framework, strength, coverage) if result is not None else [gr.skip()] * 3

    for key in FILTER_KEYS:
        page[key].input(
            refilter,
            inputs=[page["alignment_state"], page["ui_language"], *page.pick(*FILTER_KEYS)],
            outputs=page.pick("align_statements_view", "align_items_view", "align_heatmaps_view"),
            api_visibility="private",
            show_progress="hidden",
            queue=False,
        )
    review_events(page, services, shown, VIEW_KEYS, FILTER_KEYS)
