"""The model's tokenizer.json read by the `tokenizers` library directly, for the ONNX backend.

Why not transformers' AutoTokenizer: importing transformers' tokenizer machinery and
building the fast tokenizer took ~4 s of a ~12 s start-up, and the ONNX backend needs
nothing else from transformers. This adapter gives the same ids as XLMRobertaTokenizerFast
(the same tokenizer.json, the same <s> … </s> template; tests/test_model_startup.py checks
it on texts in many scripts, truncated ones included) and answers the calls Embedder and
OnnxSentenceEncoder make: tokenizer(texts, add_special_tokens=..., padding=..., truncation=...,
max_length=..., return_tensors="np", return_offsets_mapping=...).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

XLMR_CLASSES = ("XLMRobertaTokenizer", "XLMRobertaTokenizerFast")


def fast_tokenizer(folder: Path):
    """FastTokenizer for an XLM-R model folder (the default model); None for any other
    tokenizer, which then goes through transformers' AutoTokenizer."""
    import json

    try:
        config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if config.get("tokenizer_class") not in XLMR_CLASSES or not (folder / "tokenizer.json").is_file():
        return None
    return FastTokenizer(folder / "tokenizer.json")


class FastTokenizer:
    def __init__(self, path: Path, pad_token: str = "<pad>"):
        from tokenizers import Tokenizer, pre_tokenizers

        self._tokenizer = Tokenizer.from_file(str(path))
        # transformers' XLM-R tokenizer splits on white space before Metaspace, so runs of
        # spaces and trailing white space give no "▁" piece of their own; do the same
        self._tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
            [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")]
        )
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        pad = self._tokenizer.token_to_id(pad_token)
        self.pad_token_id = 0 if pad is None else pad

    def __call__(
        self,
        texts: list[str],
        *,
        add_special_tokens: bool = True,
        padding: bool = False,
        truncation: bool = False,
        max_length: int | None = None,
        return_tensors: str | None = None,
        return_offsets_mapping: bool = False,
    ) -> dict:
        """-> {"input_ids", "attention_mask"[, "offset_mapping"]}: lists of lists, or (n, t)
        int64 arrays with return_tensors="np" (padded on the right with pad_token_id)."""
        if isinstance(texts, str):
            texts = [texts]
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=add_special_tokens)
        ids = [e.ids for e in encodings]
        offsets = [e.offsets for e in encodings]
        if truncation and max_length:
            # as transformers does for a single sequence: keep the first max_length - 2 pieces and
            # the closing special token (the template adds exactly <s> and </s>)
            keep = max_length - 2 if add_special_tokens else max_length
            for n, row in enumerate(ids):
                if len(row) > max_length:
                    tail = row[-1:] if add_special_tokens else []
                    ids[n] = row[: keep + (1 if add_special_tokens else 0)] + tail
                    offsets[n] = offsets[n][: keep + (1 if add_special_tokens else 0)] + offsets[n][-1:][: len(tail)]
        masks = [[1] * len(row) for row in ids]
        if padding or return_tensors == "np":
            width = max((len(row) for row in ids), default=0)
            ids = [row + [self.pad_token_id] * (width - len(row)) for row in ids]
            masks = [row + [0] * (width - len(row)) for row in masks]
            offsets = [list(row) + [(0, 0)] * (width - len(row)) for row in offsets]
        out: dict = {"input_ids": ids, "attention_mask": masks}
        if return_offsets_mapping:
            out["offset_mapping"] = offsets
        if return_tensors == "np":
            out = {key: np.asarray(value, dtype=np.int64) for key, value in out.items()}
        return out
