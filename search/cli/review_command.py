"""`policy-align review REPORT`: accept, reject or reassign a match of an alignment report,
or take the decisions from an edited export; they are kept in REPORT's .reviews.jsonl."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from search.cli.options import usage_error

# what a reviewer may type in a spreadsheet's review column
SPREADSHEET_WORDS = {"accepted": "accept", "ok": "accept", "rejected": "reject", "reassigned": "reassign"}


def register(sub) -> None:
    p = sub.add_parser(
        "review",
        help="accept, reject or reassign matches of an alignment report (saved beside it; `align` re-applies them)",
    )
    p.add_argument("report", type=Path, help="the JSON report written by `align --out report.json`")
    p.add_argument("--statement", type=int, help='the statement\'s "index" in the report')
    p.add_argument("--item", help="the matched item, e.g. cairo:6")
    decision = p.add_mutually_exclusive_group()
    decision.add_argument("--accept", action="store_true", help="the statement supports the item")
    decision.add_argument("--reject", action="store_true", help="it does not")
    decision.add_argument("--reassign", metavar="ITEM", help="it supports ITEM instead")
    p.add_argument("--note", default="", help="the reviewer's note")
    p.add_argument("--reviewer", default="", help="who decided (kept with the decision)")
    p.add_argument(
        "--from",
        dest="source",
        type=Path,
        help="take every decision from an edited CSV export (columns review, reassign_to, review_note) "
        'or a JSON report whose matches carry "review"',
    )
    p.add_argument("--list", action="store_true", help="print the decisions kept for this report")
    p.add_argument("--json", action="store_true", help="with --list: print them as JSON lines")
    p.set_defaults(run=run_review)


def _report(path: Path) -> dict:
    if not path.is_file():
        raise FileNotFoundError(2, "no such report", str(path))
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        if report["plan_sha256"] and isinstance(report["statements"], list):
            return report
    except (ValueError, KeyError, TypeError):
        pass
    usage_error(f"{path}: not a JSON alignment report with plan_sha256 (write one with align --out report.json)")


def _decision(report: dict, statement: int, item: str, decision: str, to: str, note: str, reviewer: str):
    from indexer.frameworks import load_frameworks
    from search.review import Review, now

    statements = report["statements"]
    if not 0 <= statement < len(statements):
        usage_error(f"--statement must be 0–{len(statements) - 1} (the report's statement index)")
    known = {i.id for fw in load_frameworks().values() for i in fw.items}
    for name in filter(None, (item, to)):
        if name not in known:
            usage_error(f"{name}: no such framework item (e.g. cairo:6, nua:32)")
    s = statements[statement]
    return Review(
        report["plan_sha256"], statement, item, decision, s["text"], to, note, s.get("lang", ""), reviewer, now()
    )


def _from_export(report: dict, source: Path, reviewer: str) -> list:
    """Decisions from an edited CSV export or a JSON report with "review" on its matches."""
    rows = []
    if source.suffix.lower() == ".csv":
        with source.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                decision = (row.get("review") or "").strip().lower()
                decision = SPREADSHEET_WORDS.get(decision, decision)
                if decision and row.get("item"):
                    rows.append(
                        (
                            int(row["statement"]),
                            row["item"],
                            decision,
                            row.get("reassign_to", ""),
                            row.get("review_note", ""),
                        )
                    )
    else:
        edited = _report(source)
        for s in edited["statements"]:
            for m in s["matches"]:
                if r := m.get("review"):
                    rows.append((s["index"], m["id"], r["decision"], r.get("reassign_to", ""), r.get("note", "")))
    return [_decision(report, i, item, d, (to or "").strip(), note, reviewer) for i, item, d, to, note in rows]


def run_review(args) -> int:
    from search.review import append_reviews, load_reviews, reviews_path

    report = _report(args.report)
    path = reviews_path(args.report)
    if args.list:
        for r in load_reviews(path):
            if r.plan_sha256 != report["plan_sha256"]:
                continue
            if args.json:
                print(json.dumps(r.__dict__, ensure_ascii=False))
            else:
                to = f" → {r.reassign_to}" if r.reassign_to else ""
                print(f"{r.statement:4} {r.item:10} {r.decision}{to}  {r.note}  ({r.reviewer or '-'}, {r.time})")
        return 0
    if args.source:
        reviews = _from_export(report, args.source, args.reviewer)
    else:
        if args.statement is None or not args.item or not (args.accept or args.reject or args.reassign):
            usage_error("give --statement N --item ID and one of --accept, --reject, --reassign ITEM (or --from FILE)")
        decision = "accept" if args.accept else "reject" if args.reject else "reassign"
        reviews = [
            _decision(report, args.statement, args.item, decision, args.reassign or "", args.note, args.reviewer)
        ]
    append_reviews(path, reviews)
    print(
        f"{len(reviews)} decision(s) saved in {path}; `align` applies them when it writes {args.report.name}",
        file=sys.stderr,
    )
    return 0
