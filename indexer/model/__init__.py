"""The embedding model: one small interface, `Embedder.encode(texts, kind)`, loaded lazily."""

from indexer.model.embedder import Embedder, EncodeKind, ModelInfo
from indexer.model.protocol import TextEmbedder

__all__ = ["Embedder", "EncodeKind", "ModelInfo", "TextEmbedder"]
