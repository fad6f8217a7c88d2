"""The Align tab's "why?" and review, without a browser: the why? HTML escapes the plan's and
the framework's text, and the alignment service keeps a decision per plan in the cache,
aligns again with it without embedding again, and offers the decisions beside the reports."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

UNTRUSTED = '<img src=x onerror="alert(1)"> مساكن <script>alert(2)</script>'


def _report(review=None):
    from search.align import AlignmentReport, ItemCoverage, StatementResult, Support
    from search.explain import Contribution, Explanation, ModelPart, NearView
    from search.match import Match
    from search.plan import Statement

    explanation = Explanation(
        True,
        0.5,
        ModelPart(
            0.91, 2.3, 0.1, (Contribution("topic_direction", 1.2, 1.5), Contribution("reach_over_background", 0.1, 0.2))
        ),
        ModelPart(
            0.8,
            1.2,
            -0.3,
            (
                Contribution("aspect_top3", 0.1, 2.5),
                Contribution("a_feature_of_tomorrow", 0.2, -0.9),
                Contribution("best_sentence_note_vote", 0.2, 0.1),
                Contribution("note_vote", 0.3, 0.05),
            ),
        ),
        (NearView("aspect", "ar", UNTRUSTED, 0.9123), NearView("title", "en", "Housing <b>for all</b>", 0.85)),
        "strong: score 0.80 ≥ 0.60",
    )
    statement = Statement(0, UNTRUSTED, None, "", "—", "ar")
    match = Match("cairo:1", 0.8, "strong", "evidence", "en", 0.9, explanation)
    bare = Match("cairo:2", 0.4, "partial", "evidence", "en", 0.7)
    item = ItemCoverage("cairo:1", "cairo", "Housing <i>crisis</i>", "covered", (Support(0, 0.8, "strong"),), None)
    reviews = {(0, "cairo:1"): review} if review else {}
    return AlignmentReport(
        "pasted text", (StatementResult(statement, (match, bare), match),), (item,), ("—",), np.zeros((1, 1)),
        reviews=reviews,
    )  # fmt: skip


def test_why_shows_rule_probabilities_effects_and_views_with_every_text_escaped():
    from search.review import Review
    from search.ui.why import label, statement_why

    review = Review("a" * 64, 0, "cairo:1", "reject", UNTRUSTED, note="<b>not housing</b>")
    html = statement_why(_report(review), 0, "ar", "cairo:1")
    assert "<img" not in html and "<script" not in html and "<b>not" not in html and "<i>crisis" not in html
    assert "&lt;img" in html and "&lt;script&gt;" in html and "&lt;b&gt;not housing" in html
    assert html.startswith('<div class="pa-why" dir="rtl">')  # the interface's direction
    assert html.count('dir="auto" lang="ar"') == 2  # the statement and the Arabic view keep their own
    assert "strong: score 0.80 ≥ 0.60" in html and "0.91" in html and "0.80" in html
    assert "0.912" in html and "لماذا؟" in html and "✗ مرفوضة" in html  # cosine, "why?", the decision
    effects = html[html.index("pa-effects") :]
    order = [effects.index(name) for name in ("aspect_top3", "topic_direction", "a_feature_of_tomorrow")]
    assert order == sorted(order) and "note_vote" not in effects.split("</table>")[0]  # the 4 largest of 6
    assert "a_feature_of_tomorrow</td>" in effects  # no label for it: its name, once
    assert (
        label("feature", "best_sentence_note_vote", "en")
        == "Vote of the nearest aspects and examples, on the statement's best sentence"
    )
    assert html.count("<details") == 2 and html.count(" open>") == 1  # one per match, the chosen one open
    assert "لا يوجد تفسير" in html  # the match without an explanation says so


def test_the_list_of_matches_and_the_rows_label_decisions():
    from search.review import Review
    from search.ui.align_view import rows
    from search.ui.review_panel import pairs
    from search.ui.why import review_badge

    report = _report(Review("a" * 64, 0, "cairo:1", "reassign", "t", reassign_to="cairo:9", note="n"))
    assert [v for _, v in pairs(report)] == ["0|cairo:1", "0|cairo:2"]
    assert pairs(report, "fr")[0][0].startswith("#1 Le Caire 1 · correspondance forte 0.80")  # cited in French
    (row,) = rows(report)
    assert [m.id for m in row.shown] == ["cairo:2"]  # the reassigned match no longer counts
    badge = review_badge(report.review_of(0, "cairo:1"), "fr")
    assert re.sub(r"<[^>]+>", "", badge) == " → cairo:9: n"
    assert review_badge(None, "en") == ""


class Counting:
    """An embedder that counts its encode calls."""

    def __init__(self, embedder):
        self.embedder, self.calls = embedder, 0

    def encode(self, texts, kind, **kwargs):
        self.calls += 1
        return self.embedder.encode(texts, kind, **kwargs)

    def __getattr__(self, name):
        return getattr(self.embedder, name)


def test_a_decision_is_kept_for_the_plan_and_applied_when_it_is_aligned_again(fake_fit, tmp_path, monkeypatch):
    from indexer.frameworks.notes import load_notes
    from search.match import Matcher, item_titles
    from search.plan import text_sha256
    from search.review import ReviewError
    from search.ui.align_service import REVIEWS_NAME, AlignService, reviews_file
    from search.ui.align_view import rows

    framework, embedder, *_, calibration = fake_fit
    counting = Counting(embedder)
    (tmp_path / "work").mkdir()
    service = AlignService(counting, tmp_path / "work")
    service._matchers["cairo"] = Matcher(framework, embedder, calibration)
    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))  # the decisions' folder
    examples = [n.text for notes in load_notes("cairo").values() for n in notes if n.kind == "example"]
    text = "\n".join([examples[0], examples[40], "Table of contents"])
    titles = item_titles("en")

    first = service.align(None, text, "cairo", titles)
    # statements, sentences and clauses in one call (search/embedded.embed_statements)
    assert first.report.plan_sha256 == text_sha256(text) and counting.calls == 1
    assert all(m.explanation is not None for r in first.report.statements for m in r.matches)
    assert REVIEWS_NAME not in [p.name for p in first.files]  # no decisions yet
    top, second = first.report.statements[0].matches[0].id, first.report.statements[1].matches[0].id
    service.review(first.alignment, 0, top, "reject", note="not this")
    service.review(first.alignment, 1, second, "accept")
    with pytest.raises(ReviewError):
        service.review(first.alignment, 1, second, "reassign", "nua:1")  # not an item of Cairo
    with pytest.raises(ReviewError):
        service.review(first.alignment, 7, second, "accept")  # no such statement

    again = service.run(first.alignment, titles)
    assert counting.calls == 1  # the statements' vectors were kept
    assert {k: r.decision for k, r in again.report.reviews.items()} == {(0, top): "reject", (1, second): "accept"}
    copy = again.alignment.out / REVIEWS_NAME
    assert copy in again.files and copy.read_bytes() == reviews_file(text_sha256(text)).read_bytes()
    exported = json.loads((again.alignment.out / "alignment.json").read_text(encoding="utf-8"))
    assert exported["statements"][0]["matches"][0]["review"]["decision"] == "reject"

    fresh = service.align(None, text, "cairo", titles)  # the same text pasted again, another session
    assert set(fresh.report.reviews) == {(0, top), (1, second)} and fresh.alignment.out != first.alignment.out
    first_row = rows(fresh.report)[0]
    assert first_row.result.statement.text == examples[0] and top not in [m.id for m in first_row.shown]
    assert fresh.report.review_of(0, top).note == "not this"  # rejected: shown, not counted
