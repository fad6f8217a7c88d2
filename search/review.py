"""A reviewer's decisions on an alignment: accept, reject or reassign a match, with a note.

Reviews are JSONL beside the report (`report.json` -> `report.reviews.jsonl`), one decision
per line, appended; the latest line for a (plan SHA-256, statement, item) wins. They carry
the statement's text, so they survive re-running the alignment (even if the plan's
statements were renumbered) and can train a calibration (search/fit.py via `calibrate`).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

from indexer.errors import PolicyAlignError
from indexer.jsonl import read_jsonl

DECISIONS = ("accept", "reject", "reassign")
REVIEWS_SUFFIX = ".reviews.jsonl"


class ReviewError(PolicyAlignError):
    """A review names no decision, an unknown statement or item, or a file is not a review file."""


@dataclass(frozen=True)
class Review:
    plan_sha256: str
    statement: int  # index in the alignment report
    item: str  # the matched item, e.g. "cairo:6"
    decision: str  # accept | reject | reassign
    text: str  # the statement's text
    reassign_to: str = ""  # for reassign: the item the statement supports instead
    note: str = ""
    lang: str = ""
    reviewer: str = ""
    time: str = ""  # ISO 8601, UTC

    def __post_init__(self):
        if self.decision not in DECISIONS:
            raise ReviewError(f"decision must be one of {', '.join(DECISIONS)}, not {self.decision!r}")
        if (self.decision == "reassign") != bool(self.reassign_to):
            raise ReviewError("reassign needs the item the statement supports instead (and only reassign has one)")

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.plan_sha256, self.statement, self.item)

    @property
    def supports(self) -> tuple[str, ...]:
        """The items the reviewer says the statement supports (through this decision)."""
        return {"accept": (self.item,), "reassign": (self.reassign_to,)}.get(self.decision, ())


def reviews_path(report: Path) -> Path:
    """`out/report.json` -> `out/report.reviews.jsonl` (a review file is its own path)."""
    if report.name.endswith(REVIEWS_SUFFIX):
        return report
    return report.with_name(report.with_suffix("").name + REVIEWS_SUFFIX)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def append_reviews(path: Path, reviews: list[Review]) -> None:
    """Add decisions to a review file (created when missing); written whole lines at a time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in reviews)
    with path.open("a", encoding="utf-8") as f:
        f.write(lines)
        f.flush()
        os.fsync(f.fileno())


def load_reviews(path: Path | None) -> list[Review]:
    """Every decision in a review file, latest per (plan, statement, item), in file order;
    none when there is no file."""
    if path is None or not path.is_file():
        return []
    known = {f.name for f in fields(Review)}
    latest: dict[tuple, Review] = {}
    for review in read_jsonl(
        path, lambda row: Review(**{k: v for k, v in row.items() if k in known}), ReviewError, "a review"
    ):
        latest.pop(review.key, None)
        latest[review.key] = review
    return list(latest.values())


def for_plan(reviews: list[Review], plan_sha256: str, texts: list[str]) -> dict[tuple[int, str], Review]:
    """The reviews of one plan, keyed by (statement index, item) in *this* alignment: a
    statement whose index now holds other text is found again by its text."""
    index_of = {t: i for i, t in reversed(list(enumerate(texts)))}
    out = {}
    for r in reviews:
        if r.plan_sha256 != plan_sha256:
            continue
        i = r.statement if r.statement < len(texts) and texts[r.statement] == r.text else index_of.get(r.text)
        if i is None:
            # reviewed before a plan's statements stopped opening with their section heading
            # (search/plan.py): "Action plan 2026–2030 1.1 Objective: …" is "1.1 Objective: …"
            i = next((j for j, t in enumerate(texts) if r.text.endswith(" " + t)), None)
        if i is not None:
            out[(i, r.item)] = r
    return out
