"""The Search tab's results: hits folded into one result per framework item (its language
versions together, the wanted one in front) and one per article of a document (its other
paragraphs behind a toggle), each with its closeness to the question in words. No engines here:
search_service.py searches, measures the cosines and highlights, and hands the hits to these."""

from __future__ import annotations

from dataclasses import dataclass, replace

from indexer.frameworks.model import STATUSES as TEXT_STATUSES  # a framework text's status, not a quality flag
from search.articles import article_key

# The words for a result's closeness, from the cosine of the question to its best text
# (multilingual-e5-small cosines sit in a narrow band, so a raw 0.83 reads as noise). They say
# how close a text is, not that it supports anything (that is the Align tab's calibrated
# strength): over 900 of the team's labelled plan statements used as questions, a framework's five
# nearest items had cosine >= 0.86 in 1 case in 5 and >= 0.82 in 1 in 2; 0.86 and 0.82 split
# them into a short head, a middle and a tail.
STRONG_COSINE = 0.86
PARTIAL_COSINE = 0.82
Families = dict[tuple[str, str], int]  # (document, label) -> the family of its article's language versions


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
    also: tuple = ()  # a document article's other hits (its own and its language versions'), behind toggles

    @property
    def status(self) -> str:
        """A framework text's status (official / working-translation / summary), or ""."""
        return next((f for f in self.hit.flags if f in TEXT_STATUSES), "") if self.item else ""


def strength(cosine: float, named: bool = False) -> str:
    """-> strong | partial | weak; an item the question names ("Cairo 6") is a strong match."""
    if named:
        return "strong"
    return "strong" if cosine >= STRONG_COSINE else "partial" if cosine >= PARTIAL_COSINE else "weak"


def _item_of(hit) -> str:
    """A framework item's id ("" for a document hit)."""
    return hit.label if hit.doc.startswith("framework:") else ""


def _fold_key(hit, families: Families):
    """The item, or the language versions of the document's article (search/versions.py), or
    the article (search/articles.py), or None: hits with one key fold."""
    article = article_key(hit.doc, hit.label)
    family = families.get(article) if article else None
    return _item_of(hit) or (("versions", family) if family is not None else article)


def folded(hits: list, cosines: dict[str, float], k: int, families: Families | None = None) -> list[Result]:
    """One result per item or article, at most k, in the order of `hits` (best first): a later
    version of an item, or hit of an article or of its versions in other languages (`families`:
    (document, label) -> its family, SearchEngine.families), already shown folds into its
    result (its cosine the best of theirs; an article's hit behind the toggle)."""
    families = families or {}
    out: list[Result] = []
    seen: dict = {}  # fold key -> its result's place in `out`
    for hit in hits:
        item, key = _item_of(hit), _fold_key(hit, families)
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
    return out


def in_language(result: Result, wanted: str) -> Result:
    """A document article's result with its version in `wanted` in front, when that version's
    hit is folded behind it (the question's language reads first, as for a framework item);
    the one shown before goes behind the toggle with the other versions."""
    if result.item or result.hit.lang == wanted:
        return result
    mine = [h for h in result.also if h.lang == wanted and h.doc != result.hit.doc]
    if not mine:
        return result
    front = mine[0]
    rest = tuple(h for h in result.also if h.chunk_id != front.chunk_id)
    return replace(result, hit=front, also=(result.hit, *rest))


def shown_hits(results: list[Result], hits: list, families: Families | None = None) -> list:
    """The hits the results show: each result's own and every hit folded into one (an item's
    other versions, an article's other paragraphs and versions), in the order of `hits`."""
    families = families or {}
    keys = {key for r in results if (key := _fold_key(r.hit, families))}
    shown = {r.hit.chunk_id for r in results} | {h.chunk_id for h in hits if _fold_key(h, families) in keys}
    return [h for h in hits if h.chunk_id in shown]


def item_result(result: Result, hits: list, framework, texts, wanted: str, ui_lang: str = "en") -> Result:
    """The item's version in `wanted` in front (a retrieved one, among the item's `hits`, keeps
    its highlights), every other of its `texts` behind it, and its crosswalk links; its section
    path in `ui_lang` (it is the interface's text, not the document's). `framework`: the item's,
    or None when the corpus no longer has it."""
    from search.links import linked_items

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
        Version(v.lang, v.status, v.text, by_key[(v.lang, v.status)].highlights if (v.lang, v.status) in by_key else ())
        for v in versions[1:]
    )
    return Result(
        shown or result.hit, result.cosine, result.strength, result.item, others, tuple(linked_items(result.item))
    )
