"""One intercept per thematic cluster (issue 14, NUA): "cluster:<id>" columns made by
Features.item_columns from the framework's clusters (corpus/frameworks/<id>/clusters.jsonl).
Fake embedder: seconds, no model."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import fake_fit_data, refit_and_reload


@pytest.fixture(scope="module")
def nua_fit(tmp_path_factory):
    """An NUA calibration on the fake embedder, fitted on the start of each English example
    (labelled with its paragraph) and a few off-topic lines: (framework, embedder, Embedded, FitData)."""
    import search.adapter_fit

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICY_ALIGN_CACHE", str(tmp_path_factory.mktemp("cache")))
        patch.setattr(search.adapter_fit, "BAGS", 1)  # the NUA adapter, fitted short: not what is tested here
        patch.setattr(search.adapter_fit, "MAX_STEPS", 60)
        yield fake_fit_data("nua")


def test_cluster_indicator_names():
    from search.features import cluster_indicator, is_item_feature

    assert cluster_indicator("cluster:housing") == "housing"
    assert cluster_indicator("cluster:") is None and cluster_indicator("cluster_top5") is None
    assert cluster_indicator("item_3") is None
    assert is_item_feature("cluster:municipal-finance") and is_item_feature("cluster_top5")
    assert not is_item_feature("cluster") and not is_item_feature("cluster:")


def test_cluster_columns_are_one_on_the_clusters_items_and_add_up_over_clusters():
    from search.features import ITEM_FEATURES, Features

    n, m = 2, 4
    items = np.arange(n * m * len(ITEM_FEATURES), dtype=np.float32).reshape(n, m, len(ITEM_FEATURES))
    f = Features(np.zeros((n, 4)), items, np.zeros((n, 3)), clusters=(("a", (0, 1)), ("b", (1, 3))))
    got = f.item_columns(("pooled_top3", "cluster:a", "cluster:b", "item_3"))
    assert got.shape == (n, m, 4)
    assert np.array_equal(got[..., 0], items[..., ITEM_FEATURES.index("pooled_top3")])
    assert got[0, :, 1].tolist() == [1, 1, 0, 0] and got[1, :, 2].tolist() == [0, 1, 0, 1]
    assert got[0, :, 3].tolist() == [0, 0, 1, 0]
    assert (got[0, :, 1] + got[0, :, 2]).tolist() == [1, 2, 0, 1]  # item 1 is in both
    assert f.subset([1]).item_columns(("cluster:b",))[0, :, 0].tolist() == [0, 1, 0, 1]
    with pytest.raises(ValueError, match="no cluster"):
        f.item_columns(("cluster:c",))


def test_the_nua_viewset_names_its_clusters(nua_fit):
    from indexer.frameworks.clusters import load_clusters

    *_, data = nua_fit
    viewset = data.viewset
    assert viewset.cluster_ids == tuple(c.id for c in load_clusters("nua"))
    assert len(viewset.cluster_ids) == len(viewset.clusters)
    housing = dict(data.features.clusters)["housing"]
    assert {"nua:31", "nua:105", "nua:112"} <= {viewset.items[k] for k in housing}


def test_a_fit_with_cluster_intercepts_is_saved_loaded_matched_and_explained(nua_fit, tmp_path):
    from search.explain import explain

    *_, data = nua_fit
    names = ("pooled_top3", "note_vote", *(f"cluster:{c}" for c in data.viewset.cluster_ids))
    loaded, matcher, scores = refit_and_reload(nua_fit, names, tmp_path)
    p31 = matcher.viewset.items.index("nua:31")
    why = explain(loaded, scores.features, matcher.viewset, 0, p31, str(scores.strength[0, p31]))
    values = {c.feature: c.value for c in why.item.contributions}
    assert values["cluster:housing"] == 1.0 and values["cluster:municipal-finance"] == 0.0


def test_a_calibration_naming_a_cluster_the_framework_lacks_is_refused(nua_fit):
    from dataclasses import replace

    from indexer.frameworks.model import FrameworkError
    from search.calibration import Logistic
    from search.fit import fit_calibration
    from search.match import Matcher

    framework, embedder, _, data = nua_fit
    cal = fit_calibration(data, "test", ("pooled_top3", "note_vote"))
    one = Logistic((1.0, 1.0), (0.0, 0.0), (1.0, 1.0), 0.0)
    with pytest.raises(FrameworkError, match="cluster:no-such-cluster"):
        Matcher(framework, embedder, replace(cal, item=one, item_features=("pooled_top3", "cluster:no-such-cluster")))


def test_the_cluster_intercepts_are_named_in_every_interface_language():
    from search.ui.i18n import LANGUAGES
    from search.ui.why import label

    for lang in LANGUAGES:
        text = label("feature", "cluster:housing", lang)
        assert "housing" in text and text != "cluster:housing"
        assert text != label("feature", "item_7", lang)


def test_the_nua_item_model_reads_one_intercept_per_cluster():
    from indexer.frameworks import load_frameworks
    from indexer.frameworks.clusters import load_clusters
    from search.calibration import calibration_path, load_calibration_file
    from search.features import is_item_feature

    names = load_frameworks()["nua"].item_features
    assert all(is_item_feature(n) for n in names)
    assert {f"cluster:{c.id}" for c in load_clusters("nua")} <= set(names)
    assert not any(n.startswith("item_") for n in names)  # no intercept per paragraph
    assert load_calibration_file("nua", calibration_path("nua")).item_features == names
