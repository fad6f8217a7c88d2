"""A PDF (or DOCX) with real footnotes: LibreOffice lays out a flat OpenDocument text (FODT) whose
paragraphs carry <text:note> elements, so each note is set in small type at its page's foot
and the paragraph it interrupts may run on to the next page."""

from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

from search.pdfs import soffice

FONTS = {"zh": "Noto Sans CJK SC", "ar": "Noto Naskh Arabic"}
NOTE_AT = "[N]"  # where a paragraph's text carries a note reference


def _style(name: str, lang: str, size: str, extra: str) -> str:
    font = FONTS.get(lang, "Noto Sans")
    rtl = 'style:writing-mode="rl-tb"' if lang == "ar" else ""
    sizes = f'fo:font-size="{size}" style:font-size-asian="{size}" style:font-size-complex="{size}"'
    fonts = f'fo:font-family="{font}" style:font-family-asian="{font}" style:font-family-complex="{font}"'
    return (
        f'<style:style style:name="{name}" style:family="paragraph"><style:paragraph-properties {rtl} {extra}/>'
        f'<style:text-properties {fonts} {sizes} fo:language="{lang}"/></style:style>'
    )


def _page(columns: int, lang: str) -> str:
    """An A4 page layout of `columns` text columns (LibreOffice sets each column's notes at its
    foot), right to left in Arabic (its columns then run from the right)."""
    rtl = 'style:writing-mode="rl-tb" ' if lang == "ar" else ""
    return (
        '<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties '
        f'{rtl}fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" '
        f'fo:margin-left="2cm" fo:margin-right="2cm"><style:columns fo:column-count="{columns}" '
        'fo:column-gap="0.8cm"/></style:page-layout-properties></style:page-layout></office:automatic-styles>'
        '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/>'
        "</office:master-styles>"
    )


def footnoted(
    folder: Path, name: str, lang: str, paragraphs: list[str], notes: list[str], to: str = "pdf", columns: int = 1
) -> Path:
    """Paragraphs (each NOTE_AT a reference to the next of `notes`) -> a PDF (or, `to` "docx", a
    Word file) by LibreOffice, on pages of `columns` columns."""
    body, used = [], 0
    for paragraph in paragraphs:
        parts = paragraph.split(NOTE_AT)
        out = html.escape(parts[0])
        for rest in parts[1:]:
            used += 1
            out += (
                f'<text:note text:id="ftn{used}" text:note-class="footnote"><text:note-citation>{used}'
                f'</text:note-citation><text:note-body><text:p text:style-name="Note">{html.escape(notes[used - 1])}'
                f"</text:p></text:note-body></text:note>{html.escape(rest)}"
            )
        body.append(f'<text:p text:style-name="Body">{out}</text:p>')
    ns = "urn:oasis:names:tc:opendocument:xmlns"
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="{ns}:office:1.0" '
        f'xmlns:style="{ns}:style:1.0" xmlns:text="{ns}:text:1.0" xmlns:fo="{ns}:xsl-fo-compatible:1.0" '
        'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">'
        + (_page(columns, lang) if columns > 1 else "")
        + "<office:styles>"
        + _style("Body", lang, "11pt", 'fo:margin-bottom="0.25cm" fo:text-align="justify"')
        + _style("Note", lang, "8pt", "")
        + "</office:styles><office:body><office:text>"
        + "\n".join(body)
        + "</office:text></office:body></office:document>"
    )
    source = folder / f"{name}.fodt"
    source.write_text(document, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="policy-align-lo-") as profile:
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML" if to == "docx" else "pdf",
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return folder / f"{name}.{to}"
