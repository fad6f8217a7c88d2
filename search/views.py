"""Several texts ("views") per framework item, embedded once and cached on disk.

An item is more than one vector: its title, its whole text, each of its sentences, every
language version (official, working translation, summary) and the team's notes (aspects:
the measures a plan would contain; examples: plan statements of fictional cities) each get
a row. Matching aggregates over an item's rows, so a plan statement that echoes one clause
of a long call, or that is written in a language with only a summary, still finds it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import indexer.model.info as model_info
from indexer.frameworks.clusters import load_clusters
from indexer.frameworks.model import Framework
from indexer.frameworks.notes import load_notes
from indexer.settings import cache_root
from indexer.structure.sentences import split_sentences

KINDS = ("title", "text", "sentence", "aspect", "example")
MIN_SENTENCE_CHARS = 12


@dataclass(frozen=True)
class View:
    item: str  # framework item id, e.g. "cairo:6"
    kind: str  # one of KINDS
    lang: str
    status: str  # official | working-translation | summary | team-aspect | team-example
    text: str


@dataclass(frozen=True)
class ViewSet:
    framework: str
    items: tuple[str, ...]  # item ids, in framework order
    views: tuple[View, ...]
    item_of_view: np.ndarray  # (n_views,) int index into `items`
    vectors: np.ndarray  # (n_views, dim) float32, unit rows
    clusters: tuple[tuple[int, ...], ...] = ()  # item indices of each of the framework's clusters
    sections: tuple[tuple[int, ...], ...] = ()  # item indices of each section of the framework's outline
    cluster_ids: tuple[str, ...] = ()  # the id of each of `clusters` (clusters.jsonl's "cluster")


def sentences(text: str) -> list[str]:
    return [s for s in split_sentences(text) if len(s) >= MIN_SENTENCE_CHARS]


def framework_views(framework: Framework, *, calls_only: bool = True) -> list[View]:
    """Every view of every item. `calls_only` leaves out preamble paragraphs, which
    frame the declaration rather than ask for action."""
    notes = load_notes(framework.id)
    out: list[View] = []
    for item in framework.items:
        if calls_only and item.number.startswith("preamble"):
            continue
        for t in item.texts:
            if t.title:
                out.append(View(item.id, "title", t.lang, t.status, t.title))
            out.append(View(item.id, "text", t.lang, t.status, f"{t.title} {t.text}".strip()))
            parts = sentences(t.text)
            if len(parts) > 1:
                out.extend(View(item.id, "sentence", t.lang, t.status, s) for s in parts)
        out.extend(View(item.id, n.kind, n.lang, f"team-{n.kind}", n.text) for n in notes.get(item.id, ()))
    return out


def _cache_file(name: str, embedder, keys: list[str]) -> Path:
    """The file for these texts under this model. The weights' checksum and the text and run
    forms are part of the key, so vectors made by an earlier conversion of the same model name,
    from texts cleaned otherwise or run through the model otherwise, are never read back."""
    digest = hashlib.sha256(
        "/".join(
            [embedder.name, embedder.backend, embedder.info().checksum, *map(str, model_info.forms().values())]
        ).encode()
    )
    for key in keys:
        digest.update(b"\x00" + key.encode())
    return cache_root() / "views" / f"{name}-{digest.hexdigest()[:16]}.npy"


def _read_checked(path: Path, rows: int) -> np.ndarray | None:
    """The cached vectors when the file matches the SHA-256 written beside it and has `rows`
    rows of finite values; None otherwise (missing, partial, edited: embedded again)."""
    try:
        want = path.with_suffix(".sha256").read_text(encoding="ascii").strip()
        if hashlib.sha256(path.read_bytes()).hexdigest() != want:
            return None
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if vectors.ndim != 2 or vectors.shape[0] != rows or not np.isfinite(vectors).all():
        return None
    return vectors


def is_cached(name: str, texts: list[str], embedder, keys: list[str] | None = None) -> bool:
    """Whether cached_encode would read these vectors from disk (checked) instead of embedding."""
    return _read_checked(_cache_file(name, embedder, keys or texts), len(texts)) is not None


def cached_encode(name: str, texts: list[str], embedder, keys: list[str] | None = None) -> np.ndarray:
    """embedder.encode(texts, "query"), kept on disk under a hash of the model and `keys`
    (the texts themselves by default), with the file's SHA-256 beside it."""
    path = _cache_file(name, embedder, keys or texts)
    vectors = _read_checked(path, len(texts))
    if vectors is not None:
        return vectors
    vectors = embedder.encode(texts, "query").astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(tmp, vectors, allow_pickle=False)
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    # the checksum first: a reader that sees the new .npy also sees its checksum (a reader that
    # sees the new checksum with an older .npy of the same name finds a mismatch and re-embeds)
    sidecar = path.with_suffix(f".{os.getpid()}.tmp.sha256")
    sidecar.write_text(digest, encoding="ascii")
    sidecar.replace(path.with_suffix(".sha256"))
    tmp.replace(path)
    return vectors


def views_keys(views: list[View]) -> list[str]:
    return [f"{v.item}\x01{v.kind}\x01{v.lang}\x01{v.text}" for v in views]


def embed_views(framework: Framework, embedder, *, calls_only: bool = True) -> ViewSet:
    """Embed all views ("query" side: statement and view are both short claims), reusing
    the cached vectors when neither the views nor the model changed."""
    views = framework_views(framework, calls_only=calls_only)
    items = tuple(dict.fromkeys(v.item for v in views))
    vectors = cached_encode(framework.id, [v.text for v in views], embedder, views_keys(views))
    index = {item: n for n, item in enumerate(items)}
    found = [c for c in load_clusters(framework.id) if any(i in index for i in c.items)]
    clusters = tuple(tuple(index[i] for i in c.items if i in index) for c in found)
    sections: dict[str, list[int]] = {}
    for item in framework.items:
        if item.section and item.id in index:
            sections.setdefault(item.section, []).append(index[item.id])
    return ViewSet(
        framework.id,
        items,
        tuple(views),
        np.array([index[v.item] for v in views]),
        vectors,
        clusters,
        tuple(map(tuple, sections.values())),
        tuple(c.id for c in found),
    )


@dataclass(frozen=True)
class Background:
    langs: tuple[str, ...]
    vectors: np.ndarray  # (n, dim) float32, unit rows
    ids: tuple[int | None, ...] = ()  # each sentence's id, shared by its translations


def embed_background(embedder) -> Background:
    """The bundled off-topic sentences (indexer.frameworks.notes.load_background), embedded."""
    from indexer.frameworks.notes import load_background

    rows = load_background()
    texts = [r.text for r in rows]
    vectors = cached_encode("background", texts, embedder) if texts else np.zeros((0, embedder.dimension), np.float32)
    return Background(tuple(r.lang for r in rows), vectors, tuple(r.id for r in rows))


def embed_form_direction(embedder) -> np.ndarray:
    """(dim,) the mean of the bundled definitions minus the mean of the bundled commitments
    (indexer.frameworks.notes.load_forms), embedded: a text's inner product with it says how
    much it reads as a definition; zeros when there are none of either."""
    from indexer.frameworks.notes import load_forms

    rows = load_forms()
    definition = np.array([r.form == "definition" for r in rows], bool)
    if not definition.any() or definition.all():
        return np.zeros(embedder.dimension, np.float32)
    vectors = cached_encode("forms", [r.text for r in rows], embedder)
    return (vectors[definition].mean(axis=0) - vectors[~definition].mean(axis=0)).astype(np.float32)


def describe(viewset: ViewSet) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in viewset.views:
        counts[v.kind] = counts.get(v.kind, 0) + 1
    return counts
