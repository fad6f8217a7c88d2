"""A plan's commitment under its own short heading ("Social housing: the city will build …") is
matched; a glossary entry of the same form ("Affordable housing: housing whose rent …") is not
(search/form.py: split_label; the topic model's label_definition, views.embed_form_direction).
eval/data/headed_fresh.jsonl was written after the calibrations were fitted and is never fitted
on: 24 headed commitments in eight languages and eight headed definitions."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from tests.support.cli import aligned_statements, policy_align
from tests.support.libreoffice import make_pdf, soffice
from tests.test_numbered_plans import CALLS

FRAMEWORKS = ("cairo", "nua", "sdg")


@pytest.mark.slow
def test_fresh_headed_commitments_are_matched_and_headed_definitions_are_not(tmp_path):
    rows = [
        json.loads(line)
        for line in (ROOT / "eval" / "data" / "headed_fresh.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    on_topic = [r for r in rows if r["cairo"]]
    assert len(on_topic) == 24 and len(rows) == 32 and len({r["lang"] for r in rows}) == 8
    (tmp_path / "plan.txt").write_text("\n".join(r["text"] for r in rows) + "\n", encoding="utf-8")
    run = policy_align(
        "match", "--json", "--k", "0", "--framework", "all", "--file", str(tmp_path / "plan.txt"), timeout=1200
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)

    def matched(record: dict, framework: str) -> bool:
        return any(m["strength"] != "none" and m["id"].startswith(f"{framework}:") for m in record["matches"])

    for framework in FRAMEWORKS:
        found = sum(matched(record, framework) for row, record in zip(rows, out) if row["cairo"])
        # measured at this commit: Cairo 19, NUA 20, SDG 20 of 24 (before: 2, 8, 11)
        assert found >= 17, (framework, found)
    definitions = [
        row["id"]
        for row, record in zip(rows, out)
        if not row["cairo"] and any(matched(record, framework) for framework in FRAMEWORKS)
    ]
    assert len(definitions) <= 1, definitions  # measured: 1 of 8 (a Chinese "…：指…" entry, Cairo only)


HEADED_PLANS = {
    "en": [
        "Action plan 2026–2030",
        "Social housing: the city will build 4,000 social rental homes for low-income families and end street "
        "homelessness.",
        "Green bonds: the city will issue municipal green bonds and capture land value gains to finance transit "
        "stations.",
        "Heritage: the historic market halls will be restored with local craftspeople and opened to cultural events.",
        "Affordable housing: housing whose rent or price does not exceed 30 % of a household's income.",
    ],
    "zh": [
        "行动计划（2026—2030年）",
        "公共租赁住房：为低收入家庭新建4000套公共租赁住房，消除街头露宿现象。",
        "绿色债券：市政府将发行绿色债券，并通过土地增值收益回收为轨道交通站点融资。",
        "历史集市：由本地工匠修缮历史集市建筑，并向文化活动开放。",
        "保障性住房：指租金或售价不超过家庭收入30%的住房。",
    ],
    "ar": [
        "خطة العمل 2026–2030",
        "الإسكان الاجتماعي: ستبني البلدية 4000 مسكن اجتماعي للإيجار للأسر محدودة الدخل وتنهي التشرد في الشوارع.",
        "السندات الخضراء: ستصدر البلدية سندات خضراء وتسترد الزيادة في قيمة الأراضي لتمويل محطات النقل العام.",
        "التراث: ستُرمَّم الأسواق التاريخية بمشاركة الحرفيين المحليين وتُفتح للفعاليات الثقافية.",
        "السكن الميسور: مسكن لا يتجاوز إيجاره أو ثمنه 30% من دخل الأسرة.",
    ],
}


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (make system-deps)")
@pytest.mark.parametrize("lang", HEADED_PLANS)
def test_a_plan_of_headed_measures_is_aligned_and_its_glossary_entry_is_not(lang, tmp_path):
    lines = HEADED_PLANS[lang]
    statements = aligned_statements(make_pdf(tmp_path, f"headed-{lang}", lang, lines), tmp_path)
    assert [s["text"][:10] for s in statements] == [line[:10] for line in lines[1:]], [s["text"] for s in statements]
    for measure, call in zip(statements, CALLS):
        assert measure["matches"] and measure["matches"][0]["id"] == call, measure
    assert statements[-1]["matches"] == [], statements[-1]
