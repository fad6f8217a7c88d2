"""The app's Library: the indexed documents, and adding or removing them. An added file is
copied under a name made of its content hash (nothing of the user's path is reused); only PDFs
go to the served folder, for page links."""

from __future__ import annotations

import shutil
from pathlib import Path

from indexer.errors import PolicyAlignError
from indexer.frameworks.official import AddedText
from search.ui.engines import Engines
from search.ui.uploads import UploadError, check_upload

LIBRARY_WAIT_SECONDS = 120  # a Library change waits this long for another writer of the index


class OfficialTextError(UploadError):
    """A file that is not the framework's official text: one message in the interface language
    (the parser's own reason, in English and with the server's paths, stays in `reason`)."""

    def __init__(self, framework: str, reason: str):
        super().__init__("error_official", framework=framework)
        self.reason = reason


def library_dirs() -> tuple[Path, Path]:
    """(added PDFs: served for page links, every other added file: never served)."""
    from indexer.settings import cache_root

    return cache_root() / "library", cache_root() / "library-files"


def kept_library_files(index: Path) -> list[Path]:
    """The files added through the Library that the index at `index` holds and that are still
    there: `policy-align demo` indexes them again beside the samples, so they survive a restart."""
    from indexer.index.store import read_manifest

    try:
        documents = read_manifest(index)["documents"].values()
    except (PolicyAlignError, OSError, KeyError):
        return []  # no index yet, or one the builder will report on
    folders = [d.resolve() for d in library_dirs()]
    paths = [Path(meta.get("path", "")) for meta in documents]
    return [p for p in paths if p.is_file() and any(p.resolve().is_relative_to(f) for f in folders)]


def _library_dir(name: str) -> Path:
    pdfs, others = library_dirs()
    return pdfs if name.lower().endswith(".pdf") else others


def _library_copy(upload: Path) -> tuple[Path, bool]:
    """-> (the library file, whether this call created it)."""
    import hashlib

    from search.ui.inert import copy_without_scripts

    name = f"{hashlib.sha256(upload.read_bytes()).hexdigest()[:16]}{upload.suffix.lower()}"
    for folder in dict.fromkeys((_library_dir(upload.name), library_dirs()[1])):
        if (folder / name).is_file():  # same content: the same name
            return folder / name, False
    folder = _library_dir(upload.name)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if folder == library_dirs()[0]:  # served for page links: no script of the document's own may run
        try:
            copy_without_scripts(upload, target)
            return target, True
        except Exception:  # noqa: BLE001 - a PDF pypdf cannot rewrite is kept, but never served
            target.unlink(missing_ok=True)
            folder = library_dirs()[1]
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / name
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
        if report.failures:  # one message naming the user's files; the parsers' reasons hold server paths
            names = {k: u.name for k, u in zip(kept, uploads)}
            raise UploadError(
                "error_not_indexed", names=", ".join(names.get(Path(p), Path(p).name) for p, _ in report.failures)
            )
        return len(report.embedded)

    def add_official_text(self, upload: Path, framework_id: str, lang: str, progress=None) -> AddedText:
        """What `policy-align corpus add FILE --framework ID --lang xx` does: parse the file as the
        official `lang` text of the framework, check every numbered item, store it in the user's
        overlay (indexer/frameworks/official.py), then index the frameworks again. The search and
        alignment engines load the new texts on their next use."""
        from indexer.frameworks import load_frameworks
        from indexer.frameworks.indexing import build_framework_index
        from indexer.frameworks.official import add_official, sources

        step = progress or (lambda fraction, desc="": None)
        frameworks = load_frameworks()
        if framework_id not in frameworks or not lang:
            raise UploadError("error_official_missing")
        check_upload(upload)
        step(0.1, "stage_official_reading")
        try:
            added = add_official(frameworks[framework_id], lang, upload, sources().get(framework_id, {}), upload.name)
        except PolicyAlignError as exc:  # FrameworkError, or a file no reader can open
            raise OfficialTextError(framework_id, str(exc)) from exc
        step(0.5, "stage_official_indexing")
        build_framework_index(load_frameworks(), self.engines.embedder)
        self.engines.forget_frameworks()
        return added

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
