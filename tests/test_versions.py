"""Language versions of one document scored together (search/versions.py): which documents are
linked, how far an article moves, and the engine's ranking with and without it; synthetic
vectors (the real model on a declaration in three languages is in test_versions_model.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexer.documents import Chunk
from indexer.index.store import IndexData, make_faiss
from search.engine import SearchEngine
from search.versions import Versions, label_number

D = 8
E = np.eye(D, dtype=np.float32)  # axes 0-3: the articles' topics; 6, 7: an "Arabic" and a "Russian" component
ARTICLE = {"en": "Article {}", "ar": "المادة {}", "zh": "第{}条", "ru": "Статья {}"}
ZH = {1: "一", 2: "二", 3: "三", 4: "四"}


def unit(v) -> np.ndarray:
    v = np.asarray(v, np.float32)
    return v / np.linalg.norm(v)


def label(lang: str, n: int) -> str:
    return ARTICLE[lang].format(ZH[n] if lang == "zh" else n)


def chunks_of(doc: str, lang: str, vectors: dict[int, np.ndarray]) -> list[tuple[Chunk, np.ndarray]]:
    return [
        (Chunk(f"{doc}:{n}", doc, doc, "s", (1,), (), label(lang, n), lang, f"{doc} {n}", 0, 5), v)
        for n, v in vectors.items()
    ]


def english() -> dict[int, np.ndarray]:
    return {n: E[n - 1] for n in range(1, 5)}


def arabic() -> dict[int, np.ndarray]:
    """The Arabic version: each article its topic plus an Arabic component; article 3 also leans
    towards article 2's topic (where a question about article 2 lands in Arabic)."""
    out = {n: unit(E[n - 1] + E[6]) for n in range(1, 5)}
    out[3] = unit(E[2] + 0.9 * E[1] + 0.5 * E[6])
    return out


def test_an_article_label_has_one_number_in_every_language():
    for text in ("Article 11", "Artículo 11", "Статья 11", "المادة 11", "第11条", "第十一条", "11"):
        assert label_number(text) == "11", text
    assert label_number("第3.2条") == "3.2"
    assert label_number("(b)") == "(b)"
    assert label_number("第一百条") == "一百"  # beyond what the reader of Chinese numbers knows: kept as written
    assert label_number("Introduction") is None and label_number("") is None


def test_versions_in_other_languages_are_linked_and_their_articles_paired():
    pairs = chunks_of("en", "en", english()) + chunks_of("ar", "ar", arabic()) + chunks_of("zh", "zh", english())
    chunks, vectors = [c for c, _ in pairs], np.stack([v for _, v in pairs])
    versions = Versions.of(chunks, vectors)
    families = {chunks[r].chunk_id: int(versions.family[versions.article_of[i]]) for i, r in enumerate(versions.rows)}
    assert len(families) == 12  # every article of the three documents
    for n in range(1, 5):
        assert families[f"en:{n}"] == families[f"ar:{n}"] == families[f"zh:{n}"]
    assert len(set(families.values())) == 4


@pytest.mark.parametrize(
    "other",
    [
        "same-language",  # two English documents are not language versions of each other
        "shuffled",  # same numbers, other contents: two unrelated texts numbered alike
        "few-numbers",  # two shared numbers are too few to tell
    ],
)
def test_documents_that_are_not_versions_stay_apart(other):
    first = chunks_of("en", "en", english())
    if other == "same-language":
        second = chunks_of("en2", "en", english())
    elif other == "shuffled":
        ar = arabic()
        second = chunks_of("ar", "ar", {1: ar[2], 2: ar[3], 3: ar[4], 4: ar[1]})
    else:
        first = chunks_of("en", "en", {n: E[n - 1] for n in (1, 2)})
        second = chunks_of("ar", "ar", {n: arabic()[n] for n in (1, 2)})
    pairs = first + second
    versions = Versions.of([c for c, _ in pairs], np.stack([v for _, v in pairs]))
    assert not versions and not versions.shift(np.ones(len(pairs)), 0.5).any()


def test_an_article_moves_half_way_to_the_mean_of_its_versions_best_scores():
    pairs = chunks_of("en", "en", english()) + chunks_of("ar", "ar", arabic())
    chunks, vectors = [c for c, _ in pairs], np.stack([v for _, v in pairs])
    versions = Versions.of(chunks, vectors)
    scores = np.array([0.9, 0.3, 0.2, 0.1, 0.5, 0.7, 0.2, 0.1], np.float32)  # en 1-4, ar 1-4
    shift = versions.shift(scores, 0.5)
    # article 1: best 0.9 (en) and 0.5 (ar), mean 0.7: en moves -0.1, ar +0.1
    assert shift[0] == pytest.approx(-0.1) and shift[4] == pytest.approx(0.1)
    assert shift[1] == pytest.approx(0.5 * (0.5 - 0.3)) and shift[5] == pytest.approx(0.5 * (0.5 - 0.7))
    assert not versions.shift(scores, 0.0).any()


class Question:
    """An embedder whose every query is one vector (the engine's only call in dense mode)."""

    name, backend, dimension = "fake", "fake", D

    def __init__(self, vector: np.ndarray):
        self.vector = vector

    def encode(self, texts, kind="passage", **kw):
        return np.stack([self.vector] * len(texts))


def engine(with_russian: bool = False) -> SearchEngine:
    pairs = chunks_of("en", "en", english()) + chunks_of("ar", "ar", arabic())
    if with_russian:  # a third version whose article 2 answers plainly
        pairs += chunks_of("ru", "ru", {n: unit(E[n - 1] + E[7]) for n in range(1, 5)})
    chunks, vectors = tuple(c for c, _ in pairs), np.stack([v for _, v in pairs]).astype(np.float32)
    data = IndexData(Path("."), {"model": {"name": "fake"}}, chunks, vectors, make_faiss(vectors), None)
    found = SearchEngine(data, Question(unit(E[1] + 0.3 * E[2])))  # a question about article 2
    found.hubness = "none"
    return found


@pytest.mark.parametrize("with_russian", [False, True])
def test_a_question_finds_the_right_article_of_the_arabic_version_through_the_others(with_russian):
    search = engine(with_russian)
    assert search.search("q", 1, doc="en", mode="dense")[0].label == "Article 2"
    search.version_share = 0.0
    assert search.search("q", 1, doc="ar", mode="dense")[0].label == "المادة 3"  # the Arabic miss
    search.version_share = 0.5
    hits = search.search("q", 4, doc="ar", mode="dense")
    assert [h.label for h in hits][:2] == ["المادة 2", "المادة 3"]
    assert search.search("q", 1, doc="en", mode="dense")[0].label == "Article 2"  # the English version keeps it


ENGLISH = """Article 1

Aquaville water. Every household in Aquaville is connected to safe drinking water by 2030.

Article 2

Domicilia housing. Domicilia builds homes that people on low incomes can afford.

Article 3

Viabus transport. The Viabus network reaches every neighbourhood with electric buses.

Article 4

Statistica data. Statistica publishes open data on every public service each month.
"""

FRENCH = """Article 1

L'eau à Aquaville. Chaque foyer d'Aquaville est raccordé à l'eau potable d'ici 2030.

Article 2

Le logement Domicilia. Domicilia construit des logements abordables pour les ménages modestes.

Article 3

Les transports Viabus. Le réseau Viabus dessert chaque quartier avec des bus électriques.

Article 4

Les données Statistica. Statistica publie chaque mois des données ouvertes sur chaque service public.
"""


def test_the_app_folds_an_articles_language_versions_into_one_card(tmp_path, monkeypatch):
    from indexer.index.builder import IndexBuilder
    from indexer.model.fake import FakeEmbedder
    from search.ui.cards import result_cards
    from search.ui.services import Services

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "declaration-en.md").write_text(ENGLISH, encoding="utf-8")
    (folder / "declaration-fr.md").write_text(FRENCH, encoding="utf-8")
    embedder = FakeEmbedder()
    IndexBuilder(tmp_path / "index", embedder, use_ocr=False).build([folder])
    service = Services.start(tmp_path / "index", embedder, tmp_path / "app").search
    docs = service.engines.get("documents")
    assert {c.lang for c in docs.data.chunks} == {"en", "fr"}
    assert len(set(docs.families.values())) == 4  # the four articles, each in two documents
    query = "Viabus electric buses network"
    hits = service.search(query, "documents", k=30)
    assert {(h.lang, h.label) for h in hits[:4]} >= {("en", "Article 3"), ("fr", "Article 3")}
    results = service.results(query, "documents", k=10)
    card = results[0]
    assert card.hit.label == "Article 3"
    assert card.hit.lang == "en"  # the question's language in front
    assert {(h.lang, h.label) for h in card.also} == {({"en": "fr", "fr": "en"}[card.hit.lang], "Article 3")}
    assert all(r.hit.label != "Article 3" for r in results[1:])  # one card for both versions
    html = result_cards(results, "en")
    assert "Other language versions (1)" in html and "Also in this article" not in html


def test_the_questions_language_version_of_an_article_is_shown_in_front():
    from search.hits import Hit
    from search.ui.results import Result, in_language

    def hit(doc, lang, n, part=0):
        chunk = Chunk(f"{doc}:{n}:{part}", doc, doc, "s", (1,), (), label(lang, n), lang, f"{doc} {n}", 0, 5)
        return Hit.of_chunk(chunk, 0.5, ())

    en, en_more, ar, zh = hit("en", "en", 2), hit("en", "en", 2, 1), hit("ar", "ar", 2), hit("zh", "zh", 2)
    card = Result(en, 0.8, "partial", also=(en_more, zh, ar))
    front = in_language(card, "ar")
    assert front.hit is ar and front.cosine == 0.8
    assert {h.chunk_id for h in front.also} == {en.chunk_id, en_more.chunk_id, zh.chunk_id}
    assert in_language(card, "en") is card and in_language(card, "fr") is card  # shown already / no such version
    assert in_language(Result(en, 0.8, "partial", also=(en_more,)), "ar").hit is en  # its own paragraphs only


def test_a_framework_items_languages_are_its_versions():
    def item(row: int, label: str, lang: str) -> Chunk:
        return Chunk(f"f:{row}", "framework:cairo", "Cairo", "s", (), (), label, lang, "t", 0, 1)

    chunks = [item(0, "cairo:1", "en"), item(1, "cairo:1", "ar"), item(2, "cairo:1", "ar"), item(3, "cairo:2", "en")]
    versions = Versions.of(chunks, np.eye(4, dtype=np.float32))
    assert sorted(versions.rows.tolist()) == [0, 1, 2]  # cairo:2 has one language: nothing to score it with
    scores = np.array([0.9, 0.5, 0.3, 0.8], np.float32)
    # cairo:1 in English (best 0.9) and in Arabic (best 0.5): both move half-way to 0.7
    assert versions.shift(scores, 0.5).tolist() == pytest.approx([-0.1, 0.1, 0.1, 0.0])
