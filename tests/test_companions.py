"""Companions (search/companions.py, issue 14): an item scores at least its statement's best
item's score times the share of the labelled statements supporting that item that support it
too; counted at fit time, saved in the calibration and checked on load, explained by --explain
and the app's why?. Fake embedder: seconds, no model."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from tests.conftest import fake_fit_data

ITEMS = ("x:1", "x:2", "x:3")


def test_the_share_of_statements_supporting_both_shrunk_towards_none():
    from search.companions import PRIOR, Companions

    labels = np.array([[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1]])
    c = Companions.of(ITEMS, labels)
    assert c.together.tolist() == [[3, 2, 0], [2, 2, 0], [0, 0, 1]]
    assert c.share[0, 1] == pytest.approx(2 / (3 + PRIOR)) and c.share[1, 0] == pytest.approx(2 / (2 + PRIOR))
    assert c.share[0, 2] == 0 and (np.diag(c.share) == 0).all() and (c.share < 1).all()


def test_an_item_is_raised_to_its_best_items_score_times_their_share():
    from search.companions import Companions

    c = Companions.of(ITEMS, np.array([[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1]]))
    prob = np.array([[0.8, 0.1, 0.05], [0.2, 0.6, 0.3], [0.0, 0.0, 0.0]])
    raised = c.raised(prob)
    assert raised[0, 1] == pytest.approx(0.8 * c.share[0, 1]) and raised[0, 2] == 0.05  # no companion: as it was
    assert raised[1, 0] == pytest.approx(0.6 * c.share[1, 0]) and raised[1, 2] == 0.3
    assert (raised >= prob).all() and (raised.argmax(axis=1) == prob.argmax(axis=1)).all()  # the best stays first
    assert c.source(prob, 0, 1) == (0, pytest.approx(c.share[0, 1])) and c.source(prob, 0, 2) is None
    assert c.source(prob, 1, 2) is None  # 0.3 is its own
    assert c.raised(np.zeros((0, 3))).shape == (0, 3)


def test_json_round_trip_and_what_is_refused():
    from search.companions import Companions

    c = Companions.of(ITEMS, np.array([[1, 1, 0], [0, 1, 1]]))
    raw = json.loads(json.dumps(c.as_json()))
    back = Companions.from_json(raw)
    assert back.items == ITEMS and np.array_equal(back.together, c.together)
    for bad in (
        {"items": list(ITEMS), "together": {"x:1": {"x:9": 1}}},  # an item it does not list
        {"items": list(ITEMS), "together": {"x:1": {"x:1": 1, "x:2": 1}}},  # not symmetric
        {"items": list(ITEMS), "together": {"x:1": {"x:1": 1, "x:2": 2}, "x:2": {"x:1": 2, "x:2": 2}}},  # 2 > 1
        {"items": list(ITEMS), "together": {"x:1": {"x:1": -1}}},
        {"items": list(ITEMS), "together": {"x:1": {"x:1": 1.5}}},
        {"items": list(ITEMS), "together": {"x:1": [1]}},  # not a mapping
        {"items": list(ITEMS), "together": [["x:1", "x:1", 1]]},
        {"items": ["x:1", "x:1", "x:3"], "together": {}},  # an id twice
    ):
        with pytest.raises(ValueError, match="companions"):
            Companions.from_json(bad)


@pytest.fixture(scope="module")
def _paired_in_its_cache(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICY_ALIGN_CACHE", str(cache))
        framework, embedder, statements, data = fake_fit_data("cairo")
    labels = data.labels.copy()
    first = labels[:, 0] == 1
    labels[first, 1] = 1
    return cache, (framework, embedder, statements, replace(data, labels=labels, companions=True))


@pytest.fixture
def paired(_paired_in_its_cache, monkeypatch):
    """The fake Cairo fit, with every statement of call 1 also supporting call 2: call 2 is then
    call 1's companion. Its cache folder is this test's only: held for the module, it sent the
    slow test below to an empty cache."""
    cache, fitted = _paired_in_its_cache
    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(cache))
    return fitted


def test_fitted_saved_loaded_and_read_by_the_matcher(paired, tmp_path):
    from indexer.frameworks.model import FrameworkError
    from search.calibration import load_calibration_file, save_calibration
    from search.fit import fit_calibration
    from search.match import Matcher

    framework, embedder, statements, data = paired
    cal = fit_calibration(data, "test")
    on = ~data.offtopic
    assert np.array_equal(cal.companions.together, data.labels[on].T @ data.labels[on])
    assert fit_calibration(replace(data, companions=False), "test").companions is None

    path = tmp_path / "calibration.json"
    save_calibration(cal, path)
    loaded = load_calibration_file(framework.id, path)
    assert np.array_equal(loaded.companions.together, cal.companions.together)
    scores = Matcher(framework, embedder, loaded).scores(statements)
    plain = Matcher(framework, embedder, replace(loaded, companions=None)).scores(statements)
    best_is_first = plain.probability.argmax(axis=1) == 0
    assert best_is_first.any()
    rows = np.flatnonzero(best_is_first)
    assert (scores.probability[rows, 1] > plain.probability[rows, 1]).all()  # call 2 rises with call 1
    assert (scores.probability >= plain.probability - 1e-12).all()

    raw = json.loads(path.read_text())
    raw["companions"]["together"]["cairo:1"]["cairo:2"] += 1  # not symmetric any more
    path.write_text(json.dumps(raw))
    with pytest.raises(FrameworkError, match="companions"):
        load_calibration_file(framework.id, path)
    other = replace(loaded, companions=replace(loaded.companions, items=loaded.companions.items[::-1]))
    with pytest.raises(FrameworkError, match="companions"):
        Matcher(framework, embedder, other)


def test_explained_where_the_score_came_from(paired):
    from search.fit import fit_calibration
    from search.match import Matcher
    from search.ui.why import explanation_html

    framework, embedder, statements, data = paired
    matcher = Matcher(framework, embedder, fit_calibration(data, "test"))
    scores = matcher.scores(statements)
    plain = matcher.calibration.own_probability(scores.features)
    raised = np.flatnonzero((scores.probability[:, 1] > plain[:, 1]) & (plain.argmax(axis=1) == 0))
    assert len(raised)
    i = int(raised[0])
    match = matcher.match_one(statements.vectors, scores, i, 1, "en", explain=True)
    why = match.explanation
    assert why.companion.item == "cairo:1" and why.companion.item_score == pytest.approx(plain[i, 0], abs=1e-4)
    assert why.companion.item_score * why.companion.share == pytest.approx(match.score, abs=1e-3)
    assert why.rule_values["score"] == pytest.approx(match.score, abs=1e-3)  # the rule quotes the raised score
    assert why.as_dict()["companion"]["item"] == "cairo:1"  # in --explain's JSON
    own = matcher.match_one(statements.vectors, scores, i, 0, "en", explain=True)
    assert own.explanation.companion is None and own.explanation.as_dict()["companion"] is None
    from search.explain import COMPANION, companion_text
    from search.ui.strings_en import EN

    assert EN["why_companion"] == COMPANION  # the app's English is the CLI's
    assert companion_text(why.companion).startswith(f"score {why.companion.score:.2f} = cairo:1's score")
    for lang in ("en", "ar", "zh"):
        html = explanation_html(why, lang)
        assert 'class="pa-companion"' in html and f"{why.companion.share:.2f}" in html
    from search.ui.i18n import shown_citation

    assert shown_citation("cairo:1", "ar") in explanation_html(why, "ar")  # the best item, cited in Arabic


def test_a_raised_match_is_partial_at_most_and_its_rule_says_why(paired):
    from search.fit import fit_calibration
    from search.match import Matcher
    from search.ui.why import rule_sentence

    framework, embedder, statements, data = paired
    cal = fit_calibration(data, "test")
    strong = float(
        np.quantile(
            cal.companions.raised(cal.own_probability(Matcher(framework, embedder, cal).features(statements))), 0.999
        )
    )
    cal = replace(cal, strong=strong * 0.9, partial=min(cal.partial, strong * 0.5))  # a raise can reach "strong"
    matcher = Matcher(framework, embedder, cal)
    scores = matcher.scores(statements)
    own = cal.own_probability(scores.features)
    capped = np.argwhere(
        (scores.probability >= cal.strong)
        & (own < cal.strong)
        & (cal.on_topic_probability(scores.features) >= cal.on_topic)[:, None]
    )
    assert len(capped), "no raised score reached strong: the case is not exercised"
    for i, j in capped:
        assert scores.strength[i, j] == "partial"
    assert (scores.strength[own >= cal.strong] != "partial").all()  # an item's own strong score stays strong
    i, j = (int(x) for x in capped[0])
    why = matcher.match_one(statements.vectors, scores, i, j, "en", explain=True).explanation
    assert why.rule_code == "partial_companion" and why.companion is not None
    for lang in ("en", "ar", "zh", "fr", "es", "ru"):
        assert f"{strong * 0.9:.2f}" in rule_sentence(why, lang)


def test_out_of_fold_counts_each_folds_companions_without_its_test_statements(paired, monkeypatch):
    import search.fit
    from search.fit import FOLDS, out_of_fold

    *_, data = paired
    counted = []
    real = search.fit.Companions.of

    def recording(items, labels):
        counted.append(np.asarray(labels).sum(axis=0))
        return real(items, labels)

    monkeypatch.setattr(search.fit.Companions, "of", staticmethod(recording))
    out_of_fold(data, seed=5)
    fold = np.random.default_rng(5).permutation(len(data.offtopic)) % FOLDS
    on = ~data.offtopic
    assert len(counted) == FOLDS
    for f, per_item in enumerate(counted):  # each fold's counts: its training statements' labels exactly
        assert np.array_equal(per_item, data.labels[(fold != f) & on].sum(axis=0))


def test_a_calibration_without_the_companions_its_framework_asks_for_warns(paired):
    from indexer.errors import CalibrationWarning
    from search.fit import fit_calibration
    from search.match import Matcher

    framework, embedder, _, data = paired
    cal = fit_calibration(data, "test")
    asking = replace(framework, companions=True)
    with pytest.warns(CalibrationWarning, match="calibrate"):
        Matcher(asking, embedder, replace(cal, companions=None))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", CalibrationWarning)
        Matcher(asking, embedder, cal)
        Matcher(framework, embedder, replace(cal, companions=None))  # Cairo does not ask


@pytest.mark.slow
def test_the_shipped_nua_matcher_shows_and_explains_a_housing_statements_companions():
    from tests.support.cli import policy_align, succeeded

    statement = (
        "The city will end street homelessness with Housing First: a permanent home first, "
        "then health and employment support."
    )
    args = ("match", "--framework", "nua", "--k", "6", "--explain")
    record = json.loads(succeeded(policy_align(*args, "--json", statement, timeout=900)).stdout)[0]
    matches = record["matches"]
    raised = [m for m in matches if m["explanation"]["companion"]]
    assert raised, [(m["id"], m["score"], m["strength"]) for m in matches]
    best = matches[0]
    assert best["explanation"]["companion"] is None  # the best item is scored alone
    for m in raised:
        c = m["explanation"]["companion"]
        assert c["item"] == best["id"] and c["item_score"] == pytest.approx(best["score"], abs=1e-3)
        assert m["score"] == pytest.approx(c["item_score"] * c["share"], abs=2e-3) and m["score"] < best["score"]
    housing = {f"nua:{n}" for n in (*range(31, 35), *range(105, 113))}
    shown = {m["id"] for m in matches if m["strength"] != "none"}
    assert best["id"] in housing and len(shown & housing) >= 2, shown
    text = succeeded(policy_align(*args, statement, timeout=900)).stdout
    assert "of the labelled statements that support nua:" in text and "the share that support this item too" in text
