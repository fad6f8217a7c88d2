"""Fault injection: concurrent writers, SIGKILL at every stage of a write, tampering with every
index file, hostile and broken inputs, unreadable paths. Nothing indexed may be lost and no
traceback may reach the user. The real `policy-align` command runs in subprocesses with the
fake embedder (tests/support/fake_cli.py), so each run starts in about a second."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # ~80 s of subprocesses: the fast tier has the unit-level checks

STAGES = ("start", "chunks", "vectors", "faiss", "manifest", "renamed", "pointer", "committed")


def cli(*args, env=None, check_traceback=True, timeout=120, unprivileged=False) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "tests.support.fake_cli", *map(str, args)]
    if unprivileged and os.geteuid() == 0:  # root reads anything: drop the capabilities that let it
        caps = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", *command]
    run = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )
    if check_traceback:
        assert "Traceback" not in run.stderr, run.stderr
    return run


def docs(folder: Path, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        path = folder / f"plan-{i}.txt"
        path.write_text(
            f"{i}. District {i} will plant {i * 100} street trees along its river by 2030.\n", encoding="utf-8"
        )
        out.append(path)
    return out


def listed(index: Path) -> set[str]:
    run = cli("index", "list", "--index", index, "--json")
    assert run.returncode == 0, run.stderr
    return {Path(d["path"]).name for d in json.loads(run.stdout)}


def test_concurrent_writers_lose_nothing(tmp_path):
    index = tmp_path / "index"
    assert cli("index", "build", *docs(tmp_path / "a", 1), "--index", index).returncode == 0
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.fake_cli", "index", "add", str(path), "--index", str(index)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "FAULT_HOLD": "0.5"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in docs(tmp_path / "b", 4, start=1)
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _ in results), results
    assert listed(index) == {f"plan-{i}.txt" for i in range(5)}


def test_a_busy_index_exits_3_naming_the_writer_and_a_later_writer_waits(tmp_path):
    index = tmp_path / "index"
    cli("index", "build", *docs(tmp_path / "a", 1), "--index", index)
    release = tmp_path / "release"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.fake_cli",
            "index",
            "add",
            str(docs(tmp_path / "b", 1, start=1)[0]),
            "--index",
            str(index),
        ],
        cwd=ROOT,
        env={**env, "FAULT_HOLD_UNTIL": str(release)},
    )
    deadline = time.monotonic() + 60
    while not (index / ".writer.json").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    busy = cli("index", "add", docs(tmp_path / "c", 1, start=2)[0], "--index", index, "--wait", "0")
    assert busy.returncode == 3 and f"being written by PID {holder.pid}" in busy.stderr
    waiter = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.fake_cli",
            "index",
            "add",
            str(tmp_path / "c" / "plan-2.txt"),
            "--index",
            str(index),
            "--wait",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert "waiting up to 60 s" in waiter.stderr.readline()  # printed before it blocks on the lock
    release.touch()
    assert waiter.wait(timeout=60) == 0 and holder.wait(timeout=60) == 0
    assert listed(index) == {"plan-0.txt", "plan-1.txt", "plan-2.txt"}


@pytest.mark.parametrize("stage", STAGES)
def test_sigkill_at_every_stage_of_a_write(tmp_path, stage):
    index = tmp_path / "index"
    cli("index", "build", *docs(tmp_path / "a", 2), "--index", index)
    killed = cli("index", "add", docs(tmp_path / "b", 1, start=2)[0], "--index", index, env={"FAULT_KILL_AT": stage})
    assert killed.returncode == -9
    after = listed(index)
    assert {"plan-0.txt", "plan-1.txt"} <= after  # nothing lost
    assert after == (
        {"plan-0.txt", "plan-1.txt", "plan-2.txt"} if stage == "committed" else {"plan-0.txt", "plan-1.txt"}
    )
    retry = cli("index", "add", docs(tmp_path / "b", 1, start=3)[0], "--index", index, "--json")
    assert retry.returncode == 0 and json.loads(retry.stdout)["took_over"]  # the dead writer's lock
    names = sorted(p.name for p in index.iterdir())
    assert not [n for n in names if n.startswith((".tmp-", ".CURRENT.")) or n == ".writer.json"], names
    assert sum(n.startswith("v-") for n in names) <= 2, names  # the new version and the one it replaced
    assert {"plan-0.txt", "plan-1.txt", "plan-3.txt"} <= listed(index)


def _tamper(index: Path, target: str) -> None:
    pointer = (index / "CURRENT").read_text(encoding="utf-8").split()
    version = index / pointer[0]
    if target == "CURRENT":
        (index / "CURRENT").write_text("../../etc\n", encoding="utf-8")
    elif target == "manifest.json":
        manifest = version / target
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("plan-0", "plan-X"), encoding="utf-8")
    elif target == "chunks.jsonl":
        with open(version / target, "a", encoding="utf-8") as fh:
            fh.write('{"not": "a chunk"}\n')
    else:  # vectors.npy, index.faiss, the sentence files: flip bytes in the middle
        data = bytearray((version / target).read_bytes())
        data[len(data) // 2 : len(data) // 2 + 8] = b"\xff" * 8
        (version / target).write_bytes(bytes(data))


@pytest.mark.parametrize(
    "target",
    ["CURRENT", "manifest.json", "chunks.jsonl", "vectors.npy", "index.faiss", "sentences.npy", "sentence_spans.npy"],
)
def test_tampering_with_any_index_file_is_detected_and_build_force_is_the_way_out(tmp_path, target):
    index = tmp_path / "index"
    files = docs(tmp_path / "a", 2)
    cli("index", "build", *files, "--index", index)
    _tamper(index, target)
    broken = cli("index", "list", "--index", index)
    assert broken.returncode == 1 and "--force" in broken.stderr
    refused = cli("index", "build", *files, "--index", index)
    assert refused.returncode == 1 and "--force" in refused.stderr
    forced = cli("index", "build", *files, "--index", index, "--force", "--json")
    assert forced.returncode == 0, forced.stderr
    assert json.loads(forced.stdout)["replaced"]
    assert listed(index) == {"plan-0.txt", "plan-1.txt"}


def test_an_index_of_another_model_is_replaced_only_with_force(tmp_path):
    from indexer.index.builder import IndexBuilder
    from indexer.model.fake import FakeEmbedder

    other = FakeEmbedder()
    other.name = "someone/else"
    index = tmp_path / "index"
    files = docs(tmp_path / "a", 1)
    IndexBuilder(index, other).build(files)
    refused = cli("index", "add", *files, "--index", index)
    assert refused.returncode == 1 and "someone/else" in refused.stderr
    forced = cli("index", "build", *files, "--index", index, "--force", "--json")
    assert forced.returncode == 0 and "someone/else" in json.loads(forced.stdout)["replaced"]


def _docx(path: Path, document_xml: bytes, compress=zipfile.ZIP_DEFLATED) -> Path:
    from docx import Document

    Document().save(str(path))
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    parts["word/document.xml"] = document_xml
    with zipfile.ZipFile(path, "w", compress) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


def _paragraphs_xml(paragraphs) -> bytes:
    body = b"".join(b"<w:p><w:r><w:t>" + p + b"</w:t></w:r></w:p>" for p in paragraphs)
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
        b'openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>"
    )


def test_bad_files_of_every_format_never_stop_the_run(tmp_path):
    """Every failure is one line naming the file and the reason; the good files are indexed."""
    bad = tmp_path / "in"
    good = docs(bad, 2)
    _docx(bad / "malformed.docx", b"<w:document><w:body><w:p>")  # not XML
    _docx(bad / "bomb.docx", _paragraphs_xml([b"A" * 1000] * 60_000))  # 60 MB of text, ~100 KB zipped
    _docx(bad / "big.docx", _paragraphs_xml([b"A" * 1000] * 100_000))  # 100 MB of XML
    (bad / "truncated.docx").write_bytes((bad / "bomb.docx").read_bytes()[:5000])
    (bad / "huge.txt").write_bytes(b"")
    os.truncate(bad / "huge.txt", 60_000_000)  # sparse: 60 MB on paper
    (bad / "long.html").write_text("<p>" + "word " * 2_200_000 + "</p>", encoding="utf-8")  # 11 M characters
    (bad / "binary.md").write_bytes(bytes(range(256)) * 100)
    start = time.monotonic()
    run = cli("index", "build", bad, "--index", tmp_path / "index", "--json", timeout=300)
    seconds = time.monotonic() - start
    report = json.loads(run.stdout)
    failed = {Path(f["path"]).name: f["reason"] for f in report["failures"]}
    assert run.returncode == 1, run.stderr
    assert set(failed) == {"malformed.docx", "bomb.docx", "big.docx", "truncated.docx", "huge.txt", "long.html"}, failed
    assert "zip bomb" in failed["bomb.docx"] and "expands to" in failed["big.docx"]
    assert "limit" in failed["huge.txt"] and "limit" in failed["long.html"]
    assert {Path(p).name for p in report["embedded"]} == {g.name for g in good} | {"binary.md"}
    assert seconds < 60, seconds


def test_exit_2_and_an_unchanged_index_when_nothing_could_be_read(tmp_path):
    index = tmp_path / "index"
    cli("index", "build", *docs(tmp_path / "a", 2), "--index", index)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    run = cli("index", "build", broken, "--index", index)
    assert run.returncode == 2 and "broken.pdf" in run.stderr and "not changed" in run.stderr
    assert listed(index) == {"plan-0.txt", "plan-1.txt"}  # `build` of only bad files dropped nothing
    (tmp_path / "empty").mkdir()
    assert cli("index", "add", tmp_path / "empty", "--index", index).returncode == 2


@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None, reason="root needs setpriv to drop read rights"
)
def test_unreadable_files_and_folders_and_link_loops_are_reported_not_fatal(tmp_path):
    root = tmp_path / "tree"
    good = docs(root, 2)
    docs(root / "secret", 1, start=5)
    locked = docs(root, 1, start=7)[0]
    os.symlink(root, root / "loop")
    os.chmod(root / "secret", 0o000)
    os.chmod(locked, 0o000)
    run = cli("index", "build", root, locked, "--index", tmp_path / "index", "--json", unprivileged=True)
    report = json.loads(run.stdout)
    failed = {Path(f["path"]).name: f["reason"] for f in report["failures"]}
    assert run.returncode == 1, run.stderr
    assert "Permission denied" in failed["secret"] and "Permission denied" in failed[locked.name], failed
    assert [Path(n["path"]).name for n in report["not_followed"]] == ["loop"]
    assert {Path(p).name for p in report["embedded"]} == {g.name for g in good}


def test_a_file_that_fails_now_keeps_its_indexed_version_and_update_rereads(tmp_path):
    index = tmp_path / "index"
    files = docs(tmp_path / "a", 2)
    cli("index", "build", *files, "--index", index)
    os.truncate(files[0], 60_000_000)  # now over the size limit: it fails
    files[1].write_text("1. District 1 changed its plan: 500 trees.\n", encoding="utf-8")
    run = cli("index", "update", "--index", index, "--json")
    report = json.loads(run.stdout)
    assert {Path(p).name for p in report["embedded"]} == {"plan-1.txt"}
    assert "version indexed before is kept" in report["failures"][0]["reason"]
    assert listed(index) == {"plan-0.txt", "plan-1.txt"}  # plan-0 failed but was not dropped


def test_an_index_path_that_is_a_file_is_a_message(tmp_path):
    (tmp_path / "file").write_text("x")
    run = cli("index", "build", *docs(tmp_path / "a", 1), "--index", tmp_path / "file")
    assert run.returncode == 2 and "Traceback" not in run.stderr and "file" in run.stderr
