"""The Align tab's views without a browser: one row per statement (unmatched included) with
the best match, its strength in words, evidence, "supports" line and why?; filters; items
grouped by call / section / goal; a heatmap per framework with legible columns; the printable
report; the embedding steps of the progress bar; the sample plan of the interface language.
Every plan text is untrusted and must stay text."""

from __future__ import annotations

import re

import numpy as np
import pytest

UNTRUSTED = '<img src=x onerror="alert(1)"> ${alert(2)} {{constructor}} <script>alert(3)</script>'


def _match(item, score, strength, evidence="evidence <b>text</b>"):
    from search.match import Match

    return Match(item, score, strength, evidence, "en", 0.8)


def _report(reviews=None):
    """Four statements against every framework: a strong Cairo match (with partial NUA and SDG
    matches), a partial one, an unmatched one, and one whose only match a reviewer rejected."""
    from indexer.frameworks import load_frameworks
    from search.align import AlignmentReport, ItemCoverage, StatementResult, Support
    from search.plan import Statement

    statements = [
        Statement(0, "Secure tenure for every household " + UNTRUSTED, 3, "1", "Housing", "en"),
        Statement(1, "保障性租赁住房", 4, "2", "Housing", "zh"),
        Statement(2, "Table of contents", 1, "", "—", "en"),
        Statement(3, "تمويل البلديات", 5, "", "التمويل", "ar"),
    ]
    results = (
        StatementResult(
            statements[0],
            (_match("cairo:1", 0.9, "strong"), _match("nua:31", 0.5, "partial"), _match("sdg:11.1", 0.4, "partial")),
            None,
        ),
        StatementResult(statements[1], (_match("nua:106", 0.45, "partial"),), None),
        StatementResult(statements[2], (), _match("cairo:3", 0.05, "none")),
        StatementResult(statements[3], (_match("cairo:9", 0.7, "strong"),), None),
    )
    items = []
    for fw in load_frameworks().values():
        for item in fw.items:
            support = {"cairo:1": (Support(0, 0.9, "strong"),), "nua:31": (Support(0, 0.5, "partial"),)}.get(
                item.id, ()
            )
            coverage = "covered" if item.id == "cairo:1" else ("partial" if support else "gap")
            items.append(
                ItemCoverage(item.id, fw.id, "", coverage, support, None if support else Support(2, 0.05, "none"))
            )
    sections = ("Housing", "—", "التمويل")
    grid = np.random.default_rng(0).random((len(sections), len(items)))
    return AlignmentReport("plan <i>x</i>.pdf", results, tuple(items), sections, grid, reviews=reviews or {})


def _rejected():
    from search.review import Review

    return {(3, "cairo:9"): Review("a" * 64, 3, "cairo:9", "reject", "تمويل البلديات", note="<b>no</b> ${alert(4)}")}


def test_one_row_per_statement_with_its_best_match_and_what_it_supports():
    from search.ui.align_view import rows, statements_html

    report = _report(_rejected())
    every = rows(report)
    assert len(every) == 4  # unmatched statements too
    assert [r.strength for r in every] == ["strong", "partial", "none", "none"]  # the rejected one counts for nothing
    assert every[0].best.id == "cairo:1" and every[0].supports == ("cairo:1", "nua:31", "sdg:11.1")
    html = statements_html(report, "en")
    assert html.count('<article class="pa-row') == 4
    assert "strong match" in html and "partial match" in html and "no match" in html
    assert "Cairo 1" in html and "NUA ¶31, ¶106" not in html  # each row its own supports line
    assert re.search(r"Supports:</b> <bdi>Cairo 1 · NUA ¶31 · SDG 11.1</bdi>", html)
    assert 'data-pair="0|cairo:1"' in html and 'data-pair="3|cairo:9"' in html  # review buttons, the rejected too
    assert "✗ rejected" in html and "&lt;b&gt;no&lt;/b&gt;" in html
    assert "Nearest item (below partial)" in html  # the unmatched statement says what was nearest
    assert html.count("<details") >= 3  # the sections fold; a row's why? too


def test_every_plan_text_stays_text_even_for_gradios_template_pass():
    from search.ui.align_view import statements_html
    from search.ui.coverage_view import items_html
    from search.ui.heatmap_view import heatmaps_html
    from search.ui.print_report import printable_html
    from search.ui.why import statement_why

    report = _report(_rejected())
    for html in (
        statements_html(report, "ar"),
        items_html(report, "ar"),
        heatmaps_html(report, "ar"),
        printable_html(report, "ar"),
        *(statement_why(report, r.statement.index, "ar") for r in report.statements),  # the reviewer's note too
    ):
        assert "<img" not in html and "<script" not in html and "<b>no" not in html and "<i>x" not in html
        assert "${" not in html and "{{" not in html  # no template syntax of the plan's reaches Gradio
    assert "&lt;img" in statements_html(report, "en") and "&#36;&#123;alert(2)&#125;" in statements_html(report, "en")


def test_filters_by_framework_and_strength():
    from search.ui.align_view import Filters, statements_html

    report = _report()
    nua = statements_html(report, "en", Filters(framework="nua"))
    assert 'data-pair="1|nua:106"' in nua and "Cairo 1</bdi></b>" not in nua
    strong = statements_html(report, "en", Filters(strength="strong"))
    assert strong.count('<article class="pa-row') == 2 and "Statements shown: 2 of 4" in strong
    none = statements_html(report, "fr", Filters(strength="none"))
    assert none.count('<article class="pa-row') == 1 and "aucune correspondance" in none
    empty = statements_html(report, "en", Filters(framework="sdg", strength="partial"))
    assert empty.count('<article class="pa-row') == 1  # statement 0: its SDG 11.1 match


def test_items_are_grouped_by_call_section_and_goal_and_filtered_by_coverage():
    from search.ui.align_view import Filters
    from search.ui.coverage_view import items_html

    report = _report()
    html = items_html(report, "en")
    assert html.count('<section class="pa-fw">') == 3
    cairo, nua, sdg = html.split('<section class="pa-fw">')[1:]
    assert sdg.count('<details class="pa-group"') == 17  # a group per goal, its targets inside
    assert nua.count('<details class="pa-group"') == 14  # the NUA by section
    assert cairo.count('<details class="pa-group"') == 2  # the preamble and the calls
    assert "Transformative commitments" in nua
    assert " open>" not in html  # 206 items: folded
    gaps = items_html(report, "zh", Filters(framework="cairo", coverage="covered"))
    assert gaps.count('<li class="pa-item') == 1 and "已覆盖" in gaps and " open>" in gaps
    assert "最佳条目" in gaps  # its best statement is quoted


def test_a_legible_heatmap_per_framework():
    from search.ui.heatmap_view import columns, heatmaps_html

    report = _report()
    assert [len(columns(report, f, "en")[1]) for f in ("cairo", "nua", "sdg")] == [20, 14, 17]
    assert columns(report, "sdg", "en")[0] == "goal" and columns(report, "nua", "en")[0] == "section"
    html = heatmaps_html(report, "ar")
    assert html.count("<figure") == 3 and 'dir="rtl"' in html
    assert "أفضل تطابق لكل قسم من الخطة" in html and "قسم الخطة" in html and "(بلا عنوان)" in html
    sdg = html[html.index('data-framework="sdg"') :]
    assert sdg.count("<tr>") == 1 + 3 and sdg.split("</thead>")[0].count('<th scope="col"') == 18
    assert heatmaps_html(report, "en", "nua").count("<figure") == 1


def test_the_printable_report_puts_statement_and_item_text_side_by_side():
    from datetime import date

    from search.ui.print_report import printable_html

    html = printable_html(_report(_rejected()), "fr", date(2026, 1, 2))
    assert html.startswith('<!doctype html><html lang="fr" dir="ltr">') and "@media print" in html
    assert "<script" not in html.replace("&lt;script", "") and "Alignement de plan &lt;i&gt;x&lt;/i&gt;.pdf" in html
    assert "2026-01-02" in html and "Énoncé du plan" in html and "Élément du cadre et son texte" in html
    assert html.count("<tr><td>") == 4  # every statement, unmatched too
    assert "texte officiel" in html or "traduction de travail" in html  # the item's text, with its status
    arabic = printable_html(_report(), "ar")
    assert '<html lang="ar" dir="rtl">' in arabic and "كل عبارة بجانب البند الذي تدعمه" in arabic


def test_embedding_in_steps_reports_n_of_total_and_gives_the_same_vectors():
    from indexer.model.fake import FakeEmbedder
    from search.embedded import embed_statements
    from search.ui.align_steps import embed_in_steps

    texts = [f"Statement {n}. It has two sentences about housing {n}." for n in range(30)] + ["one"] * 3
    heard = []
    got = embed_in_steps(texts, FakeEmbedder(), lambda f, key, **v: heard.append((f, key, v)), 0.2, 0.6)
    whole = embed_statements(texts, FakeEmbedder())
    assert np.allclose(got.vectors, whole.vectors) and np.allclose(got.sentences, whole.sentences)
    assert (got.owner == whole.owner).all()
    assert [v["n"] for _, _, v in heard] == [0, 8, 16, 24, 32, 33] and heard[-1][0] == pytest.approx(0.8)
    assert all(a[0] <= b[0] for a, b in zip(heard, heard[1:])) and {k for _, k, _ in heard} == {"align_stage_embed"}


def test_the_sample_plan_is_the_one_in_the_interface_language(tmp_path):
    from indexer.model.fake import FakeEmbedder
    from search.ui.align_service import AlignService

    service = AlignService(FakeEmbedder(), tmp_path)
    assert service.sample_plan("zh").name == "zh-hexi-plan.md"
    assert service.sample_plan("ar").name.startswith("ar-")
    assert service.sample_plan("fr").name == "en-port-amara-plan.md"  # none in French: English
    assert service.sample_plan("ru").parent.parent == tmp_path  # a copy in the app's own folder


def test_citations_and_section_paths_follow_the_interface_language():
    """The statements, items, heatmaps, why? and printable report cite items in the interface
    language (framework.toml [citations]) and name NUA sections in it; English stays English."""
    from search.ui.align_view import statements_html
    from search.ui.coverage_view import items_html
    from search.ui.heatmap_view import heatmaps_html
    from search.ui.print_report import printable_html
    from search.ui.why import statement_why

    report = _report()
    assert "<bdi>Le Caire 1 · NPV ¶31 · ODD 11.1</bdi>" in statements_html(report, "fr")
    assert "<bdi>Каир 1 · НПРГ ¶31 · ЦУР 11.1</bdi>" in statements_html(report, "ru")
    zh = statements_html(report, "zh")
    assert "开罗宣言 1" in zh and "Cairo 1" not in zh and "SDG 11.1" not in zh
    arabic = printable_html(report, "ar")  # numbers isolated left to right (search/ui/i18n.shown_citation)
    assert "إعلان القاهرة \u20661\u2069" in arabic and "Cairo 1" not in arabic
    assert "可持续发展目标 11" in heatmaps_html(report, "zh") and "规划和管理城市空间发展（93–125）" in heatmaps_html(
        report, "zh"
    )
    items = items_html(report, "es")
    assert "Compromisos de transformación" in items and "Transformative commitments for" not in items
    assert "NAU ¶31" in items
    why = statement_why(report, 0, "fr")
    assert "<bdi>Le Caire 1</bdi>" in why and "cairo:1</b>" not in why and "correspondance forte" in why
    assert "Cairo 1 · NUA ¶31 · SDG 11.1" in statements_html(report, "en")


def test_a_heatmap_png_per_framework_for_the_downloads(tmp_path):
    """What the Align tab offers besides the HTML figures: a PNG for each framework alone
    (heatmap_view.write_pngs), legible at its own size; the CLI's --heatmap folds the SDG's
    targets into its 17 goals."""
    from dataclasses import replace

    from PIL import Image

    from search.heatmaps import _top_level_columns
    from search.ui.heatmap_view import write_pngs

    report = _report()
    paths = write_pngs(report, tmp_path, "en")
    assert [p.name for p in paths] == [f"alignment.{f}.heatmap.png" for f in ("cairo", "nua", "sdg")]
    assert all(Image.open(p).size[0] <= 6600 for p in paths)
    sdg = [i for i in report.items if i.framework == "sdg"]
    labels, grid = _top_level_columns(replace(report, items=tuple(sdg), grid=report.grid[:, -len(sdg) :]))
    assert len(labels) == 17 and grid.shape == (3, 17)


@pytest.mark.parametrize("lang", ["zh", "ar", "ru"])
def test_heatmap_pngs_in_the_interface_language(tmp_path, lang):
    """The downloads' heatmaps (AlignService.heatmaps -> heatmap_view.write_pngs) speak the
    interface language: title, axes, colour bar, column names. Every glyph comes from an
    installed font (matplotlib warns "Glyph … missing from font(s)" where it would draw a box)
    and text goes through libraqm, which joins Arabic and lays it out right to left."""
    import warnings

    import matplotlib.ft2font
    from PIL import Image

    from search.heatmaps import heatmap_fonts
    from search.ui.heatmap_view import write_pngs
    from search.ui.i18n import framework_names, t

    assert getattr(matplotlib.ft2font, "__libraqm_version__", None), "matplotlib without libraqm: Arabic unshaped"
    if not any(f.startswith("Noto") for f in heatmap_fonts()):
        pytest.skip("no Noto CJK/Arabic font installed (make system-deps: fonts-noto-core fonts-noto-cjk)")
    report = _report()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = write_pngs(report, tmp_path, lang)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing[:3]
    assert [p.name for p in paths] == [f"alignment.{f}.heatmap.png" for f in ("cairo", "nua", "sdg")]
    names = dict((fid, name) for name, fid in framework_names(lang))
    for path, fid in zip(paths, ("cairo", "nua", "sdg")):
        title = Image.open(path).info["Title"]
        assert title == f"{t('align_heatmap_title', lang, framework=names[fid])}\n{report.plan}"
        assert "Coverage" not in title and "best match" not in title
    assert t("align_heatmap_score", lang) != t("align_heatmap_score", "en")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_unreadable_pages_are_named_alike_on_screen_in_print_and_in_the_cli(lang):
    """A scanned plan may have hundreds of unreadable pages: the first 20 are named and " …"
    says there are more, in the summary, the printable report and the CLI's note alike."""
    from dataclasses import replace

    from search.ui.align_tab import summary_html
    from search.ui.print_report import printable_html

    report = replace(_report(), unreadable_pages=tuple(range(3, 53)), page_count=60)
    listed = ", ".join(map(str, range(3, 23))) + " …"
    assert report.unreadable_listed == listed
    assert f"({listed})" in report.unreadable_note and report.unreadable_note.startswith("50 of 60 pages")
    for html in (summary_html(report, lang), printable_html(report, lang)):
        assert listed in html and ", 23" not in html
    assert replace(report, unreadable_pages=(4,)).unreadable_listed == "4"
