"""The real model on a declaration in three languages (the Cairo calls as ten articles, one
sentence per paragraph, in zh, en, ar, indexed as three documents): its versions are linked
article by article, and scoring an article with its versions (search/versions.py) finds the
right article of another language's version first more often for the team's aspects of each
call as questions (eval/crosslingual_docs_eval.py measures the SDG declaration in six languages)."""

from __future__ import annotations

import re

import numpy as np
import pytest

pytestmark = pytest.mark.slow

LANGS = ("zh", "en", "ar")
ARTICLE = {"zh": "第{}条", "en": "Article {}", "ar": "المادة {}"}


def calls():
    from indexer.frameworks import load_frameworks

    return [item for item in load_frameworks()["cairo"].items if re.fullmatch(r"cairo:\d+", item.id)]


def declaration(lang: str) -> str:
    """The ten calls as articles: the label, then each sentence of the call as a paragraph."""
    from search.views import sentences

    blocks = []
    for call in calls():
        blocks += [ARTICLE[lang].format(call.number), *sentences(call.text_for(lang).text)]
    return "\n\n".join(blocks) + "\n"


def queries() -> list[dict]:
    from indexer.frameworks.notes import load_notes

    notes = load_notes("cairo")
    return [
        {"lang": note.lang, "text": note.text, "want": call.number}
        for call in calls()
        for note in notes.get(call.id, ())
        if note.kind == "aspect" and note.lang in LANGS
    ]


@pytest.fixture(scope="module")
def declaration_engine(tmp_path_factory, int8_embedder):
    from indexer.extract.load import sha256_file
    from search.centring import LanguageMeans
    from search.engine import SearchEngine
    from tests.support.versions import index_versions

    index, paths = index_versions(tmp_path_factory.mktemp("versions"), LANGS, declaration, int8_embedder)
    engine = SearchEngine(index, int8_embedder)
    # centred on the declaration's own language means (the frameworks index may not be built here)
    engine.language_means = LanguageMeans.of_index(engine.data)
    return engine, {lang: sha256_file(path)[:16] for lang, path in zip(LANGS, paths)}


def test_the_three_versions_are_linked_article_by_article(declaration_engine):
    engine, docs = declaration_engine
    families = engine.families
    numbers = {}
    for (doc, label), family in families.items():
        numbers.setdefault(family, set()).add((doc, re.search(r"\d+", label).group(0)))
    assert len(numbers) == 10  # one family per call's article
    for members in numbers.values():
        assert {doc for doc, _ in members} == set(docs.values()) and len({n for _, n in members}) == 1


def test_versions_find_the_right_article_in_another_language_more_often(declaration_engine):
    engine, docs = declaration_engine
    asked = [q for q in queries() if q["lang"] in LANGS]
    right = {}
    for share in (0.0, 0.5):
        engine.version_share = share
        found = []
        for q in asked:
            question = re.sub('["“”«»„]', " ", q["text"])  # quotation marks would ask for exact phrases
            for target in LANGS:
                if target != q["lang"]:
                    hits = engine.search(question, 1, doc=docs[target], mode="dense", highlight=False)
                    found.append(bool(hits) and re.sub(r"\D", "", hits[0].label) == str(q["want"]))
        right[share] = float(np.mean(found))
    print(right)
    assert right[0.5] >= right[0.0] + 0.05  # 0.560 -> 0.646 (840 question-target pairs) where it was written
