"""Footnotes in a real PDF (LibreOffice, notes set at each page's foot) in three scripts, and in
a DOCX (python-docx reads no notes: indexer/extract/docx_notes.py): every
numbered paragraph is one statement, whole, even the one a page break and the notes cut in
two; every note is a statement of its own labelled "[n]"; the reference marks are superscripts
in the text (indexer/extract/notes.py). Before, the notes were glued to the paragraph above
them and the paragraph's second half was a statement of its own."""

from __future__ import annotations

import re

import pytest

from search.plan import plan_statements
from tests.support.footnotes import NOTE_AT, footnoted
from tests.support.libreoffice import soffice

pytestmark = [pytest.mark.slow, pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")]

TEXTS = {
    "en": (
        "{n}. The city will build {k} social rental homes near tram stop {n} so that low-income households "
        "reach jobs and services within thirty minutes. It reserves public land for housing cooperatives in "
        "district {n} and caps rents for twenty years.{note} Each district reports to the council every year, "
        "and the results are published on the open data portal with the homes started and finished.",
        "Housing Strategy 2024, chapter {n}; council decision 2024/{k} of 12 March 2024, published in the "
        "official gazette of the city together with its annexes and the maps of the reserved plots.",
    ),
    "ar": (
        "{n}. ستبني المدينة {k} مسكنا اجتماعيا للإيجار قرب محطة الترام رقم {n} حتى تصل الأسر ذات الدخل "
        "المنخفض إلى العمل والخدمات في ثلاثين دقيقة. وتخصص أراضي عامة لتعاونيات الإسكان في الحي {n} وتحدد "
        "سقفا للإيجارات لمدة عشرين عاما.{note} وتقدم كل منطقة تقريرا سنويا إلى المجلس وتنشر النتائج على بوابة "
        "البيانات المفتوحة مع عدد المساكن التي بدأ بناؤها والتي اكتملت.",
        "استراتيجية الإسكان 2024، الفصل {n}؛ قرار المجلس البلدي رقم {k} المؤرخ 12 مارس 2024، المنشور في "
        "الجريدة الرسمية للمدينة مع ملاحقه الكاملة وخرائط الأراضي المخصصة.",
    ),
    "zh": (
        "{n}. 市政府将在第{n}号电车站附近建设{k}套公共租赁住房，使低收入家庭能在三十分钟内到达就业和服务设施。"
        "市政府将在第{n}区为住房合作社预留公共用地，并在二十年内限制租金上涨幅度。{note}各区每年向市议会报告进展，"
        "结果连同开工和竣工住房数量在开放数据门户网站上公布，接受市民监督。",
        "见《住房战略2024》第{n}章；市议会2024年3月12日第{k}号决定，全文载于本市政府公报及其附件，"
        "并附预留地块图，可在开放数据门户网站下载。",
    ),
}
PARAGRAPHS = 12
MARKS = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(MARKS))


CELLS = [
    *((lang, "pdf", 1) for lang in sorted(TEXTS)),
    ("en", "pdf", 2),
    ("ar", "pdf", 2),
    ("en", "docx", 1),
    ("ar", "docx", 1),
]


@pytest.mark.parametrize(("lang", "to", "columns"), CELLS)
def test_footnotes_are_statements_of_their_own_and_cut_no_paragraph(lang, to, columns, tmp_path):
    """On pages of two columns each column's foot holds its notes, a paragraph runs on from one
    column to the next, and a long note is carried over to the next page."""
    paragraph, note = TEXTS[lang]
    noted = [n for n in range(1, PARAGRAPHS + 1) if n % 2 == 0 or n > 7]
    paragraphs = [
        paragraph.format(n=n, k=100 * n + 7, note=NOTE_AT if n in noted else "") for n in range(1, PARAGRAPHS + 1)
    ]
    notes = [note.format(n=n, k=7 * n) for n in noted]
    statements = plan_statements(
        footnoted(tmp_path, f"plan_{lang}", lang, paragraphs, notes, to, columns), use_ocr=False
    )
    body = [s for s in statements if not s.label.startswith("[")]
    found = [s for s in statements if s.label.startswith("[")]
    assert [s.label for s in body] == [str(n) for n in range(1, PARAGRAPHS + 1)], [s.text[:60] for s in statements]
    for s, expected in zip(body, paragraphs):
        assert _plain(s.text) == _plain(expected.replace(NOTE_AT, "")), s.text
    for s, n in zip(body, range(1, PARAGRAPHS + 1)):
        if n in noted:  # the reference, a superscript after the sentence it qualifies
            assert str(noted.index(n) + 1).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) in s.text, s.text
    assert [s.label for s in found] == [f"[{i}]" for i in range(1, len(notes) + 1)]
    assert [_plain(s.text) for s in found] == [_plain(n) for n in notes]
    if to == "pdf":  # notes on more than one page: a paragraph ran on past them
        assert len({s.page for s in found}) >= 2
