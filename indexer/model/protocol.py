"""What the indexer and search need from an embedding model: `Embedder` (the real model) and
`FakeEmbedder` (tests) both satisfy it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from indexer.model.embedder import EncodeKind, ModelInfo


@runtime_checkable
class TextEmbedder(Protocol):
    name: str

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def info(self) -> ModelInfo: ...

    def count_tokens(self, texts: Sequence[str], kind: EncodeKind = "passage") -> list[int]:
        """Tokens each text occupies (prefix and special tokens included), before truncation."""

    def encode(
        self,
        texts: Sequence[str],
        kind: EncodeKind = "passage",
        *,
        show_progress: bool = False,
        batch_size: int | None = None,
    ) -> np.ndarray:
        """(n,) texts -> (n, dimension) float32, rows L2-normalised; zero rows for blank texts."""
