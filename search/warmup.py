"""Set-up work done once, before anyone waits for it: everything the first search and the first
alignment read from the cache.

Without it a workshop's first search embedded the frameworks index (~1,700 texts: ~50 s) and
its first alignment the matchers' views of every framework (~100 s). `policy-align model build`
(and so `make install` / `make demo`) calls `prepare`; each step reuses what is cached and
checked (views: SHA-256 beside each file, keyed by the texts and the model's weights;
frameworks index: its signature, model and file checksums) and rebuilds anything stale.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    name: str  # e.g. "frameworks index", "views sdg", "background"
    seconds: float
    reused: bool  # read from the cache (checked) rather than built


def prepare(embedder, report: Callable[[Step], None] | None = None) -> tuple[Step, ...]:
    """Build or check the frameworks index, every registered framework's embedded views, the
    off-topic background and the forms; -> the steps in order, each reported as it finishes."""
    from indexer.frameworks import load_frameworks
    from indexer.frameworks.indexing import ensure_framework_index, framework_index_is_current
    from indexer.frameworks.notes import load_background, load_forms
    from search.views import (
        embed_background,
        embed_form_direction,
        embed_views,
        framework_views,
        is_cached,
        views_keys,
    )

    frameworks = load_frameworks()
    steps: list[Step] = []

    def timed(name: str, reused: bool, work: Callable[[], object]) -> None:
        start = time.perf_counter()
        work()
        steps.append(Step(name, round(time.perf_counter() - start, 2), reused))
        if report:
            report(steps[-1])

    embedder.info()  # load the model first, so its start-up is not counted in the first step
    timed(
        "frameworks index",
        framework_index_is_current(embedder, frameworks, sentences=True),
        lambda: ensure_framework_index(embedder, sentences=True),
    )
    timed("frameworks lexical index", _lexical_cached(), lambda: _lexical(embedder))
    for fw in frameworks.values():
        views = framework_views(fw)
        cached = is_cached(fw.id, [v.text for v in views], embedder, views_keys(views))
        timed(f"views {fw.id}", cached, lambda fw=fw: embed_views(fw, embedder))
    background = [row.text for row in load_background()]
    timed("background", is_cached("background", background, embedder), lambda: embed_background(embedder))
    forms = [row.text for row in load_forms()]
    timed("forms", is_cached("forms", forms, embedder), lambda: embed_form_direction(embedder))
    return tuple(steps)


def _token_file():
    from indexer.frameworks.indexing import framework_index_dir
    from indexer.index.store import load_index
    from search.engine import lexical_cache_file

    return lexical_cache_file(load_index(framework_index_dir(), verify=False).chunks)


def _lexical_cached() -> bool:
    return _token_file().is_file()


def _lexical(embedder) -> None:
    """The frameworks index's BM25 tokens, kept in the cache (search/lexical.py)."""
    from indexer.frameworks.indexing import framework_index_dir
    from search.engine import SearchEngine

    SearchEngine(framework_index_dir(), embedder).lexical  # noqa: B018 - builds and caches the tokens


def describe_step(step: Step) -> str:
    return f"{step.name}: {'checked, reused' if step.reused else 'built'} ({step.seconds:.1f} s)"
