"""Index folder: structure of chunks, incremental updates, checks on load, crash safety."""

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from indexer.errors import IndexCorruptError, IndexNotFoundError, ModelMismatchError
from indexer.index.builder import IndexBuilder
from indexer.index.store import load_index
from tests.conftest import ROOT
from tests.support.cli import policy_align

pytestmark = pytest.mark.slow

PLAN_EN = """# Housing

12. The city will build 5,000 affordable homes by 2030.

(a) Informal settlements in the river district will be upgraded with their residents.

12 bis. Rents in public housing are capped at 25% of household income.

# Finance

13. A land value capture levy will fund new parks.
"""
PLAN_ZH = "第一章 总则\n\n第三条　各级人民政府应当建立健全公共交通体系。\n\n一、加快推进城市更新，改善老旧小区的基础设施。\n\n（一）保护历史文化街区和传统建筑。\n"
PLAN_AR = "١٢. تلتزم البلدية بنشر بيانات مفتوحة عن خدمات المياه والصرف الصحي.\n\n١٣. توسيع شبكة النقل العام في جميع الأحياء.\n"


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan-en.md").write_text(PLAN_EN, encoding="utf-8")
    (folder / "plan-zh.txt").write_text(PLAN_ZH, encoding="utf-8")
    (folder / "plan-ar.txt").write_text(PLAN_AR, encoding="utf-8")
    return folder


def test_chunks_carry_labels_sections_languages_and_offsets(tmp_path, corpus, int8_embedder):
    root = tmp_path / "index"
    IndexBuilder(root, int8_embedder, use_ocr=False).build([corpus])
    data = load_index(root)
    by_label = {(c.lang, c.label): c for c in data.chunks}
    assert {("en", "12"), ("en", "12(a)"), ("en", "12 bis"), ("en", "13")} <= set(by_label)
    assert by_label[("en", "13")].section == ("Finance",)
    assert {("zh", "第三条"), ("zh", "一"), ("ar", "12"), ("ar", "13")} <= set(by_label)
    text = (corpus / "plan-en.md").read_text(encoding="utf-8")
    chunk = by_label[("en", "12 bis")]
    assert "25% of household income" in chunk.text and "25%" in text[chunk.char_start : chunk.char_end]
    manifest = data.manifest
    assert manifest["model"]["name"] == "intfloat/multilingual-e5-small" and manifest["dimension"] == 384
    assert manifest["faiss"]["type"] == "flat" and manifest["normalized"] is True
    assert np.allclose(np.linalg.norm(data.vectors, axis=1), 1, atol=1e-4)
    query = int8_embedder.encode(["公共交通"], "query")
    _, ids = data.faiss_index.search(query, 3)
    assert "公共交通" in data.chunks[ids[0][0]].text


def test_incremental_add_reuses_vectors_and_remove_really_removes(tmp_path, corpus, int8_embedder):
    root = tmp_path / "index"
    builder = IndexBuilder(root, int8_embedder, use_ocr=False)
    builder.build([corpus / "plan-en.md", corpus / "plan-zh.txt"])
    first = load_index(root)
    report = builder.build([corpus / "plan-ar.txt"], keep_existing=True)
    assert report.embedded == [str(corpus / "plan-ar.txt")] and report.documents == 3
    second = load_index(root)
    old_rows = [i for i, c in enumerate(second.chunks) if c.doc_id in first.manifest["documents"]]
    assert np.array_equal(second.vectors[old_rows], first.vectors)  # untouched, not re-embedded
    report = builder.build([corpus], keep_existing=True)
    assert report.embedded == [] and len(report.reused) == 3
    (corpus / "plan-ar.txt").write_text(PLAN_AR + "\n١٤. حماية التراث الثقافي.\n", encoding="utf-8")
    report = builder.build([corpus], keep_existing=True)
    assert report.embedded == [str(corpus / "plan-ar.txt")] and report.documents == 3
    report = builder.remove(["plan-zh.txt"])
    after = load_index(root)
    assert report.removed == [str(corpus / "plan-zh.txt")]
    assert all(c.lang != "zh" for c in after.chunks) and after.faiss_index.ntotal == len(after.chunks)


def test_files_an_older_extraction_read_are_read_again(tmp_path, corpus, int8_embedder, monkeypatch):
    """An index keeps a file's vectors only when the present extraction of its kind read it: after
    an upgrade that reads PDFs differently (indexer/extract/load.EXTRACTION_VERSIONS), each such
    file is read and embedded again, once, replacing its old text (also when it comes back under
    another path); files of other kinds are kept; an entry without a version counts as 1."""
    import shutil

    from indexer.extract import load
    from indexer.index.build_report import BuildReport
    from indexer.index.reading import read_or_reuse

    root = tmp_path / "index"
    builder = IndexBuilder(root, int8_embedder, use_ocr=False)
    files = [corpus / "plan-en.md", corpus / "plan-zh.txt"]
    builder.build(files)
    before = load_index(root)
    now = load.OTHER_KINDS_VERSION
    assert {m["kind"]: m["extraction"] for m in before.manifest["documents"].values()} == {"md": now, "txt": now}
    monkeypatch.setitem(load.EXTRACTION_VERSIONS, "md", now + 1)
    report = builder.build(files)
    assert report.embedded == [str(corpus / "plan-en.md")] and report.reused == [str(corpus / "plan-zh.txt")]
    assert report.removed == [] and report.documents == 2  # replaced, not removed nor added beside
    after = load_index(root)
    ids = [c.chunk_id for c in after.chunks]
    assert len(ids) == len(set(ids)) == len(before.chunks)
    assert sorted(m["extraction"] for m in after.manifest["documents"].values()) == [now, now + 1]
    assert builder.build(files).embedded == []  # once
    # the same content under another path, added to what is there, replaces the old reading
    monkeypatch.setitem(load.EXTRACTION_VERSIONS, "md", now + 2)
    copy = tmp_path / "elsewhere" / "plan-en.md"
    copy.parent.mkdir()
    shutil.copy(corpus / "plan-en.md", copy)
    report = builder.build([copy], keep_existing=True)
    assert report.embedded == [str(copy)] and report.documents == 2
    ids = [c.chunk_id for c in load_index(root).chunks]
    assert len(ids) == len(set(ids)) == len(before.chunks)
    # an entry written before versions were kept is version 1
    old = {
        doc_id: {k: v for k, v in m.items() if k != "extraction"} for doc_id, m in after.manifest["documents"].items()
    }
    monkeypatch.setitem(load.EXTRACTION_VERSIONS, "md", 1)
    monkeypatch.setitem(load.EXTRACTION_VERSIONS, "txt", 1)
    read: list = []
    reading = BuildReport()
    kept, new = read_or_reuse(files, old, False, lambda path, sha: read.append(path), reading)
    assert read == [] and new == [] and sorted(kept) == sorted(old)
    assert sorted(reading.reused) == sorted(map(str, files)) and reading.failures == []


def test_load_checks_model_and_files(tmp_path, corpus, int8_embedder):
    root = tmp_path / "index"
    with pytest.raises(IndexNotFoundError, match="policy-align index build"):
        load_index(root)
    IndexBuilder(root, int8_embedder, use_ocr=False).build([corpus])
    with pytest.raises(ModelMismatchError, match="intfloat/multilingual-e5-small.*other-model"):
        load_index(root, expected_model="other-model")
    version = load_index(root).path
    with open(version / "vectors.npy", "r+b") as fh:
        fh.truncate(1000)
    with pytest.raises(IndexCorruptError, match="vectors.npy"):
        load_index(root)


def test_sigkill_mid_build_leaves_the_previous_index_intact(tmp_path, corpus, int8_embedder):
    root = tmp_path / "index"
    IndexBuilder(root, int8_embedder, use_ocr=False).build([corpus])
    before = load_index(root)
    big = tmp_path / "big"
    big.mkdir()
    for i in range(40):
        (big / f"doc{i}.txt").write_text(
            "\n\n".join(
                f"{n}. Paragraph {n} of document {i} about housing, transport and parks." for n in range(1, 60)
            ),
            encoding="utf-8",
        )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (3.0, 8.0, 14.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "index", "add", "--index", str(root), "--no-ocr", str(big)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = load_index(root)  # verifies every checksum
        if after.manifest["count"] == before.manifest["count"]:
            assert after.manifest["written"] == before.manifest["written"]
            assert np.array_equal(after.vectors, before.vectors)
        else:  # the kill came after the commit point: the new version is complete
            assert len(after.manifest["documents"]) == 43


def test_cli_index_commands_json(tmp_path, corpus):
    root = tmp_path / "index"

    def run(*a):
        return policy_align("index", *a, "--index", str(root))

    out = run("build", str(corpus), "--no-ocr", "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["documents"] == 3 and set(summary["chunks_by_language"]) >= {"en", "zh", "ar"}
    listed = json.loads(run("list", "--json").stdout)
    assert sorted(d["path"].rsplit("/", 1)[1] for d in listed) == ["plan-ar.txt", "plan-en.md", "plan-zh.txt"]
    (corpus / "plan-ar.txt").write_text(PLAN_AR + "\n١٤. حماية التراث الثقافي.\n", encoding="utf-8")
    updated = json.loads(run("update", "--no-ocr", "--json").stdout)
    assert [p.rsplit("/", 1)[1] for p in updated["embedded"]] == ["plan-ar.txt"] and len(updated["reused"]) == 2
    stats = json.loads(run("stats", "--json").stdout)
    assert stats["documents"] == 3 and stats["faiss"] == "flat"
    missing = policy_align("index", "stats", "--index", str(tmp_path / "none"))
    assert missing.returncode == 1 and "no index at" in missing.stderr and "Traceback" not in missing.stderr
