"""The dense pool re-ranked with each chunk's best sentence (search/sentence_rank.py)."""

import numpy as np

from indexer.documents import Chunk
from indexer.index.sentences import SentenceVectors
from indexer.index.store import IndexData
from indexer.model.fake import FakeEmbedder
from search.centring import CentredIndex, LanguageMeans
from search.sentence_rank import best_sentence_cosines, with_best_sentences


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def _store(rng, counts: list[int], dim: int) -> SentenceVectors:
    rows = np.repeat(np.arange(len(counts)), counts)
    spans = np.stack([rows, np.zeros_like(rows), np.ones_like(rows)], axis=1).astype(np.int32)
    return SentenceVectors.of(_unit(rng.standard_normal((len(rows), dim))).astype(np.float16), spans, len(counts))


def test_best_sentence_cosines_are_each_chunks_maximum_and_nan_without_sentences():
    rng = np.random.default_rng(0)
    counts = [3, 0, 2, 4, 1]
    store = _store(rng, counts, 16)
    query = _unit(rng.standard_normal(16))
    rows = np.array([3, 1, 0, 4])  # a pool in any order, a chunk without sentences among them
    got = best_sentence_cosines(store, rows, query, None)
    for k, row in enumerate(rows):
        own = store.vectors[store.starts[row] : store.starts[row + 1]].astype(np.float32)
        if len(own):
            assert np.isclose(got[k], (own @ query).max(), atol=1e-6)
        else:
            assert np.isnan(got[k])
    mixed = with_best_sentences(np.full(4, 0.5, np.float32), store, rows, query, None)
    assert mixed[1] == 0.5 and np.isclose(mixed[0], (0.5 + got[0]) / 2)


def test_centred_sentence_cosines_match_centring_each_vector():
    rng = np.random.default_rng(1)
    dim, counts = 16, [2, 3, 2, 2]
    store = _store(rng, counts, dim)
    vectors = _unit(rng.standard_normal((4, dim)) + 3.0)
    langs = ["en", "en", "fr", "fr"]
    means = LanguageMeans(("en", "fr"), _unit(rng.standard_normal((3, dim))) * 0.5)
    centred = CentredIndex.of(means, vectors, langs)
    query = _unit(rng.standard_normal(dim))
    rows = np.arange(4)
    got = best_sentence_cosines(store, rows, query, centred)
    q = _unit(query - means.means[0])
    for row in rows:
        own = store.vectors[store.starts[row] : store.starts[row + 1]].astype(np.float32)
        want = (_unit(own - means.means[means.row(langs[row])]) @ q).max()
        assert np.isclose(got[row], want, atol=1e-5)


def test_a_chunk_saying_what_the_query_says_in_one_sentence_comes_first():
    """Chunk 0's vector is the nearest to the query, but chunk 1 holds a sentence that says
    what the query says: with the sentences it ranks first, without them second."""
    from search.engine import SearchEngine

    embedder = FakeEmbedder(dimension=32)
    query = "flood barriers along the river"
    qvec = embedder.encode([query], "query")[0]
    rng = np.random.default_rng(2)
    noise = _unit(rng.standard_normal((6, 32)))
    vectors = _unit(np.stack([qvec + 1.2 * noise[0], qvec + 1.4 * noise[1], noise[2], noise[3]]))
    sentence_rows = np.array([[0, 0, 5], [0, 6, 9], [1, 0, 5], [1, 6, 9]], dtype=np.int32)
    sentences = _unit(np.stack([qvec + 1.5 * noise[4], qvec + 1.5 * noise[5], qvec + 0.05 * noise[2], noise[3]]))
    store = SentenceVectors.of(sentences.astype(np.float16), sentence_rows, 4)
    chunks = tuple(Chunk(f"d:{i}", "d", "t", f"s{i}", (1,), (), str(i), "en", "a b. c d e.", 0, 11) for i in range(4))
    data = IndexData(None, {"model": {"name": embedder.name}}, chunks, vectors, None, store)
    engine = SearchEngine(data, embedder)
    engine.hubness = "none"
    assert int(np.argmax(vectors @ qvec)) == 0
    hits = engine.search(query, 2, mode="dense", highlight=False)
    assert [h.chunk_id for h in hits] == ["d:1", "d:0"]
    engine.best_sentences = False
    assert [h.chunk_id for h in engine.search(query, 2, mode="dense", highlight=False)] == ["d:0", "d:1"]
