"""`policy-align`: the command line, and the Gradio app (`policy-align serve`, `policy-align demo`).

The app only arranges components; what it does lives in the search, library and alignment
services (search/ui/services.py), and every piece of document text reaches the browser
through search/ui/render.py, which escapes it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

CSS = """
.pa-card{border:1px solid #d0d7de;border-radius:8px;padding:10px 12px;margin:8px 0}
.pa-head{font-size:.9em;color:#444}.pa-section{font-size:.8em;color:#666}
.pa-text{margin-top:6px;white-space:pre-wrap}.pa-text mark{background:#fff1a8}
.pa-flags{color:#a40}.pa-error{color:#a00;font-weight:600}.pa-ok{color:#060}.pa-warning{color:#8a4b00;font-weight:600;border-inline-start:4px solid #d98e04;padding:4px 8px;margin-bottom:6px}
.pa-table td{padding:2px 8px}.pa-covered{background:#e6f4ea}.pa-partial{background:#fff8e1}.pa-gap{background:#fde7e9}
"""
STATEMENT_COLUMNS = ("statement", "page", "label", "item", "strength", "score", "evidence")
LIBRARY_COLUMNS = ("id", "title", "languages", "pages", "chunks", "flagged")
DIRECTION_JS = (
    "(lang) => { document.documentElement.lang = lang; "
    "document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr'; return lang; }"
)


def build_app(services, *, examples: tuple[str, ...] = (), banner: bool = False):
    import gradio as gr

    from indexer.errors import DocumentError, IndexBusyError, PolicyAlignError
    from indexer.frameworks import registered_frameworks
    from search.match import item_titles
    from search.ui import render
    from search.ui.about import about_markdown
    from search.ui.i18n import LANGUAGES, t
    from search.ui.uploads import UploadError

    def friendly(exc: Exception, lang: str) -> str:
        """An error in the interface language, naming files but never a server path."""
        if isinstance(exc, UploadError):
            values = {k: render.without_paths(str(v)) for k, v in exc.values.items()}
            return render.message(t(exc.key, lang, **values))
        if isinstance(exc, IndexBusyError):
            return render.message(t("error_index_busy", lang, holder=render.without_paths(exc.holder)))
        message = exc.reason if isinstance(exc, DocumentError) else str(exc)
        return render.message(t("error_generic", lang, message=render.without_paths(message)))

    def do_search(query, source, result_lang, clean_only, lang, doc=""):
        if not (query or "").strip():
            return render.message(t("error_empty_query", lang)), None
        try:
            hits = services.search.search(query, source, result_lang or "", doc or "", bool(clean_only))
            preview = services.search.page_image(hits[0]) if hits else None
            return render.results(hits, lang, [services.search.page_link(h) for h in hits]), preview
        except PolicyAlignError as exc:
            return friendly(exc, lang), None

    def do_align(upload, pasted, framework, lang, progress=gr.Progress()):  # noqa: B008 - Gradio injects the progress tracker this way
        try:
            step = lambda fraction, desc="": progress(fraction, desc=t(desc, lang) if desc else None)  # noqa: E731
            result = services.alignment.align(
                Path(upload) if upload else None, pasted or "", framework, item_titles(lang), step
            )
        except (PolicyAlignError, OSError) as exc:
            return "", None, "", [], None, friendly(exc, lang)
        report = result.report
        rows = [
            [
                r.statement.text,
                str(r.statement.page or ""),
                r.statement.label,
                m.id,
                m.strength,
                f"{m.score:.2f}",
                m.evidence,
            ]
            for r in report.statements
            for m in r.matches
        ]
        return (
            render.coverage_summary(report, lang),
            str(result.heatmap),
            render.gap_list(report, lang),
            rows,
            [str(p) for p in result.files],
            "",
        )

    def heading(lang):
        return f"## {t('app_title', lang)}\n{t('tagline', lang)}" + (
            f"\n\n*{t('demo_banner', lang)}*" if banner else ""
        )

    def framework_names(lang):
        return [(e.names.get(lang) or e.names.get("en") or e.id, e.id) for e in registered_frameworks()]

    def source_choices(lang):
        return [(t("source_all", lang), "all"), (t("source_documents", lang), "documents"), *framework_names(lang)]

    def framework_choices(lang):
        return [*framework_names(lang), (t("framework_all", lang), "all")]

    def do_add(paths, lang, progress=gr.Progress()):  # noqa: B008 - Gradio injects the progress tracker this way
        try:
            added = services.library.add_documents(
                [Path(p) for p in paths or []], lambda fraction, desc="": progress(fraction, desc=t(desc, lang))
            )
            return render.message(t("added", lang, n=added), "ok"), library_rows(services), doc_choices()
        except (PolicyAlignError, OSError) as exc:
            return friendly(exc, lang), library_rows(services), doc_choices()

    def do_remove(target, lang):
        try:
            removed = services.library.remove_document(target or "")
            return render.message(t("removed", lang, n=removed), "ok"), library_rows(services), doc_choices()
        except (PolicyAlignError, OSError) as exc:
            return friendly(exc, lang), library_rows(services), doc_choices()

    def doc_choices():
        return gr.update(
            choices=[("—", "")] + [(d.get("title") or d["id"], d["id"]) for d in services.library.documents()]
        )

    def relabel(lang):
        """New labels for every labelled component, in the interface language."""
        extra = {
            "source": {"choices": source_choices(lang)},
            "framework": {"choices": framework_choices(lang)},
            "query": {"placeholder": t("query_placeholder", lang)},
            "statements_table": {"headers": [t(f"col_{c}", lang) for c in STATEMENT_COLUMNS]},
            "library_documents": {"headers": [t(f"col_{c}", lang) for c in LIBRARY_COLUMNS]},
        }
        return (
            [gr.update(label=t(key, lang), **extra.get(key, {})) for key in LABELLED]
            + [gr.update(value=t(key, lang)) for key in BUTTONS]
            + [gr.update(label=t(key, lang)) for key in TABS]
            + [gr.update(label=t("ui_language", lang)), heading(lang), about_markdown(lang, services.model)]
        )

    with gr.Blocks(title="Policy Align", analytics_enabled=False, delete_cache=(1800, 3600)) as app:
        lang = gr.Dropdown(
            choices=[(name, code) for code, name in LANGUAGES.items()],
            value="en",
            label="Interface language",
            elem_id="ui-language",
        )
        header = gr.Markdown(heading("en"))
        with gr.Tab(t("tab_search"), elem_id="tab-search") as tab_search:
            query = gr.Textbox(
                label=t("query"),
                placeholder=t("query_placeholder"),
                elem_id="query",
                value=examples[0] if examples else "",
            )  # workshop mode: ready to press Search
            with gr.Row():
                source = gr.Dropdown(choices=source_choices("en"), value="all", label=t("source"))
                result_lang = gr.Dropdown(
                    choices=[("—", "")] + [(n, c) for c, n in LANGUAGES.items()], value="", label=t("filter_lang")
                )
                doc_filter = gr.Dropdown(value="", label=t("filter_doc"), allow_custom_value=True)
                clean_only = gr.Checkbox(label=t("quality_clean"))
            search_button = gr.Button(t("search_button"), variant="primary", elem_id="search-button")
            if examples:
                gr.Examples(examples=[[e] for e in examples], inputs=[query], label=t("examples"))
            results = gr.HTML(elem_id="results")
            preview = gr.Image(label=t("preview"), type="pil", interactive=False, height=420)
        with gr.Tab(t("tab_align"), elem_id="tab-align") as tab_align:
            with gr.Row():
                upload = gr.File(
                    label=t("plan_file"),
                    file_types=[".pdf", ".docx", ".txt", ".md", ".html"],
                    type="filepath",
                    elem_id="plan-file",
                )
                pasted = gr.Textbox(label=t("plan_text"), lines=6, elem_id="plan-text")
            framework = gr.Radio(
                choices=framework_choices("en"), value=framework_choices("en")[0][1], label=t("framework")
            )
            align_button = gr.Button(t("align_button"), variant="primary", elem_id="align-button")
            align_error = gr.HTML(elem_id="align-error")
            summary = gr.HTML(elem_id="coverage")
            heatmap = gr.Image(label=t("heatmap"), type="filepath", interactive=False)
            gaps = gr.HTML(elem_id="gaps")
            table = gr.Dataframe(
                headers=[t(f"col_{c}") for c in STATEMENT_COLUMNS],
                datatype="str",
                interactive=False,
                wrap=True,
                label=t("statements_table"),
                elem_id="statements",
            )
            downloads = gr.File(label=t("downloads"), file_count="multiple", interactive=False, elem_id="downloads")
        with gr.Tab(t("tab_library"), elem_id="tab-library") as tab_library:
            documents = gr.Dataframe(
                value=library_rows(services),
                datatype="str",
                interactive=False,
                headers=[t(f"col_{c}") for c in LIBRARY_COLUMNS],
                label=t("library_documents"),
                elem_id="library",
            )
            with gr.Row():
                new_docs = gr.File(
                    label=t("add_documents"),
                    file_count="multiple",
                    type="filepath",
                    file_types=[".pdf", ".docx", ".txt", ".md", ".html"],
                    elem_id="library-add",
                )
                with gr.Column():
                    add_button = gr.Button(t("add_button"), elem_id="library-add-button")
                    remove_target = gr.Textbox(label=t("remove_document"), elem_id="library-remove")
                    remove_button = gr.Button(t("remove_button"), elem_id="library-remove-button")
            library_status = gr.HTML(elem_id="library-status")
            gr.Dataframe(
                value=framework_rows(),
                headers=["Framework", "Language", "Versions"],
                datatype="str",
                interactive=False,
                label=t("library_frameworks"),
            )
        with gr.Tab(t("tab_about"), elem_id="tab-about") as tab_about:
            about = gr.Markdown(about_markdown("en", services.model), elem_id="about")

        LABELLED = (
            "query",
            "source",
            "filter_lang",
            "filter_doc",
            "quality_clean",
            "preview",
            "plan_file",
            "plan_text",
            "framework",
            "heatmap",
            "statements_table",
            "downloads",
            "library_documents",
            "add_documents",
            "remove_document",
        )
        BUTTONS = ("search_button", "align_button", "add_button", "remove_button")
        TABS = ("tab_search", "tab_align", "tab_library", "tab_about")
        labelled = [
            query,
            source,
            result_lang,
            doc_filter,
            clean_only,
            preview,
            upload,
            pasted,
            framework,
            heatmap,
            table,
            downloads,
            documents,
            new_docs,
            remove_target,
        ]
        app.load(lambda: (library_rows(services), doc_choices()), outputs=[documents, doc_filter])
        lang.change(
            relabel,
            inputs=[lang],
            outputs=labelled
            + [
                search_button,
                align_button,
                add_button,
                remove_button,
                tab_search,
                tab_align,
                tab_library,
                tab_about,
                lang,
                header,
                about,
            ],
            js=DIRECTION_JS,
        )
        search_args = dict(
            fn=do_search,
            inputs=[query, source, result_lang, clean_only, lang, doc_filter],
            outputs=[results, preview],
            concurrency_limit=4,
            concurrency_id="search",
            api_name="search",
        )
        search_button.click(**search_args)
        query.submit(**{**search_args, "api_name": False})
        # Library changes write the index: one at a time, in the queue the alignments use
        library_event = dict(
            outputs=[library_status, documents, doc_filter], concurrency_limit=1, concurrency_id="align"
        )
        add_button.click(do_add, inputs=[new_docs, lang], api_name="add_documents", **library_event)
        remove_button.click(do_remove, inputs=[remove_target, lang], api_name="remove_document", **library_event)
        align_button.click(
            do_align,
            inputs=[upload, pasted, framework, lang],
            outputs=[summary, heatmap, gaps, table, downloads, align_error],
            concurrency_limit=1,
            concurrency_id="align",
            api_name="align",
        )
    return app


def library_rows(services) -> list[list[str]]:
    return [
        [
            d["id"],
            d.get("title", ""),
            ", ".join(d.get("languages", [])),
            str(d.get("pages", "")),
            str(d.get("chunks", "")),
            ", ".join(map(str, d.get("flagged_pages", []))),
        ]
        for d in services.library.documents()
    ]


def framework_rows() -> list[list[str]]:
    from indexer.frameworks import load_frameworks

    return [
        [fw.names.get("en", fw.id), lang, ", ".join(sorted(statuses))]
        for fw in load_frameworks().values()
        for lang, statuses in sorted(fw.languages().items())
    ]


def launch(args) -> int:
    """`policy-align serve` / `policy-align demo`: build what is missing, then serve on 127.0.0.1."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import signal

    import gradio as gr
    from starlette.middleware import Middleware

    from indexer.model import Embedder
    from search.ui.demo import prepare_demo
    from search.ui.inert import InertFiles
    from search.ui.services import Services
    from search.ui.uploads import MAX_UPLOAD_MB

    embedder = Embedder(args.model, backend=args.backend)
    index, examples = prepare_demo(embedder) if args.command == "demo" else (args.index, ())
    import atexit
    import shutil
    import tempfile

    workdir = Path(tempfile.mkdtemp(prefix="policy-align-"))  # uploads and reports; removed at exit
    atexit.register(shutil.rmtree, workdir, True)
    signal.signal(signal.SIGTERM, _stop)  # as Ctrl-C: Gradio closes the server, atexit removes workdir
    services = Services.start(index, embedder, workdir)
    app = build_app(services, examples=examples, banner=args.command == "demo")
    app.queue(default_concurrency_limit=2, max_size=64)
    theme = gr.themes.Default(
        font=["Noto Sans", "ui-sans-serif", "sans-serif"], font_mono=["ui-monospace", "monospace"]
    )
    app.launch(
        server_name=args.host,
        server_port=args.port,
        share=args.share,
        auth=args.auth,  # user:password pairs, checked by the CLI
        max_file_size=f"{MAX_UPLOAD_MB}mb",
        inbrowser=not args.no_browser,
        css=CSS,
        theme=theme,
        footer_links=[],
        show_error=False,
        allowed_paths=services.search.allowed_dirs(),
        app_kwargs={"middleware": [Middleware(InertFiles)]},
    )
    return 0


def _stop(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    from search.cli import main as cli_main

    return cli_main(argv, launch=launch)


if __name__ == "__main__":
    sys.exit(main())
