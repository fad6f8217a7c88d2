"""The app's six interface languages: same keys, same placeholders, nothing empty; and the
HTML renderer escapes document text."""

from __future__ import annotations

import re

import pytest

from search.ui.i18n import LANGUAGES, direction, t, table
from search.ui.strings_en import EN


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_language_has_every_string_with_the_same_placeholders(lang):
    strings = table(lang)
    assert set(strings) == set(EN)
    for key, text in strings.items():
        assert text.strip(), key
        assert set(re.findall(r"{\w+}", text)) == set(re.findall(r"{\w+}", EN[key])), key
    assert t("align_items_count", lang, covered=1, partial=2, gaps=3)


# counts the app shows with any number, 1 included
COUNTS = ("results_count", "align_statements_count", "align_items_count")


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "ar"])
def test_counts_read_right_for_one_and_for_many(lang):
    """In languages whose nouns agree with a number, a count is written "label: n", never "n
    nouns" ("1 gaps", "1 couverts", "1 пробелов" read wrong; Chinese has no plural to get wrong).
    A word after a number is only a preposition of "n of m"."""
    for key in COUNTS:
        text = table(lang)[key]
        noun = re.search(r"\{\w+\} (?!(?:of|de|sur|из|من)\b)[^\W\d_]", text)
        assert noun is None, f"{key}: {text}"


def test_every_string_is_shown_somewhere():
    """A key no code reads is a translation kept up in six languages for nothing (17 were left
    behind by a removed summary view). Keys read by name, or built from a prefix ("col_{name}",
    label("feature", name)), count as read."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for p in [root / "app.py", *(root / "search").rglob("*.py")]
        if not p.name.startswith("strings_")
    )
    prefixes = set(re.findall(r"""f["']([a-z_]+_)\{""", code))
    prefixes |= {f"{p}_" for p in re.findall(r"""label\(\s*["'](\w+)["']""", code)}
    unread = [k for k in EN if f'"{k}"' not in code and f"'{k}'" not in code and not k.startswith(tuple(prefixes))]
    assert not unread


def test_direction_and_fallback():
    assert direction("ar") == "rtl" and direction("zh") == "ltr"
    assert t("search_button", "xx") == EN["search_button"]  # unknown language: English


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_rendered_cards_escape_document_text_and_mark_highlights(lang):
    """The Search tab's cards (search/ui/cards.py): document text, title, label, section and a
    page link are untrusted."""
    from search.hits import Hit
    from search.ui.cards import result_cards
    from search.ui.results import Result

    text = "A <script>alert(1)</script> plan <img src=x onerror=alert(2)> ${alert(4)} {{x}} for housing."
    start = text.index("housing")
    hit = Hit(
        "d", "<b>title</b>", 3, "<i>12</i>", "en", 0.5, text, ((start, start + 7),), ("ocr",), ("<u>Ch. 1</u>",), "d:0"
    )
    html = result_cards([Result(hit, 0.9, "strong")], lang, ['/gradio_api/file=/x.pdf#page=3" onclick="alert(3)'])
    assert "<script>" not in html and "<img" not in html and "<b>title" not in html
    assert "<i>12" not in html and "<u>Ch" not in html
    assert "${" not in html and "{{" not in html  # nothing for Gradio's template pass either
    assert "&lt;script&gt;" in html and "<mark>housing</mark>" in html
    assert 'onclick="alert' not in html  # even a link is attribute-escaped
    assert t("flag_ocr", lang) in html


SDG_WORDS = {
    "en": "SDG",
    "zh": "可持续发展目标",
    "ar": "أهداف التنمية المستدامة",
    "fr": "ODD",
    "es": "ODS",
    "ru": "ЦУР",
}
CROSSWALK_WORDS = {
    "en": "crosswalk",
    "zh": "对照表",
    "ar": "جدول التقابل",
    "fr": "grille de correspondance",
    "es": "tabla de correspondencias",
    "ru": "Таблица соответствий",
}


@pytest.mark.parametrize("lang", sorted(SDG_WORDS))
def test_about_names_the_three_frameworks_the_crosswalk_and_how_to_add_an_official_text(lang):
    """About says what the app holds (the SDGs' 17 goals and 169 targets beside Cairo and the
    NUA, the crosswalk and its 'supports' line) and how the Library tab adds an official text,
    with the tab's, the section's and the button's own names in that language."""
    from search.ui.about import about_markdown
    from search.ui.i18n import t

    about = about_markdown(lang, "model")
    assert SDG_WORDS[lang] in about and "17" in about and "169" in about and "175" in about
    supports = t("align_supports", lang).lower()
    supports = supports[1:] if lang == "ar" else supports  # يدعم / تدعمه: the verb agrees with the statement
    assert CROSSWALK_WORDS[lang] in about and supports in about.lower()
    for key in ("tab_library", "official_title", "official_button"):
        assert f"**{t(key, lang)}**" in about, key
    assert "policy-align corpus add FILE --framework ID --lang xx" in about


def test_every_page_flag_the_indexer_sets_has_a_name_in_every_language():
    """A flag with no string was shown as the indexer's word ("truncated") in every interface.
    The flags are read from the indexer's source, where they are set, so a new one fails here."""
    from pathlib import Path

    from search.ui.cards import flag_name

    root = Path(__file__).resolve().parents[1] / "indexer"
    code = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py"))
    set_there = set(re.findall(r"""flags(?:\s*\+\s*\(|\.append\(|\s*\+\s*\[|\(\d\.\d+,\s*\()["']([a-z-]+)["']""", code))
    set_there |= set(re.findall(r"""Quality\([^)]*\(["']([a-z-]+)["']""", code))
    assert {"truncated", "empty", "ocr", "deduplicated", "no-text"} <= set_there  # the pattern finds them
    for lang in LANGUAGES:
        unnamed = [f for f in sorted(set_there) if flag_name(f, lang) == f]
        assert not unnamed, (lang, unnamed)


@pytest.mark.parametrize(("lang", "word"), [("en", "note"), ("zh", "注"), ("ar", "حاشية")])
def test_a_footnote_is_shown_as_a_note_and_a_paragraph_by_its_label(lang, word):
    """A footnote's label ("[3]", indexer/structure/units.note_label) reads as "note 3" in the
    Search tab's cards and the Align tab's rows; any other label as before."""
    from search.ui.cards import label_html

    assert label_html("[3]", lang) == f'{word} <bdi translate="no">3</bdi>'
    assert label_html("12", lang) == f'{t("paragraph", lang)} <bdi translate="no">12</bdi>'
