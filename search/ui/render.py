"""Small HTML pieces the app's views share: a text with its highlights in <mark>, a status or
error message (in the interface language, with no server path). Every piece of document text
is untrusted and escaped; the views (cards.py, align_view.py, why.py, ...) escape theirs."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from indexer.errors import DocumentError, IndexBusyError
from search.ui.i18n import t
from search.ui.uploads import UploadError


def esc(text: str) -> str:
    """Escaped for HTML, and for the template pass of Gradio's HTML component: `{`, `}` and
    `$` of untrusted text become entities, so no text of a plan is read as a template."""
    return escape(text).replace("{", "&#123;").replace("}", "&#125;").replace("$", "&#36;")


def text_span(text: str, lang: str, tag: str = "span", cls: str = "") -> str:
    """Document text in its own language and direction (dir=auto), inside the interface's."""
    klass = f' class="{cls}"' if cls else ""
    return f'<{tag}{klass} dir="auto" lang="{esc(lang)}">{esc(text)}</{tag}>'


def statement_number(index: int) -> str:
    """A statement's place in the plan as the app shows it: "#3". A plain "3." read as the
    plan's own numbering ("1. 1. Housing First…" when the paragraph opens with its number)."""
    return f"#{index + 1}"


def statement_mark(index: int) -> str:
    """statement_number as HTML, kept whole and left-to-right inside right-to-left text."""
    return f'<span class="pa-num"><bdi>{statement_number(index)}</bdi></span>'


def highlighted(text: str, spans) -> str:
    """Escape `text`, wrapping the character ranges in `spans` in <mark>."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos or end <= start:
            continue
        out += [esc(text[pos:start]), "<mark>", esc(text[start:end]), "</mark>"]
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


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
    return f'<div class="pa-{kind}">{esc(text)}</div>'


def error_message(exc: Exception, lang: str) -> str:
    """An error in the interface language, naming files but never a server path."""
    if isinstance(exc, UploadError):
        values = {k: without_paths(str(v)) for k, v in exc.values.items()}
        return message(t(exc.key, lang, **values))
    if isinstance(exc, IndexBusyError):
        return message(t("error_index_busy", lang, holder=without_paths(exc.holder)))
    text = exc.reason if isinstance(exc, DocumentError) else str(exc)
    return message(t("error_generic", lang, message=without_paths(text)))
