"""Language of a text with langdetect, deterministic (fixed seed), ISO 639-1 codes."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable

# languages written right to left, of those the product reads (ISO 639-1)
RTL_LANGS = ("ar", "fa", "he", "ur")
MIN_LETTERS = 20  # below this langdetect guesses; such texts inherit the document language
SAMPLE_CHARS = 600
TRIALS = 3  # langdetect's default 7 gave the same answers on Tatoeba fr/es/ru/ar at 2.5x the cost
_lock = threading.Lock()
_ready = False


_detector_class = None


def _init() -> None:
    global _ready, _detector_class
    if not _ready:
        from langdetect import DetectorFactory
        from langdetect.detector_factory import init_factory

        DetectorFactory.seed = 0
        init_factory()
        _detector_class = _vectorised_detector()
        _ready = True


def _vectorised_detector():
    """langdetect's Detector with its two inner loops over the 55 languages done by numpy:
    the same products and sums, a third of the time of a chunk's detection (the benchmark's
    chunking stage was mostly these loops)."""
    import numpy as np
    from langdetect.detector import Detector

    arrays: dict[str, np.ndarray] = {}

    class VectorisedDetector(Detector):
        def _init_probability(self):
            return np.array(super()._init_probability())

        def _update_lang_prob(self, prob, word, alpha):
            if word is None or word not in self.word_lang_prob_map:
                return False
            row = arrays.get(word)
            if row is None:
                row = arrays[word] = np.asarray(self.word_lang_prob_map[word])
            prob *= alpha / self.BASE_FREQ + row
            return True

        def _normalize_prob(self, prob):
            prob /= prob.sum()
            return float(prob.max())

    return VectorisedDetector


def warm_up() -> None:
    """Load langdetect's profiles now (~0.6 s), not in the first detect() of a text long enough
    (the app does this in the background at start)."""
    with _lock:
        _init()


def _by_script(letters: list[str]) -> str:
    """Scripts that name their language outright; langdetect confuses Han text with Korean."""
    n = len(letters)
    kana = sum("\u3040" <= c <= "\u30ff" for c in letters)
    hangul = sum("\uac00" <= c <= "\ud7af" or "\u1100" <= c <= "\u11ff" for c in letters)
    han = sum("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in letters)
    if kana > 0.05 * n:
        return "ja"
    if hangul > 0.3 * n:
        return "ko"
    if han > 0.5 * n:
        return "zh"
    return ""


def detect(text: str) -> str:
    """-> "zh", "ar", "en", … or "" when the text is too short or has no letters."""
    letters = [c for c in text[:5000] if c.isalpha()]
    if by_script := _by_script(letters):
        return by_script
    if len(letters) < MIN_LETTERS:
        return ""
    import langdetect.detector_factory as factory
    from langdetect import LangDetectException

    with _lock:
        _init()
        try:
            detector = _detector_class(factory._factory)
            detector.n_trial = TRIALS
            detector.append(text[:SAMPLE_CHARS])
            code = detector.detect()
        except LangDetectException:
            return ""
    return "zh" if code.startswith("zh") else code


def majority(langs: Iterable[tuple[str, int]]) -> str:
    """The language covering most characters among (lang, length) pairs; "" if none."""
    weights: Counter[str] = Counter()
    for lang, length in langs:
        if lang:
            weights[lang] += length
    return weights.most_common(1)[0][0] if weights else ""
