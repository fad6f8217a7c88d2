"""The app in each interface language, in Chromium, as a browser in that language opens it
(1366x900 and a 390x844 phone): it starts in the browser's language, every tab is walked (a
search is run), and no visible interface text is still English (Gradio's own texts included)
and, in Arabic, every text container reads right to left (tests/support/ui_audit.py). On the
phone every tab is reachable without the "…" menu."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support.app_server import serving
from tests.support.browser import VIEWPORTS, needs_chromium, open_app

LANGS = ("en", "zh", "ar", "fr", "es", "ru")
TABS = ("search", "align", "library", "about")
pytestmark = [pytest.mark.slow, needs_chromium]


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
    with serving(index, env=env, fake_model=True) as address:
        yield address


@pytest.mark.parametrize("view", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_tab_speaks_the_browsers_language(url, browser, lang, view):
    from tests.support.ui_audit import problems

    context, page = open_app(browser, url, lang, view)  # once the relabelling has landed
    try:
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


SHOTS = Path("/tmp/app-shots")


@pytest.mark.parametrize("lang", ["zh", "ar"])
def test_the_library_on_a_phone_is_a_list_of_titles_without_hashes(url, browser, lang):
    """390x844: the documents as a list of titles (no id column, nothing to scroll sideways);
    "Remove" offers them by title."""
    import re

    context, page = open_app(browser, url, lang, "phone")
    try:
        page.click("#tab-library-button")
        page.wait_for_selector("#library-compact li", timeout=30_000)
        assert not page.locator("#library").is_visible()  # the table with its hash column
        text = page.inner_text("#tab-library") if page.locator("#tab-library").count() else page.inner_text("body")
        assert "Plan" in page.inner_text("#library-compact") and not re.search(r"\b[0-9a-f]{12,}\b", text)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.click("#library-remove input")
        options = page.locator("[role=option]").all_inner_texts()
        assert [o.strip() for o in options] == ["Plan"], options
        page.keyboard.press("Escape")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{lang}-phone-library.png"), full_page=True)
    finally:
        context.close()


# what scrolls sideways in an element (a scroller whose content is wider than it), and each word
# of a cell broken across two lines ("الإنكليز|ية", "француз|ский")
OVERFLOW_JS = """(selector) => {
  const root = document.querySelector(selector);
  const wide = [root, ...root.querySelectorAll('*')]
    .filter((e) => e.offsetParent !== null && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => `${e.className} ${e.clientWidth}px < ${e.scrollWidth}px`);
  const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('[role=gridcell],[role=columnheader]')) continue;
    for (const m of node.data.matchAll(/[^\\s,،]+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  const right = root.getBoundingClientRect().right;
  return {wide, broken, right};
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_frameworks_table_fits_a_phone(url, browser, lang):
    """390x844: the Library's frameworks table (framework, language, versions) fits the screen:
    nothing in it scrolls sideways, and no word of a cell is broken across lines."""
    context, page = open_app(browser, url, lang, "phone")
    try:
        page.click("#tab-library-button")
        page.wait_for_selector("#library-frameworks [role=gridcell]", timeout=30_000)
        page.locator("#library-frameworks").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        found = page.evaluate(OVERFLOW_JS, "#library-frameworks")
        assert not found["wide"], found["wide"]  # the table scrolls sideways
        assert not found["broken"], found["broken"]
        assert found["right"] <= 390 and page.evaluate("document.documentElement.scrollWidth") <= 390
        if lang == "ar":
            SHOTS.mkdir(exist_ok=True)
            page.locator("#library-frameworks").screenshot(path=str(SHOTS / "ar-phone-frameworks.png"))
    finally:
        context.close()


def test_api_library_attaches_an_official_framework_text(url, tmp_path):
    """The Library's "Add an official framework text" (as corpus add): a whole text is kept and
    listed as official; one missing a call changes nothing and says so in the interface language."""
    from gradio_client import Client, handle_file

    paragraphs = ["Cairo Action Declaration", "We, the participants of the World Urban Forum held in Cairo:"]
    for n in range(1, 11):
        paragraphs += [f"{n}.", f"We call for action number {n}", f"Body of call {n}, about cities and communities."]
    whole = tmp_path / "cairo-en.txt"
    whole.write_text("\n\n".join(paragraphs), encoding="utf-8")
    partial = tmp_path / "cairo-en-partial.txt"
    partial.write_text("\n\n".join(paragraphs[:-6]), encoding="utf-8")  # call 10 missing
    c = Client(url, verbose=False)
    status, table = c.predict(handle_file(str(partial)), "cairo", "en", "fr", api_name="/add_official_text")
    assert "pa-error" in status and "action du Caire" in status and "Rien n’a changé" in status and "/tmp" not in status
    assert "data" not in (table or {})  # the frameworks table is left as it was
    status, table = c.predict(handle_file(str(whole)), "cairo", "en", "fr", api_name="/add_official_text")
    assert "pa-ok" in status and "10" in status, status
    assert table["headers"] == ["Cadre", "Langue", "Versions"]  # not the English ones it was built with
    cairo_en = [r for r in table["data"] if "Caire" in r[0] and r[1] == "anglais"]
    assert cairo_en and "officielle" in cairo_en[0][2], table["data"]
    html, _ = c.predict("call for action number 6", "cairo", "en", False, "en", "", api_name="/search")
    assert "Body of call 6" in html  # searches read the new text
