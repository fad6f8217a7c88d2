"""Align a whole plan with frameworks: per statement its matches, per item its support and
coverage, the gaps with their nearest candidate, and a sections × items coverage grid."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.errors import PolicyAlignError
from search.match import Match, Matcher

TOP_MATCHES = 5  # per statement and framework; more than five supported items is noise
MIN_STATEMENT_CHARS = 15  # shorter units are headings, list markers or page furniture
NO_SECTION = "—"


class PlanError(PolicyAlignError):
    """The plan has no statements that can be aligned."""


@dataclass(frozen=True)
class Statement:
    index: int
    text: str
    page: int | None
    label: str
    section: str  # outermost heading above the statement, or NO_SECTION
    lang: str


@dataclass(frozen=True)
class StatementResult:
    statement: Statement
    matches: tuple[Match, ...]  # strong and partial only, best first
    nearest: Match | None  # best item even when below "partial"


@dataclass(frozen=True)
class Support:
    statement: int
    score: float
    strength: str


@dataclass(frozen=True)
class ItemCoverage:
    id: str
    framework: str
    title: str
    coverage: str  # covered (a strong match) | partial | gap
    support: tuple[Support, ...]  # best first
    nearest: Support | None  # for gaps: the closest statement, for a reviewer to check


@dataclass(frozen=True)
class AlignmentReport:
    plan: str
    statements: tuple[StatementResult, ...]
    items: tuple[ItemCoverage, ...]
    sections: tuple[str, ...]
    grid: np.ndarray  # (sections, items) best probability of any statement of the section
    unreadable_pages: tuple[int, ...] = ()  # pages of the plan with no usable text, even after OCR
    page_count: int = 0  # pages of the plan (0: pasted text)

    @property
    def unreadable_note(self) -> str:
        """'3 of 10 pages could not be read (2, 5, 7)', or '' when every page was read."""
        if not self.unreadable_pages:
            return ""
        listed = ", ".join(map(str, self.unreadable_pages[:20])) + (" …" if len(self.unreadable_pages) > 20 else "")
        return f"{len(self.unreadable_pages)} of {self.page_count} pages could not be read ({listed})"

    @property
    def gaps(self) -> tuple[ItemCoverage, ...]:
        return tuple(i for i in self.items if i.coverage == "gap")


@dataclass(frozen=True)
class Plan:
    statements: tuple[Statement, ...]
    unreadable_pages: tuple[int, ...]  # no usable text layer and OCR did not read them
    page_count: int


def read_plan(path: Path, *, use_ocr: bool = True) -> Plan:
    """A plan file -> its statements and the pages that could not be read."""
    from indexer.extract.load import load_document
    from indexer.extract.quality import UNUSABLE

    doc = load_document(path, use_ocr=use_ocr)
    unreadable = tuple(p.number for p in doc.pages if p.quality < UNUSABLE and "empty" not in p.flags)
    try:
        statements = _statements(doc, path)
    except PlanError:
        if unreadable:
            raise PlanError(
                f"{path.name}: {len(unreadable)} of {len(doc.pages)} pages could not be read "
                "(scanned or damaged text, and OCR did not read them); no statements were found"
            ) from None
        raise
    return Plan(tuple(statements), unreadable, len(doc.pages))


def plan_statements(path: Path, *, use_ocr: bool = True) -> list[Statement]:
    """Segment a plan with the indexer's structure rules (numbered paragraphs, articles, headings)."""
    return list(read_plan(path, use_ocr=use_ocr).statements)


def _statements(doc, path: Path) -> list[Statement]:
    from indexer.structure.units import chunk_document

    chunks = chunk_document(doc)
    out = []
    for chunk in chunks:
        text = " ".join(chunk.text.split())
        if len(text) < MIN_STATEMENT_CHARS:
            continue
        out.append(
            Statement(
                len(out),
                text,
                chunk.pages[0] if chunk.pages else None,
                chunk.label,
                chunk.section[0] if chunk.section else NO_SECTION,
                chunk.lang,
            )
        )
    if not out:
        raise PlanError(f"{path.name}: no statements with text were found (is it a scan without OCR, or empty?)")
    return out


def text_statements(text: str) -> list[Statement]:
    """Pasted text: one statement per non-empty line."""
    from indexer.language import detect

    lines = [" ".join(line.split()) for line in text.splitlines()]
    out = [Statement(n, line, None, "", NO_SECTION, detect(line)) for n, line in enumerate(x for x in lines if x)]
    if not out:
        raise PlanError("the pasted text is empty")
    return out


def align(
    statements: list[Statement],
    matchers: list[Matcher],
    embedder,
    *,
    plan: str = "",
    titles: dict[str, str] | None = None,
    progress: Callable[[str, float], None] | None = None,
    unreadable_pages: tuple[int, ...] = (),
    page_count: int = 0,
    explain: bool = False,
) -> AlignmentReport:
    """Statements against each matcher's framework; `explain` fills each match's explanation."""
    report = progress or (lambda stage, fraction: None)
    titles = titles or {}
    report("embedding statements", 0.0)
    texts = [s.text for s in statements]
    vectors = embedder.encode(texts, "query", show_progress=progress is None and len(texts) > 200)
    report("matching", 0.6)
    per_statement: list[list[Match]] = [[] for _ in statements]
    nearest: list[Match | None] = [None] * len(statements)
    items: list[ItemCoverage] = []
    per_framework = []
    for matcher in matchers:
        scores = matcher.scores(vectors)
        probability = scores.probability  # (n, items)
        per_framework.append(probability)
        results = matcher.match_vectors(texts, vectors, TOP_MATCHES, [s.lang for s in statements], scores, explain)
        for i, result in enumerate(results):
            per_statement[i] += [m for m in result.matches if m.strength != "none"]
            if result.matches and (nearest[i] is None or result.matches[0].score > nearest[i].score):
                nearest[i] = result.matches[0]
        for k, item_id in enumerate(matcher.viewset.items):
            col = probability[:, k]
            strengths = [str(x) for x in scores.strength[:, k]]
            order = np.argsort(-col, kind="stable")
            support = tuple(
                Support(int(i), round(float(col[i]), 4), strengths[i]) for i in order if strengths[i] != "none"
            )
            coverage = "covered" if any(s.strength == "strong" for s in support) else ("partial" if support else "gap")
            best = int(order[0])
            items.append(
                ItemCoverage(
                    item_id,
                    matcher.framework.id,
                    titles.get(item_id, ""),
                    coverage,
                    support,
                    None if support else Support(best, round(float(col[best]), 4), strengths[best]),
                )
            )
    report("summarising", 0.9)
    sections = tuple(dict.fromkeys(s.section for s in statements))
    prob = np.hstack(per_framework) if per_framework else np.zeros((len(statements), 0))  # (n, all items)
    section_of = np.array([sections.index(s.section) for s in statements])
    grid = np.stack([prob[section_of == n].max(axis=0) for n in range(len(sections))])
    results = tuple(
        StatementResult(s, tuple(sorted(per_statement[i], key=lambda m: -m.score)), nearest[i])
        for i, s in enumerate(statements)
    )
    report("done", 1.0)
    return AlignmentReport(plan, results, tuple(items), sections, grid, tuple(unreadable_pages), page_count)
