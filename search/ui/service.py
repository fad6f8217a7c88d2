"""What the app does, without Gradio: search, align, library. Loaded once per server;
checks every upload before the indexer sees it."""

from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import PolicyAlignError
from indexer.index.store import POINTER

ALLOWED_SUFFIXES = (".pdf", ".docx", ".txt", ".md", ".html", ".htm")
MAX_UPLOAD_MB = 25
MAX_PLAN_PAGES = 400
MAX_PASTED_CHARS = 200_000
LIBRARY_WAIT_SECONDS = 120  # a Library change waits this long for another writer of the index
KEEP_RESULTS_SECONDS = 3600  # an alignment's files are downloadable for an hour, then deleted


class UploadError(PolicyAlignError):
    """An upload the app refuses: `key` names the message in the interface strings."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


@dataclass(frozen=True)
class AlignResult:
    report: object  # search.align.AlignmentReport
    files: tuple[Path, ...]  # csv, json, md
    heatmap: Path


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


def _library_dirs() -> tuple[Path, Path]:
    """(added PDFs: served for page links, every other added file: never served)."""
    from indexer.settings import cache_root

    return cache_root() / "library", cache_root() / "library-files"


def _library_dir(name: str) -> Path:
    pdfs, others = _library_dirs()
    return pdfs if name.lower().endswith(".pdf") else others


def _discard(paths) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)


def check_upload(path: Path) -> None:
    if path.suffix.lower() not in ALLOWED_SUFFIXES:
        raise UploadError("error_file_type")
    if path.stat().st_size > MAX_UPLOAD_MB * 1024 * 1024:
        raise UploadError("error_file_size", mb=MAX_UPLOAD_MB)
    if path.suffix.lower() == ".pdf":
        from indexer.extract.pdf import open_pdf

        pages = len(open_pdf(path).pages)
        if pages > MAX_PLAN_PAGES:
            raise UploadError("error_pages", pages=pages, limit=MAX_PLAN_PAGES)


class Service:
    def __init__(self, index: Path | None, embedder, workdir: Path):
        self.index_dir, self.embedder, self.workdir = index, embedder, workdir
        self._engines: dict[str, object] = {}
        self._matchers: dict[str, object] = {}
        self._documents_version = ""
        self._engine_lock = threading.Lock()  # searches run concurrently; one of them (re)loads an index

    # -- search ---------------------------------------------------------------------------
    def engine(self, source: str):
        """'documents' -> the document index (None when there is none); 'frameworks' -> the frameworks'."""
        with self._engine_lock:
            return self._engine(source)

    def _engine(self, source: str):
        from indexer.index.store import exists
        from search.engine import SearchEngine

        if source == "documents" and self._documents_version != self._live_version():
            self._engines.pop(source, None)  # another process (the CLI, another app) changed the index
        if source not in self._engines:
            if source == "documents":
                self._documents_version = self._live_version()
                self._engines[source] = (
                    SearchEngine(self.index_dir, self.embedder) if self.index_dir and exists(self.index_dir) else None
                )
            else:
                from indexer.frameworks.indexing import ensure_framework_index

                self._engines[source] = SearchEngine(ensure_framework_index(self.embedder), self.embedder)
        return self._engines[source]

    def _live_version(self) -> str:
        try:
            return (self.index_dir / POINTER).read_text(encoding="utf-8") if self.index_dir else ""
        except OSError:
            return ""

    def search(
        self, query: str, source: str = "all", lang: str = "", doc: str = "", clean_only: bool = False, k: int = 10
    ):
        """-> hits, best first. source: all | documents | a framework id."""
        langs = (lang,) if lang else ()
        hits = []
        if source in ("all", "documents"):
            docs = self.engine("documents")
            if docs is not None:
                hits += docs.search(query, k, langs=langs, doc=doc or None)
        if source != "documents" and not doc:
            framework = None if source == "all" else source
            hits += self.engine("frameworks").search(query, k, langs=langs, framework=framework)
        if clean_only:
            hits = [h for h in hits if not set(h.flags) - {"official", "working-translation", "summary"}]
        return sorted(hits, key=lambda h: -h.score)[:k]

    def _pdf_of(self, hit) -> Path | None:
        """The indexed PDF file a hit comes from, when it is a PDF page that is still there."""
        docs = self.engine("documents")
        meta = docs.data.manifest["documents"].get(hit.doc) if docs is not None and hit.page else None
        path = Path(meta["path"]).resolve() if meta else None
        return path if path and path.suffix.lower() == ".pdf" and path.is_file() else None

    def page_image(self, hit, width: int = 700):
        """A PIL image of the hit's PDF page, or None (not a PDF, or the file moved)."""
        path = self._pdf_of(hit)
        if path is None:
            return None
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        try:
            page = pdf[hit.page - 1]
            return page.render(scale=width / page.get_width()).to_pil()
        finally:
            pdf.close()

    def allowed_dirs(self) -> list[str]:
        """Folders whose PDFs the app may serve for page links: the demo samples and the
        library of added PDFs (never a path typed by a user; other added files are kept in
        library-files, which is not served)."""
        from indexer.settings import cache_root

        return [str(cache_root() / "samples"), str(_library_dirs()[0])]

    def page_link(self, hit) -> str | None:
        path = self._pdf_of(hit)
        if path is None or not any(path.is_relative_to(Path(d).resolve()) for d in self.allowed_dirs()):
            return None
        return f"/gradio_api/file={path}#page={hit.page}"

    def documents(self) -> list[dict]:
        docs = self.engine("documents")
        if docs is None:
            return []
        return [{"id": doc_id, **meta} for doc_id, meta in docs.data.manifest["documents"].items()]

    # -- library --------------------------------------------------------------------------
    def add_documents(self, uploads: list[Path], progress=None) -> int:
        """Copy checked uploads into the library (named by content hash, so no user path is
        reused) and index them beside what is there -> documents added. Only PDFs go to the
        served library folder; a copy whose file could not be indexed is removed again."""
        if self.index_dir is None:
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
        self._engines.pop("documents", None)
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
        if self.index_dir is None or not target.strip():
            return 0
        report = self._builder().remove([target.strip()])
        self._engines.pop("documents", None)
        library = [d.resolve() for d in _library_dirs()]
        _discard(p for p in map(Path, report.removed) if any(p.resolve().is_relative_to(d) for d in library))
        return len(report.removed)

    def _builder(self, step=None):
        """An IndexBuilder that waits a while for another writer (the CLI, another app) and says so."""
        from indexer.index.builder import IndexBuilder

        return IndexBuilder(
            self.index_dir,
            self.embedder,
            wait=LIBRARY_WAIT_SECONDS,
            on_wait=(lambda message: step(0.1, "stage_waiting")) if step else None,
        )

    # -- align ----------------------------------------------------------------------------
    def prune(self, now: float | None = None) -> None:
        """Delete the uploads and reports of alignments older than KEEP_RESULTS_SECONDS."""
        import time

        now = now or time.time()
        for folder in self.workdir.glob("align-*"):
            if now - folder.stat().st_mtime > KEEP_RESULTS_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)

    def matchers(self, framework: str):
        from search.match import load_matchers

        return load_matchers(framework, self.embedder, self._matchers)

    def align(
        self, upload: Path | None, pasted: str, framework: str, titles: dict[str, str], progress=None
    ) -> AlignResult:
        from search.align import align, read_plan, text_statements
        from search.report import write_heatmap, write_report

        step = progress or (lambda fraction, desc="": None)
        self.prune()
        out = Path(tempfile.mkdtemp(prefix="align-", dir=self.workdir))
        step(0.05, "stage_reading")
        if upload is not None:
            check_upload(upload)
            local = out / ("plan" + upload.suffix.lower())  # our own name: nothing of the user's path is reused
            shutil.copyfile(upload, local)
            plan = read_plan(local)
            statements, unreadable, pages = list(plan.statements), plan.unreadable_pages, plan.page_count
            name = upload.name
        elif pasted.strip():
            statements = text_statements(pasted[:MAX_PASTED_CHARS])
            unreadable, pages = (), 0
            name = "pasted text"
        else:
            raise UploadError("error_nothing_to_align")
        step(0.2, "stage_embedding")
        report = align(
            statements,
            self.matchers(framework),
            self.embedder,
            plan=name,
            titles=titles,
            progress=lambda stage, fraction: step(0.2 + 0.7 * fraction, "stage_matching"),
            unreadable_pages=unreadable,
            page_count=pages,
        )
        step(0.92, "stage_reports")
        files = []
        for fmt in ("csv", "json", "md"):
            path = out / f"alignment.{fmt}"
            write_report(report, fmt, path)
            files.append(path)
        heatmap = out / "heatmap.png"
        write_heatmap(report, heatmap)
        return AlignResult(report, tuple(files), heatmap)
