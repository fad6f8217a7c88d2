"""The Library tab: the indexed documents, adding and removing them (kept across restarts:
search/ui/library_service.py), the frameworks' language versions, and attaching a framework's
official text (as `policy-align corpus add`)."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from indexer.errors import PolicyAlignError
from indexer.frameworks.model import STATUSES
from search.ui import render
from search.ui.i18n import LANGUAGES, framework_names, t
from search.ui.library_service import OfficialTextError
from search.ui.page import Page
from search.ui.uploads import ALLOWED_SUFFIXES, UploadError

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


FRAMEWORK_COLUMNS = ("framework", "language", "status")


def framework_rows(lang: str = "en") -> list[list[str]]:
    """(framework, language, its versions) in the interface language, one row per language."""
    from indexer.frameworks import load_frameworks
    from search.ui.cards import language_name

    names = {fid: name for name, fid in framework_names(lang)}
    return [
        [
            names.get(fw.id, fw.id),
            language_name(code, lang),
            ", ".join(t(f"status_{s}", lang) for s in sorted(statuses, key=STATUSES.index)),
        ]
        for fw in load_frameworks().values()
        for code, statuses in sorted(fw.languages().items())
    ]


def frameworks_table(lang: str) -> dict:
    """The frameworks table with its headers in `lang` (rows alone would bring back the English
    headers it was built with, as documents_table says)."""
    return {"headers": [t(f"col_{c}", lang) for c in FRAMEWORK_COLUMNS], "data": framework_rows(lang)}


def language_choices(lang: str) -> list[tuple[str, str]]:
    from search.ui.cards import language_name

    return [(language_name(code, lang), code) for code in LANGUAGES]


def documents_table(documents: list[dict], lang: str) -> dict:
    """The Library's table with its headers in `lang` (a Dataframe's value carries its headers:
    rows alone would bring back the English ones it was built with)."""
    return {"headers": [t(f"col_{c}", lang) for c in LIBRARY_COLUMNS], "data": library_rows(documents)}


def compact_list(documents: list[dict], lang: str) -> str:
    """The Library on a phone: a list of titles with their languages and pages, no hash and no
    table to scroll sideways (the Dataframe's virtual table breaks when a column is hidden)."""
    from html import escape

    rows = []
    for d in documents:
        facts = [", ".join(d.get("languages", [])), f"{t('col_pages', lang)}: {d.get('pages', '')}"]
        if d.get("flagged_pages"):
            facts.append(f"{t('col_flagged', lang)}: {', '.join(map(str, d['flagged_pages']))}")
        rows.append(
            f'<li><b translate="no" dir="auto">{escape(d.get("title") or d["id"])}</b>'
            f'<div class="pa-doc-facts">{escape(" · ".join(f for f in facts if f))}</div></li>'
        )
    return f'<ul class="pa-docs">{"".join(rows)}</ul>'


def document_choices(documents: list[dict]) -> list[tuple[str, str]]:
    """(title, id) per document: people pick by title, the index removes by id."""
    return [(d.get("title") or d["id"], d["id"]) for d in documents]


def listing(services, lang: str = "en") -> tuple[dict, str, dict, dict]:
    """(the Library's table, its phone list, its choices of document to remove, the Search
    tab's choices of document): all change with the library."""
    documents = services.library.documents()
    choices = document_choices(documents)
    return (
        documents_table(documents, lang),
        compact_list(documents, lang),
        gr.update(choices=choices, value=None),
        gr.update(choices=[("—", "")] + choices),
    )


LISTING = ("library_documents", "library_compact", "remove_document", "filter_doc")  # what listing() updates


def library_tab(page: Page, services) -> None:
    """The tab's components on `page` and its events (Add, Remove); needs the Search tab's
    document filter on `page`, which they update."""
    with page.add("tab_library", gr.Tab, elem_id="tab-library"):
        page.add(
            "library_documents",
            gr.Dataframe,
            more=lambda lang: {"value": documents_table(services.library.documents(), lang)},
            datatype="str",
            interactive=False,
            elem_id="library",
        )
        page.add(
            "library_compact",
            gr.HTML,
            text=None,
            more=lambda lang: {"value": compact_list(services.library.documents(), lang)},
            elem_id="library-compact",
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
                # by title; an id or a file name typed (or sent through the API) works too
                page.add(
                    "remove_document",
                    gr.Dropdown,
                    choices=document_choices(services.library.documents()),
                    value=None,
                    allow_custom_value=True,
                    elem_id="library-remove",
                )
                page.add("remove_button", gr.Button, text="value", elem_id="library-remove-button")
        page.add("library_status", gr.HTML, text=None, elem_id="library-status")
        page.add(
            "library_frameworks",
            gr.Dataframe,
            more=lambda lang: {
                "headers": [t(f"col_{c}", lang) for c in FRAMEWORK_COLUMNS],
                "value": framework_rows(lang),
            },
            datatype="str",
            interactive=False,
            wrap=True,  # long names wrap inside their column: the table fits a phone (390 px)
            column_widths=["36%", "30%", "34%"],
            elem_id="library-frameworks",
        )
        with page.add("official_title", gr.Accordion, open=False, elem_id="official"):
            page.add("official_help", gr.Markdown, text="value")
            with gr.Row():
                page.add(
                    "official_file", gr.File, type="filepath", file_types=[".pdf", ".txt"], elem_id="official-file"
                )
                with gr.Column():
                    page.add(
                        "official_framework",
                        gr.Dropdown,
                        more=lambda lang: {"choices": framework_names(lang)},
                        value=None,
                        elem_id="official-framework",
                    )
                    page.add(
                        "official_lang",
                        gr.Dropdown,
                        more=lambda lang: {"choices": language_choices(lang)},
                        value=None,
                        elem_id="official-lang",
                    )
                    page.add("official_button", gr.Button, text="value", elem_id="official-button")
            page.add("official_status", gr.HTML, text=None, elem_id="official-status")

    def do_add(paths, lang, progress=gr.Progress()):  # noqa: B008 - Gradio injects the progress tracker this way
        try:
            added = services.library.add_documents(
                [Path(p) for p in paths or []], lambda fraction, desc="": progress(fraction, desc=t(desc, lang))
            )
            return render.message(t("added", lang, n=added), "ok"), *listing(services, lang)
        except (PolicyAlignError, OSError) as exc:
            return render.error_message(exc, lang), *listing(services, lang)

    def do_official(path, framework, text_lang, lang, progress=gr.Progress()):  # noqa: B008 - as do_add
        names = {fid: name for name, fid in framework_names(lang)}
        try:
            if not path or not framework or not text_lang:
                raise UploadError("error_official_missing")
            added = services.library.add_official_text(
                Path(path), framework, text_lang, lambda fraction, desc="": progress(fraction, desc=t(desc, lang))
            )
            # the Search tab's cards and the Align tab's matchers hold the frameworks' texts too
            services.search.forget_frameworks()
            services.alignment.forget_frameworks()
            from search.ui.cards import language_name

            done = t(
                "official_added",
                lang,
                framework=names.get(framework, framework),
                language=language_name(text_lang, lang),  # not lang=: t() takes the interface's
                n=added.items,
            )
            return render.message(done, "ok"), frameworks_table(lang)
        except OfficialTextError:
            return render.message(t("error_official", lang, framework=names.get(framework, framework))), gr.update()
        except (PolicyAlignError, OSError) as exc:
            return render.error_message(exc, lang), gr.update()

    def do_remove(target, lang):
        try:
            removed = services.library.remove_document(target or "")
            return render.message(t("removed", lang, n=removed), "ok"), *listing(services, lang)
        except (PolicyAlignError, OSError) as exc:
            return render.error_message(exc, lang), *listing(services, lang)

    # Library changes write the index: one at a time, in the queue the alignments use
    event = dict(
        outputs=page.pick("library_status", *LISTING),
        concurrency_limit=1,
        concurrency_id="align",
    )
    page["add_button"].click(
        do_add, inputs=page.pick("add_documents", "ui_language"), api_name="add_documents", **event
    )
    page["official_button"].click(
        do_official,
        inputs=page.pick("official_file", "official_framework", "official_lang", "ui_language"),
        outputs=page.pick("official_status", "library_frameworks"),
        api_name="add_official_text",
        concurrency_limit=1,
        concurrency_id="align",  # it rewrites the frameworks' index, which alignments read
    )
    page["remove_button"].click(
        do_remove, inputs=page.pick("remove_document", "ui_language"), api_name="remove_document", **event
    )
