"""The About tab: the method and limits in the interface language (`<lang>.md` here), the
model, and the evaluation figures of eval/RESULTS.md (English, with their commits)."""

from __future__ import annotations

from pathlib import Path

from search.ui.i18n import t

HERE = Path(__file__).resolve().parent
RESULTS = HERE.parents[2] / "eval" / "RESULTS.md"


def about_markdown(lang: str, model: str) -> str:
    page = HERE / f"{lang}.md"
    method = (page if page.is_file() else HERE / "en.md").read_text(encoding="utf-8")
    figures = (
        RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else "eval/RESULTS.md is not in this installation."
    )
    figures = figures.replace("<", "&lt;")  # shown as Markdown; no HTML from the file
    return (
        f"{method}\n\n### {t('about_model', lang)}\n\n`{model}`\n\n"
        f"<details><summary>{t('about_eval', lang)} (eval/RESULTS.md)</summary>\n\n{figures}\n\n</details>"
    )
