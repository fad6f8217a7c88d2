"""A declaration in several languages, each version written as its own Markdown document and
indexed together (the library of tests/test_versions_model.py and tests/test_app_versions.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def index_versions(folder: Path, langs, declaration: Callable[[str], str], embedder) -> tuple[Path, list[Path]]:
    """`declaration(lang)` -> folder/declaration-<lang>.md for each of `langs`, indexed into
    folder/index with `embedder` (no OCR) -> (the index, the documents in `langs` order)."""
    from indexer.index.builder import IndexBuilder

    paths = []
    for lang in langs:
        paths.append(folder / f"declaration-{lang}.md")
        paths[-1].write_text(declaration(lang), encoding="utf-8")
    IndexBuilder(folder / "index", embedder, use_ocr=False).build(paths)
    return folder / "index", paths
