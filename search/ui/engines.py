"""The search engines the app reads: loaded once per server, the document index's engine
reloaded when another writer (the CLI, another app, the Library) made a new version of it."""

from __future__ import annotations

import threading
from pathlib import Path

from indexer.index.store import POINTER


class Engines:
    """The engines over the document index at `index` (may be None: no documents) and over
    the frameworks, all embedding queries with `embedder`."""

    def __init__(self, index: Path | None, embedder):
        self.index_dir, self.embedder = index, embedder
        self._engines: dict[str, object] = {}
        self._documents_version = ""
        self._lock = threading.Lock()  # searches run concurrently; one of them (re)loads an index

    def get(self, source: str):
        """'documents' -> the document index's engine (None when there is none); 'frameworks' -> the frameworks'."""
        with self._lock:
            return self._get(source)

    def forget_documents(self) -> None:
        """The document index was just written: load it again on the next search."""
        self._engines.pop("documents", None)

    def forget_frameworks(self) -> None:
        """An official text was attached: the frameworks' index is checked (and rebuilt) on the next search."""
        with self._lock:
            self._engines.pop("frameworks", None)

    def _get(self, source: str):
        from indexer.index.store import exists
        from search.engine import SearchEngine

        if source == "documents" and self._documents_version != self._live_version():
            self._engines.pop(source, None)  # another process (the CLI, another app) changed the index
        if source not in self._engines:
            if source == "documents":
                self._documents_version = self._live_version()
                self._engines[source] = (
                    SearchEngine(self.index_dir, self.embedder, language_means=self._get("frameworks").language_means)
                    if self.index_dir and exists(self.index_dir)
                    else None
                )
            else:
                from indexer.frameworks.indexing import load_framework_index
                from search.centring import LanguageMeans

                data = load_framework_index(self.embedder)
                self._engines[source] = SearchEngine(data, self.embedder, language_means=LanguageMeans.of_index(data))
        return self._engines[source]

    def _live_version(self) -> str:
        try:
            return (self.index_dir / POINTER).read_text(encoding="utf-8") if self.index_dir else ""
        except OSError:
            return ""
