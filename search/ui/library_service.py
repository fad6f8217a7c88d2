"""The app's Library: the indexed documents, and adding or removing them. An added file is
copied under a name made of its content hash (nothing of the user's path is reused); only PDFs
go to the served folder, for page links."""

from __future__ import annotations

import shutil
from pathlib import Path

from search.ui.engines import Engines
from search.ui.uploads import UploadError, check_upload

LIBRARY_WAIT_SECONDS = 120  # a Library change waits this long for another writer of the index


def library_dirs() -> tuple[Path, Path]:
    """(added PDFs: served for page links, every other added file: never served)."""
    from indexer.settings import cache_root

    return cache_root() / "library", cache_root() / "library-files"


def _library_dir(name: str) -> Path:
    pdfs, others = library_dirs()
    return pdfs if name.lower().endswith(".pdf") else others


def _library_copy(upload: Path) -> tuple[Path, bool]:
    """-> (the library file, whether this call created it)."""
    import hashlib

    folder = _library_dir(upload.name)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{hashlib.sha256(upload.read_bytes()).hexdigest()[:16]}{upload.suffix.lower()}"
    if target.is_file():  # same content: the same name
        return target, False
    shutil.copyfile(upload, target)
    return target, True


def _discard(paths) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)


class LibraryService:
    """Writes the document index `engines` reads (its folder and embedder), then tells them to reload."""

    def __init__(self, engines: Engines):
        self.engines = engines

    def documents(self) -> list[dict]:
        docs = self.engines.get("documents")
        if docs is None:
            return []
        return [{"id": doc_id, **meta} for doc_id, meta in docs.data.manifest["documents"].items()]

    def add_documents(self, uploads: list[Path], progress=None) -> int:
        """Copy checked uploads into the library (named by content hash, so no user path is
        reused) and index them beside what is there -> documents added. Only PDFs go to the
        served library folder; a copy whose file could not be indexed is removed again."""
        if self.engines.index_dir is None:
            raise UploadError("error_generic", message="this app was started without an index")
        step = progress or (lambda fraction, desc="": None)
        for upload in uploads:
            check_upload(upload)
        copies = [_library_copy(upload) for upload in uploads]
        kept = [path for path, _ in copies]
        created = [path for path, new in copies if new]  # a file already there may be indexed: never discarded
        step(0.3, "stage_embedding")
        try:
            report = self._builder(step).build(kept, keep_existing=True)
        except BaseException:
            _discard(created)
            raise
        self.engines.forget_documents()
        failed = {Path(p) for p, _ in report.failures}
        _discard([k for k in created if k in failed])
        if report.failures:
            names = {k: u.name for k, u in zip(kept, uploads)}
            raise UploadError(
                "error_generic",
                message="; ".join(f"{names.get(Path(p), Path(p).name)}: {r}" for p, r in report.failures),
            )
        return len(report.embedded)

    def remove_document(self, target: str) -> int:
        if self.engines.index_dir is None or not target.strip():
            return 0
        report = self._builder().remove([target.strip()])
        self.engines.forget_documents()
        library = [d.resolve() for d in library_dirs()]
        _discard(p for p in map(Path, report.removed) if any(p.resolve().is_relative_to(d) for d in library))
        return len(report.removed)

    def _builder(self, step=None):
        """An IndexBuilder that waits a while for another writer (the CLI, another app) and says so."""
        from indexer.index.builder import IndexBuilder

        return IndexBuilder(
            self.engines.index_dir,
            self.engines.embedder,
            wait=LIBRARY_WAIT_SECONDS,
            on_wait=(lambda message: step(0.1, "stage_waiting")) if step else None,
        )
