"""`policy-align compare DOC_A DOC_B`: paragraph-by-paragraph alignment of two versions."""

from __future__ import annotations

import json
from pathlib import Path

from search.cli.options import model_options


def register(sub) -> None:
    p = sub.add_parser(
        "compare",
        parents=[model_options()],
        help="align two versions of a document (e.g. official Chinese and English) paragraph by paragraph",
    )
    p.add_argument("doc_a", type=Path)
    p.add_argument("doc_b", type=Path)
    p.add_argument("--json", action="store_true", help="print the links as JSON")
    p.set_defaults(run=run_compare)


def _units(path: Path):
    from indexer.extract.load import load_document
    from indexer.structure.units import chunk_document

    chunks = chunk_document(load_document(path), limit=10**9)  # whole paragraphs: the DP decides merges
    return [c.label for c in chunks], [c.text for c in chunks]


def run_compare(args) -> int:
    from indexer.errors import PolicyAlignError
    from indexer.model import Embedder
    from search.compare import align_texts

    labels_a, texts_a = _units(args.doc_a)
    labels_b, texts_b = _units(args.doc_b)
    if not texts_a or not texts_b:
        raise PolicyAlignError("one of the documents has no extractable text to align")
    links = align_texts(texts_a, texts_b, Embedder(args.model, backend=args.backend))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "a": list(link.a),
                        "b": list(link.b),
                        "a_labels": [labels_a[i] for i in link.a],
                        "b_labels": [labels_b[j] for j in link.b],
                        "score": link.score,
                    }
                    for link in links
                ],
                ensure_ascii=False,
            )
        )
        return 0
    matched = sum(1 for link in links if link.a and link.b)
    print(
        f"{len(texts_a)} paragraphs in A, {len(texts_b)} in B: {matched} links, "
        f"{sum(1 for link in links if not link.b)} only in A, {sum(1 for link in links if not link.a)} only in B"
    )
    for link in links:
        left = "+".join(labels_a[i] or f"#{i + 1}" for i in link.a) or "—"
        right = "+".join(labels_b[j] or f"#{j + 1}" for j in link.b) or "—"
        snippet_a = texts_a[link.a[0]][:40].replace("\n", " ") if link.a else ""
        snippet_b = texts_b[link.b[0]][:40].replace("\n", " ") if link.b else ""
        print(f"{left:>12} ↔ {right:<12} {link.score:5.2f}  {snippet_a} | {snippet_b}")
    return 0
