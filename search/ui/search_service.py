"""The app's searches: hits from the documents and the frameworks folded into results (one per
framework item, its language versions together; one per article of a document, its other
paragraphs behind a toggle), each with its cosine to the question, and the
PDF page a document hit comes from (an image for the preview, a link the app may serve)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from search.articles import article_key
from search.ui.engines import Engines
from search.ui.library_service import library_dirs

# The words for a result's closeness, from the cosine of the question to its best text
# (multilingual-e5-small cosines sit in a narrow band, so a raw 0.83 reads as noise). They say
# how close a text is, not that it supports anything (that is the Align tab's calibrated
# strength): over 900 of the team's labelled plan statements used as questions, a framework's five
# nearest items had cosine >= 0.86 in 1 case in 5 and >= 0.82 in 1 in 2; 0.86 and 0.82 split
# them into a short head, a middle and a tail.
STRONG_COSINE = 0.86
PARTIAL_COSINE = 0.82
TEXT_STATUSES = ("official", "working-translation", "summary")  # a framework text's status, not a quality flag


@dataclass(frozen=True)
class Version:
    """One language version of a framework item (from its framework, when no hit carried it)."""

    lang: str
    status: str
    text: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Result:
    hit: object  # the search.hits.Hit shown (for an item: its version in the wanted language)
    cosine: float  # the best cosine of the question to any of its texts
    strength: str  # strong | partial | weak (see STRONG_COSINE)
    item: str = ""  # a framework item's id ("" for a document hit)
    others: tuple[Version, ...] = ()  # the item's other language versions, behind a toggle
    links: tuple[dict, ...] = ()  # the crosswalk's links of the item (search.links.linked_items)
    also: tuple = ()  # a document article's other hits (same document and label), behind a toggle

    @property
    def status(self) -> str:
        """A framework text's status (official / working-translation / summary), or ""."""
        return next((f for f in self.hit.flags if f in TEXT_STATUSES), "") if self.item else ""


def strength(cosine: float, named: bool = False) -> str:
    """-> strong | partial | weak; an item the question names ("Cairo 6") is a strong match."""
    if named:
        return "strong"
    return "strong" if cosine >= STRONG_COSINE else "partial" if cosine >= PARTIAL_COSINE else "weak"


class SearchService:
    def __init__(self, engines: Engines):
        self.engines = engines
        self._positions: dict[int, dict[str, int]] = {}  # id(index data) -> chunk id -> row
        self._frameworks: dict | None = None

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
        from dataclasses import replace

        from indexer.language import detect

        # versions of one item fold into one, and so do the hits of one article of a document
        # (search/articles.py ranks its best one first); only the hits shown get highlights
        hits = self.search(query, source, lang, doc, clean_only, 3 * k, highlight=False)
        cosines = self._cosines(query, hits)
        wanted = lang or detect(query) or ui_lang
        out: list[Result] = []
        seen: dict = {}  # fold key -> its result's place in `out`

        def item_of(hit) -> str:  # a framework item's id ("" for a document hit)
            return hit.label if hit.doc.startswith("framework:") else ""

        def fold_key(hit):  # the item, or the document's article (search/articles.py), or None
            return item_of(hit) or article_key(hit.doc, hit.label)

        for hit in hits:
            item, key = item_of(hit), fold_key(hit)
            if key and key in seen:  # a later version of an item, or of an article, already shown: fold it in
                n = seen[key]
                best = max(out[n].cosine, cosines[hit.chunk_id])
                named = out[n].strength == "strong" and out[n].cosine < STRONG_COSINE
                also = out[n].also if item else (*out[n].also, hit)
                out[n] = replace(out[n], cosine=best, strength=strength(best, named), also=also)
                continue
            if len(out) == k:
                continue
            if key:
                seen[key] = len(out)
            named = hit.score >= 1.0  # search/engine.py adds 1.0 to the item a question names
            out.append(Result(hit, cosines[hit.chunk_id], strength(cosines[hit.chunk_id], named), item))
        shown = {r.hit.chunk_id for r in out} | {h.chunk_id for h in hits if fold_key(h) in seen}
        marked = self.highlighted(query, [h for h in hits if h.chunk_id in shown])
        hits = [marked.get(h.chunk_id, h) for h in hits]
        out = [
            replace(r, hit=marked.get(r.hit.chunk_id, r.hit), also=tuple(marked.get(h.chunk_id, h) for h in r.also))
            for r in out
        ]
        return [
            self._item_result(r, [h for h in hits if h.label == r.item], wanted, ui_lang) if r.item else r for r in out
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
        """The item's version in `wanted` in front (a retrieved one keeps its highlights), every
        other version behind it, and its crosswalk links; its section path in `ui_lang` (it is
        the interface's text, not the document's)."""
        from dataclasses import replace

        from search.links import linked_items

        framework, texts = self._item_texts(result.item)
        versions = [Version(t.lang, t.status, f"{t.title}\n{t.text}".strip()) for t in texts]
        by_key = {(h.lang, next((f for f in h.flags if f in TEXT_STATUSES), "")): h for h in hits}
        rank = {s: n for n, s in enumerate(TEXT_STATUSES)}
        versions.sort(key=lambda v: (v.lang != wanted, (v.lang, v.status) not in by_key, rank.get(v.status, 9), v.lang))
        shown = by_key.get((versions[0].lang, versions[0].status)) if versions else None
        if shown is None and versions:  # the wanted language's text was not retrieved: shown as the item has it
            shown = replace(
                result.hit,
                lang=versions[0].lang,
                text=versions[0].text,
                highlights=(),
                flags=(versions[0].status,),
            )
        if shown is not None and framework is not None and texts:
            shown = replace(shown, section=framework.section_path(framework.item(result.item).section, ui_lang))
        others = tuple(
            Version(
                v.lang, v.status, v.text, by_key[(v.lang, v.status)].highlights if (v.lang, v.status) in by_key else ()
            )
            for v in versions[1:]
        )
        return Result(
            shown or result.hit, result.cosine, result.strength, result.item, others, tuple(linked_items(result.item))
        )

    def frameworks(self) -> dict:
        """The frameworks as loaded once (reading them costs more than a search); `forget_frameworks`
        after an official text is added."""
        if self._frameworks is None:
            from indexer.frameworks import load_frameworks

            self._frameworks = load_frameworks()
        return self._frameworks

    def forget_frameworks(self) -> None:
        self._frameworks = None
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
