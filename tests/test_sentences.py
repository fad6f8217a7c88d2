"""Where sentences end in every script the product reads (indexer/structure/sentences.py), and
what follows from it: a paragraph that ends a sentence at a page's foot is not run on into the
next page's first one (indexer/structure/flow.py)."""

from __future__ import annotations

import pytest

from indexer.documents import Document, Page
from indexer.extract.normalize import ends_sentence
from indexer.structure.flow import document_paragraphs
from indexer.structure.sentences import split_sentences

SENTENCES = {
    "en": ["The city builds homes.", "Each district reports!"],
    "zh": ["市政府建设住房。", "各区每年报告！"],
    "ar": ["تبني المدينة المساكن.", "هل تقدم كل منطقة تقريرا؟"],
    "hi": ["शहर घर बनाएगा।", "हर ज़िला हर साल रिपोर्ट देगा।"],
    "ur": ["شہر گھر بنائے گا۔", "ہر ضلع ہر سال رپورٹ دے گا۔"],
    "am": ["ከተማው ቤቶችን ይገነባል።", "እያንዳንዱ ወረዳ ሪፖርት ያቀርባል።"],
    "my": ["မြို့သည် အိမ်များ ဆောက်မည်။", "ခရိုင်တိုင်း အစီရင်ခံမည်။"],
    "hy": ["Քաղաքը տներ կկառուցի։", "Յուրաքանչյուր թաղամաս կզեկուցի։"],
}


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_each_script_s_full_stop_ends_a_sentence(lang):
    first, second = SENTENCES[lang]
    assert split_sentences(f"{first} {second}") == [first, second]
    assert ends_sentence(first) and not ends_sentence(first[:-1])


@pytest.mark.parametrize("lang", ["hi", "ur"])
def test_a_paragraph_that_ends_its_sentence_at_a_page_s_foot_is_not_run_on(lang):
    """Hindi ends a sentence with a danda, Urdu with its own full stop: read as no sentence end,
    the next page's first paragraph was joined to the page before's last."""
    first, second = SENTENCES[lang]
    pages = (Page(1, first, 1.0), Page(2, second, 1.0))
    assert document_paragraphs(Document("d", "p", "t", "s", pages, "pdf")) == [first, second]
