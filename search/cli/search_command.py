"""`policy-align search QUERY`: hybrid search over an index (or the frameworks)."""

from __future__ import annotations

import json
from pathlib import Path

from search.cli.index_commands import default_index_dir
from search.cli.options import model_options, usage_error


def register(sub) -> None:
    from indexer.frameworks import framework_ids

    p = sub.add_parser("search", parents=[model_options()], help="search an index in any language")
    p.add_argument(
        "query", nargs="+", help='words in any language; "quoted phrases"; NUA 137, cairo:6, 开罗行动宣言 第6条'
    )
    p.add_argument("--index", type=Path, default=None, help=f"index folder (default {default_index_dir()})")
    p.add_argument("--k", type=int, default=10, help="number of results (default 10)")
    p.add_argument("--lang", default="", help="only these languages, e.g. zh,ar")
    p.add_argument("--doc", default=None, help="only this document (id, id prefix or title)")
    p.add_argument(
        "--framework", default=None, choices=framework_ids(), help="search this framework instead of the index"
    )
    p.add_argument("--mode", choices=("hybrid", "dense", "lexical"), default="hybrid")
    p.add_argument("--json", action="store_true", help="print a JSON list of hits")
    p.set_defaults(run=run_search)


def _engine(args):
    from indexer.model import Embedder
    from search.engine import SearchEngine

    embedder = Embedder(args.model, backend=args.backend)
    if args.framework:
        from indexer.frameworks.indexing import ensure_framework_index

        return SearchEngine(ensure_framework_index(embedder), embedder)
    return SearchEngine(args.index or default_index_dir(), embedder)


def run_search(args) -> int:
    from search.engine import clean_query
    from search.links import linked_items, supports_line

    query = clean_query(" ".join(args.query))
    if args.k < 1:
        usage_error("--k must be at least 1")
    langs = tuple(x.strip() for x in args.lang.split(",") if x.strip())
    hits = _engine(args).search(query, args.k, langs=langs, doc=args.doc, framework=args.framework, mode=args.mode)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "doc": h.doc,
                        "title": h.title,
                        "page": h.page,
                        "label": h.label,
                        "lang": h.lang,
                        "score": h.score,
                        "text": h.text,
                        "highlights": [list(span) for span in h.highlights],
                        "flags": list(h.flags),
                        "section": list(h.section),
                        "chunk_id": h.chunk_id,
                        "path": h.path,
                        "links": linked_items(h.label) if ":" in h.label else [],
                    }
                    for h in hits
                ],
                ensure_ascii=False,
            )
        )
        return 0
    if not hits:
        print("no results")
    for n, h in enumerate(hits, 1):
        where = f"p. {h.page}" if h.page else h.label
        label = f" ¶ {h.label}" if h.label and h.page else ""
        print(
            f"{n}. {h.title[:60]} — {where}{label} [{h.lang}] score {h.score:.4f}"
            + (f" flags: {','.join(h.flags)}" if h.flags else "")
        )
        a, b = h.highlights[0] if h.highlights else (0, min(len(h.text), 200))
        print(f"   …{h.text[max(0, a - 60) : a]}»{h.text[a:b]}«{h.text[b : b + 60]}…")
        links = [link["id"] for link in linked_items(h.label)] if ":" in h.label else []
        print(f"   linked: {supports_line(links)}\n" if links else "")
    return 0
