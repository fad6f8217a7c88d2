"""The fake embedder stands in for the model in fast tests: it must behave like one."""

import numpy as np
import pytest

from indexer.errors import EmbeddingInputError
from indexer.model import Embedder, TextEmbedder
from indexer.model.fake import FakeEmbedder


def test_both_embedders_satisfy_the_protocol():
    assert isinstance(FakeEmbedder(), TextEmbedder) and isinstance(Embedder(), TextEmbedder)  # Embedder loads lazily


def test_fake_vectors_are_deterministic_unit_rows_with_zero_rows_for_blank_texts():
    fake = FakeEmbedder(dimension=32)
    texts = ["Affordable housing for all", "", "   ", "公共交通"]
    out = fake.encode(texts, "passage")
    assert out.shape == (4, 32) and out.dtype == np.float32
    assert np.allclose(np.linalg.norm(out[[0, 3]], axis=1), 1) and not out[[1, 2]].any()
    assert np.array_equal(out, FakeEmbedder(dimension=32).encode(texts, "passage"))


def test_fake_respects_kind_and_similar_texts_are_near():
    fake = FakeEmbedder()
    query, passage = fake.encode(["bus lanes"], "query")[0], fake.encode(["bus lanes"], "passage")[0]
    assert not np.allclose(query, passage)
    near, far = fake.encode(["new bus lanes in every district", "green bonds for municipal finance"], "passage")
    assert query @ near > query @ far
    with pytest.raises(EmbeddingInputError):
        fake.encode(["x"], "document")
    with pytest.raises(EmbeddingInputError):
        fake.encode("a single string", "query")
