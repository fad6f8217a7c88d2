"""The frameworks as read once per process, and what is derived from them (titles in a
language, an item's group), forgotten together when an official text is added: one place to
clear, so that no view keeps a title the text has replaced."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

_forgetters: list[Callable[[], None]] = []


def derived(fn):
    """`fn` (of the frameworks, with hashable arguments) cached until forget()."""
    cached = lru_cache(maxsize=16)(fn)
    _forgetters.append(cached.cache_clear)
    return cached


@derived
def frameworks() -> dict:
    """load_frameworks(), read once: with their official texts it costs more than a search."""
    from indexer.frameworks.model import load_frameworks

    return load_frameworks()


def forget() -> None:
    """An official text was added or removed: read the frameworks again on their next use."""
    for clear in _forgetters:
        clear()
