"""`policy-align`: the command line, and the Gradio app (`policy-align serve`, `policy-align demo`).

The app only arranges components: each tab is built in search/ui/*_tab.py on one mapping of
components (search/ui/page.py), what it does lives in the search, library and alignment
services (search/ui/services.py), and every piece of document text reaches the browser escaped
by the view that shows it (search/ui/cards.py, align_view.py, why.py; tests/test_app_align.py
and test_ui_strings.py feed them hostile text). The app imports nothing from the CLI (search/cli/); only
main(), the `policy-align` entry point, joins the two by handing `launch` to the CLI."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

# Gradio writes dir="ltr" on blocks, labels and Markdown that have no `rtl` option; in an Arabic
# interface they read right to left like the page (document text keeps its own dir and lang).
CSS = """
.pa-card{border:1px solid #d0d7de;border-radius:8px;padding:10px 12px;margin:8px 0}
.pa-head{font-size:.9em;color:#444}.pa-section{font-size:.8em;color:#666}
.pa-text{margin-top:6px;white-space:pre-wrap}.pa-text mark{background:#fff1a8}
.pa-flags{color:#a40}.pa-error{color:#a00;font-weight:600}.pa-ok{color:#060}.pa-warning{color:#8a4b00;font-weight:600;border-inline-start:4px solid #d98e04;padding:4px 8px;margin-bottom:6px}
.pa-table td{padding:2px 8px}.pa-covered{background:#e6f4ea}.pa-partial{background:#fff8e1}.pa-gap{background:#fde7e9}
.pa-why-statement{margin-bottom:6px}.pa-why-statement .pa-num{font-weight:600}.pa-why details{border:1px solid #d0d7de;border-radius:6px;padding:4px 10px;margin:6px 0}
.pa-why summary{cursor:pointer}.pa-review{font-weight:600;color:#8a4b00}.pa-up{color:#060}.pa-down{color:#a00}
.pa-effects th,.pa-effects td{padding:2px 8px;text-align:start}.pa-view-head{font-size:.85em;color:#555}
.pa-views q{display:block;margin:2px 0 6px;white-space:pre-wrap}.pa-views q::before,.pa-views q::after{content:none}
#statements [role=gridcell] span{unicode-bidi:plaintext}.pa-why{overflow-wrap:anywhere}.pa-scroll{overflow-x:auto}
.pa-effects{overflow-wrap:normal}.pa-effects th,.pa-effects td:not(:first-child){white-space:nowrap}
@media (max-width:640px){.pa-effects code,.pa-effects .pa-value{display:none}}
.pa-strength,.pa-status{border-radius:10px;padding:0 6px;font-size:.85em;white-space:nowrap}
.pa-strength{cursor:help}.pa-strong{background:#e6f4ea;color:#0a5c2b}.pa-partial{background:#fff8e1;color:#7a5200}
.pa-weak{background:#eee;color:#555}.pa-status{background:#eef2ff;color:#2b3a8c}
.pa-links{font-size:.85em;color:#444;margin-top:4px}.pa-link{cursor:help;border-bottom:1px dotted #888}
.pa-others summary{cursor:pointer;font-size:.85em;color:#555;margin-top:4px}
html[dir=rtl] [dir=ltr]:not(.pa-text):not([translate=no]):not([lang]){direction:rtl}
/* the tables in the page's own font, not Gradio's monospace (wider, and Arabic in it wraps inside words) */
#library td,#library th,#library-frameworks td,#library-frameworks th,#library .cell-wrap span,#library-frameworks .cell-wrap span{font-family:var(--font)}
#library .cell-wrap,#library-frameworks .cell-wrap,#library .cell-wrap span,#library-frameworks .cell-wrap span{text-align:start}
/* the frameworks table fits a phone: its columns share the width (column_widths), words stay whole */
@media (max-width:640px){#library-frameworks .cell-wrap{padding-inline:4px}#library-frameworks .cell-wrap span{font-size:13px}}
/* a document's title, a choice of a list, in its own direction whatever the interface's: a
   Chinese title chosen in the Arabic interface showed its end, not its start (plaintext is dir=auto) */
#library .cell-wrap span,[role=option],#search-doc input,#library-remove input{unicode-bidi:plaintext}
/* …but a field's value stays on the interface's side: "—" (no document chosen) has no direction of its own */
html[dir=rtl] #search-doc input,html[dir=rtl] #library-remove input{text-align:right}
/* file names read left to right in Arabic too ("alignment.csv", not "csv.alignment") */
.file-preview .filename,.file-preview .stem,.file-preview .ext,.file-name{direction:ltr;unicode-bidi:isolate}
/* the Library on a phone: a list of titles instead of the table (no hash, nothing to scroll sideways) */
#library-compact{display:none}.pa-docs{list-style:none;padding:0;margin:0}.pa-docs li{padding:6px 0;border-bottom:1px solid #e5e7eb}
.pa-doc-facts{font-size:.85em;color:#555}
@media (max-width:640px){#library{display:none !important}#library-compact{display:block}}
/* a phone shows every tab with its whole name. Gradio puts the tabs that its hidden copy says do
   not fit behind "…": that copy may shrink to nothing, so none goes there, while the tabs shown
   keep their width and wrap onto a second line (Russian, French, Spanish names need it).
   (Gradio's own overflow_behavior="wrap" swaps a tab for another once one is clicked, 6.31.) */
@media (max-width:640px){
 .tab-container button{padding:6px 6px !important;font-size:14px !important;min-width:0 !important}
 .tab-container[role=tablist]{flex-wrap:wrap;height:auto !important}
 .tab-container[role=tablist] button{flex:0 0 auto !important}
}
/* Gradio pins a dropdown's arrow to the right edge, where an Arabic value starts: on the left in rtl */
html[dir=rtl] .secondary-wrap > .icon-wrap{right:auto;left:var(--size-5)}
.pa-version{margin:6px 0;padding-inline-start:10px;border-inline-start:3px solid #d0d7de}.pa-version-head{font-size:.8em;color:#666}
"""
# The interface language on the page: its lang and dir, and Gradio's own texts ("Drop File
# Here", …) in the same language. Gradio picks those from the browser once, at start; its
# changeLocale lives in its core module, which the page has already loaded (same instance).
# __RTL__: the interface languages written right to left (search/ui/i18n.RTL), filled in by build_app.
DIRECTION_JS = """async (lang) => {
  const root = document.documentElement;
  root.lang = lang;
  root.dir = __RTL__.includes(lang) ? 'rtl' : 'ltr';
  root.dataset.uiLang = lang;
  try {
    const core = performance.getEntriesByType('resource').map((e) => e.name)
      .find((name) => /\\/assets\\/core-[\\w-]+\\.js$/.test(name));
    if (core) (await import(core)).changeLocale(lang === 'zh' ? 'zh-CN' : lang);
  } catch (error) { console.warn('policy-align: Gradio locale not changed', error); }
  return lang;
}"""
# The first interface language the browser asks for (navigator.languages mirrors Accept-Language).
# Applied here too: when it is English the dropdown does not change, so its change event never runs.
BROWSER_LANGUAGE_JS = """async () => {
  const ours = %s;
  const tags = navigator.languages || [navigator.language || 'en'];
  const code = tags.map((tag) => tag.toLowerCase().split('-')[0]).find((code) => ours.includes(code)) || 'en';
  return await (%s)(code);
}"""


def build_app(services, *, examples: tuple[str, ...] = (), banner: bool = False):
    """The Blocks of the app over `services` (search/ui/services.py); `examples` fill the
    question (workshop mode), `banner` says the documents are samples."""
    import gradio as gr

    from search.ui.about import about_markdown
    from search.ui.align_tab import align_tab
    from search.ui.i18n import LANGUAGES, RTL, t
    from search.ui.library_tab import LISTING, library_tab, listing
    from search.ui.page import Page
    from search.ui.search_tab import search_tab

    def heading(lang):
        return f"## {t('app_title', lang)}\n{t('tagline', lang)}" + (
            f"\n\n*{t('demo_banner', lang)}*" if banner else ""
        )

    direction_js = DIRECTION_JS.replace("__RTL__", json.dumps(sorted(RTL)))
    page = Page()
    with gr.Blocks(title="Policy Align", analytics_enabled=False, delete_cache=(1800, 3600)) as app:
        lang = page.add(
            "ui_language",
            gr.Dropdown,
            choices=[(name, code) for code, name in LANGUAGES.items()],
            value="en",
            elem_id="ui-language",
        )
        page.add("header", gr.Markdown, text=None, more=lambda lang: {"value": heading(lang)})
        search_tab(page, services, examples)
        align_tab(page, services)
        library_tab(page, services)
        with page.add("tab_about", gr.Tab, elem_id="tab-about"):
            page.add(
                "about",
                gr.Markdown,
                text=None,
                more=lambda lang: {"value": about_markdown(lang, services.model)},
                elem_id="about",
            )
        # the library as it is now, then the browser's language (the change below relabels
        # everything, the library's headers too: in this order, the listing cannot undo them)
        app.load(lambda code: listing(services, code), inputs=[lang], outputs=page.pick(*LISTING)).then(
            None, outputs=[lang], js=BROWSER_LANGUAGE_JS % (json.dumps(list(LANGUAGES)), direction_js)
        )
        lang.change(page.relabel, inputs=[lang], outputs=page.translated(), js=direction_js)
    return app


def _warm_up() -> None:
    """What the first questions would otherwise wait for, loaded while the server starts:
    langdetect's profiles (~0.6 s, the first question of 20 letters or more) and jieba's
    dictionary (~1.2 s, the first Chinese hit to highlight); eval/RESULTS.md, issue 15."""
    from indexer.language import warm_up as warm_language
    from search.lexical import warm_up as warm_tokenizers

    warm_language()
    warm_tokenizers()


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
    import threading

    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
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
    """The `policy-align` command: the CLI runs every command and starts the app through
    `launch` (it never imports Gradio or this module)."""
    from search.cli import main as cli_main

    return cli_main(argv, launch=launch)


if __name__ == "__main__":
    sys.exit(main())
