"""`policy-align search QUERY`: hybrid search over an index (or the frameworks)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from search.cli.index_commands import default_index_dir
from search.cli.options import model_options, usage_error


def register(sub) -> None:
    from indexer.frameworks import framework_ids

    p = sub.add_parser("search", parents=[model_options()], help="search an index in any language")
    p.add_argument(
        "query", nargs="*", help='words in any language; "quoted phrases"; NUA 137, cairo:6, 开罗行动宣言 第6条'
    )
    p.add_argument(
        "--file",
        type=Path,
        default=None,
        help="one query per line (UTF-8; - reads stdin); with --json: a list of hit lists in input order",
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
    from search.centring import LanguageMeans, framework_language_means
    from search.engine import SearchEngine

    embedder = Embedder(args.model, backend=args.backend)
    if args.framework:
        from indexer.frameworks.indexing import load_framework_index

        data = load_framework_index(embedder)  # checked and loaded once
        return SearchEngine(data, embedder, language_means=LanguageMeans.of_index(data))
    means = framework_language_means(embedder)
    if means is None:
        # a search never waits minutes for set-up, but the user should know it ranks differently
        print(
            "note: the frameworks index is not prepared for this model (or was made from texts read in "
            "an earlier form): ranking without language centring. `policy-align model build` prepares it once.",
            file=sys.stderr,
        )
    engine = SearchEngine(args.index or default_index_dir(), embedder, language_means=means)
    _note_earlier_form(engine.data.manifest.get("documents", {}))
    return engine


def _note_earlier_form(documents: dict) -> None:
    from indexer.index.reading import in_present_form

    stale = [meta["path"] for meta in documents.values() if not in_present_form(meta)]
    if stale:
        print(
            f"note: {len(stale)} indexed document(s) were embedded from texts read in an earlier form "
            f"(e.g. {stale[0]}); `policy-align index update` embeds them again.",
            file=sys.stderr,
        )


def _hit_json(h) -> dict:
    from search.links import linked_items

    return {
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


def _queries(args) -> list[str]:
    """The queries: the words on the command line (one query), or one per line of --file.
    Every line is a query, so output i answers line i; a blank line is a usage error (exit 2)."""
    import sys

    from search.hits import clean_query

    if args.file is None:
        if not args.query:
            usage_error("give a query, or --file with one query per line")
        return [clean_query(" ".join(args.query))]
    if args.query:
        usage_error("give a query or --file, not both")
    try:
        raw = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
    except OSError as exc:
        usage_error(f"cannot read {args.file}: {exc.strerror or exc}")
    lines = raw.decode("utf-8", errors="replace").splitlines()
    while lines and not lines[-1].strip():
        lines.pop()  # a trailing newline (or several) is not a query
    if not lines:
        usage_error(f"{args.file} has no queries")
    blank = [n for n, line in enumerate(lines, 1) if not line.strip()]
    if blank:
        usage_error(f"{args.file}: line {blank[0]} is empty (one query per line, so line i answers query i)")
    return [clean_query(line) for line in lines]


def run_search(args) -> int:
    from search.links import linked_items, supports_line

    queries = _queries(args)
    if args.k < 1:
        usage_error("--k must be at least 1")
    langs = tuple(x.strip() for x in args.lang.split(",") if x.strip())
    engine = _engine(args)  # one model start-up for every query
    if engine.data.sentences is None and not args.framework:  # still searches; highlights cost more
        import sys

        from indexer.index.sentences import HINT

        print(f"hint: {HINT.format(index=args.index or default_index_dir())}", file=sys.stderr)
    results = [
        engine.search(query, args.k, langs=langs, doc=args.doc, framework=args.framework, mode=args.mode)
        for query in queries
    ]
    if args.json:
        payload = [[_hit_json(h) for h in hits] for hits in results]
        print(json.dumps(payload if args.file is not None else payload[0], ensure_ascii=False))
        return 0
    for query, hits in zip(queries, results):
        if args.file is not None:
            print(f"## {query}")
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
