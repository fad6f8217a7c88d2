"""Workshop mode (`policy-align demo`): the bundled sample plans as PDFs made by LibreOffice,
the index of them, and the example questions the app fills in."""

from __future__ import annotations

import shutil
import subprocess
from html import escape
from pathlib import Path

from indexer.settings import cache_root, corpus_root
from search.pdfs import html_page, html_to_pdf

EXAMPLE_QUERIES = (
    "affordable housing for low-income families",
    "تمويل البلديات والسندات الخضراء",
    "历史文化街区保护",
    "participación de los jóvenes en las decisiones",
    "данные о неформальных поселениях",
)
FONTS = {"zh": "Noto Sans CJK SC", "ar": "Noto Naskh Arabic"}
# LibreOffice's heading styles bring their own font; for Arabic it then falls back to another
# font's glyphs (and Debian's fonts-noto-core has no bold Naskh), whose spacing pypdf cannot
# read (words run together). Headings get the body font, and plain weight in Arabic.
HEADINGS = {"ar": "h1,h2{font-weight:normal}"}


def samples_dir() -> Path:
    """Where the sample plans are written as PDFs: a folder the app serves (page links)."""
    return cache_root() / "samples"


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
    from search.ui.library_service import kept_library_files

    # the samples, and what a trainer added in the Library before (it would vanish otherwise)
    documents = sample_documents(samples_dir()) + kept_library_files(index)
    report = IndexBuilder(index, embedder, progress=True).build(documents)
    print(
        f"demo index: {report.documents or len(report.reused)} sample plans ({len(report.embedded)} embedded, "
        f"{len(report.reused)} reused) in {index}"
    )
    return index, EXAMPLE_QUERIES
