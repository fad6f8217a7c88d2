"""The review loop: decisions saved beside the report, re-applied when the plan is aligned
again, carried by every export, and fed to `calibrate` (fast parts on the fake embedder, the
round trip through the real commands)."""

from __future__ import annotations

import csv
import json

import pytest

from tests.conftest import ROOT
from tests.support import cli


def review(decision="accept", statement=0, item="cairo:6", text="green bonds", to="", sha="a" * 64):
    from search.review import Review

    return Review(sha, statement, item, decision, text, to)


def test_review_files_keep_the_latest_decision_and_refuse_nonsense(tmp_path):
    from search.review import ReviewError, append_reviews, load_reviews, reviews_path

    path = reviews_path(tmp_path / "out" / "my.plan.report.json")
    assert path.name == "my.plan.report.reviews.jsonl" and reviews_path(path) == path
    append_reviews(path, [review("accept"), review("reject", item="cairo:2")])
    append_reviews(path, [review("reassign", to="cairo:1")])  # changes its mind on cairo:6
    kept = load_reviews(path)
    assert [(r.item, r.decision) for r in kept] == [("cairo:2", "reject"), ("cairo:6", "reassign")]
    with pytest.raises(ReviewError):
        review("maybe")
    with pytest.raises(ReviewError):
        review("reassign")  # to what?
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ReviewError, match=":1: not a review"):
        load_reviews(path)


def test_a_review_finds_its_statement_again_after_renumbering():
    from search.review import for_plan

    reviews = [review(statement=0, text="green bonds"), review(statement=5, text="gone", item="cairo:2")]
    assert set(for_plan(reviews, "a" * 64, ["preface", "green bonds"])) == {(1, "cairo:6")}
    assert for_plan(reviews, "b" * 64, ["green bonds"]) == {}  # another plan


def test_a_review_finds_its_statement_again_without_the_heading_it_once_opened_with():
    from search.review import for_plan

    reviews = [review(statement=0, text="Action plan 2026–2030 1.1 Objective: issue green bonds.")]
    texts = ["1.1 Objective: issue green bonds.", "1.2 Objective: plant trees."]
    assert set(for_plan(reviews, "a" * 64, texts)) == {(0, "cairo:6")}
    assert for_plan(reviews, "a" * 64, ["ssue green bonds.", "1.2 Objective: plant trees."]) == {}  # cut in a word


def test_reviews_become_labelled_statements():
    from search.reviewed import labelled_from_reviews

    rows = labelled_from_reviews(
        [
            review("accept", 0, "cairo:6", "bonds"),
            review("reassign", 1, "cairo:2", "observatory", to="cairo:8"),
            review("reject", 2, "cairo:1", "approved by the council"),
            review("accept", 3, "nua:32", "housing"),
        ],
        "cairo",
    )
    assert {(r.text, tuple(sorted(r.supported))) for r in rows} == {
        ("bonds", ("cairo:6",)),
        ("observatory", ("cairo:8",)),
        ("approved by the council", ()),  # every match rejected: it supports no call
    }


def test_rejecting_only_a_weaker_match_does_not_make_a_statement_off_topic():
    """A reviewer rejects a housing statement's companion and leaves its best match alone: the
    statement is still about housing, so it is no off-topic row (before: it was one)."""
    from search.reviewed import labelled_from_reviews, only_rejected

    reviews = [
        review("reject", 0, "nua:32", "Housing First flats"),  # a weaker match; its best is nua:108
        review("reject", 1, "nua:101", "approved by the council"),  # its best match, rejected
        review("reject", 1, "nua:77", "approved by the council"),
        review("accept", 2, "nua:31", "rent caps"),
    ]
    assert sorted(only_rejected(reviews, "nua")) == ["Housing First flats", "approved by the council"]
    best = {"Housing First flats": "nua:108", "approved by the council": "nua:77"}
    rows = labelled_from_reviews(reviews, "nua", best)
    assert {(r.text, tuple(r.supported)) for r in rows} == {("approved by the council", ()), ("rent caps", ("nua:31",))}
    assert len(labelled_from_reviews(reviews, "nua")) == 3  # without the best items: as before


def test_alignment_applies_reviews_to_coverage_and_exports(fake_fit):
    from dataclasses import replace

    from search.align import align
    from search.match import Matcher
    from search.plan import Statement
    from search.report import to_csv, to_json, to_markdown

    framework, embedder, vectors, data, calibration = fake_fit
    # the fake embedder's fit is sure of its own statements, so its gate (which admits 96 % of
    # them) sits above any new one; this test is about reviews, not the gate
    matcher = Matcher(framework, embedder, replace(calibration, on_topic=0.5))
    texts = [
        "By 2028 the council will issue a green bond to fund the sewer network and drainage.",
        "Table of contents",
    ]
    statements = [Statement(i, t, 1, "", "—", "en") for i, t in enumerate(texts)]
    plain = align(statements, [matcher], embedder, plan="p", plan_sha256="a" * 64)
    top = plain.statements[0].matches[0].id
    shown = {m.id for m in plain.statements[1].matches}
    other = next(i for i in matcher.viewset.items if i != top and i not in shown)
    decisions = [review("reject", 0, top, texts[0]), review("reassign", 1, "cairo:3", texts[1], to=other)]
    reviewed = align(statements, [matcher], embedder, plan="p", plan_sha256="a" * 64, reviews=decisions)
    items = {i.id: i for i in reviewed.items}
    assert 0 not in [s.statement for s in items[top].support]  # rejected: no longer support
    assert [(s.statement, s.review) for s in items[other].support if s.review] == [(1, "reassign")]
    assert items[other].coverage == "covered"
    assert any(m.id == other for m in reviewed.statements[1].matches)  # listed for the reviewer

    exported = json.loads(to_json(reviewed))
    assert exported["plan_sha256"] == "a" * 64
    match = next(m for m in exported["statements"][0]["matches"] if m["id"] == top)
    assert match["review"]["decision"] == "reject"
    rows = list(csv.DictReader(to_csv(reviewed).lstrip("\ufeff").splitlines()))
    assert any(r["item"] == top and r["review"] == "reject" for r in rows)
    assert "✗ rejected" in to_markdown(reviewed)
    assert "review" not in to_json(plain)  # nothing reviewed, nothing said

    # each statement's "supports" line says what the items' coverage says: the rejected match is
    # gone from it and the item it was moved to is in it, in the JSON and the Markdown alike
    from search.links import supports_line

    supports = [s["supports"] for s in exported["statements"]]
    assert supports == [supports_line(m.id for m in reviewed.counted(r)) for r in reviewed.statements]
    assert top not in {m.id for m in reviewed.counted(reviewed.statements[0])}
    assert other == reviewed.counted(reviewed.statements[1])[0].id  # confirmed first
    assert supports_line([other]) in supports[1]
    markdown_rows = [line for line in to_markdown(reviewed).splitlines() if line.startswith("| 2 |")]
    assert supports_line([other]) in markdown_rows[0]


def policy_align(*args, env=None):
    return cli.succeeded(cli.policy_align(*args, env=env, timeout=1200))


@pytest.mark.slow
def test_review_round_trip_save_realign_export_calibrate(tmp_path):
    import os

    from indexer.settings import cache_root

    # The user's cache, but a calibrations folder of its own: the model and views are shared.
    (tmp_path / "cache").mkdir()
    for entry in cache_root().iterdir() if cache_root().is_dir() else ():
        if entry.name != "calibrations":
            (tmp_path / "cache" / entry.name).symlink_to(entry)
    env = {**os.environ, "POLICY_ALIGN_CACHE": str(tmp_path / "cache")}
    plan = tmp_path / "plan.md"
    plan.write_text(
        "# Plan\n\n1. The municipality will issue green bonds of 200 million to finance the sewer network.\n\n"
        "2. A municipal observatory will publish district data every quarter, disaggregated by sex and age.\n\n"
        "3. This plan was approved by the council on 3 March 2025 and enters into force on publication.\n",
        encoding="utf-8",
    )
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    policy_align("align", str(plan), "--framework", "cairo", "--out", str(report), env=env)
    first = json.loads(report.read_text(encoding="utf-8"))
    top0 = first["statements"][0]["matches"][0]["id"]
    policy_align("review", str(report), "--statement", "0", "--item", top0, "--accept", "--note", "bonds", env=env)
    policy_align("review", str(report), "--statement", "1", "--item", "cairo:8", "--reassign", "cairo:2", env=env)
    listed = policy_align("review", str(report), "--list", env=env).stdout
    assert top0 in listed and "→ cairo:2" in listed

    policy_align("align", str(plan), "--framework", "cairo", "--out", str(report), env=env)  # decisions kept
    again = json.loads(report.read_text(encoding="utf-8"))
    match = next(m for m in again["statements"][0]["matches"] if m["id"] == top0)
    assert match["review"] == {**match["review"], "decision": "accept", "note": "bonds"}
    coverage = {i["id"]: i for i in again["items"]}
    assert coverage["cairo:2"]["coverage"] == "covered"

    csv_report = tmp_path / "out" / "report.csv"
    policy_align(
        "align",
        str(plan),
        "--framework",
        "cairo",
        "--out",
        str(csv_report),
        "--reviews",
        str(report.with_name("report.reviews.jsonl")),
        env=env,
    )
    rows = list(csv.DictReader(csv_report.read_text(encoding="utf-8-sig").splitlines()))
    assert any(r["review"] == "accept" and r["item"] == top0 for r in rows)
    for row in rows:  # the reviewer rejects a match in the spreadsheet and feeds it back
        if row["statement"] == "0" and row["item"] == top0:
            row["review"], row["review_note"] = "rejected", "changed my mind"
    with csv_report.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    policy_align("review", str(report), "--from", str(csv_report), env=env)
    assert "reject" in policy_align("review", str(report), "--list", env=env).stdout

    shipped = (ROOT / "corpus" / "frameworks" / "cairo" / "calibration.json").read_bytes()
    out = policy_align(
        "calibrate", "--reviews", str(report.with_name("report.reviews.jsonl")), "--framework", "cairo", env=env
    )
    assert "before" in out.stdout and "after" in out.stdout and "hit@1" in out.stdout
    user = tmp_path / "cache" / "calibrations" / "cairo.json"
    assert "reviewed statements" in json.loads(user.read_text(encoding="utf-8"))["fitted_on"]
    assert (ROOT / "corpus" / "frameworks" / "cairo" / "calibration.json").read_bytes() == shipped
    policy_align("match", "--json", "green bonds for sewers", env=env)  # the refitted calibration loads
    assert user.with_name("cairo.neighbours.npy").is_file()  # the reviewed statements are neighbours too
    policy_align("calibrate", "--reset", "--framework", "cairo", env=env)
    assert not user.exists() and not user.with_name("cairo.neighbours.npy").exists()


def test_review_and_calibrate_refuse_bad_input_with_a_message(tmp_path):
    def run(*args):
        return cli.policy_align(*args, timeout=300)

    (tmp_path / "not.json").write_text("{not json", encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text(
        json.dumps(
            {"plan_sha256": "a" * 64, "statements": [{"index": 0, "text": "green bonds", "lang": "en", "matches": []}]}
        ),
        encoding="utf-8",
    )
    cases = [
        (("review", str(tmp_path / "not.json"), "--list"), 2, "not a JSON alignment report"),
        (("review", str(tmp_path / "missing.json"), "--list"), 2, "no such report"),
        (("review", str(report), "--statement", "5", "--item", "cairo:6", "--accept"), 2, "--statement must be 0–0"),
        (("review", str(report), "--statement", "0", "--item", "cairo:99", "--accept"), 2, "no such framework item"),
        (("review", str(report), "--statement", "0", "--item", "cairo:6"), 2, "one of --accept, --reject, --reassign"),
        (("calibrate",), 2, "give --reviews"),
        (("calibrate", "--reviews", str(tmp_path / "none.reviews.jsonl")), 2, "no such review file"),
    ]
    for args, code, message in cases:
        out = run(*args)
        assert out.returncode == code and message in out.stderr and "Traceback" not in out.stderr, (args, out.stderr)
    (tmp_path / "report.reviews.jsonl").write_text("{broken\n", encoding="utf-8")
    out = run("review", str(report), "--list")
    assert (
        out.returncode == 1 and "report.reviews.jsonl:1: not a review" in out.stderr and "Traceback" not in out.stderr
    )
    assert (tmp_path / "report.reviews.jsonl").read_text(encoding="utf-8") == "{broken\n"  # nothing overwritten
