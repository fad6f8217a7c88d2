"""Build, extend and shrink an index. Unchanged files (same SHA-256) are never re-embedded;
a file that fails (for any reason, in any parser) is reported and skipped, and what was indexed
before is kept (reading.py). Every change holds the index's writer lock from reading the live
version to committing the new one (writing.py), so two writers never lose each other's documents."""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from indexer.documents import Chunk, Document
from indexer.errors import IndexCorruptError, IndexNotFoundError, ModelMismatchError, PolicyAlignError
from indexer.extract.load import load_document
from indexer.index import store
from indexer.index.build_report import BuildReport, with_totals
from indexer.index.lock import DEFAULT_WAIT_SECONDS, writer_lock
from indexer.index.reading import collect_files, read_or_reuse
from indexer.index.writing import write_version
from indexer.structure.units import chunk_document


class IndexBuilder:
    def __init__(
        self,
        root: Path,
        embedder,
        *,
        use_ocr: bool = True,
        ocr_langs: tuple[str, ...] | None = None,
        progress: bool = False,
        wait: float = DEFAULT_WAIT_SECONDS,
        on_wait=None,
    ):
        self.root, self.embedder, self.use_ocr, self.ocr_langs, self.progress = (
            Path(root),
            embedder,
            use_ocr,
            ocr_langs,
            progress,
        )
        self.wait, self.on_wait = wait, on_wait

    def _current(self, report: BuildReport | None = None, force: bool = False):
        if not store.exists(self.root):
            return None
        try:
            return store.load_index(self.root, expected_model=self.embedder.name)
        except (IndexCorruptError, ModelMismatchError) as exc:
            if not force or report is None:
                raise
            report.replaced = str(exc).split("; rebuild")[0]
            return None

    @contextmanager
    def _locked(self, report: BuildReport):
        with writer_lock(self.root, self.wait, self.on_wait) as stale:
            if stale:
                report.took_over = f"PID {stale.get('pid')} ({stale.get('command', '?')}, since {stale.get('since')})"
            yield

    def build(self, paths: Iterable[Path], *, keep_existing: bool = False, force: bool = False) -> BuildReport:
        """Index exactly `paths` (or add them to what is there when keep_existing). With `force`, an
        index that is damaged or was embedded by another model is replaced (report.replaced says why)."""
        report = BuildReport()
        with self._locked(report):
            return self._build(paths, keep_existing, force, report)

    def update(self) -> BuildReport:
        """Re-read every indexed file that still exists; re-embed only those that changed, or that
        an older extraction read (indexer/extract/load.extraction_version). The list is read under
        the lock, so a removal that commits first is not undone."""
        report = BuildReport()
        with self._locked(report):
            current = self._current()
            if current is None:
                raise IndexNotFoundError(f"no index at {self.root}")
            paths = [Path(meta["path"]) for meta in current.manifest["documents"].values()]
            return self._build([p for p in paths if p.exists()], True, False, report, current)

    def _build(self, paths, keep_existing: bool, force: bool, report: BuildReport, current=None) -> BuildReport:
        start = time.perf_counter()
        current = current or self._current(report, force)
        old_docs = dict(current.manifest["documents"]) if current else {}
        files = collect_files(paths, report)
        report.files = len(files)
        kept, new_docs = read_or_reuse(files, old_docs, keep_existing, self._read, report, self.progress)
        if not new_docs and not report.reused:
            # nothing was read: writing now could only drop documents, so the index stays as it is
            return with_totals(report, old_docs, current.chunks if current else (), start)
        read_again = {doc.doc_id for doc, _ in new_docs}  # by a newer extraction: replaced, not removed
        report.removed = [
            m["path"] for doc_id, m in old_docs.items() if doc_id not in kept and doc_id not in read_again
        ]
        return self._write(current, kept, new_docs, report, start)

    def _read(self, path: Path, sha: str | None) -> tuple[Document, list[Chunk]]:
        doc = load_document(path, use_ocr=self.use_ocr, ocr_langs=self.ocr_langs, progress=self.progress, sha256=sha)
        return doc, chunk_document(doc, self._count_tokens)

    def remove(self, targets: Iterable[str]) -> BuildReport:
        """Drop documents by id, path or file name; their vectors leave the index."""
        report = BuildReport()
        with self._locked(report):
            return self._remove(targets, report)

    def _remove(self, targets: Iterable[str], report: BuildReport) -> BuildReport:
        start = time.perf_counter()
        current = self._current()
        if current is None:
            raise PolicyAlignError(f"no index at {self.root}")
        wanted = set(targets)
        kept = {}
        for doc_id, meta in current.manifest["documents"].items():
            if {doc_id, meta["path"], Path(meta["path"]).name, str(Path(meta["path"]).resolve())} & wanted:
                report.removed.append(meta["path"])
            else:
                kept[doc_id] = meta
        if not report.removed:
            raise PolicyAlignError(f"no indexed document matches {', '.join(sorted(wanted))}")
        return self._write(current, kept, [], report, start)

    def _count_tokens(self, text: str) -> int:
        return self.embedder.count_tokens([text])[0]

    def _write(self, current, kept: dict, new_docs, report: BuildReport, start: float) -> BuildReport:
        documents, chunks = write_version(self.root, self.embedder, current, kept, new_docs, self.progress)
        report.embedded += [doc.path for doc, _ in new_docs]
        return with_totals(report, documents, chunks, start)
