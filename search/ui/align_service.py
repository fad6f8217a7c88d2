"""The app's alignments: an uploaded or pasted plan against a framework, with its reports
written to a folder of the app's own (`workdir`), deleted after KEEP_RESULTS_SECONDS."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from search.ui.uploads import MAX_PASTED_CHARS, UploadError, check_upload

KEEP_RESULTS_SECONDS = 3600  # an alignment's files are downloadable for an hour, then deleted


@dataclass(frozen=True)
class AlignResult:
    report: object  # search.align.AlignmentReport
    files: tuple[Path, ...]  # csv, json, md
    heatmap: Path


class AlignService:
    def __init__(self, embedder, workdir: Path):
        self.embedder, self.workdir = embedder, workdir
        self._matchers: dict[str, object] = {}

    def prune(self, now: float | None = None) -> None:
        """Delete the uploads and reports of alignments older than KEEP_RESULTS_SECONDS."""
        import time

        now = now or time.time()
        for folder in self.workdir.glob("align-*"):
            if now - folder.stat().st_mtime > KEEP_RESULTS_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)

    def matchers(self, framework: str):
        from search.match import load_matchers

        return load_matchers(framework, self.embedder, self._matchers)

    def align(
        self, upload: Path | None, pasted: str, framework: str, titles: dict[str, str], progress=None
    ) -> AlignResult:
        from search.align import align
        from search.plan import read_plan, text_statements
        from search.report import write_heatmap, write_report

        step = progress or (lambda fraction, desc="": None)
        self.prune()
        out = Path(tempfile.mkdtemp(prefix="align-", dir=self.workdir))
        step(0.05, "stage_reading")
        if upload is not None:
            check_upload(upload)
            local = out / ("plan" + upload.suffix.lower())  # our own name: nothing of the user's path is reused
            shutil.copyfile(upload, local)
            plan = read_plan(local)
            statements, unreadable, pages = list(plan.statements), plan.unreadable_pages, plan.page_count
            name = upload.name
        elif pasted.strip():
            statements = text_statements(pasted[:MAX_PASTED_CHARS])
            unreadable, pages = (), 0
            name = "pasted text"
        else:
            raise UploadError("error_nothing_to_align")
        step(0.2, "stage_embedding")
        report = align(
            statements,
            self.matchers(framework),
            self.embedder,
            plan=name,
            titles=titles,
            progress=lambda stage, fraction: step(0.2 + 0.7 * fraction, "stage_matching"),
            unreadable_pages=unreadable,
            page_count=pages,
        )
        step(0.92, "stage_reports")
        files = []
        for fmt in ("csv", "json", "md"):
            path = out / f"alignment.{fmt}"
            write_report(report, fmt, path)
            files.append(path)
        heatmap = out / "heatmap.png"
        write_heatmap(report, heatmap)
        return AlignResult(report, tuple(files), heatmap)
