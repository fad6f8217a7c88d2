"""A reviewer's decisions (search/review.py) as labelled statements (search/training.py), so
that `policy-align calibrate` can refit a framework's calibration with them."""

from __future__ import annotations

from search.review import Review
from search.training import Labelled


def labelled_from_reviews(reviews: list[Review], framework: str) -> list[Labelled]:
    """One Labelled per reviewed statement that has a decision on this framework: it supports
    the items accepted or reassigned to; a statement whose every match here was rejected, with
    nothing accepted, supports none of the framework's items."""
    prefix = f"{framework}:"
    grouped: dict[tuple[str, str], list[Review]] = {}
    for r in reviews:
        if r.item.startswith(prefix) or r.reassign_to.startswith(prefix):
            grouped.setdefault((r.plan_sha256, r.text), []).append(r)
    out = []
    for (sha, text), decisions in grouped.items():
        supported = frozenset(t for r in decisions for t in r.supports if t.startswith(prefix))
        out.append(
            Labelled(f"review:{sha[:12]}:{decisions[0].statement}", decisions[0].lang, text, supported, "", "reviews")
        )
    return out
