"""An article's language versions folded into its result card, in the real app in Chromium: a
library of one declaration in English, Chinese and Arabic (eight numbered articles, each
version a translation of the others), indexed with the real model. A question in Chinese (the
Chinese interface) and one in Arabic (the Arabic interface) find the right article of their own
language's version first, its card offers the two other versions behind "Other language
versions (2)" in the interface language, and opening the toggle shows their texts of the same
article; in Arabic the fold reads right to left (each document text in its own direction), and
on a 390x844 phone the open fold does not widen the page. Screenshots go to pytest's tmp_path
and, when POLICY_ALIGN_SCREENS names a folder, there too (search/versions.py links the versions;
tests/test_versions.py checks the fold's HTML on the fake embedder)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.support.app_server import serving
from tests.support.browser import VIEWPORTS, needs_chromium, open_app

pytestmark = [pytest.mark.slow, needs_chromium]

TITLES = {
    "en": "Declaration on Liveable Cities",
    "zh": "宜居城市宣言",
    "ar": "إعلان المدن الصالحة للعيش",
}
ZH_NUMBERS = "一二三四五六七八"
LABELS = {"en": "Article {}", "zh": "第{}条", "ar": "المادة {}"}
ARTICLES = {
    "en": [
        "Every city shall ensure that adequate and affordable housing is available to low-income households. "
        "Public land shall be reserved for social rental homes, and forced evictions shall be prohibited.",
        "Cities shall develop safe, accessible and affordable public transport. Bus and rail networks shall "
        "connect every neighbourhood to places of work, schools and hospitals.",
        "Every household shall have access to safe drinking water and sanitation. Municipal utilities shall "
        "repair leaking pipes and treat all wastewater before it is returned to rivers.",
        "Cities shall create and protect parks, trees and other green public spaces. Every resident should "
        "live within a ten-minute walk of a park or garden.",
        "Municipal authorities shall collect household waste regularly in all districts. They shall promote "
        "recycling and composting and close open dumpsites.",
        "Cities shall prepare for floods, heatwaves and other climate risks. Early warning systems and "
        "drainage shall protect the neighbourhoods most exposed to disasters.",
        "Residents shall take part in the planning decisions that affect their neighbourhoods. Local "
        "governments shall hold public hearings and publish the municipal budget in plain language.",
        "Historic city centres and cultural heritage shall be preserved. Old buildings shall be restored and "
        "reused in consultation with the communities that live in them.",
    ],
    "zh": [
        "各城市应确保低收入家庭能够获得适足且负担得起的住房。应为社会租赁住房预留公共土地，并禁止强制驱逐。",
        "各城市应发展安全、无障碍且负担得起的公共交通。公共汽车和轨道交通网络应将每个街区与工作场所、学校和医院连接起来。",
        "每个家庭都应获得安全的饮用水和卫生设施。市政公用事业单位应修复漏水管道，并在废水排回河流之前对其进行全面处理。",
        "各城市应建设和保护公园、树木及其他绿色公共空间。每位居民步行十分钟之内应能到达一处公园或花园。",
        "市政当局应在所有城区定期收集生活垃圾。市政当局应推动回收利用和堆肥，并关闭露天垃圾场。",
        "各城市应为洪水、热浪和其他气候风险做好准备。预警系统和排水设施应保护最易受灾害影响的街区。",
        "居民应参与影响其街区的规划决策。地方政府应举行公开听证会，并以通俗易懂的语言公布市政预算。",
        "应保护历史城区和文化遗产。应在与居住其中的社区协商的情况下修复和再利用老建筑。",
    ],
    "ar": [
        "تكفل كل مدينة توفير السكن اللائق والميسور التكلفة للأسر ذات الدخل المنخفض. وتُخصَّص أراضٍ عامة "
        "لمساكن الإيجار الاجتماعي، ويُحظر الإخلاء القسري.",
        "تعمل المدن على تطوير نقل عام آمن وميسور التكلفة ويسهل الوصول إليه. وتربط شبكات الحافلات والسكك "
        "الحديدية كل حي بأماكن العمل والمدارس والمستشفيات.",
        "تحصل كل أسرة على مياه شرب مأمونة وخدمات صرف صحي. وتقوم المرافق البلدية بإصلاح الأنابيب المتسربة "
        "ومعالجة جميع المياه المستعملة قبل إعادتها إلى الأنهار.",
        "تنشئ المدن الحدائق والأشجار وغيرها من الأماكن العامة الخضراء وتحميها. وينبغي أن يعيش كل ساكن على "
        "مسافة لا تتجاوز عشر دقائق سيرًا على الأقدام من حديقة أو متنزه.",
        "تجمع السلطات البلدية النفايات المنزلية بانتظام في جميع الأحياء. وتشجع إعادة التدوير والتسميد، "
        "وتغلق المكبات المكشوفة.",
        "تستعد المدن للفيضانات وموجات الحر وغيرها من المخاطر المناخية. وتحمي نظم الإنذار المبكر وشبكات "
        "تصريف المياه الأحياء الأكثر تعرضًا للكوارث.",
        "يشارك السكان في قرارات التخطيط التي تمس أحياءهم. وتعقد الحكومات المحلية جلسات استماع علنية وتنشر "
        "الميزانية البلدية بلغة واضحة.",
        "يُحافَظ على المراكز التاريخية للمدن وعلى التراث الثقافي. وتُرمَّم المباني القديمة ويُعاد استخدامها "
        "بالتشاور مع المجتمعات التي تسكنها.",
    ],
}
# a question in each interface's language -> the article (1-based) that answers it
QUESTIONS = {
    "zh": ("城市应如何应对洪水和极端高温？", 6),
    "ar": ("كيف تجمع البلدية النفايات وتشجع إعادة التدوير؟", 5),
}


def label(lang: str, n: int) -> str:
    return LABELS[lang].format(ZH_NUMBERS[n - 1] if lang == "zh" else n)


def declaration(lang: str) -> str:
    blocks = [f"# {TITLES[lang]}"]
    for n, text in enumerate(ARTICLES[lang], 1):
        blocks += [label(lang, n), text]
    return "\n\n".join(blocks) + "\n"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def article(lang: str, n: int) -> str:
    """Article n's text as the index keeps it (its label first), whitespace squeezed."""
    return squeeze(f"{label(lang, n)} {ARTICLES[lang][n - 1]}")


@pytest.fixture(scope="module")
def url(tmp_path_factory, int8_embedder):
    """`policy-align serve` (the real model) on an index of the declaration's three versions."""
    from tests.support.versions import index_versions

    tmp = tmp_path_factory.mktemp("versions-app")
    index, _ = index_versions(tmp, ARTICLES, declaration, int8_embedder)
    with serving(index, env={**os.environ, "GRADIO_TEMP_DIR": str(tmp / "gradio")}) as address:
        yield address


def search_documents(page, lang: str, question: str) -> None:
    """The question over the indexed documents (not the frameworks), until its cards are shown."""
    from search.ui.i18n import t

    page.get_by_label(t("source", lang), exact=True).click()
    page.get_by_role("option", name=t("source_documents", lang), exact=True).click()
    page.fill("#query textarea", question)
    page.click("#search-button")
    page.wait_for_selector("#results .pa-card", timeout=60_000)


def open_fold(page, lang: str):
    """The top card's versions toggle, opened -> the card."""
    from search.ui.i18n import t

    top = page.locator("#results .pa-card").first
    summaries = top.locator("details.pa-also > summary").all_inner_texts()
    wanted = t("other_versions", lang, n=2)
    assert wanted in [s.strip() for s in summaries], summaries
    fold = top.locator("details.pa-also", has=page.locator("summary", has_text=wanted))
    fold.locator("summary").click()
    page.wait_for_function(
        "() => document.querySelector('#results .pa-card details.pa-also[open] .pa-version') !== null"
    )
    return top, fold


def save(page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("POLICY_ALIGN_SCREENS"):
        folder = Path(os.environ["POLICY_ALIGN_SCREENS"])
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)


@pytest.mark.parametrize("lang", QUESTIONS)
def test_the_top_card_folds_the_articles_other_language_versions(url, browser, lang, tmp_path):
    from search.ui.i18n import t
    from tests.support.ui_audit import problems

    question, number = QUESTIONS[lang]
    context, page = open_app(browser, url, lang)
    try:
        search_documents(page, lang, question)
        top, fold = open_fold(page, lang)
        # the card: the question's own language's version of the right article
        head = squeeze(top.locator(".pa-head").inner_text())
        assert TITLES[lang] in head and f"{t('paragraph', lang)} {label(lang, number)}" in head, head
        assert squeeze(top.locator(":scope > .pa-text").inner_text()) == article(lang, number)
        # the fold: the same article in the two other versions, each in its own language and direction
        shown = fold.locator(".pa-version > .pa-text")
        texts = {shown.nth(i).get_attribute("lang"): squeeze(shown.nth(i).inner_text()) for i in range(shown.count())}
        others = [code for code in ARTICLES if code != lang]
        assert texts == {code: article(code, number) for code in others}, texts
        assert shown.first.is_visible() and shown.last.is_visible()
        heads = [squeeze(h) for h in fold.locator(".pa-version-head").all_inner_texts()]
        assert sorted(h.split(" · ")[-1] for h in heads) == sorted(t(f"lang_{code}", lang) for code in others), heads
        # every element of the open fold with text: a document text (and what is inside it) in its
        # own language's direction, the interface's parts (the toggle, the versions' heads) in the page's
        found = page.evaluate(
            """() => [...document.querySelectorAll(
                  '#results .pa-card details.pa-also[open], #results .pa-card details.pa-also[open] *')]
                .filter((e) => e.innerText && e.innerText.trim())
                .map((e) => [e.tagName + '.' + e.className, e.closest('.pa-text')?.lang || '', getComputedStyle(e).direction])"""
        )
        own = {"en": "ltr", "zh": "ltr", "ar": "rtl"}
        wrong = [(name, code, way) for name, code, way in found if way != own.get(code, own[lang])]
        assert not wrong, wrong
        assert {code for _, code, _ in found} == {"", *others}  # the toggle's parts and both texts were checked
        assert not problems(page, lang), problems(page, lang)  # no English left, Arabic right to left
        # every card shows its article in the question's language (all 8 have a version in it)
        shown_langs = page.locator("#results .pa-card > .pa-text").evaluate_all("els => els.map((e) => e.lang)")
        assert shown_langs and set(shown_langs) == {lang}, shown_langs
        # a dropdown's arrow sits at the end its value does not start from (the left in Arabic)
        sides = page.locator(".secondary-wrap:has(> .icon-wrap)").evaluate_all(
            """els => els.map((e) => { const i = e.querySelector(':scope > .icon-wrap').getBoundingClientRect();
                 const w = e.getBoundingClientRect(); return (i.left + i.right) / 2 < (w.left + w.right) / 2; })"""
        )
        assert sides and all(side == (lang == "ar") for side in sides), sides
        top.scroll_into_view_if_needed()
        save(page, tmp_path, f"versions-{lang}-desktop.png")
    finally:
        context.close()


def test_the_open_fold_fits_a_phone_in_arabic(url, browser, tmp_path):
    question, number = QUESTIONS["ar"]
    context, page = open_app(browser, url, "ar", "phone")
    try:
        search_documents(page, "ar", question)
        top, fold = open_fold(page, "ar")
        assert label("ar", number) in top.locator(".pa-head").inner_text()
        fold.scroll_into_view_if_needed()
        width = VIEWPORTS["phone"]["width"]
        sizes = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
        )
        assert sizes[2] == width and max(sizes[:2]) <= width + 1, sizes
        # each folded text inside the screen, none cut at either side
        boxes = fold.locator(".pa-version > .pa-text").evaluate_all(
            "els => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.right, e.scrollWidth - e.clientWidth]; })"
        )
        assert boxes and all(left >= 0 and right <= width + 1 and over <= 1 for left, right, over in boxes), boxes
        save(page, tmp_path, "versions-ar-phone.png")
    finally:
        context.close()
