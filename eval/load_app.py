"""Load on the web app, loopback only: N concurrent searches, first alone (the baseline), then
while one user's long plan (a ~300-page PDF made by LibreOffice) is being aligned.

    python eval/load_app.py [--users 8] [--searches 5] [--pages 300]

Starts `policy-align serve` on 127.0.0.1 with the demo index and stops it afterwards. Bounded:
users × searches requests per phase, nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from tests.support.app_server import start_app

QUERIES = (
    "affordable housing",
    "تمويل البلديات",
    "历史文化保护",
    "participación ciudadana",
    "данные о районах",
    "green bonds for drainage",
    "logement social",
    "城中村改造",
)


def search_round(url: str, users: int, searches: int) -> tuple[list[float], int]:
    from gradio_client import Client

    def user(n: int) -> tuple[list[float], int]:
        client, times, errors = Client(url, verbose=False), [], 0
        for k in range(searches):
            start = time.perf_counter()
            try:
                html, _ = client.predict(
                    QUERIES[(n + k) % len(QUERIES)], "all", "", False, "en", "", api_name="/search"
                )
                errors += "pa-card" not in html
            except Exception:  # noqa: BLE001 - a failed request is what we count
                errors += 1
            times.append(1000 * (time.perf_counter() - start))
        return times, errors

    with ThreadPoolExecutor(users) as pool:
        results = list(pool.map(user, range(users)))
    return [t for times, _ in results for t in times], sum(e for _, e in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--searches", type=int, default=5)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    from gradio_client import Client, handle_file
    from pypdf import PdfReader

    from eval.bench_align import make_plan_pdf
    from indexer.settings import cache_root

    with tempfile.TemporaryDirectory() as tmp:
        plan = make_plan_pdf(Path(tmp), args.pages * 14)  # ~14 numbered paragraphs a page
        pages = len(PdfReader(plan).pages)
        try:
            proc, url = start_app(cache_root() / "indexes" / "demo")
        except RuntimeError as exc:
            raise SystemExit(f"load_app: {exc}") from exc
        try:
            search_round(url, 1, 2)  # warm-up: model and indexes loaded
            alone, alone_errors = search_round(url, args.users, args.searches)
            align_seconds: list[float] = []

            def long_align():
                start = time.perf_counter()
                Client(url, verbose=False).predict(handle_file(str(plan)), "", "all", "en", api_name="/align")
                align_seconds.append(time.perf_counter() - start)

            worker = threading.Thread(target=long_align)
            worker.start()
            time.sleep(3)  # the align job is reading and embedding
            busy, busy_errors = search_round(url, args.users, args.searches)
            busy_during = worker.is_alive()
            worker.join()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(
        f"commit {git_commit()} · {args.users} users × {args.searches} searches · align job: {pages}-page plan, "
        f"both frameworks, {align_seconds[0]:.0f} s · searches finished while it ran: {busy_during}\n"
    )
    print("| phase | requests | p50 ms | p95 ms | errors |\n|---|---:|---:|---:|---:|")
    for name, times, errors in (
        ("searches alone", alone, alone_errors),
        ("searches during the align job", busy, busy_errors),
    ):
        print(f"| {name} | {len(times)} | {np.percentile(times, 50):.0f} | {np.percentile(times, 95):.0f} | {errors} |")
    print(f"\np95 during / alone: {np.percentile(busy, 95) / np.percentile(alone, 95):.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
