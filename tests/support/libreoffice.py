"""PDFs made by a real office suite: LibreOffice converts an HTML page (Noto fonts) to PDF."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

FONTS = {"zh": '"Noto Sans CJK SC"', "ar": '"Noto Naskh Arabic", "Noto Sans Arabic"'}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def make_pdf(folder: Path, name: str, lang: str, paragraphs: list[str]) -> Path:
    direction = "rtl" if lang in ("ar", "he", "fa") else "ltr"
    font = FONTS.get(lang, '"Noto Sans", "DejaVu Sans"')
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = (
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        f"<style>body{{font-family:{font};font-size:11pt}}</style></head><body>{body}</body></html>"
    )
    source = folder / f"{name}.html"
    source.write_text(page, encoding="utf-8")
    profile = folder / ".lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", '--infilter=HTML (StarWriter)',
         "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return folder / f"{name}.pdf"
