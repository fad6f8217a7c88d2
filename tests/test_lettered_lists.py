"""Lists as plans letter and number their items, each item a paragraph or a line of one
paragraph (cut by line breaks), made into PDFs by LibreOffice: "a)" in French and Spanish, "а)" in
Russian, "(1)" in English, "1、" and "（1）" in Chinese, "(أ)" and "أ-" in Arabic. Each item is a
unit of its own, labelled, whether it fits on one line or wraps; the paragraph after the list is
not glued to its last item (indexer/structure/labels.py, indexer/extract/paragraphs.py). Before
these labels were read, the Arabic items of 8 of these 32 PDFs ran together (16 of 128 items)."""

from __future__ import annotations

import pytest

from tests.support.libreoffice import soffice
from tests.support.lists import AFTER, item_texts, list_pdf, word_list_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (make system-deps)"),
]

# (name, language, how the n-th item (0-based) is labelled in the text, the label the indexer gives it)
STYLES = [
    ("en-paren", "en", lambda n: f"({n + 1}) ", lambda n: f"({n + 1})"),
    ("fr-letter", "fr", lambda n: f"{'abcd'[n]}) ", lambda n: f"({'abcd'[n]})"),
    ("es-letter", "es", lambda n: f"{'abcd'[n]}) ", lambda n: f"({'abcd'[n]})"),
    ("ru-letter", "ru", lambda n: f"{'абвг'[n]}) ", lambda n: f"({'абвг'[n]})"),
    ("zh-comma", "zh", lambda n: f"{n + 1}、", lambda n: f"{n + 1}"),
    ("zh-paren", "zh", lambda n: f"（{n + 1}）", lambda n: f"（{n + 1}）"),
    ("ar-paren", "ar", lambda n: f"({'أبجد'[n]}) ", lambda n: f"({'أبجد'[n]})"),
    ("ar-dash", "ar", lambda n: f"{'أبجد'[n]}- ", lambda n: f"({'أبجد'[n]})"),
]


@pytest.mark.parametrize("breaks", [False, True], ids=["paragraphs", "line-breaks"])
@pytest.mark.parametrize("wrapped", [False, True], ids=["one-line", "wrapped"])
@pytest.mark.parametrize("name, lang, written, label", STYLES, ids=[s[0] for s in STYLES])
def test_each_lettered_or_numbered_item_is_a_unit_of_its_own(tmp_path, name, lang, written, label, wrapped, breaks):
    from indexer.extract.load import load_document
    from indexer.structure.units import chunk_document

    texts = item_texts(lang, wrapped)
    items = [written(n) + text for n, text in enumerate(texts)]
    units = chunk_document(load_document(list_pdf(tmp_path, name, lang, items, breaks), use_ocr=False))
    labelled = [u for u in units if u.label]
    assert [u.label for u in labelled] == [label(n) for n in range(4)], [(u.label, u.text[:40]) for u in units]
    for unit, text in zip(labelled, texts):  # each item whole, its wrapped lines too, and no more
        assert "".join(unit.text.split()).endswith("".join(text.split())[-12:]), (unit.text, text)
    assert any(u.text.strip() == AFTER[lang] for u in units), [u.text for u in units]


# (name, language, how the n-th item is marked, whether items end with ";" / "؛" / "。", the
# labels the indexer gives them: none for bullets, dashes, letters and Roman numbers)
MARKED = [
    ("ar-bullet-semicolons", "ar", lambda n: "• ", True, None),
    ("ar-dash-bare", "ar", lambda n: "– ", False, None),
    ("en-bullet-bare", "en", lambda n: "• ", False, None),
    ("fr-letter-dot-bare", "fr", lambda n: f"{'abcd'[n]}. ", False, None),
    ("es-roman-bare", "es", lambda n: f"{('i', 'ii', 'iii', 'iv')[n]}. ", False, None),
    ("en-capital-bare", "en", lambda n: f"{'ABCD'[n]}. ", False, None),
    ("ru-number-bare", "ru", lambda n: f"{n + 1}. ", False, ["1", "2", "3", "4"]),
    ("zh-dot-unspaced-bare", "zh", lambda n: f"{n + 1}.", False, ["1", "2", "3", "4"]),
    ("zh-fullwidth-dot", "zh", lambda n: f"{n + 1}．", True, ["1", "2", "3", "4"]),
]


@pytest.mark.parametrize("wrapped", [False, True], ids=["one-line", "wrapped"])
@pytest.mark.parametrize("name, lang, mark, ended, labels", MARKED, ids=[m[0] for m in MARKED])
def test_bulleted_and_unpunctuated_items_stay_apart(tmp_path, name, lang, mark, ended, labels, wrapped):
    """An item that ends with the Arabic semicolon, or with nothing, is no heading of the next
    item, and the last one does not take the paragraph after the list as its body. At 0df3d93
    each of these 18 PDFs failed: two items, or the last and the paragraph after, ran together,
    or the Chinese numbers were no labels (the whole matrix: eval/list_items.py)."""
    from indexer.extract.load import load_document
    from indexer.structure.units import chunk_document

    texts = item_texts(lang, wrapped, ended)
    items = [mark(n) + text for n, text in enumerate(texts)]
    units = chunk_document(load_document(list_pdf(tmp_path, name, lang, items, False), use_ocr=False))
    squeezed = ["".join(u.text.split()) for u in units]
    for item in items:  # each item a unit of its own, whole
        assert "".join(item.split()) in squeezed, ([u.text for u in units], item)
    assert any(u.text.strip() == AFTER[lang] for u in units), [u.text for u in units]
    assert [u.label for u in units if u.label] == (labels or [])
    assert all(not u.section for u in units), [u.section for u in units]  # no item taken for a heading


@pytest.mark.parametrize("lang", ["en", "ar", "zh", "ru"])
def test_word_bulleted_lists_printed_to_pdf_are_read_from_their_layout(tmp_path, lang):
    """Word draws its bullet with the Symbol font, and the PDF keeps it as a private-use code
    (U+F0B7). Such a code had sent the whole page to pypdf's plain reading, as if its text layer
    were broken: at 0df3d93 items ran together or were lost in all four of these PDFs, and Arabic
    numbers were glued to their words ("بناء2000"). The bullet is read as "•" and the page from its
    layout, as any other page."""
    from indexer.extract.load import load_document
    from indexer.structure.units import chunk_document

    texts = item_texts(lang, wrapped=True, ended=False)
    units = chunk_document(load_document(word_list_pdf(tmp_path, f"word-{lang}", lang, texts), use_ocr=False))
    assert [u.text for u in units if u.text.startswith("•")] == [f"• {text}" for text in texts]
    assert units[-1].text == AFTER[lang]
    assert not any("\ue000" <= ch <= "\uf8ff" for u in units for ch in u.text)
