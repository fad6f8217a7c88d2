"""An action plan as plans are written: numbered measures, each opening with the same field
name ("Objective:", "Objectif :", "الهدف:", "目标："), and a glossary entry. Made into a PDF by
LibreOffice in four scripts, with one-line and wrapped items, and aligned by the real command: every measure is matched to its
call, the glossary entry to none (search/form.py: body, field_names)."""

from __future__ import annotations

import pytest

from tests.support.cli import aligned_statements
from tests.support.libreoffice import make_pdf, soffice

PLANS = {
    "en": [
        "Action plan 2026–2030",
        "1.1 Objective: build 4,000 social rental homes for low-income families and end street homelessness.",
        "1.2 Objective: issue municipal green bonds and capture land value gains to finance transit stations.",
        "1.3 Objective: restore the historic market halls with local craftspeople and open them to cultural events.",
        "Affordable housing: housing whose rent or price does not exceed 30 % of a household's income.",
    ],
    "fr": [
        "Plan d'action 2026-2030",
        "Mesure 1 : Objectif : construire 4 000 logements sociaux pour les ménages modestes et mettre fin "
        "au sans-abrisme.",
        "Mesure 2 : Objectif : émettre des obligations vertes municipales et récupérer les plus-values "
        "foncières pour financer les gares.",
        "Mesure 3 : Objectif : restaurer les halles historiques avec les artisans locaux et les ouvrir aux "
        "événements culturels.",
        "Logement abordable : logement dont le loyer ne dépasse pas 30 % du revenu du ménage.",
    ],
    # one-line items: no wrapped line to learn the line pitch from; "الإجراء 2:" after "الإجراء 1:" is the next item
    "ar": [
        "خطة العمل 2026–2030",
        "الإجراء 1: الهدف: بناء 4000 مسكن اجتماعي للإيجار للأسر محدودة الدخل وإنهاء التشرد في الشوارع.",
        "الإجراء 2: الهدف: إصدار سندات خضراء بلدية واسترداد الزيادة في قيمة الأراضي لتمويل محطات النقل العام.",
        "الإجراء 3: الهدف: ترميم الأسواق التاريخية بمشاركة الحرفيين المحليين وفتحها للفعاليات الثقافية.",
        "السكن الميسور: مسكن لا يتجاوز إيجاره أو ثمنه 30% من دخل الأسرة.",
    ],
    "zh": [
        "行动计划（2026—2030年）",
        "措施1：目标：为低收入家庭新建4000套公共租赁住房，消除街头露宿现象。",
        "措施2：目标：发行市政绿色债券，并通过土地增值收益回收为轨道交通站点融资。",
        "措施3：目标：由本地工匠修缮历史集市建筑，并向文化活动开放。",
        "保障性住房：指租金或售价不超过家庭收入30%的住房。",
    ],
    # items that wrap
    "ar-wrapped": [
        "خطة العمل 2026–2030",
        "الإجراء 1: الهدف: بناء 4000 مسكن اجتماعي للإيجار للأسر محدودة الدخل وإنهاء التشرد في الشوارع، مع توفير "
        "خدمات الدعم الاجتماعي والتشغيل للأسر المستفيدة في جميع الأحياء.",
        "الإجراء 2: الهدف: إصدار سندات خضراء بلدية واسترداد الزيادة في قيمة الأراضي لتمويل محطات النقل العام، "
        "ونشر تقرير سنوي عن استخدام العائدات.",
        "الإجراء 3: الهدف: ترميم الأسواق التاريخية بمشاركة الحرفيين المحليين وفتحها للفعاليات الثقافية "
        "والمهرجانات الشعبية على مدار العام.",
        "السكن الميسور: مسكن لا يتجاوز إيجاره أو ثمنه 30% من دخل الأسرة.",
    ],
    "zh-wrapped": [
        "行动计划（2026—2030年）",
        "措施1：目标：为低收入家庭新建4000套公共租赁住房，消除街头露宿现象，并为入住家庭提供就业指导、儿童托育和社区"
        "卫生服务，确保各街道均有覆盖。",
        "措施2：目标：发行市政绿色债券，并通过土地增值收益回收为轨道交通站点融资，每年向社会公开债券资金的使用情况和项目进展。",
        "措施3：目标：由本地工匠修缮历史集市建筑，并向文化活动开放，全年举办传统手工艺展示和民俗节庆活动。",
        "保障性住房：指租金或售价不超过家庭收入30%的住房。",
    ],
}
CALLS = ["cairo:1", "cairo:6", "cairo:9"]  # housing; finance; culture and heritage


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (make system-deps)")
@pytest.mark.parametrize("lang", PLANS)
def test_numbered_measures_with_a_field_name_are_matched_and_the_glossary_is_not(lang, tmp_path):
    statements = aligned_statements(make_pdf(tmp_path, f"action-{lang}", lang.split("-")[0], PLANS[lang]), tmp_path)
    glossary = [s for s in statements if s["text"].startswith(PLANS[lang][-1][:12])]
    measures = [s for s in statements if s not in glossary]  # the heading is their section
    assert len(measures) == 3, [s["text"] for s in statements]
    for measure, call in zip(measures, CALLS):
        assert measure["matches"] and measure["matches"][0]["id"] == call, measure
    assert len(glossary) == 1 and glossary[0]["matches"] == [], glossary
