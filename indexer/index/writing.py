"""A build's new index version: the kept documents' chunks with their vectors (and sentence
vectors) carried over from the live version, the new documents' chunks embedded, and one
manifest entry per document, written by store.write_index."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from indexer.documents import Chunk, Document
from indexer.extract.load import extraction_version
from indexer.index import sentences as sentence_store
from indexer.index import store
from indexer.model.info import TEXT_FORM


def write_version(
    root: Path,
    embedder,
    current,
    kept: dict[str, dict],
    new_docs: list[tuple[Document, list[Chunk]]],
    progress: bool = False,
) -> tuple[dict[str, dict], list[Chunk]]:
    """Write the version of `kept` (manifest entries of `current`, the live index or None) and
    `new_docs`; -> its documents (id -> manifest entry) and chunks."""
    chunks: list[Chunk] = []
    parts: list[np.ndarray] = []
    carried = None  # the kept chunks' sentence vectors; None: all embedded (none kept, or an older index)
    if current is not None and kept:
        rows = [i for i, c in enumerate(current.chunks) if c.doc_id in kept]
        chunks += [current.chunks[i] for i in rows]
        parts.append(current.vectors[rows])
        carried = current.sentences.carried(rows) if current.sentences is not None else None
    documents = dict(kept)
    texts = [c.text for _, cs in new_docs for c in cs]
    if texts:
        parts.append(embedder.encode(texts, kind="passage", show_progress=progress))
    for doc, cs in new_docs:
        chunks += cs
        documents[doc.doc_id] = _doc_entry(doc, cs)
    vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dimension), np.float32)
    sentences = sentence_store.for_index(embedder, [c.text for c in chunks], carried, show_progress=progress)
    store.write_index(root, chunks, vectors, embedder.info().record(), documents, sentences)
    return documents, chunks


def _doc_entry(doc: Document, chunks: list[Chunk]) -> dict:
    return {
        "path": doc.path,
        "title": doc.title,
        "sha256": doc.sha256,
        "extraction": extraction_version(doc.kind),
        "text_form": TEXT_FORM,
        "kind": doc.kind,
        "pages": len(doc.pages),
        "chunks": len(chunks),
        "flagged_pages": list(doc.flagged_pages),
        "ocr_pages": [p.number for p in doc.pages if "ocr" in p.flags],
        "languages": sorted({c.lang for c in chunks}),
        "page_quality": [[p.number, p.quality, list(p.flags)] for p in doc.pages if p.flags],
    }
