"""The fast backend: the int8 ONNX model (indexer/model/onnx_export.py) run by onnxruntime.

Mean pooling and L2 normalisation run in numpy, exactly as the sentence-transformers modules
do. Activations are quantised with one scale per batch, so a vector moves slightly with its
batch-mates (cosine > 0.99); use the torch backend where bit-for-bit repeatability matters.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from indexer.model.onnx_export import ensure_onnx_model


class OnnxSentenceEncoder:
    """Duck-types the part of SentenceTransformer that Embedder uses."""

    def __init__(self, onnx_path: Path, tokenizer, max_seq_length: int, dimension: int, threads: int | None = None):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = tokenizer
        self.max_seq_length = max_seq_length
        self._dimension = dimension

    def get_embedding_dimension(self) -> int:
        return self._dimension

    def encode(self, texts, batch_size=32, show_progress_bar=False, **_ignored) -> np.ndarray:
        """(n,) texts -> (n, d) float32 unit rows; batches are length-sorted to avoid padding."""
        from tqdm.auto import tqdm

        out = np.zeros((len(texts), self._dimension), np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        starts = range(0, len(texts), batch_size)
        for start in tqdm(starts, desc="embedding", unit="batch", disable=not show_progress_bar):
            idx = order[start : start + batch_size]
            enc = self.tokenizer(
                [texts[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=self.max_seq_length,
                return_tensors="np",
            )
            mask = enc["attention_mask"].astype(np.int64)
            hidden = self._session.run(None, {"input_ids": enc["input_ids"].astype(np.int64), "attention_mask": mask})[
                0
            ]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[idx] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out

    def encode_spans(self, texts: list[str], spans: list[list[tuple[int, int]]], skip: int = 0) -> list[np.ndarray]:
        """Per text, one unit vector per character span: the mean of the span's token states
        from ONE forward pass over the whole text ("late chunking"). `skip` characters at the
        start of every text (a prefix) are not part of any span's offsets. A span with no
        token (past the window, or empty) gets a zero row. -> [(len(spans[i]), d)]."""
        enc = self.tokenizer(
            texts,
            padding=True,
            truncation=True,
            max_length=self.max_seq_length,
            return_tensors="np",
            return_offsets_mapping=True,
        )
        mask = enc["attention_mask"].astype(np.int64)
        hidden = self._session.run(None, {"input_ids": enc["input_ids"].astype(np.int64), "attention_mask": mask})[0]
        out = []
        for n, text_spans in enumerate(spans):
            starts, ends = enc["offset_mapping"][n, :, 0] - skip, enc["offset_mapping"][n, :, 1] - skip
            real = (mask[n] == 1) & (ends > starts)  # special and padding tokens have empty offsets
            rows = np.zeros((len(text_spans), self._dimension), np.float32)
            for k, (a, b) in enumerate(text_spans):
                inside = real & (starts >= a) & (starts < b)
                if inside.any():
                    pooled = hidden[n, inside].mean(axis=0)
                    rows[k] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
            out.append(rows)
        return out


def onnx_sentence_transformer(model_path: Path) -> OnnxSentenceEncoder:
    from indexer.model.tokenizer import fast_tokenizer

    onnx_path = ensure_onnx_model(model_path)
    # tokenizers alone, not transformers: ~4 s less start-up (indexer/model/tokenizer.py)
    tokenizer = fast_tokenizer(model_path)
    if tokenizer is None:
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)
    config = json.loads((model_path / "sentence_bert_config.json").read_text(encoding="utf-8"))
    hidden = json.loads((model_path / "config.json").read_text(encoding="utf-8"))["hidden_size"]
    return OnnxSentenceEncoder(onnx_path, tokenizer, int(config.get("max_seq_length", 512)), int(hidden))
