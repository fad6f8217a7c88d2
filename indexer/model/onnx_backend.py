"""The fast backend: the int8 ONNX model (indexer/model/onnx_export.py) run by onnxruntime.

Mean pooling and L2 normalisation run in numpy, exactly as the sentence-transformers modules
do. Activations are quantised with one scale per forward pass (dynamic quantisation), so a text
run in a batch would move with its batch-mates and with their padding (cosine 0.9985 at worst):
the same statement could then match differently in two plans. Every text therefore runs alone,
without padding, and its vector depends on its own text only (eval/bench_embed.py measures the
cost).
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
        """(n,) texts -> (n, d) float32 unit rows, each text in a forward pass of its own."""
        from tqdm.auto import tqdm

        out = np.zeros((len(texts), self._dimension), np.float32)
        ids = self.tokenizer(list(texts), truncation=True, max_length=self.max_seq_length)["input_ids"]
        for n in tqdm(range(len(texts)), desc="embedding", unit="text", disable=not show_progress_bar):
            pooled = self._hidden(ids[n]).mean(axis=0)
            out[n] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
        return out

    def encode_spans(self, texts: list[str], spans: list[list[tuple[int, int]]], skip: int = 0) -> list[np.ndarray]:
        """Per text, one unit vector per character span: the mean of the span's token states
        from ONE forward pass over the whole text ("late chunking"). `skip` characters at the
        start of every text (a prefix) are not part of any span's offsets. A span with no
        token (past the window, or empty) gets a zero row. -> [(len(spans[i]), d)]."""
        enc = self.tokenizer(list(texts), truncation=True, max_length=self.max_seq_length, return_offsets_mapping=True)
        out = []
        for n, text_spans in enumerate(spans):
            hidden = self._hidden(enc["input_ids"][n])
            offsets = np.asarray(enc["offset_mapping"][n], dtype=np.int64).reshape(-1, 2)
            starts, ends = offsets[:, 0] - skip, offsets[:, 1] - skip
            real = ends > starts  # special tokens have empty offsets
            rows = np.zeros((len(text_spans), self._dimension), np.float32)
            for k, (a, b) in enumerate(text_spans):
                inside = real & (starts >= a) & (starts < b)
                if inside.any():
                    pooled = hidden[inside].mean(axis=0)
                    rows[k] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
            out.append(rows)
        return out

    def _hidden(self, ids) -> np.ndarray:
        """(tokens,) ids of one text -> (tokens, d) float32 token states."""
        ids = np.asarray(ids, dtype=np.int64)[None, :]
        return self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]


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
