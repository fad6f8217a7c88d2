"""Text fidelity: labels and characters (fast), and with real PDFs (slow): nothing extracted
is dropped on the way to the chunks, the same plan gives the same statements in every
format, and a slice of the round-trip benchmark (eval/extract_fidelity.py) per language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indexer.documents import Document, Page
from indexer.extract.fidelity import LAYOUTS, expected_paragraphs, page_html, paragraph_f1, word_accuracy
from indexer.extract.load import load_document
from indexer.extract.normalize import normalize_chars
from indexer.structure.flow import document_paragraphs
from indexer.structure.labels import match_label
from indexer.structure.units import chunk_document
from search.pdfs import chromium, soffice
from tests.conftest import ROOT, SHARED, needs_shared

TEXTS = ROOT / "eval" / "data" / "fidelity_texts.jsonl"


@pytest.mark.parametrize(
    "line, label",
    [
        ("第 7.11 条 城市应当……", "第7.11条"),
        ("第7.11条 城市应当……", "第7.11条"),
        ("第十二条之一 城市应当……", "第十二条之一"),
        ("7.11 The city will …", "7.11"),
        ("Article 7.11 The city …", "Article 7.11"),
        ("§ 12 The city …", "§ 12"),
        ("المادة (٩) تلتزم البلدية", "المادة 9"),
        ("Статья 5 Город …", "Статья 5"),
        ("第三章 总则", "第三章"),
        ("١. تلتزم البلدية", "1"),
        ("6 ستبني المدينة", "6"),  # OCR loses the stop of "6." on a right-to-left line
        ("۳۔ منصوبے کی مجموعی لاگت", "3"),  # Urdu numbers items with its full stop
        ("12 bis The city", "12 bis"),
        # list items lettered or numbered as plans in many languages mark them
        ("a) construire 2 000 logements", "(a)"),
        ("б) отремонтировать школы", "(б)"),
        ("(1) build 2,000 social homes", "(1)"),
        ("1、新建保障性住房2000套。", "1"),
        ("（1）新建保障性住房2000套。", "1"),
        ("(أ) بناء 2000 وحدة سكنية", "(أ)"),
        ("هـ- زراعة 10000 شجرة", "(هـ)"),
        # article numbers as laws and declarations spell them, read as one number
        ("Article premier Toute personne …", "Article 1"),
        ("Article 1er – Objet du plan", "Article 1"),
        ("ARTICLE 3 – ZONES URBAINES", "ARTICLE 3"),
        ("Art. 5º Todos são iguais perante a lei", "Art. 5"),
        ("Artículo 1.- El presente reglamento", "Artículo 1"),
        ("Artículo Primero.- Se aprueba", "Artículo 1"),
        ("Artículo 12° Las viviendas", "Artículo 12"),
        ("Article XIV The parties", "Article 14"),
        ("СТАТЬЯ 12. Общие положения", "СТАТЬЯ 12"),
        ("مادة (3) يعمل بهذا القانون", "مادة 3"),
        ("المادة الأولى", "المادة 1"),
        ("المادة الحادية عشرة: تلتزم", "المادة 11"),
        ("المادة الثانية والعشرون", "المادة 22"),
        ("المادة الثلاثون", "المادة 30"),
    ],
)
def test_labels_in_many_numbering_styles(line, label):
    found = match_label(line)
    assert found is not None and found.text == label


@pytest.mark.parametrize(
    "line",
    [
        "article 5 of the law applies",  # running text wrapped at a line's start
        "Article L. 151-5 du code de l'urbanisme",  # a French code's article: no Roman fifty
        "Article L101-2",
        "Articles 3 and 4 apply",
        "Article Claims",
        "Article 12a",
    ],
)
def test_lines_that_are_no_article_label(line):
    found = match_label(line)
    assert found is None or found.kind != "article", found


@pytest.mark.parametrize("line", ["(2030) was the year", "A) Upper-case letters", "a)bc", "(123) three digits"])
def test_lines_that_are_no_list_label(line):
    assert match_label(line) is None


def test_kangxi_radicals_and_compatibility_ideographs_fold():
    # Kangxi radicals, a radicals-supplement form, a CJK compatibility ideograph
    assert normalize_chars("⼀⼆⼈⺠ \uf900") == "一二人民 \u8c48"


def test_headings_and_short_lines_are_chunk_text():
    page = Page(
        1,
        "Housing\n\nContact: Planning Office\n\nAdopted on 3 March 2025\n\n"
        "1. The city will build ten thousand homes for low-income families by 2030.",
        1.0,
    )
    chunks = chunk_document(Document("d", "p", "t", "s", (page,), "txt"))
    joined = "\n".join(c.text for c in chunks)
    for line in ("Housing", "Contact: Planning Office", "Adopted on 3 March 2025", "1. The city will build"):
        assert joined.count(line) == 1, line


def test_a_paragraph_cut_by_a_page_break_is_read_whole():
    pages = (
        Page(1, "1. The programme will rehouse families from 186 unsafe buildings and", 1.0),
        Page(2, "publish a progress report every quarter.\n\n2. Rents will be capped.", 1.0),
        Page(3, "3. A review is due in 2028\n\nContact: Housing Office", 1.0),
    )
    got = document_paragraphs(Document("d", "p", "t", "s", pages, "pdf"))
    assert got == [
        "1. The programme will rehouse families from 186 unsafe buildings and publish a progress report every quarter.",
        "2. Rents will be capped.",
        "3. A review is due in 2028",  # the next page opens with its own label: not joined
        "Contact: Housing Office",
    ]
    chunks = chunk_document(Document("d", "p", "t", "s", pages, "pdf"))
    assert any("buildings and" in c.text and "publish a progress report" in c.text for c in chunks)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize_chars(text))


def _assert_nothing_dropped(doc) -> None:
    """Every character of every usable page's cleaned text is in exactly one chunk, in order."""
    from indexer.extract.quality import UNUSABLE

    # heading marks ("## ") are markup of the page text, not text
    pages = "".join(_squash(re.sub(r"(?m)^#{1,6} ", "", p.text)) for p in doc.pages if p.quality >= UNUSABLE)
    chunks = "".join(_squash(c.text) for c in chunk_document(doc))
    assert chunks == pages, f"{doc.path}: chunks differ from the page text"


@pytest.mark.slow
@needs_shared
@pytest.mark.parametrize(
    "pdf", sorted(p.name for p in (SHARED / "pdfs").glob("*.pdf")) if (SHARED / "pdfs").is_dir() else []
)
def test_nothing_dropped_from_the_shared_pdfs(pdf):
    _assert_nothing_dropped(load_document(SHARED / "pdfs" / pdf, use_ocr=False))


def _plan_formats(tmp_path: Path, source: Path) -> dict[str, Path]:
    """One sample plan as .md (itself), .html, .docx and a LibreOffice .pdf."""
    import docx

    from search.pdfs import html_to_pdf
    from search.ui.demo import sample_html

    html = tmp_path / f"{source.stem}.html"
    html.write_text(sample_html(source), encoding="utf-8")
    document = docx.Document()
    for block in source.read_text(encoding="utf-8").splitlines():
        block = " ".join(block.split())
        level = len(block) - len(block.lstrip("#"))
        if level:
            document.add_heading(block[level:].strip(), level)
        elif block:
            document.add_paragraph(block.strip("*"))
    document.save(tmp_path / f"{source.stem}.docx")
    return {"md": source, "html": html, "docx": tmp_path / f"{source.stem}.docx", "pdf": html_to_pdf(html)}


def _letters(text: str) -> str:
    return "".join(ch for ch in normalize_chars(text).casefold() if ch.isalnum())


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed (make system-deps)")
@pytest.mark.parametrize("plan", sorted(p.name for p in (ROOT / "corpus" / "samples").glob("*.md")))
def test_same_plan_gives_the_same_statements_in_every_format(tmp_path, plan):
    from search.plan import plan_statements

    formats = _plan_formats(tmp_path, ROOT / "corpus" / "samples" / plan)
    statements = {
        kind: [_letters(s.text) for s in plan_statements(path, use_ocr=False)] for kind, path in formats.items()
    }
    reference = statements["md"]
    for kind, found in statements.items():
        same = sum(1 for a, b in zip(reference, found) if a == b)
        share = same / max(len(reference), len(found))
        assert share >= 0.95, f"{plan} as {kind}: {same} of {len(reference)} statements identical ({len(found)} found)"
    _assert_nothing_dropped(load_document(formats["pdf"], use_ocr=False))


def _docs() -> list[dict]:
    return [json.loads(line) for line in TEXTS.read_text(encoding="utf-8").splitlines() if line.strip()]


# The measured floor per language on the slice below (justified 11 pt and two 9 pt columns,
# first font family), a little under the figures in eval/RESULTS.md: a regression guard.
# Where it is under the target (0.99), RESULTS says so.
FLOORS = {
    "ar": 0.98,
    "fa": 0.98,
    "ur": 0.98,  # in Nastaliq: 0.0 before cascade.py, 0.4 before drawing_order.py
    "he": 0.98,
    "zh": 0.98,
    "ja": 0.98,
    "ko": 0.98,  # Chromium breaks Korean lines inside words: indexer/extract/korean_breaks.py
    "th": 0.98,
    "hi": 0.98,
    "ru": 0.98,
    "en": 0.98,
    "fr": 0.98,
    "es": 0.98,
}
SLICE_LAYOUTS = ("justified-11", "columns-9")


@pytest.fixture(scope="module")
def slice_pdfs(tmp_path_factory):
    if soffice() is None or chromium() is None:
        pytest.skip("LibreOffice or Chromium not installed (make system-deps)")
    from indexer.extract.fidelity import FONTS, SCRIPT
    from search.pdfs import html_to_pdf_chromium, html_to_pdf_many

    folder = tmp_path_factory.mktemp("fidelity")
    out = {}
    for producer in ("libreoffice", "chromium"):
        sub = folder / producer
        sub.mkdir()
        htmls = []
        for doc in _docs():
            if not doc["id"].endswith("-a"):
                continue
            font = FONTS[SCRIPT.get(doc["lang"], "latin")][0]
            for layout in SLICE_LAYOUTS:
                path = sub / f"{doc['id']}--{layout}.html"
                path.write_text(page_html(doc, font, layout, producer), encoding="utf-8")
                htmls.append(path)
        pdfs = html_to_pdf_many(htmls, sub) if producer == "libreoffice" else html_to_pdf_chromium(htmls)
        out.update({(producer, *h.stem.split("--")): pdf for h, pdf in zip(htmls, pdfs)})
    return out


@pytest.mark.slow
@pytest.mark.parametrize("layout", SLICE_LAYOUTS)
@pytest.mark.parametrize("producer", ["libreoffice", "chromium"])
@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_round_trip_fidelity_per_language(slice_pdfs, producer, lang, layout):
    assert set(SLICE_LAYOUTS) <= set(LAYOUTS)
    doc = next(d for d in _docs() if d["id"] == f"{lang}-a")
    pdf = slice_pdfs[(producer, doc["id"], layout)]
    got = document_paragraphs(load_document(pdf, use_ocr=False))
    want = expected_paragraphs(doc)
    accuracy = word_accuracy("\n".join(want), "\n".join(got), lang)
    assert accuracy >= FLOORS[lang], f"{producer} {lang} {layout}: word accuracy {accuracy:.3f}\n" + "\n".join(got)
    assert paragraph_f1(want, got) >= 0.97, "\n".join(got)  # the target


def _scan(tmp_path: Path, name: str, lang: str, paragraphs: list[str]) -> Path:
    """A PDF holding only a picture of the text, as a scanner makes it."""
    import subprocess

    from PIL import Image

    from tests.support.libreoffice import make_pdf

    pdf = make_pdf(tmp_path, name, lang, paragraphs)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-singlefile", "-png", str(pdf), str(tmp_path / name)],
        check=True,
    )
    scan = tmp_path / f"{name}-scan.pdf"
    Image.open(tmp_path / f"{name}.png").convert("RGB").save(scan, resolution=150)
    return scan


@pytest.mark.slow
def test_ocr_checks_its_script_and_names_unreadable_pages(tmp_path):
    from indexer.extract import ocr

    if soffice() is None or not {"ara", "eng", "osd"} <= ocr.installed_languages():
        pytest.skip("LibreOffice and Tesseract with ara, eng and osd are needed (make system-deps)")
    from search.plan import read_plan

    arabic = [
        "١. تلتزم البلدية بتوفير سكن لائق وميسور التكلفة لجميع السكان وبتحسين الأحياء غير الرسمية.",
        "٢. توسيع شبكة النقل العام في جميع الأحياء وتقليل الانبعاثات الناتجة عن حركة المرور.",
    ]
    # a fully scanned Arabic page: no text layer to guess the language from, so OCR starts with
    # English, sees Latin gibberish, and reads it again in the script Tesseract detects
    doc = load_document(_scan(tmp_path, "ar", "ar", arabic), ocr_langs=None)
    page = doc.pages[0]
    assert "ocr" in page.flags and ocr.script_of(page.text) == "Arabic", page.text
    assert "البلدية" in page.text
    # Thai, with no Thai traineddata installed: no reading passes the check, the page is
    # flagged and the plan says so instead of reporting gaps silently
    if "tha" not in ocr.installed_languages():
        thai = ["เทศบาลจะจัดหาที่อยู่อาศัยราคาประหยัดให้แก่ประชาชนทุกคนภายในปี 2573 และปรับปรุงชุมชนแออัดทั้งหมด"]
        scan = _scan(tmp_path, "th", "th", thai)
        assert "ocr-failed" in load_document(scan).pages[0].flags
        with pytest.raises(Exception, match="1 of 1 pages could not be read"):
            read_plan(scan)


def test_uncertain_gaps_take_pdftotexts_reading_or_their_own_default():
    from indexer.extract.poppler import resolve_spaces
    from indexer.extract.word_spaces import UNCERTAIN_JOIN, UNCERTAIN_SPACE

    markers = {UNCERTAIN_SPACE: " ", UNCERTAIN_JOIN: ""}
    reference = "जल आपूर्ति और स्वच्छता\nपुरानी पाइपलाइनों से होने वाले रिसाव"
    # a heading mark is not text: the gap is still found in pdftotext's reading
    text = f"## जल आपू{UNCERTAIN_SPACE}र्ति{UNCERTAIN_JOIN}और स्वच्छता\n\nपुरा{UNCERTAIN_SPACE}नी पाइपलाइनों"
    assert resolve_spaces(text, reference, markers) == "## जल आपूर्ति और स्वच्छता\n\nपुरानी पाइपलाइनों"
    # found nowhere (or no pdftotext): each marker keeps the layout's own guess
    assert resolve_spaces(f"क{UNCERTAIN_SPACE}ख ग{UNCERTAIN_JOIN}घ", None, markers) == "क ख गघ"
    assert resolve_spaces(f"क{UNCERTAIN_SPACE}ख ग{UNCERTAIN_JOIN}घ", "zzz", markers) == "क ख गघ"
    # no space before a closing mark, whatever pdftotext drew
    assert resolve_spaces(f"हैं{UNCERTAIN_SPACE}।", "हैं ।", markers) == "हैं।"
    # Chromium's Arabic: a letter with tanwin known by the mark's ink ("سك" + "نٍ"), which
    # pdftotext reads with the mark on the letter before and inside bidi embeddings
    reference = "\u202a ٢٠٣٠–٢٠٢٤\u202cإلى توفير سكٍن لائٍق لكّل أسرة\u202a ،\u202cمن"
    text = f"إلى توفير سك{UNCERTAIN_SPACE}نٍ{UNCERTAIN_SPACE}لائ{UNCERTAIN_SPACE}قٍ{UNCERTAIN_SPACE}لكلّ أسرة"
    assert resolve_spaces(text, reference, markers) == "إلى توفير سكنٍ لائقٍ لكلّ أسرة"


def _rtl_row(visual: list[str], gaps: list[float], em: float = 10.0):
    """Clusters drawn left to right with the given gaps (in em) between them."""
    from indexer.extract.glyphs import Cluster

    row, x = [], 0.0
    for text, gap in zip(visual, [0.0, *gaps]):
        x += gap * em
        width = 0.5 * em if text.strip() else 0.0
        row.append(Cluster(text, x, x + width, 100.0, em, False, len(row)))
        x += width
    return row


def test_libreoffice_kashidas_percent_and_list_numbers_in_arabic_lines():
    from indexer.extract.row_line import row_line

    # "وحدة" justified with two kashidas that the font maps to "4", then a space, then "40%"
    # drawn "%40" and the list number "1." touching the first word (visual order: left to right)
    visual = ["%", "4", "0", "ة", "د", "4", "4", "ح", "و", ".", "1"]
    gaps = [0.0, 0.0, 0.4, 0.0, -0.01, 0.0, -0.01, 0.0, 0.0, 0.0]
    assert row_line(_rtl_row(visual, gaps), rtl_page=True).text == "1. وحدة 40%"
    # a real digit between Arabic words, apart from them, stays
    assert row_line(_rtl_row(["ب", "4", "ا"], [0.4, 0.4]), rtl_page=True).text == "ا 4 ب"
    # LibreOffice, 11 pt: PDFium guesses two spaces in the 0.18 em between an opening quote and
    # the word before it (visual order, left to right: "ائتلاف" touching the quote, "البلدية")
    from indexer.extract.glyphs import Cluster

    def glyph(text, x0, x1, proper=True):
        return Cluster(text, x0, x1, 100.0, 11.0 if text.strip() else 1.0, False, 0, proper=proper)

    row = [
        glyph("ف", 486.0, 491.5, proper=False),
        glyph("ا", 491.5, 493.5, proper=False),
        glyph('"', 494.6, 498.3),
        glyph(" ", 497.8, 497.8, proper=False),
        glyph(" ", 498.3, 498.3, proper=False),
        glyph("ة", 500.3, 505.6, proper=False),
    ]
    assert row_line(row, rtl_page=True).text == 'ة "اف'
    # a slash or bracket set against letters on both sides is text, not a filler
    visual = ["س", "ر", "ا", "م", "/", "ر", "ا", "ذ", "آ"]
    assert row_line(_rtl_row(visual, [0.0] * 8), rtl_page=True).text == "آذار/مارس"


@pytest.mark.parametrize(
    "left, right",  # the codes a producer gave the brackets drawn left and right of "PPP"
    [(")", "("), (")", ")"), ("(", "("), ("(", ")")],
)
def test_brackets_around_a_latin_run_in_an_arabic_line_read_as_meant(left, right):
    from indexer.extract.row_line import row_line

    visual = [".", left, "P", "P", "P", right, " ", "ص", "ا", "خ", "ل", "ا"]
    gaps = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert row_line(_rtl_row(visual, gaps), rtl_page=True).text == "الخاص (PPP)."


@needs_shared
def test_pdftotext_readings_in_batches_match_one_page_runs():
    import shutil
    import subprocess

    from indexer.extract.poppler import BATCH, Readings

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed (make system-deps)")
    pdf = SHARED / "pdfs" / "chinese-quarterly-report-22p.pdf"
    readings = Readings(pdf)
    for number in (2, 3, 21, 22, 2 + BATCH):  # within the first run, its end, past the document
        alone = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
        )
        want = alone.stdout.decode("utf-8").removesuffix("\f") if alone.returncode == 0 else None
        assert readings.page_text(number) == want, number


@pytest.mark.slow
@pytest.mark.parametrize(
    "plan, phrase",
    [
        # Arabic fonts have no italic, so Chromium slants the glyphs; their boxes then leaned
        # over the word spaces ("تنبيههذهخطةنموذجية…")
        ("ar-wadi-noor-plan.md", "تنبيه: هذه خطة نموذجية خيالية أُعدّت لأغراض العرض التوضيحي فقط، وليست وثيقة حقيقية؛"),
        # an italic "f" reaches left of its origin ("writtenfor")
        ("en-port-amara-plan.md", "plan written for demonstration"),
    ],
)
def test_italic_text_printed_by_chromium_keeps_its_word_spaces(tmp_path, plan, phrase):
    if chromium() is None:
        pytest.skip("Chromium not installed (make system-deps)")
    from search.pdfs import html_to_pdf_chromium

    html = _plan_formats(tmp_path, ROOT / "corpus" / "samples" / plan)["html"]
    pdf = html_to_pdf_chromium([html])[0]
    assert phrase in load_document(pdf, use_ocr=False).pages[0].text


def test_label_reading_of_empty_bare_and_huge_lines():
    # nothing, a label word with no number, and a megabyte line: no label, no error, no stall
    for line in ("", " ", "Article", "Art.", "المادة", "（", "a)"):
        assert match_label(line) is None, line
    assert match_label("Article " + "9" * 1_000_000) is None  # a number of four or more digits is no article
    huge = match_label("المادة الأولى " + "نص " * 300_000)
    assert huge is not None and huge.text == "المادة 1"
