"""SDG matching at goal and target level, out of fold, on the team's labelled statements
(corpus/training/sdg_statements.jsonl and the off-topic rows of the other files).

    python eval/sdg_eval.py            # prints the tables for eval/RESULTS.md

Goal level is what Voluntary Local Reviews report: goal k is "present" for a statement when
the goal itself or any of its targets is matched strong or partial. Per-goal accuracy asks,
for every statement (off-topic ones included), "is goal k present?" and compares with the
labels (a goal is labelled when one of its targets is); the 17 accuracies are averaged.
Target level ranks the 169 targets for each on-topic statement: hit@1, hit@5 and MRR.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit
from eval.match_eval import table
from search.embedded import embed_statements
from search.evaluation import interval, ranking_metrics
from search.fit import out_of_fold, prepare
from search.training import load_labelled

FRAMEWORK = "sdg"


def goal_matrix(framework, items: tuple[str, ...], present: np.ndarray) -> tuple[list[str], np.ndarray]:
    """(n, items) bool -> goal ids and (n, goals) bool: a goal is present when it or any of
    its sub-items is."""
    goals, _ = framework.levels()
    out = np.zeros((present.shape[0], len(goals)), bool)
    for g, goal in enumerate(goals):
        cols = [j for j, item in enumerate(items) if framework.with_parents({item}) >= {goal.id}]
        out[:, g] = present[:, cols].any(axis=1)
    return [goal.id for goal in goals], out


def per_goal_accuracy(predicted: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """(n, goals) bool each -> (goals,) share of statements where "is goal k present?" is right."""
    return (predicted == gold).mean(axis=0)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", default=None)
    args = parser.parse_args(argv)

    from indexer.frameworks import load_frameworks
    from indexer.model import Embedder

    framework = load_frameworks()[FRAMEWORK]
    rows = load_labelled(FRAMEWORK)
    embedder = Embedder(backend=args.backend)
    embedded = embed_statements([r.text for r in rows], embedder)
    data = prepare(framework, embedder, embedded, [r.supported for r in rows])
    items = data.viewset.items
    prob, strength = out_of_fold(data, framework.item_features or None)
    langs = np.array([r.lang for r in rows])
    on = ~data.offtopic
    print(
        f"commit {git_commit()} · {len(rows)} statements ({on.sum()} on-topic, {data.offtopic.sum()} off-topic, "
        f"{len(set(langs))} languages) · backend {embedder.backend}"
    )

    goal_ids, predicted = goal_matrix(framework, items, strength != "none")
    _, gold = goal_matrix(framework, items, data.labels == 1)
    accuracy = per_goal_accuracy(predicted, gold)
    tp = (predicted & gold).sum(axis=0)
    precision = tp / np.maximum(predicted.sum(axis=0), 1)
    recall = tp / np.maximum(gold.sum(axis=0), 1)
    # most statements lack any one goal: "never present" is the floor accuracy must beat, and
    # balanced accuracy (mean of the yes and the no recall) is not flattered by it
    floor = 1 - gold.mean(axis=0)
    specificity = (~predicted & ~gold).sum(axis=0) / np.maximum((~gold).sum(axis=0), 1)
    balanced = (recall + specificity) / 2
    rows_out = [
        [
            g,
            int(gold[:, k].sum()),
            float(precision[k]),
            float(recall[k]),
            float(accuracy[k]),
            float(floor[k]),
            float(balanced[k]),
        ]
        for k, g in enumerate(goal_ids)
    ]
    micro_p = (predicted & gold).sum() / max(predicted.sum(), 1)
    micro_r = (predicted & gold).sum() / max(gold.sum(), 1)
    # the interval resamples statements: per-goal accuracy averaged over goals, per statement
    per_row = (predicted == gold).mean(axis=1)
    lo, hi = interval(per_row)
    rows_out.append(
        [
            "**mean / micro**",
            int(gold.sum()),
            float(micro_p),
            float(micro_r),
            float(accuracy.mean()),
            float(floor.mean()),
            float(balanced.mean()),
        ]
    )
    table(
        f"SDG goals, out of fold: per-goal accuracy averaged over 17 goals {accuracy.mean():.3f} "
        f"(95% interval {lo:.3f}–{hi:.3f}); micro F1 {2 * micro_p * micro_r / max(micro_p + micro_r, 1e-9):.3f}",
        ["goal", "statements", "precision", "recall", "accuracy", "accuracy of 'never'", "balanced accuracy"],
        rows_out,
    )

    targets = [j for j, item in enumerate(items) if framework.item(item).parent]
    per_lang = []
    for lang in [*sorted(set(langs[on]), key=lambda x: (-int((langs[on] == x).sum()), x)), "**all**"]:
        mask = on & ((langs == lang) | (lang == "**all**"))
        gold_t = [set(np.flatnonzero(data.labels[i, targets])) for i in np.flatnonzero(mask)]
        m = ranking_metrics(prob[np.ix_(mask, targets)], gold_t)
        per_lang.append([lang, m["n"], m["P@1"], m["hit@5"], m["MRR"]])
    table(
        "SDG targets, out of fold: the top target is labelled (hit@1), one of the top five is (hit@5), MRR",
        ["lang", "n", "hit@1", "hit@5", "MRR"],
        per_lang,
    )

    abstained = ~(strength != "none").any(axis=1)
    table(
        "Off-topic statements",
        ["off-topic", "abstained", "on-topic wrongly abstained"],
        [[int(data.offtopic.sum()), float(abstained[data.offtopic].mean()), float(abstained[on].mean())]],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
