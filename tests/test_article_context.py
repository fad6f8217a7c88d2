"""A document hit scored with its article's other paragraphs (search/articles.py) and folded
with them into one card in the app; fake embedder."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from indexer.documents import Chunk
from indexer.index.builder import IndexBuilder
from indexer.index.store import IndexData, make_faiss
from indexer.model.fake import FakeEmbedder
from search.articles import article_groups, with_articles
from search.engine import SearchEngine

DECLARATION = """Article 1

Clean water for all. Every household is connected to safe drinking water.

Wastewater is treated before it reaches the rivers.

Data on water quality are published every month.

Article 2

Decent housing. Everyone has a home they can afford.

Informal settlements are upgraded with their residents.

Data on rents are published every year.
"""

SECTIONS = """# Water and sanitation

The city treats all wastewater by 2030.

# Housing

Rents in public housing are capped at a quarter of household income.

Two thousand homes are built for students near the university.
"""

ARABIC = (
    "المادة 3\n\nالنقل العام. توسيع شبكة الحافلات في جميع الأحياء وربطها بالقطارات ومحطات الدراجات حتى يصل كل"
    " ساكن إلى عمله ومدرسته في أقل من نصف ساعة دون سيارة خاصة.\n\nتخفيض أسعار التذاكر للطلاب.\n"
)


def _chunk(i: int, text: str, label: str = "", section: tuple[str, ...] = (), doc: str = "d") -> Chunk:
    return Chunk(f"{doc}:{i}", doc, "t", "s", (1,), section, label, "en", text, 0, len(text))


@pytest.fixture()
def built(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "declaration.md").write_text(DECLARATION, encoding="utf-8")
    (folder / "plan.md").write_text(SECTIONS, encoding="utf-8")
    (folder / "ar.txt").write_text(ARABIC, encoding="utf-8")
    return folder


class Shifted(FakeEmbedder):
    """The same chunks embedded otherwise (as another backend would)."""

    def encode(self, texts, kind="passage", **kw):
        vectors = np.roll(super().encode(texts, kind, **kw), 1, axis=1)
        return vectors


def test_hub_levels_follow_the_vectors_not_only_the_chunks(tmp_path, built, monkeypatch):
    from search.hubness import hub_levels

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    embedder = FakeEmbedder()
    bare, titled = tmp_path / "bare", tmp_path / "other"
    IndexBuilder(bare, embedder, use_ocr=False).build([built])
    IndexBuilder(titled, Shifted(), use_ocr=False).build([built])
    for root in (bare, titled):  # the same chunks, other vectors: never the other's cached levels
        engine = SearchEngine(root, embedder)
        assert np.allclose(engine.hub, hub_levels(engine.data.vectors))


def test_article_scores_add_a_share_of_the_best_other_chunks_of_the_article():
    rng = np.random.default_rng(0)
    for _ in range(200):
        n = 40
        groups = rng.integers(-1, 6, n)
        rows = rng.choice(n, rng.integers(1, 30), replace=False)
        scores = rng.normal(0.5, 0.4, len(rows)).astype(np.float32)
        got = with_articles(rows, scores, groups, 0.3, 3)
        for k, row in enumerate(rows):
            others = sorted(
                (max(float(s), 0.0) for j, s in enumerate(scores) if j != k and groups[rows[j]] == groups[row]),
                reverse=True,
            )[:3]
            want = scores[k] + (0.3 * sum(others) if groups[row] >= 0 else 0.0)
            assert np.isclose(got[k], want, atol=1e-5)
    assert np.array_equal(with_articles(rows, scores, groups, 0.0), scores)


def test_articles_are_a_documents_labels_and_framework_items_stand_alone():
    chunks = [
        _chunk(0, "a", "Article 1"),
        _chunk(1, "b", "Article 1"),
        _chunk(2, "c", "Article 1", doc="e"),
        _chunk(3, "d"),
        replace(_chunk(4, "e", "cairo:6"), doc_id="framework:cairo"),
        replace(_chunk(5, "f", "cairo:6"), doc_id="framework:cairo"),
    ]
    groups = article_groups(chunks)
    assert groups[0] == groups[1] != groups[2] >= 0 and list(groups[3:]) == [-1, -1, -1]


def _engine(chunks: list[Chunk], vectors: np.ndarray) -> SearchEngine:
    data = IndexData(Path("."), {"model": {"name": "fake"}}, tuple(chunks), vectors, make_faiss(vectors), None)
    engine = SearchEngine(data, FakeEmbedder(dimension=4))
    engine.hubness = "none"
    return engine


def test_an_article_with_several_answering_paragraphs_overtakes_one_closer_paragraph(monkeypatch):
    # the query's vector is e0; article 1 has one paragraph at 0.80, article 2 three at 0.78, 0.7, 0.6
    def unit(c: float) -> list[float]:
        return [c, float(np.sqrt(1 - c * c)), 0.0, 0.0]

    cos = [0.80, 0.78, 0.70, 0.60, 0.1]
    labels = ["Article 1", "Article 2", "Article 2", "Article 2", "Article 3"]
    chunks = [_chunk(i, f"paragraph {i}", label) for i, label in enumerate(labels)]
    vectors = np.array([unit(c) for c in cos], np.float32)
    engine = _engine(chunks, vectors)
    monkeypatch.setattr(engine.embedder, "encode", lambda texts, kind="passage", **_: np.eye(4, dtype=np.float32)[:1])
    hits = engine.search("water", 5, mode="dense", highlight=False)
    assert [h.chunk_id for h in hits][:2] == ["d:1", "d:2"]  # the best paragraph of the best article first
    engine.article_share = 0.0
    assert engine.search("water", 1, mode="dense", highlight=False)[0].chunk_id == "d:0"


def test_the_app_folds_an_articles_hits_into_one_card(tmp_path, built, monkeypatch):
    from search.ui.cards import result_cards
    from search.ui.services import Services

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    embedder = FakeEmbedder()
    IndexBuilder(tmp_path / "index", embedder, use_ocr=False).build([built])
    service = Services.start(tmp_path / "index", embedder, tmp_path / "app").search
    query = "data published water rents wastewater housing"
    hits = service.search(query, "documents", k=30)
    results = service.results(query, "documents", k=10)
    keys = [(r.hit.doc, r.hit.label) for r in results if r.hit.label]
    assert len(keys) == len(set(keys))  # one card per article
    folded = [r for r in results if r.also]
    assert folded and all((h.doc, h.label) == (r.hit.doc, r.hit.label) for r in folded for h in r.also)
    article_1 = [h.chunk_id for h in hits if h.label == "Article 1"]
    card_1 = next(r for r in results if r.hit.label == "Article 1")
    assert [card_1.hit.chunk_id, *(h.chunk_id for h in card_1.also)] == article_1  # best first, the rest in order
    assert card_1.cosine == max(service._cosines(query, hits)[c] for c in article_1)
    html = result_cards(results, "fr")
    assert "Aussi dans cet article" in html and html.count('class="pa-card"') == len(results)
