"""Align a whole plan with frameworks: per statement its matches, per item its support and
coverage, the gaps with their nearest candidate, and a sections × items coverage grid."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from search.embedded import Embedded, embed_statements
from search.form import field_names
from search.match import Match, Matcher
from search.plan import Statement
from search.review import Review, for_plan

TOP_MATCHES = 5  # per statement and framework; more than five supported items is noise
LISTED_PAGES = 20  # unreadable pages named in a note; a scanned plan may have hundreds


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
    review: str = ""  # accept | reassign when a reviewer confirmed it (rejected support is dropped)


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
    plan_sha256: str = ""  # of the plan file (or the pasted text), the key of its reviews
    reviews: Mapping[tuple[int, str], Review] = field(default_factory=dict)  # (statement, item) -> decision

    def review_of(self, statement: int, item: str) -> Review | None:
        return self.reviews.get((statement, item))

    def confirmed(self, statement: int) -> frozenset[str]:
        """The items a reviewer said statement `statement` supports (accepted or reassigned to)."""
        return frozenset(t for (i, _), r in self.reviews.items() if i == statement for t in r.supports)

    def counted(self, result: StatementResult) -> tuple[Match, ...]:
        """A statement's matches that count after review, confirmed ones first, then by score:
        the model's strong and partial ones less those a reviewer rejected or moved, plus those a
        reviewer confirmed (what its "supports" line names, in the app and in every export)."""
        i = result.statement.index
        confirmed = self.confirmed(i)
        dropped = {item for (j, item), r in self.reviews.items() if j == i and r.decision != "accept"}
        kept = [m for m in result.matches if m.id in confirmed or (m.strength != "none" and m.id not in dropped)]
        return tuple(sorted(kept, key=lambda m: (m.id not in confirmed, -m.score)))

    @property
    def unreadable_listed(self) -> str:
        """'2, 5, 7': the unreadable pages, the first LISTED_PAGES of them and " …" after."""
        more = " …" if len(self.unreadable_pages) > LISTED_PAGES else ""
        return ", ".join(map(str, self.unreadable_pages[:LISTED_PAGES])) + more

    @property
    def unreadable_note(self) -> str:
        """'3 of 10 pages could not be read (2, 5, 7)', or '' when every page was read."""
        if not self.unreadable_pages:
            return ""
        return f"{len(self.unreadable_pages)} of {self.page_count} pages could not be read ({self.unreadable_listed})"

    @property
    def gaps(self) -> tuple[ItemCoverage, ...]:
        return tuple(i for i in self.items if i.coverage == "gap")


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
    plan_sha256: str = "",
    reviews: list[Review] | tuple[Review, ...] = (),
    embedded: Embedded | None = None,
) -> AlignmentReport:
    """Statements against each matcher's framework; `explain` fills each match's explanation.
    A reviewer's decisions on this plan (`reviews`, matched by plan_sha256 and statement
    text) override the model in the coverage: rejected matches do not count, accepted and
    reassigned ones count as covered; reassigned items are listed among the statement's matches.
    `embedded`: the statements already embedded (features.embed_statements), e.g. by an earlier run."""
    report = progress or (lambda stage, fraction: None)
    titles = titles or {}
    report("embedding statements", 0.0)
    texts = [s.text for s in statements]
    reviewed = for_plan(list(reviews), plan_sha256, texts) if plan_sha256 else {}
    if embedded is None:
        embedded = embed_statements(
            texts, embedder, show_progress=progress is None and len(texts) > 200, fields=field_names(texts)
        )
    report("matching", 0.6)
    per_statement: list[list[Match]] = [[] for _ in statements]
    nearest: list[Match | None] = [None] * len(statements)
    items: list[ItemCoverage] = []
    per_framework = []
    for matcher in matchers:
        scores = matcher.scores(embedded)
        probability = scores.probability  # (n, items)
        per_framework.append(probability)
        results = matcher.match_vectors(texts, embedded, TOP_MATCHES, [s.lang for s in statements], scores, explain)
        for i, result in enumerate(results):
            per_statement[i] += [m for m in result.matches if m.strength != "none"]
            if result.matches and (nearest[i] is None or result.matches[0].score > nearest[i].score):
                nearest[i] = result.matches[0]
        confirmed = _confirmed(reviewed, matcher.viewset.items)  # item index -> {statement: decision}
        for (i, _), r in reviewed.items():
            j = matcher.viewset.items.index(r.reassign_to) if r.reassign_to in matcher.viewset.items else -1
            if j >= 0 and all(m.id != r.reassign_to for m in per_statement[i]):
                per_statement[i].append(matcher.match_one(embedded.vectors, scores, i, j, statements[i].lang, explain))
        for k, item_id in enumerate(matcher.viewset.items):
            items.append(
                _coverage(
                    item_id,
                    matcher.framework.id,
                    titles,
                    probability[:, k],
                    scores.strength[:, k],
                    confirmed.get(k, {}),
                    {i for (i, item), r in reviewed.items() if item == item_id and r.decision != "accept"},
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
    return AlignmentReport(
        plan, results, tuple(items), sections, grid, tuple(unreadable_pages), page_count, plan_sha256, reviewed
    )


def _confirmed(reviewed: Mapping[tuple[int, str], Review], item_ids: tuple[str, ...]) -> dict[int, dict[int, str]]:
    """item index -> {statement: "accept" | "reassign"} for the items a reviewer confirmed."""
    out: dict[int, dict[int, str]] = {}
    for (i, _), r in reviewed.items():
        for target in r.supports:
            if target in item_ids:
                out.setdefault(item_ids.index(target), {})[i] = r.decision
    return out


def _coverage(
    item_id: str,
    framework: str,
    titles: dict[str, str],
    col: np.ndarray,
    strengths: np.ndarray,
    confirmed: dict[int, str],
    dropped: set[int],
) -> ItemCoverage:
    """One item's support over the statements (n,) of probability and strength: the model's
    strong and partial statements less those a reviewer rejected or moved, plus those a
    reviewer confirmed."""
    order = np.argsort(-col, kind="stable")
    support = tuple(
        Support(int(i), round(float(col[i]), 4), str(strengths[i]), confirmed.get(int(i), ""))
        for i in order
        if int(i) in confirmed or (str(strengths[i]) != "none" and int(i) not in dropped)
    )
    covered = any(s.strength == "strong" or s.review for s in support)
    coverage = "covered" if covered else ("partial" if support else "gap")
    best = int(order[0])
    nearest = None if support else Support(best, round(float(col[best]), 4), str(strengths[best]))
    return ItemCoverage(item_id, framework, titles.get(item_id, ""), coverage, support, nearest)
