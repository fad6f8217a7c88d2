"""The real model on a declaration of 30 articles the team wrote in the six UN languages
(eval/data/lisbon, an invented "Declaration of Lisbon"; eval/crosslingual_docs_eval.py --set
lisbon measures it whole): every article's paragraphs carry its label in every language, however
the language numbers it ("Article premier", "第一条", "المادة 1"), its versions pair article by
article, and questions an officer types in Chinese or Arabic find the right article of the
other languages' documents first."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

LANGS = ("zh", "en", "ar", "fr", "es", "ru")
DATA = ROOT / "eval" / "data" / "lisbon"


def declaration(lang: str) -> str:
    return (DATA / f"{lang}.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lisbon(tmp_path_factory, int8_embedder):
    from indexer.extract.load import sha256_file
    from search.centring import LanguageMeans
    from search.engine import SearchEngine
    from tests.support.versions import index_versions

    index, paths = index_versions(tmp_path_factory.mktemp("lisbon"), LANGS, declaration, int8_embedder)
    engine = SearchEngine(index, int8_embedder)
    engine.language_means = LanguageMeans.of_index(engine.data)  # the frameworks index may not be built here
    return engine, {lang: sha256_file(path)[:16] for lang, path in zip(LANGS, paths)}


def test_every_paragraph_of_an_article_carries_its_number_in_every_language(lisbon):
    from search.versions import label_number

    engine, docs = lisbon
    for lang, doc in docs.items():
        chunks = [c for c in engine.data.chunks if c.doc_id == doc]
        numbers = [label_number(c.label) for c in chunks if c.label]
        assert sorted({int(n) for n in numbers}) == list(range(1, 31)), lang
        assert len(numbers) == 90, lang  # three paragraphs an article; the title and preamble have none
    families = {}
    for (_, label), family in engine.families.items():
        families.setdefault(family, set()).add(label_number(label))
    assert len(families) == 30 and all(len(numbers) == 1 for numbers in families.values())


def test_chinese_and_arabic_questions_find_the_article_in_the_other_languages(lisbon):
    engine, docs = lisbon
    found = {}
    for lang in ("zh", "ar"):
        for line in (DATA / f"questions.{lang}.jsonl").read_text(encoding="utf-8").splitlines():
            question = json.loads(line)
            text = re.sub('["“”«»„]', " ", question["text"])  # quotation marks would ask for exact phrases
            for target in LANGS:
                if target != lang:
                    hits = engine.search(text, 1, doc=docs[target], highlight=False)
                    right = bool(hits) and label_of(hits[0].label) == question["article"]
                    found.setdefault((lang, target), []).append(right)
    rates = {pair: float(np.mean(v)) for pair, v in found.items()}
    print(rates)
    # 0.87-0.97 per pair where it was written (eval/RESULTS.md); a pair under 0.8 is a regression
    assert min(rates.values()) >= 0.8 and np.mean(list(rates.values())) >= 0.88, rates


def label_of(label: str) -> int:
    from search.versions import label_number

    return int(label_number(label) or 0)
