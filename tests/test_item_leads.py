"""Every call a paragraph supports (issue 14): an item's lead over the other items on its best
sentence or clause (search/features.py: sentence_lead_*, clause_lead_*), and one intercept
per item ("item_<n>" columns made by Features.item_columns). Fake embedder: seconds, no model."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import refit_and_reload

PARAGRAPH = (
    "The city will upgrade the Marsh Lane informal settlement with piped water and a sewer for every home. "
    "The works are financed by a municipal green bond and a loan from the national development bank."
)


def test_lead_is_the_value_minus_the_best_other_item():
    from search.features import lead

    values = np.array([[0.2, 0.5, 0.1], [1.0, 1.0, 0.0]])
    assert np.allclose(lead(values), [[-0.3, 0.3, -0.4], [0.0, 0.0, -1.0]])
    assert np.allclose(lead(np.array([[0.7]])), [[0.0]])  # one item: no rival


def test_the_lead_columns_are_the_best_lead_on_any_sentence_or_clause(fake_fit):
    from search.embedded import embed_statements
    from search.features import LEAD_FEATURES, WHOLE_FEATURES, features, lead, whole_features
    from search.match import Matcher

    framework, embedder, *_, calibration = fake_fit
    matcher = Matcher(framework, embedder, calibration)
    embedded = embed_statements(["Affordable homes for every family.", PARAGRAPH], embedder)
    found = features(embedded, matcher.viewset, matcher.background.vectors, matcher.hub_level, calibration.direction)
    for unit, rows, owner in (
        ("sentence", embedded.sentences, embedded.owner),
        ("clause", embedded.clauses, embedded.clause_owner),
    ):
        per_unit = whole_features(rows @ matcher.viewset.vectors.T, matcher.viewset, matcher.hub_level)
        for name in LEAD_FEATURES:
            leads = lead(per_unit[..., WHOLE_FEATURES.index(name)])
            got = found.item_columns((f"{unit}_lead_{name}",))[..., 0]
            for i in range(2):
                assert np.allclose(got[i], leads[owner == i].max(axis=0), atol=1e-5)
    # a one-sentence statement: its sentence is the statement, so the lead is the whole's
    whole = found.item_columns(("note_vote",))[0, :, 0]
    assert np.allclose(found.item_columns(("sentence_lead_note_vote",))[0, :, 0], lead(whole[None])[0], atol=1e-5)
    assert found.multi.tolist() == [False, True]


def test_item_indicators_are_one_hot_columns_beside_the_named_features(fake_fit):
    from search.features import ITEM_FEATURES, is_item_feature, item_indicator

    *_, data, _ = fake_fit
    f = data.features
    n, m = f.items.shape[:2]
    got = f.item_columns(("pooled_top3", "item_1", "item_3"))
    assert got.shape == (n, m, 3)
    assert np.array_equal(got[..., 0], f.items[..., ITEM_FEATURES.index("pooled_top3")])
    assert np.array_equal(got[..., 1], np.broadcast_to(np.eye(m)[0], (n, m)))
    assert np.array_equal(got[..., 2], np.broadcast_to(np.eye(m)[2], (n, m)))
    assert item_indicator("item_10") == 9 and item_indicator("item_0") is None and item_indicator("items_2") is None
    assert is_item_feature("item_4") and is_item_feature("clause_lead_note_vote") and not is_item_feature("item_x")
    with pytest.raises(ValueError):
        f.item_columns(("item_2", "no_such_feature"))


def test_a_fit_with_one_intercept_per_item_is_saved_loaded_and_explained(fake_fit, tmp_path):
    from search.explain import explain

    names = ("pooled_top3", "note_vote", "sentence_lead_note_vote", *(f"item_{k}" for k in range(1, 11)))
    loaded, matcher, scores = refit_and_reload(fake_fit[:4], names, tmp_path)
    # the item's own intercept is one of the named effects of the explanation
    why = explain(loaded, scores.features, matcher.viewset, 0, 2, str(scores.strength[0, 2]))
    indicator = {c.feature: c for c in why.item.contributions}["item_3"]
    assert indicator.value == 1.0
    assert {c.feature: c.value for c in why.item.contributions}["item_4"] == 0.0


def test_a_calibration_naming_an_item_the_framework_lacks_is_refused(fake_fit, tmp_path):
    import json
    from dataclasses import replace

    from indexer.frameworks.model import FrameworkError
    from search.calibration import Logistic, load_calibration_file, save_calibration
    from search.match import Matcher

    framework, embedder, *_, calibration = fake_fit
    one = Logistic((1.0, 1.0), (0.0, 0.0), (1.0, 1.0), 0.0)
    beyond = replace(calibration, item=one, item_features=("pooled_top3", "item_11"))
    with pytest.raises(FrameworkError, match="item_11"):
        Matcher(framework, embedder, beyond)
    path = tmp_path / "calibration.json"
    save_calibration(beyond, path)
    raw = json.loads(path.read_text())
    raw["item_features"] = ["pooled_top3", "item_x"]
    path.write_text(json.dumps(raw))
    with pytest.raises(FrameworkError, match="other features"):
        load_calibration_file("cairo", path)


def test_the_cairo_item_model_reads_the_leads_and_one_intercept_per_call():
    from indexer.frameworks import load_frameworks
    from search.calibration import calibration_path, load_calibration_file
    from search.features import is_item_feature

    framework = load_frameworks()["cairo"]
    names = framework.item_features
    assert all(is_item_feature(n) for n in names)
    assert {f"item_{k}" for k in range(1, 11)} <= set(names)
    assert {"sentence_lead_note_vote", "sentence_lead_aspect_top3", "sentence_lead_example_top3"} <= set(names)
    assert load_calibration_file("cairo", calibration_path("cairo")).item_features == names


def test_the_lead_columns_and_item_intercepts_are_named_in_every_interface_language():
    from search.ui.i18n import LANGUAGES
    from search.ui.why import label

    for lang in LANGUAGES:
        assert label("feature", "sentence_lead_note_vote", lang) != label("feature", "best_sentence_note_vote", lang)
        assert label("feature", "clause_lead_note_vote", lang) != label("feature", "sentence_lead_note_vote", lang)
        assert "7" in label("feature", "item_7", lang) and label("feature", "item_7", lang) != "item_7"
