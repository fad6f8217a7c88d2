"""`policy-align corpus list|show|fetch|add`: the reference frameworks."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from indexer.errors import PolicyAlignError
from indexer.frameworks.model import STATUSES
from search.cli.options import framework_names, model_options


def register(sub) -> None:
    corpus = sub.add_parser("corpus", help=f"the reference frameworks ({framework_names()})")
    csub = corpus.add_subparsers(dest="corpus_command", metavar="ACTION", required=True)
    p = csub.add_parser("list", help="frameworks, items, languages and the status of each text")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_list)
    p = csub.add_parser("show", help="one item, e.g. cairo:6 or nua:137, in every language")
    p.add_argument("item")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_show)
    for name, help_text in (
        ("fetch", "download official language versions and attach them"),
        ("add", "attach an official text you already have (offline workshops)"),
    ):
        p = csub.add_parser(name, parents=[model_options()], help=help_text)
        if name == "fetch":
            p.add_argument("framework")
            p.add_argument("--lang", required=True, help="comma-separated, e.g. en,zh,ar,fr,es,ru")
            p.add_argument("--sources", type=Path, help="a sources.toml to use instead of corpus/sources.toml")
            p.add_argument("--timeout", type=float, default=30.0)
        else:
            p.add_argument("file", type=Path)
            p.add_argument("--framework", required=True)
            p.add_argument("--lang", required=True)
        p.add_argument("--no-reindex", action="store_true", help="do not rebuild the frameworks index")
        p.set_defaults(run=run_fetch if name == "fetch" else run_add)


def run_list(args) -> int:
    from indexer.frameworks import load_frameworks

    frameworks = load_frameworks()
    rows, names = [], {}
    for fw in frameworks.values():
        langs = {lang: sorted(statuses, key=STATUSES.index) for lang, statuses in sorted(fw.languages().items())}
        top, sub = fw.levels()
        rows.append(
            {
                "id": fw.id,
                "name": fw.names.get("en", fw.id),
                "items": len(fw.items),
                "top_level": len(top),
                "sub_items": len(sub),
                "languages": langs,
            }
        )
        names[fw.id] = fw.level_names
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        levels = names[row["id"]]
        parts = (
            f" ({row['top_level']} {levels[0]}, {row['sub_items']} {levels[1]})"
            if row["sub_items"] and len(levels) == 2
            else ""
        )
        print(f"{row['id']}: {row['name']} — {row['items']} items{parts}")
        for lang, statuses in row["languages"].items():
            print(f"    {lang}: {', '.join(statuses)}")
    return 0


def run_show(args) -> int:
    from indexer.frameworks import load_frameworks

    fw_id = args.item.split(":", 1)[0].lower()
    frameworks = load_frameworks()
    if fw_id not in frameworks:
        raise PolicyAlignError(f"unknown framework {fw_id!r}; known: {', '.join(frameworks)}")
    fw = frameworks[fw_id]
    item = fw.item(args.item.lower())
    texts = sorted(item.texts, key=lambda t: (STATUSES.index(t.status), t.lang))
    from search.links import linked_items

    links = linked_items(item.id)
    if args.json:
        print(
            json.dumps(
                {
                    "id": item.id,
                    "section": list(fw.section_path(item.section)),
                    "texts": [
                        {"lang": t.lang, "status": t.status, "title": t.title, "text": t.text, "source": t.source}
                        for t in texts
                    ],
                    "links": links,
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(f"{item.id} — {fw.names.get('en', fw.id)}")
    print(f"section: {' › '.join(fw.section_path(item.section))}")
    for t in texts:
        print(f"\n[{t.lang}, {t.status}]" + (f" {t.title}" if t.title else ""))
        print(t.text)
    if links:
        print("\nlinked (corpus/crosswalk.jsonl):")
        for link in links:
            print(f"  {link['id']} {link['title']} — {link['rationale']}")
    return 0


def _attach(args, fw_id: str, lang: str, file: Path, origin: str, source: dict) -> None:
    from indexer.frameworks import load_frameworks
    from indexer.frameworks.official import add_official

    frameworks = load_frameworks()
    if fw_id not in frameworks:
        raise PolicyAlignError(f"unknown framework {fw_id!r}; known: {', '.join(frameworks)}")
    added = add_official(frameworks[fw_id], lang, file, source, origin)
    print(
        f"{fw_id} [{lang}]: {added.items} numbered items attached as official text"
        + (f" (+{added.preamble} preamble paragraphs)" if added.preamble else "")
        + f" -> {added.path}"
    )


def _reindex(args) -> None:
    if args.no_reindex:
        return
    from indexer.frameworks import load_frameworks
    from indexer.frameworks.indexing import build_framework_index
    from indexer.model import Embedder

    n = build_framework_index(load_frameworks(), Embedder(args.model, backend=args.backend))
    print(f"frameworks index rebuilt: {n} texts", file=sys.stderr)


def run_add(args) -> int:
    from indexer.frameworks.official import sources

    fw_id = args.framework.lower()
    _attach(args, fw_id, args.lang, args.file, str(args.file.resolve()), sources().get(fw_id, {}))
    _reindex(args)
    return 0


def run_fetch(args) -> int:
    from indexer.frameworks.fetch import FetchError, download_pdf
    from indexer.frameworks.official import sources

    fw_id = args.framework.lower()
    source = sources(args.sources).get(fw_id)
    if source is None:
        raise PolicyAlignError(f"no sources listed for {fw_id!r}")
    failed = []
    for lang in [x.strip() for x in args.lang.split(",") if x.strip()]:
        url = source.get("urls", {}).get(lang)
        if not url:
            failed.append(f"{lang}: no URL known; use `policy-align corpus add FILE --framework {fw_id} --lang {lang}`")
            continue
        with tempfile.TemporaryDirectory(prefix="policy-align-fetch-") as tmp:
            try:
                pdf = download_pdf(url, Path(tmp) / f"{fw_id}-{lang}.pdf", timeout=args.timeout)
                _attach(args, fw_id, lang, pdf, url, source)
            except (FetchError, PolicyAlignError) as exc:
                failed.append(f"{lang}: {exc}")
    for line in failed:
        print(f"policy-align: not attached: {line}", file=sys.stderr)
    if len(failed) < len(args.lang.split(",")):
        _reindex(args)
    return 1 if failed else 0
