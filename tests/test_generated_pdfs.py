"""PDFs generated with LibreOffice and Noto fonts in six languages: the text and the
paragraph labels come back as written."""

import difflib
import re

import pytest

from indexer.extract.load import load_document
from indexer.extract.normalize import normalize_chars
from indexer.structure.units import chunk_document
from tests.support.libreoffice import make_pdf, soffice

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed (make system-deps)"),
]

DOCS = {
    "zh": (
        [
            "第一条　为了加强城市规划管理，保障城市可持续发展，制定本条例。",
            "第二条　市人民政府应当为低收入家庭提供负担得起的适足住房，并改造老旧小区。",
            "第三条　各级人民政府应当建立健全公共交通体系，保障居民出行便利，并逐步提高公共交通分担率，减少交通拥堵和空气污染。",
            "（一）加快推进城市更新，改善老旧小区的基础设施和公共服务。",
            "（二）保护历史文化街区、传统建筑和非物质文化遗产。",
        ],
        ["第一条", "第二条", "第三条", "第三条（一）", "第三条（二）"],
    ),
    "ar": (
        [
            "١. تلتزم البلدية بتوفير سكن لائق وميسور التكلفة لجميع السكان وبتحسين الأحياء غير الرسمية.",
            "٢. توسيع شبكة النقل العام في جميع الأحياء وتقليل الانبعاثات الناتجة عن حركة المرور.",
            "٣. تنشر البلدية بيانات مفتوحة عن خدمات المياه والصرف الصحي وجمع النفايات في كل حي.",
            "٤. حماية التراث الثقافي والمباني التاريخية في المدينة القديمة بالشراكة مع السكان.",
        ],
        ["1", "2", "3", "4"],
    ),
    "en": (
        [
            "1. The city will provide adequate and affordable housing for all residents, with priority for low-income households.",
            "2. Informal settlements will be upgraded in partnership with their residents, without forced evictions.",
            "(a) Water and sanitation will reach every household in the river district.",
            "(b) Secure tenure will be granted to long-term occupants.",
            "3. A land value capture levy will finance new parks and public spaces.",
        ],
        ["1", "2", "2(a)", "2(b)", "3"],
    ),
    "fr": (
        [
            "1. La ville garantira un logement convenable et abordable à tous ses habitants d'ici à 2030.",
            "2. Les quartiers précaires seront réhabilités avec la participation de leurs habitants.",
            "3. Le budget participatif représentera cinq pour cent des investissements municipaux.",
        ],
        ["1", "2", "3"],
    ),
    "es": (
        [
            "1. La ciudad garantizará vivienda adecuada y asequible para toda su población antes de 2030.",
            "2. Los asentamientos informales se mejorarán con la participación de sus habitantes.",
            "3. El municipio publicará datos abiertos sobre agua, saneamiento y residuos por barrio.",
        ],
        ["1", "2", "3"],
    ),
    "ru": (
        [
            "1. Город обеспечит всех жителей достойным и доступным жильём к 2030 году.",
            "2. Неформальные поселения будут благоустроены при участии их жителей.",
            "3. Муниципалитет будет публиковать открытые данные о водоснабжении и вывозе мусора.",
        ],
        ["1", "2", "3"],
    ),
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize_chars(text))


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_text_and_labels_survive_a_real_pdf(tmp_path, lang):
    paragraphs, labels = DOCS[lang]
    pdf = make_pdf(tmp_path, f"plan-{lang}", lang, paragraphs)
    doc = load_document(pdf, use_ocr=False)
    assert not doc.flagged_pages
    extracted = _squash("".join(p.text for p in doc.pages))
    expected = _squash("".join(paragraphs))
    accuracy = difflib.SequenceMatcher(None, expected, extracted, autojunk=False).ratio()
    assert accuracy >= 0.98, f"{lang}: character accuracy {accuracy:.3f}\n{extracted}"
    chunks = chunk_document(doc)
    assert [c.label for c in chunks] == labels
    assert {c.lang for c in chunks} == {lang}
