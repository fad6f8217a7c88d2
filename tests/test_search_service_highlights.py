"""The Search tab's results mark only the hits they show: SearchService.results asks the
engines for hits without highlights (most of a search's time) and highlights the shown ones
afterwards, the same marks as a search that highlights everything (fake embedder)."""

from __future__ import annotations

import pytest

QUESTIONS = ("affordable housing for low-income families", "Cairo call 6", "保障性租赁住房", "تمويل البلديات")


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    from indexer.model.fake import FakeEmbedder
    from search.ui.services import Services

    # the frameworks index the fake embedder builds goes to a cache of its own, never over the real one
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICY_ALIGN_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield Services.start(None, FakeEmbedder(), tmp_path_factory.mktemp("app"))


@pytest.mark.parametrize("query", QUESTIONS)
def test_an_engine_highlights_afterwards_as_in_the_search(services, query):
    engine = services.search.engines.get("frameworks")
    everything = engine.search(query, 30)
    bare = engine.search(query, 30, highlight=False)
    assert [h.chunk_id for h in bare] == [h.chunk_id for h in everything]
    assert all(h.highlights == () for h in bare) and any(h.highlights for h in everything)
    assert engine.highlight(bare, query) == everything


@pytest.mark.parametrize("query", QUESTIONS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_cards_are_those_of_a_search_that_highlights_every_hit(services, query, lang, monkeypatch):
    from search.ui.cards import result_cards

    service = services.search
    shown = result_cards(service.results(query, ui_lang=lang), lang)
    search = service.search
    monkeypatch.setattr(service, "search", lambda *args, **kwargs: search(*args, **{**kwargs, "highlight": True}))
    assert result_cards(service.results(query, ui_lang=lang), lang) == shown
    assert "<mark" in shown
