"""`policy-align match`: which framework items does each statement support?"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from search.cli.options import add_framework_option, model_options, usage_error


def register(sub) -> None:
    p = sub.add_parser(
        "match",
        parents=[model_options()],
        help="match statements to the items of a framework (--framework), with strength and evidence",
    )
    p.add_argument("text", nargs="*", help="statements to match, one per argument")
    p.add_argument("--file", type=Path, help="a UTF-8 text file with one statement per line ('-' reads stdin)")
    add_framework_option(p, "what to match against")
    p.add_argument(
        "--k", type=int, default=5, help="matches listed per statement, best first (0 = every item; default 5)"
    )
    p.add_argument(
        "--json", action="store_true", help='print [{"text", "matches": [{"id", "score", "strength", "evidence", …}]}]'
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="say why: each feature's effect on the score, the item's nearest views and the rule behind the "
        'strength (with --json: an "explanation" per match)',
    )
    p.set_defaults(run=run_match)


def read_statements(texts: list[str], file: Path | None) -> list[str]:
    """Statements from arguments and/or a file; blank lines are not statements."""
    from search.match import StatementError

    lines = list(texts)
    if file is not None:
        raw = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8-sig")
        lines += raw.splitlines()
    statements = [" ".join(line.split()) for line in lines if line.strip()]
    if not statements:
        raise StatementError("nothing to match: give statements as arguments or --file with one statement per line")
    return statements


def match_all(statements: list[str], framework: str, embedder, k: int | None, explain: bool = False):
    """-> list of (statement, matches best first) over the chosen frameworks."""
    from search.match import load_matchers, merge_matches

    results = [m.match(statements, None, explain) for m in load_matchers(framework, embedder)]
    return merge_matches(results, k)


def run_match(args) -> int:
    from indexer.model import Embedder

    if args.k < 0:
        usage_error("--k must be 0 (all) or more")
    statements = read_statements(args.text, args.file)
    results = match_all(
        statements, args.framework, Embedder(args.model, backend=args.backend), args.k or None, args.explain
    )
    from search.match import item_titles
    from search.report import match_record

    titles = item_titles()
    if args.json:
        print(
            json.dumps(
                [{"text": r.text, "matches": [match_record(m, titles) for m in r.matches]} for r in results],
                ensure_ascii=False,
            )
        )
        return 0
    for r in results:
        print(r.text)
        shown = [m for m in r.matches if m.strength != "none"]
        if not shown:
            best = r.matches[0] if r.matches else None
            print(
                f"   no match (nearest: {best.id} {titles.get(best.id, '')[:60]}, score {best.score:.2f})"
                if best
                else "   no match"
            )
            if best and best.explanation:
                print_explanation(best.explanation)
        for m in shown:
            print(f"   {m.strength:7} {m.id:10} {m.score:.2f}  {titles.get(m.id, '')[:70]}")
            print(f"           evidence [{m.evidence_lang}]: {m.evidence[:110]}")
            if m.explanation:
                print_explanation(m.explanation)
        print()
    return 0


def print_explanation(why) -> None:
    print(f"           why: {why.rule}")
    if why.companion:
        from search.explain import companion_text

        print(f"             {companion_text(why.companion)}")
    on = "on topic" if why.on_topic else "off topic"
    effects = ", ".join(f"{c.feature} {c.effect:+.2f}" for c in why.topic.contributions)
    print(f"             {on}: P(topic) {why.topic.probability:.2f} (log-odds: {effects})")
    effects = ", ".join(f"{c.feature} {c.effect:+.2f}" for c in why.item.contributions[:4])
    print(f"             P(item | topic) {why.item.probability:.2f} (largest effects: {effects})")
    for v in why.nearest_views:
        print(f"             near {v.kind} [{v.lang}] {v.cosine:.3f}: {v.text[:90]}")
