"""The Search tab: a question in any language over the indexed documents and the frameworks,
one card per passage or framework item (search/ui/cards.py), and the first hit's page as a
preview when it is a PDF page (hidden otherwise: no empty box under a framework item)."""

from __future__ import annotations

import gradio as gr

from indexer.errors import PolicyAlignError
from search.ui import render
from search.ui.cards import result_cards
from search.ui.i18n import LANGUAGES, framework_names, t
from search.ui.page import Page


def source_choices(lang: str) -> list[tuple[str, str]]:
    return [(t("source_all", lang), "all"), (t("source_documents", lang), "documents"), *framework_names(lang)]


def search_tab(page: Page, services, examples: tuple[str, ...] = ()) -> None:
    """The tab's components on `page` and its events (the button, Enter in the question)."""
    with page.add("tab_search", gr.Tab, elem_id="tab-search"):
        page.add(
            "query",
            gr.Textbox,
            more=lambda lang: {"placeholder": t("query_placeholder", lang)},
            elem_id="query",
            value=examples[0] if examples else "",  # workshop mode: ready to press Search
        )
        with gr.Row():
            page.add("source", gr.Dropdown, more=lambda lang: {"choices": source_choices(lang)}, value="all")
            page.add("filter_lang", gr.Dropdown, choices=[("—", "")] + [(n, c) for c, n in LANGUAGES.items()], value="")
            page.add("filter_doc", gr.Dropdown, value="", allow_custom_value=True, elem_id="search-doc")
            page.add("quality_clean", gr.Checkbox)
        page.add("search_button", gr.Button, text="value", variant="primary", elem_id="search-button")
        if examples:
            page.add(
                "examples",
                gr.Dataset,
                text="label",
                components=[page["query"]],
                samples=[[e] for e in examples],
                elem_id="examples",
            )
            page["examples"].click(lambda sample: sample[0], inputs=[page["examples"]], outputs=[page["query"]])
        page.add("results", gr.HTML, text=None, elem_id="results")
        page.add("preview", gr.Image, type="pil", interactive=False, height=420, visible=False, elem_id="preview")

    def do_search(query, source, result_lang, clean_only, lang, doc=""):
        hidden = gr.update(value=None, visible=False)
        if not (query or "").strip():
            return render.message(t("error_empty_query", lang)), hidden
        try:
            results = services.search.results(query, source, result_lang or "", doc or "", bool(clean_only), lang)
            image = services.search.page_image(results[0].hit) if results and not results[0].item else None
            links = [None if r.item else services.search.page_link(r.hit) for r in results]
            preview = gr.update(value=image, visible=True) if image is not None else hidden
            return result_cards(results, lang, links), preview
        except PolicyAlignError as exc:
            return render.error_message(exc, lang), hidden

    search = dict(
        fn=do_search,
        inputs=page.pick("query", "source", "filter_lang", "quality_clean", "ui_language", "filter_doc"),
        outputs=page.pick("results", "preview"),
        concurrency_limit=4,
        concurrency_id="search",
        api_name="search",
    )
    page["search_button"].click(**search)
    page["query"].submit(**{**search, "api_name": False})
