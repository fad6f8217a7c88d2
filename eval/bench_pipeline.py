"""The indexer end to end on a generated 300-page multilingual corpus.

Six PDFs of 50 pages each (zh, ar, en, fr, es, ru), made by LibreOffice from numbered
paragraphs of Tatoeba sentences (../shared) or, without it, of the fidelity texts. Measures
extraction (pages/s), chunking, embedding and the whole `IndexBuilder.build`, and compares
the pipeline with the raw model time on the very same chunk texts.

    python eval/bench_pipeline.py [--pages-per-doc 50]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.common import git_commit, shared_dir
from indexer.extract.load import load_document
from indexer.index.builder import IndexBuilder
from indexer.model import Embedder
from indexer.model.fidelity import fidelity_texts
from indexer.structure.units import chunk_document

LANGS = {"zh": "cmn", "ar": "ara", "en": None, "fr": "fra", "es": "spa", "ru": "rus"}


def sentences(lang: str) -> list[str]:
    base = shared_dir() / "data" / "tatoeba"
    code = LANGS[lang]
    path = base / (f"tatoeba.{code}-eng.{code}" if code else "tatoeba.fra-eng.eng")
    if path.is_file():
        return [s for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]
    return [t for lg, t in fidelity_texts() if lg == lang] or [t for _, t in fidelity_texts()]


def make_corpus(folder: Path, pages_per_doc: int) -> list[Path]:
    import html

    rng = random.Random(0)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice is needed to generate the corpus (make system-deps)")
    sources = []
    for lang in LANGS:
        pool = sentences(lang)
        paragraphs = [" ".join(rng.sample(pool, 6)) for _ in range(pages_per_doc * 13)]  # ~13 paragraphs a page
        body = "".join(f"<p>{n}. {html.escape(p)}</p>" for n, p in enumerate(paragraphs, 1))
        direction = "rtl" if lang == "ar" else "ltr"
        (folder / f"plan-{lang}.html").write_text(
            f'<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8"><style>body{{font-size:11pt}}'
            f"p{{margin-bottom:14pt}}</style></head><body>{body}</body></html>",
            encoding="utf-8",
        )
        sources.append(folder / f"plan-{lang}.html")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder}/.lo",
            "--headless",
            "--infilter=HTML (StarWriter)",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return [s.with_suffix(".pdf") for s in sources]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages-per-doc", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="policy-align-bench-"))
    try:
        pdfs = make_corpus(work, args.pages_per_doc)
        embedder = Embedder()
        embedder.info()  # load outside the timings

        start = time.perf_counter()
        docs = [load_document(p, use_ocr=False) for p in pdfs]
        t_extract = time.perf_counter() - start
        pages = sum(len(d.pages) for d in docs)
        start = time.perf_counter()
        chunks = [c for d in docs for c in chunk_document(d, lambda t: embedder.count_tokens([t])[0])]
        t_chunk = time.perf_counter() - start
        texts = [c.text for c in chunks]
        start = time.perf_counter()
        embedder.encode(texts, "passage")
        t_embed = time.perf_counter() - start

        start = time.perf_counter()
        report = IndexBuilder(work / "index", embedder, use_ocr=False).build(pdfs)
        t_pipeline = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        print(
            f"commit {git_commit()}; {len(pdfs)} PDFs, {pages} pages, {len(chunks)} chunks, "
            f"{report.documents} documents indexed, {len(report.failures)} failures"
        )
        print("| stage | seconds | rate |")
        print("|---|---:|---:|")
        print(f"| extraction (pypdf/PDFium + cleaning) | {t_extract:.1f} | {pages / t_extract:.1f} pages/s |")
        print(f"| chunking (structure + language) | {t_chunk:.1f} | {len(chunks) / t_chunk:.0f} chunks/s |")
        print(f"| raw model on the same chunks | {t_embed:.1f} | {len(chunks) / t_embed:.1f} chunks/s |")
        print(f"| whole `IndexBuilder.build` | {t_pipeline:.1f} | {len(chunks) / t_pipeline:.1f} chunks/s |")
        print(f"\nextraction + chunking = {100 * (t_extract + t_chunk) / t_embed:.0f}% of embedding time (goal < 25%)")
        print(f"pipeline / raw model = {t_pipeline / t_embed:.2f}x (goal <= 1.3x); peak memory {peak_mb:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
