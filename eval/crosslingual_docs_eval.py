"""Cross-lingual search over a declaration indexed as documents, one per language: a query in
language A must find the right article in language B's document (P@1), for every A and B of
the six UN languages.

The declaration is built from the team's SDG texts (corpus/frameworks/sdg): one article per
goal, opened by its heading in the language's own form ("Article 11", "第11条", "المادة 11"),
then the goal's text and each of its targets as paragraphs of their own, so most of an
article's paragraphs come after its first. The documents go through the whole indexer
(Markdown -> units -> chunks -> embeddings); the queries are the team's aspects of each goal
(what a plan does for it, in each language), never indexed. A hit counts when its label names
the right article. "first paragraph only" scores the same hits as if only the paragraph that
opens an article carried its label (as before labels were inherited): the gain is what
inheritance gives a reader who filters or cites by article.

`--pdf` indexes each declaration as a PDF printed by LibreOffice (labels and paragraphs then come
from the PDF's glyphs, as with a real declaration) instead of its Markdown.

`--set lisbon`, the shape of the set the issue was measured on: a declaration of 30 articles the
team wrote for this check (eval/data/lisbon: an invented "Declaration of Lisbon on Cities, Land
and Public Services", an English original and its translations into the five other UN languages,
each article 2-4 paragraphs with its label only on the first: "Article 7", "第七条", "المادة 7"),
queried with questions an officer would type, in each language: two sets of 30, one question
per article each (questions.*.jsonl, then questions2.*.jsonl, written by another hand after the
first set had been measured, without seeing it). Neither was tuned on.

`--set nua`, a check the team did not tune on: the New Urban Agenda (team summaries in en, zh,
ar) as a declaration of 14 articles, one per section of its outline (the label, the section's
title on its own line, then its paragraphs); the queries are the team's aspects of each
paragraph in six languages (3,150), and a hit counts when it names the paragraph's article.

    python eval/crosslingual_docs_eval.py [--set sdg|nua|lisbon] [--mode hybrid|dense] [--no-centring]
        [--no-best-sentences] [--no-articles] [--version-share S] [--pdf] [--keep DIR]

The engine ranks as the app and the CLI do: centred on the frameworks index's language means
(search/centring.py; `--no-centring`: raw cosines), its dense pool re-ranked with each chunk's
best sentence (search/sentence_rank.py; `--no-best-sentences`: chunks alone) and each chunk
scored with a share of its article's best other chunks (search/articles.py; `--no-articles`:
chunks alone).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import ROOT, git_commit
from eval.crosslingual_eval import LANGS, table

# how each language opens an article (the label patterns of indexer/structure/labels.py)
ARTICLE = {
    "en": "Article {}",
    "fr": "Article {}",
    "es": "Artículo {}",
    "ru": "Статья {}",
    "ar": "المادة {}",
    "zh": "第{}条",
}


def declaration(lang: str) -> str:
    """The SDG declaration in `lang`: per goal its article label, "title. goal text", then its targets."""
    from indexer.frameworks import load_frameworks

    fw = load_frameworks()["sdg"]
    blocks = []
    for goal in (item for item in fw.items if not item.parent):
        text = goal.text_for(lang)
        blocks += [ARTICLE[lang].format(goal.number), f"{text.title}. {text.text}" if text.title else text.text]
        blocks += [t.text_for(lang).text for t in fw.items if t.parent == goal.id]
    return "\n\n".join(blocks) + "\n"


def queries() -> list[dict]:
    rows = []
    for path in sorted((ROOT / "corpus/frameworks/sdg").glob("aspects*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        {**r, "want": r["id"].split(":")[1]} for r in rows if r["lang"] in LANGS and re.fullmatch(r"sdg:\d+", r["id"])
    ]


def nua_articles() -> list[tuple[str, list]]:
    """The New Urban Agenda's sections of the outline in order, each with its paragraphs."""
    from indexer.frameworks import load_frameworks

    fw = load_frameworks()["nua"]
    out: dict[str, list] = {}
    for item in fw.items:
        out.setdefault(item.section, []).append(item)
    return list(out.items())


def nua_declaration(lang: str) -> str:
    """The NUA (team summaries, en/zh/ar) as a declaration of 14 articles, one per section of its
    outline: the article label, the section's title on its own line, then its paragraphs' texts."""
    from indexer.frameworks import load_frameworks

    fw = load_frameworks()["nua"]
    blocks = []
    for number, (section, items) in enumerate(nua_articles(), 1):
        title = re.sub(r"\s*[(（][^)）]*\d[^)）]*[)）]\s*$", "", fw.section_path(section, lang)[-1])
        blocks += [f"{ARTICLE[lang].format(number)}\n{title}"]
        blocks += [item.text_for(lang).text for item in items if item.text_for(lang)]
    return "\n\n".join(blocks) + "\n"


def nua_queries() -> list[dict]:
    """The team's NUA aspects (six languages), each wanting the article of its paragraph."""
    article_of = {item.id: str(n) for n, (_, items) in enumerate(nua_articles(), 1) for item in items}
    rows = []
    for path in sorted((ROOT / "corpus/frameworks/nua").glob("aspects*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{**r, "want": article_of[r["id"]]} for r in rows if r["lang"] in LANGS and r["id"] in article_of]


LISBON = ROOT / "eval/data/lisbon"


def lisbon_declaration(lang: str) -> str:
    return (LISBON / f"{lang}.md").read_text(encoding="utf-8")


def lisbon_queries() -> list[dict]:
    """The questions in every language, each wanting its article's number."""
    rows = []
    for lang in LANGS:
        lines = [
            x for path in sorted(LISBON.glob(f"questions*.{lang}.jsonl")) for x in path.read_text("utf-8").splitlines()
        ]
        for line in lines:
            if line.strip():
                row = json.loads(line)
                rows.append({"lang": lang, "text": row["text"], "want": str(row["article"])})
    return rows


# name -> (the declaration in a language, the queries, its languages)
SETS = {
    "sdg": (declaration, queries, LANGS),
    "nua": (nua_declaration, nua_queries, ("zh", "en", "ar")),
    "lisbon": (lisbon_declaration, lisbon_queries, LANGS),
}


def article(label: str) -> str:
    """The number an article label names: "Article 7", "المادة 7", "第7条" and "第七条" give "7"."""
    from search.references import zh_number

    found = re.search(r"\d+", label or "")
    if found:
        return found.group(0)
    chinese = re.search(r"第\s*([一二三四五六七八九十百零〇两]+)\s*条", label or "")
    return str(zh_number(chinese.group(1))) if chinese else ""


def as_pdf(markdown: Path, lang: str) -> Path:
    """The declaration as a PDF printed by LibreOffice (soffice on PATH) from an HTML page of its
    paragraphs, right to left for Arabic: the indexer then reads it from glyph positions."""
    import html
    import subprocess

    page = markdown.with_suffix(".html")
    body = "".join(f"<p>{html.escape(block)}</p>" for block in markdown.read_text(encoding="utf-8").split("\n\n"))
    direction = "rtl" if lang == "ar" else "ltr"
    page.write_text(f'<html lang="{lang}" dir="{direction}"><meta charset="utf-8"><body>{body}</body></html>', "utf-8")
    command = ["soffice", "--headless", "--convert-to", "pdf:writer_web_pdf_Export", "--outdir", str(page.parent)]
    subprocess.run([*command, str(page)], check=True, capture_output=True, timeout=300)
    return page.with_suffix(".pdf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--set",
        default="sdg",
        choices=tuple(SETS),
        help="sdg: the goals as 17 articles; nua: its 14 sections; lisbon: 30 articles the team wrote",
    )
    parser.add_argument("--mode", default="hybrid", choices=("hybrid", "dense"))
    parser.add_argument("--no-centring", action="store_true", help="raw cosines (no language centring)")
    parser.add_argument("--no-best-sentences", action="store_true", help="rank chunks alone")
    parser.add_argument("--no-articles", action="store_true", help="rank chunks without their article's others")
    parser.add_argument(
        "--version-share", type=float, help="how far an article moves towards its language versions' mean (0: not)"
    )
    parser.add_argument("--pdf", action="store_true", help="index each declaration as a PDF made by LibreOffice")
    parser.add_argument("--keep", type=Path, help="build the index in this folder and reuse it next time")
    args = parser.parse_args()
    from indexer.extract.load import sha256_file
    from indexer.index.builder import IndexBuilder
    from indexer.model import Embedder
    from indexer.structure.labels import match_label
    from search.centring import framework_language_means
    from search.engine import SearchEngine

    embedder = Embedder()
    with tempfile.TemporaryDirectory(prefix="policy-align-xdocs-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        make, make_queries, langs = SETS[args.set]
        paths = []
        for lang in langs:
            path = folder / f"declaration-{lang}.md"
            path.write_text(make(lang), encoding="utf-8")
            paths.append(as_pdf(path, lang) if args.pdf else path)
        IndexBuilder(folder / "index", embedder, use_ocr=False).build(paths)  # unchanged files are kept
        means = None if args.no_centring else framework_language_means(embedder)
        engine = SearchEngine(folder / "index", embedder, language_means=means)
        engine.best_sentences = not args.no_best_sentences
        engine.article_share = 0.0 if args.no_articles else engine.article_share
        if args.version_share is not None:
            engine.version_share = args.version_share
        docs = {lang: sha256_file(path)[:16] for lang, path in zip(langs, paths)}
        opens = {c.chunk_id for c in engine.data.chunks if getattr(match_label(c.text), "kind", "") == "article"}
        now: dict[tuple[str, str], list[bool]] = {}
        tops: dict[str, list[str]] = {}  # target language -> the top chunk of each question into it
        before: dict[tuple[str, str], list[bool]] = {}
        rows = make_queries()
        for row in rows:
            want = row["want"]
            for target in langs:
                if target == row["lang"]:
                    continue
                # quotation marks would make the search look for exact phrases
                hits = engine.search(
                    re.sub('["“”«»„]', " ", row["text"]), 1, doc=docs[target], mode=args.mode, highlight=False
                )
                label, chunk = (hits[0].label, hits[0].chunk_id) if hits else ("", "")
                now.setdefault((row["lang"], target), []).append(article(label) == want)
                before.setdefault((row["lang"], target), []).append(chunk in opens and article(label) == want)
                tops.setdefault(target, []).append(chunk)
    centring = "raw cosines" if means is None else f"centred on {', '.join(means.langs)}"
    centring += "" if engine.best_sentences else ", chunks alone"
    centring += f", article share {engine.article_share}" if engine.article_share else ", no article share"
    centring += f", version share {engine.version_share}" + (
        f" ({int(engine.versions.family.max()) + 1 if engine.versions else 0} article families)"
    )
    what = {
        "sdg": "SDG goal aspects",
        "nua": "NUA paragraph aspects, 14 section articles",
        "lisbon": "questions on 30 written articles",
    }[args.set]
    print(f"commit {git_commit()}; {len(rows)} queries ({what}), mode {args.mode}, {centring}\n")
    for name, result in (("labels inherited", now), ("first paragraph only", before)):
        means = {pair: float(np.mean(v)) for pair, v in result.items()}
        print(f"{name}: mean P@1 {np.mean(list(means.values())):.3f}, lowest pair {min(means.values()):.3f}")
        print("\n".join(table(means)) + "\n")
    # a hub: one chunk first for many questions about different articles
    print("the chunk first most often, per target language (questions into it):")
    print("; ".join(f"{t} {Counter(c).most_common(1)[0][1]} of {len(c)}" for t, c in tops.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
