from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICY_ALIGN_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT))
# The suite's figures were measured on the int8 backend. Without this, a test that builds a plain
# Embedder() would follow the backend `model build` timed fastest on the machine (CACHE/backend.json,
# issue 15), which can be torch. Tests of that choice delete the variable (tests/test_backend_choice.py,
# tests/test_cli.py::test_model_info_json). Set POLICY_ALIGN_BACKEND=torch to run the suite on fp32.
os.environ.setdefault("POLICY_ALIGN_BACKEND", "onnx-int8")

# the cache `make install` prepared for the real model (None: ~/.cache/policy-align)
USERS_CACHE = os.environ.get("POLICY_ALIGN_CACHE")

needs_shared = pytest.mark.skipif(
    not (SHARED / "README.md").is_file(), reason=f"{SHARED} (the team's shared data) is not beside this checkout"
)


@pytest.fixture(scope="session")
def _unit_cache(tmp_path_factory) -> Path:
    """A scratch cache holding only the converted model, linked from the user's cache (a unit test
    that builds an Embedder would otherwise convert it again: 47 s)."""
    from indexer.settings import cache_root

    folder = tmp_path_factory.mktemp("unit-cache")
    for part in ("models", "onnx"):
        if (cache_root() / part).is_dir():
            (folder / part).symlink_to(cache_root() / part)
    return folder


@pytest.fixture(autouse=True)
def _each_tier_in_its_cache(request, monkeypatch):
    """A test not marked slow runs on the fake embedder, so what it caches (a frameworks index or
    views of fake vectors) goes to a scratch folder of the session. In the user's cache it
    replaced the frameworks index `make install` built, and the next real search rebuilt it.
    A slow test starts on the cache set-up prepared: a fixture that left POLICY_ALIGN_CACHE on
    its scratch folder sent every later test to an empty cache (minutes each, eval/RESULTS.md)."""
    found = os.environ.get("POLICY_ALIGN_CACHE")
    if request.node.get_closest_marker("slow") is not None:
        assert found == USERS_CACHE, f"POLICY_ALIGN_CACHE was left set to {found} by an earlier fixture"
    elif found == USERS_CACHE:
        monkeypatch.setenv("POLICY_ALIGN_CACHE", str(request.getfixturevalue("_unit_cache")))


@pytest.fixture(scope="session")
def fp32_embedder():
    from indexer.model import Embedder

    return Embedder(backend="torch", batch_size=16)


@pytest.fixture(scope="session")
def int8_embedder():
    from indexer.model import Embedder

    return Embedder(backend="onnx-int8")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, one per test module (tests/support/browser.py)."""
    from tests.support.browser import chromium

    yield from chromium()


OFF_TOPIC = [
    "Page 12 of 140",
    "Mix the flour and the eggs, then bake for twenty minutes.",
    "The football match ended in a draw after extra time.",
    "Table of contents",
    "Approved by the council on 3 March; enters into force on publication.",
    "Our consultants were paid under contract 2024/17.",
]


@pytest.fixture(scope="session")
def _fake_fit_in_its_cache(tmp_path_factory):
    """fit_cairo() fitted once, in a cache folder of its own -> (that folder, the fit)."""
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICY_ALIGN_CACHE", str(cache))
        return cache, fit_cairo()


@pytest.fixture
def fake_fit(_fake_fit_in_its_cache, monkeypatch):
    """fit_cairo()'s result, with POLICY_ALIGN_CACHE on its folder for this test only. (Set for the
    whole session, it sent every later test's `policy-align` to an empty cache, which then
    embedded the frameworks' views again: minutes per test.)"""
    cache, fitted = _fake_fit_in_its_cache
    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(cache))
    return fitted


def fit_cairo():
    """A Cairo calibration fitted on the fake embedder: (framework, embedder, Embedded statements, FitData, Calibration)."""
    from search.fit import fit_calibration

    framework, embedder, embedded, data = fake_fit_data("cairo")
    return framework, embedder, embedded, data, fit_calibration(data, "test")


def fake_fit_data(framework_id: str):
    """What a calibration of `framework_id` is fitted on, with the fake embedder: plan-like
    statements (the start of each English example, labelled with its item) and OFF_TOPIC lines
    -> (framework, embedder, Embedded statements, FitData)."""
    from indexer.frameworks import load_frameworks
    from indexer.frameworks.notes import load_notes
    from indexer.model.fake import FakeEmbedder
    from search.embedded import embed_statements
    from search.fit import prepare

    framework = load_frameworks()[framework_id]
    statements, supported = [], []
    for item, notes in load_notes(framework_id).items():
        for note in notes:
            if note.kind == "example" and note.lang == "en":
                statements.append(note.text[: len(note.text) * 2 // 3])
                supported.append({item})
    statements += OFF_TOPIC
    supported += [set()] * len(OFF_TOPIC)
    embedder = FakeEmbedder()
    embedded = embed_statements(statements, embedder)
    data = prepare(framework, embedder, embedded, supported, tuple(f"test/{n}" for n in range(len(statements))))
    return framework, embedder, embedded, data


def refit_and_reload(fit, names: tuple[str, ...], folder: Path):
    """`fit` (framework, embedder, Embedded statements, FitData) fitted on the item features `names`,
    saved in `folder`, loaded back and matched, checking that the loaded calibration reads the same
    features and gives the item probabilities as fitted -> (loaded Calibration, Matcher, Scores)."""
    import numpy as np

    from search.calibration import load_calibration_file, save_calibration
    from search.fit import adapted, fit_calibration
    from search.match import Matcher

    framework, embedder, statements, data = fit
    if data.adapt:  # the framework's item columns read an adapter: fitted here, so that data is what the fit read
        data = adapted(data, np.arange(len(data.offtopic)))
    cal = fit_calibration(data, "test", names)
    assert cal.item_features == names and len(cal.item.weights) == len(names)
    path = folder / "calibration.json"
    save_calibration(cal, path)
    loaded = load_calibration_file(framework.id, path)
    assert loaded.item_features == names
    matcher = Matcher(framework, embedder, loaded)
    scores = matcher.scores(statements)
    # P(item | topic) as fitted (P(topic) differs by the labelled neighbours: the fit leaves each out)
    assert np.allclose(
        loaded.item(scores.features.item_columns(names)), cal.item(data.features.item_columns(names)), atol=1e-6
    )
    return loaded, matcher, scores
