"""The web app, served for real on 127.0.0.1: its API through gradio_client, its pages in
Debian's Chromium through Playwright. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support.app_server import serving, start_app
from tests.support.browser import needs_chromium

ARTIFACTS = ROOT / "test-artifacts"
INJECTION = (
    'Municipal note. <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> '
    "[click me](javascript:window.__pwned=3) affordable social housing for low-income families."
)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`policy-align serve` on an index of two sample plans (PDFs by LibreOffice when installed)
    and a text file carrying HTML/JavaScript injection."""
    from indexer.index.builder import IndexBuilder
    from indexer.model import Embedder
    from search.ui.demo import sample_documents

    tmp = tmp_path_factory.mktemp("app")
    from indexer.settings import cache_root

    # where `demo` keeps them: the app links to pages of PDFs in that folder
    samples = [p for p in sample_documents(cache_root() / "samples") if p.stem.startswith(("zh-", "ar-"))]
    (tmp / "injection.txt").write_text(INJECTION, encoding="utf-8")
    index = tmp / "index"
    IndexBuilder(index, Embedder()).build([*samples, tmp / "injection.txt"])
    env = {**os.environ, "GRADIO_TEMP_DIR": str(tmp / "gradio")}
    with serving(index, env=env) as url:
        yield {"url": url, "samples": samples, "tmp": tmp}


def client(server):
    from gradio_client import Client

    return Client(server["url"], verbose=False)


def test_api_search_in_arabic_and_chinese_finds_the_sample_plans(server):
    c = client(server)
    html, _ = c.predict("تطوير المناطق العشوائية وسندات الملكية", "documents", "", False, "en", "", api_name="/search")
    assert "pa-card" in html and "وادي النور" in html
    assert re.search(r'href="/gradio_api/file=[^"]+ar-wadi-noor-plan\.pdf#page=\d"', html)  # a link to the page
    html, _ = c.predict("历史文化街区保护", "all", "", False, "zh", "", api_name="/search")
    assert "<mark>" in html and "河西" in html
    html, _ = c.predict("   ", "all", "", False, "ar", "", api_name="/search")
    assert "pa-error" in html and "Traceback" not in html  # a message in Arabic, not an exception
    assert "اكتب" in html or "أولاً" in html or "سؤال" in html


ALIGN_OUTPUTS = 10  # the /align API's outputs before the review panel's four (added at the end)


def test_api_align_a_sample_plan_and_refuse_bad_uploads(server):
    from gradio_client import handle_file

    c = client(server)
    zh = next(p for p in server["samples"] if p.stem.startswith("zh-"))
    out = c.predict(handle_file(str(zh)), "", "cairo", "en", api_name="/align")
    summary, statements, items, heatmaps, files, printable, error, *filters = out[:ALIGN_OUTPUTS]
    assert not error and "Covered: " in summary and heatmaps.count("<figure") == 1 and filters == ["all"] * 3
    review_pair, _, why, _ = out[ALIGN_OUTPUTS:]  # the review panel, reset with the alignment
    assert review_pair["value"] is None and review_pair["choices"] and why == ""
    names = sorted(Path(f).name for f in files)
    assert names == [
        "alignment.cairo.heatmap.png",  # the framework's heatmap as a picture (write_heatmap)
        "alignment.csv",
        "alignment.en.html",
        "alignment.json",
        "alignment.md",
    ]
    assert Path(printable).name == "alignment.en.html"
    matched = set(re.findall(r'data-pair="\d+\|(cairo:\d+)"', statements))
    assert {"cairo:1", "cairo:6", "cairo:9"} <= matched
    shown = re.search(r"Statements shown: (\d+) of (\d+)", statements)
    assert shown[1] == shown[2] == str(statements.count('<article class="pa-row'))  # one row per statement
    assert "Cairo Action Declaration" in items
    from gradio_client.exceptions import AppError

    bad = server["tmp"] / "plan.exe"
    bad.write_bytes(b"MZ")
    with pytest.raises(AppError, match="Invalid file type"):  # refused by Gradio before our code runs
        c.predict(handle_file(str(bad)), "", "cairo", "en", api_name="/align")
    fake = server["tmp"] / "fake.pdf"
    fake.write_text("<html><body>not a pdf</body></html>", encoding="utf-8")
    *_, error, _, _, _ = c.predict(handle_file(str(fake)), "", "cairo", "en", api_name="/align")[:ALIGN_OUTPUTS]
    assert "pa-error" in error and "Traceback" not in error
    assert "/tmp" not in error and "policy-align-" not in error, error  # no server folders in messages
    *_, error, _, _, _ = c.predict(None, "", "cairo", "fr", api_name="/align")[:ALIGN_OUTPUTS]
    assert "pa-error" in error and "Traceback" not in error


@needs_chromium
def test_browser_search_align_download_rtl_and_inert_injection(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    with browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 1600}) as context:
        page = context.new_page()
        outside: list[str] = []  # the app must work offline: nothing may be fetched from elsewhere

        def only_loopback(route):
            if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_loopback)
        page.goto(server["url"])
        # search in Arabic, then in Chinese
        page.fill("#query textarea, #query input", "تمويل البلديات والسندات الخضراء")
        page.click("#search-button")
        page.wait_for_selector("#results .pa-card", timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "search-ar.png"), full_page=True)
        page.fill("#query textarea, #query input", "保障性租赁住房")
        page.click("#search-button")
        page.wait_for_function("document.querySelector('#results').innerText.includes('河西')", timeout=60_000)
        # the injection document is shown as text and runs nothing
        page.fill("#query textarea, #query input", "affordable social housing municipal note")
        page.click("#search-button")
        page.wait_for_function("document.querySelector('#results').innerText.includes('<script>')", timeout=60_000)
        assert page.evaluate("window.__pwned") is None
        assert page.locator("#results img").count() == 0 and page.locator("#results script").count() == 0
        assert page.locator("#results a[href^='javascript']").count() == 0
        # pasted statements with markup stay inert in the table too
        page.get_by_role("tab", name=re.compile("Align")).click()
        page.fill("#plan-text textarea", INJECTION)
        page.click("#align-button")
        page.wait_for_function("document.querySelector('#statements').innerText.includes('<script>')", timeout=120_000)
        assert page.evaluate("window.__pwned") is None
        # align a plan and download the CSV
        zh = next(p for p in server["samples"] if p.stem.startswith("zh-"))
        page.set_input_files("#plan-file input[type=file]", str(zh))
        page.click("#align-button")
        page.wait_for_function("document.querySelector('#statements').innerText.includes('保障性')", timeout=120_000)
        page.screenshot(path=str(ARTIFACTS / "align.png"), full_page=True)
        with page.expect_download() as download:
            page.locator("#downloads a[download='alignment.csv']").click()
        csv_path = ARTIFACTS / "alignment.csv"
        download.value.save_as(csv_path)
        assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf") and "保障性" in csv_path.read_text(
            encoding="utf-8-sig"
        )
        for tab in ("Library", "About"):
            page.get_by_role("tab", name=re.compile(tab)).click()
            page.screenshot(path=str(ARTIFACTS / f"{tab.lower()}.png"), full_page=True)
        # switch the interface to Arabic: right-to-left, labels translated
        page.locator("#ui-language input").click()
        page.get_by_role("option", name="العربية").click()
        page.wait_for_function("document.documentElement.dir === 'rtl'", timeout=30_000)
        assert page.evaluate("document.documentElement.lang") == "ar"
        # file names keep their order in Arabic ("alignment.csv", not "csv.alignment"); a heatmap PNG per framework
        page.click("#tab-align-button")
        names = page.evaluate(
            """() => [...document.querySelectorAll('#plan-file .filename, #downloads .filename')].map((el) => {
                const stem = el.querySelector('.stem').getBoundingClientRect();
                const ext = el.querySelector('.ext').getBoundingClientRect();
                return {text: el.textContent.replace(/\\s+/g, ''), dir: getComputedStyle(el).direction, stemFirst: stem.left < ext.left};
            })"""
        )
        Path("/tmp/app-shots").mkdir(exist_ok=True)
        page.locator("#downloads").scroll_into_view_if_needed()
        page.screenshot(path="/tmp/app-shots/ar-align-downloads.png")
        assert names and all(n["dir"] == "ltr" and n["stemFirst"] for n in names), names
        assert {"alignment.csv", "alignment.cairo.heatmap.png", zh.name} <= {n["text"] for n in names}, names
        page.get_by_role("tab", name="حول التطبيق والمنهجية").click()  # the method text follows the language too
        page.wait_for_function("document.querySelector('#about').innerText.includes('multilingual-e5-small')")
        assert "القاهرة" in page.inner_text("#about")
        page.screenshot(path=str(ARTIFACTS / "about-ar.png"), full_page=True)
        page.get_by_role("tab", name="البحث").click()  # tab names follow the interface language
        page.wait_for_function("document.querySelector('#search-button').innerText.trim() === 'بحث'", timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "search-rtl.png"), full_page=True)
    assert outside == []


REVIEWED_PLAN = "\n".join(
    [
        "The municipality will upgrade informal settlements and give every household secure tenure and a title deed.",
        "We will build 5,000 affordable social rental homes for low-income families by 2030.",
        "ستصدر البلدية سندات خضراء لتمويل شبكة الصرف الصحي والنقل العام في الأحياء الفقيرة.",
    ]
)


def _choose_match(page, n: int) -> None:
    """Choose the n-th match from the review panel's list (as a keyboard user would)."""
    before, before_number = page.evaluate(  # what the panel shows now, if anything
        "() => [document.querySelector('#why details[open]')?.dataset.item ?? null,"
        " document.querySelector('#why .pa-why-statement .pa-num')?.innerText.trim() ?? null]"
    )
    page.locator("#review-pair input").click()
    page.get_by_role("option").nth(n).click()
    number = page.input_value("#review-pair input").split(" ")[0]  # "#2 Cairo 1 · strong …"
    page.wait_for_function(  # until the panel shows that match, not the one before
        "([number, before, beforeNumber]) => {"
        " const shown = document.querySelector('#why .pa-why-statement .pa-num')?.innerText.trim();"
        " const item = document.querySelector('#why details[open]')?.dataset.item;"
        " return shown === number && item && (item !== before || shown !== beforeNumber); }",
        arg=[number, before, before_number],
        timeout=30_000,
    )


def _save(page, decision: str, note: str, saved: str) -> None:
    page.locator("#decision").get_by_text(decision, exact=True).click()
    page.fill("#review-note textarea", note)
    page.click("#save-review")
    page.wait_for_function(f"document.querySelector('#review-status').innerText.includes({saved!r})", timeout=60_000)


@pytest.mark.slow
@needs_chromium
def test_browser_why_and_review_a_match_kept_when_aligned_again(browser, server):
    """Align a pasted plan, open a match's why?, reject one match and accept another; the
    decisions show in the table, the JSON report and the reviews file, and survive aligning
    the same text again; in Arabic and on a phone the panel reads right to left."""

    from search.plan import text_sha256
    from search.ui.align_service import reviews_file

    kept = reviews_file(text_sha256(REVIEWED_PLAN))  # in the user's cache, as the app keeps them
    kept.unlink(missing_ok=True)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        with browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 1600}) as context:
            page = context.new_page()
            page.goto(server["url"])
            page.get_by_role("tab", name=re.compile("Align")).click()
            page.fill("#plan-text textarea", REVIEWED_PLAN)
            page.click("#align-button")
            page.wait_for_function(
                "document.querySelector('#statements').innerText.includes('title deed')", timeout=120_000
            )
            # a row's Review button chooses its match: its why? opens with the rule and the nearest views
            page.locator("#statements .pa-m > button[data-pair]").first.click()
            page.wait_for_selector("#why details[open] .pa-views li", timeout=30_000)
            why = page.inner_text("#why details[open]")
            assert "Rule" in why and re.search(r"(strong|partial|none): ", why) and "P(topic)" in why
            assert "cosine" in why and "Largest feature effects" in why
            first = page.get_attribute("#why details[open]", "data-item")
            _save(page, "Reject", "not about tenure <b>at all</b>", "Saved")
            page.wait_for_function("document.querySelector('#statements').innerText.includes('✗ rejected')")
            assert "reviewer decision(s) on this plan applied" in page.inner_text("#coverage")
            _choose_match(page, 1)  # the next match, from the list
            second = page.get_attribute("#why details[open]", "data-item")
            second_statement = _statement(page)
            _save(page, "Accept", "", "Saved")
            page.wait_for_function("document.querySelector('#statements').innerText.includes('✓ accepted')")
            assert "✗ rejected: not about tenure <b>at all</b>" in page.inner_text("#statements")  # as text
            page.screenshot(path=str(ARTIFACTS / "align-review.png"), full_page=True)
            # the reports and the decisions, downloadable beside them
            with page.expect_download() as download:
                page.locator("#downloads a[download='alignment.json']").click()
            report = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
            decisions = {
                (s["index"], m["id"]): m["review"]["decision"]
                for s in report["statements"]
                for m in s["matches"]
                if "review" in m
            }
            assert decisions == {(0, first): "reject", (second_statement, second): "accept"}
            assert page.locator("#downloads a[download='alignment.reviews.jsonl']").count() == 1
            lines = [json.loads(line) for line in kept.read_text(encoding="utf-8").splitlines()]
            assert [r["decision"] for r in lines] == ["reject", "accept"]
            assert lines[0]["note"] == "not about tenure <b>at all</b>" and lines[0]["text"].endswith("title deed.")
            # aligned again (as after a restart: the decisions are read from the cache)
            page.click("#align-button")
            page.wait_for_function("document.querySelector('#why').innerText.trim() === ''", timeout=120_000)
            page.wait_for_function(
                "document.querySelector('#statements').innerText.includes('✗ rejected')"
                " && document.querySelector('#statements').innerText.includes('✓ accepted')",
                timeout=120_000,
            )
            # in Arabic: labels translated, the panel right to left, the plan's text in its own direction
            page.locator("#ui-language input").click()
            page.get_by_role("option", name="العربية").click()
            page.wait_for_function("document.documentElement.dir === 'rtl'", timeout=30_000)
            page.wait_for_function(
                "document.querySelector('#statements .pa-align')?.dir === 'rtl'"
                " && document.querySelector('#statements').innerText.includes('تطابق')"
            )  # the statements view follows the language
            _choose_match(page, 0)
            assert page.get_attribute("#why .pa-why", "dir") == "rtl"
            assert "القاعدة" in page.inner_text("#why") and "✗ مرفوضة" in page.inner_text("#why")
            assert page.locator("#save-review").inner_text().strip() == "حفظ القرار"
            page.screenshot(path=str(ARTIFACTS / "align-review-ar.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 844})  # a phone
            for part, name in (
                ("#why", "align-review-phone-ar.png"),
                ("#decision", "align-review-phone-ar-decision.png"),
            ):
                page.locator(part).evaluate("e => e.scrollIntoView({block: 'start'})")
                page.screenshot(path=str(ARTIFACTS / name))
            box = page.locator("#save-review").bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390  # usable on a phone
    finally:
        kept.unlink(missing_ok=True)


PROGRESS_JS = r"""() => {
  window.__progress = []; window.__bars = 0;
  new MutationObserver(() => {
    const trackers = Array.from(document.querySelectorAll('[data-testid=status-tracker]'))
      .filter((e) => e.offsetParent !== null && /%|\d+\/\d+/.test(e.innerText));
    window.__bars = Math.max(window.__bars, trackers.length);
    for (const e of trackers) window.__progress.push(e.innerText.replace(/\s+/g, ' '));
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
# the containers of the Align tab's views: in Arabic each must be laid out right to left
RTL_CONTAINERS = "#statements .pa-row, #statements .pa-m, #statements .pa-count, #heatmaps figure, #heatmaps table"


@pytest.mark.slow
@needs_chromium
def test_browser_align_view_sample_plan_one_bar_filters_printable_rtl_and_phone(browser, server):
    """The trainer's button aligns the sample plan of the interface language behind one progress
    bar with real steps; one row per statement (unmatched too) with strength in words; filters;
    a heatmap per framework; the printable report; Arabic right to left; nothing wider than a phone."""

    shots = ROOT / "test-artifacts"
    shots.mkdir(exist_ok=True)
    with browser.new_context(accept_downloads=True, viewport={"width": 1366, "height": 900}) as context:
        page = context.new_page()
        page.goto(server["url"])
        page.wait_for_selector("#ui-language")
        page.click("#tab-align-button")
        page.evaluate(PROGRESS_JS)
        page.click("#align-sample")
        page.wait_for_selector("#statements .pa-row", timeout=300_000)
        assert "en-port-amara-plan" in page.inner_text("#plan-file")
        seen = " | ".join(page.evaluate("window.__progress"))
        assert re.search(r"Embedding statements \d+/17", seen) and "Scoring the statements" in seen, seen
        assert page.evaluate("window.__bars") == 1  # one bar, not one per output
        rows = page.locator("#statements .pa-row")
        assert rows.count() == 17  # every statement, unmatched ones too
        assert page.locator("#statements .pa-r-none").count() >= 1
        text = page.inner_text("#statements")
        assert "strong match" in text and "no match" in text and "Supports:" in text and "17 of 17" in text
        assert page.locator("#heatmaps figure").count() == 1  # Cairo alone: one figure
        page.locator("#align-view-strength").get_by_text("no match", exact=True).click()
        page.wait_for_function("document.querySelectorAll('#statements .pa-row').length < 17")
        assert page.locator("#statements .pa-row").count() == page.locator("#statements .pa-r-none").count()
        page.locator("#align-view-strength").get_by_text("All", exact=True).click()
        page.wait_for_function("document.querySelectorAll('#statements .pa-row').length === 17")
        page.screenshot(path=str(shots / "align-view-en.png"), full_page=True)
        with page.expect_download() as download:
            page.click("#align-print")
        printable = Path(download.value.path()).read_text(encoding="utf-8")
        assert '<html lang="en" dir="ltr">' in printable and "@media print" in printable
        assert printable.count("<tr><td>") == 17 and "Framework item and its text" in printable
        # in Arabic: every container of the view right to left, the Arabic sample plan
        page.locator("#ui-language input").click()
        page.get_by_role("option", name="العربية").click()
        page.wait_for_function("document.querySelector('#statements .pa-align')?.dir === 'rtl'", timeout=30_000)
        page.click("#align-sample")
        page.wait_for_function(
            "document.querySelector('#plan-file').innerText.includes('ar-wadi-noor')"
            " && document.querySelector('#statements').innerText.includes('وادي النور')",  # the Arabic plan's rows
            timeout=300_000,
        )
        page.wait_for_selector("#statements .pa-row")
        directions = page.evaluate(
            f"Array.from(document.querySelectorAll({RTL_CONTAINERS!r})).map((e) => getComputedStyle(e).direction)"
        )
        assert directions and set(directions) == {"rtl"}
        page.screenshot(path=str(shots / "align-view-ar.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
        page.wait_for_timeout(500)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        widest = page.evaluate(
            "Math.max(...Array.from(document.querySelectorAll('#statements *, #heatmaps *, #coverage-items *'))"
            ".map((e) => e.getBoundingClientRect().right))"
        )
        assert widest <= 390
        page.locator("#statements").evaluate("e => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(shots / "align-view-phone-ar.png"))
        page.locator("#heatmaps").evaluate("e => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(shots / "align-heatmap-phone-ar.png"))


def _statement(page) -> int:
    """The statement (index) whose why? is open, from its number in the panel ("#2 …")."""
    return int(page.inner_text("#why .pa-why-statement .pa-num").lstrip("#")) - 1


def test_api_library_add_and_remove_a_document(server, tmp_path):
    from gradio_client import handle_file

    c = client(server)
    doc = tmp_path / "note.md"
    doc.write_text("# Note\n\n1. Piloto de presupuestos participativos en tres distritos.\n", encoding="utf-8")
    status, rows, phone_list, *_ = c.predict([handle_file(str(doc))], "es", api_name="/add_documents")
    assert "pa-ok" in status and "1" in status
    assert ">Note</b>" in phone_list and "Páginas" in phone_list  # the phone's list: titles, no hashes
    added = [r for r in rows["data"] if r[1] == "Note"]
    assert len(added) == 1
    html, _ = c.predict("presupuestos participativos", "documents", "", False, "en", "", api_name="/search")
    assert "Piloto de presupuestos" in html
    status, rows, *_ = c.predict(added[0][0], "es", api_name="/remove_document")
    assert "pa-ok" in status and not [r for r in rows["data"] if r[1] == "Note"]


@needs_chromium
def test_files_added_or_uploaded_are_served_inert(browser, server, tmp_path):
    """HTML, SVG and a PDF with JavaScript, added through the Library or only uploaded: opened
    from the app's origin in Chromium, none runs a script; every response is typed and nosniff."""
    import hashlib

    import httpx
    from gradio_client import handle_file
    from playwright.sync_api import Error as BrowserError
    from pypdf import PdfReader, PdfWriter
    from pypdf.actions import JavaScript

    from indexer.settings import cache_root
    from tests.support.pdfs import write_pdf

    script = "<script>alert('html'); window.__pwned = 1</script>"
    html = tmp_path / "evil.html"
    html.write_text(f"<html><body><p>1. Evil municipal note on parks.</p>{script}</body></html>", encoding="utf-8")
    svg = tmp_path / "evil.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'svg\')"><script>alert(1)</script></svg>',
        encoding="utf-8",
    )
    writer = PdfWriter(clone_from=PdfReader(write_pdf(tmp_path / "plain.pdf", [["1. Parks in every district."]])))
    writer.add_open_action(JavaScript("app.alert('pdf');"))
    writer.write(tmp_path / "evil.pdf")
    c = client(server)
    status, *_ = c.predict(
        [handle_file(str(html)), handle_file(str(tmp_path / "evil.pdf"))], "en", api_name="/add_documents"
    )
    assert "pa-ok" in status, status
    digest = {p: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in (html, tmp_path / "evil.pdf")}
    urls = [
        f"{server['url']}gradio_api/file={cache_root() / 'library-files' / (digest[html] + '.html')}",
        f"{server['url']}gradio_api/file={cache_root() / 'library' / (digest[tmp_path / 'evil.pdf'] + '.pdf')}",
    ]
    with open(html, "rb") as h, open(svg, "rb") as s:  # Gradio keeps uploads it was sent, wherever they go next
        uploaded = httpx.post(
            f"{server['url']}gradio_api/upload",
            files=[("files", ("evil.html", h, "text/html")), ("files", ("evil.svg", s, "image/svg+xml"))],
        )
    urls += [f"{server['url']}gradio_api/file={path}" for path in uploaded.json()]
    responses = [httpx.get(url) for url in urls]
    assert responses[0].status_code == 403  # added HTML is kept outside the served folders
    for response in responses[1:]:
        assert response.status_code == 200, response.url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in response.headers["content-security-policy"]
        pdf = str(response.url).endswith(".pdf")
        assert response.headers["content-type"] == ("application/pdf" if pdf else "application/octet-stream")
        assert response.headers["content-disposition"].startswith("inline" if pdf else "attachment")
    dialogs: list[str] = []
    with browser.new_context(accept_downloads=True) as context:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in urls:
            try:
                page.goto(url, wait_until="load", timeout=15_000)
                page.wait_for_timeout(500)
                assert page.evaluate("window.__pwned") is None, url
            except BrowserError as exc:
                assert "Download is starting" in str(exc) or "net::ERR_ABORTED" in str(exc), exc
    assert dialogs == []
    assert not [p for p in (cache_root() / "samples").iterdir() if p.is_dir()]  # no LibreOffice profile served
    for path, name in digest.items():
        c.predict(name + path.suffix, "en", api_name="/remove_document")


def test_auth_protects_a_shared_instance(tmp_path):
    from gradio_client import Client

    (tmp_path / "tmp").mkdir()
    proc, url = start_app(
        tmp_path / "none", "--auth", "trainer:s3cret", env={**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    )
    try:
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises several types on refusal
            Client(url, verbose=False)  # no credentials: the app does not answer
        with pytest.raises(Exception):  # noqa: B017
            Client(url, auth=("trainer", "wrong"), verbose=False)
        html, _ = Client(url, auth=("trainer", "s3cret"), verbose=False).predict(
            "affordable housing", "cairo", "", False, "en", "", api_name="/search"
        )
        assert "pa-card" in html  # no document index: the frameworks are still searchable
        assert list((tmp_path / "tmp").glob("policy-align-*"))  # the app's folder for uploads and reports
    finally:
        proc.terminate()  # SIGTERM, as a service manager stops it
        proc.wait(timeout=30)
    assert not list((tmp_path / "tmp").glob("policy-align-*"))  # removed as on Ctrl-C


def test_upload_checks_size_pages_and_type(tmp_path, monkeypatch):
    from pypdf import PdfWriter

    from search.ui import uploads
    from search.ui.uploads import UploadError, check_upload

    many = tmp_path / "long.pdf"
    writer = PdfWriter()
    for _ in range(uploads.MAX_PLAN_PAGES + 1):
        writer.add_blank_page(200, 200)
    writer.write(many)
    with pytest.raises(UploadError) as err:
        check_upload(many)
    assert err.value.key == "error_pages" and err.value.values["pages"] == uploads.MAX_PLAN_PAGES + 1
    monkeypatch.setattr(uploads, "MAX_UPLOAD_MB", 0)
    small = tmp_path / "plan.txt"
    small.write_text("1. Housing.", encoding="utf-8")
    with pytest.raises(UploadError, match="error_file_size"):
        check_upload(small)
    with pytest.raises(UploadError, match="error_file_type"):
        check_upload(tmp_path / "plan.exe")
    monkeypatch.setattr(uploads, "MAX_UPLOAD_MB", 25)
    from indexer.extract.load import SUPPORTED

    for suffix in set(SUPPORTED) - {".pdf"}:  # every kind `index build` reads (".markdown" was refused)
        upload = tmp_path / f"plan{suffix}"
        upload.write_text("1. Housing.", encoding="utf-8")
        check_upload(upload)


# where the closing bracket of the first visible text node ending in "年）" inside `selector` is
# drawn against the "年" before it (the title's last two characters)
BRACKET_JS = """(selector) => {
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf('年）');
      if (at < 0 || !node.parentElement.checkVisibility()) continue;
      const x = (start) => {
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + 1);
        return range.getBoundingClientRect().left;
      };
      return {year: x(at), bracket: x(at + 1), text: node.data};
    }
  }
  return null;
}"""


@needs_chromium
def test_a_chinese_title_keeps_its_closing_bracket_in_the_arabic_interface(browser, server):
    """The Chinese sample plan's title, "河西市…规划（2026—2035年）", in the Arabic interface's Library
    table and the Search tab's list of documents: laid out in its own direction, not the
    interface's, so its closing bracket stays after "年" instead of jumping to the far end."""
    from tests.support.browser import open_app

    context, page = open_app(browser, server["url"], "ar")
    try:
        page.click("#tab-library-button")
        page.wait_for_selector("#library [role=gridcell]", timeout=30_000)
        where = page.evaluate(BRACKET_JS, "#library")
        assert where and where["year"] < where["bracket"], where
        page.click("#tab-search-button")
        # no document chosen: its "—" has no direction of its own and stays on the interface's
        # side, clear of the arrow on the left (a value laid out by its own text went left)
        align = page.locator("#search-doc input").evaluate(
            "e => { const s = getComputedStyle(e); return [s.textAlign, s.direction, s.unicodeBidi]; }"
        )
        assert align[0] == "right" or (align[0] == "start" and align[1:] == ["rtl", "normal"]), align
        page.locator("#search-doc input").click()
        page.wait_for_selector("[role=option]", timeout=10_000)
        where = page.evaluate(BRACKET_JS, "[role=listbox], [role=option]")
        assert where and where["year"] < where["bracket"], where
        page.locator("[role=option]", has_text="年）").click()
        value = page.locator("#search-doc input")
        assert value.input_value().endswith("年）")
        assert value.evaluate("e => getComputedStyle(e).unicodeBidi") == "plaintext"  # the chosen title too
    finally:
        context.close()
