"""Sentence vectors kept in an index, so a search highlight is a dot product (search/highlight.py)
instead of embedding the shown hits' sentences while someone waits.

    sentences.npy        float16 (m, dimension): each sentence of every chunk of two or more
                         sentences, embedded on its own as a passage (as the highlighter did at
                         query time), rows L2-normalised
    sentence_spans.npy   int32 (m, 3): chunk row, start, end (character offsets into the chunk's
                         text, from indexer/structure/sentences.sentence_spans), by chunk row

Both are listed in manifest.json ("sentences", and their checksums under "files"). A chunk of one
sentence is its own highlight and has no rows. An index written before these files has none: it
loads and searches as before, and the highlighter embeds the shown hits' sentences at query
time; the next write to the index (`policy-align index update`) adds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.structure.sentences import sentence_spans

VECTORS, SPANS = "sentences.npy", "sentence_spans.npy"
DTYPE = "float16"  # half the disk of float32; the chosen sentence is the same (eval/bench_search.py)
HINT = "this index has no stored sentence vectors, so highlights are embedded at query time (slower); `policy-align index update --index {index}` stores them"


@dataclass(frozen=True)
class SentenceVectors:
    vectors: np.ndarray  # (m, d) float16
    spans: np.ndarray  # (m, 3) int32: chunk row, start, end
    starts: np.ndarray  # (chunks + 1,) int64: chunk row r has rows starts[r]:starts[r + 1]

    @classmethod
    def of(cls, vectors: np.ndarray, spans: np.ndarray, chunks: int) -> SentenceVectors:
        """Checked: a ValueError when the arrays do not fit each other or `chunks` chunks."""
        spans = np.asarray(spans)
        if vectors.ndim != 2 or spans.ndim != 2 or spans.shape[1] != 3 or len(spans) != len(vectors):
            raise ValueError(f"sentence vectors {vectors.shape} and spans {spans.shape} do not fit")
        rows = spans[:, 0]
        if len(rows) and (rows.min() < 0 or rows.max() >= chunks or np.any(np.diff(rows) < 0)):
            raise ValueError("sentence spans name chunk rows out of order or out of range")
        starts = np.searchsorted(rows, np.arange(chunks + 1), side="left")
        return cls(vectors, spans, starts)

    def for_row(self, row: int, spans: Sequence[tuple[int, int]]) -> np.ndarray | None:
        """(len(spans), d) float32 vectors of chunk `row`'s sentences, or None when none are
        stored for exactly these spans (the chunk's text was split otherwise when it was stored)."""
        a, b = int(self.starts[row]), int(self.starts[row + 1])
        if b - a != len(spans) or a == b:
            return None
        if not np.array_equal(self.spans[a:b, 1:], np.asarray(spans, dtype=self.spans.dtype).reshape(-1, 2)):
            return None
        return np.asarray(self.vectors[a:b], dtype=np.float32)

    def carried(self, rows: Sequence[int]) -> SentenceVectors:
        """The sentences of chunk rows `rows` (in that order), renumbered 0..len(rows)-1."""
        picks = [np.arange(self.starts[r], self.starts[r + 1]) for r in rows]
        take = np.concatenate(picks) if picks else np.zeros(0, np.int64)
        renumber = np.repeat(np.arange(len(rows)), [len(p) for p in picks])
        spans = self.spans[take].copy()
        spans[:, 0] = renumber
        return SentenceVectors.of(np.asarray(self.vectors[take]), spans, len(rows))


def embed_sentences(embedder, texts: Sequence[str], *, first_row: int = 0, show_progress: bool = False):
    """(vectors float16, spans int32) for the chunk texts `texts`, numbered from `first_row`.
    A sentence that occurs more than once is embedded once."""
    spans, unique, order = [], {}, []
    for row, text in enumerate(texts, start=first_row):
        found = sentence_spans(text)
        if len(found) < 2:
            continue
        for a, b in found:
            spans.append((row, a, b))
            order.append(unique.setdefault(text[a:b], len(unique)))
    vectors = np.zeros((0, embedder.dimension), np.float32)
    if unique:
        vectors = embedder.encode(list(unique), kind="passage", show_progress=show_progress)
    return vectors[order].astype(DTYPE), np.array(spans, np.int32).reshape(-1, 3)


def for_index(embedder, texts: Sequence[str], carried: SentenceVectors | None, *, show_progress=False):
    """Sentence vectors for an index of chunk texts `texts` whose first chunks' sentences are
    `carried` (None: every chunk's sentences are embedded, e.g. an index written before them)."""
    first = 0 if carried is None else len(carried.starts) - 1
    return reusing(embedder, texts, carried, [*range(first), *[None] * (len(texts) - first)], show_progress)


def reusing(
    embedder, texts: Sequence[str], donor: SentenceVectors | None, donor_rows: Sequence[int | None], show_progress=False
) -> SentenceVectors:
    """Sentence vectors for the chunk texts `texts`: chunk i's are `donor`'s chunk donor_rows[i]'s
    (the same text, so the same sentences and, one text per pass, the same vectors) and embedded
    where donor_rows[i] is None (or there is no donor)."""
    if donor is None:
        donor_rows = [None] * len(texts)
    missing = [i for i, r in enumerate(donor_rows) if r is None]
    kept_at = [i for i, r in enumerate(donor_rows) if r is not None]
    new_vectors, new_spans = embed_sentences(embedder, [texts[i] for i in missing], show_progress=show_progress)
    new_spans[:, 0] = np.asarray(missing, np.int32)[new_spans[:, 0]]
    vectors, spans = [new_vectors.astype(DTYPE)], [new_spans]
    if kept_at:
        kept = donor.carried([donor_rows[i] for i in kept_at])
        kept_spans = kept.spans.astype(np.int32)
        kept_spans[:, 0] = np.asarray(kept_at, np.int32)[kept_spans[:, 0]]
        vectors.insert(0, np.asarray(kept.vectors, DTYPE))
        spans.insert(0, kept_spans)
    vectors, spans = np.concatenate(vectors), np.concatenate(spans).reshape(-1, 3)
    order = np.argsort(spans[:, 0], kind="stable")  # by chunk row; a chunk's sentences keep their order
    return SentenceVectors.of(vectors[order], spans[order], len(texts))


def write(folder: Path, sentences: SentenceVectors) -> dict:
    """Write both files into `folder`; -> the manifest's "sentences" entry."""
    np.save(folder / VECTORS, np.ascontiguousarray(sentences.vectors, dtype=DTYPE), allow_pickle=False)
    np.save(folder / SPANS, np.ascontiguousarray(sentences.spans, dtype=np.int32), allow_pickle=False)
    chunks = int(np.count_nonzero(np.diff(sentences.starts)))
    return {"vectors": VECTORS, "spans": SPANS, "dtype": DTYPE, "count": len(sentences.spans), "chunks": chunks}


def read(folder: Path, manifest: dict, chunks: int) -> SentenceVectors | None:
    """The stored sentence vectors (memory-mapped), None for an index written before them; a
    ValueError when they do not fit the manifest or the chunks."""
    entry = manifest.get("sentences")
    if entry is None:
        return None
    vectors = np.load(folder / entry["vectors"], mmap_mode="r", allow_pickle=False)
    spans = np.load(folder / entry["spans"], allow_pickle=False)
    if len(spans) != entry["count"] or vectors.shape[1:] != (manifest["dimension"],) or vectors.dtype != DTYPE:
        raise ValueError("sentence vectors do not match the manifest")
    return SentenceVectors.of(vectors, spans, chunks)
