"""`policy-align align PLAN`: a whole plan against the frameworks, with coverage and gaps."""

from __future__ import annotations

import sys
from pathlib import Path

from search.cli.options import add_framework_option, model_options, usage_error


def register(sub) -> None:
    p = sub.add_parser(
        "align",
        parents=[model_options()],
        help="align a plan (PDF, DOCX, TXT, MD, HTML) with a framework (--framework): coverage and gaps",
    )
    p.add_argument("plan", type=Path)
    add_framework_option(p, "what to align against")
    p.add_argument(
        "--format", choices=("json", "csv", "md"), default=None, help="report format (default: from --out's suffix)"
    )
    p.add_argument("--out", type=Path, help="report file (default: a summary on the terminal)")
    p.add_argument("--heatmap", type=Path, help="also write a sections × items coverage heatmap (PNG)")
    p.add_argument("--no-ocr", action="store_true", help="do not OCR pages without a usable text layer")
    p.add_argument(
        "--reviews",
        type=Path,
        help="a reviewer's decisions to apply (default: the .reviews.jsonl beside --out, when there is one)",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help='add an "explanation" to every match in the JSON report (feature effects, nearest views, rule)',
    )
    p.set_defaults(run=run_align)


def _format(args) -> str | None:
    if args.format:
        return args.format
    if args.out is None:
        return None
    suffix = args.out.suffix.lower().lstrip(".")
    if suffix in ("json", "csv", "md"):
        return suffix
    usage_error(f"cannot tell the format from {args.out.name}; add --format json|csv|md")


def run_align(args) -> int:
    from indexer.model import Embedder
    from search.align import align
    from search.heatmaps import write_heatmap
    from search.match import item_titles, load_matchers  # here, not at the top: `search` does not need it
    from search.plan import read_plan
    from search.report import write_report
    from search.review import load_reviews, reviews_path

    fmt = _format(args)
    if args.format and not args.out:
        usage_error("--format needs --out FILE")
    if not args.plan.is_file():
        raise FileNotFoundError(f"no such plan: {args.plan}")
    plan = read_plan(args.plan, use_ocr=not args.no_ocr)
    statements = list(plan.statements)
    print(f"{args.plan.name}: {len(statements)} statements", file=sys.stderr)
    embedder = Embedder(args.model, backend=args.backend)
    report = align(
        statements,
        load_matchers(args.framework, embedder),
        embedder,
        plan=args.plan.name,
        titles=item_titles(),
        unreadable_pages=plan.unreadable_pages,
        page_count=plan.page_count,
        explain=args.explain,
        plan_sha256=plan.sha256,
        reviews=load_reviews(args.reviews or (reviews_path(args.out) if args.out else None)),
    )
    if report.unreadable_pages:
        print(f"warning: {report.unreadable_note}; gaps may be in them", file=sys.stderr)
    if report.reviews:
        print(f"{len(report.reviews)} reviewer decision(s) applied", file=sys.stderr)
    if fmt:
        write_report(report, fmt, args.out)
        print(f"wrote {args.out}", file=sys.stderr)
    if args.heatmap:
        write_heatmap(report, args.heatmap)
        print(f"wrote {args.heatmap}", file=sys.stderr)
    if not fmt:
        if report.unreadable_pages:
            print(f"WARNING: {report.unreadable_note}; their text is not aligned")
        covered = [i for i in report.items if i.coverage != "gap"]
        print(
            f"{len(covered)} of {len(report.items)} items supported; gaps: {', '.join(i.id for i in report.gaps) or 'none'}"
        )
        for i in report.items:
            print(f"  {i.id:10} {i.coverage:8} {len(i.support):4} statements  {i.title[:60]}")
    return 0
