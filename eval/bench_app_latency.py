"""Results on screen after Enter, measured in the browser: the app (`policy-align serve`, the
real model) on an index of the sample plans, driven by Debian's Chromium through Playwright
(as the browser tests do). For each question: type it in the Search tab, press Enter, and time
in the page from the keydown of Enter to the frame after the new result cards are in #results
and Gradio no longer marks it pending. Where the time goes: the server is started with timing
hooks around the Search tab's work (SearchService.results, page_image, page_link and
result_cards; within results, SearchEngine.search and its Highlighter; logged per call), so
each row splits into the server's own work, the time until the new cards arrive in the page
(request, Gradio's queue, the answer's transfer and Svelte's update) and the time from there
to the frame on screen.

    python eval/bench_app_latency.py [--index DIR] [--rounds 1] [--lang en]

Without --index the four sample plans (the PDFs `policy-align demo` makes, in the cache) are
indexed into a temporary folder first. The first search of the server (which loads what the
first question needs) is done before the timed ones and reported on its own line.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from tests.support.app_server import ROOT, free_port, wait_for

TARGET_MS = 500
WARM_UP = "affordable housing"
# 24 questions, four in each interface language: topics of the sample plans and the frameworks,
# and items named by their citation
QUERIES = (
    ("en", "flood protection and drainage"),
    ("en", "affordable rental housing for low-income families"),
    ("en", "Cairo call 6"),
    ("en", "participation of young people in planning decisions"),
    ("zh", "历史文化街区保护"),
    ("zh", "保障性租赁住房"),
    ("zh", "开罗宣言 6"),
    ("zh", "城市更新与城中村改造"),
    ("ar", "تمويل البلديات والسندات الخضراء"),
    ("ar", "الإسكان الميسور للأسر ذات الدخل المنخفض"),
    ("ar", "إعلان القاهرة 6"),
    ("ar", "إدارة مياه الأمطار والفيضانات"),
    ("fr", "logement social et accessible"),
    ("fr", "participation citoyenne aux décisions"),
    ("fr", "Nouveau Programme pour les villes 137"),
    ("fr", "transports publics et mobilité durable"),
    ("es", "participación de los jóvenes en las decisiones"),
    ("es", "vivienda asequible y segura"),
    ("es", "ODS 11.1"),
    ("es", "gestión de residuos sólidos"),
    ("ru", "данные о неформальных поселениях"),
    ("ru", "доступное жильё для семей с низкими доходами"),
    ("ru", "Каирская декларация призыв 6"),
    ("ru", "зелёные зоны и общественные пространства"),
)

# In the page: the time of the Enter keydown in the question, and of the frame after #results
# shows new cards (or a message) and is no longer pending.
PROBE_JS = """() => {
  window.__bench = {start: null, changed: null, end: null};
  const box = document.querySelector('#query textarea');
  const results = document.querySelector('#results');
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) window.__bench.start = performance.now();
  }, {capture: true, once: true});
  const pending = () => results.classList.contains('pending') || results.querySelector('.pending, .eta-bar, .progress-text') !== null;
  const shown = () => results.querySelector('.pa-results, .pa-empty, .pa-error');
  const previous = shown() ? shown().outerHTML : '';
  const arrived = () => shown() !== null && shown().outerHTML !== previous;
  const done = () => arrived() && !pending();
  const observer = new MutationObserver(() => {
    if (window.__bench.start === null || window.__bench.end !== null) return;
    if (window.__bench.changed === null && arrived()) window.__bench.changed = performance.now();
    if (!done()) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__bench.end = performance.now(); }));
  });
  observer.observe(results, {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def build_index(folder: Path) -> Path:
    from indexer.index.builder import IndexBuilder
    from indexer.model import Embedder
    from indexer.settings import cache_root
    from search.ui.demo import sample_documents

    samples = sample_documents(cache_root() / "samples")  # the PDFs `policy-align demo` makes
    IndexBuilder(folder, Embedder()).build(samples)
    return folder


def in_browser(page, query: str) -> tuple[float, float]:
    """(ms from Enter to the new cards in #results, ms from Enter to them on screen)."""
    page.fill("#query textarea", query)
    page.evaluate(PROBE_JS)
    page.press("#query textarea", "Enter")
    page.wait_for_function("() => window.__bench.end !== null", timeout=120_000)
    b = page.evaluate("window.__bench")
    return b["changed"] - b["start"], b["end"] - b["start"]


# the Search tab's work, one after the other (their times add up to the server's work) ...
HOOKED = ("SearchService.results", "SearchService.page_image", "SearchService.page_link", "search_tab.result_cards")
# ... and parts of SearchService.results
INSIDE = ("SearchEngine.search", "Highlighter.__call__")


def timing_hooks(log: str) -> None:
    """In the server process: time each call of HOOKED into `log` (JSON lines: name, ms, query)."""
    import json
    import time as clock

    from search.engine import SearchEngine
    from search.highlight import Highlighter
    from search.ui import search_tab
    from search.ui.search_service import SearchService

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            start = clock.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                ms = (clock.perf_counter() - start) * 1000
                query = args[1] if name == "SearchService.results" else ""
                chunks = len(args[1]) if name == "Highlighter.__call__" else 0
                record = {"name": name, "ms": ms, "query": query, "chunks": chunks}
                with open(log, "a", encoding="utf-8") as out:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")

        return wrapper

    for name in ("results", "page_image", "page_link"):
        setattr(SearchService, name, timed(f"SearchService.{name}", getattr(SearchService, name)))
    search_tab.result_cards = timed("search_tab.result_cards", search_tab.result_cards)
    SearchEngine.search = timed("SearchEngine.search", SearchEngine.search)
    Highlighter.__call__ = timed("Highlighter.__call__", Highlighter.__call__)


def start_timed_app(index: Path, log: Path, env: dict):
    """`policy-align serve --index INDEX` with timing_hooks(log) -> (process, URL)."""
    import subprocess

    port = free_port()
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); from eval.bench_app_latency import timing_hooks; "
        f"timing_hooks({str(log)!r}); import app; sys.exit(app.main(sys.argv[1:]))"
    )
    args = [sys.executable, "-c", code, "serve", "--index", str(index), "--port", str(port), "--no-browser"]
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, proc, 240)
    except RuntimeError:
        proc.kill()
        raise
    return proc, f"http://127.0.0.1:{port}/"


def server_ms(log: Path, seen: int) -> tuple[dict[str, float], int]:
    """The hooked calls logged after line `seen`: (ms per hook and the chunks highlighted, added up;
    lines now)."""
    import json

    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    out = dict.fromkeys((*HOOKED, *INSIDE, "chunks highlighted"), 0.0)
    for line in lines[seen:]:
        record = json.loads(line)
        out[record["name"]] += record["ms"]
        out["chunks highlighted"] += record.get("chunks", 0)
    return out, len(lines)


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, help="an existing index (default: the sample plans, indexed now)")
    parser.add_argument("--rounds", type=int, default=1, help="times each question is asked (default 1)")
    parser.add_argument("--lang", default="en", help="the interface language of the browser (default en)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Debian chromium is not installed (make system-deps)")
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-app-"))
    proc = None
    try:
        started = time.perf_counter()
        index = args.index or build_index(tmp / "index")
        indexed = time.perf_counter() - started
        env = {**os.environ, "GRADIO_TEMP_DIR": str(tmp / "gradio")}
        started = time.perf_counter()
        log = tmp / "server-timings.jsonl"
        proc, url = start_timed_app(index, log, env)
        listening = time.perf_counter() - started
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            context = browser.new_context(locale=args.lang, viewport={"width": 1366, "height": 900})
            page = context.new_page()
            page.goto(url)
            page.wait_for_function(
                "(lang) => document.documentElement.dataset.uiLang === lang", arg=args.lang, timeout=60_000
            )
            page.wait_for_selector("#query textarea")
            first = in_browser(page, WARM_UP)[1]
            _, seen = server_ms(log, 0)
            for _ in range(args.rounds):
                for lang, query in QUERIES:
                    arrived, shown = in_browser(page, query)
                    page.wait_for_timeout(200)  # the hooks' last lines are written
                    server, seen = server_ms(log, seen)
                    rows.append((lang, query, server, arrived, shown))
            browser.close()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)

    load = os.getloadavg()
    print(
        f"commit {git_commit()}; {len(rows)} searches ({len(QUERIES)} questions x {args.rounds}), interface "
        f"{args.lang}, Chromium 1366x900; load average {load[0]:.1f}; index "
        f"{'given' if args.index else f'of the sample plans built in {indexed:.0f} s'}; server listening after "
        f"{listening:.0f} s; first search of the server (not counted) {first:.0f} ms"
    )
    print()
    print(
        "| lang | question | chunks highlighted | server's work | of which highlighting | new cards in the page | on screen |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    for lang, query, server, arrived, shown in rows:
        work = sum(server[h] for h in HOOKED)
        print(
            f"| {lang} | {query} | {server['chunks highlighted']:.0f} | {work:.0f} | "
            f"{server['Highlighter.__call__']:.0f} | {arrived:.0f} | {shown:.0f} |"
        )
    print()
    shown_ms = [r[4] for r in rows]
    work = [sum(r[2][h] for h in HOOKED) for r in rows]
    columns = (
        ("Enter -> results on screen", shown_ms),
        ("Enter -> new cards in the page", [r[3] for r in rows]),
        ("server's work (the hooked calls)", work),
        *((f"- {h}", [r[2][h] for r in rows]) for h in HOOKED),
        *((f"- - within results: {h}", [r[2][h] for r in rows]) for h in INSIDE),
        ("request, queue, transfer (new cards - server's work)", [r[3] - w for r, w in zip(rows, work)]),
        ("in the page: new cards -> on screen", [r[4] - r[3] for r in rows]),
    )
    chunks = [r[2]["chunks highlighted"] for r in rows]
    print(f"chunks highlighted per question: mean {np.mean(chunks):.1f}, max {max(chunks):.0f}")
    print()
    print("| ms (Enter -> …; p50/p95 of each part taken alone) | p50 | p95 | max |")
    print("|---|---:|---:|---:|")
    for name, values in columns:
        print(f"| {name} | {percentile(values, 50):.0f} | {percentile(values, 95):.0f} | {max(values):.0f} |")
    p95 = percentile(shown_ms, 95)
    print()
    print(f"target p95 < {TARGET_MS} ms after Enter: {'met' if p95 < TARGET_MS else 'NOT met'} ({p95:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
