"""Language centring of dense scores (search/centring.py): the same cosines as centring the
vectors outright, the engine ranks by them, and on the real model they find the right
language version of a Cairo call more often than raw cosines."""

import numpy as np
import pytest

from indexer.documents import Chunk
from indexer.index.store import IndexData
from indexer.model.fake import FakeEmbedder
from search.centring import MIN_ROWS, CentredIndex, LanguageMeans


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def _texts(rng, langs, n_per_lang=60, dim=24):
    """Unit vectors with a strong component per language, as a multilingual model's are."""
    offsets = {lang: 2.0 * rng.standard_normal(dim) for lang in langs}
    row_langs = [lang for lang in langs for _ in range(n_per_lang)]
    return _unit(rng.standard_normal((len(row_langs), dim)) + np.stack([offsets[x] for x in row_langs])), row_langs


def test_scores_are_the_cosines_of_the_centred_vectors():
    rng = np.random.default_rng(1)
    vectors, row_langs = _texts(rng, ("en", "zh", "ar"))
    row_langs[-3:] = ["xx"] * 3  # a language without a mean of its own: centred on the overall mean
    means = LanguageMeans.of(vectors, row_langs)
    assert means.langs == ("ar", "en", "zh")  # "xx" has fewer than MIN_ROWS texts
    assert 3 < MIN_ROWS
    centred = CentredIndex.of(means, vectors, row_langs)
    query = _unit(rng.standard_normal(vectors.shape[1]))
    expected = _unit(vectors - means.means[[means.row(x) for x in row_langs]]) @ _unit(query - means.means[0])
    assert np.allclose(centred.scores(vectors @ query, query), expected, atol=1e-5)


def test_centring_finds_the_same_text_across_a_language_gap():
    """Ten texts said in two languages: each language adds its own component. A query is one
    text's English version; among the Chinese versions raw cosines favour the ones nearest
    the English component, centred ones the right text."""
    rng = np.random.default_rng(3)
    dim, n = 32, 60
    meaning = rng.standard_normal((n, dim))
    en, zh = 3.0 * rng.standard_normal(dim), 3.0 * rng.standard_normal(dim)
    # each text's own share of its language's component differs (a short text is mostly language)
    share = rng.uniform(0.2, 1.8, (2, n, 1))
    vectors = _unit(np.vstack([meaning + share[0] * en, meaning + share[1] * zh]))
    row_langs = ["en"] * n + ["zh"] * n
    centred = CentredIndex.of(LanguageMeans.of(vectors, row_langs), vectors, row_langs)
    raw_right = centred_right = 0
    for i in range(n):
        query = vectors[i]
        raw = vectors @ query
        raw_right += int(np.argmax(raw[n:])) == i
        centred_right += int(np.argmax(centred.scores(raw, query)[n:])) == i
    assert centred_right > raw_right + 10, (raw_right, centred_right)


def test_the_engine_ranks_its_dense_side_by_centred_cosines():
    from search.engine import SearchEngine

    rng = np.random.default_rng(5)
    vectors, row_langs = _texts(rng, ("en", "fr"))
    chunks = tuple(
        Chunk(f"d:{i}", "d", "t", f"s{i}", (1,), (), str(i), lang, f"text {i}", 0, 6)
        for i, lang in enumerate(row_langs)
    )
    embedder = FakeEmbedder(dimension=vectors.shape[1])
    data = IndexData(None, {"model": {"name": embedder.name}}, chunks, vectors, None)
    means = LanguageMeans.of(vectors, row_langs)
    engine = SearchEngine(data, embedder, language_means=means)
    engine.hubness = "none"
    qvec = embedder.encode(["where is the river"], "query")[0]
    want = np.argsort(-CentredIndex.of(means, vectors, row_langs).scores(vectors @ qvec, qvec), kind="stable")[:5]
    hits = engine.search("where is the river", 5, mode="dense", highlight=False)
    assert [h.chunk_id for h in hits] == [f"d:{i}" for i in want]


@pytest.mark.slow
def test_the_right_cairo_call_in_another_language_comes_first_more_often():
    """The real model: each sentence of each Cairo call in one of six languages as a query, the
    call's version in each other language the answer (as eval/crosslingual_eval.py measures):
    raw cosines, language-centred ones, and those with each call's best sentence
    (search/sentence_rank.py, as the engine re-ranks its pool)."""
    from indexer.frameworks.indexing import load_framework_index
    from indexer.model import Embedder
    from search.hubness import corrected, hub_levels
    from search.sentence_rank import reranked
    from search.views import sentences

    embedder = Embedder()
    data = load_framework_index(embedder)
    assert data.sentences is not None
    langs = np.array([c.lang for c in data.chunks])
    calls = np.array([c.doc_id == "framework:cairo" and not c.label.startswith("cairo:preamble") for c in data.chunks])
    queries = [(c.label, c.lang, s) for c in np.array(data.chunks)[calls] for s in sentences(c.text)]
    assert len(queries) > 200 and set(langs[calls]) == {"ar", "en", "es", "fr", "ru", "zh"}
    qvecs = embedder.encode([text for _, _, text in queries], "query")
    hub = hub_levels(data.vectors)
    centred = CentredIndex.of(LanguageMeans.of_index(data), data.vectors, langs.tolist())
    right = {"raw": [], "centred": [], "best sentence": []}
    for (label, lang, _), qvec in zip(queries, qvecs):
        raw = data.vectors @ qvec
        cosines = centred.scores(raw, qvec)
        for target in set(langs[calls]) - {lang}:
            rows = np.flatnonzero(calls & (langs == target))
            for name, top in (
                ("raw", rows[np.argmax(corrected(raw, hub, "margin")[rows])]),
                ("centred", rows[np.argmax(corrected(cosines, hub, "margin")[rows])]),
                ("best sentence", reranked(rows, cosines, data.sentences, qvec, centred, hub, "margin")[0][0]),
            ):
                right[name].append(data.chunks[top].label == label)
    p1 = {name: float(np.mean(v)) for name, v in right.items()}
    assert p1["centred"] >= p1["raw"] + 0.01 and p1["centred"] >= 0.83, p1
    assert p1["best sentence"] >= 0.95, p1
