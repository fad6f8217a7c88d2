"""Reassigning a match in the app's Align tab, in Chromium: a reviewer moves a statement's match
to another item with a note; the statements table, the JSON report and the reviews file all
carry the move (accept and reject: tests/test_app.py)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support.app_server import serving
from tests.support.browser import needs_chromium

ARTIFACTS = ROOT / "test-artifacts"
PLAN = "\n".join(
    [
        "The city will restore the historic market quarter and reuse its listed buildings as workshops for local craftspeople.",
        "Neighbourhood councils will publish open data on gaps in water and sanitation services every year.",
    ]
)
NOTE = "the workshops are a jobs programme <i>first</i>"
pytestmark = [
    pytest.mark.slow,
    needs_chromium,
]


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    """`policy-align serve` (the real model) on an index of one small text: the Align tab
    aligns pasted text and does not read the index."""
    from indexer.index.builder import IndexBuilder
    from indexer.model import Embedder

    tmp = tmp_path_factory.mktemp("reassign")
    (tmp / "note.txt").write_text("A municipal note on affordable housing.", encoding="utf-8")
    IndexBuilder(tmp / "index", Embedder()).build([tmp / "note.txt"])
    with serving(tmp / "index", env={**os.environ, "GRADIO_TEMP_DIR": str(tmp / "gradio")}) as address:
        yield address


def test_browser_reassign_a_match_with_a_note(browser, url):
    from search.links import citation
    from search.plan import text_sha256
    from search.ui.align_service import reviews_file

    kept = reviews_file(text_sha256(PLAN))  # in the user's cache, as the app keeps them
    kept.unlink(missing_ok=True)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        with browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 1600}) as context:
            page = context.new_page()
            page.goto(url)
            page.get_by_role("tab", name=re.compile("Align")).click()
            page.fill("#plan-text textarea", PLAN)
            page.click("#align-button")
            page.wait_for_function(
                "document.querySelector('#statements').innerText.includes('market quarter')", timeout=180_000
            )
            # the alignment's last step has given the reassign list its items (it also clears the why?)
            page.locator("#reassign-to input").click()
            page.get_by_role("option", name=re.compile(f"^{citation('cairo:1', 'en')} —")).wait_for(timeout=60_000)
            page.keyboard.press("Escape")
            # the first statement's Review button: its why? lists all its matches
            page.locator("#statements .pa-m > button[data-pair^='0|']").first.click()
            page.wait_for_selector("#why details[open] .pa-views li", timeout=30_000)
            first = page.get_attribute("#why details[open]", "data-item")
            matched = page.eval_on_selector_all("#why details", "ds => ds.map(d => d.dataset.item)")
            assert first in matched and first.startswith("cairo:")
            # another Cairo call, one the model did not match to this statement
            target = next(f"cairo:{n}" for n in range(10, 0, -1) if f"cairo:{n}" not in matched)
            page.locator("#decision").get_by_text("Reassign to another item", exact=True).click()
            page.locator("#reassign-to input").click()
            page.get_by_role("option", name=re.compile(f"^{citation(target, 'en')} —")).click()
            assert page.input_value("#reassign-to input").startswith(f"{citation(target, 'en')} —")
            page.fill("#review-note textarea", NOTE)
            page.click("#save-review")
            page.wait_for_function(
                "document.querySelector('#review-status').innerText.includes('Saved')", timeout=60_000
            )
            # the table: the move and its note on the first match (as text), the new item counted
            mark = f"→ {target}"
            page.wait_for_function(
                f"document.querySelector('#statements').innerText.includes({mark!r})", timeout=60_000
            )
            table = page.inner_text("#statements")
            assert f"{mark}: {NOTE}" in table and "<i>" not in page.inner_html("#statements")
            first_row = page.locator("#statements .pa-row").first.inner_text()
            assert citation(target, "en") in first_row  # the reassigned item, read as this statement's support
            assert "reviewer decision(s) on this plan applied" in page.inner_text("#coverage")
            page.screenshot(path=str(ARTIFACTS / "align-reassign.png"), full_page=True)
            # the JSON report
            with page.expect_download() as download:
                page.locator("#downloads a[download='alignment.json']").click()
            report = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
            statement = report["statements"][0]
            by_id = {m["id"]: m for m in statement["matches"]}
            assert by_id[first]["review"] | {"reviewer": "", "time": ""} == {
                "decision": "reassign",
                "reassign_to": target,
                "note": NOTE,
                "reviewer": "",
                "time": "",
            }
            assert target in by_id and "review" not in by_id[target]  # listed among its matches
            items = {i["id"]: i for i in report["items"]}
            assert {"statement": 0, "review": "reassign"}.items() <= next(
                s for s in items[target]["support"] if s["statement"] == 0
            ).items()
            assert all(s["statement"] != 0 for s in items[first]["support"])  # moved away: no longer counted
            assert not any("review" in m for s in report["statements"][1:] for m in s["matches"])
            # the reviews file, kept for the plan and offered beside the reports
            assert page.locator("#downloads a[download='alignment.reviews.jsonl']").count() == 1
            (line,) = [json.loads(x) for x in kept.read_text(encoding="utf-8").splitlines()]
            assert (line["plan_sha256"], line["statement"], line["item"]) == (text_sha256(PLAN), 0, first)
            assert (line["decision"], line["reassign_to"], line["note"]) == ("reassign", target, NOTE)
            assert line["text"] == PLAN.splitlines()[0]
    finally:
        kept.unlink(missing_ok=True)
