"""Highlights from one pass per hit (search/highlight.py) and hubness correction
(search/hubness.py), on the fake embedder."""

import numpy as np

from indexer.documents import Chunk
from indexer.model.fake import FakeEmbedder


def _chunk(n: int, text: str, lang: str = "en") -> Chunk:
    return Chunk(f"d:{n}", "d", "t", f"s{n}", (1,), (), str(n), lang, text, 0, len(text))


class Counting(FakeEmbedder):
    def __init__(self):
        super().__init__()
        self.texts = 0

    def encode(self, texts, kind="passage", **kw):
        self.texts += len(texts)
        return super().encode(texts, kind, **kw)


def test_highlights_share_words_else_meaning_and_skip_single_sentences():
    from search.highlight import Highlighter

    embedder = Counting()
    chunks = [
        _chunk(0, "Bus lanes on every avenue. Parks for children. Water meters for each home."),
        _chunk(1, "A single sentence about nothing in particular"),
        _chunk(2, "Les parcs sont fermés. Water metering in each district home."),
    ]
    qvec = embedder.encode(["water meter homes"], "query")[0]
    embedder.texts = 0
    got = Highlighter(embedder, ("en",))(chunks, "parks", qvec)
    assert chunks[0].text[slice(*got[0][0])].strip() == "Parks for children."
    assert got[1] == ((0, len(chunks[1].text)),) and embedder.texts > 0  # chunk 2 needed meaning
    highlighter = Highlighter(embedder, ("en",))
    first = highlighter(chunks, "zzz", qvec)
    assert chunks[2].text[slice(*first[2][0])].strip().startswith("Water metering")
    before = embedder.texts
    assert highlighter(chunks, "zzz", qvec) == first and embedder.texts == before  # cached per chunk


def test_margin_demotes_a_chunk_that_is_close_to_everything():
    from search.hubness import corrected, hub_levels

    rng = np.random.default_rng(0)
    topics = rng.standard_normal((40, 16)).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    hub = topics.mean(axis=0)
    hub /= np.linalg.norm(hub)
    vectors = np.vstack([topics, hub[None, :]])
    levels = hub_levels(vectors, k=5)
    assert levels[-1] == levels.max()  # the centroid is every chunk's neighbour
    query = topics[3] * 0.5 + hub * 0.6
    query /= np.linalg.norm(query)
    raw = vectors @ query
    assert int(np.argmax(raw)) == 40  # the hub wins on raw cosine
    for method in ("csls", "margin"):
        assert int(np.argmax(corrected(raw, levels, method, k=5))) == 3
    assert np.array_equal(corrected(raw, levels, "none"), raw)
