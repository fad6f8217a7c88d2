"""search/fit.py fits a calibration from the same features() the Matcher scores with (fake
embedder: seconds, no model)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from indexer.model.fake import FakeEmbedder

OFF_TOPIC = [
    "Page 12 of 140",
    "Mix the flour and the eggs, then bake for twenty minutes.",
    "The football match ended in a draw after extra time.",
    "Table of contents",
    "Approved by the council on 3 March; enters into force on publication.",
    "Our consultants were paid under contract 2024/17.",
]


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICY_ALIGN_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield fit_cairo()


def fit_cairo():
    from indexer.frameworks import load_frameworks
    from indexer.frameworks.notes import load_notes
    from search.fit import fit_calibration, prepare

    framework = load_frameworks()["cairo"]
    # Plan-like statements: the start of each English example, labelled with its call.
    statements, supported = [], []
    for item, notes in load_notes("cairo").items():
        for note in notes:
            if note.kind == "example" and note.lang == "en":
                statements.append(note.text[: len(note.text) * 2 // 3])
                supported.append({item})
    statements += OFF_TOPIC
    supported += [set()] * len(OFF_TOPIC)
    embedder = FakeEmbedder()
    vectors = embedder.encode(statements, "query")
    data = prepare(framework, embedder, vectors, supported)
    return framework, embedder, vectors, data, fit_calibration(data, "test")


def test_the_matcher_scores_with_exactly_the_features_the_fit_read(fitted):
    from search.match import Matcher

    framework, embedder, vectors, data, calibration = fitted
    matcher = Matcher(framework, embedder, calibration)
    found = matcher.features(vectors)
    assert found.items.shape == (len(vectors), len(matcher.viewset.items), 9)
    assert np.allclose(found.items, data.features.items) and np.allclose(found.topic, data.features.topic)
    scores = matcher.scores(vectors)
    assert np.allclose(scores.probability, calibration.probability(data.features))
    # in sample, the fit puts each statement's own call first and keeps off-topic ones out
    on = ~data.offtopic
    top = scores.probability[on].argmax(axis=1)
    assert (data.labels[on][np.arange(on.sum()), top] == 1).mean() >= 0.8
    assert (scores.strength[data.offtopic] == "none").all(axis=1).mean() >= 0.8


def test_features_are_read_by_name(fitted):
    from search.features import ITEM_FEATURES, TOPIC_FEATURES

    *_, data, calibration = fitted
    f = data.features
    assert f.item_columns(("note_vote", "pooled_top3")).shape[-1] == 2
    assert np.array_equal(f.item_columns(("pooled_top3",))[..., 0], f.items[..., ITEM_FEATURES.index("pooled_top3")])
    assert np.array_equal(f.topic_column("topic_direction"), f.topic[:, TOPIC_FEATURES.index("topic_direction")])
    assert calibration.item_features == ITEM_FEATURES
    with pytest.raises(ValueError):
        f.item_columns(("no_such_feature",))


def test_a_fit_on_fewer_named_features_reads_only_those(fitted):
    from search.fit import fit_calibration, out_of_fold

    *_, data, _ = fitted
    names = ("aspect_top3", "pooled_top3")
    small = fit_calibration(data, "test", names)
    assert small.item_features == names and len(small.item.weights) == 2
    prob, strength = out_of_fold(data, names)
    assert prob.shape == data.labels.shape and set(np.unique(strength)) <= {"strong", "partial", "none"}


def test_a_saved_calibration_loads_to_the_same_numbers_and_old_files_still_load(fitted, tmp_path, monkeypatch):
    import shutil

    from search.calibration import calibration_path, load_calibration, save_calibration
    from tests.conftest import ROOT

    *_, data, calibration = fitted
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    monkeypatch.setenv("POLICY_ALIGN_CORPUS", str(tmp_path / "corpus"))
    path = calibration_path("cairo")
    save_calibration(calibration, path)
    assert load_calibration("cairo") == calibration
    raw = json.loads(path.read_text(encoding="utf-8"))
    for model in ("direction", "topic", "item"):  # files written before "intercept" called it "bias"
        raw[model]["bias"] = raw[model].pop("intercept")
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert np.allclose(load_calibration("cairo").probability(data.features), calibration.probability(data.features))
