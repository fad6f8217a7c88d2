"""The app's searches: hits from the documents and the frameworks, and the PDF page each hit
comes from (an image for the preview, a link the app may serve)."""

from __future__ import annotations

from pathlib import Path

from search.ui.engines import Engines
from search.ui.library_service import library_dirs


class SearchService:
    def __init__(self, engines: Engines):
        self.engines = engines

    def search(
        self, query: str, source: str = "all", lang: str = "", doc: str = "", clean_only: bool = False, k: int = 10
    ):
        """-> hits, best first. source: all | documents | a framework id."""
        langs = (lang,) if lang else ()
        hits = []
        if source in ("all", "documents"):
            docs = self.engines.get("documents")
            if docs is not None:
                hits += docs.search(query, k, langs=langs, doc=doc or None)
        if source != "documents" and not doc:
            framework = None if source == "all" else source
            hits += self.engines.get("frameworks").search(query, k, langs=langs, framework=framework)
        if clean_only:
            hits = [h for h in hits if not set(h.flags) - {"official", "working-translation", "summary"}]
        return sorted(hits, key=lambda h: -h.score)[:k]

    def _pdf_of(self, hit) -> Path | None:
        """The indexed PDF file a hit comes from, when it is a PDF page that is still there."""
        docs = self.engines.get("documents")
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
        from search.ui.demo import samples_dir

        return [str(samples_dir()), str(library_dirs()[0])]

    def page_link(self, hit) -> str | None:
        path = self._pdf_of(hit)
        if path is None or not any(path.is_relative_to(Path(d).resolve()) for d in self.allowed_dirs()):
            return None
        return f"/gradio_api/file={path}#page={hit.page}"
