"""Cross-lingual search on parallel sets: a query in language A must put the right item's
version in language B first (P@1), for every A and B of the six UN languages.

The parallel sets are the frameworks' own language versions, as the frameworks index holds
them (one chunk per item and language): the ten Cairo calls in six languages, the 186 SDG
goals and targets in six (team summaries), the 175 NUA paragraphs in en/zh/ar (summaries).
The queries are the team's matching aspects (corpus/frameworks/<id>/aspects*.jsonl: short
statements of what a plan does for an item, written in each language, never used by
search), labelled with their item. Search is restricted to language B (`--lang B`), as an
officer filtering results to one language does.

Scored with the engine's own dense ranking (search/hubness.py over the index's vectors) for
each hubness correction, on raw cosines and on language-centred ones (search/centring.py, the
means of the whole frameworks index, as the app and CLI use them; `--held-out-means`: the means
of the other frameworks only); `--engine` also runs the full hybrid search (search.engine) for Cairo.

    python eval/crosslingual_eval.py [--frameworks cairo,sdg,nua] [--engine] [--held-out-means]
    python eval/crosslingual_eval.py --versions [--frameworks ...]

`--versions`: each set through the whole engine (hybrid, centred, best sentences), restricted to
language B and the framework, with each item scored alone and with its language versions
(search/versions.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import ROOT, git_commit
from indexer.frameworks.indexing import ensure_framework_index
from indexer.index.store import load_index
from indexer.model import Embedder
from search.centring import CentredIndex, LanguageMeans
from search.hubness import corrected, hub_levels
from search.sentence_rank import reranked
from search.views import cached_encode

LANGS = ("zh", "en", "ar", "fr", "es", "ru")
METHODS = ("none", "csls", "margin")
# (hubness correction, language-centred, pool re-ranked with each chunk's best sentence)
VARIANTS = [(method, False, False) for method in METHODS] + [("none", True, False), ("margin", True, False)]
VARIANTS += [("margin", True, True)]  # as the engine ranks


def parallel_items(framework: str) -> set[str]:
    """The items with a text in every language the framework has: the parallel set (Cairo's
    preamble, in zh and en only, is not part of it)."""
    from indexer.frameworks import load_frameworks

    fw = load_frameworks()[framework]
    langs = [{t.lang for t in item.texts} & set(LANGS) for item in fw.items]
    every = set().union(*langs)
    return {item.id for item, have in zip(fw.items, langs) if have == every}


def aspects(framework: str) -> list[dict]:
    """The team's aspects (short statements of what a plan does for an item) as queries."""
    rows = []
    for path in sorted((ROOT / "corpus/frameworks" / framework).glob("aspects*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = parallel_items(framework)
    return [
        {"id": r["id"], "lang": r["lang"], "text": r["text"]} for r in rows if r["lang"] in LANGS and r["id"] in items
    ]


def sentences(framework: str) -> list[dict]:
    """Each sentence (>= 12 characters) of each item's text in each language, as a query: an
    officer pasting a sentence of the declaration in their language to find another version."""
    from indexer.frameworks import load_frameworks
    from search.views import sentences as split

    items = parallel_items(framework)
    rows = []
    for item in load_frameworks()[framework].items:
        if item.id in items:
            for text in item.texts:
                if text.lang in LANGS:
                    rows += [{"id": item.id, "lang": text.lang, "text": s} for s in split(text.text)]
    return rows


QUERY_SETS = {"sentences": sentences, "aspects": aspects}


def p_at_1(data, qvecs, rows, framework, hub, method, centred=None, best=False) -> dict[tuple[str, str], float]:
    """(query language, target language) -> P@1 over the queries in that language, among the
    framework's chunks of the parallel items in the target language; `centred` (CentredIndex):
    language-centred cosines; `best`: those chunks re-ranked with their best sentences as the
    engine re-ranks its pool (search/sentence_rank.py)."""
    labels = np.array([c.label for c in data.chunks])
    langs = np.array([c.lang for c in data.chunks])
    items = parallel_items(framework)
    mine = np.array([c.doc_id == f"framework:{framework}" and c.label in items for c in data.chunks])
    scores = qvecs @ data.vectors.T  # (queries, chunks)
    hits: dict[tuple[str, str], list[bool]] = {}
    for q, row in enumerate(rows):
        cosines = scores[q] if centred is None else centred.scores(scores[q], qvecs[q])
        ranked = corrected(cosines, hub, method)
        for target in LANGS:
            if target == row["lang"]:
                continue
            allowed = np.flatnonzero(mine & (langs == target))
            if not len(allowed):
                continue
            if best and data.sentences is not None:
                top = reranked(allowed, cosines, data.sentences, qvecs[q], centred, hub, method)[0][0]
            else:
                top = allowed[int(np.argmax(ranked[allowed]))]
            hits.setdefault((row["lang"], target), []).append(labels[top] == row["id"])
    return {pair: float(np.mean(v)) for pair, v in hits.items()}


def table(result: dict[tuple[str, str], float]) -> list[str]:
    targets = [t for t in LANGS if any(pair[1] == t for pair in result)]
    lines = ["| query ↓ / target → | " + " | ".join(targets) + " |", "|---|" + "---:|" * len(targets)]
    for source in LANGS:
        cells = [f"{result[(source, t)]:.2f}" if (source, t) in result else "–" for t in targets]
        lines.append(f"| {source} | " + " | ".join(cells) + " |")
    return lines


def engine_check(embedder, rows, method: str, means, best: bool) -> float:
    """Mean P@1 over every (A, B) pair for Cairo through SearchEngine.search (hybrid, --lang B)."""
    from search.engine import SearchEngine

    engine = SearchEngine(ensure_framework_index(embedder), embedder, language_means=means)
    engine.hubness, engine.best_sentences = method, best
    engine._highlighter = lambda chunks, query, qvec: [() for _ in chunks]  # ranking only
    hits = []
    for row in rows:
        for target in LANGS:
            if target != row["lang"]:
                found = engine.search(row["text"], 1, langs=(target,), framework="cairo")
                hits.append(bool(found) and found[0].label == row["id"])
    return float(np.mean(hits))


def engine_pairs(engine, rows, framework: str) -> dict[tuple[str, str], float]:
    """P@1 per (A, B) pair through SearchEngine.search (hybrid, as the app ranks), restricted to
    language B and the framework."""
    right: dict[tuple[str, str], list[bool]] = {}
    languages = engine_languages(engine, framework)
    for row in rows:
        question = re.sub('["“”«»„]', " ", row["text"])  # quotation marks would ask for exact phrases
        for target in LANGS:
            if target != row["lang"] and target in languages:
                found = engine.search(question, 1, langs=(target,), framework=framework, highlight=False)
                right.setdefault((row["lang"], target), []).append(bool(found) and found[0].label == row["id"])
    return {pair: float(np.mean(v)) for pair, v in right.items()}


def engine_languages(engine, framework: str) -> set[str]:
    return {c.lang for c in engine.data.chunks if c.doc_id == f"framework:{framework}"}


def versions_check(embedder, frameworks: list[str]) -> None:
    """Every query set through the engine as the app and CLI rank (centred on the frameworks
    index's means), an item scored alone (version share 0) and with its language versions."""
    from search.centring import framework_language_means
    from search.engine import SearchEngine

    engine = SearchEngine(ensure_framework_index(embedder), embedder, language_means=framework_language_means(embedder))
    shares = (0.0, engine.version_share)
    print("\n| set | queries | version share | mean P@1 over pairs | worst pair | pairs >= 0.85 |")
    print("|---|---|---:|---:|---|---:|")
    for framework in frameworks:
        for kind, make in QUERY_SETS.items():
            rows = make(framework)
            for share in shares:
                engine.version_share = share
                result = engine_pairs(engine, rows, framework)
                worst = min(result, key=result.get)
                above = sum(v >= 0.85 for v in result.values())
                print(
                    f"| {framework} | {kind} ({len(rows)}) | {share} | {np.mean(list(result.values())):.3f} "
                    f"| {result[worst]:.2f} ({worst[0]}→{worst[1]}) | {above}/{len(result)} |",
                    flush=True,
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frameworks", default="cairo,sdg,nua")
    parser.add_argument("--engine", action="store_true", help="also the full hybrid engine on Cairo")
    parser.add_argument(
        "--versions",
        action="store_true",
        help="only: every set through the engine, items alone and with their versions",
    )
    parser.add_argument("--held-out-means", action="store_true", help="centre on the other frameworks' means")
    args = parser.parse_args()
    embedder = Embedder()
    if args.versions:
        print(f"commit {git_commit()}; {embedder.backend}")
        versions_check(embedder, args.frameworks.split(","))
        return 0
    data = load_index(ensure_framework_index(embedder))
    hub = hub_levels(data.vectors)
    langs = [c.lang for c in data.chunks]
    print(f"commit {git_commit()}; {embedder.backend}; frameworks index: {len(data.chunks)} chunks")
    summary = []
    for framework in args.frameworks.split(","):
        others = [c.doc_id != f"framework:{framework}" or not args.held_out_means for c in data.chunks]
        means = LanguageMeans.of(data.vectors[np.array(others)], [lang for lang, o in zip(langs, others) if o])
        centred = CentredIndex.of(means, data.vectors, langs)
        for kind, make in QUERY_SETS.items():
            rows = make(framework)
            qvecs = cached_encode(f"xl-eval-{framework}-{kind}", [r["text"] for r in rows], embedder)
            print(f"\n## {framework}, {kind}: {len(rows)} queries, {len(parallel_items(framework))} items")
            for method, centre, best in VARIANTS:
                result = p_at_1(data, qvecs, rows, framework, hub, method, centred if centre else None, best)
                method = method + (", centred" if centre else "") + (", best sentence" if best else "")
                values = list(result.values())
                worst = min(result, key=result.get)
                above = sum(v >= 0.85 for v in values)
                summary.append((framework, kind, method, np.mean(values), result[worst], worst, above, len(values)))
                print(f"\n### {framework}, {kind}, hubness correction {method}")
                print("\n".join(table(result)))
    print("\n| set | queries | correction | mean P@1 over pairs | worst pair | pairs >= 0.85 |")
    print("|---|---|---|---:|---|---:|")
    for framework, kind, method, mean, worst, pair, above, pairs in summary:
        print(f"| {framework} | {kind} | {method} | {mean:.3f} | {worst:.2f} ({pair[0]}→{pair[1]}) | {above}/{pairs} |")
    if args.engine:
        rows = sentences("cairo")
        for method, centre, best in VARIANTS:
            p1 = engine_check(embedder, rows, method, LanguageMeans.of_index(data) if centre else None, best)
            name = method + (", centred" if centre else "") + (", best sentence" if best else "")
            print(f"engine (hybrid) on cairo, {name}: mean P@1 {p1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
