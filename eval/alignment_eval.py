"""Can a researcher trust the alignment? Out-of-fold figures of the matcher as shipped
(search/fit.py on corpus/training/*.jsonl, the same item features as the shipped calibration),
per labelled set, with 95 % bootstrap intervals over statements:

    python eval/alignment_eval.py [--framework cairo|nua|sdg] [--folds random|category] [--json FILE]
        [--no-adapter] [--no-companions] [--seed N]

- ranking (on-topic statements): hit@1, hit@5 and MRR; a statement's acceptable items are
  all the items it is labelled with (NUA: the paragraphs a reviewer accepts);
- strong+partial (statement, item) pairs: precision and recall — for the multi-call plan
  paragraphs, recall is the share of all the calls a paragraph supports that are shown; NUA:
  of all the paragraphs a reviewer accepts. Also the share of statements with at least one
  acceptable item among strong+partial, the precision of strong pairs alone, and points of the
  out-of-fold precision-recall curve (the best item and every item over a threshold);
- abstention: the share of off-topic statements (boilerplate, page furniture, news) given no
  strong or partial match, per language.

Folds: 5 random folds over statements (default), or `--folds category`: each fold holds out
one whole kind of boilerplate (all its rows, every language) with a share of the other
statements, so the boilerplate figure is that of a kind no fit has seen (the labelled
neighbours of a held-out legal basis are then approvals or glossaries, never other legal bases).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from search.evaluation import pair_precision_recall, per_statement
from search.training import category_folds

RESAMPLES = 1000


def bootstrap(rows: np.ndarray, statistic, seed: int = 0) -> tuple[float, float]:
    """95 % interval of statistic(indices) over resampled statements."""
    rng = np.random.default_rng(seed)
    values = [statistic(rng.choice(rows, len(rows))) for _ in range(RESAMPLES)]
    return float(np.quantile(values, 0.025)), float(np.quantile(values, 0.975))


def figures(prob, strength, labels, offtopic, rows: np.ndarray) -> dict[str, tuple[float, float, float]]:
    """measure -> (value, low, high) over the statements `rows`."""
    shown = strength != "none"
    on_rows = rows[~offtopic[rows]]
    off_rows = rows[offtopic[rows]]
    out = {}
    if len(on_rows):
        gold = [set(np.flatnonzero(labels[i])) for i in on_rows]
        ranks = per_statement(prob[on_rows], gold)
        for name, key in (("hit@1", "P@1"), ("hit@5", "hit@5"), ("MRR", "MRR")):
            values = ranks[key]
            out[name] = (float(values.mean()), *bootstrap(np.arange(len(values)), lambda ix, v=values: v[ix].mean()))

        def precision(ix):
            return pair_precision_recall(shown[ix], labels[ix])[0]

        def recall(ix):
            return pair_precision_recall(shown[ix], labels[ix])[1]

        out["precision"] = (float(precision(on_rows)), *bootstrap(on_rows, precision))
        out["recall"] = (float(recall(on_rows)), *bootstrap(on_rows, recall))
        some = (shown & (labels == 1)).any(axis=1).astype(float)  # an acceptable item among strong+partial
        out["statements with an acceptable item shown"] = (
            float(some[on_rows].mean()),
            *bootstrap(on_rows, lambda ix: some[ix].mean()),
        )
        strong = strength == "strong"

        def strong_precision(ix):
            return pair_precision_recall(strong[ix], labels[ix])[0]

        out["precision of strong"] = (float(strong_precision(on_rows)), *bootstrap(on_rows, strong_precision))
    if len(off_rows):
        abstained = ~shown.any(axis=1)
        out["abstained"] = (float(abstained[off_rows].mean()), *bootstrap(off_rows, lambda ix: abstained[ix].mean()))
    return out


def best_precision_at(prob, strength, labels, rows: np.ndarray, recall: float) -> tuple[float, float] | None:
    """The out-of-fold precision-recall curve of the statements `rows` (each admitted one shows its
    best item and every item whose probability reaches a threshold) -> (precision, recall) of the
    most precise threshold whose recall reaches `recall`; None when none does."""
    admitted = (strength[rows] != "none").any(axis=1)
    p, y = prob[rows], labels[rows]
    best = np.zeros(p.shape, bool)
    best[np.arange(len(p)), p.argmax(axis=1)] = True
    points = []
    for t in np.unique(np.round(p[p >= 0.01], 3)):
        points.append(pair_precision_recall(admitted[:, None] & (best | (p >= t)), y))
    reached = [pr for pr in points if pr[1] >= recall]
    return max(reached) if reached else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--framework", default="cairo")
    parser.add_argument("--backend", default=None)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--no-adapter", action="store_true", help="read the statements as they are, even where the framework maps them"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="the fold split of random folds (category folds: the adapters' seeds only)"
    )
    parser.add_argument(
        "--no-companions",
        action="store_true",
        help="score each item alone, even where the framework raises items to their best item's companions",
    )
    parser.add_argument(
        "--folds",
        choices=("random", "category"),
        default="random",
        help="category: a boilerplate kind held out per fold",
    )
    parser.add_argument(
        "--item-features", help="comma-separated item features to fit (default: those of the shipped calibration)"
    )
    args = parser.parse_args()

    from indexer.frameworks import load_frameworks
    from indexer.model import Embedder
    from search.calibration import calibration_path
    from search.embedded import embed_statements
    from search.fit import out_of_fold, prepare
    from search.training import load_labelled

    fw = args.framework
    rows = load_labelled(fw)
    embedder = Embedder(backend=args.backend)
    shipped = json.loads(calibration_path(fw).read_text(encoding="utf-8"))  # its columns, whatever its topic features
    names = tuple(args.item_features.split(",")) if args.item_features else tuple(shipped["item_features"])
    data = prepare(
        load_frameworks()[fw],
        embedder,
        embed_statements([r.text for r in rows], embedder),
        [r.supported for r in rows],
        tuple(f"{r.source}/{r.id}" for r in rows),
    )
    if args.no_companions:
        data = replace(data, companions=False)
    folds = category_folds(np.array([r.category for r in rows])) if args.folds == "category" else None
    prob, strength = out_of_fold(data, names, args.seed, folds=folds, adapt=False if args.no_adapter else None)
    sources = np.array([r.source for r in rows])
    langs = np.array([r.lang for r in rows])
    print(
        f"commit {git_commit()} · {fw}: {len(rows)} labelled statements · item features {', '.join(names)} · "
        f"{'5 random folds' if folds is None else f'{len(set(folds))} folds, a boilerplate category held out in each'}"
    )
    results = {}
    print("\n| set | statements | measure | value | 95 % interval |\n|---|---:|---|---:|---|")
    for source in [*sorted(set(sources)), "all"]:
        subset = np.flatnonzero((sources == source) | (source == "all"))
        found = figures(prob, strength, data.labels, data.offtopic, subset)
        results[source] = found
        if source == "all":
            admitted = (strength != "none").any(axis=1)[subset][~data.offtopic[subset]]
            found["on-topic given some match"] = (
                float(admitted.mean()),
                *bootstrap(np.arange(len(admitted)), lambda ix, a=admitted: a[ix].mean()),
            )
        for name, (value, low, high) in found.items():
            print(f"| {source} | {len(subset)} | {name} | {value:.3f} | {low:.3f}–{high:.3f} |")
    print("\n| set | best precision at recall ≥ 0.5 / 0.6 / 0.7 / 0.85 (out-of-fold curve) |\n|---|---|")
    for source in sorted(set(sources[~data.offtopic])):
        subset = np.flatnonzero((sources == source) & ~data.offtopic)
        found = [best_precision_at(prob, strength, data.labels, subset, r) for r in (0.5, 0.6, 0.7, 0.85)]
        print(f"| {source} | " + " / ".join("-" if f is None else f"{f[0]:.3f} (R {f[1]:.3f})" for f in found) + " |")
    off = np.flatnonzero(data.offtopic)
    if len(off):
        abstained = (strength == "none").all(axis=1)
        print("\n| off-topic, by language | statements | abstained |\n|---|---:|---:|")
        for lang in sorted(set(langs[off])):
            mine = off[langs[off] == lang]
            print(f"| {lang} | {len(mine)} | {abstained[mine].mean():.3f} |")
    if args.json:
        args.json.write_text(
            json.dumps({"commit": git_commit(), "framework": fw, "folds": args.folds, "sets": results}, indent=1)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
