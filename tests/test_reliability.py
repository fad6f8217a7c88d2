"""Reliability pieces one at a time: blank pages skip OCR, batches bounded by tokens, served
files inert, messages without server paths, the app sees changes made by other writers."""

from __future__ import annotations

import warnings

import pytest

from indexer.extract.blank import blank_pages
from indexer.model.embedder import token_batches
from search.ui.inert import served_headers
from search.ui.render import without_paths


def test_blank_pages_are_found_without_ocr_and_flagged_empty(tmp_path):
    from PIL import Image, ImageDraw
    from pypdf import PdfWriter

    from indexer.extract import ocr
    from indexer.extract.load import load_document

    writer = PdfWriter()
    for _ in range(40):
        writer.add_blank_page(595, 842)
    writer.write(tmp_path / "blank.pdf")
    white = Image.new("RGB", (1240, 1754), "white")
    scan = white.copy()
    ImageDraw.Draw(scan).text((100, 100), "Housing 2030", fill="black", font_size=60)
    white.save(tmp_path / "scans.pdf", save_all=True, append_images=[scan, white])
    assert blank_pages(tmp_path / "blank.pdf", range(1, 41)) == set(range(1, 41))
    assert blank_pages(tmp_path / "scans.pdf", [1, 2, 3]) == {1, 3}  # a white scan is blank, a page with a word is not
    if not ocr.available():
        pytest.skip("OCR is not installed: blank pages are not sent to it anyway")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = load_document(tmp_path / "blank.pdf")
    assert all("empty" in p.flags and "ocr" not in p.flags and "ocr-failed" not in p.flags for p in doc.pages)


def test_token_batches_bound_padded_tokens_and_keep_every_text_once():
    lengths = [512] * 20 + [40] * 100 + [300] * 7
    batches = token_batches(lengths, 32, 4096)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert all(len(b) * max(lengths[i] for i in b) <= 4096 for b in batches)
    assert max(len(b) for b in batches) == 32
    assert token_batches([9000], 32, 4096) == [[0]]  # longer than the budget: alone
    assert [len(b) for b in token_batches([10] * 70, 32, 0)] == [32, 32, 6]  # 0: by count only


@pytest.mark.parametrize(
    "path, kind, disposition",
    [
        ("/gradio_api/file=/c/library/ab.pdf", b"application/pdf", b"inline"),
        ("/gradio_api/file=/c/library-files/ab.html", b"application/octet-stream", b"attachment"),
        ("/gradio_api/file=/tmp/gradio/x/evil.svg", b"application/octet-stream", b"attachment"),
        ("/gradio_api/file=/tmp/gradio/x/heatmap.png", b"image/png", b"inline"),
    ],
)
def test_served_files_are_typed_sniff_proof_and_script_free(path, kind, disposition):
    headers = dict(served_headers(path))
    assert headers[b"content-type"] == kind and headers[b"content-disposition"].startswith(disposition)
    assert headers[b"x-content-type-options"] == b"nosniff"
    policy = headers[b"content-security-policy"].decode()
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert ("sandbox" in policy) == (kind != b"application/pdf")


def test_messages_name_files_but_not_server_folders():
    assert without_paths("/tmp/policy-align-x1/align-y/plan.pdf: the PDF is damaged") == "plan.pdf: the PDF is damaged"
    assert (
        without_paths("cannot read /root/.cache/policy-align/library-files/ab12.docx (x)")
        == "cannot read ab12.docx (x)"
    )
    assert (
        without_paths("see http://example.org/a/b, ratio 1/2, a/b.pdf")
        == "see http://example.org/a/b, ratio 1/2, a/b.pdf"
    )


def test_the_app_sees_documents_another_writer_added(tmp_path):
    from indexer.index.builder import IndexBuilder
    from indexer.model.fake import FakeEmbedder
    from search.ui.services import Services

    for i in range(3):
        (tmp_path / f"p{i}.txt").write_text(f"{i}. Plan paragraph number {i} about parks.", encoding="utf-8")
    embedder = FakeEmbedder()
    IndexBuilder(tmp_path / "index", embedder).build([tmp_path / "p0.txt"])
    library = Services.start(tmp_path / "index", embedder, tmp_path).library
    assert len(library.documents()) == 1
    IndexBuilder(tmp_path / "index", embedder).build([tmp_path / "p1.txt", tmp_path / "p2.txt"], keep_existing=True)
    assert len(library.documents()) == 3  # the CLI added two: a fresh page load lists them


def test_a_killed_writers_lock_is_taken_over(tmp_path):
    import json
    import os

    from indexer.index.lock import HOLDER_FILE, writer_lock

    tmp_path.joinpath(HOLDER_FILE).write_text(json.dumps({"pid": 999999, "since": "then", "command": "policy-align x"}))
    with writer_lock(tmp_path, wait=0) as stale:
        assert stale["pid"] == 999999
        assert json.loads(tmp_path.joinpath(HOLDER_FILE).read_text())["pid"] == os.getpid()
    assert not tmp_path.joinpath(HOLDER_FILE).exists()


def test_reading_stops_at_the_per_file_time_limit(tmp_path, monkeypatch):
    from indexer.errors import DocumentTooLargeError
    from indexer.extract import limits
    from indexer.extract.load import load_document
    from tests.support.pdfs import write_pdf

    path = write_pdf(tmp_path / "slow.pdf", [[f"{i}. Paragraph on page {i}."] for i in range(1, 6)])
    monkeypatch.setattr(limits, "SECONDS_PER_FILE", 0.0)
    monkeypatch.setattr(limits, "SECONDS_PER_PAGE", 0.0)
    with pytest.raises(DocumentTooLargeError, match="per-file limit"):
        load_document(path)


def test_a_library_upload_that_cannot_be_indexed_is_not_kept(tmp_path, monkeypatch):
    from indexer.index.builder import IndexBuilder
    from indexer.model.fake import FakeEmbedder
    from search.ui.services import Services
    from search.ui.uploads import UploadError

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    good, bad = tmp_path / "good.txt", tmp_path / "bad.docx"
    good.write_text("1. Parks within 300 m of every home.", encoding="utf-8")
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "seed.txt").write_text("1. Seed document.", encoding="utf-8")
    IndexBuilder(tmp_path / "index", FakeEmbedder()).build([tmp_path / "seed.txt"])
    library = Services.start(tmp_path / "index", FakeEmbedder(), tmp_path).library
    with pytest.raises(UploadError) as err:
        library.add_documents([good, bad])
    # one message naming the user's file, without server paths (the parsers' reasons hold them)
    assert err.value.key == "error_not_indexed"
    assert err.value.values["names"] == "bad.docx" and str(tmp_path) not in str(err.value.values)
    kept = sorted(p.suffix for p in (tmp_path / "cache" / "library-files").iterdir())
    assert kept == [".txt"]  # the DOCX that failed is not left behind
    assert len(library.documents()) == 2


def test_token_batched_encoding_returns_every_row_in_input_order():
    import numpy as np

    from indexer.model.embedder import Embedder, ModelInfo

    class Stub:  # a model whose vector says which text it embedded
        def tokenizer(self, texts, add_special_tokens=True):
            return {"input_ids": [[0] * (len(t.split()) + 2) for t in texts]}

        def encode(self, texts, batch_size, **_):
            assert len(texts) <= batch_size
            return np.array([[float(t.split()[-1]), 1.0] for t in texts], np.float32)

    embedder = Embedder("stub", batch_size=4, max_batch_tokens=40)
    embedder._model = Stub()
    embedder._info = ModelInfo("stub", "stub", 2, 512, "", "", "")
    texts = [("word " * ((i * 7) % 30)) + str(i) for i in range(50)]
    out = embedder.encode(texts, "passage")
    assert out[:, 0].tolist() == list(range(50))


def test_a_reuploaded_library_file_is_never_deleted_when_indexing_fails(tmp_path, monkeypatch):
    from indexer.index.builder import IndexBuilder
    from indexer.model.fake import FakeEmbedder
    from search.ui import library_service
    from search.ui.services import Services

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    IndexBuilder(tmp_path / "index", FakeEmbedder()).build([_write(tmp_path / "seed.txt", "1. Seed.")])
    library = Services.start(tmp_path / "index", FakeEmbedder(), tmp_path).library
    plan = _write(tmp_path / "plan.txt", "1. Parks within 300 m of every home.")
    library.add_documents([plan])
    copy = next((tmp_path / "cache" / "library-files").iterdir())
    monkeypatch.setattr(library_service, "LIBRARY_WAIT_SECONDS", 0)
    from indexer.index.lock import writer_lock

    with writer_lock(tmp_path / "index"), pytest.raises(Exception, match="being written"):
        library.add_documents([plan])  # the same file again while another writer holds the index
    assert copy.is_file()  # still there: the index refers to it


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args, code",
    [
        (["search", "housing", "--k", "0"], 2),  # a bad argument
        (["search", "housing", "--framework", "nope"], 2),  # not a registered framework
        (["match", "--framework", "nope", "x"], 2),
        (["index", "list", "--index", "/nonexistent/index"], 1),  # the command failed: no index there
    ],
)
def test_exit_codes_are_those_the_readme_documents(args, code):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    run = subprocess.run(
        [sys.executable, "-m", "tests.support.fake_cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert run.returncode == code and "Traceback" not in run.stderr, run.stderr


def _action_keys(path) -> set[str]:
    """The script and automatic-action keys anywhere in the PDF at `path`."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found, seen, todo = set(), set(), [PdfReader(path).trailer["/Root"]]
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            found |= {k for k in node if k in ("/OpenAction", "/AA", "/JS", "/JavaScript")}
            todo.extend(node.values())
        elif isinstance(node, ArrayObject):
            todo.extend(node)
    return found


def test_a_pdf_added_to_the_library_is_kept_without_its_scripts(tmp_path):
    from pypdf import PdfReader, PdfWriter
    from pypdf.actions import JavaScript
    from pypdf.generic import DictionaryObject, NameObject

    from search.ui.inert import copy_without_scripts
    from tests.support.pdfs import write_pdf

    writer = PdfWriter(clone_from=PdfReader(write_pdf(tmp_path / "plain.pdf", [["1. Parks in every district."]])))
    writer.add_open_action(JavaScript("app.alert('pdf');"))
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): JavaScript("app.alert('page');")})
    writer.write(tmp_path / "evil.pdf")
    assert {"/AA", "/JS"} <= _action_keys(tmp_path / "evil.pdf")

    copy_without_scripts(tmp_path / "evil.pdf", tmp_path / "inert.pdf")
    assert _action_keys(tmp_path / "inert.pdf") == set()
    assert "Parks in every district" in PdfReader(tmp_path / "inert.pdf").pages[0].extract_text()


def test_a_pdf_that_cannot_be_rewritten_is_kept_in_the_library_but_never_served(tmp_path, monkeypatch):
    from search.ui.library_service import _library_copy, library_dirs

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    kept, created = _library_copy(broken)
    served, unserved = library_dirs()
    assert created and kept.parent == unserved and kept.read_bytes() == broken.read_bytes()
    assert not served.exists() or not any(served.iterdir())
    assert _library_copy(broken) == (kept, False)  # the same file again: found, not copied twice
