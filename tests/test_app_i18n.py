"""The app in each interface language, in Chromium, as a browser in that language opens it
(1366x900 and a 390x844 phone): it starts in the browser's language, every tab is walked (a
search is run), and no visible interface text is still English (Gradio's own texts included)
and, in Arabic, every text container reads right to left (tests/support/ui_audit.py). On the
phone every tab is reachable without the "…" menu."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import ROOT
from tests.support.app_server import start_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LANGS = ("en", "zh", "ar", "fr", "es", "ru")
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
TABS = ("search", "align", "library", "about")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (make system-deps)"),
]


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    """The app on the fake embedder (its own cache: the frameworks' index it builds stays
    there), over one small plan."""
    tmp = tmp_path_factory.mktemp("i18n")
    plan = tmp / "plan.md"
    plan.write_text("# Plan\n\n1. 5,000 affordable rental homes for low-income families.\n", encoding="utf-8")
    env = {**os.environ, "POLICY_ALIGN_CACHE": str(tmp / "cache"), "GRADIO_TEMP_DIR": str(tmp / "gradio")}
    import subprocess
    import sys

    index = tmp / "index"
    subprocess.run(
        [sys.executable, "-m", "tests.support.fake_cli", "index", "build", str(plan), "--index", str(index)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    proc, address = start_app(index, env=env, fake_model=True)
    yield address
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.mark.parametrize("view", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_tab_speaks_the_browsers_language(url, browser, lang, view):
    from tests.support.ui_audit import problems

    context = browser.new_context(locale=lang, viewport=VIEWPORTS[view])
    page = context.new_page()
    try:
        page.goto(url)
        from search.ui.i18n import t

        page.wait_for_function("(lang) => document.documentElement.dataset.uiLang === lang", arg=lang, timeout=60_000)
        page.wait_for_function(  # the relabelling has landed
            "(text) => document.querySelector('#search-button').innerText.trim() === text",
            arg=t("search_button", lang),
            timeout=30_000,
        )
        assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
        page.wait_for_timeout(300)
        found = []
        for tab in TABS:
            button = page.locator(f"#tab-{tab}-button")
            assert button.is_visible(), f"the {tab} tab is hidden"  # not behind "…" on a phone
            button.click()
            page.wait_for_timeout(300)
            if tab == "search":
                page.fill("#query textarea", "housing")
                page.click("#search-button")
                page.wait_for_selector("#results .pa-card", timeout=60_000)
                page.locator("#results details").first.evaluate("d => { d.open = true; }")
                if view == "phone":  # nothing of the cards wider than the phone
                    assert page.evaluate("document.querySelector('#results').scrollWidth") <= 390
            found += [f"{tab}: {p}" for p in problems(page, lang)]
        assert not found, "\n".join(found)
    finally:
        context.close()
