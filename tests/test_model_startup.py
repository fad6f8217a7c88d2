"""The ONNX backend's start-up: tokenizer.json read by `tokenizers` alone gives the same ids as
transformers' XLM-R tokenizer, and loading the default model imports neither transformers nor
sentence-transformers (~9 s of the old ~12 s start-up)."""

import json
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

EDGE_CASES = [
    "",
    " ",
    "a  b   c",
    "  leading and trailing  ",
    "tab\tnew\nline\r\n",
    "x\u3000",
    "ＦＵＬＬ－ＷＩＤＴＨ ＡＢＣ １２３",
    "ﻻ ﷲ ﻣﺮﺣﺒﺎ",
    "e\u0301te\u0301 café",
    "emoji 🏙️🌍 and ½ ² ™",
    "x " * 600,
    "Каирская декларация призыв 6",
    "第三条　各级人民政府（一）",
]


def test_fast_tokenizer_gives_transformers_ids(fp32_embedder):
    from pathlib import Path

    from transformers import AutoTokenizer

    from indexer.model.tokenizer import fast_tokenizer

    folder = Path(fp32_embedder.info().path)
    reference = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    ours = fast_tokenizer(folder)
    texts = list(EDGE_CASES)
    for path in sorted((ROOT / "corpus/frameworks/cairo/texts").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    for text in texts:
        for special in (True, False):
            want = reference([text], add_special_tokens=special)["input_ids"]
            assert ours([text], add_special_tokens=special)["input_ids"] == want, text[:40]
    want = reference(texts, padding=True, truncation=True, max_length=512, return_tensors="np")
    got = ours(texts, padding=True, truncation=True, max_length=512, return_tensors="np")
    for key in ("input_ids", "attention_mask"):
        assert np.array_equal(want[key], got[key])


def test_onnx_start_up_imports_no_transformers(int8_embedder):
    int8_embedder.info()  # the cached model exists
    code = (
        "import sys; from indexer.model import Embedder; Embedder(backend='onnx-int8').encode(['x'], 'query');"
        "print(sorted(m for m in ('transformers', 'sentence_transformers', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
