"""Build, extend and shrink an index. Unchanged files (same SHA-256) are never re-embedded;
a file that fails is reported and skipped, and what was indexed before is kept."""

from __future__ import annotations

import time
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.documents import Chunk, Document
from indexer.errors import DocumentError, PolicyAlignError
from indexer.extract.load import SUPPORTED, load_document
from indexer.index import store
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
    pages: int = 0
    flagged_pages: int = 0
    ocr_pages: int = 0
    chunks_by_lang: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def collect_files(paths: Iterable[Path], report: BuildReport) -> list[Path]:
    """Files named directly, and supported files found recursively in folders (sorted)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                (out.append(found) if found.suffix.lower() in SUPPORTED else report.skipped.append(str(found)))
        else:
            out.append(path)
    return out


def _doc_entry(doc: Document, chunks: list[Chunk]) -> dict:
    return {
        "path": doc.path, "title": doc.title, "sha256": doc.sha256, "kind": doc.kind, "pages": len(doc.pages),
        "chunks": len(chunks), "flagged_pages": list(doc.flagged_pages),
        "ocr_pages": [p.number for p in doc.pages if "ocr" in p.flags],
        "languages": sorted({c.lang for c in chunks}),
        "page_quality": [[p.number, p.quality, list(p.flags)] for p in doc.pages if p.flags],
    }


class IndexBuilder:
    def __init__(self, root: Path, embedder, *, use_ocr: bool = True, ocr_langs: tuple[str, ...] | None = None,
                 progress: bool = False):
        self.root, self.embedder, self.use_ocr, self.ocr_langs, self.progress = Path(root), embedder, use_ocr, ocr_langs, progress

    def _current(self):
        if not store.exists(self.root):
            return None
        return store.load_index(self.root, expected_model=self.embedder.name)

    def build(self, paths: Iterable[Path], *, keep_existing: bool = False) -> BuildReport:
        """Index exactly `paths` (or add them to what is there when keep_existing)."""
        from tqdm.auto import tqdm

        start = time.perf_counter()
        report = BuildReport()
        current = self._current()
        old_docs = dict(current.manifest["documents"]) if current else {}
        by_sha = {meta["sha256"]: doc_id for doc_id, meta in old_docs.items()}
        kept: dict[str, dict] = dict(old_docs) if keep_existing else {}
        new_docs: list[tuple[Document, list[Chunk]]] = []
        seen: dict[str, str] = {}
        files = collect_files(paths, report)
        for path in tqdm(files, desc="reading", unit="file", disable=not self.progress):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # page problems are recorded as flags
                    doc = load_document(path, use_ocr=self.use_ocr, ocr_langs=self.ocr_langs, progress=self.progress)
            except (DocumentError, OSError) as exc:
                report.failures.append((str(path), getattr(exc, "reason", str(exc))))
                continue
            if doc.sha256 in seen:
                report.duplicates.append((str(path), seen[doc.sha256]))
                continue
            seen[doc.sha256] = str(path)
            if doc.sha256 in by_sha:
                kept[by_sha[doc.sha256]] = {**old_docs[by_sha[doc.sha256]], "path": str(path)}
                report.reused.append(str(path))
                continue
            for doc_id in [k for k, meta in kept.items() if meta["path"] == doc.path]:
                del kept[doc_id]  # the same file changed: the new version replaces the old
            new_docs.append((doc, chunk_document(doc, self._count_tokens)))
            if self.progress:
                tqdm.write(f"{path}: {len(doc.pages)} pages, {len(new_docs[-1][1])} chunks"
                           + (f", flagged pages {list(doc.flagged_pages)}" if doc.flagged_pages else ""))
        report.removed = [meta["path"] for doc_id, meta in old_docs.items() if doc_id not in kept]
        return self._write(current, kept, new_docs, report, start)

    def remove(self, targets: Iterable[str]) -> BuildReport:
        """Drop documents by id, path or file name; their vectors leave the index."""
        start = time.perf_counter()
        report = BuildReport()
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
        if current is not None and kept:
            rows = [i for i, c in enumerate(current.chunks) if c.doc_id in kept]
            chunks += [current.chunks[i] for i in rows]
            parts.append(current.vectors[rows])
        documents = dict(kept)
        texts = [c.text for _, cs in new_docs for c in cs]
        if texts:
            parts.append(self.embedder.encode(texts, kind="passage", show_progress=self.progress))
        for doc, cs in new_docs:
            chunks += cs
            documents[doc.doc_id] = _doc_entry(doc, cs)
            report.embedded.append(doc.path)
        vectors = np.concatenate(parts) if parts else np.zeros((0, self.embedder.dimension), np.float32)
        info = self.embedder.info()
        model = {"name": info.name, "backend": info.backend, "dimension": info.dimension, "checksum": info.checksum}
        store.write_index(self.root, chunks, vectors, model, documents)
        report.documents = len(documents)
        report.pages = sum(m["pages"] for m in documents.values())
        report.flagged_pages = sum(len(m["flagged_pages"]) for m in documents.values())
        report.ocr_pages = sum(len(m["ocr_pages"]) for m in documents.values())
        report.chunks_by_lang = Counter(c.lang for c in chunks)
        report.seconds = time.perf_counter() - start
        return report
