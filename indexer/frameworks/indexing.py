"""Frameworks into an index like any document: one chunk per item text (official texts,
working translations and summaries), labelled with the item id, so search and matching
code serves every framework."""

from __future__ import annotations

import hashlib
from pathlib import Path

from indexer.documents import Chunk
from indexer.frameworks.model import Framework, overlay_root
from indexer.index import store
from indexer.index.lock import writer_lock


def framework_index_dir() -> Path:
    """Beside the user's official texts, so both move together (POLICY_ALIGN_FRAMEWORKS)."""
    return overlay_root() / "_index"


def framework_chunks(framework: Framework) -> list[Chunk]:
    doc_id = f"framework:{framework.id}"
    chunks = []
    for item in framework.items:
        for text in item.texts:
            body = f"{text.title}\n{text.text}".strip()
            chunks.append(
                Chunk(
                    chunk_id=f"{item.id}:{text.lang}:{text.status}",
                    doc_id=doc_id,
                    title=framework.names.get(text.lang) or framework.names.get("en", framework.id),
                    sha256=hashlib.sha256(body.encode()).hexdigest(),
                    pages=(),
                    label=item.id,
                    section=framework.section_path(item.section, text.lang),
                    lang=text.lang,
                    text=body,
                    char_start=0,
                    char_end=len(body),
                    flags=(text.status,),
                )
            )
    return chunks


def _signature(framework: Framework) -> str:
    """SHA-256 over a framework's chunk texts: a changed, added or removed text changes it."""
    digest = hashlib.sha256()
    for chunk in framework_chunks(framework):
        digest.update(f"{chunk.chunk_id}\t{chunk.sha256}\n".encode())
    return digest.hexdigest()


def ensure_framework_index(embedder) -> Path:
    """The frameworks' index, (re)built when it is missing, made by another model, or no longer
    holds exactly the registered frameworks' texts (a framework added, a text changed)."""
    import json

    from indexer.frameworks.model import load_frameworks

    root = framework_index_dir()
    frameworks = load_frameworks()
    want = {f"framework:{fw.id}": _signature(fw) for fw in frameworks.values()}
    try:
        version = (root / store.POINTER).read_text(encoding="utf-8").split()[0]
        manifest = json.loads((root / version / "manifest.json").read_text(encoding="utf-8"))
        have = {doc_id: meta.get("sha256") for doc_id, meta in manifest["documents"].items()}
        current = have == want and manifest["model"]["name"] == embedder.name
    except (OSError, ValueError, KeyError, IndexError):
        current = False
    if not current:
        build_framework_index(frameworks, embedder, root)
    return root


def build_framework_index(frameworks: dict[str, Framework], embedder, root: Path | None = None) -> int:
    """(Re)write the frameworks index; -> number of chunks."""
    chunks = [c for fw in frameworks.values() for c in framework_chunks(fw)]
    vectors = embedder.encode([c.text for c in chunks], kind="passage")
    info = embedder.info()
    documents = {
        f"framework:{fw.id}": {
            "path": f"corpus/frameworks/{fw.id}",
            "title": fw.names.get("en", fw.id),
            "sha256": _signature(fw),
            "kind": "framework",
            "pages": 0,
            "chunks": sum(1 for c in chunks if c.doc_id == f"framework:{fw.id}"),
            "flagged_pages": [],
            "ocr_pages": [],
            "languages": sorted(fw.languages()),
            "page_quality": [],
        }
        for fw in frameworks.values()
    }
    model = {"name": info.name, "backend": info.backend, "dimension": info.dimension, "checksum": info.checksum}
    root = root or framework_index_dir()
    with writer_lock(root):  # nothing is read back, so only the write itself needs the lock
        store.write_index(root, chunks, vectors, model, documents)
    return len(chunks)
