"""Real PDFs from HTML with LibreOffice (headless) or Chromium: the workshop's sample plans
(search/ui/demo.py), and the same path for the tests' and benchmarks' generated documents."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from indexer.language import RTL_LANGS


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def html_page(body: str, lang: str, css: str) -> str:
    """A whole HTML document around `body` (already escaped), with its language and direction."""
    direction = "rtl" if lang in RTL_LANGS else "ltr"
    return (
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        f"<style>{css}</style></head><body>{body}</body></html>"
    )


def html_to_pdf(html: Path, timeout: int = 300) -> Path:
    """Convert `html` into a PDF beside it -> its path. Raises FileNotFoundError without
    LibreOffice, subprocess.CalledProcessError or TimeoutExpired when the conversion fails."""
    return html_to_pdf_many([html], html.parent, timeout=timeout)[0]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def html_to_pdf_chromium(htmls: list[Path]) -> list[Path]:
    """Print each HTML file to a PDF beside it with Chromium's print-to-PDF (the browser's
    "Save as PDF"), one browser for all of them -> the PDFs' paths."""
    from playwright.sync_api import sync_playwright

    browser_path = chromium()
    if browser_path is None:
        raise FileNotFoundError("Chromium is not installed")
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=browser_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            page = browser.new_page()
            for html in htmls:
                page.goto(html.resolve().as_uri())
                pdf = html.with_suffix(".pdf")
                page.pdf(
                    path=str(pdf), format="A4", margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"}
                )
                out.append(pdf)
        finally:
            browser.close()
    return out


def html_to_pdf_many(
    htmls: list[Path], outdir: Path, timeout: int = 900, convert_to: str = "pdf:writer_pdf_Export"
) -> list[Path]:
    """LibreOffice: several HTML files in one start-up (to PDF, or to `convert_to`, e.g.
    "docx:MS Word 2007 XML"). Its profile lives in a temporary folder, never in `outdir`
    (which may be a folder the app serves)."""
    import tempfile

    office = soffice()
    if office is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="policy-align-lo-") as profile:
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--infilter=HTML (StarWriter)",
                "--convert-to",
                convert_to,
                "--outdir",
                str(outdir),
                *map(str, htmls),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    return [outdir / f"{h.stem}.{convert_to.split(':')[0]}" for h in htmls]
