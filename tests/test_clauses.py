"""Issue 14, every call a paragraph supports: the item features are also read on a statement's
clauses (search/features.py), and statements of two or more sentences get a partial threshold
of their own (search/fit.py, search/calibration.py). Fake embedder: seconds, no model."""

from __future__ import annotations

import numpy as np
import pytest

PARAGRAPH = (
    "By 2027 the Housing Directorate of Port Alden will upgrade the Marsh Lane settlement, "
    "where about 3,200 households live without piped water. It is run by the city, the utility "
    "and two universities, and reports to the council."
)


def test_clauses_are_slices_of_the_sentences_cut_after_commas_and_colons():
    from search.embedded import MIN_CLAUSE_CHARS, clause_units

    clauses = clause_units(PARAGRAPH)
    assert clauses[:2] == [
        "By 2027 the Housing Directorate of Port Alden will upgrade the Marsh Lane settlement,",
        "where about 3,200 households live without piped water.",  # "3,200" is not a break
    ]
    assert all(c in PARAGRAPH for c in clauses)
    # "It is run by the city," alone says little: a short piece joins the next, a short last
    # one ("and reports to the council.") the one before
    assert clauses[2:] == ["It is run by the city, the utility and two universities, and reports to the council."]
    assert all(len(c) >= MIN_CLAUSE_CHARS for c in clauses)
    wide = (
        "到2027年，市住房局将改造河湾棚户区的全部一千二百套住房并为每户接通自来水和污水管网，"
        "这项工程由市政府、供水公司、两所大学和居民委员会组成的联盟负责实施并每季度公开报告进展。"
    )
    assert "".join(clause_units(wide)) == wide and len(clause_units(wide)) == 2  # no space after a full-width comma
    assert clause_units("Short one.") == ["Short one."]


def test_clauses_travel_with_the_embedded_statements():
    from indexer.model.fake import FakeEmbedder
    from search.embedded import Embedded, clause_units, embed_statements

    texts = [PARAGRAPH, "One short statement about housing.", PARAGRAPH[:90]]
    embedded = embed_statements(texts, FakeEmbedder())
    counts = [len(clause_units(t)) for t in texts]
    assert np.bincount(embedded.clause_owner).tolist() == counts
    # a statement that is one clause is read by its own vector
    assert np.allclose(embedded.clauses[embedded.clause_owner == 1], embedded.vectors[1])
    picked = embedded.subset([2, 0])
    assert np.bincount(picked.clause_owner).tolist() == [counts[2], counts[0]]
    joined = Embedded.join([embedded.subset([0]), embedded.subset([1, 2])])
    assert np.allclose(joined.clauses, embedded.clauses) and np.array_equal(joined.clause_owner, embedded.clause_owner)
    # made by hand without clauses: each sentence is its own clause
    plain = Embedded(embedded.vectors, embedded.sentences, embedded.owner, embedded.labelled)
    assert np.array_equal(plain.clauses, plain.sentences) and np.array_equal(plain.clause_owner, plain.owner)


def test_a_one_clause_statement_reads_the_same_numbers_on_its_sentence_and_clause(fake_fit):
    from search.embedded import embed_statements
    from search.features import ITEM_FEATURES, WHOLE_FEATURES, features
    from search.match import Matcher

    framework, embedder, *_, calibration = fake_fit
    matcher = Matcher(framework, embedder, calibration)
    embedded = embed_statements(["Affordable homes for every family.", PARAGRAPH], embedder)
    found = features(embedded, matcher.viewset, matcher.background.vectors, matcher.hub_level, calibration.direction)
    assert found.items.shape[-1] == len(ITEM_FEATURES)
    whole = found.item_columns(WHOLE_FEATURES)[0]
    assert np.allclose(found.item_columns(tuple(f"best_clause_{n}" for n in WHOLE_FEATURES))[0], whole)
    assert np.allclose(found.item_columns(tuple(f"best_sentence_{n}" for n in WHOLE_FEATURES))[0], whole)
    assert found.multi.tolist() == [False, True]
    assert found.subset([1]).multi.tolist() == [True]


def _calibration(partial_multi):
    from search.calibration import Calibration, Logistic

    one = Logistic((1.0,), (0.0,), (1.0,), 0.0)
    return Calibration("cairo", one, one, one, 0.5, 0.5, 0.3, "test", ("pooled_top3",), partial_multi=partial_multi)


def test_a_paragraph_has_its_own_partial_threshold():
    from search.features import Features

    found = Features(np.full((2, 1), 3.0), np.zeros((2, 3, 1)), np.zeros((2, 4)), np.array([False, True]))
    probability = np.array([[0.9, 0.25, 0.1], [0.9, 0.25, 0.1]])
    assert [list(r) for r in _calibration(None).strengths(found, probability)] == [["strong", "none", "none"]] * 2
    got = _calibration(0.2).strengths(found, probability)
    assert list(got[0]) == ["strong", "none", "none"]  # one sentence: 0.25 < partial 0.3
    assert list(got[1]) == ["strong", "partial", "none"]  # a paragraph: 0.25 ≥ partial_multi 0.2
    assert _calibration(0.2).partial_of(found).tolist() == [0.3, 0.2]


def test_partial_multi_is_saved_and_older_files_load_without_it(tmp_path):
    import json

    from search.calibration import load_calibration_file, save_calibration

    path = tmp_path / "c.json"
    save_calibration(_calibration(0.2), path)
    assert load_calibration_file("cairo", path).partial_multi == pytest.approx(0.2)
    raw = json.loads(path.read_text())
    del raw["partial_multi"]
    path.write_text(json.dumps(raw))
    assert load_calibration_file("cairo", path).partial_multi is None


def test_the_fit_learns_partial_multi_only_for_paragraphs_read_by_their_units(fake_fit):
    from dataclasses import replace

    from search.fit import MIN_MULTI, choose_partial_multi, fit_calibration

    *_, data, calibration = fake_fit
    on = ~data.offtopic
    many = replace(data, features=replace(data.features, multi=on.copy()))  # every on-topic statement a paragraph
    assert on.sum() >= MIN_MULTI
    fitted = fit_calibration(many, "test")
    assert fitted.partial_multi is not None and 0.0 <= fitted.partial_multi <= fitted.strong
    assert choose_partial_multi(fitted, many, on) == pytest.approx(fitted.partial_multi)
    # without the sentence and clause columns (NUA, SDG), or without enough paragraphs: none
    assert fit_calibration(many, "test", ("aspect_top3", "pooled_top3")).partial_multi is None
    few = replace(data, features=replace(data.features, multi=np.zeros(len(on), bool)))
    assert fit_calibration(few, "test").partial_multi is None


def test_the_rule_quotes_the_threshold_the_statement_was_judged_by():
    from search.calibration import Logistic
    from search.explain import explain
    from search.features import ITEM_FEATURES, Features
    from search.views import View, ViewSet

    cal = _calibration(0.2)
    cal = type(cal)(**{**cal.__dict__, "item": Logistic((1.0,), (0.0,), (1.0,), 0.0)})
    viewset = ViewSet(
        "cairo", ("cairo:1",), (View("cairo:1", "text", "en", "official", "x"),), np.zeros(1, int), np.eye(1, 2)
    )
    # P(topic) = sigmoid(3) = 0.95, P(item) = sigmoid(-1.2) = 0.23: score 0.22, between 0.2 and 0.3
    items = np.zeros((2, 1, len(ITEM_FEATURES)))
    items[..., ITEM_FEATURES.index("pooled_top3")] = -1.2
    found = Features(np.full((2, 1), 3.0), items, np.zeros((2, 1)), np.array([False, True]))
    single = explain(cal, found, viewset, 0, 0, "none")
    paragraph = explain(cal, found, viewset, 1, 0, "partial")
    assert single.rule_code == "none" and single.rule_values["partial"] == 0.3
    assert paragraph.rule_code == "partial" and paragraph.rule_values["partial"] == 0.2


def test_the_clause_columns_are_named_in_every_interface_language():
    from search.ui.i18n import LANGUAGES
    from search.ui.why import label

    for lang in LANGUAGES:
        assert label("feature", "best_clause_note_vote", lang) != label("feature", "best_sentence_note_vote", lang)
        assert label("feature", "clauses_won", lang) != "clauses_won"
