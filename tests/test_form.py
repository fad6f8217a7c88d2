"""A statement's form from its punctuation (search/form.py): glossary entries and captions open
with a short label, commitments and numbered headings do not; the topic model reads it as
the feature opens_with_label, carried through every Embedded."""

from __future__ import annotations

import numpy as np
import pytest

from search.form import opens_with_label

LABELLED = [
    "Green corridor: a continuous strip of vegetation linking parks and rivers across the city.",
    "Logement intermédiaire : logement dont le loyer se situe entre le loyer social et le prix du marché.",
    "Пешеходная доступность — расстояние, которое житель проходит пешком за установленное время.",
    "海绵城市：指通过加强城市规划建设管理，充分发挥建筑、道路和绿地等系统对雨水的吸纳作用的城市发展方式。",
    "Revision history: first draft circulated to the steering group for comments.",
]
NOT_LABELLED = [
    "The city will build 5,000 affordable rental homes for low-income families by 2030.",
    "Action H-3: convert two vacant depots into supportive housing units with on-site services.",
    "Chapter 4: Municipal finance and green bonds ........ 57",
    "Der Klimaaktionsplan enthält einen sozialen Ausgleich: Haushalte mit geringem Einkommen erhalten Zuschüsse.",
    "Housing: yes.",  # the text after the label is too short to be a description
    ": a line that starts with its separator",
    "",
]


@pytest.mark.parametrize("text", LABELLED)
def test_a_short_label_then_a_description(text):
    assert opens_with_label(text)


@pytest.mark.parametrize("text", NOT_LABELLED)
def test_commitments_numbered_headings_and_long_clauses_are_not_labels(text):
    assert not opens_with_label(text)


def test_the_form_travels_with_the_embedded_statements():
    from indexer.model.fake import FakeEmbedder
    from search.embedded import Embedded, embed_statements
    from search.features import TOPIC_FEATURES

    texts = [LABELLED[0], NOT_LABELLED[0] + " " + NOT_LABELLED[3], LABELLED[3]]
    embedded = embed_statements(texts, FakeEmbedder())
    assert embedded.labelled.tolist() == [1.0, 0.0, 1.0]
    assert embedded.subset([2, 1]).labelled.tolist() == [1.0, 0.0]
    joined = Embedded.join([embedded.subset([0]), embedded.subset([1, 2])])
    assert joined.labelled.tolist() == [1.0, 0.0, 1.0] and np.array_equal(joined.owner, embedded.owner)
    assert np.array_equal(joined.sentences, embedded.sentences)
    with pytest.raises(ValueError, match="embed_statements"):
        Embedded(embedded.vectors, embedded.sentences, embedded.owner)
    assert "opens_with_label" in TOPIC_FEATURES


def test_what_follows_a_label_is_embedded_and_read_along_the_form_direction():
    from indexer.frameworks import load_frameworks
    from indexer.frameworks.notes import FORMS, load_forms
    from indexer.model.fake import FakeEmbedder
    from search.embedded import Embedded, embed_statements
    from search.features import TOPIC_FEATURES, features
    from search.form import split_label
    from search.scoring import hub_level
    from search.views import embed_form_direction, embed_views

    assert split_label("Housing First: the city will house 300 people sleeping rough.") == (
        "Housing First",
        "the city will house 300 people sleeping rough.",
    )
    assert split_label(NOT_LABELLED[0]) is None
    embedder = FakeEmbedder()
    texts = [LABELLED[0], NOT_LABELLED[0], LABELLED[3]]
    embedded = embed_statements(texts, embedder)
    rest = embedder.encode([split_label(LABELLED[3])[1]], "query")[0]
    assert np.allclose(embedded.rests[2], rest, atol=1e-6) and not embedded.rests[1].any()
    assert np.array_equal(Embedded.join([embedded.subset([2]), embedded.subset([0, 1])]).rests[0], embedded.rests[2])

    forms = load_forms()
    assert {f.form for f in forms} == set(FORMS) and len({f.lang for f in forms}) >= 8
    direction = embed_form_direction(embedder)
    assert direction.shape == (embedder.dimension,) and np.abs(direction).sum() > 0
    framework = load_frameworks()["cairo"]
    viewset = embed_views(framework, embedder)
    from search.fit import fit_direction
    from search.views import embed_background

    background = embed_background(embedder)
    topic_dir = fit_direction(viewset.vectors[:20], {"en"}, background)
    column = TOPIC_FEATURES.index("label_definition")
    read = features(embedded, viewset, background.vectors, hub_level(viewset), topic_dir, form_direction=direction)
    assert np.allclose(read.topic[:, column], embedded.rests @ direction) and read.topic[1, column] == 0.0
    assert not features(embedded, viewset, background.vectors, hub_level(viewset), topic_dir).topic[:, column].any()


# (numbered statement, what it says): the citation label is how the plan cites it, not content
NUMBERED = [
    (
        "3.2 The city will give homeless people a permanent home.",
        "The city will give homeless people a permanent home.",
    ),
    ("Measure 3.2: the city will build 5,000 social rental homes.", "the city will build 5,000 social rental homes."),
    (
        "Action H-3 – convert two vacant depots into supportive housing.",
        "convert two vacant depots into supportive housing.",
    ),
    (
        "Mesure 12 : le logement social sera renforcé dans tous les quartiers.",
        "le logement social sera renforcé dans tous les quartiers.",
    ),
    (
        "Мера 3.2. Город построит 5000 социальных квартир к 2030 году.",
        "Город построит 5000 социальных квартир к 2030 году.",
    ),
    ("措施3.2：到2030年建设5000套保障性租赁住房。", "到2030年建设5000套保障性租赁住房。"),
    ("الإجراء ٣: ستوفر المدينة مساكن ميسورة التكلفة للأسر.", "ستوفر المدينة مساكن ميسورة التكلفة للأسر."),
    (
        "(b) promote mixed-use neighbourhoods with shops and schools.",
        "promote mixed-use neighbourhoods with shops and schools.",
    ),
    ("（二）加快发展保障性租赁住房，优先解决新市民住房困难。", "加快发展保障性租赁住房，优先解决新市民住房困难。"),
    ("3.2 Measure 4: the city will plant trees along every street.", "the city will plant trees along every street."),
    ("Indicator 5.5.1(b): women hold 41% of elected council seats.", "women hold 41% of elected council seats."),
]
# numbers that are content, and labels that leave too little
UNNUMBERED = [
    "Se otorgarán 3.000 subsidios de arriendo a hogares jóvenes.",
    "Indicator: forest covered 23.6% of the district's land area in 2023.",
    "对全市1.3万户低保家庭实行动态管理。",
    "Article 5 of the Planning Act gives the legal basis of this plan.",
    "Housing First: the city will give homeless people a permanent home.",
    "The city will build 5,000 affordable homes by 2030.",
    "Action 3:",
]


@pytest.mark.parametrize("text, said", NUMBERED)
def test_a_statement_is_read_without_its_citation_label(text, said):
    from search.form import body

    assert body(text) == said


@pytest.mark.parametrize("text", UNNUMBERED)
def test_numbers_inside_the_text_and_bare_labels_stay(text):
    from search.form import body

    assert body(text) == text


def test_a_numbered_statement_is_embedded_as_its_text():
    from indexer.model.fake import FakeEmbedder
    from search.embedded import embed_statements

    texts = [said for _, said in NUMBERED[:3]]
    plain = embed_statements(texts, FakeEmbedder())
    numbered = embed_statements([text for text, _ in NUMBERED[:3]], FakeEmbedder())
    assert np.array_equal(plain.vectors, numbered.vectors) and np.array_equal(plain.clauses, numbered.clauses)


# An action sheet: the same field name before several statements; a glossary: each term once.
ACTION_SHEET = [
    "Objective: reduce car trips by a third by 2030.",
    "3.2 Objective: plant 20,000 street trees in the hottest districts.",
    "OBJECTIVE — build 5,000 social rental homes near transit stations.",
    "Affordable housing: housing whose cost does not exceed 30% of household income.",
    "Green corridor: a continuous strip of vegetation linking parks and rivers.",
    "目标：到2030年新建保障性租赁住房5000套。",
]


def test_a_label_opening_several_statements_of_a_plan_is_a_field_name():
    from search.form import as_read, field_names

    fields = field_names(ACTION_SHEET)
    assert fields == {"objective"}  # "目标" opens one statement only: it could be a glossary term
    assert [as_read(t, fields) for t in ACTION_SHEET] == [
        "reduce car trips by a third by 2030.",
        "plant 20,000 street trees in the hottest districts.",
        "build 5,000 social rental homes near transit stations.",
        ACTION_SHEET[3],
        ACTION_SHEET[4],
        ACTION_SHEET[5],
    ]
    assert field_names(ACTION_SHEET[3:6]) == frozenset()


def test_statements_are_embedded_after_their_plans_field_names():
    from indexer.model.fake import FakeEmbedder
    from search.embedded import embed_statements
    from search.form import field_names

    read = embed_statements(ACTION_SHEET[:3], FakeEmbedder(), fields=field_names(ACTION_SHEET))
    plain = embed_statements([ACTION_SHEET[0].split(maxsplit=1)[1]], FakeEmbedder())
    assert np.array_equal(read.vectors[:1], plain.vectors) and read.labelled.tolist() == [0.0, 0.0, 0.0]
    assert embed_statements(ACTION_SHEET[:3], FakeEmbedder()).labelled.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("text", ["", "   ", "3.2", "Objective:", "x" * 100_000, "١. " + "ب" * 5000])
def test_empty_bare_and_huge_statements_are_read_without_error(text):
    from search.form import as_read, body, field_names

    fields = field_names([text] * 3)
    assert body(text) == (text.strip() if not text.startswith("١") else text[3:])
    assert as_read(text, fields) == body(text) and fields == frozenset()


def test_a_bad_forms_file_is_named_and_a_missing_or_one_sided_one_reads_as_no_direction(tmp_path, monkeypatch):
    import shutil

    from indexer.frameworks.model import FrameworkError
    from indexer.frameworks.notes import load_forms
    from indexer.model.fake import FakeEmbedder
    from search.views import embed_form_direction
    from tests.conftest import ROOT

    corpus = tmp_path / "corpus" / "frameworks"
    shutil.copytree(ROOT / "corpus" / "frameworks", corpus)
    monkeypatch.setenv("POLICY_ALIGN_CORPUS", str(tmp_path / "corpus"))
    forms = corpus / "forms.jsonl"
    forms.write_text('{"lang": "en", "form": "definition", "text": "a word"}\n{not json\n', encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"forms.jsonl:2: not a valid form row"):
        load_forms()
    forms.write_text('{"lang": "en", "form": "promise", "text": "we will"}\n', encoding="utf-8")
    with pytest.raises(
        FrameworkError, match=r"forms.jsonl:1: not a valid form row \(form must be one of definition, commitment"
    ):
        load_forms()
    forms.write_text('{"lang": "en", "form": "definition", "text": "   "}\n', encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"forms.jsonl:1: not a valid form row \(form must be one of"):
        load_forms()
    embedder = FakeEmbedder()
    forms.write_text('{"lang": "en", "form": "definition", "text": "a loan without collateral"}\n\n', encoding="utf-8")
    assert len(load_forms()) == 1 and not embed_form_direction(embedder).any()  # one form only: no direction
    forms.unlink()
    assert load_forms() == () and not embed_form_direction(embedder).any()
