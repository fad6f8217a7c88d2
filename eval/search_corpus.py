"""The search benchmarks' corpus (eval/bench_search.py, eval/bench_search_pair.py): Tatoeba
sentences joined in threes (six languages) as chunks, random unit vectors as their vectors and
their sentences' vectors (search cost does not depend on their values), and one Tatoeba sentence
per query. Uses only what every commit since sentence vectors were stored has (Chunk, the
sentence store), so bench_search_pair.py can build it under an older tree's code."""

from __future__ import annotations

import random

import numpy as np

from eval.common import TATOEBA_LANGS, tatoeba_pairs
from indexer.documents import Chunk
from indexer.index import sentences as sentence_store
from indexer.structure.sentences import sentence_spans

LANG = {"cmn": "zh", "ara": "ar", "fra": "fr", "spa": "es", "rus": "ru"}


class Corpus:
    """Draws queries, then chunks of each size, from one seeded generator (the order of the
    draws is the benchmark's: the queries first, then the sizes in turn)."""

    def __init__(self):
        self.rng = random.Random(0)
        self.pools = []
        for code in TATOEBA_LANGS:
            src, eng = tatoeba_pairs(code)
            self.pools += [(LANG[code], src), ("en", eng)]

    def queries(self, count: int) -> list[str]:
        return [" ".join(self.rng.sample(self.pools[i % len(self.pools)][1], 1)) for i in range(count)]

    def chunks(self, n: int) -> list[Chunk]:
        out = []
        for i in range(n):
            lang, pool = self.pools[i % len(self.pools)]
            text = " ".join(self.rng.sample(pool, 3))
            out.append(Chunk(f"d:{i}", "d", "bench", "", (1,), (), str(i), lang, text, 0, len(text)))
        return out


def random_vectors(n: int, dimension: int) -> np.ndarray:
    vectors = np.random.default_rng(0).standard_normal((n, dimension)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def random_sentences(chunks: list[Chunk], dimension: int) -> sentence_store.SentenceVectors:
    """Stored sentence vectors for `chunks`: their real spans, random unit float16 vectors."""
    spans = [(row, a, b) for row, c in enumerate(chunks) for a, b in _multi(sentence_spans(c.text))]
    vectors = np.random.default_rng(1).standard_normal((len(spans), dimension)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return sentence_store.SentenceVectors.of(vectors.astype(np.float16), np.array(spans, np.int32), len(chunks))


def _multi(spans):
    return spans if len(spans) > 1 else []
