"""Real PDFs from HTML with LibreOffice (headless): the workshop's sample plans, and the
same path for the tests' and benchmarks' generated documents."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

RTL = ("ar", "he", "fa", "ur")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def html_page(body: str, lang: str, css: str) -> str:
    """A whole HTML document around `body` (already escaped), with its language and direction."""
    direction = "rtl" if lang in RTL else "ltr"
    return (f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
            f"<style>{css}</style></head><body>{body}</body></html>")


def html_to_pdf(html: Path, timeout: int = 300) -> Path:
    """Convert `html` into a PDF beside it -> its path. Raises FileNotFoundError without
    LibreOffice, subprocess.CalledProcessError or TimeoutExpired when the conversion fails."""
    office = soffice()
    if office is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    folder = html.parent
    subprocess.run([office, f"-env:UserInstallation=file://{folder / '.lo-profile'}", "--headless",
                    "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder),
                    str(html)], check=True, capture_output=True, timeout=timeout)
    return html.with_suffix(".pdf")
