"""search/fit.py fits a calibration from the same features() the Matcher scores with (fake
embedder: seconds, no model)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest


def test_the_matcher_scores_with_exactly_the_features_the_fit_read(fake_fit):
    from search.features import ITEM_FEATURES, TOPIC_FEATURES
    from search.match import Matcher

    framework, embedder, statements, data, calibration = fake_fit
    matcher = Matcher(framework, embedder, calibration)
    found = matcher.features(statements)
    assert found.items.shape == (len(statements.vectors), len(matcher.viewset.items), len(ITEM_FEATURES))
    assert np.allclose(found.items, data.features.items)
    # the labelled neighbours: the fit leaves each statement out of its own, the matcher (which
    # scores new statements) counts every labelled one; the other topic columns are the same
    neighbours = TOPIC_FEATURES.index("labelled_neighbours")
    others = [c for c in range(len(TOPIC_FEATURES)) if c != neighbours]
    assert np.allclose(found.topic[:, others], data.features.topic[:, others])
    own = calibration.neighbours.gap(statements.vectors, np.arange(len(statements.vectors)))
    assert np.allclose(own, data.features.topic[:, neighbours])
    assert np.allclose(found.topic[:, neighbours], calibration.neighbours.gap(statements.vectors))
    scores = matcher.scores(statements)
    assert np.allclose(scores.probability, calibration.probability(found))
    # in sample, the fit puts each statement's own call first and keeps off-topic ones out
    on = ~data.offtopic
    top = scores.probability[on].argmax(axis=1)
    assert (data.labels[on][np.arange(on.sum()), top] == 1).mean() >= 0.8
    assert (scores.strength[data.offtopic] == "none").all(axis=1).mean() >= 0.8


def test_features_are_read_by_name(fake_fit):
    from search.features import ITEM_FEATURES, TOPIC_FEATURES

    *_, data, calibration = fake_fit
    f = data.features
    assert f.item_columns(("note_vote", "pooled_top3")).shape[-1] == 2
    assert np.array_equal(f.item_columns(("pooled_top3",))[..., 0], f.items[..., ITEM_FEATURES.index("pooled_top3")])
    assert np.array_equal(f.topic_column("topic_direction"), f.topic[:, TOPIC_FEATURES.index("topic_direction")])
    assert calibration.item_features == ITEM_FEATURES
    with pytest.raises(ValueError):
        f.item_columns(("no_such_feature",))


def test_a_fit_on_fewer_named_features_reads_only_those(fake_fit):
    from search.fit import fit_calibration, out_of_fold

    *_, data, _ = fake_fit
    names = ("aspect_top3", "pooled_top3")
    small = fit_calibration(data, "test", names)
    assert small.item_features == names and len(small.item.weights) == 2
    prob, strength = out_of_fold(data, names)
    assert prob.shape == data.labels.shape and set(np.unique(strength)) <= {"strong", "partial", "none"}


def test_a_saved_calibration_loads_to_the_same_numbers_and_old_files_still_load(fake_fit, tmp_path, monkeypatch):
    import shutil

    from search.calibration import calibration_path, load_calibration, save_calibration
    from tests.conftest import ROOT

    *_, data, calibration = fake_fit
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    monkeypatch.setenv("POLICY_ALIGN_CORPUS", str(tmp_path / "corpus"))
    path = calibration_path("cairo")
    save_calibration(calibration, path)
    loaded = load_calibration("cairo")
    assert loaded == calibration
    assert np.array_equal(loaded.neighbours.vectors, calibration.neighbours.vectors)
    assert np.array_equal(loaded.neighbours.offtopic, calibration.neighbours.offtopic)
    raw = json.loads(path.read_text(encoding="utf-8"))
    for model in ("direction", "topic", "item"):  # files written before "intercept" called it "bias"
        raw[model]["bias"] = raw[model].pop("intercept")
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert np.allclose(load_calibration("cairo").probability(data.features), calibration.probability(data.features))


def test_cluster_level_reads_the_items_cluster_and_every_nua_paragraph_has_one():
    from indexer.frameworks.clusters import load_clusters
    from search.scoring import cluster_level
    from search.views import View, ViewSet

    views = tuple(View(f"x:{k}", "aspect", "en", "s", f"v{k}") for k in (1, 1, 2, 3))
    viewset = ViewSet("x", ("x:1", "x:2", "x:3"), views, np.array([0, 0, 1, 2]), np.eye(4, dtype=np.float32), ((0, 1),))
    raw = np.array([[0.9, 0.1, 0.2, 0.3]], np.float32)  # (1 statement, 4 views)
    level = cluster_level(raw, viewset, top=1)
    assert level[0, 0] == level[0, 1]  # x:1 and x:2 share a cluster: its best view, 0.9
    assert np.allclose(level[0], [0.9 - 0.6, 0.9 - 0.6, 0.3 - 0.6])  # x:3 alone; centred on the two clusters

    clusters = load_clusters("nua")
    covered = {i for c in clusters for i in c.items}
    assert covered == {f"nua:{n}" for n in range(1, 176)}
    housing = next(c for c in clusters if c.id == "housing")
    assert {"nua:31", "nua:105", "nua:112"} <= set(housing.items) and {"en", "zh", "ar"} <= set(housing.titles)


def test_section_vote_is_the_note_vote_of_the_items_section_of_the_outline():
    from search.scoring import VOTE_FLOOR, note_shares, section_votes
    from search.views import View, ViewSet

    views = tuple(View(f"x:{k}", "aspect", "en", "s", f"v{k}") for k in (1, 2, 3))
    eye = np.eye(3, dtype=np.float32)
    viewset = ViewSet("x", ("x:1", "x:2", "x:3"), views, np.array([0, 1, 2]), eye, (), ((0, 1),))
    raw = np.array([[0.90, 0.88, 0.91]], np.float32)  # x:3 alone is nearest, but x:1 and x:2 share a section
    shares = note_shares(raw, viewset)
    votes = section_votes(shares, viewset)
    assert np.isclose(votes[0, 0], np.log(shares[0, 0] + shares[0, 1] + VOTE_FLOOR)) and votes[0, 0] == votes[0, 1]
    assert np.isclose(votes[0, 2], np.log(shares[0, 2] + VOTE_FLOOR))  # in no section: it votes alone
    assert votes[0, 0] > votes[0, 2] and shares[0, 2] > shares[0, 0]
    no_sections = ViewSet("x", viewset.items, views, viewset.item_of_view, eye)
    assert np.allclose(section_votes(shares, no_sections), np.log(shares + VOTE_FLOOR))


def test_the_nua_viewset_carries_the_outline_sections(tmp_path, monkeypatch):
    from indexer.frameworks import load_frameworks
    from indexer.model.fake import FakeEmbedder
    from search.views import embed_views

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path))
    viewset = embed_views(load_frameworks()["nua"], FakeEmbedder())
    sections = [{viewset.items[k] for k in s} for s in viewset.sections]
    assert sorted(k for s in viewset.sections for k in s) == list(range(175))  # each paragraph in one section
    housing = next(s for s in sections if "nua:105" in s)  # planning and managing urban spatial development
    assert {f"nua:{n}" for n in range(93, 126)} == housing


def test_note_vote_gap_is_the_margin_below_the_statements_best_vote(fake_fit):
    *_, data, _ = fake_fit
    votes, gap = np.moveaxis(data.features.item_columns(("note_vote", "note_vote_gap")), -1, 0)
    assert np.allclose(gap, votes - votes.max(axis=1, keepdims=True))
    assert (gap <= 0).all() and np.allclose(gap.max(axis=1), 0)


def test_the_labelled_neighbours_gap_counts_the_nearest_of_each_side_and_never_a_statement_itself():
    from search.neighbours import TOP, Neighbours

    # four on-topic statements along x, TOP + 1 off-topic ones along y
    rows = np.r_[np.tile([1.0, 0.0], (4, 1)), np.tile([0.0, 1.0], (TOP + 1, 1))].astype(np.float32)
    found = Neighbours.of(rows, np.r_[np.zeros(4, bool), np.ones(TOP + 1, bool)])
    gap = found.gap(np.array([[1.0, 0.0], [0.0, 1.0]], np.float32))
    assert np.allclose(gap, [-1.0, 1.0])  # on topic: cosine 0 to the off-topic ones, 1 to the others
    own = found.gap(rows, np.arange(len(rows)))
    assert np.allclose(own, [-1.0] * 4 + [1.0] * (TOP + 1))  # left out, each still has TOP of its kind
    lone = Neighbours.of(rows[:5], np.r_[np.zeros(4, bool), True])
    assert np.isfinite(lone.gap(rows[4:5], np.array([4]))).all()  # its only off-topic neighbour is itself
    assert np.allclose(Neighbours.of(rows[:4], np.zeros(4, bool)).gap(rows), 0.0)  # one side only: no signal


def test_the_labelled_neighbours_are_compared_without_the_language_directions():
    from search.neighbours import TOP, Neighbours, language_directions

    # axes: 0 on topic, 1 boilerplate, 2 "German", 3 "English", 4 "Japanese"; sentence 0 (on
    # topic) in de and en, sentence 1 (boilerplate) in de, en and ja: ja has no on-topic sentence,
    # so its plain mean differs from the others' by content too
    e = np.eye(5, dtype=np.float32)
    rows = np.stack([e[0] + e[2], e[0] + e[3], e[1] + e[2], e[1] + e[3], e[1] + e[4], e[0] + e[4]])
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    langs, ids = ["de", "en", "de", "en", "ja", "ja"], [0, 0, 1, 1, 1, None]  # the last has no translation
    directions = language_directions(rows, langs, ids)
    assert directions.shape == (2, 5)  # three languages: at most two directions, never noise
    assert np.allclose(directions @ directions.T, np.eye(2), atol=1e-6)
    assert np.allclose(directions[:, :2], 0, atol=1e-6)  # neither the topic nor boilerplate is removed
    assert language_directions(rows, ["de"] * 6, ids).shape == (0, 5)  # one language: nothing to remove
    assert language_directions(rows, langs, [None] * 6).shape == (0, 5)  # no translations: nothing known
    directions = language_directions(rows[:4, :4], langs[:4], ids[:4])
    assert directions.shape == (1, 4) and np.allclose(abs(directions[0]), np.array([0, 0, 1, 1]) / np.sqrt(2))
    # on-topic labelled statements in German, boilerplate ones in English; a German boilerplate
    # sentence is nearer the German on-topic ones by language alone
    e = e[:4, :4]
    on = np.tile(e[0] + 1.5 * e[2], (TOP, 1))
    off = np.tile(e[1] + 1.5 * e[3], (TOP, 1))
    rows = np.r_[on, off] / np.linalg.norm(np.r_[on, off], axis=1, keepdims=True)
    offtopic = np.r_[np.zeros(TOP, bool), np.ones(TOP, bool)]
    german_boilerplate = (e[1] + 1.5 * e[2])[None] / np.linalg.norm(e[1] + 1.5 * e[2])
    assert Neighbours.of(rows, offtopic).gap(german_boilerplate)[0] < 0  # raw: "on topic"
    found = Neighbours.of(rows, offtopic, directions=directions)
    assert found.gap(german_boilerplate)[0] > 0.4  # by content: off topic (cosine 1 to them, 0.53 to the others)
    assert found.subset(np.arange(3)).directions is directions


def test_the_neighbour_files_are_checked_on_load(fake_fit, tmp_path):
    from indexer.frameworks.model import FrameworkError
    from search.calibration import load_calibration_file, save_calibration
    from search.neighbours import paths

    *_, calibration = fake_fit
    path = tmp_path / "cairo.json"
    save_calibration(calibration, path)
    vectors, rows = paths(path)
    assert vectors.name == "cairo.neighbours.npy" and rows.name == "cairo.neighbours.jsonl"
    assert np.load(vectors, allow_pickle=False).dtype == np.float16  # plain numbers, no pickle
    loaded = load_calibration_file("cairo", path).neighbours
    assert loaded.ids == calibration.neighbours.ids
    assert np.allclose(loaded.directions, calibration.neighbours.directions, atol=1e-6)  # kept in the JSON
    assert len(loaded.directions) >= 1  # the fake background has several languages
    original = vectors.read_bytes()
    edited = np.load(vectors, allow_pickle=False)
    edited[0] = -edited[0]
    np.save(vectors, edited, allow_pickle=False)
    with pytest.raises(FrameworkError, match="neighbours.npy or .* is not the one fitted"):
        load_calibration_file("cairo", path)
    vectors.write_bytes(original)
    rows.write_text(rows.read_text().replace("true", "false", 1))
    with pytest.raises(FrameworkError, match="not the one fitted"):
        load_calibration_file("cairo", path)


def test_a_calibration_fitted_before_the_language_directions_reads_raw_cosines(fake_fit, tmp_path):
    from indexer.frameworks.model import FrameworkError
    from search.calibration import load_calibration_file, save_calibration
    from search.neighbours import TOP

    *_, calibration = fake_fit
    path = tmp_path / "cairo.json"
    save_calibration(calibration, path)
    raw = json.loads(path.read_text())
    directions = raw["neighbours"].pop("language_directions")
    path.write_text(json.dumps(raw))
    old = load_calibration_file("cairo", path).neighbours
    assert old.directions is None  # as a user's calibration from before 2026-12-06 was fitted
    probe = old.vectors[:3]
    sims = probe @ old.vectors.T  # raw cosines, by hand
    top = np.sort(sims[:, old.offtopic], axis=1)[:, -TOP:].mean(axis=1) - np.sort(sims[:, ~old.offtopic], axis=1)[
        :, -TOP:
    ].mean(axis=1)
    assert np.allclose(old.gap(probe), top, atol=1e-5)
    assert not np.allclose(old.gap(probe), replace(old, directions=np.array(directions, np.float32)).gap(probe))
    raw["neighbours"]["language_directions"] = [[2 * x for x in row] for row in directions]
    path.write_text(json.dumps(raw))
    with pytest.raises(FrameworkError, match="not orthonormal"):
        load_calibration_file("cairo", path)
    for bad in ([row[:-1] for row in directions], "north"):  # cut rows, or not rows of numbers at all
        raw["neighbours"]["language_directions"] = bad
        path.write_text(json.dumps(raw))
        with pytest.raises(FrameworkError, match="no usable calibration.*not rows of"):
            load_calibration_file("cairo", path)


def test_category_folds_hold_out_a_whole_kind_of_boilerplate():
    from search.training import category_folds

    kinds = np.array(["glossary", "", "approval", "glossary", "", "", "approval", ""])
    folds = category_folds(kinds, seed=0)
    assert folds[0] == folds[3] != folds[2] == folds[6]  # each kind in one fold, every language
    assert set(folds) <= {0, 1}
