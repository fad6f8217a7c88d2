"""What describes a loaded model; shared by the loader and the embedders (no import cycle)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EncodeKind = Literal["query", "passage"]


@dataclass(frozen=True)
class ModelInfo:
    name: str
    backend: str
    dimension: int
    max_tokens: int
    path: str
    source: str
    checksum: str
