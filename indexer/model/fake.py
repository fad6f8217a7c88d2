"""A deterministic stand-in for Embedder, for tests that exercise everything but the model.

Vectors are hashed character trigrams (so texts that share words are near each other), signed
by `kind` in one coordinate so queries and passages differ, L2-normalised; blank texts get zero
rows as in Embedder. Same shapes and methods as Embedder: encode, count_tokens, info, name,
dimension, max_tokens.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from indexer.errors import EmbeddingInputError
from indexer.model.embedder import EncodeKind, ModelInfo, clean_texts

FAKE_MODEL = "fake/hashed-trigrams"


class FakeEmbedder:
    def __init__(self, dimension: int = 64, max_tokens: int = 512):
        self.name, self.backend = FAKE_MODEL, "fake"
        self.dimension, self.max_tokens = dimension, max_tokens

    def info(self) -> ModelInfo:
        return ModelInfo(self.name, self.backend, self.dimension, self.max_tokens, "", "fake", "0" * 64)

    def count_tokens(self, texts: Sequence[str], kind: EncodeKind = "passage") -> list[int]:
        return [len(t.split()) + len(t) // 4 + 2 for t in clean_texts(texts)]

    def encode(
        self,
        texts: Sequence[str],
        kind: EncodeKind = "passage",
        *,
        show_progress: bool = False,
        batch_size: int | None = None,
    ) -> np.ndarray:
        """(n,) texts -> (n, dimension) float32 unit rows (zero rows for blank texts)."""
        if kind not in ("query", "passage"):
            raise EmbeddingInputError(f"kind must be 'query' or 'passage', not {kind!r}")
        out = np.zeros((len(texts), self.dimension), np.float32)
        for row, text in enumerate(clean_texts(texts)):
            if not text:
                continue
            padded = f"  {text.lower()} "
            for i in range(len(padded) - 2):
                digest = hashlib.blake2b(padded[i : i + 3].encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % (self.dimension - 1)] += 1.0
            out[row, -1] = 0.5 if kind == "query" else -0.5
            out[row] /= np.linalg.norm(out[row])
        return out
