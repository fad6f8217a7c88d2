"""Naming a framework item in a query, in the six UN languages (search/references.py; the
names come from each framework.toml's names, citation and aliases)."""

import pytest

NAMED = {
    # the four forms the app review found (issue 15)
    "إعلان القاهرة 6": "cairo:6",
    "الخطة الحضرية الجديدة الفقرة 137": "nua:137",
    "Каирская декларация призыв 6": "cairo:6",
    "ЦУР 11.1": "sdg:11.1",
    # each framework in each language, name first
    "开罗行动宣言 第6条": "cairo:6",
    "开罗行动宣言第六条": "cairo:6",
    "Cairo call 6": "cairo:6",
    "Déclaration du Caire appel 6": "cairo:6",
    "Declaración de Acción de El Cairo, llamamiento 6": "cairo:6",
    "إعلان القاهرة للعمل، النداء 6": "cairo:6",
    "Каирская декларация, призыв № 6": "cairo:6",
    "新城市议程第31段": "nua:31",
    "NUA ¶ 137": "nua:137",
    "Nouveau Programme pour les villes paragraphe 137": "nua:137",
    "Nueva Agenda Urbana párrafo 137": "nua:137",
    "Новая программа развития городов пункт 137": "nua:137",
    "可持续发展目标 11.1": "sdg:11.1",
    "هدف التنمية المستدامة 11.1": "sdg:11.1",
    "ODS 6.a": "sdg:6.a",
    "ODD 4.1": "sdg:4.1",
    # the item first, then the framework (case forms in Russian, Arabic-Indic digits)
    "призыв 6 Каирской декларации": "cairo:6",
    "النداء ٦ من إعلان القاهرة": "cairo:6",
    "paragraph 137 of the New Urban Agenda": "nua:137",
    "пункт 137 Новой программы развития городов": "nua:137",
    "الفقرة 137 من الخطة الحضرية الجديدة": "nua:137",
    "la cible 11.1 des ODD": "sdg:11.1",
    "المقصد 11.1 من أهداف التنمية المستدامة": "sdg:11.1",
}
NOT_NAMED = ["housing for 137 families", "agua potable para 6 barrios", "призыв к действию", "第6条"]


@pytest.mark.parametrize("query,item", NAMED.items())
def test_an_item_is_named_in_any_of_the_six_languages(query, item):
    from search.references import item_reference

    assert item_reference(query) == item


@pytest.mark.parametrize("query", NOT_NAMED)
def test_numbers_without_a_framework_name_name_nothing(query):
    from search.references import item_reference

    assert item_reference(query) is None


def test_a_named_item_comes_first_in_search(tmp_path, monkeypatch):
    from indexer.frameworks.indexing import ensure_framework_index
    from indexer.model.fake import FakeEmbedder
    from search.engine import SearchEngine

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path))
    monkeypatch.delenv("POLICY_ALIGN_FRAMEWORKS", raising=False)
    embedder = FakeEmbedder()
    engine = SearchEngine(ensure_framework_index(embedder), embedder)
    for query in ("إعلان القاهرة 6", "Каирская декларация призыв 6", "الخطة الحضرية الجديدة الفقرة 137", "ЦУР 11.1"):
        hits = engine.search(query, 3)
        assert hits[0].label == NAMED[query], query
    ar = engine.search("إعلان القاهرة 6", 3, langs=("ar",))
    assert ar[0].label == "cairo:6" and ar[0].lang == "ar"
