"""Match plan statements to the items of a framework, with a calibrated strength and evidence.

Per statement and item, search/scoring.py summarises the cosines to the item's views
(search/views.py) kind by kind; search/calibration.py turns those summaries, and the
statement's distance from the off-topic background, into a probability and a strength.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from indexer.errors import CalibrationWarning, PolicyAlignError
from indexer.frameworks.model import Framework, FrameworkError
from search.calibration import Calibration, load_calibration
from search.embedded import Embedded, embed_statements
from search.explain import Explanation
from search.explain import explain as explain_match
from search.features import Features, cluster_indicator, features, item_indicator
from search.form import field_names
from search.links import item_titles as item_titles  # re-exported: it lives in search.links (no numpy)
from search.scoring import hub_level
from search.views import embed_background, embed_form_direction, embed_views

MAX_STATEMENT_CHARS = 2000


class StatementError(PolicyAlignError):
    """There is nothing to match (no statement has text)."""


@dataclass(frozen=True)
class Match:
    id: str  # framework item, e.g. "cairo:6"
    score: float  # calibrated probability that the statement supports the item, 0..1
    strength: str  # strong | partial | none
    evidence: str  # the item's own sentence closest to the statement (its language if possible)
    evidence_lang: str
    similarity: float  # cosine of statement and evidence
    explanation: Explanation | None = None  # why (search/explain.py), when asked for


@dataclass(frozen=True)
class Scores:
    probability: np.ndarray  # (n, items) calibrated probability that statement i supports item j
    strength: np.ndarray  # (n, items) "strong" | "partial" | "none"
    features: Features  # what both were computed from


@dataclass(frozen=True)
class StatementMatches:
    text: str
    matches: tuple[Match, ...]  # best first


EVIDENCE_KINDS = ("sentence", "title", "text")  # the item's own words, not the team's notes


class Matcher:
    """One framework, its embedded views and its calibration; match() is pure after loading."""

    def __init__(self, framework: Framework, embedder, calibration: Calibration | None = None):
        self.framework = framework
        self.embedder = embedder
        self.calibration = calibration or load_calibration(framework.id)
        if len(self.calibration.direction.weights) != embedder.dimension:
            raise FrameworkError(
                f"{framework.id}: the calibration was fitted on {len(self.calibration.direction.weights)}-"
                f"dimensional vectors, but {embedder.name} gives {embedder.dimension}; "
                "run python eval/match_eval.py --write with this model"
            )
        self.viewset = embed_views(framework, embedder)
        beyond = [n for n in self.calibration.item_features if (item_indicator(n) or 0) >= len(self.viewset.items)]
        beyond += [
            n for n in self.calibration.item_features if cluster_indicator(n) not in (None, *self.viewset.cluster_ids)
        ]
        companions = self.calibration.companions
        if framework.companions and companions is None:
            warnings.warn(
                f"{framework.id}: the calibration has no companions (fitted before they existed); items are "
                "scored alone. Run policy-align calibrate again, or calibrate --reset for the shipped one",
                CalibrationWarning,
                stacklevel=2,
            )
        if companions is not None and companions.items != tuple(self.viewset.items):
            beyond.append("companions counted over other items")
        if beyond:
            raise FrameworkError(
                f"{framework.id}: the calibration reads {', '.join(beyond)}, but the framework has "
                f"{len(self.viewset.items)} items and clusters {', '.join(self.viewset.cluster_ids) or 'none'}; "
                "run python eval/match_eval.py --write"
            )
        self.background = embed_background(embedder)
        self.form_direction = embed_form_direction(embedder)
        self.hub_level = hub_level(self.viewset)
        kinds = [v.kind for v in self.viewset.views]
        self._evidence = [
            sorted(
                (j for j in np.flatnonzero(self.viewset.item_of_view == k) if kinds[j] in EVIDENCE_KINDS),
                key=lambda j: EVIDENCE_KINDS.index(kinds[j]),
            )
            for k in range(len(self.viewset.items))
        ]

    def features(self, statements: Embedded) -> Features:
        """Embedded statements (features.embed_statements) -> the named features the calibration reads."""
        cal = self.calibration
        return features(
            statements,
            self.viewset,
            self.background.vectors,
            self.hub_level,
            cal.direction,
            cal.neighbours,
            adapter=cal.adapter,
            form_direction=self.form_direction,
        )

    def scores(self, statements: Embedded) -> Scores:
        """Embedded statements -> calibrated probabilities and strengths, (n, items) each."""
        found = self.features(statements)
        probability = self.calibration.probability(found)
        return Scores(probability, self.calibration.strengths(found, probability), found)

    def evidence(self, vector: np.ndarray, item: int, lang: str) -> tuple[int, float]:
        """The item's sentence (or title) closest to the statement, preferring the statement's
        language, then English, then any -> (view index, cosine)."""
        candidates = self._evidence[item]
        views = self.viewset.views
        for wanted in (lang, "en", None):
            in_lang = [j for j in candidates if wanted is None or views[j].lang == wanted]
            # a sentence when the item has several; its whole text only when it is one sentence
            pool = [j for j in in_lang if views[j].kind == "sentence"] or in_lang
            if pool:
                sims = self.viewset.vectors[pool] @ vector
                best = int(np.argmax(sims))
                return pool[best], float(sims[best])
        return -1, 0.0

    def match_one(self, vectors: np.ndarray, scores: Scores, i: int, j: int, lang: str, explain: bool = False) -> Match:
        """Statement i (a row of vectors and scores) against item j, with its evidence in `lang`."""
        view, similarity = self.evidence(vectors[i], j, lang)
        strength = str(scores.strength[i, j])
        evidence = self.viewset.views[view] if view >= 0 else None
        return Match(
            self.viewset.items[j],
            round(float(scores.probability[i, j]), 4),
            strength,
            evidence.text if evidence else "",
            evidence.lang if evidence else "",
            round(similarity, 4),
            explain_match(self.calibration, scores.features, self.viewset, i, j, strength) if explain else None,
        )

    def match_vectors(
        self,
        texts: list[str],
        statements: Embedded,
        k: int | None = None,
        langs: list[str] | None = None,
        scores: Scores | None = None,
        explain: bool = False,
    ) -> list[StatementMatches]:
        """Matches for embedded statements (features.embed_statements); `langs` (detected when not given) picks the
        language of the evidence; `scores` reuses scores(vectors); `explain` fills each
        match's explanation."""
        from indexer.language import detect

        scores = scores or self.scores(statements)
        vectors = statements.vectors
        out = []
        for i, text in enumerate(texts):
            if not text.strip():
                out.append(StatementMatches(text, ()))
                continue
            lang = langs[i] if langs else detect(text)
            best = np.argsort(-scores.probability[i], kind="stable")[: k or len(self.viewset.items)]
            out.append(
                StatementMatches(text, tuple(self.match_one(vectors, scores, i, int(j), lang, explain) for j in best))
            )
        return out

    def match(self, texts: list[str], k: int | None = None, explain: bool = False) -> list[StatementMatches]:
        texts = [" ".join(t.split())[:MAX_STATEMENT_CHARS] for t in texts]
        if not any(texts):
            raise StatementError("no statement to match: every line is empty")
        embedded = embed_statements(texts, self.embedder, fields=field_names(texts))
        return self.match_vectors(texts, embedded, k, explain=explain)


def chosen_frameworks(choice: str) -> tuple[str, ...]:
    """The `--framework` choice (a framework id, or `all`) -> the frameworks to match against."""
    from indexer.frameworks import framework_ids

    return framework_ids() if choice == "all" else (choice,)


def load_matchers(choice: str, embedder, cache: dict[str, Matcher] | None = None) -> list[Matcher]:
    """The `--framework` choice -> one Matcher per chosen framework; `cache` (framework id ->
    Matcher) keeps them between calls, as the app does."""
    from indexer.frameworks import load_frameworks

    cache = {} if cache is None else cache
    wanted = chosen_frameworks(choice)
    missing = [f for f in wanted if f not in cache]
    if missing:
        frameworks = load_frameworks()
        for f in missing:
            cache[f] = Matcher(frameworks[f], embedder)
    return [cache[f] for f in wanted]


def framework_choices() -> tuple[str, ...]:
    """What `--framework` accepts: every registered framework, then `all`."""
    from indexer.frameworks import framework_ids

    return (*framework_ids(), "all")


def merge_matches(per_framework: list[list[StatementMatches]], k: int | None = None) -> list[StatementMatches]:
    """One framework's results or several (same statements, same order) -> one ranking per
    statement by calibrated score, cut to k."""
    merged = []
    for parts in zip(*per_framework):
        matches = sorted((m for part in parts for m in part.matches), key=lambda m: -m.score)
        merged.append(StatementMatches(parts[0].text, tuple(matches[:k] if k else matches)))
    return merged
