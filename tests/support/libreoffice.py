"""PDFs made by a real office suite: LibreOffice converts an HTML page (Noto fonts) to PDF."""

from __future__ import annotations

import html
from pathlib import Path

from search.pdfs import html_page, html_to_pdf, soffice  # noqa: F401 - soffice is used by the tests

FONTS = {"zh": '"Noto Sans CJK SC"', "ar": '"Noto Naskh Arabic", "Noto Sans Arabic"'}


def make_pdf(folder: Path, name: str, lang: str, paragraphs: list[str]) -> Path:
    font = FONTS.get(lang, '"Noto Sans", "DejaVu Sans"')
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    source = folder / f"{name}.html"
    source.write_text(html_page(body, lang, f"body{{font-family:{font};font-size:11pt}}"), encoding="utf-8")
    return html_to_pdf(source, timeout=180)
