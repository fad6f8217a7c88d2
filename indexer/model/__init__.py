"""The embedding model: one small interface, `Embedder.encode(texts, kind)`, loaded lazily."""

from indexer.model.embedder import Embedder, EncodeKind, ModelInfo

__all__ = ["Embedder", "EncodeKind", "ModelInfo"]
