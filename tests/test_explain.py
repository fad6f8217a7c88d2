"""Why a statement matched: exact additive feature effects, the nearest views, the rule
(fake embedder, seconds); and `match --explain` / `align --explain` on the real model."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest

from search.features import TOPIC_FEATURES
from tests.support.cli import policy_align, succeeded


def test_effects_add_up_to_the_score_and_the_rule_names_the_deciding_step(fake_fit):
    from search.match import Matcher

    framework, embedder, statements, data, calibration = fake_fit
    matcher = Matcher(framework, embedder, calibration)
    results = matcher.match_vectors(
        [f"s{i}" for i in range(len(statements.vectors))], statements, 3, ["en"] * len(statements.vectors), explain=True
    )
    rules = set()
    for result in results:
        for match in result.matches:
            why = match.explanation
            for part in (why.topic, why.item):
                total = part.intercept + sum(c.effect for c in part.contributions)
                assert (
                    abs(total - part.logit) < 0.002 and abs(1 / (1 + math.exp(-part.logit)) - part.probability) < 1e-4
                )
                assert [abs(c.effect) for c in part.contributions] == sorted(
                    (abs(c.effect) for c in part.contributions), reverse=True
                )
            assert {c.feature for c in why.item.contributions} == set(calibration.item_features)
            assert abs(why.topic.probability * why.item.probability - match.score) < 0.002
            assert why.on_topic == (why.topic.probability >= calibration.on_topic - 1e-4)
            cosines = [v.cosine for v in why.nearest_views]
            assert len(cosines) == 3 and cosines == sorted(cosines, reverse=True)
            item = matcher.viewset.items.index(match.id)
            own = {v.text for v, k in zip(matcher.viewset.views, matcher.viewset.item_of_view) if k == item}
            assert {v.text for v in why.nearest_views} <= own
            assert why.rule.startswith(match.strength if why.on_topic else "off topic")
            rules.add(why.rule.split(":")[0])
            assert json.loads(json.dumps(why.as_dict()))["item"]["contributions"][0]["feature"]
    assert {"strong", "off topic", "none"} <= rules  # the set exercises the rules, not one branch


def test_matches_without_explain_carry_none(fake_fit):
    from search.match import Matcher

    framework, embedder, statements, _, calibration = fake_fit
    result = Matcher(framework, embedder, calibration).match_vectors(["a"], statements.subset([0]), 2, ["en"])
    assert all(m.explanation is None for m in result[0].matches)


def run(*args):
    return succeeded(policy_align(*args, timeout=900)).stdout


@pytest.mark.slow
def test_match_and_align_explain_on_the_real_model(tmp_path):
    statement = "ستصدر البلدية سندات خضراء بقيمة 200 مليون جنيه لتمويل شبكة الصرف الصحي."
    record = json.loads(run("match", "--json", "--explain", "--k", "2", statement))[0]
    top = record["matches"][0]
    assert top["id"] == "cairo:6" and top["strength"] in ("strong", "partial")
    why = top["explanation"]
    assert why["on_topic"] is True and why["rule"].startswith(top["strength"])
    assert why["rule_code"].startswith(top["strength"]) and "score" in why["rule_values"]
    assert {c["feature"] for c in why["topic"]["contributions"]} == set(TOPIC_FEATURES)
    assert len(why["nearest_views"]) == 3 and {"kind", "lang", "text", "cosine"} <= set(why["nearest_views"][0])
    text = run("match", "--explain", statement, "Page 12 of 140")
    assert "why: strong" in text or "why: partial" in text
    assert "why: off topic" in text and ("near aspect" in text or "near example" in text)

    plan = tmp_path / "plan.txt"
    plan.write_text(
        "1. The municipality will issue green bonds to finance its sewer network.\n\n"
        "2. This plan was approved by the council on 3 March 2025.\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.json"
    run("align", str(plan), "--framework", "cairo", "--explain", "--out", str(out))
    report = json.loads(out.read_text(encoding="utf-8"))
    explained = [m for s in report["statements"] for m in s["matches"] + ([s["nearest"]] if s["nearest"] else [])]
    assert explained and all("explanation" in m for m in explained)
    run("align", str(plan), "--framework", "cairo", "--out", str(out))
    assert "explanation" not in out.read_text(encoding="utf-8")  # only when asked for


def test_the_rule_has_a_code_and_numbers_and_reads_in_every_interface_language(fake_fit):
    """`rule_code` and `rule_values` give the same sentence as `rule`, and the app's why? shows
    it in the interface language (search/ui/strings_*.py), the numbers unchanged."""
    from html import unescape

    from search.explain import RULES, rule_text
    from search.match import Matcher
    from search.ui.i18n import LANGUAGES, t
    from search.ui.strings_en import EN
    from search.ui.why import explanation_html, rule_sentence

    framework, embedder, statements, _, calibration = fake_fit
    n = len(statements.vectors)
    results = Matcher(framework, embedder, calibration).match_vectors(
        [f"s{i}" for i in range(n)], statements, 3, ["en"] * n, explain=True
    )
    seen = {}
    for why in (m.explanation for r in results for m in r.matches):
        assert why.rule == rule_text(why.rule_code, why.rule_values)  # the English sentence, from code and numbers
        record = json.loads(json.dumps(why.as_dict()))
        assert record["rule"] == why.rule and record["rule_code"] == why.rule_code
        assert record["rule_values"] == why.rule_values
        seen.setdefault(why.rule_code, why)
    assert {"strong", "off_topic", "none"} <= set(seen)
    assert {c: EN[f"why_rule_{c}"] for c in RULES} == RULES  # the app's English is the JSON's
    for lang in LANGUAGES:
        for code, why in seen.items():
            sentence = rule_sentence(why, lang)
            assert sentence == t(f"why_rule_{code}", lang).format(**{k: f"{v:.2f}" for k, v in why.rule_values.items()})
            assert all(f"{v:.2f}" in sentence for v in why.rule_values.values())
            assert (sentence == why.rule) == (lang == "en"), (lang, code)
            assert sentence in unescape(explanation_html(why, lang))
    legacy = dataclasses.replace(seen["strong"], rule_code="", rule_values={})
    assert rule_sentence(legacy, "zh") == legacy.rule  # an explanation without a code: its English sentence
