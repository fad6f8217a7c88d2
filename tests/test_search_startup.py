"""Ready at start (search/warmup.py: set-up prepares the frameworks index and the views, checked
and rebuilt when stale) and `search --file` (one model start-up, answers in input order).
Fake embedder throughout."""

import argparse
import json

import numpy as np
import pytest

from indexer.model.fake import FakeEmbedder


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("POLICY_ALIGN_FRAMEWORKS", raising=False)
    return tmp_path / "cache"


def test_prepare_builds_once_then_reuses_what_checks_out(cache):
    from search.warmup import prepare

    embedder = FakeEmbedder()
    first = prepare(embedder)
    names = [s.name for s in first]
    assert names[0] == "frameworks index" and {"views cairo", "views nua", "views sdg", "background"} <= set(names)
    assert not any(s.reused for s in first)
    second = prepare(embedder)
    assert all(s.reused for s in second), second


def test_a_damaged_view_cache_is_embedded_again_never_read(cache):
    from indexer.frameworks import load_frameworks
    from search.views import _cache_file, embed_views, framework_views, views_keys

    embedder = FakeEmbedder()
    cairo = load_frameworks()["cairo"]
    good = embed_views(cairo, embedder).vectors
    views = framework_views(cairo)
    path = _cache_file("cairo", embedder, views_keys(views))
    tampered = good.copy()
    tampered[0] = -tampered[0]  # same shape, wrong values: only the checksum can tell
    np.save(path, tampered)
    assert np.array_equal(embed_views(cairo, embedder).vectors, good)
    assert np.array_equal(np.load(path), good)  # and rewritten


def test_a_stale_or_tampered_frameworks_index_is_rebuilt(cache, monkeypatch):
    from indexer.frameworks import indexing
    from indexer.index.store import load_index

    embedder = FakeEmbedder()
    root = indexing.ensure_framework_index(embedder)
    assert indexing.framework_index_is_current(embedder)
    version = load_index(root).path
    with open(version / "vectors.npy", "r+b") as fh:  # flip bytes inside the vectors
        fh.seek(-8, 2)
        fh.write(b"\x00\x01\x02\x03\x04\x05\x06\x07")
    assert not indexing.framework_index_is_current(embedder)
    indexing.ensure_framework_index(embedder)
    assert indexing.framework_index_is_current(embedder) and load_index(root).path != version

    class OtherWeights(FakeEmbedder):  # same model name, another conversion of its weights
        def info(self):
            from dataclasses import replace

            return replace(super().info(), checksum="1" * 64)

    assert not indexing.framework_index_is_current(OtherWeights())
    import indexer.model.info as info

    text_form = info.TEXT_FORM
    monkeypatch.setattr(info, "TEXT_FORM", text_form + 1)  # texts cleaned otherwise before the model
    assert not indexing.framework_index_is_current(embedder)
    monkeypatch.setattr(info, "TEXT_FORM", text_form)
    assert indexing.framework_index_is_current(embedder)
    monkeypatch.setattr(info, "RUN_FORM", info.RUN_FORM + 1)  # texts run through the model otherwise
    assert not indexing.framework_index_is_current(embedder)


def _args(**kw):
    base = {"query": [], "file": None, "k": 3, "lang": "", "doc": None, "framework": "cairo", "mode": "hybrid"}
    return argparse.Namespace(**{**base, "json": True, "model": None, "backend": None, **kw})


def test_search_file_answers_every_line_in_order_with_one_engine(cache, tmp_path, monkeypatch, capsys):
    from indexer.frameworks.indexing import ensure_framework_index
    from search.cli import search_command
    from search.engine import SearchEngine

    embedder = FakeEmbedder()
    engine = SearchEngine(ensure_framework_index(embedder), embedder)
    made = []
    monkeypatch.setattr(search_command, "_engine", lambda args: made.append(1) or engine)
    queries = tmp_path / "q.txt"
    queries.write_text("cairo:6\nNUA 137\n开罗行动宣言 第3条\n\n", encoding="utf-8")
    assert search_command.run_search(_args(file=queries, framework=None)) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(made) == 1 and len(out) == 3
    assert [hits[0]["label"] for hits in out] == ["cairo:6", "nua:137", "cairo:3"]
    assert {"doc", "label", "highlights", "chunk_id", "path", "links"} <= set(out[0][0])
    # a single query keeps its flat list (the public --json shape)
    assert search_command.run_search(_args(query=["cairo:6"])) == 0
    assert json.loads(capsys.readouterr().out)[0]["label"] == "cairo:6"


def test_search_file_refuses_blank_lines_and_missing_files(tmp_path, capsys):
    from search.cli import search_command

    bad = tmp_path / "q.txt"
    bad.write_text("water\n\nhousing\n", encoding="utf-8")
    for args in (_args(file=bad), _args(file=tmp_path / "none.txt"), _args(), _args(file=bad, query=["x"])):
        with pytest.raises(SystemExit) as exit_:
            search_command.run_search(args)
        assert exit_.value.code == 2
    assert "line 2 is empty" in capsys.readouterr().err


def test_a_document_search_without_a_prepared_frameworks_index_says_it_ranks_without_centring(
    cache, tmp_path, monkeypatch, capsys
):
    """After an upgrade that changes how texts are read, the frameworks index (whose language
    means centre every search) is stale until set-up runs again; a search does not wait for it,
    but says so."""
    import indexer.model as model
    from indexer.frameworks.indexing import ensure_framework_index
    from indexer.index.builder import IndexBuilder
    from search.cli import search_command

    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n1. The city will build 5,000 affordable homes by 2030.\n", encoding="utf-8")
    IndexBuilder(tmp_path / "index", FakeEmbedder(), use_ocr=False).build([plan])
    monkeypatch.setattr(model, "Embedder", lambda *a, **kw: FakeEmbedder())
    args = _args(framework=None, index=tmp_path / "index")
    search_command._engine(args)
    assert "ranking without language centring" in capsys.readouterr().err
    ensure_framework_index(FakeEmbedder())
    search_command._engine(args)
    assert capsys.readouterr().err == ""


def test_a_search_says_which_documents_an_index_update_would_embed_again(capsys):
    from search.cli.search_command import _note_earlier_form

    documents = {
        "a": {"path": "plan-ar.pdf", "languages": ["ar", "en"]},  # before the form was recorded: form 1
        "b": {"path": "plan-en.pdf", "languages": ["en"]},  # no Arabic script: the form changed nothing
        "c": {"path": "plan-fa.pdf", "languages": ["fa"], "text_form": 2},
    }
    _note_earlier_form(documents)
    assert "1 indexed document(s) were embedded from texts read in an earlier form (e.g. plan-ar.pdf)" in (
        capsys.readouterr().err
    )
    _note_earlier_form({k: v for k, v in documents.items() if k != "a"})
    assert capsys.readouterr().err == ""
