"""Bad files get a clear per-file message; the build goes on and nothing indexed is lost."""

import os
import subprocess
import sys

import pytest

from indexer.errors import CorruptDocumentError, DocumentError, EncryptedDocumentError, UnsupportedFormatError
from indexer.extract.load import load_document
from indexer.index.builder import IndexBuilder
from indexer.index.store import load_index
from tests.conftest import ROOT
from tests.support.pdfs import write_pdf

pytestmark = pytest.mark.slow


def good_pdf(path):
    return write_pdf(
        path, [["12. The city will build 5,000 affordable homes by 2030.", "13. Bus lanes will reach every district."]]
    )


def test_encrypted_pdf_with_empty_user_password_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(good_pdf(tmp_path / "plain.pdf")))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-256")
    writer.write(tmp_path / "open.pdf")
    assert "5,000 affordable homes" in load_document(tmp_path / "open.pdf").pages[0].text


def test_password_protected_pdf_is_refused_clearly(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(good_pdf(tmp_path / "plain.pdf")))
    writer.encrypt(user_password="s3cret", algorithm="AES-128")
    writer.write(tmp_path / "locked.pdf")
    with pytest.raises(EncryptedDocumentError, match="password"):
        load_document(tmp_path / "locked.pdf")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "HTML page"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"", "empty"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "damaged or truncated|no pages"),
    ],
)
def test_not_really_a_pdf(tmp_path, content, message):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    with pytest.raises(CorruptDocumentError, match=message):
        load_document(path)


def test_truncated_pdf_is_a_clear_error_or_partial_read(tmp_path):
    data = good_pdf(tmp_path / "full.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(DocumentError):
        load_document(cut)


def test_zero_page_pdf(tmp_path):
    from pypdf import PdfWriter

    PdfWriter().write(tmp_path / "empty.pdf")
    with pytest.raises(CorruptDocumentError, match="no pages"):
        load_document(tmp_path / "empty.pdf")


def test_2000_page_pdf_is_read_without_ocr_of_blank_pages(tmp_path):
    pages = [[f"{i}. Paragraph on page {i}."] if i % 100 == 0 else [] for i in range(1, 2001)]
    d = load_document(write_pdf(tmp_path / "long.pdf", pages))
    assert len(d.pages) == 2000
    assert "Paragraph on page 2000." in d.pages[1999].text
    assert all("ocr" not in p.flags for p in d.pages)
    assert "empty" in d.pages[0].flags


def test_page_with_a_megabyte_of_text_is_capped_and_flagged(tmp_path):
    lines = [f"(line {i}: " + "housing " * 125 + ") Tj T*" for i in range(1100)]
    stream = ("BT /F1 8 Tf 10 TL 20 800 Td " + " ".join(lines) + " ET").encode()
    d = load_document(write_pdf(tmp_path / "huge.pdf", raw_streams=[stream], compress=True))
    assert "truncated" in d.pages[0].flags
    assert 100_000 < len(d.pages[0].text) <= 200_000


def test_decompression_bomb_does_not_exhaust_memory(tmp_path):
    bomb = b"BT /F1 12 Tf 50 800 Td (x) Tj ET " + b" " * 400_000_000  # 400 MB of blanks, ~400 KB compressed
    path = write_pdf(tmp_path / "bomb.pdf", raw_streams=[bomb], compress=True)
    assert path.stat().st_size < 2_000_000
    code = (
        "import re, warnings, sys; sys.path.insert(0, '.')\n"
        "warnings.simplefilter('ignore')\n"
        "from indexer.extract.load import load_document\n"
        f"d = load_document({str(path)!r}, use_ocr=False)\n"
        # VmHWM is this process's own peak; ru_maxrss would include the parent's (kept across exec)
        "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "print(d.pages[0].flags, peak // 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    flags, peak_mb = out.stdout.rsplit(" ", 1)
    assert "extract-failed" in flags
    assert int(peak_mb) < 1500, f"peak memory {peak_mb} MB"


def test_unsupported_and_unreadable_paths(tmp_path):
    (tmp_path / "notes.xyz").write_text("x")
    with pytest.raises(UnsupportedFormatError, match="unsupported file type .xyz"):
        load_document(tmp_path / "notes.xyz")
    os.symlink(tmp_path / "gone.pdf", tmp_path / "dangling.pdf")
    with pytest.raises(DocumentError, match="no such file"):
        load_document(tmp_path / "dangling.pdf")


def test_build_goes_on_past_bad_files_and_keeps_what_was_indexed(tmp_path, int8_embedder):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    good_pdf(corpus / "plan.pdf")
    (corpus / "copy-of-plan.pdf").write_bytes((corpus / "plan.pdf").read_bytes())
    (corpus / "broken.pdf").write_bytes(b"<html>error</html>")
    (corpus / "notes.txt").write_text(
        "1. Parks within 300 m of every home.\n\n2. Open data on services.\n", encoding="utf-8"
    )
    (corpus / "data.csv").write_text("a,b\n")
    root = tmp_path / "index"
    builder = IndexBuilder(root, int8_embedder, use_ocr=False)
    report = builder.build([corpus])
    assert report.documents == 2
    assert [p for p, _ in report.failures] == [str(corpus / "broken.pdf")]
    assert report.duplicates == [(str(corpus / "plan.pdf"), str(corpus / "copy-of-plan.pdf"))] or report.duplicates == [
        (str(corpus / "copy-of-plan.pdf"), str(corpus / "plan.pdf"))
    ]
    assert report.skipped == [str(corpus / "data.csv")]
    before = load_index(root)
    report = builder.build([corpus / "broken.pdf"], keep_existing=True)
    assert report.failures and report.documents == 2
    assert len(load_index(root).chunks) == len(before.chunks)


def test_without_ocr_tools_unusable_pages_stay_flagged_and_the_build_goes_on(tmp_path, monkeypatch):
    from indexer.extract import ocr

    monkeypatch.setattr(ocr, "installed_languages", lambda: frozenset())  # a machine without Tesseract
    garbled = write_pdf(
        tmp_path / "garbled.pdf",
        [["Cl>opMa no KHA 1152017 Hanorosas:t AeKnapai...IVIs:t no Hanory ynnal.IVIBaeMoMy B CBS'I3VI C np"]],
    )
    with pytest.warns(Warning, match="OCR is not installed"):
        page = load_document(garbled).pages[0]
    assert {"garbled-latin", "ocr-unavailable"} <= set(page.flags) and page.quality < 0.5
