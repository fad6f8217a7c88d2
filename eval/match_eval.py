"""Plan-statement matching against the Cairo calls (or NUA paragraphs), on the team's labelled
statements in corpus/training/ (search/training.py).

    python eval/match_eval.py            # ranking, abstention and view ablation tables
    python eval/match_eval.py --write    # also refit corpus/frameworks/cairo/calibration.json
    python eval/match_eval.py --framework nua [--write]
    python eval/match_eval.py --frozen eval/data/cairo_fresh.jsonl   # the shipped matcher, no refitting

Ranking: P@1, MRR, Recall@3 and nDCG@10 over the on-topic statements, per language and
overall, for the matcher and for the raw baseline (cosine of the statement and each call's
whole text, best language version). Abstention: an off-topic statement must get no strong or
partial match; precision/recall/F1 treat "abstained" as the positive prediction. The
calibration is scored out of fold (5 folds over statements), so no statement is judged by a
model fitted on it; the file written with --write is fitted on all of them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import ROOT, git_commit
from indexer.frameworks import framework_ids
from search.embedded import embed_statements
from search.evaluation import interval, pair_precision_recall, per_statement, ranking_metrics
from search.fit import abstention, fit_calibration, out_of_fold, prepare
from search.training import load_labelled, read_rows, training_root

SEEDS = (0, 1, 2)  # fold splits reported side by side: one split alone flatters or harms by chance


def pair_labels(rows, items: tuple[str, ...]) -> np.ndarray:
    """Labelled rows -> (n, items) 0/1."""
    return np.array([[item in row.supported for item in items] for row in rows], np.int64)


def reliability(prob: np.ndarray, labels: np.ndarray, bins: int = 10) -> list[tuple[str, int, float, float]]:
    p, y = prob.reshape(-1), labels.reshape(-1)
    edges = np.linspace(0, 1, bins + 1)
    out = []
    for a, b in zip(edges[:-1], edges[1:]):
        inside = (p >= a) & ((p < b) if b < 1 else (p <= b))
        if inside.any():
            out.append((f"{a:.1f}–{b:.1f}", int(inside.sum()), float(p[inside].mean()), float(y[inside].mean())))
    return out


def table(title: str, header: list[str], rows: list[list]) -> None:
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(f"{x:.3f}" if isinstance(x, float) else str(x) for x in row) + " |")


def pair_interval(shown: np.ndarray, labels: np.ndarray, which: int, resamples: int = 2000) -> tuple[float, float]:
    """95 % bootstrap interval over statements of pair precision (which=0) or recall (1)."""
    rng = np.random.default_rng(0)
    values = [
        pair_precision_recall(shown[ix], labels[ix])[which]
        for ix in rng.integers(0, len(shown), (resamples, len(shown)))
    ]
    return float(np.quantile(values, 0.025)), float(np.quantile(values, 0.975))


def abstention_rows(abstained: np.ndarray, offtopic: np.ndarray) -> list[list]:
    """Table rows: abstention precision, recall and F1, and the on-topic statements left unmatched."""
    a, on = abstention(abstained, offtopic), ~offtopic
    return [
        ["abstention precision", a["precision"]],
        ["abstention recall", a["recall"]],
        ["abstention F1", a["F1"]],
        ["on-topic statements left with no match", f"{int((abstained & on).sum())} of {int(on.sum())}"],
    ]


def frozen(path: Path, fw: str, backend: str | None) -> int:
    """Statements written after the matcher was fitted: the shipped Matcher scores them as
    `policy-align match` would, so these figures are held out by construction."""
    from indexer.frameworks import load_frameworks
    from indexer.model import Embedder
    from search.match import Matcher
    from search.training import labelled_for

    rows = labelled_for(read_rows(path), fw)
    embedder = Embedder(backend=backend)
    matcher = Matcher(load_frameworks()[fw], embedder)
    scores = matcher.scores(embed_statements([r.text for r in rows], embedder))
    langs = np.array([r.lang for r in rows])
    offtopic = np.array([r.off_topic for r in rows])
    on = ~offtopic
    labels = pair_labels(rows, matcher.viewset.items)
    print(
        f"commit {git_commit()} · {path.name}: {len(rows)} statements ({on.sum()} on-topic, {offtopic.sum()} "
        f"off-topic, {len(set(langs))} languages) · calibration fitted on {matcher.calibration.fitted_on}"
    )
    per_lang = []
    for lang in [*sorted(set(langs[on]), key=lambda x: (-int((langs[on] == x).sum()), x)), "**all**"]:
        mask = on & ((langs == lang) | (lang == "**all**"))
        m = ranking_metrics(scores.probability[mask], [set(np.flatnonzero(labels[i])) for i in np.flatnonzero(mask)])
        per_lang.append([lang, m["n"], m["P@1"], m["MRR"], m["R@3"], m["nDCG@10"]])
    table(f"Ranking of the {fw} items by the shipped matcher", ["lang", "n", "P@1", "MRR", "R@3", "nDCG@10"], per_lang)
    values = per_statement(scores.probability[on], [set(np.flatnonzero(labels[i])) for i in np.flatnonzero(on)])
    table(
        "95 % bootstrap intervals over statements",
        ["measure", "value", "interval"],
        [[k, float(values[k].mean()), "%.3f–%.3f" % interval(values[k])] for k in ("P@1", "hit@5", "MRR", "R@3")],
    )
    shown = scores.strength != "none"
    precision, recall = pair_precision_recall(shown[on], labels[on])
    table(
        "Strong+partial (statement, item) pairs of the on-topic statements (every item a statement supports counts)",
        ["measure", "value", "interval"],
        [
            ["precision", precision, "%.3f–%.3f" % pair_interval(shown[on], labels[on], 0)],
            ["recall", recall, "%.3f–%.3f" % pair_interval(shown[on], labels[on], 1)],
        ],
    )
    abstained = (scores.strength == "none").all(axis=1)
    table(
        "Abstention",
        ["measure", "value"],
        [
            *abstention_rows(abstained, offtopic),
            ["off-topic statements given a match", f"{int((~abstained & offtopic).sum())} of {int(offtopic.sum())}"],
        ],
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--framework", choices=framework_ids(), default="cairo")
    parser.add_argument(
        "--write", action="store_true", help="refit and write corpus/frameworks/<framework>/calibration.json"
    )
    parser.add_argument("--backend", default=None)
    parser.add_argument(
        "--item-features",
        default=None,
        help="comma-separated columns for the item model (default: the framework.toml's item_features, else all)",
    )
    parser.add_argument(
        "--frozen",
        type=Path,
        default=None,
        help="score this labelled file with the shipped matcher and calibration (nothing refitted)",
    )
    args = parser.parse_args()
    if args.frozen:
        return frozen(args.frozen, args.framework, args.backend)

    from indexer.frameworks import load_frameworks
    from indexer.model import Embedder
    from search.calibration import calibration_path, save_calibration
    from search.features import ITEM_FEATURES
    from search.scoring import KIND_FEATURES, TOP_VIEWS, all_kinds, top_mean
    from search.views import describe

    fw = args.framework
    rows = load_labelled(fw)
    embedder = Embedder(backend=args.backend)
    framework = load_frameworks()[fw]
    embedded = embed_statements([r.text for r in rows], embedder)
    vectors = embedded.vectors
    langs = np.array([r.lang for r in rows])
    data = prepare(
        framework, embedder, embedded, [r.supported for r in rows], tuple(f"{r.source}/{r.id}" for r in rows)
    )
    viewset, labels, offtopic = data.viewset, data.labels, data.offtopic
    on = ~offtopic
    gold = [set(np.flatnonzero(labels[i])) for i in np.flatnonzero(on)]
    print(
        f"commit {git_commit()} · {len(rows)} statements ({on.sum()} on-topic, {offtopic.sum()} off-topic, "
        f"{len(set(langs))} languages) · views {describe(viewset)} · backend {embedder.backend}"
    )

    raw = data.features.similarity
    names = tuple(args.item_features.split(",")) if args.item_features else (framework.item_features or None)
    prob, strength_oof = out_of_fold(data, names)  # learned weights and thresholds, out of fold
    pooled = top_mean(raw, viewset, all_kinds(viewset), TOP_VIEWS)  # top-3 mean over all views, unweighted
    is_text = np.array([v.kind == "text" for v in viewset.views])
    baseline = np.stack(
        [
            (vectors @ viewset.vectors[(viewset.item_of_view == k) & is_text].T).max(axis=1)
            for k in range(len(viewset.items))
        ],
        axis=1,
    )  # whole call text, best language version

    per_lang = []
    for lang in [*sorted(set(langs[on]), key=lambda x: (-int((langs[on] == x).sum()), x)), "**all**"]:
        mask = on & ((langs == lang) | (lang == "**all**"))
        g = [set(np.flatnonzero(labels[i])) for i in np.flatnonzero(mask)]
        m, p, b = (ranking_metrics(x[mask], g) for x in (prob, pooled, baseline))
        per_lang.append(
            [lang, m["n"], m["P@1"], m["MRR"], m["R@3"], m["nDCG@10"], p["P@1"], p["MRR"], b["P@1"], b["MRR"]]
        )
    table(
        f"Ranking of the {fw} items: matcher (out of fold) vs one pooled top-3 vs raw baseline",
        ["lang", "n", "P@1", "MRR", "R@3", "nDCG@10", "pooled P@1", "pooled MRR", "baseline P@1", "baseline MRR"],
        per_lang,
    )

    ablation = []
    kinds = [k for k in ("aspect", "example", "sentence", "text", "title") if k in describe(viewset)] + ["note vote"]
    for name, keep in (
        [(k, {k}) for k in kinds] + [(f"all − {k}", set(kinds) - {k}) for k in kinds] + [("all", set(kinds))]
    ):
        kept = [ITEM_FEATURES[n] for n, (kind, _) in enumerate(KIND_FEATURES) if kind in keep] + ["pooled_top3"]
        kept += ["note_vote"] if "note vote" in keep else []
        r = ranking_metrics(out_of_fold(data, tuple(kept), adapt=False)[0][on], gold)  # the columns alone
        ablation.append([name, r["P@1"], r["MRR"], r["R@3"]])
    table(
        "What each view kind adds (weights refitted out of fold on the kinds kept; the pooled level always in; "
        "without the adapter)",
        ["views", "P@1", "MRR", "R@3"],
        ablation,
    )

    spread = []
    for seed in SEEDS:
        p, st = out_of_fold(data, names, seed)
        r, a = ranking_metrics(p[on], gold), abstention((st == "none").all(axis=1), offtopic)
        spread.append([seed, r["P@1"], r["MRR"], r["R@3"], a["F1"]])
    table("The same matcher over other fold splits", ["fold seed", "P@1", "MRR", "R@3", "abstention F1"], spread)
    values = per_statement(prob[on], gold)
    table(
        "95 % bootstrap intervals over statements (fold split 0)",
        ["measure", "value", "interval"],
        [[k, float(values[k].mean()), "%.3f–%.3f" % interval(values[k])] for k in ("P@1", "MRR", "R@3")],
    )

    sources = ", ".join(sorted({r.source for r in rows}))
    cal = fit_calibration(data, f"{training_root().relative_to(ROOT)}/{{{sources}}} @ {git_commit()}", names)
    abstained = (strength_oof == "none").all(axis=1)
    top = np.argmax(prob, axis=1)
    top_strength = strength_oof[np.arange(len(rows)), top]
    top_correct = labels[np.arange(len(rows)), top] == 1
    table(
        "Abstention and strengths (out of fold)",
        ["measure", "value"],
        [
            *abstention_rows(abstained, offtopic),
            [
                "top match correct when strong",
                float(top_correct[top_strength == "strong"].mean()) if (top_strength == "strong").any() else "-",
            ],
            [
                "top match correct when partial",
                float(top_correct[top_strength == "partial"].mean()) if (top_strength == "partial").any() else "-",
            ],
            [
                "thresholds of the full fit: P(topic) / strong / partial",
                f"{cal.on_topic:.3f} / {cal.strong:.3f} / {cal.partial:.3f}",
            ],
        ],
    )
    table(
        "Calibration curve (pairs, out of fold)",
        ["predicted", "pairs", "mean predicted", "observed"],
        [list(r) for r in reliability(prob, labels)],
    )
    if args.write:
        save_calibration(cal, calibration_path(fw))
        print(f"\nwrote {calibration_path(fw)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
