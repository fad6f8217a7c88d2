"""`policy-align calibrate --reviews FILE…`: refit a framework's calibration on the team's
labelled statements plus a reviewer's decisions; the result goes to the user's cache and is
used from then on; the shipped calibration is never overwritten (`--reset` returns to it)."""

from __future__ import annotations

import sys
from pathlib import Path

from search.cli.options import add_framework_option, model_options, usage_error


def register(sub) -> None:
    p = sub.add_parser(
        "calibrate",
        parents=[model_options()],
        help="refit the match calibration with reviewed decisions (kept in your cache; --reset undoes it)",
    )
    p.add_argument("--reviews", type=Path, nargs="+", default=[], help="review files (*.reviews.jsonl)")
    add_framework_option(p, "which framework's calibration")
    p.add_argument("--reset", action="store_true", help="remove the refitted calibration: use the shipped one")
    p.set_defaults(run=run_calibrate)


def _row(name: str, figures: dict[str, float]) -> str:
    return f"  {name:8} " + "  ".join(
        f"{k} {v:.0f}" if k == "statements" else f"{k} {v:.3f}" for k, v in figures.items()
    )


def run_calibrate(args) -> int:
    from search.adapter import adapter_path
    from search.calibration import user_calibration_path
    from search.match import chosen_frameworks
    from search.neighbours import paths

    frameworks = chosen_frameworks(args.framework)
    if args.reset:
        for fw in frameworks:
            path = user_calibration_path(fw)
            for beside in (*paths(path), adapter_path(path)):  # its labelled neighbours and adapter, even orphaned
                beside.unlink(missing_ok=True)
            if path.is_file():
                path.unlink()
                print(f"{fw}: removed {path}; the shipped calibration is used again", file=sys.stderr)
            else:
                print(f"{fw}: the shipped calibration is already in use", file=sys.stderr)
        return 0
    if not args.reviews:
        usage_error("give --reviews FILE… (written by `policy-align review` or the app), or --reset")
    from search.review import load_reviews

    reviews = []
    for path in args.reviews:
        if not path.is_file():
            raise FileNotFoundError(2, "no such review file", str(path))
        reviews += load_reviews(path)
    for fw in frameworks:
        _refit(fw, reviews, args)
    return 0


def _refit(fw: str, reviews, args) -> None:
    from indexer.frameworks import load_frameworks
    from indexer.model import Embedder
    from search.calibration import calibration_path, load_calibration_file, save_calibration, user_calibration_path
    from search.embedded import embed_statements
    from search.fit import fit_calibration, prepare, summary
    from search.review import now
    from search.reviewed import labelled_from_reviews, only_rejected
    from search.training import load_labelled

    every = labelled_from_reviews(reviews, fw)
    if not every:
        print(f"{fw}: no reviewed decision on {fw} items; nothing refitted", file=sys.stderr)
        return
    embedder = Embedder(args.model, backend=args.backend)
    framework = load_frameworks()[fw]
    extra = labelled_from_reviews(reviews, fw, _best_items(framework, embedder, only_rejected(reviews, fw)))
    left_out = len(every) - len(extra)
    if left_out:
        print(
            f"{fw}: {left_out} statement(s) whose only decisions reject a match other than their best are left out",
            file=sys.stderr,
        )
    if not extra:
        print(f"{fw}: no reviewed decision to learn from; nothing refitted", file=sys.stderr)
        return
    base = load_labelled(fw)
    shipped = load_calibration_file(fw, calibration_path(fw))
    if framework.adapter:
        print(
            f"{fw}: its statement adapter is fitted again, once per fold and once on all (a few minutes)",
            file=sys.stderr,
        )
    rows = base + extra
    texts, ids = [r.text for r in rows], tuple(f"{r.source or 'reviewed'}/{r.id}" for r in rows)
    data = prepare(framework, embedder, embed_statements(texts, embedder), [r.supported for r in rows], ids)
    before = summary(data.subset(list(range(len(base)))), shipped.item_features)
    after = summary(data, shipped.item_features)
    print(f"{fw}: {len(base)} labelled statements + {len(extra)} reviewed; out of fold (5 folds):")
    print(_row("before", before))
    print(_row("after", after))
    cal = fit_calibration(
        data, f"{shipped.fitted_on} + {len(extra)} reviewed statements @ {now()}", shipped.item_features
    )
    path = user_calibration_path(fw)
    save_calibration(cal, path)
    print(f"{fw}: wrote {path} (used from now on; `policy-align calibrate --reset` returns to the shipped one)")


def _best_items(framework, embedder, texts: list[str]) -> dict[str, str]:
    """Statement text -> the item the framework's matcher (the calibration in use) ranks first."""
    if not texts:
        return {}
    from search.embedded import embed_statements
    from search.match import Matcher

    matcher = Matcher(framework, embedder)
    probability = matcher.scores(embed_statements(texts, embedder)).probability
    return {text: matcher.viewset.items[int(k)] for text, k in zip(texts, probability.argmax(axis=1))}
