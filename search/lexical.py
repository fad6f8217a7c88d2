"""Lexical retrieval (BM25 via bm25s) with tokenisation that suits each script.

Chinese and Japanese runs are segmented with jieba (search mode); Arabic is normalised
(diacritics, tatweel, alef/hamza, ta marbuta and alef maqsura variants) and stemmed;
Latin and Cyrillic words are case-folded and stemmed with the Snowball stemmer of the
chunk's language. A query's Latin words are stemmed under every language of the index, so
a French query word meets French stems without guessing the language of three words.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from indexer.optional_marks import without_optional_marks

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]+")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0671-\u06d3]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
# a sentence: a run up to an end mark (Latin, CJK, Arabic) or the end of the line
STEMMERS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "de": "german",
    "it": "italian",
    "ru": "russian",
    "nl": "dutch",
    "tr": "turkish",
    "id": "indonesian",
    "sw": None,
}


@lru_cache(maxsize=None)
def _stemmer(lang: str):
    import Stemmer

    name = STEMMERS.get(lang)
    return Stemmer.Stemmer(name) if name else None


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    return jieba


def warm_up() -> None:
    """Load jieba's dictionary now (~1.3 s), not when the first Chinese text is tokenised: the app
    does this in the background at start, so highlighting the first Chinese hit does not wait
    for it (eval/bench_app_latency.py: "Cairo call 6" 870-1430 ms of highlighting without it)."""
    _jieba().initialize()


def normalize_arabic(word: str) -> str:
    return without_optional_marks(word).translate(_ARABIC_FOLD)


def _latin_tokens(words: list[str], langs: tuple[str, ...]) -> list[str]:
    out = []
    for lang in langs or ("",):
        stemmer = _stemmer(lang) if lang else None
        out.extend(stemmer.stemWords(words) if stemmer else words)
    return out


def tokenize(text: str, langs: tuple[str, ...]) -> list[str]:
    """Tokens of `text`; Latin/Cyrillic words stemmed under each language in `langs`."""
    text = unicodedata.normalize("NFKC", text).casefold()
    tokens: list[str] = []
    for run in _CJK_RUN.findall(text):
        tokens.extend(t for t in _jieba().cut_for_search(run) if t.strip())
    text = without_optional_marks(_CJK_RUN.sub(" ", text))
    arabic = [normalize_arabic(w) for w in _ARABIC_WORD.findall(text)]
    if arabic:
        stemmer = _stemmer_arabic()
        tokens.extend(arabic + [s for s in stemmer.stemWords(arabic) if s not in arabic])
    text = _ARABIC_WORD.sub(" ", text)
    words = [w for w in _WORD.findall(text) if len(w) > 1 or w.isdigit()]
    cyrillic = [w for w in words if "\u0400" <= w[0] <= "\u04ff"]
    latin = [w for w in words if not ("\u0400" <= w[0] <= "\u04ff")]
    tokens.extend(_stemmer("ru").stemWords(cyrillic) if cyrillic else [])
    tokens.extend(_latin_tokens(latin, tuple(lang for lang in langs if lang not in ("ru", "zh", "ja", "ar"))))
    return tokens


@lru_cache(maxsize=1)
def _stemmer_arabic():
    import Stemmer

    return Stemmer.Stemmer("arabic")


def query_groups(query: str, langs: tuple[str, ...]) -> list[set[str]]:
    """One set of tokens per query word (its variants and sub-words), to measure coverage."""
    text = unicodedata.normalize("NFKC", query).casefold()
    groups = [
        set(tokenize(word, langs)) for run in _CJK_RUN.findall(text) for word in _jieba().cut(run) if word.strip()
    ]
    rest = _CJK_RUN.sub(" ", text)
    groups += [set(tokenize(word, langs)) for word in rest.split()]
    return [g for g in groups if g]


class LexicalIndex:
    """BM25 over chunk texts; rows follow the order of the chunks given.

    A chunk counts as a lexical match only when it contains at least MIN_COVERAGE of the
    query's words: one shared stem ("للسكان" ~ "الإسكان") must not outrank a cross-lingual
    match that the dense side found."""

    MIN_COVERAGE = 0.5

    def __init__(self, texts: list[str], langs: list[str], cache: Path | None = None):
        """`cache`: a file that keeps the tokenised texts (see token_cache_file), so a later
        process skips tokenising, and jieba's ~1.3 s start, unless a query has Chinese in it."""
        import bm25s

        # bm25s sets its own logger to DEBUG on import, so its chatter reached the terminal
        # whenever anything had given the root logger a handler (onnxruntime's quantizer does)
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self.languages = tuple(sorted({lang for lang in langs if lang in STEMMERS}))
        corpus = _read_tokens(cache, len(texts)) if cache else None
        if corpus is None:
            corpus = [tokenize(text, (lang,)) for text, lang in zip(texts, langs)]
            if cache:
                _write_tokens(cache, corpus)
        self._token_sets = [set(tokens) for tokens in corpus]
        self._retriever = bm25s.BM25()
        self._retriever.index(corpus, show_progress=False)
        self.size = len(texts)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """-> [(row, score)] best first; empty when no query token is in the index."""
        tokens = tokenize(query, self.languages)
        if not tokens or self.size == 0:
            return []
        scores = self._retriever.get_scores(tokens)
        groups = query_groups(query, self.languages)
        # A full sort, not argpartition: BM25 scores tie often (7,208 tied places among 50 bench
        # queries' top 300 at 100k chunks), and the order of ties is this sort's; another sort
        # would rank tied chunks otherwise and change the fused hits.
        top = scores.argsort()[::-1][: min(k, self.size)]
        out = []
        sets, share = self._token_sets, max(len(groups), 1)
        for i, score in zip(top.tolist(), scores[top].tolist()):  # Python numbers: no numpy scalar per row
            if score <= 0:
                break
            if sum(not g.isdisjoint(sets[i]) for g in groups) / share >= self.MIN_COVERAGE:
                out.append((i, score))
        return out

    def token_set(self, row: int) -> set[str]:
        """The tokens of chunk `row`'s text (tokenize(text, (its language,)))."""
        return self._token_sets[row]


TOKENS_VERSION = "1"  # bump when tokenize() changes: cached token files are then not read


def token_cache_file(folder: Path, keys: list[str]) -> Path:
    """Where the tokens of chunks with these keys (e.g. chunk id + SHA-256 + language) are kept."""
    digest = hashlib.sha256(TOKENS_VERSION.encode())
    for key in keys:
        digest.update(b"\x00" + key.encode())
    return folder / f"tokens-{digest.hexdigest()[:20]}.json.gz"


def _read_tokens(path: Path, rows: int) -> list[list[str]] | None:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            corpus = json.load(fh)
    except (OSError, ValueError, EOFError):
        return None  # missing or damaged: tokenised again
    if not isinstance(corpus, list) or len(corpus) != rows:
        return None
    return corpus


def _write_tokens(path: Path, corpus: list[list[str]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as fh:
            json.dump(corpus, fh, ensure_ascii=False)
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache only costs the next process the tokenising
