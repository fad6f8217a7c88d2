"""Items cited and sections named in the interface language (framework.toml `[citations]` and
section titles), English by default: the CLI's JSON ("supports", "section") stays English."""

from __future__ import annotations

import pytest

LANGS = ("en", "zh", "ar", "fr", "es", "ru")


def test_citations_in_six_languages_english_by_default():
    from search.links import citation, supports_line

    ids = ["sdg:11.1", "nua:106", "cairo:1", "nua:31"]
    assert citation("nua:31") == citation("nua:31", "en") == "NUA ¶31"
    assert supports_line(ids) == "Cairo 1 · NUA ¶106, ¶31 · SDG 11.1"  # the CLI's "supports"
    assert supports_line(ids, "fr") == "Le Caire 1 · NPV ¶106, ¶31 · ODD 11.1"
    assert supports_line(ids, "zh") == "开罗宣言 1 · 新城市议程 ¶106, ¶31 · 可持续发展目标 11.1"
    assert citation("sdg:4.a", "ru") == "ЦУР 4.a" and citation("cairo:6", "es") == "El Cairo 6"
    assert citation("sdg:11", "ar") == "هدف التنمية المستدامة 11"
    assert citation("sdg:11.1", "xx") == "SDG 11.1"  # a language with no form: English
    assert citation("unknown:3", "fr") == "unknown:3"


@pytest.mark.parametrize("framework", ["cairo", "nua", "sdg"])
def test_every_framework_has_citations_and_section_titles_in_six_languages(framework):
    from indexer.frameworks import load_frameworks, registered_frameworks

    entry = next(e for e in registered_frameworks() if e.id == framework)
    assert {lang for lang, _ in entry.citations} | {"en"} == set(LANGS)
    fw = load_frameworks()[framework]
    for section_id, section in fw.sections.items():
        missing = set(LANGS) - set(section["title"])
        assert not missing, f"{framework} section {section_id}: no title in {sorted(missing)}"
    item = fw.item(f"{framework}:31" if framework == "nua" else fw.items[-1].id)
    paths = {lang: fw.section_path(item.section, lang) for lang in LANGS}
    assert len({p[-1] for p in paths.values()}) == 6  # six different names, none fell back to English


def test_nua_section_paths_and_clusters_read_in_each_language():
    from indexer.frameworks import load_frameworks
    from indexer.frameworks.clusters import load_clusters

    nua = load_frameworks()["nua"]
    section = nua.item("nua:106").section
    assert nua.section_path(section) == (
        "Quito Implementation Plan for the New Urban Agenda",
        "Effective implementation (81–160)",
        "Planning and managing urban spatial development (93–125)",
    )
    assert nua.section_path(section, "zh") == (
        "新城市议程基多执行计划",
        "有效执行（81–160）",
        "规划和管理城市空间发展（93–125）",
    )
    assert (
        nua.section_path(section, "ru")[-1] == "Планирование и регулирование территориального развития городов (93–125)"
    )
    for cluster in load_clusters("nua"):
        assert set(LANGS) <= set(cluster.titles), cluster.id


def test_a_search_card_cites_and_places_an_item_in_the_interface_language():
    """The Search tab folds an item's hits into one card: its section path is the interface's
    (the index holds it as the text's own), its citation and crosswalk links too."""
    from search.hits import Hit
    from search.ui.cards import card
    from search.ui.results import Result
    from search.ui.search_service import SearchService

    hit = Hit("framework:nua", "NUA", None, "nua:106", "en", 0.5, "Housing", (), ("summary",), ("Quito",), "c1")
    service = SearchService(engines=None)
    result = service._item_result(Result(hit, 0.9, "strong", "nua:106"), [hit], "en", "fr")
    assert result.hit.section[-1] == "Planifier et gérer le développement spatial urbain (93–125)"
    html = card(result, "fr")
    assert '<b translate="no">NPV ¶106</b>' in html and "ODD 11" in html and "NUA" not in html
    assert '<div class="pa-section">Plan de mise en œuvre de Quito' in html  # interface text: the audit reads it
    english = card(service._item_result(Result(hit, 0.9, "strong", "nua:106"), [hit], "en", "en"), "en")
    assert "NUA ¶106" in english and "Planning and managing urban spatial development" in english


def test_an_item_without_a_text_in_the_language_is_named_in_english():
    import re

    from search.match import item_titles

    for lang in ("ar", "ru"):
        titles = item_titles(lang)
        preamble = [t for i, t in titles.items() if i.startswith("cairo:preamble")]
        assert preamble and not any(re.search("[\u4e00-\u9fff]", t) for t in preamble), preamble


def test_a_citation_keeps_its_number_left_to_right_in_arabic():
    from search.ui.i18n import shown_citation

    assert shown_citation("sdg:15.b", "en") == "SDG 15.b"
    shown = shown_citation("sdg:15.b", "ar")
    assert shown.endswith("\u206615.b\u2069") and "\u2066" not in shown_citation("nua:31", "fr")
    from search.links import citation

    assert shown.replace("\u2066", "").replace("\u2069", "") == citation("sdg:15.b", "ar")
