import subprocess
import sys
import warnings

import numpy as np
import pytest

from indexer.errors import EmbeddingInputError, EmbeddingTruncationWarning, ModelSourceError
from indexer.model import Embedder
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_importing_the_library_loads_no_model_or_framework():
    code = (
        "import sys, app, indexer.model, search.cli\n"
        "from indexer.model import Embedder\n"
        "Embedder()\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'onnxruntime', 'transformers') if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("backend_fixture", ["fp32_embedder", "int8_embedder"])
def test_shapes_dtype_and_unit_rows(request, backend_fixture):
    embedder = request.getfixturevalue(backend_fixture)
    vectors = embedder.encode(["住房", "السكن", "housing", "logement"], "query")
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert embedder.encode([], "passage").shape == (0, 384)


def test_an_int8_vector_depends_on_its_own_text_only(int8_embedder):
    # Dynamic quantisation takes one activation scale per forward pass: texts run together
    # moved with their batch-mates and padding (cosine 0.9985), so one statement could match
    # differently in two plans. Each text now runs alone.
    texts = ["Affordable housing for all residents.", "城市交通", "السكن الميسر للجميع في المدن", "eau"]
    alone = np.vstack([int8_embedder.encode([t], "passage") for t in texts])
    crowd = ["a much longer neighbour that pads every other text in its batch " * 8, *texts, "x"]
    together = int8_embedder.encode(crowd, "passage")[1:-1]
    assert np.array_equal(alone, together)
    halves = [[(0, len(t) // 2), (len(t) // 2, len(t))] for t in texts]
    spans_alone = [int8_embedder.encode_spans([t], [h])[0] for t, h in zip(texts, halves)]
    spans_together = int8_embedder.encode_spans(texts, halves)
    assert all(np.array_equal(a, b) for a, b in zip(spans_alone, spans_together))


def test_query_and_passage_prefixes_give_different_vectors(int8_embedder):
    q, p = (
        int8_embedder.encode(["affordable housing"], "query"),
        int8_embedder.encode(["affordable housing"], "passage"),
    )
    assert 0.8 < float(q[0] @ p[0]) < 0.999


def test_cross_lingual_translation_is_nearest(int8_embedder):
    zh = ["城市应为低收入家庭提供负担得起的住房。", "地方政府需要更多的财政资源。", "保护文化遗产。"]
    en = [
        "Local governments need more fiscal resources.",
        "Protect cultural heritage.",
        "Cities should provide affordable housing for low-income families.",
    ]
    sims = int8_embedder.encode(zh, "query") @ int8_embedder.encode(en, "query").T
    assert sims.argmax(axis=1).tolist() == [2, 0, 1]


def test_blank_texts_get_zero_rows_and_others_are_unaffected(fp32_embedder):
    vectors = fp32_embedder.encode(["", "   \n\t", "housing"], "passage")
    assert np.all(vectors[:2] == 0)
    alone = fp32_embedder.encode(["housing"], "passage")
    assert float(vectors[2] @ alone[0]) > 0.9999


def test_100k_character_text_is_truncated_explicitly(int8_embedder):
    huge = "可持续城市发展 " * 12_500  # 100k characters
    assert len(huge) == 100_000
    with pytest.warns(EmbeddingTruncationWarning, match="truncated to their first 512 tokens"):
        vec = int8_embedder.encode([huge, "short"], "passage")
    assert np.isclose(np.linalg.norm(vec[0]), 1, atol=1e-5)
    with pytest.warns(EmbeddingTruncationWarning):
        head = int8_embedder.encode([huge[:3000], "short"], "passage")
    assert float(vec[0] @ head[0]) > 0.999  # the first tokens are what was embedded
    assert int8_embedder.count_tokens([huge])[0] > 512


def test_short_texts_raise_no_truncation_warning(int8_embedder):
    with warnings.catch_warnings():
        warnings.simplefilter("error", EmbeddingTruncationWarning)
        int8_embedder.encode(["x" * 400], "passage")


def test_lone_surrogates_become_replacement_characters(fp32_embedder):
    bad = b"plan d'urbanisme \xff\xfe 2030".decode("utf-8", errors="surrogateescape")
    vec = fp32_embedder.encode([bad], "passage")
    same = fp32_embedder.encode(["plan d'urbanisme \ufffd\ufffd 2030"], "passage")
    assert float(vec[0] @ same[0]) > 0.9999


def test_mixed_scripts_embed_close_to_their_parts(int8_embedder):
    mixed, zh, ar = int8_embedder.encode(["住房 housing السكن", "住房", "السكن"], "query")
    assert float(mixed @ zh) > 0.8 and float(mixed @ ar) > 0.8


def test_wrong_input_types_are_clear_errors(int8_embedder):
    with pytest.raises(EmbeddingInputError, match="list of texts"):
        int8_embedder.encode("a single string", "query")
    with pytest.raises(EmbeddingInputError, match="text 1 is int"):
        int8_embedder.encode(["ok", 3], "query")
    with pytest.raises(EmbeddingInputError, match="kind"):
        int8_embedder.encode(["ok"], "document")


def test_unknown_model_name_fails_offline_with_a_clear_error():
    embedder = Embedder("no-such-org/no-such-model", backend="torch")
    with pytest.raises(ModelSourceError, match="no-such-org/no-such-model"):
        embedder.encode(["x"], "query")


def test_another_local_sentence_transformers_model_can_be_chosen(tmp_path, fp32_embedder):
    import shutil

    other = tmp_path / "my-local-model"
    shutil.copytree(fp32_embedder.info().path, other)
    embedder = Embedder(str(other), backend="torch")
    info = embedder.info()
    assert info.name == str(other) and info.dimension == 384
    # Not an e5 name, so no prefixes: the vector is the unprefixed text's.
    plain = fp32_embedder._load().encode(["housing"], normalize_embeddings=True)
    assert float(embedder.encode(["housing"], "query")[0] @ plain[0]) > 0.9999
