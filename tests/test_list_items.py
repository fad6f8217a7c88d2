"""List items as plans write them, read from a document's text: each item a unit of its own,
never a heading that swallows the next item, and the paragraph after the list never an item's
body. Items end with the Arabic semicolon "؛" as English ones end with ";", or with nothing;
they are led by bullets, dashes, letters, Roman numbers or numbers (the PDF matrix is in
tests/test_lettered_lists.py, the whole one in eval/list_items.py)."""

from __future__ import annotations

import pytest

from indexer.documents import Document, Page
from indexer.structure.flow import is_heading
from indexer.structure.sentences import split_sentences
from indexer.structure.units import chunk_document

LEAD = {"en": "The Council will:", "ar": "تلتزم البلدية بما يلي:", "ru": "Администрация города обязуется:"}
ITEMS = {
    "en": ["build 2,000 social homes by 2030", "refurbish the schools of the priority districts",
           "open three new rapid bus lines", "plant 10,000 trees in the streets of the centre"],
    "ar": ["بناء 2000 وحدة سكنية اجتماعية بحلول عام 2030", "تجديد المدارس في الأحياء ذات الأولوية",
           "إنشاء ثلاثة خطوط جديدة للحافلات السريعة", "زراعة 10000 شجرة في شوارع وسط المدينة"],
    "ru": ["построить 2 000 единиц социального жилья к 2030 году", "отремонтировать школы в приоритетных районах",
           "открыть три новые линии скоростного автобуса", "высадить 10 000 деревьев на улицах центра"],
}  # fmt: skip
AFTER = {
    "en": "These measures are financed from the capital budget and reviewed by the council every year.",
    "ar": "تمول هذه التدابير من ميزانية الاستثمار ويراجعها المجلس البلدي كل عام.",
    "ru": "Эти меры финансируются из бюджета развития и ежегодно рассматриваются городским советом.",
}
MARKS = {
    "bullet": lambda n: "• ",
    "dash": lambda n: "– ",
    "word-bullet": lambda n: "\uf0b7",  # Symbol's bullet as PDFs made from Word keep it, no space after
    "letter": lambda n: f"{'abcd'[n]}. ",
    "roman": lambda n: f"{('i', 'ii', 'iii', 'iv')[n]}. ",
    "capital": lambda n: f"{'ABCD'[n]}. ",
    "number": lambda n: f"{n + 1}. ",
}
ENDS = {"en": ";", "ar": "؛", "ru": ";"}


def _chunks(paragraphs: list[str]):
    page = Page(1, "\n\n".join(paragraphs), 1.0)
    return chunk_document(Document("d", "plan.pdf", "Plan", "s", (page,), "pdf"))


@pytest.mark.parametrize("ended", [True, False], ids=["semicolons", "bare"])
@pytest.mark.parametrize("mark", list(MARKS))
@pytest.mark.parametrize("lang", list(ITEMS))
def test_each_item_is_a_unit_and_the_paragraph_after_the_list_is_its_own(lang, mark, ended):
    items = [
        MARKS[mark](n) + text + ((ENDS[lang] if n < 3 else ".") if ended else "") for n, text in enumerate(ITEMS[lang])
    ]
    chunks = _chunks([LEAD[lang], *items, AFTER[lang]])
    assert [c.text for c in chunks] == [LEAD[lang], *items, AFTER[lang]]
    assert all(c.section == () for c in chunks), [c.section for c in chunks]  # no item read as a heading
    if mark == "number":
        assert [c.label for c in chunks] == ["", "1", "2", "3", "4", ""]


def test_an_arabic_semicolon_ends_a_sentence_as_a_latin_one_does():
    assert split_sentences("بناء المساكن؛ وتجديد المدارس.") == ["بناء المساكن؛", "وتجديد المدارس."]
    assert split_sentences("build homes; refurbish schools.") == ["build homes;", "refurbish schools."]


def test_headings_are_still_read_where_no_bullet_leads_them():
    body = "The city will build 2,000 social homes by 2030 with the housing association."
    assert is_heading("A. Housing and land", body)
    assert is_heading("Housing and land", body)
    assert is_heading("-7,889 net change", body)  # a sign, not a dash with a space after it
    for item in ("• Housing and land", "– Housing and land", "\uf0b7Housing and land", "a. housing", "iv. housing"):
        assert not is_heading(item, body), item


def test_sections_headed_a_b_over_their_paragraphs_are_still_headings():
    chunks = _chunks(
        ["A. Sustainable urban development for social inclusion", "25. We recognize that eradicating poverty is the greatest challenge.",
         "B. Sustainable and inclusive urban prosperity", "43. We recognize that sustained economic growth is essential."]
    )  # fmt: skip
    assert [(c.label, c.section) for c in chunks] == [
        ("25", ("A. Sustainable urban development for social inclusion",)),
        ("43", ("B. Sustainable and inclusive urban prosperity",)),
    ]


def test_titles_and_labels_alone_still_take_their_body():
    chunks = _chunks(
        ["Article 4 – Transport", "The city runs three bus lines.", "Article 5 – Housing", "Rents are capped.", "12.",
         "The council reports every year."]
    )  # fmt: skip
    assert [c.text for c in chunks] == [
        "Article 4 – Transport\nThe city runs three bus lines.",
        "Article 5 – Housing\nRents are capped.",
        "12.\nThe council reports every year.",
    ]


BARE_ITEMS = ["Social housing", "Public transport and cycling lanes", "Parks", "Street trees in the centre"]
AFTER_LIST = "These measures are financed from the capital budget every year."


def test_an_html_bulleted_list_keeps_the_disc_a_browser_draws(tmp_path):
    from indexer.extract.load import load_document

    items = "".join(f"<li>{text}</li>" for text in BARE_ITEMS)
    page = f"<html><body><p>The Council will:</p><ul>{items}</ul><p>{AFTER_LIST}</p></body></html>"
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    chunks = chunk_document(load_document(tmp_path / "plan.html"))
    assert [c.text for c in chunks] == ["The Council will:", *(f"• {t}" for t in BARE_ITEMS), AFTER_LIST]
    assert all(c.section == () for c in chunks)


def test_a_docx_bulleted_list_is_marked_as_printed_and_its_items_are_no_headings(tmp_path):
    import docx

    from indexer.extract.load import load_document

    document = docx.Document()
    document.add_paragraph("The Council will:")
    for text in BARE_ITEMS:
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph("Build 2,000 social homes by 2030.", style="List Number")
    document.add_paragraph(AFTER_LIST)
    document.save(tmp_path / "plan.docx")
    chunks = chunk_document(load_document(tmp_path / "plan.docx"))
    texts = ["The Council will:", *(f"• {t}" for t in BARE_ITEMS), "1. Build 2,000 social homes by 2030.", AFTER_LIST]
    assert [c.text for c in chunks] == texts
    assert [c.label for c in chunks] == ["", "", "", "", "", "1", ""]
    assert all(c.section == () for c in chunks)


def test_word_s_symbol_font_bullets_read_as_a_bullet():
    from indexer.extract.normalize import SYMBOL_BULLETS, normalize_chars
    from indexer.structure.labels import BULLET

    for code in SYMBOL_BULLETS:  # as the PDF's glyphs give them, before normalisation
        assert BULLET.match(f"{code}Social housing") and BULLET.match(f"{code} Social housing")
        assert normalize_chars(f"{code} Social housing") == "• Social housing"
    assert normalize_chars("\ue000 icon") == "\ue000 icon"  # any other private-use code is left as it is
