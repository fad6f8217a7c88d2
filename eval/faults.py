"""Fault injection, as a table: what was tried, how much was handled, what was lost.

Runs the real `policy-align` command with the fake embedder (tests/support/fake_cli.py) in a
throw-away cache: SIGKILL at every checkpoint of an index write (add and remove), concurrent
writers, tampering with every index file, hostile and broken inputs of every format, and the
files the app serves (a real `policy-align serve` on 127.0.0.1). "Lost" counts documents that
were indexed before a fault and missing after it; "tracebacks" counts runs that printed one.

    python eval/faults.py [--trials 3]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import ROOT, git_commit

STAGES = ("start", "chunks", "vectors", "faiss", "manifest", "renamed", "pointer", "committed")
TIMEOUT_SECONDS = 300
INDEX_FILES = ("CURRENT", "manifest.json", "chunks.jsonl", "vectors.npy", "index.faiss")


@dataclass
class Row:
    fault: str
    tried: int = 0
    handled: int = 0
    lost: int = 0
    tracebacks: int = 0


class Runner:
    def __init__(self, work: Path):
        self.work, self.env = work, {**os.environ, "PYTHONPATH": str(ROOT), "POLICY_ALIGN_CACHE": str(work / "cache")}
        self.tracebacks = self.timeouts = 0

    def run(self, *args, **env) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "tests.support.fake_cli", *map(str, args)]
        try:
            out = subprocess.run(
                command, cwd=ROOT, capture_output=True, text=True, env={**self.env, **env}, timeout=TIMEOUT_SECONDS
            )
        except subprocess.TimeoutExpired:  # counted as not handled
            self.timeouts += 1
            return subprocess.CompletedProcess(command, -1, "", "timed out")
        self.tracebacks += "Traceback" in out.stderr
        return out

    def spawn(self, *args, **env) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.support.fake_cli", *map(str, args)],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def docs(self, folder: str, names: range) -> list[Path]:
        (self.work / folder).mkdir(parents=True, exist_ok=True)
        out = []
        for i in names:
            path = self.work / folder / f"plan-{i}.txt"
            path.write_text(f"{i}. District {i} plants {i * 10} trees along its river by 2030.\n", encoding="utf-8")
            out.append(path)
        return out

    def listed(self, index: Path) -> set[str] | None:
        out = self.run("index", "list", "--index", index, "--json")
        return {Path(d["path"]).name for d in json.loads(out.stdout)} if out.returncode == 0 else None


def sigkill(r: Runner, action: str) -> Row:
    row = Row(f"SIGKILL during `index {action}`, at each of {len(STAGES)} stages")
    for stage in STAGES:
        index = r.work / f"kill-{action}-{stage}"
        base = r.docs(f"kill-{action}-{stage}-docs", range(3))
        r.run("index", "build", *base, "--index", index)
        target = r.docs(f"kill-{action}-{stage}-new", range(3, 4))[0] if action == "add" else "plan-0.txt"
        r.run("index", action, target, "--index", index, FAULT_KILL_AT=stage)
        row.tried += 1
        before = {p.name for p in base}
        after = r.listed(index) or set()
        lost = len(before - after) - (action == "remove" and stage == "committed")  # that removal did commit
        retry = r.run("index", "add", *r.docs(f"kill-{action}-{stage}-retry", range(9, 10)), "--index", index)
        litter = [p.name for p in index.iterdir() if p.name.startswith((".tmp-", ".CURRENT.", ".writer"))]
        row.lost += max(lost, 0)
        row.handled += lost <= 0 and retry.returncode == 0 and not litter
    return row


def concurrent(r: Runner, trials: int, writers: int = 4) -> Row:
    row = Row(f"{writers} concurrent `index add` on one index")
    for trial in range(trials):
        index = r.work / f"concurrent-{trial}"
        r.run("index", "build", *r.docs(f"concurrent-{trial}", range(1)), "--index", index)
        procs = [
            r.spawn("index", "add", path, "--index", index, FAULT_HOLD="0.3")
            for path in r.docs(f"concurrent-{trial}", range(1, writers + 1))
        ]
        codes = [p.wait(timeout=300) for p in procs]
        r.tracebacks += sum("Traceback" in p.stderr.read() for p in procs)
        missing = writers + 1 - len(r.listed(index) or set())
        row.tried += writers
        row.lost += missing
        row.handled += sum(code == 0 for code in codes) if not missing else 0
    return row


def tampering(r: Runner) -> Row:
    row = Row(f"tampering with each of {len(INDEX_FILES)} index files")
    for target in INDEX_FILES:
        index = r.work / f"tamper-{target}"
        files = r.docs(f"tamper-{target}", range(2))
        r.run("index", "build", *files, "--index", index)
        version = index / (index / "CURRENT").read_text(encoding="utf-8").split()[0]
        path = index / "CURRENT" if target == "CURRENT" else version / target
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01  # one bit
        path.write_bytes(bytes(data))
        detected = r.run("index", "list", "--index", index)
        forced = r.run("index", "build", *files, "--index", index, "--force")
        row.tried += 1
        row.handled += detected.returncode == 1 and "--force" in detected.stderr and forced.returncode == 0
        row.lost += 2 - len(r.listed(index) or set())
    return row


def _docx(path: Path, paragraphs: int, text: bytes = b"A" * 1000) -> Path:
    from docx import Document

    Document().save(str(path))
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    body = b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>"
    parts["word/document.xml"] = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body>' + body * paragraphs + b"</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


def bad_inputs(r: Runner) -> Row:
    from pypdf import PdfWriter

    folder = r.work / "bad"
    good = r.docs("bad", range(2))
    _docx(folder / "bomb.docx", 60_000)
    _docx(folder / "big.docx", 100_000)
    (folder / "truncated.docx").write_bytes((folder / "bomb.docx").read_bytes()[:5000])
    (folder / "malformed.docx").write_bytes(b"PK\x03\x04garbage")
    (folder / "huge.txt").touch()
    os.truncate(folder / "huge.txt", 60_000_000)
    (folder / "long.html").write_text("<p>" + "word " * 2_200_000 + "</p>", encoding="utf-8")
    (folder / "binary.md").write_bytes(bytes(range(256)) * 50)
    (folder / "page.pdf").write_text("<html>404</html>", encoding="utf-8")
    (folder / "image.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "cut.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    writer = PdfWriter()
    for _ in range(40):
        writer.add_blank_page(595, 842)
    writer.write(folder / "blank.pdf")
    writer.encrypt(user_password="secret", algorithm="AES-128")
    writer.write(folder / "locked.pdf")
    inputs = [p for p in folder.iterdir() if p not in good]
    out = r.run("index", "build", folder, "--index", r.work / "bad-index", "--json")
    report = json.loads(out.stdout) if out.stdout.strip() else {}
    answered = {Path(p).name for p in report.get("embedded", [])} | {
        Path(f["path"]).name for f in report.get("failures", [])
    }
    row = Row(f"{len(inputs)} broken or hostile files beside {len(good)} good ones (one run)", tried=len(inputs))
    row.handled = sum(p.name in answered for p in inputs) if out.returncode == 1 else 0
    row.lost = sum(g.name not in answered for g in good)
    return row


def served_files(r: Runner) -> Row:
    """A real app (fake embedder): every file it serves is typed, nosniff and script-free."""
    import urllib.request

    from tests.support.app_server import start_app

    index = r.work / "app-index"
    r.run("index", "build", *r.docs("app", range(1)), "--index", index)
    row = Row("files the app serves (HTML, SVG, PDF with JavaScript, uploaded)")
    proc, base = start_app(index, env=r.env, fake_model=True)
    try:
        url = base + "gradio_api/"
        files = {
            "evil.html": b"<script>alert(1)</script>",
            "evil.svg": b'<svg onload="alert(1)"/>',
            "evil.pdf": b"%PDF-1.4 /OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        }
        boundary = "faultsboundary"
        body = (
            b"".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{n}"\r\n\r\n'.encode()
                + data
                + b"\r\n"
                for n, data in files.items()
            )
            + f"--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            url + "upload", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        paths = json.loads(urllib.request.urlopen(request).read())
        for path in paths:
            with urllib.request.urlopen(url + "file=" + path) as response:
                headers = response.headers
            pdf = path.endswith(".pdf")
            row.tried += 1
            row.handled += (
                headers["X-Content-Type-Options"] == "nosniff"
                and "default-src 'none'" in headers["Content-Security-Policy"]
                and headers["Content-Type"] == ("application/pdf" if pdf else "application/octet-stream")
                and headers["Content-Disposition"].startswith("inline" if pdf else "attachment")
            )
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=3, help="trials of the concurrent-writer race")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        r = Runner(Path(tmp))
        rows = [
            sigkill(r, "add"),
            sigkill(r, "remove"),
            concurrent(r, args.trials),
            tampering(r),
            bad_inputs(r),
            served_files(r),
        ]
    print(
        f"commit {git_commit()}; tracebacks in all runs: {r.tracebacks}; runs stopped after "
        f"{TIMEOUT_SECONDS} s: {r.timeouts}\n"
    )
    print("| fault | tried | handled | lost documents |")
    print("|---|---:|---:|---:|")
    for row in rows:
        print(f"| {row.fault} | {row.tried} | {row.handled} | {row.lost} |")
    total = Row("total", *(sum(getattr(x, f) for x in rows) for f in ("tried", "handled", "lost")))
    print(f"| **{total.fault}** | {total.tried} | {total.handled} | {total.lost} |")
    return 0 if total.handled == total.tried and total.lost == 0 and r.tracebacks == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
