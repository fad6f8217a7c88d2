"""Language versions of one document: an article is scored with its versions in the other
languages of the library.

Why: UN texts come in six languages, and a library often holds several of them. A question in
Chinese finds the right article of the Chinese version first far more often than the right
article of the Arabic version (the model's cross-lingual reach is weaker than its reach within a
language; eval/RESULTS.md, issue 15). When the Arabic document is known to be a version of the
Chinese one, its article 11 is as relevant as the Chinese article 11: each article's score moves
towards the mean of its versions' scores, so the version in the language a reader filters on
ranks as well as the question's own language allows.

Two documents are versions of each other when they are in different languages, share most of
their article numbers ("Article 11", "第十一条" and "المادة 11" are one number), and their
articles pair up by content too: same-numbered articles are each other's nearest for most
numbers (two unrelated laws both numbered 1-17 do not). Versions link transitively.

A framework item's texts in its languages (one item id, "cairo:6") are versions by definition:
the item in each language is an article of the item's family, so a question filtered to one
language finds the item whose versions answer it.

Shapes: scores (n,) one per chunk row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from indexer.documents import Chunk
from indexer.structure.units import note_mark
from search.articles import article_key
from search.references import zh_number

SHARE = 0.5  # how far an article's score moves towards the mean of its versions' scores
MIN_ARTICLES = 3  # fewer shared article numbers: too little to tell versions apart from chance
SHARED = 0.8  # of either document's article numbers the other must have (versions have the same articles)
PAIRED = 0.6  # of the shared numbers whose articles are each other's nearest by content
CANDIDATES = 2  # documents of each other language a document is tested against, the nearest by content

_NUMBERS = re.compile(r"\d+(?:\.\d+)*|[一二三四五六七八九十百千零〇两]+")
_SUB = re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,5})\)$")


@lru_cache(maxsize=65536)
def label_number(label: str) -> str | None:
    """The language-neutral number of an article label: "Article 11", "第十一条", "المادة 11"
    and "11" are "11"; "(a)" is "(a)"; None for a label without a number (a heading)."""
    if _SUB.match(label or ""):
        return label
    if note_mark(label or "") is not None:  # a footnote ("[3]") is no article
        return None
    found = _NUMBERS.findall(label or "")
    if not found:
        return None
    return ".".join(n if n[0].isdigit() else str(zh_number(n) or n) for n in found)


@dataclass(frozen=True)
class Versions:
    """The linked articles of an index (a framework item in one language is an article too): their
    chunk rows grouped by article, and each article's family."""

    rows: np.ndarray  # (r,) chunk rows of linked articles, article by article
    starts: np.ndarray  # (a,) where each article's rows begin in `rows`
    article_of: np.ndarray  # (r,) the article of each of `rows`
    family: np.ndarray  # (a,) each article's family (one article number in a group of versions)

    @classmethod
    def of(cls, chunks: Sequence[Chunk], vectors: np.ndarray) -> Versions:
        """The chunks (n) and their unit vectors (n, d), centred or raw (for the content check)."""
        by_doc = _numbered_articles(chunks)
        langs = {d: _main_language(chunks, articles) for d, articles in by_doc.items()}
        groups = _linked_groups(by_doc, langs, vectors)
        rows, starts, family, numbers = [], [], [], {}
        for (item, _), item_rows in sorted(_item_versions(chunks).items()):
            starts.append(len(rows))
            rows += item_rows
            family.append(numbers.setdefault(item, len(numbers)))
        for group in groups:
            for doc in group:
                for number, article_rows in sorted(by_doc[doc].items()):
                    starts.append(len(rows))
                    rows += article_rows
                    family.append(numbers.setdefault((group[0], number), len(numbers)))
        starts_array = np.array(starts, np.int64)
        article_of = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts_array, len(rows)]))
        return cls(np.array(rows, np.int64), starts_array, article_of, np.array(family, np.int64))

    def __bool__(self) -> bool:
        return bool(len(self.rows))

    def by_article(self, chunks: Sequence[Chunk]) -> dict[tuple[str, str], int]:
        """(document, label) -> its family, for the chunks (the ones this was made of) of every linked article."""
        family = self.family[self.article_of]
        return {(chunks[row].doc_id, chunks[row].label): int(f) for row, f in zip(self.rows, family)}

    def shift(self, scores: np.ndarray, share: float = SHARE) -> np.ndarray:
        """(n,) chunk scores -> (n,) how far each chunk moves: for a chunk of a linked article
        `share` x (the mean of its family's articles' best scores - its own article's best), 0
        for any other chunk."""
        out = np.zeros(len(scores), np.float32)
        if share <= 0 or not self:
            return out
        best = np.maximum.reduceat(np.asarray(scores, np.float32)[self.rows], self.starts)
        mean = np.bincount(self.family, weights=best) / np.bincount(self.family)
        out[self.rows] = (share * (mean[self.family] - best))[self.article_of]
        return out


def _item_versions(chunks: Sequence[Chunk]) -> dict[tuple[tuple[str, str], str], list[int]]:
    """((framework, item id), language) -> its chunk rows, for the items of two or more languages."""
    out: dict[tuple[tuple[str, str], str], list[int]] = {}
    for row, chunk in enumerate(chunks):
        if chunk.doc_id.startswith("framework:") and chunk.label:
            out.setdefault(((chunk.doc_id, chunk.label), chunk.lang), []).append(row)
    languages = Counter(item for item, _ in out)
    return {key: rows for key, rows in out.items() if languages[key[0]] > 1}


def _numbered_articles(chunks: Sequence[Chunk]) -> dict[str, dict[str, list[int]]]:
    """document -> article number -> its chunk rows, for documents of MIN_ARTICLES numbers or more."""
    by_doc: dict[str, dict[str, list[int]]] = {}
    for row, chunk in enumerate(chunks):
        number = label_number(chunk.label) if article_key(chunk.doc_id, chunk.label) else None
        if number is not None:
            by_doc.setdefault(chunk.doc_id, {}).setdefault(number, []).append(row)
    return {d: articles for d, articles in by_doc.items() if len(articles) >= MIN_ARTICLES}


def _main_language(chunks: Sequence[Chunk], articles: dict[str, list[int]]) -> str:
    langs = [chunks[row].lang for rows in articles.values() for row in rows]
    return max(set(langs), key=langs.count)


def _centroids(articles: dict[str, list[int]], vectors: np.ndarray) -> dict[str, np.ndarray]:
    out = {}
    for number, rows in articles.items():
        mean = vectors[rows].mean(axis=0)
        out[number] = mean / max(float(np.linalg.norm(mean)), 1e-9)
    return out


def _linked_groups(by_doc: dict[str, dict[str, list[int]]], langs: dict[str, str], vectors) -> list[list[str]]:
    """Groups of two or more documents, each pair in other languages linked when they are
    versions of one text (transitively: a union-find over the pairs). Only each document's
    CANDIDATES closest documents of each other language (by their mean vectors) are tested: a
    library of many numbered documents is not compared pair by pair."""
    docs = sorted(by_doc)
    parent = {d: d for d in docs}
    centroids = {d: _centroids(by_doc[d], vectors) for d in docs}

    def root(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for a, b in _candidates(docs, langs, centroids):
        shared = by_doc[a].keys() & by_doc[b].keys()
        if len(shared) < max(MIN_ARTICLES, SHARED * max(len(by_doc[a]), len(by_doc[b]))) or root(a) == root(b):
            continue
        if _paired(centroids[a], centroids[b], sorted(shared)):
            parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for d in docs:
        groups.setdefault(root(d), []).append(d)
    return [members for members in groups.values() if len(members) > 1]


def _candidates(docs: list[str], langs: dict[str, str], centroids: dict) -> set[tuple[str, str]]:
    """(a, b) pairs, a before b in `docs`: b among a's CANDIDATES nearest documents in b's
    language, or a among b's (a version is the text nearest its original in its language)."""
    if len(docs) < 2:
        return set()
    means = np.stack([np.mean(list(centroids[d].values()), axis=0) for d in docs])
    means /= np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-9)
    doc_langs = np.array([langs[d] for d in docs])
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(docs), 1024):  # a block of rows at a time: a large library's matrix stays small
        sims = means[start : start + 1024] @ means.T
        for lang in np.unique(doc_langs):
            columns = np.flatnonzero(doc_langs == lang)
            top = columns[np.argsort(-sims[:, columns], axis=1, kind="stable")[:, :CANDIDATES]]
            for offset, row in enumerate(top):
                i = start + offset
                pairs.update((min(i, j), max(i, j)) for j in row if doc_langs[j] != doc_langs[i])
    return {(docs[i], docs[j]) for i, j in pairs}


def _paired(a: dict[str, np.ndarray], b: dict[str, np.ndarray], shared: list[str]) -> bool:
    """Whether two documents' same-numbered articles (number -> centroid) are each other's
    nearest for PAIRED of the `shared` numbers: the same text, not two texts numbered alike."""
    sims = np.stack([a[n] for n in shared]) @ np.stack([b[n] for n in shared]).T
    same = np.arange(len(shared))
    mutual = (sims.argmax(axis=1) == same) & (sims.argmax(axis=0) == same)
    return float(mutual.mean()) >= PAIRED
