"""HTML for the app. Every piece of document text is untrusted: it is escaped here, and
only the markup this module writes (cards, <mark> for highlights) reaches the browser."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from indexer.errors import DocumentError, IndexBusyError
from indexer.language import RTL_LANGS
from search.ui.i18n import t
from search.ui.uploads import UploadError


def highlighted(text: str, spans) -> str:
    """Escape `text`, wrapping the character ranges in `spans` in <mark>."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos or end <= start:
            continue
        out += [escape(text[pos:start]), "<mark>", escape(text[start:end]), "</mark>"]
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def hit_card(hit, lang: str, page_link: str | None = None) -> str:
    where = [f"{t('page', lang)} {hit.page}"] if hit.page else []
    if hit.label:
        where.append(f"{t('paragraph', lang)} {escape(hit.label)}")
    flags = (
        f' <span class="pa-flags">{escape(t("flags", lang))}: {escape(", ".join(hit.flags))}</span>'
        if hit.flags
        else ""
    )
    section = f'<div class="pa-section">{escape(" › ".join(hit.section))}</div>' if hit.section else ""
    link = (
        f' · <a href="{escape(page_link, quote=True)}" target="_blank" rel="noopener">{escape(t("open_page", lang))}</a>'
        if page_link
        else ""
    )
    text_dir = "rtl" if hit.lang in RTL_LANGS else "ltr"
    return (
        '<div class="pa-card">'
        f'<div class="pa-head"><b>{escape(hit.title)}</b> · {" · ".join(where)} · '
        f'<span class="pa-lang">{escape(hit.lang)}</span> · {escape(t("score", lang))} {hit.score:.4f}{flags}{link}</div>'
        f"{section}"
        f'<div class="pa-text" dir="{text_dir}" lang="{escape(hit.lang, quote=True)}">{highlighted(hit.text, hit.highlights)}</div>'
        "</div>"
    )


def results(hits, lang: str, links: list[str | None] | None = None) -> str:
    if not hits:
        return f'<div class="pa-empty">{escape(t("no_results", lang))}</div>'
    links = links or [None] * len(hits)
    cards = "".join(hit_card(h, lang, link) for h, link in zip(hits, links))
    return f'<div class="pa-count">{escape(t("results_count", lang, n=len(hits)))}</div>{cards}'


_PATH = re.compile(r"(?<![\w:/.])(?:[A-Za-z]:)?(?:[/\\][^/\\\s:;,'\"()<>]+)+[/\\]([^/\\\s:;,'\"()<>]+)")


def without_paths(text: str) -> str:
    """`text` with every absolute path cut to its last part: a message must not show server folders.
    The server's own folders (which may hold spaces) are cut first, then any other absolute path."""
    import tempfile

    from indexer.settings import cache_root

    for root in sorted({str(cache_root()), tempfile.gettempdir(), str(Path.home())}, key=len, reverse=True):
        text = re.sub(re.escape(root) + r"[/\\](?:[^/\\:;,'\"()<>]+[/\\])*", "", text)
    return _PATH.sub(r"\1", text)


def message(text: str, kind: str = "error") -> str:
    return f'<div class="pa-{kind}">{escape(text)}</div>'


def error_message(exc: Exception, lang: str) -> str:
    """An error in the interface language, naming files but never a server path."""
    if isinstance(exc, UploadError):
        values = {k: without_paths(str(v)) for k, v in exc.values.items()}
        return message(t(exc.key, lang, **values))
    if isinstance(exc, IndexBusyError):
        return message(t("error_index_busy", lang, holder=without_paths(exc.holder)))
    text = exc.reason if isinstance(exc, DocumentError) else str(exc)
    return message(t("error_generic", lang, message=without_paths(text)))
