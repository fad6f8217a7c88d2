"""Inputs besides PDF, every shared PDF, long units, per-chunk languages."""

import pytest

from indexer.documents import Document, Page
from indexer.extract.load import load_document
from indexer.structure.units import chunk_document, estimate_tokens
from tests.conftest import SHARED, needs_shared


def test_docx_paragraphs_and_tables(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Housing strategy", level=1)
    document.add_paragraph("1. The city will build 5,000 affordable homes by 2030.")
    document.add_paragraph("2. تلتزم البلدية بتحسين الأحياء غير الرسمية بالشراكة مع سكانها.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Target"
    table.rows[0].cells[1].text = "40% social housing"
    document.save(tmp_path / "plan.docx")
    doc = load_document(tmp_path / "plan.docx")
    chunks = chunk_document(doc)
    assert doc.kind == "docx" and doc.title == "Housing strategy"
    assert [(c.label, c.lang) for c in chunks[:2]] == [("1", "en"), ("2", "ar")]
    assert chunks[0].section == ("Housing strategy",)
    assert "40% social housing" in doc.pages[0].text


@pytest.mark.parametrize("suffix", ["docx", "txt", "html"])
@pytest.mark.parametrize("doc_id", ["fa-a", "fa-b", "ur-a", "ar-a"])
def test_right_to_left_text_documents_keep_their_word_order(tmp_path, suffix, doc_id):
    # a text document is in reading order: the visual-order repairs for some PDFs' pypdf
    # readings, which look for Arabic cues such as "ال", once read Persian plans backwards
    import json

    import docx

    from tests.conftest import ROOT

    texts = (ROOT / "eval" / "data" / "fidelity_texts.jsonl").read_text(encoding="utf-8").splitlines()
    doc = next(d for d in map(json.loads, texts) if d["id"] == doc_id)
    paragraphs = [block["text"] for block in doc["blocks"]]
    path = tmp_path / f"plan.{suffix}"
    if suffix == "docx":
        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        document.save(path)
    elif suffix == "html":
        body = "".join(f"<p>{t}</p>" for t in paragraphs)
        path.write_text(f'<html lang="{doc["lang"]}" dir="rtl"><body>{body}</body></html>', encoding="utf-8")
    else:
        path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    text = load_document(path).pages[0].text
    assert [p for p in paragraphs if p not in text] == []


def test_html_drops_scripts_and_keeps_blocks(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><head><title>x</title><script>alert('x')</script><style>p{}</style></head><body>"
        "<h1>Plan de la ville</h1><p>1. Logement convenable pour tous d&#39;ici 2030.</p>"
        "<p>2. Transports publics dans chaque quartier.</p></body></html>",
        encoding="utf-8",
    )
    doc = load_document(tmp_path / "p.html")
    assert "alert" not in doc.pages[0].text and "d'ici 2030" in doc.pages[0].text
    assert [c.label for c in chunk_document(doc)] == ["1", "2"]


def test_bad_utf8_in_text_file_is_kept_and_flagged(tmp_path):
    (tmp_path / "t.txt").write_bytes(
        "1. Logement pour tous ".encode() + b"\xff\xfe" + " et transports publics.".encode()
    )
    page = load_document(tmp_path / "t.txt").pages[0]
    assert "replacement-chars" in page.flags and "transports publics" in page.text


def test_long_unit_is_split_into_pieces_that_keep_the_label_and_partition_the_text():
    sentences = [f"Sentence {i} explains how the housing programme will reach district {i}." for i in range(120)]
    page = Page(1, "14. " + " ".join(sentences), 1.0)
    doc = Document("d", "p", "t", "s", (page,), "txt")
    chunks = chunk_document(doc, limit=200)
    assert len(chunks) >= 4 and all(c.label == "14" for c in chunks)
    assert [c.part for c in chunks] == list(range(1, len(chunks) + 1))
    assert all(estimate_tokens(c.text) <= 200 for c in chunks)
    # every sentence in exactly one piece, in order
    assert " ".join(c.text for c in chunks) == page.text


def test_long_units_in_any_script_split_at_sentence_ends_and_keep_their_line_breaks():
    from indexer.structure.units import _pieces

    heading = "## 第三章 住房"
    chinese = "".join(f"第{i}项：市政府将在{i}号街区新建保障性住房并改造排水管网。" for i in range(60))
    arabic = " ".join(f"تلتزم البلدية بتحسين الحي رقم {i} بالشراكة مع سكانه." for i in range(60))
    run_on = "x" * 3000  # no sentence end at all: cut by characters
    for text in (f"{heading}\n{chinese}", arabic, f"{heading}\n{run_on}"):
        pieces = _pieces(text, estimate_tokens, 200)
        assert len(pieces) >= 3 and all(estimate_tokens(p) <= 200 for p in pieces)
        assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())  # nothing lost or repeated
        if text.startswith(heading):
            assert pieces[0].startswith(heading + "\n")
        if text is not run_on and not text.endswith(run_on):
            assert all(p[-1] in "。." for p in pieces)


def test_language_is_decided_per_chunk_and_short_texts_inherit():
    page = Page(
        1,
        "1. La ville construira cinq mille logements sociaux avant 2030.\n\n"
        "2. 市政府将改造老旧小区并增加公共绿地。\n\n3. Bus lanes.\n\n"
        "4. Le budget participatif financera les projets des quartiers.",
        1.0,
    )
    chunks = chunk_document(Document("d", "p", "t", "s", (page,), "txt"))
    assert [c.lang for c in chunks] == ["fr", "zh", "fr", "fr"]


@needs_shared
@pytest.mark.slow
@pytest.mark.parametrize(
    "name", sorted(p.name for p in (SHARED / "pdfs").glob("*.pdf")) if (SHARED / "pdfs").is_dir() else []
)
def test_every_shared_pdf_loads_into_text_or_flags(name):
    doc = load_document(SHARED / "pdfs" / name, use_ocr=False)
    assert doc.pages
    for page in doc.pages:
        assert page.text.strip() or page.flags, f"page {page.number} has neither text nor a flag"
    usable = [c for c in chunk_document(doc)]
    if name not in ("cjk-broken-cmap.pdf", "russian-form-garbled.pdf", "arabic-habibi-rotated.pdf"):
        assert usable, "no chunk from a PDF with a clean text layer"


def test_an_articles_later_paragraphs_keep_its_label_until_the_next_label_or_heading(tmp_path):
    (tmp_path / "law.txt").write_text(
        "Article 1\n\nThe city shall provide adequate, affordable and safe housing for all of its residents, "
        "whatever their income, by the end of the year 2030.\n\n"
        "To that end it shall reserve public land for social housing in every district and publish the list "
        "of plots every year.\n\n"
        "Article 2\n\nPublic transport shall reach every neighbourhood of the city within ten minutes on foot, "
        "on weekdays and at weekends alike.\n\n"
        "Buses shall be electric by 2035, and their stops shaded in summer, lit at night and reachable "
        "by wheelchair users.\n\n"
        "## Final provisions\n\nThis plan was approved by the municipal council on 12 March 2025 after a hearing.",
        encoding="utf-8",
    )
    chunks = chunk_document(load_document(tmp_path / "law.txt"))
    assert [c.label for c in chunks] == ["Article 1", "Article 1", "Article 2", "Article 2", ""]


@pytest.mark.parametrize(
    "first, second, want",
    [
        ("Article premier", "Article 2", ("Article 1", "Article 2")),  # as French declarations number it
        ("المادة الأولى", "المادة الثانية", ("المادة 1", "المادة 2")),  # Arabic laws: ordinal words
        ("Art. 1º", "Art. 2º", ("Art. 1", "Art. 2")),  # Brazilian laws
    ],
)
def test_article_numbers_spelt_as_words_label_the_articles_later_paragraphs(tmp_path, first, second, want):
    body = "The city shall provide adequate, affordable and safe housing for all of its residents by 2030."
    (tmp_path / "law.md").write_text(f"{first}\n\n{body}\n\n{body}\n\n{second}\n\n{body}\n", encoding="utf-8")
    chunks = chunk_document(load_document(tmp_path / "law.md"))
    assert [c.label for c in chunks] == [want[0], want[0], want[1]]


def test_automatic_list_numbers_are_read_as_labels(tmp_path):
    # the numbers a word processor or browser draws before list items are what people cite
    # ("item 2") and what the same plan shows once printed to PDF
    import docx

    from indexer.extract.text_formats import read_docx, read_html

    document = docx.Document()
    document.add_paragraph("Priority measures")
    for text in ("Release twenty council sites", "Publish viability assessments"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("A bullet, not numbered", style="List Bullet")
    document.save(tmp_path / "plan.docx")
    assert read_docx(tmp_path / "plan.docx")[0].split("\n\n") == [
        "Priority measures",
        "1. Release twenty council sites",
        "2. Publish viability assessments",
        "• A bullet, not numbered",  # marked as printed: an item, not a heading
    ]
    page = (
        '<ol start="3"><li>Third</li><li>Fourth<ul><li>inner bullet</li></ul></li></ol>'
        '<ol type="a"><li>lettered</li></ol><ol type="I" start="3"><li>third part</li></ol><ul><li>bullet</li></ul>'
    )
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    assert [p for p in read_html(tmp_path / "plan.html")[0].split("\n\n") if p.strip()] == [
        "3. Third",
        "4. Fourth",
        "• inner bullet",
        "a. lettered",  # as a browser draws <ol type="a"> and <ol type="I">
        "III. third part",
        "• bullet",
    ]


def test_malformed_list_attributes_and_numbering_read_as_a_browser_and_word_would(tmp_path):
    # a start or value that is no number, an empty list, and a DOCX whose numbering points at
    # no definition: nothing is lost and nothing raises
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    from indexer.extract.text_formats import read_docx, read_html

    page = '<ol start="x"><li value="y">first</li><li>second</li></ol><ol></ol><ol start=" 7"><li>seventh</li></ol>'
    (tmp_path / "odd.html").write_text(page, encoding="utf-8")
    assert [p for p in read_html(tmp_path / "odd.html")[0].split("\n\n") if p.strip()] == [
        "1. first",
        "2. second",
        "7. seventh",
    ]
    document = docx.Document()
    paragraph = document.add_paragraph("numbered by a list that does not exist")
    num_pr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "99")
    num_pr.append(num_id)
    paragraph._p.get_or_add_pPr().append(num_pr)
    document.save(tmp_path / "odd.docx")
    assert read_docx(tmp_path / "odd.docx") == ["numbered by a list that does not exist"]


def test_a_short_numbered_statement_is_not_merged_with_the_paragraph_after_it():
    text = "\n\n".join(
        [
            "3.1 The city will give homeless people a permanent home.",
            "Measure 4: the city will plant trees along every street.",
            "12.",  # a label alone on its line: its body follows
            "The city will build 5,000 social rental homes near transit.",
            "Article 7 – Housing",  # a title line: its body follows
            "Every new district reserves a quarter of its homes for social rent.",
            "3.3 住房保障：到2030年新建保障性租赁住房五千套。",
            "优先面向新市民和青年人，租金低于同地段市场租金。",
        ]
    )
    chunks = chunk_document(Document("d", "p", "t", "s", (Page(1, text, 1.0),), "txt"))
    assert [(c.label, c.text.split()[0]) for c in chunks] == [
        ("3.1", "3.1"),
        ("", "Measure"),
        ("12", "12."),
        ("Article 7", "Article"),
        ("3.3", "3.3"),
        ("", "优先面向新市民和青年人，租金低于同地段市场租金。"),
    ]
    assert "social rent" in chunks[3].text and "5,000 social rental" in chunks[2].text


@pytest.mark.parametrize(
    ("name", "text", "title"),
    [
        ("housing-plan.md", "# Housing Strategy 2030\n\n1. The city will build homes.", "Housing Strategy 2030"),
        (
            "housing-plan.txt",
            "Housing Strategy of Port Amara\n\n1. The city will build homes.",
            "Housing Strategy of Port Amara",
        ),
        # a numbered statement names nothing (the card showed "1. The city will build 4,000 homes near…")
        (
            "housing-plan.txt",
            "1. The city will build 4,000 homes near tram stops.\n\n2. It caps rents.",
            "housing-plan",
        ),
        ("housing-plan.txt", " ".join(["The city will build homes near tram stops."] * 5), "housing-plan"),
    ],
)
def test_a_document_without_a_title_of_its_own_is_named_by_its_first_line_or_its_file(tmp_path, name, text, title):
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert load_document(tmp_path / name).title == title
