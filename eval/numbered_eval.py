"""Numbered plan statements: does a citation label in front of a statement ("3.2 The city
will …", "Measure 3.2: …", "措施3.2：…") change what the shipped matcher says about it?

A plan cites its statements by number, so most statements the indexer cuts from a plan PDF
open with one; the labelled sets do not. Each held-out set (eval/data/*_fresh.jsonl, written
after the matchers were fitted) is scored as written and with a label of each style in front;
the last style is a field name, not a number ("Objective: …").

    python eval/numbered_eval.py [--backend onnx-int8]

Columns: P@1 (the top item is one the statement supports, on-topic statements), matched (the
share of on-topic statements given a strong or partial match) and abstained (the share of
off-topic statements given none).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import ROOT, git_commit
from search.embedded import embed_statements
from search.form import field_names
from search.training import labelled_for, read_rows

SETS = (  # (framework, held-out file)
    ("cairo", "cairo_fresh.jsonl"),
    ("cairo", "cairo_fresh2.jsonl"),
    ("cairo", "cairo_paragraphs_fresh.jsonl"),
    ("nua", "nua_fresh.jsonl"),
    ("nua", "boilerplate_fresh.jsonl"),
    ("cairo", "boilerplate_fresh.jsonl"),
)
# How plans name a numbered measure, by the statement's language ("" for the others: "Action").
NAMED = {
    "en": "Measure {n}: ",
    "fr": "Mesure {n} : ",
    "es": "Medida {n}: ",
    "pt": "Medida {n}: ",
    "de": "Maßnahme {n}: ",
    "ru": "Мера {n}. ",
    "zh": "措施{n}：",
    "ja": "施策{n}：",
    "ar": "الإجراء {n}: ",
    "": "Action {n}: ",
}
# A plan's field name before a statement ("Objective: …"): a short label, read as glossary and
# document-control entries are (search/form.py: opens_with_label), not a number.
FIELD = {
    "en": "Objective",
    "fr": "Objectif",
    "es": "Objetivo",
    "pt": "Objetivo",
    "de": "Ziel",
    "ru": "Цель",
    "zh": "目标",
    "ja": "目標",
    "ar": "الهدف",
    "": "Objective",
}
STYLES = {
    "as written": lambda text, lang, n: text,
    "3.2 text": lambda text, lang, n: f"{n} {text}",
    "(b) text": lambda text, lang, n: f"({'abcdefgh'[int(n.split('.')[1]) % 8]}) {text}",
    "Measure 3.2: text": lambda text, lang, n: NAMED.get(lang, NAMED[""]).format(n=n) + text,
    "Objective: text": lambda text, lang, n: (
        FIELD.get(lang, FIELD[""]) + ("：" if lang in ("zh", "ja") else ": ") + text
    ),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", default=None)
    args = parser.parse_args()
    from indexer.frameworks import load_frameworks
    from indexer.model import Embedder
    from search.match import Matcher

    embedder = Embedder(backend=args.backend)
    frameworks = load_frameworks()
    print(f"commit {git_commit()}\n")
    print("| framework | set | style | n on / off | P@1 | matched | abstained |")
    print("|---|---|---|---:|---:|---:|---:|")
    for fw, name in SETS:
        rows = labelled_for(read_rows(ROOT / "eval" / "data" / name), fw)
        matcher = Matcher(frameworks[fw], embedder)
        items = matcher.viewset.items
        off = np.array([r.off_topic for r in rows])
        for style, make in STYLES.items():
            texts = [make(r.text, r.lang, f"{1 + i // 9}.{1 + i % 9}") for i, r in enumerate(rows)]
            # the set read as one plan: a label opening several statements is a field name
            scores = matcher.scores(embed_statements(texts, embedder, fields=field_names(texts)))
            top = scores.probability.argmax(axis=1)
            hit = np.array([items[t] in r.supported for t, r in zip(top, rows)])
            shown = (scores.strength != "none").any(axis=1)
            p1 = f"{hit[~off].mean():.3f}" if (~off).any() else "–"
            matched = f"{shown[~off].mean():.3f}" if (~off).any() else "–"
            abstained = f"{(~shown[off]).mean():.3f}" if off.any() else "–"
            print(f"| {fw} | {name} | {style} | {(~off).sum()} / {off.sum()} | {p1} | {matched} | {abstained} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
