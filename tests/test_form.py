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
