import numpy as np
import pytest

from search.margin import knn_mean, ratio_margin
from tests.conftest import SHARED, needs_shared


def test_knn_mean_takes_the_k_largest_per_row():
    sim = np.array([[0.1, 0.9, 0.5], [0.3, 0.2, 0.8]])
    assert np.allclose(knn_mean(sim, 2), [0.7, 0.55])
    assert np.allclose(knn_mean(sim, 10), sim.mean(axis=1))  # k larger than the row


@needs_shared
@pytest.mark.slow
def test_margin_beats_raw_cosine_on_real_arabic_english_bitext(int8_embedder):
    from search.evaluation import tatoeba_pairs

    ara, eng = tatoeba_pairs(SHARED / "data" / "tatoeba", "ara")
    x, y = int8_embedder.encode(ara, "query"), int8_embedder.encode(eng, "query")
    truth = np.arange(len(ara))
    raw = ((x @ y.T).argmax(axis=1) == truth).mean()
    margin = (ratio_margin(x, y).argmax(axis=1) == truth).mean()
    assert margin > raw + 0.02, f"raw {raw:.3f}, margin {margin:.3f}"
