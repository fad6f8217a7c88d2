"""Moved to search/pdfs.py (the app's demo makes its sample PDFs with it, and the app does not
import the CLI). Kept only for eval/extract_fidelity.py and eval/bench_align.py, which still
import it from here."""

from search.pdfs import chromium, html_page, html_to_pdf, html_to_pdf_chromium, html_to_pdf_many, soffice

__all__ = ["chromium", "html_page", "html_to_pdf", "html_to_pdf_chromium", "html_to_pdf_many", "soffice"]
