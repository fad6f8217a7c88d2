"""A screenshot gallery of the app for review: every tab x interface language x viewport.

    python eval/screens.py OUT [--langs en,zh,ar,fr,es,ru] [--viewports desktop,phone] [--fake]

Serves the app on an index of the bundled sample plans (OUT/index, reused on the next run),
opens it in Chromium with the browser's language set to each interface language (so the app
must pick it up by itself), searches with a question in that language, pastes a few plan
statements into the Align tab, and writes OUT/<lang>-<viewport>-<tab>.png (full pages) and
OUT/index.html (the gallery). It prints what tests/support/ui_audit.py finds on each screen:
English left in another language, and left-to-right text in Arabic.
"""

from __future__ import annotations

import argparse
import os
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = {
    "en": "affordable housing for low-income families",
    "zh": "历史文化街区保护",
    "ar": "تمويل البلديات والسندات الخضراء",
    "fr": "logement abordable pour les familles modestes",
    "es": "participación de los jóvenes en las decisiones",
    "ru": "данные о неформальных поселениях",
}
PLAN = {
    "en": "We will build 5,000 affordable rental homes for low-income families by 2030.",
    "zh": "到2027年新建保障性租赁住房1.2万套。",
    "ar": "ستصدر البلدية سندات خضراء لتمويل شبكة الصرف الصحي.",
    "fr": "La ville créera 3 000 logements sociaux d'ici 2030.",
    "es": "El municipio creará un presupuesto participativo con los jóvenes.",
    "ru": "Город проведёт перепись неформальных поселений в 2026 году.",
}
TABS = ("search", "align", "library", "about")


def build_index(out: Path, fake: bool) -> Path:
    from indexer.index.builder import IndexBuilder
    from indexer.settings import cache_root
    from search.ui.demo import sample_documents

    if fake:
        from tests.support.fake_cli import use_fake

        use_fake()
    from indexer.model import Embedder

    index = out / "index"
    IndexBuilder(index, Embedder()).build(sample_documents(cache_root() / "samples"))
    return index


def shoot(url: str, out: Path, langs: list[str], viewports: list[str], align: bool) -> list[tuple[str, str, str, list]]:
    from tests.support.browser import chromium, open_app
    from tests.support.ui_audit import problems

    shots = []
    for browser in chromium():  # one headless Chromium for the whole gallery
        for lang in langs:
            for view in viewports:
                context, page = open_app(browser, url, lang, view)  # once the app speaks `lang`
                page.wait_for_timeout(800)
                for tab in TABS:
                    button = page.locator(f"#tab-{tab}-button")
                    (button if button.count() else page.locator("[role=tab]").nth(TABS.index(tab))).click()
                    page.wait_for_timeout(400)
                    if tab == "search":
                        page.fill("#query textarea, #query input", QUESTIONS[lang])
                        page.click("#search-button")
                        page.wait_for_selector("#results .pa-card, #results .pa-error", timeout=120_000)
                        page.locator("#results details").first.evaluate("d => d && (d.open = true)")
                    if tab == "align" and align:
                        page.fill("#plan-text textarea", PLAN[lang])
                        page.click("#align-button")
                        page.wait_for_timeout(1000)
                        page.wait_for_function(
                            "!document.querySelector('.progress-text, .eta-bar')", timeout=300_000, polling=500
                        )
                    name = f"{lang}-{view}-{tab}.png"
                    page.screenshot(path=str(out / name), full_page=True)
                    shots.append((lang, view, tab, problems(page, lang)))
                context.close()
    return shots


def gallery(out: Path, shots) -> None:
    rows = []
    for lang, view, tab, found in shots:
        name = f"{lang}-{view}-{tab}.png"
        notes = "".join(f"<li>{escape(p)}</li>" for p in found[:30])
        rows.append(
            f'<figure><figcaption>{lang} · {view} · {tab}</figcaption><a href="{name}"><img src="{name}" '
            f'loading="lazy"></a><ul>{notes}</ul></figure>'
        )
    style = (
        "figure{display:inline-block;vertical-align:top;width:420px;margin:8px}img{width:100%;border:1px solid #ccc}"
    )
    (out / "index.html").write_text(
        f"<!doctype html><meta charset=utf-8><style>{style}</style>{''.join(rows)}", encoding="utf-8"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--langs", default="en,zh,ar,fr,es,ru")
    parser.add_argument("--viewports", default="desktop,phone")
    parser.add_argument("--fake", action="store_true", help="the fake embedder (fast, meaningless results)")
    parser.add_argument("--no-align", action="store_true", help="do not align the pasted statements")
    args = parser.parse_args(argv)
    from tests.support.app_server import start_app

    args.out.mkdir(parents=True, exist_ok=True)
    index = build_index(args.out, args.fake)
    proc, url = start_app(index, fake_model=args.fake, env=dict(os.environ))
    try:
        shots = shoot(url, args.out, args.langs.split(","), args.viewports.split(","), not args.no_align)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    gallery(args.out, shots)
    for lang, view, tab, found in shots:
        print(f"{lang} {view} {tab}: {len(found)} problem(s)" + "".join(f"\n    {p}" for p in found[:12]))
    print(f"gallery: {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
