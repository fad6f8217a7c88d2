"""The app's alignments: an uploaded or pasted plan against a framework, explained, with a
reviewer's decisions re-applied and its reports written to a folder of the app's own
(`workdir`), deleted after KEEP_RESULTS_SECONDS. Decisions are kept per plan in the cache
(`reviews_file`), so they survive re-runs and restarts."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from search.embedded import Embedded
from search.ui.uploads import MAX_PASTED_CHARS, UploadError, check_upload

KEEP_RESULTS_SECONDS = 3600  # an alignment's files are downloadable for an hour, then deleted
REVIEWS_NAME = "alignment.reviews.jsonl"  # the copy of the plan's decisions beside its reports
PRINTABLE_NAME = "alignment.{lang}.html"  # the printable report, in an interface language


@dataclass(frozen=True)
class Alignment:
    """What a plan was aligned from: enough to align it again (after a decision) without
    reading or embedding the plan again."""

    statements: tuple  # search.plan.Statement
    name: str  # the upload's file name, or "pasted text"
    plan_sha256: str  # of the file, or search.plan.text_sha256 of the pasted text
    framework: str  # a framework id or "all"
    unreadable: tuple[int, ...]
    pages: int
    out: Path  # the folder of its reports
    embedded: Embedded | None = None  # its statements, once embedded


@dataclass(frozen=True)
class AlignResult:
    report: object  # search.align.AlignmentReport
    files: tuple[Path, ...]  # csv, json, md (and the reviews when there are any); heatmaps() and printable() add theirs
    alignment: Alignment


def reviews_file(plan_sha256: str) -> Path:
    """Where the app keeps the decisions on a plan: cache_root()/reviews/<sha256>.reviews.jsonl."""
    from indexer.settings import cache_root
    from search.review import REVIEWS_SUFFIX

    return cache_root() / "reviews" / f"{plan_sha256}{REVIEWS_SUFFIX}"


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

    def forget_frameworks(self) -> None:
        """An official text was added: the matchers read the frameworks' texts again on next use."""
        self._matchers.clear()

    def align(
        self, upload: Path | None, pasted: str, framework: str, titles: dict[str, str], progress=None
    ) -> AlignResult:
        """`progress(fraction, key, **values)` hears each real step (align_steps.py)."""
        from search.plan import read_plan, text_sha256, text_statements

        step = progress or (lambda fraction, key="", **values: None)
        self.prune()
        out = Path(tempfile.mkdtemp(prefix="align-", dir=self.workdir))
        step(0.02, "align_stage_extract")
        if upload is not None:
            check_upload(upload)
            local = out / ("plan" + upload.suffix.lower())  # our own name: nothing of the user's path is reused
            shutil.copyfile(upload, local)
            plan = read_plan(local)
            alignment = Alignment(
                plan.statements, upload.name, plan.sha256, framework, plan.unreadable_pages, plan.page_count, out
            )
        elif pasted.strip():
            text = pasted[:MAX_PASTED_CHARS]
            alignment = Alignment(tuple(text_statements(text)), "pasted text", text_sha256(text), framework, (), 0, out)
        else:
            raise UploadError("error_nothing_to_align")
        step(0.1, "align_stage_segment", n=len(alignment.statements))
        return self.run(alignment, titles, step)

    def run(self, alignment: Alignment, titles: dict[str, str], progress=None) -> AlignResult:
        """Align (again) with the decisions kept for the plan; write its reports and a copy of
        the decisions to its folder."""
        from search.align import align
        from search.report import write_report
        from search.review import load_reviews
        from search.ui.align_steps import embed_in_steps

        step = progress or (lambda fraction, key="", **values: None)
        step(0.12, "align_stage_frameworks")
        matchers = self.matchers(alignment.framework)  # the first use of a framework embeds its views
        embedded = alignment.embedded or embed_in_steps(
            [s.text for s in alignment.statements], self.embedder, step, 0.2, 0.6
        )
        step(0.82, "align_stage_score")
        report = align(
            list(alignment.statements),
            matchers,
            self.embedder,
            plan=alignment.name,
            titles=titles,
            unreadable_pages=alignment.unreadable,
            page_count=alignment.pages,
            explain=True,
            plan_sha256=alignment.plan_sha256,
            reviews=load_reviews(reviews_file(alignment.plan_sha256)),
            embedded=embedded,
        )
        step(0.95, "align_stage_reports")
        out = alignment.out
        out.mkdir(parents=True, exist_ok=True)  # pruned while the page stayed open: written again
        files = []
        for fmt in ("csv", "json", "md"):
            write_report(report, fmt, out / f"alignment.{fmt}")
            files.append(out / f"alignment.{fmt}")
        if reviews_file(alignment.plan_sha256).is_file():
            shutil.copyfile(reviews_file(alignment.plan_sha256), out / REVIEWS_NAME)
            files.append(out / REVIEWS_NAME)
        return AlignResult(report, tuple(files), replace(alignment, embedded=embedded))

    def printable(self, result: AlignResult, lang: str) -> Path:
        """The printable HTML report in `lang` beside the others (written again each time: the
        language or a decision may have changed since)."""
        from search.ui.print_report import printable_html

        path = result.alignment.out / PRINTABLE_NAME.format(lang=lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(printable_html(result.report, lang), encoding="utf-8")
        return path

    def heatmaps(self, result: AlignResult, lang: str) -> list[Path]:
        """A heatmap PNG per framework beside the reports, in `lang` (drawn again each time, as
        printable is: the language may have changed; heatmap_view.write_pngs)."""
        from search.ui.heatmap_view import write_pngs

        result.alignment.out.mkdir(parents=True, exist_ok=True)
        return write_pngs(result.report, result.alignment.out, lang)

    def sample_plan(self, lang: str) -> Path:
        """A copy (in the app's folder) of the bundled sample plan in `lang`, else the English one."""
        from indexer.settings import corpus_root

        samples = sorted((corpus_root() / "samples").glob("*.md"))
        chosen = next((p for p in samples if p.name.startswith(f"{lang}-")), None)
        chosen = chosen or next((p for p in samples if p.name.startswith("en-")), None)
        if chosen is None:
            raise UploadError("align_error_no_sample")
        folder = Path(tempfile.mkdtemp(prefix="align-sample-", dir=self.workdir))  # pruned as alignments are
        return Path(shutil.copyfile(chosen, folder / chosen.name))

    def item_ids(self, framework: str) -> list[str]:
        """The items of a framework choice (an id or "all"), in order."""
        return [item for m in self.matchers(framework) for item in m.viewset.items]

    def review(
        self,
        alignment: Alignment,
        statement: int,
        item: str,
        decision: str,
        reassign_to: str = "",
        note: str = "",
        reviewer: str = "",
    ) -> None:
        """Keep a reviewer's decision on (statement, item) of the plan (search.review.Review)."""
        from search.review import Review, ReviewError, append_reviews, now

        if not 0 <= statement < len(alignment.statements):
            raise ReviewError(f"no statement {statement} in this plan")
        if reassign_to and reassign_to not in self.item_ids(alignment.framework):
            raise ReviewError(f"{reassign_to}: not an item of {alignment.framework}")
        s = alignment.statements[statement]
        review = Review(
            alignment.plan_sha256, statement, item, decision, s.text, reassign_to, note.strip(), s.lang, reviewer, now()
        )
        append_reviews(reviews_file(alignment.plan_sha256), [review])
