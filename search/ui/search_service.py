"""The app's searches: hits from the documents and the frameworks, each with its cosine to the
question, folded into results (results.py: one per framework item, one per article of a
document) and highlighted where a result shows them, and the PDF page a document hit comes from
(an image for the preview, a link the app may serve)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from indexer.frameworks import loaded
from search.ui.engines import Engines
from search.ui.library_service import library_dirs
from search.ui.results import TEXT_STATUSES, Result, folded, in_language, item_result, shown_hits


class SearchService:
    def __init__(self, engines: Engines):
        self.engines = engines
        self._positions: dict[int, dict[str, int]] = {}  # id(index data) -> chunk id -> row

    def search(
        self,
        query: str,
        source: str = "all",
        lang: str = "",
        doc: str = "",
        clean_only: bool = False,
        k: int = 10,
        highlight: bool = True,
    ):
        """-> hits, best first. source: all | documents | a framework id. `highlight=False`:
        without highlights (see `highlighted`)."""
        langs = (lang,) if lang else ()
        hits = []
        if source in ("all", "documents"):
            docs = self.engines.get("documents")
            if docs is not None:
                hits += docs.search(query, k, langs=langs, doc=doc or None, highlight=highlight)
        if source != "documents" and not doc:
            framework = None if source == "all" else source
            hits += self.engines.get("frameworks").search(
                query, k, langs=langs, framework=framework, highlight=highlight
            )
        if clean_only:
            hits = [h for h in hits if not set(h.flags) - set(TEXT_STATUSES)]
        return sorted(hits, key=lambda h: -h.score)[:k]

    def results(
        self,
        query: str,
        source: str = "all",
        lang: str = "",
        doc: str = "",
        clean_only: bool = False,
        ui_lang: str = "en",
        k: int = 10,
    ) -> list[Result]:
        """The hits of `search`, one result per framework item (shown in `lang`, else the
        question's language, else `ui_lang`), best first, at most k."""
        from indexer.language import detect

        # versions of one item fold into one, and so do the hits of one article of a document
        # (search/articles.py ranks its best one first); only the hits shown get highlights
        hits = self.search(query, source, lang, doc, clean_only, 3 * k, highlight=False)
        cosines = self._cosines(query, hits)
        wanted = lang or detect(query) or ui_lang
        docs = self.engines.get("documents")
        families = docs.families if docs is not None else {}
        out = folded(hits, cosines, k, families)
        marked = self.highlighted(query, shown_hits(out, hits, families))
        hits = [marked.get(h.chunk_id, h) for h in hits]
        out = [
            replace(r, hit=marked.get(r.hit.chunk_id, r.hit), also=tuple(marked.get(h.chunk_id, h) for h in r.also))
            for r in out
        ]
        return [
            self._item_result(r, [h for h in hits if h.label == r.item], wanted, ui_lang)
            if r.item
            else in_language(r, wanted)
            for r in out
        ]

    def highlighted(self, query: str, hits: list) -> dict:
        """chunk id -> the hit with its highlights, each by the engine it came from."""
        out = {}
        for source in ("documents", "frameworks"):
            engine = self.engines.get(source)
            mine = [h for h in hits if h.doc.startswith("framework:") == (source == "frameworks")]
            if engine is not None and mine:
                out.update((h.chunk_id, h) for h in engine.highlight(mine, query))
        return out

    def _item_result(self, result: Result, hits: list, wanted: str, ui_lang: str = "en") -> Result:
        """results.item_result with the item's framework and texts, as loaded once."""
        return item_result(result, hits, *self._item_texts(result.item), wanted, ui_lang)

    def frameworks(self) -> dict:
        """The frameworks as loaded once (reading them costs more than a search); `forget_frameworks`
        after an official text is added."""
        return loaded.frameworks()

    def forget_frameworks(self) -> None:
        loaded.forget()
        self.engines.forget_frameworks()

    def _item_texts(self, item_id: str):
        from indexer.frameworks.model import FrameworkError

        framework = self.frameworks().get(item_id.split(":", 1)[0])
        try:
            return framework, framework.item(item_id).texts if framework else ()
        except FrameworkError:  # an item the index knows but the corpus no longer has
            return framework, ()

    def _cosines(self, query: str, hits) -> dict[str, float]:
        """chunk id -> cosine of the question to it (the engines rank by fused ranks, not cosines)."""
        from search.hits import clean_query

        if not hits:
            return {}
        qvec = self.engines.embedder.encode([clean_query(query)], "query")[0]
        out = {}
        for source in ("documents", "frameworks"):
            engine = self.engines.get(source)
            if engine is None:
                continue
            rows = self._positions.get(id(engine.data))
            if rows is None:
                rows = self._positions[id(engine.data)] = {c.chunk_id: i for i, c in enumerate(engine.data.chunks)}
            for hit in hits:
                if hit.chunk_id in rows and hit.chunk_id not in out:
                    out[hit.chunk_id] = float(engine.data.vectors[rows[hit.chunk_id]] @ qvec)
        return {h.chunk_id: out.get(h.chunk_id, 0.0) for h in hits}

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
