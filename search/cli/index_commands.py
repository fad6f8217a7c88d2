"""`policy-align index build|add|remove|update|list|stats`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from indexer.index.lock import DEFAULT_WAIT_SECONDS
from indexer.settings import cache_root
from search.cli.options import model_options

EXIT_SOME_FAILED = 1
EXIT_NOTHING_USABLE = 2


def default_index_dir() -> Path:
    return cache_root() / "indexes" / "default"


def register(sub) -> None:
    index = sub.add_parser("index", help="build and manage a document index")
    isub = index.add_subparsers(dest="index_command", metavar="ACTION", required=True)
    where = model_options()
    where.add_argument("--index", type=Path, default=None, help=f"index folder (default {default_index_dir()})")
    reading = [where]
    writing = argparse.ArgumentParser(add_help=False)
    writing.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT_SECONDS,
        metavar="SECONDS",
        help="when another process is writing the index, wait this long for it "
        f"(default {DEFAULT_WAIT_SECONDS:.0f}), then exit 3",
    )
    for name, help_text, run in (
        ("build", "index exactly these files/folders (unchanged files are not re-embedded)", run_build),
        ("add", "add files/folders to the index", run_add),
    ):
        p = isub.add_parser(name, parents=[where, writing], help=help_text)
        p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        p.add_argument("--no-ocr", action="store_true", help="never run OCR; unusable pages stay flagged")
        p.add_argument("--ocr-lang", default=None, help="OCR languages, e.g. zh,ar,en (default: from the document)")
        p.add_argument("--json", action="store_true", help="print the summary as JSON")
        if name == "build":
            p.add_argument(
                "--force", action="store_true", help="replace an index that is damaged or was embedded by another model"
            )
        p.set_defaults(run=run)
    p = isub.add_parser("remove", parents=[where, writing], help="remove documents (by id, path or file name)")
    p.add_argument("targets", nargs="+")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_remove)
    p = isub.add_parser(
        "update", parents=[where, writing], help="re-read indexed files; re-embed only those that changed"
    )
    p.add_argument("--no-ocr", action="store_true")
    p.add_argument("--ocr-lang", default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_update)
    for name, run in (("list", run_list), ("stats", run_stats)):
        p = isub.add_parser(name, parents=reading, help=f"{name} the indexed documents")
        p.add_argument("--json", action="store_true")
        p.set_defaults(run=run)


def _builder(args):
    from indexer.index.builder import IndexBuilder
    from indexer.model import Embedder

    langs = tuple(x.strip() for x in args.ocr_lang.split(",")) if getattr(args, "ocr_lang", None) else None
    return IndexBuilder(
        args.index or default_index_dir(),
        Embedder(args.model, backend=args.backend),
        use_ocr=not getattr(args, "no_ocr", False),
        ocr_langs=langs,
        progress=sys.stderr.isatty(),
        wait=args.wait,
        on_wait=lambda message: print(f"policy-align: {message}", file=sys.stderr),
    )


def _summary(report, args) -> int:
    data = {
        "index": str(args.index or default_index_dir()),
        "documents": report.documents,
        "pages": report.pages,
        "embedded": report.embedded,
        "reused": report.reused,
        "removed": report.removed,
        "duplicates": [{"path": p, "same_as": s} for p, s in report.duplicates],
        "failures": [{"path": p, "reason": r} for p, r in report.failures],
        "skipped": report.skipped,
        "flagged_pages": report.flagged_pages,
        "ocr_pages": report.ocr_pages,
        "chunks_by_language": dict(report.chunks_by_lang.most_common()),
        "seconds": round(report.seconds, 1),
        "not_followed": [{"path": p, "reason": r} for p, r in report.not_followed],
        "replaced": report.replaced,
        "took_over": report.took_over,
        "exit_code": _exit_code(report),
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        langs = ", ".join(f"{k} {v}" for k, v in data["chunks_by_language"].items()) or "none"
        print(
            f"index {data['index']}: {data['documents']} documents, {data['pages']} pages, "
            f"{sum(data['chunks_by_language'].values())} chunks ({langs})"
        )
        print(
            f"embedded {len(report.embedded)}, unchanged {len(report.reused)}, removed {len(report.removed)}, "
            f"flagged pages {report.flagged_pages}, OCR'd pages {report.ocr_pages}, {data['seconds']} s"
        )
        if report.replaced:
            print(f"  replaced the previous index: {report.replaced}", file=sys.stderr)
        if report.took_over:
            print(f"  took over the lock of a writer that was killed: {report.took_over}", file=sys.stderr)
        for path, same in report.duplicates:
            print(f"  duplicate: {path} (same content as {same})")
        for path, reason in report.failures:
            print(f"  not indexed: {path}: {reason}", file=sys.stderr)
        for path, reason in report.not_followed:
            print(f"  not followed: {path}: {reason}", file=sys.stderr)
        if report.skipped:
            print(f"  skipped {len(report.skipped)} unsupported file(s)", file=sys.stderr)
        if data["exit_code"] == EXIT_NOTHING_USABLE:
            print("policy-align: error: no file could be indexed; the index was not changed", file=sys.stderr)
    return data["exit_code"]


def _exit_code(report) -> int:
    """0 all good; 1 some files failed (listed); 2 nothing usable (no file read; index unchanged)."""
    read = report.embedded or report.reused or report.duplicates or report.removed
    if report.failures and not read:
        return EXIT_NOTHING_USABLE
    if not report.failures and not report.files and not report.removed:
        return EXIT_NOTHING_USABLE  # no supported file was named or found
    return EXIT_SOME_FAILED if report.failures else 0


def run_build(args) -> int:
    return _summary(_builder(args).build(args.paths, force=args.force), args)


def run_add(args) -> int:
    return _summary(_builder(args).build(args.paths, keep_existing=True), args)


def run_remove(args) -> int:
    return _summary(_builder(args).remove(args.targets), args)


def run_update(args) -> int:
    return _summary(_builder(args).update(), args)


def _load(args):
    from indexer.index.store import load_index

    return load_index(args.index or default_index_dir())


def run_list(args) -> int:
    docs = _load(args).manifest["documents"]
    if args.json:
        print(json.dumps([{"doc_id": k, **v} for k, v in docs.items()], ensure_ascii=False))
        return 0
    for doc_id, meta in docs.items():
        flagged = f", flagged pages {meta['flagged_pages']}" if meta["flagged_pages"] else ""
        print(
            f"{doc_id}  {meta['title'][:50]}  [{','.join(meta['languages'])}] {meta['pages']} p, "
            f"{meta['chunks']} chunks{flagged}\n    {meta['path']}"
        )
    return 0


def run_stats(args) -> int:
    from collections import Counter

    data = _load(args)
    langs = Counter(c.lang for c in data.chunks)
    stats = {
        "index": str(data.path),
        "documents": len(data.manifest["documents"]),
        "chunks": len(data.chunks),
        "model": data.manifest["model"]["name"],
        "dimension": data.manifest["dimension"],
        "faiss": data.manifest["faiss"]["type"],
        "chunks_by_language": dict(langs.most_common()),
        "pages": sum(m["pages"] for m in data.manifest["documents"].values()),
        "flagged_pages": sum(len(m["flagged_pages"]) for m in data.manifest["documents"].values()),
        "written": data.manifest["written"],
    }
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
    else:
        for key, value in stats.items():
            print(f"{key:>18}: {value}")
    return 0
