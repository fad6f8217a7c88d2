"""Frameworks into an index like any document: one chunk per item text (official texts,
working translations and summaries), labelled with the item id, so search and matching
code serves every framework."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from indexer.documents import Chunk
from indexer.errors import PolicyAlignError
from indexer.frameworks.model import Framework, overlay_root
from indexer.index import sentences as sentence_store
from indexer.index import store
from indexer.index.lock import writer_lock
from indexer.model.info import forms
from indexer.settings import cache_root


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


def _signature(chunks: list[Chunk]) -> str:
    """SHA-256 over a framework's chunk texts: a changed, added or removed text changes it."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(f"{chunk.chunk_id}\t{chunk.sha256}\n".encode())
    return digest.hexdigest()


def framework_index_is_current(
    embedder, frameworks: dict[str, Framework] | None = None, *, sentences: bool = False
) -> bool:
    """Whether the frameworks index on disk holds exactly the registered frameworks' texts, was
    embedded by this model (name and weights' checksum) and passes every checksum; with
    `sentences`, also whether it stores sentence vectors (indexes written before them do not)."""
    return _current_index(embedder, frameworks, sentences=sentences) is not None


def current_framework_index(embedder) -> store.IndexData | None:
    """The frameworks index if it is prepared and current (never builds it); None if not."""
    return _current_index(embedder)


def _current_index(
    embedder, frameworks: dict[str, Framework] | None = None, *, sentences: bool = False
) -> store.IndexData | None:
    """The frameworks index, loaded and checked as framework_index_is_current says; None if it is not."""
    from indexer.frameworks.model import load_frameworks

    frameworks = load_frameworks() if frameworks is None else frameworks
    root = framework_index_dir()
    want = {f"framework:{fw.id}": _signature(framework_chunks(fw)) for fw in frameworks.values()}
    try:
        manifest = store.read_manifest(root)
        have = {doc_id: meta.get("sha256") for doc_id, meta in manifest["documents"].items()}
        expected = embedder.info().record()
        if have != want or any(manifest["model"].get(k) != expected[k] for k in ("name", "checksum", *forms())):
            return None
        if sentences and "sentences" not in manifest:
            return None
        return store.load_index(root, expected_model=embedder.name, verify=True)  # every file's checksum
    except (PolicyAlignError, KeyError, TypeError, AttributeError):
        return None  # missing, damaged or unexpected: rebuilt, never used


def ensure_framework_index(embedder, *, sentences: bool = False) -> Path:
    """The frameworks' index, (re)built when it is missing, damaged, made by another model (or
    another conversion of it), or no longer holds exactly the registered frameworks' texts (a
    framework added, a text changed); with `sentences` (set-up: `policy-align model build`), also
    when it was written before sentence vectors were stored. A search accepts such an index
    (its highlights are embedded at query time) rather than wait for a rebuild."""
    load_framework_index(embedder, sentences=sentences)
    return framework_index_dir()


def load_framework_index(embedder, *, sentences: bool = False) -> store.IndexData:
    """ensure_framework_index's index, loaded: the one its check read, so a search does not read
    and hash the files a second time (eval/RESULTS.md, "Time to first result")."""
    from indexer.frameworks.model import load_frameworks

    frameworks = load_frameworks()
    data = _current_index(embedder, frameworks, sentences=sentences)
    if data is None:
        build_framework_index(frameworks, embedder, framework_index_dir())
        data = store.load_index(framework_index_dir(), expected_model=embedder.name)
    return data


def build_framework_index(frameworks: dict[str, Framework], embedder, root: Path | None = None) -> int:
    """(Re)write the frameworks index; -> number of chunks."""
    per_framework = {fw.id: framework_chunks(fw) for fw in frameworks.values()}
    chunks = [c for fw_chunks in per_framework.values() for c in fw_chunks]
    root = root or framework_index_dir()
    texts = [c.text for c in chunks]
    donor = _donor(embedder, root)
    known = {} if donor is None else {c.text: row for row, c in enumerate(donor.chunks)}
    donor_rows = [known.get(text) for text in texts]
    missing = [i for i, row in enumerate(donor_rows) if row is None]
    vectors = np.zeros((len(texts), embedder.dimension), np.float32)
    if donor is not None:
        kept = [i for i, row in enumerate(donor_rows) if row is not None]
        vectors[kept] = donor.vectors[[donor_rows[i] for i in kept]]
    if missing:
        vectors[missing] = embedder.encode([texts[i] for i in missing], kind="passage")
    sentences = sentence_store.reusing(embedder, texts, None if donor is None else donor.sentences, donor_rows)
    info = embedder.info()
    documents = {
        f"framework:{fw.id}": {
            "path": f"corpus/frameworks/{fw.id}",
            "title": fw.names.get("en", fw.id),
            "sha256": _signature(per_framework[fw.id]),
            "kind": "framework",
            "pages": 0,
            "chunks": len(per_framework[fw.id]),
            "flagged_pages": [],
            "ocr_pages": [],
            "languages": sorted(fw.languages()),
            "page_quality": [],
        }
        for fw in frameworks.values()
    }
    model = info.record()
    with writer_lock(root):  # nothing is read back, so only the write itself needs the lock
        store.write_index(root, chunks, vectors, model, documents, sentences)
    return len(chunks)


def _donor(embedder, root: Path) -> store.IndexData | None:
    """A frameworks index whose vectors a rebuild can take for its unchanged texts: the one at
    `root`, else the one in the user's cache (a POLICY_ALIGN_FRAMEWORKS overlay starts empty), made
    by exactly this model, backend and forms and passing every checksum. Each text runs through
    the model in a pass of its own (indexer/model/info.RUN_FORM), so its vector does not depend on
    which texts were embedded with it: attaching one official text embeds that text, not all."""
    expected = embedder.info().record()
    for folder in dict.fromkeys([root, cache_root() / "frameworks" / "_index"]):
        try:
            manifest = store.read_manifest(folder)
            if any(manifest["model"].get(k) != v for k, v in expected.items()):
                continue
            return store.load_index(folder, expected_model=embedder.name, verify=True)
        except (PolicyAlignError, KeyError, TypeError, AttributeError):
            continue
    return None
