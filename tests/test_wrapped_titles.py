"""A title or heading in large type that wraps onto a second line is one heading, and the
document's title is all of it (the demo's library listed "Port Amara City Strategy 2026–2031:
Our" and "Plan Municipal de Desarrollo Urbano de", and the section after them was headed by the
title's second line). Large type sets its lines further apart than the body's, so the gap that
ends a paragraph scales with the type (indexer/extract/paragraphs.py). A matrix: five scripts,
LibreOffice and Chromium, a title in two sizes, and two headings in a row that must stay two."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from indexer.extract.fidelity import FONTS, SCRIPT
from indexer.extract.load import load_document
from search.pdfs import chromium, soffice

pytestmark = pytest.mark.slow

# long enough to wrap at 2em on an A4 page in every script; the two headings in a row are short
PAGES = {
    "en": (
        "Port Amara City Strategy 2026–2031: Our Goals, Our Neighbourhoods and the Homes We Will Build Together",
        ("Chapter 2", "Housing and land"),
        "The city will build 5,000 affordable rental homes for low-income families by 2030.",
    ),
    "es": (
        "Plan Municipal de Desarrollo Urbano de Valle Sereno 2026–2036: vivienda, movilidad y espacio público",
        ("Capítulo II", "Vivienda y suelo"),
        "El municipio construirá 3.000 viviendas sociales en alquiler antes de 2030.",
    ),
    "ru": (
        "Стратегия пространственного развития города Северный на 2026–2035 годы: жильё, транспорт и среда",
        ("Глава 2", "Жильё и земля"),
        "Город построит 2 000 квартир социального найма до 2030 года.",
    ),
    "ar": (
        "خطة التنمية الحضرية المستدامة لمدينة وادي النور للفترة 2026–2030: الإسكان والنقل والمساحات العامة للجميع",
        ("الفصل الثاني", "الإسكان والأراضي"),
        "ستبني البلدية ألفي وحدة سكنية ميسورة التكلفة بحلول عام 2030.",
    ),
    "zh": (
        "河西市城市发展与更新规划（2026—2035年）：住房保障、公共交通、历史文化街区保护与韧性城市建设总体方案",
        ("第二章", "住房保障"),
        "到2030年，全市新增筹集保障性租赁住房4.5万套。",
    ),
}


def _page(lang: str, size: str) -> str:
    title, (first, second), body = PAGES[lang]
    font = FONTS[SCRIPT.get(lang, "latin")][0]
    direction = "rtl" if lang == "ar" else "ltr"
    paragraphs = f"<p>{escape(body)} {escape(body)} {escape(body)}</p>" * 2  # most of a page is body text
    return (
        f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8"><title></title>'
        f"<style>body{{font-family:'{font}';font-size:12pt}}h1{{font-size:{size}}}</style></head><body>"
        f"<h1>{escape(title)}</h1>{paragraphs}<h2>{escape(first)}</h2><h2>{escape(second)}</h2>{paragraphs}"
        "</body></html>"
    )


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[tuple[str, str, str], Path]:
    if soffice() is None or chromium() is None:
        pytest.skip("LibreOffice or Chromium not installed (make system-deps)")
    from search.pdfs import html_to_pdf_chromium, html_to_pdf_many

    out = {}
    for producer in ("libreoffice", "chromium"):
        folder = tmp_path_factory.mktemp(producer)
        htmls = []
        for lang in PAGES:
            for size in ("2em", "28pt"):
                html = folder / f"{lang}-{size}.html"
                html.write_text(_page(lang, size), encoding="utf-8")
                htmls.append(html)
        made = html_to_pdf_many(htmls, folder) if producer == "libreoffice" else html_to_pdf_chromium(htmls)
        out.update({(producer, *html.stem.split("-")): pdf for html, pdf in zip(htmls, made)})
    return out


@pytest.mark.parametrize("size", ["2em", "28pt"])
@pytest.mark.parametrize("producer", ["libreoffice", "chromium"])
@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_wrapped_title_is_one_heading_and_the_whole_title(pdfs, lang, producer, size):
    title, (first, second), _ = PAGES[lang]
    document = load_document(pdfs[(producer, lang, size)], use_ocr=False)
    headings = [p[3:] for p in document.pages[0].text.split("\n\n") if p.startswith("## ")]
    assert headings == [title, first, second], document.pages[0].text
    assert document.title == title


def test_the_demo_libraries_titles_are_the_sample_plans_whole_titles(tmp_path):
    """The sample plans the workshop demo indexes: each PDF's title is its Markdown's first heading."""
    if soffice() is None:
        pytest.skip("LibreOffice not installed (make system-deps)")
    from indexer.settings import corpus_root
    from search.ui.demo import sample_documents

    for pdf in sample_documents(tmp_path):
        source = corpus_root() / "samples" / f"{pdf.stem}.md"
        heading = source.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        assert pdf.suffix == ".pdf" and load_document(pdf, use_ocr=False).title == heading
