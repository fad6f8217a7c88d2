"""Frameworks are data: a third framework dropped into a copy of the corpus is listed, named in
queries, matched, aligned and searched by the real command with no code change."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.conftest import ROOT
from tests.support.cli import policy_align, succeeded

DEMO_ITEMS = [
    (
        "demo:1",
        "Green space for every neighbourhood",
        "Every resident lives within a short walk of a public park, and tree cover grows in every district.",
    ),
    (
        "demo:2",
        "Public transport that reaches everyone",
        "Frequent buses and protected cycle lanes connect every district to jobs and schools.",
    ),
    (
        "demo:3",
        "Homes safe from floods",
        "Drainage, early warning and raised homes protect low-lying neighbourhoods from river floods.",
    ),
]


def without_item_intercepts(calibration: dict) -> dict:
    """Cairo's calibration for a framework of other items: its one-intercept-per-call columns
    ("item_<n>") dropped, their effect averaged over the calls into the intercept."""
    model, names = calibration["item"], calibration["item_features"]
    keep = [i for i, name in enumerate(names) if not name.startswith("item_")]
    calls = [i for i in range(len(names)) if i not in keep]
    effect = lambda i, x: model["weights"][i] * (x - model["mean"][i]) / model["scale"][i]  # noqa: E731
    average = sum(effect(j, 1.0) + sum(effect(k, 0.0) for k in calls if k != j) for j in calls) / max(len(calls), 1)
    item = {key: [model[key][i] for i in keep] for key in ("weights", "mean", "scale")}
    item["intercept"] = model["intercept"] + average
    return {**calibration, "item_features": [names[i] for i in keep], "item": item}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The bundled corpus plus a tiny framework, `demo`, written as data only."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ROOT / "corpus", root / "corpus")
    demo = root / "corpus" / "frameworks" / "demo"
    (demo / "texts").mkdir(parents=True)
    (demo / "framework.toml").write_text(
        'id = "demo"\ncitation = "Demo Charter"\norder = 9\n[names]\nen = "Demo Charter"\nfr = "Charte démo"\n'
        '[[texts]]\nlang = "en"\nstatus = "summary"\nfile = "texts/en.summary.jsonl"\n',
        encoding="utf-8",
    )
    (demo / "items.jsonl").write_text(
        "".join(json.dumps({"id": i, "number": i.split(":")[1]}) + "\n" for i, _, _ in DEMO_ITEMS), encoding="utf-8"
    )
    (demo / "texts" / "en.summary.jsonl").write_text(
        "".join(json.dumps({"id": i, "title": t, "text": x}) + "\n" for i, t, x in DEMO_ITEMS), encoding="utf-8"
    )
    calibration = json.loads(
        (root / "corpus" / "frameworks" / "cairo" / "calibration.json").read_text(encoding="utf-8")
    )
    (demo / "calibration.json").write_text(
        json.dumps({**without_item_intercepts(calibration), "framework": "demo"}), encoding="utf-8"
    )
    for name in ("calibration.neighbours.npy", "calibration.neighbours.jsonl"):  # checked against the copy's record
        (demo / name).write_bytes((root / "corpus" / "frameworks" / "cairo" / name).read_bytes())
    env = {**os.environ, "POLICY_ALIGN_CORPUS": str(root / "corpus"), "POLICY_ALIGN_FRAMEWORKS": str(root / "overlay")}
    return root, env


def run(env, *args):
    return succeeded(policy_align(*args, env=env, timeout=900)).stdout


def test_a_third_framework_is_listed_and_named_in_queries(corpus, monkeypatch):
    root, env = corpus
    monkeypatch.setenv("POLICY_ALIGN_CORPUS", env["POLICY_ALIGN_CORPUS"])
    from indexer.frameworks import framework_ids
    from search.match import framework_choices
    from search.references import _patterns, item_reference

    _patterns.cache_clear()
    try:
        assert framework_ids() == ("cairo", "nua", "sdg", "demo") and framework_choices()[-1] == "all"
        assert item_reference("Demo Charter 2") == "demo:2" and item_reference("charte démo ¶ 3") == "demo:3"
    finally:
        _patterns.cache_clear()
    listed = {f["id"] for f in json.loads(run(env, "corpus", "list", "--json"))}
    assert listed == {"cairo", "nua", "sdg", "demo"}


@pytest.mark.slow
def test_a_third_framework_is_matched_aligned_and_searched(corpus, tmp_path):
    root, env = corpus
    matched = json.loads(
        run(
            env,
            "match",
            "--framework",
            "demo",
            "--json",
            "We will run buses every ten minutes and build protected bike lanes to all districts.",
        )
    )
    assert matched[0]["matches"][0]["id"] == "demo:2"
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "1. A new park within 300 metres of every home, and 20,000 street trees.\n\n"
        "2. Raise homes and rebuild drains in the flood-prone river quarter, with early flood warnings.\n",
        encoding="utf-8",
    )
    run(env, "align", str(plan), "--framework", "all", "--out", str(tmp_path / "report.json"))
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert {"cairo", "nua", "sdg", "demo"} == {item["framework"] for item in report["items"]}
    matched_ids = {m["id"] for s in report["statements"] for m in s["matches"]}
    assert {"demo:1", "demo:3"} <= matched_ids, matched_ids
    hits = json.loads(run(env, "search", "flood warning for riverside homes", "--framework", "demo", "--json"))
    assert hits and hits[0]["label"] == "demo:3"
