"""Language centring for cross-lingual dense retrieval (Libovický et al. 2020, "On the
language neutrality of pre-trained multilingual representations").

Why: a multilingual model's vectors carry a component shared by every text of a language, so a
query ranks texts by how much they sound like its own language as well as by what they say; a
Chinese question then finds the right English article 25 times in 30 but the right Arabic one
17. Subtracting each language's mean vector from the query and from each chunk before the
cosine leaves what the texts say. The means come from a parallel set (the frameworks' items,
the same texts in each language), so they differ by language, not by topic; a language the set
does not have is centred on the mean of all of them, and so is every query.

Shapes: vectors (n, d) unit rows; qvec (d,) unit; means (L, d); scores (n,).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_ROWS = 50  # fewer texts of a language than this give a mean that is mostly their topic


@dataclass(frozen=True)
class LanguageMeans:
    """Row 0 of `means` is the mean of every text; row i the mean of the texts in `langs[i - 1]`."""

    langs: tuple[str, ...]
    means: np.ndarray  # (1 + len(langs), d) float32

    @classmethod
    def of(cls, vectors: np.ndarray, row_langs: list[str]) -> LanguageMeans:
        """The means of a parallel set's vectors (n, d), each row's language in `row_langs`."""
        row_langs = np.asarray(row_langs)
        langs = tuple(
            sorted(lang for lang in set(row_langs.tolist()) if lang and (row_langs == lang).sum() >= MIN_ROWS)
        )
        rows = [vectors.mean(0)] + [vectors[row_langs == lang].mean(0) for lang in langs]
        return cls(langs, np.stack(rows).astype(np.float32))

    @classmethod
    def of_index(cls, data) -> LanguageMeans:
        """The means of an index's chunks (IndexData): the frameworks index is the parallel set."""
        return cls.of(data.vectors, [c.lang for c in data.chunks])

    def row(self, lang: str) -> int:
        """The row of `means` that centres a text in `lang` (0: the mean of all)."""
        return self.langs.index(lang) + 1 if lang in self.langs else 0


@dataclass(frozen=True)
class CentredIndex:
    """What centring a query against an index needs, computed once per index (n chunks)."""

    means: LanguageMeans
    rows: np.ndarray  # (n,) int: the row of means.means that centres each chunk
    offsets: np.ndarray  # (n,) m.md - m.d, m the overall mean: the query-free terms
    norms: np.ndarray  # (n,) |d - md|

    @classmethod
    def of(cls, means: LanguageMeans, vectors: np.ndarray, row_langs: list[str]) -> CentredIndex:
        rows = np.array([means.row(lang) for lang in row_langs], dtype=np.int64)
        dots = np.asarray(vectors @ means.means.T, dtype=np.float32)  # (n, L + 1)
        own = dots[np.arange(len(rows)), rows]
        squares = np.einsum("ij,ij->i", means.means, means.means)
        norms = np.sqrt(np.maximum(1.0 - 2.0 * own + squares[rows], 1e-12)).astype(np.float32)
        offsets = (means.means @ means.means[0])[rows] - dots[:, 0]
        return cls(means, rows, offsets.astype(np.float32), norms)

    def scores(self, raw: np.ndarray, qvec: np.ndarray) -> np.ndarray:
        """(n,) cosines of the centred query with the centred chunks, from `raw` = vectors @ qvec:
        (q - m).(d - md) = q.d - q.md - m.d + m.md. The query is centred on the overall mean m:
        on the parallel sets its own language's mean ranked no better (eval/RESULTS.md), and a
        two-word query's language is a guess."""
        means = self.means.means
        q_dots = means @ qvec  # (L + 1,)
        q_norm = np.sqrt(max(1.0 - 2.0 * float(q_dots[0]) + float(means[0] @ means[0]), 1e-12))
        return (raw - q_dots[self.rows] + self.offsets) / (self.norms * q_norm)

    def centre_query(self, qvec: np.ndarray) -> np.ndarray:
        """(d,) the query centred on the overall mean, unit length."""
        v = qvec - self.means.means[0]
        return v / max(float(np.linalg.norm(v)), 1e-12)

    def centre_rows(self, vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """(m, d) vectors of texts in the chunks at `rows` (m,), each centred on its chunk's
        language mean, unit length (a chunk's sentences share its language)."""
        v = vectors - self.means.means[self.rows[rows]]
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def framework_language_means(embedder) -> LanguageMeans | None:
    """The frameworks index's language means when set-up prepared it (`policy-align model
    build`); None when it is not there (a search then ranks by raw cosines, never waits for a build)."""
    from indexer.frameworks.indexing import current_framework_index

    data = current_framework_index(embedder)
    return None if data is None else LanguageMeans.of_index(data)
