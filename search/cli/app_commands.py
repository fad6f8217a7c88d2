"""`policy-align serve` and `policy-align demo`: the options of the web app. The app itself
(app.py) is started by the `policy-align` entry point, which owns the Gradio side."""

from __future__ import annotations

import shutil
import subprocess
from html import escape
from pathlib import Path

from indexer.settings import cache_root, corpus_root
from search.cli.index_commands import default_index_dir
from search.cli.options import model_options, usage_error
from search.cli.pdfs import html_page, html_to_pdf

EXAMPLE_QUERIES = (
    "affordable housing for low-income families",
    "تمويل البلديات والسندات الخضراء",
    "历史文化街区保护",
    "participación de los jóvenes en las decisiones",
    "данные о неформальных поселениях",
)


def app_options():
    common = model_options()
    common.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this computer only)")
    common.add_argument("--port", type=int, default=7860)
    common.add_argument("--share", action="store_true", help="also open a public Gradio share link (needs network)")
    common.add_argument("--auth", default=None, help="user:password, or a file with one user:password per line")
    common.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    return common


def register(sub) -> None:
    serve = sub.add_parser("serve", parents=[app_options()], help="start the web app on an index")
    serve.add_argument(
        "--index", type=Path, default=default_index_dir(), help=f"index folder (default {default_index_dir()})"
    )
    serve.set_defaults(app=True)
    demo = sub.add_parser(
        "demo", parents=[app_options()], help="workshop mode: index the bundled sample plans and start the app, offline"
    )
    demo.add_argument(
        "--text", action="store_true", help="print the cross-lingual model demo instead of starting the app"
    )
    demo.set_defaults(app=True)


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    if not value:
        return None
    lines = Path(value).read_text(encoding="utf-8").splitlines() if Path(value).is_file() else [value]
    pairs = [tuple(line.strip().split(":", 1)) for line in lines if line.strip()]
    if not pairs or any(len(p) != 2 or not p[0] or not p[1] for p in pairs):
        usage_error("--auth takes user:password (or a file of such lines)")
    return pairs  # type: ignore[return-value]


FONTS = {"zh": "Noto Sans CJK SC", "ar": "Noto Naskh Arabic"}
# LibreOffice's heading styles bring their own font; for Arabic it then falls back to another
# font's glyphs (and Debian's fonts-noto-core has no bold Naskh), whose spacing pypdf cannot
# read (words run together). Headings get the body font, and plain weight in Arabic.
HEADINGS = {"ar": "h1,h2{font-weight:normal}"}


def sample_html(source: Path) -> str:
    """The samples' small Markdown subset (# headings, *italic* lines, one paragraph a line) as HTML."""
    lang = source.stem.split("-")[0]
    body = []
    for block in source.read_text(encoding="utf-8").splitlines():
        block = " ".join(block.split())
        if not block:
            continue
        level = len(block) - len(block.lstrip("#"))
        if level:
            body.append(f"<h{level}>{escape(block[level:].strip())}</h{level}>")
        elif block.startswith("*") and block.endswith("*"):
            body.append(f"<p><i>{escape(block.strip('*'))}</i></p>")
        else:
            body.append(f"<p>{escape(block)}</p>")
    font = FONTS.get(lang, "Noto Sans")
    return html_page(
        "".join(body), lang, f'body,h1,h2{{font-family:"{font}"}}body{{font-size:11pt}}{HEADINGS.get(lang, "")}'
    )


def sample_documents(folder: Path) -> list[Path]:
    """The bundled sample plans as PDFs made by LibreOffice (as HTML when it is missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    for litter in folder.iterdir():  # earlier releases kept LibreOffice's profile here, inside a served folder
        if litter.is_dir():
            shutil.rmtree(litter, ignore_errors=True)
    out = []
    for source in sorted((corpus_root() / "samples").glob("*.md")):
        html = folder / f"{source.stem}.html"
        pdf = html.with_suffix(".pdf")
        page = sample_html(source)
        if not html.is_file() or html.read_text(encoding="utf-8") != page:
            html.write_text(page, encoding="utf-8")
            pdf.unlink(missing_ok=True)
        if not pdf.is_file():
            try:
                html_to_pdf(html)
            except (OSError, subprocess.SubprocessError):
                pass  # no LibreOffice, or it failed: the HTML itself is indexed
        out.append(pdf if pdf.is_file() else html)
    return out


def prepare_demo(embedder) -> tuple[Path, tuple[str, ...]]:
    """Build (or reuse) the workshop index of the sample plans -> (index folder, example queries)."""
    from indexer.index.builder import IndexBuilder

    index = cache_root() / "indexes" / "demo"
    report = IndexBuilder(index, embedder, progress=True).build(sample_documents(cache_root() / "samples"))
    print(
        f"demo index: {report.documents or len(report.reused)} sample plans ({len(report.embedded)} embedded, "
        f"{len(report.reused)} reused) in {index}"
    )
    return index, EXAMPLE_QUERIES
