"""A reviewer's decisions (search/review.py) as labelled statements (search/training.py), so
that `policy-align calibrate` can refit a framework's calibration with them."""

from __future__ import annotations

from search.review import Review
from search.training import Labelled


def _by_statement(reviews: list[Review], framework: str) -> dict[tuple[str, str], list[Review]]:
    """(plan, statement text) -> its decisions on this framework's items."""
    prefix = f"{framework}:"
    grouped: dict[tuple[str, str], list[Review]] = {}
    for r in reviews:
        if r.item.startswith(prefix) or r.reassign_to.startswith(prefix):
            grouped.setdefault((r.plan_sha256, r.text), []).append(r)
    return grouped


def only_rejected(reviews: list[Review], framework: str) -> list[str]:
    """The texts of the statements whose every decision on this framework is a rejection."""
    return [
        text
        for (_, text), decisions in _by_statement(reviews, framework).items()
        if all(r.decision == "reject" for r in decisions)
    ]


def labelled_from_reviews(reviews: list[Review], framework: str, best: dict[str, str] | None = None) -> list[Labelled]:
    """One Labelled per reviewed statement that has a decision on this framework: it supports
    the items accepted or reassigned to. A statement whose decisions are all rejections
    supports none of the framework's items when one of them rejects its best match (`best`:
    statement text -> the item the matcher ranks first; without it, any rejection does); when
    only weaker matches were rejected (a companion, a second call) it is left out, since that
    says nothing of what the statement is about."""
    prefix = f"{framework}:"
    out = []
    for (sha, text), decisions in _by_statement(reviews, framework).items():
        supported = frozenset(t for r in decisions for t in r.supports if t.startswith(prefix))
        if not supported and best is not None and best.get(text) not in {r.item for r in decisions}:
            continue
        out.append(
            Labelled(f"review:{sha[:12]}:{decisions[0].statement}", decisions[0].lang, text, supported, "", "reviews")
        )
    return out
