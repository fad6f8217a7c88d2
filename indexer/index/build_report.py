"""What a build, update or removal did: the files it embedded, reused, removed, skipped and could
not read, and the totals of the index it left (the CLI and the app print it)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class BuildReport:
    documents: int = 0
    embedded: list[str] = field(default_factory=list)  # paths whose text was (re-)embedded
    reused: list[str] = field(default_factory=list)  # unchanged: vectors kept
    removed: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, same content as)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: list[str] = field(default_factory=list)  # unsupported files met while walking folders
    not_followed: list[tuple[str, str]] = field(default_factory=list)  # (folder link, reason): loops
    replaced: str = ""  # why a damaged or other-model index was replaced (build --force)
    took_over: str = ""  # the writer that was killed holding the lock, when there was one
    files: int = 0  # files given or found that the indexer reads
    pages: int = 0
    flagged_pages: int = 0
    ocr_pages: int = 0
    chunks_by_lang: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def with_totals(report: BuildReport, documents: dict, chunks, start: float) -> BuildReport:
    """The report with the totals of the index's `documents` (manifest entries) and `chunks`,
    and the seconds since `start` (time.perf_counter)."""
    report.documents = len(documents)
    report.pages = sum(m["pages"] for m in documents.values())
    report.flagged_pages = sum(len(m["flagged_pages"]) for m in documents.values())
    report.ocr_pages = sum(len(m["ocr_pages"]) for m in documents.values())
    report.chunks_by_lang = Counter(c.lang for c in chunks)
    report.seconds = time.perf_counter() - start
    return report
