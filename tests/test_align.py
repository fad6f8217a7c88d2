"""`policy-align align`: a plan PDF made by LibreOffice, reports in every format, the heatmap."""

from __future__ import annotations

import csv
import io
import json
import struct

import pytest

from tests.support.libreoffice import make_pdf, soffice
from tests.test_match import policy_align

needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (make system-deps)")

ZH_PLAN = [
    "第一章 住房保障",
    "1. 到2028年，新建保障性租赁住房8000套，完成城中村供水管网改造，为1.2万户居民办理不动产权证。",
    "2. 为无家可归人员设立三处救助站，提供临时住宿和就业培训。",
    "第二章 城市财政",
    "3. 发行专项债券20亿元，用于轨道交通站点周边基础设施建设，并通过土地增值收益回收部分投资。",
    "4. 推进房产税征管数字化，使本级税收收入年均增长8%。",
    "第三章 历史文化",
    "5. 修缮古城内42处传统民居，邀请非遗传承人参与木雕和砖雕的修复。",
]


@pytest.fixture(scope="module")
def zh_plan(tmp_path_factory):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    return make_pdf(tmp_path_factory.mktemp("plan"), "zh-plan", "zh", ZH_PLAN)


@needs_soffice
@pytest.mark.slow
def test_align_a_chinese_plan_pdf_reports_coverage_gaps_and_exports(zh_plan, tmp_path):
    out_json, out_csv, out_md, png = (tmp_path / f"r.{x}" for x in ("json", "csv", "md", "png"))
    run = policy_align("align", str(zh_plan), "--out", str(out_json), "--heatmap", str(png))
    assert run.returncode == 0, run.stderr
    report = json.loads(out_json.read_text(encoding="utf-8"))
    statements = report["statements"]
    assert len(statements) == 5 and [s["label"] for s in statements] == ["1", "2", "3", "4", "5"]
    assert all(s["page"] == 1 and s["lang"] == "zh" for s in statements)
    assert statements[0]["section"].startswith("第一章")
    best = {s["label"]: s["matches"][0]["id"] for s in statements if s["matches"]}
    # shelters with job training: housing (1) or caring cities (4), both defensible (eval/RESULTS.md)
    assert best.pop("2") in ("cairo:1", "cairo:4")
    assert best == {"1": "cairo:1", "3": "cairo:6", "4": "cairo:6", "5": "cairo:9"}
    coverage = {i["id"]: i for i in report["items"]}
    assert coverage["cairo:1"]["coverage"] == "covered" and len(coverage["cairo:1"]["support"]) >= 1
    assert coverage["cairo:9"]["coverage"] in ("covered", "partial")
    assert "cairo:8" in report["gaps"] and "cairo:1" not in report["gaps"]
    gap = coverage["cairo:8"]
    assert gap["support"] == [] and 0 <= gap["nearest"]["statement"] < 5  # a candidate for the reviewer
    # the heatmap is a real PNG with one row per chapter
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    assert width > 300 and height > 200

    assert policy_align("align", str(zh_plan), "--out", str(out_csv)).returncode == 0
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheet programs read UTF-8 only with a BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["item"] for r in rows if r["label"] == "5"} >= {"cairo:9"}
    assert any("保障性租赁住房" in r["text"] for r in rows)

    assert policy_align("align", str(zh_plan), "--out", str(out_md)).returncode == 0
    md = out_md.read_text(encoding="utf-8")
    assert "## Gaps" in md and "cairo:8" in md and "修缮古城" in md


def test_align_a_plan_without_text_is_a_message(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n \n", encoding="utf-8")
    run = policy_align("align", str(empty))
    assert run.returncode == 1 and "no statements" in run.stderr and "Traceback" not in run.stderr
    run = policy_align("align", str(tmp_path / "missing.pdf"))
    assert run.returncode == 2 and "no such plan" in run.stderr and "Traceback" not in run.stderr
    run = policy_align("align", str(empty), "--out", str(tmp_path / "report.xlsx"))
    assert run.returncode == 2 and "--format" in run.stderr
    fake = tmp_path / "plan.pdf"
    fake.write_text("<html><body>not a PDF</body></html>", encoding="utf-8")
    run = policy_align("align", str(fake))
    assert run.returncode == 1 and "plan.pdf" in run.stderr and "Traceback" not in run.stderr


def test_markdown_report_keeps_untrusted_text_inert():
    import numpy as np

    from search.align import AlignmentReport, StatementResult
    from search.plan import Statement
    from search.report import to_markdown

    text = "Plan | <script>alert(1)</script> [x](javascript:alert(1))"
    statement = Statement(0, text, 1, "1", "—", "en")
    report = AlignmentReport("p|lan", (StatementResult(statement, (), None),), (), ("—",), np.zeros((1, 0)))
    md = to_markdown(report)
    assert "<script>" not in md and "&lt;script>" in md and "Plan \\| " in md
    assert "[x](javascript:" not in md and "\\[x\\](javascript:" in md  # escaped: not a link
