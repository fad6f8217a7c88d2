"""The Library tab: the indexed documents, adding and removing them, and the frameworks'
language versions."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from indexer.errors import PolicyAlignError
from search.ui import render
from search.ui.i18n import t
from search.ui.page import Page
from search.ui.uploads import ALLOWED_SUFFIXES

LIBRARY_COLUMNS = ("id", "title", "languages", "pages", "chunks", "flagged")


def library_rows(documents: list[dict]) -> list[list[str]]:
    return [
        [
            d["id"],
            d.get("title", ""),
            ", ".join(d.get("languages", [])),
            str(d.get("pages", "")),
            str(d.get("chunks", "")),
            ", ".join(map(str, d.get("flagged_pages", []))),
        ]
        for d in documents
    ]


def framework_rows() -> list[list[str]]:
    from indexer.frameworks import load_frameworks

    return [
        [fw.names.get("en", fw.id), lang, ", ".join(sorted(statuses))]
        for fw in load_frameworks().values()
        for lang, statuses in sorted(fw.languages().items())
    ]


def listing(services) -> tuple[list[list[str]], dict]:
    """(the Library's rows, the Search tab's choices of document): both change with the library."""
    documents = services.library.documents()
    return library_rows(documents), gr.update(
        choices=[("—", "")] + [(d.get("title") or d["id"], d["id"]) for d in documents]
    )


def library_tab(page: Page, services) -> None:
    """The tab's components on `page` and its events (Add, Remove); needs the Search tab's
    document filter on `page`, which they update."""
    with page.add("tab_library", gr.Tab, elem_id="tab-library"):
        page.add(
            "library_documents",
            gr.Dataframe,
            more=lambda lang: {"headers": [t(f"col_{c}", lang) for c in LIBRARY_COLUMNS]},
            value=library_rows(services.library.documents()),
            datatype="str",
            interactive=False,
            elem_id="library",
        )
        with gr.Row():
            page.add(
                "add_documents",
                gr.File,
                file_count="multiple",
                type="filepath",
                file_types=list(ALLOWED_SUFFIXES),
                elem_id="library-add",
            )
            with gr.Column():
                page.add("add_button", gr.Button, text="value", elem_id="library-add-button")
                page.add("remove_document", gr.Textbox, elem_id="library-remove")
                page.add("remove_button", gr.Button, text="value", elem_id="library-remove-button")
        page.add("library_status", gr.HTML, text=None, elem_id="library-status")
        page.add(
            "library_frameworks",
            gr.Dataframe,
            value=framework_rows(),
            headers=["Framework", "Language", "Versions"],
            datatype="str",
            interactive=False,
        )

    def do_add(paths, lang, progress=gr.Progress()):  # noqa: B008 - Gradio injects the progress tracker this way
        try:
            added = services.library.add_documents(
                [Path(p) for p in paths or []], lambda fraction, desc="": progress(fraction, desc=t(desc, lang))
            )
            return render.message(t("added", lang, n=added), "ok"), *listing(services)
        except (PolicyAlignError, OSError) as exc:
            return render.error_message(exc, lang), *listing(services)

    def do_remove(target, lang):
        try:
            removed = services.library.remove_document(target or "")
            return render.message(t("removed", lang, n=removed), "ok"), *listing(services)
        except (PolicyAlignError, OSError) as exc:
            return render.error_message(exc, lang), *listing(services)

    # Library changes write the index: one at a time, in the queue the alignments use
    event = dict(
        outputs=page.pick("library_status", "library_documents", "filter_doc"),
        concurrency_limit=1,
        concurrency_id="align",
    )
    page["add_button"].click(
        do_add, inputs=page.pick("add_documents", "ui_language"), api_name="add_documents", **event
    )
    page["remove_button"].click(
        do_remove, inputs=page.pick("remove_document", "ui_language"), api_name="remove_document", **event
    )
