"""The real-world PDFs in ../shared/pdfs, each with a known extraction fault."""

import re

import pytest

from indexer.extract.load import load_document
from indexer.extract.ocr import available as ocr_available
from indexer.structure.units import chunk_document
from tests.conftest import SHARED, needs_shared

pytestmark = [pytest.mark.slow, needs_shared]
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


def doc(name, **kw):
    return load_document(SHARED / "pdfs" / name, **kw)


def text(d):
    return "\n\n".join(p.text for p in d.pages)


@pytest.mark.parametrize(
    "name, phrases",
    [
        # each table cell comes back whole, in logical order (each row one paragraph of its
        # cells, right to left: test_a_ruled_arabic_table_reads_row_by_row_right_to_left)
        (
            "arabic-table.pdf",
            [
                "مرحباً",
                "اسمي سلطان",
                "من اين انت؟",
                "عندي 47 قطط",
                "انا من ولاية كارولينا الشمال",
                "1234",
                "هل انت شباك؟",
                "اسمي Jeremy في الانجليزية",
                "Jeremy is جرمي in Arabic",
            ],
        ),
        ("arabic-cid-truetype.pdf", ["انواع الخطوط العربية"]),
        ("arabic-presentation-forms.pdf", ["عذراً.", "ماذا؟"]),
    ],
)
def test_arabic_is_repaired_into_logical_order_without_presentation_forms(name, phrases):
    d = doc(name, use_ocr=False)
    body = text(d)
    assert not PRESENTATION_FORMS.search(body)
    for phrase in phrases:
        assert phrase in body
    assert "العربية الخطوط انواع" not in body
    # and in a chunk: nothing extracted is dropped on the way to the index
    chunked = "\n".join(c.text for c in chunk_document(d))
    for phrase in phrases:
        assert phrase in chunked


def test_a_ruled_arabic_table_reads_row_by_row_right_to_left():
    # tabula's Arabic table: its ruling lines make it two columns, read from the right; before
    # tables.py (0df3d93) each cell was a paragraph, the right column read before the left
    paragraphs = text(doc("arabic-table.pdf", use_ocr=False)).split("\n\n")
    assert paragraphs[:4] == [
        "اسمي سلطان | مرحباً",
        "من اين انت؟ | انا من ولاية كارولينا الشمال",
        "عندي 47 قطط | 1234",
        "اسمي Jeremy في الانجليزية | هل انت شباك؟",
    ]


def test_logical_arabic_and_hebrew_are_left_alone():
    habibi = text(doc("arabic-habibi.pdf", use_ocr=False))
    assert "حَبيبي habibi حَبيبي" in habibi
    hebrew = text(doc("hebrew-rtl.pdf", use_ocr=False))
    assert "שלום עולם מה שלום כולם?" in hebrew and "אני יורד מן החוטים, אני כבר ילד אמיתי." in hebrew


def test_fake_bold_duplication_is_removed_and_flagged():
    from pypdf import PdfReader

    from indexer.extract.pages import clean_pages

    d = doc("chinese-duplicate-chars.pdf", use_ocr=False)  # PDFium merges the overlapping glyphs
    raw = [p.extract_text() for p in PdfReader(SHARED / "pdfs" / "chinese-duplicate-chars.pdf").pages]
    repaired = clean_pages(raw)  # pypdf returns every line twice; our de-duplication removes it
    assert "deduplicated" in repaired[0].flags
    for body in (text(d), "\n".join(p.text for p in repaired)):
        for doubled in ("本科本科", "高中高中", "微软微软", "项目描述：项目描述："):
            assert doubled not in body
        assert "计算机科学与技术（应用技术）" in body


def test_replacement_characters_are_flagged_with_a_lower_score():
    page = doc("chinese-template.pdf", use_ocr=False).pages[0]
    assert "replacement-chars" in page.flags and page.quality < 1
    # the headings after their unmapped emoji open paragraphs of their own
    paras = page.text.split("\n\n")
    assert paras[paras.index("描述团队的共同目标，有利于团队成员理解目标并朝着目标努力。") + 1].endswith("知识库简介")


def test_broken_cmap_gibberish_is_flagged_and_not_usable():
    page = doc("cjk-broken-cmap.pdf", use_ocr=False).pages[0]
    assert "garbled-cmap" in page.flags and page.quality < 0.5


def test_running_headers_and_page_numbers_are_dropped_and_lines_joined():
    d = doc("chinese-quarterly-report-22p.pdf", use_ocr=False)
    assert len(d.pages) == 22 and not d.flagged_pages
    header = "东北电气发展股份有限公司 2018 年第一季度报告全文"
    assert sum(header in p.text for p in d.pages[1:]) == 0
    for page in d.pages:  # the page's own number is gone from its top and bottom
        paras = page.text.split("\n\n")
        assert str(page.number) not in (paras[0], paras[-1])
    assert "公司董事会、监事会及董事、监事、高级管理人员保证季度报告内容的真实、准确、完整" in text(d)


def test_multilingual_page_keeps_every_script():
    body = text(doc("multilang-hello-world.pdf", use_ocr=False))
    for phrase in ("Hello World", "مرحبا بالعالم", "Привет, мир", "你好世界", "สวัสดีชาวโลก", "こんにちは世界"):
        assert phrase in body


def test_russian_form_with_latin_lookalike_text_is_flagged_without_ocr():
    d = doc("russian-form-garbled.pdf", use_ocr=False)
    assert all("garbled-latin" in p.flags and p.quality < 0.5 for p in d.pages)


@pytest.mark.skipif(not ocr_available(), reason="tesseract/poppler not installed (make system-deps)")
def test_russian_form_is_ocrd_into_cyrillic():
    d = doc("russian-form-garbled.pdf")
    first = d.pages[0]
    assert "ocr" in first.flags and first.quality >= 0.5
    assert "Налоговая декларация" in first.text
    assert all("ocr" in p.flags for p in d.pages)
