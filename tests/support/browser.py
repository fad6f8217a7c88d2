"""Debian's Chromium through Playwright for the app's browser tests: one headless browser per
module (the `browser` fixture of tests/conftest.py) and a page of the app opened
as a browser in an interface language opens it, once the app has relabelled itself."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (make system-deps)")


def chromium():
    """A headless Chromium for as long as the generator runs (the `browser` fixture of tests/conftest.py)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--disable-background-networking", "--no-sandbox"]
        )
        yield launched
        launched.close()


def open_app(browser, url: str, lang: str, view: str = "desktop"):
    """A new context (the browser's language `lang`, a VIEWPORTS `view`) on the app at `url` ->
    (context, page), once the interface speaks `lang`. The caller closes the context."""
    from search.ui.i18n import t

    context = browser.new_context(locale=lang, viewport=VIEWPORTS[view])
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("(lang) => document.documentElement.dataset.uiLang === lang", arg=lang, timeout=60_000)
    page.wait_for_function(
        "(text) => document.querySelector('#search-button').innerText.trim() === text",
        arg=t("search_button", lang),
        timeout=30_000,
    )
    return context, page
