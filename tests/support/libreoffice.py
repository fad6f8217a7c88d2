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


def right_to_left(paragraph) -> None:
    """A python-docx paragraph set right to left, as an Arabic plan sets it (w:bidi; its runs w:rtl)."""
    from docx.oxml.parser import OxmlElement

    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def office_pdf(source: Path) -> Path:
    """A document (a DOCX) printed to PDF by LibreOffice, beside it, as Word would print it."""
    import subprocess

    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix(".pdf")
