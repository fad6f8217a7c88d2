"""A rebuilt frameworks index embeds only the texts it has not embedded before (an official text
attached, a translation changed): the others' vectors and sentence vectors come from the index it
replaces, or from the user's cache when a POLICY_ALIGN_FRAMEWORKS overlay starts empty, and are
the ones a build from nothing gives."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from indexer.frameworks import load_frameworks
from indexer.frameworks.indexing import build_framework_index, framework_index_dir
from indexer.index.store import load_index
from indexer.model.fake import FakeEmbedder


class Counting(FakeEmbedder):
    """The fake embedder, keeping every text it was asked to embed."""

    def __init__(self, backend: str = "fake"):
        super().__init__()
        self.backend, self.texts = backend, []

    def encode(self, texts, kind="passage", **options):
        self.texts += list(texts)
        return super().encode(texts, kind, **options)


def with_cairo_6_changed(frameworks):
    """The frameworks with call 6's English text one sentence longer."""
    cairo = frameworks["cairo"]
    items = []
    for item in cairo.items:
        if item.id == "cairo:6":
            texts = tuple(
                replace(t, text=t.text + " Every district keeps a flood map.") if t.lang == "en" else t
                for t in item.texts
            )
            item = replace(item, texts=texts)
        items.append(item)
    return {**frameworks, "cairo": replace(cairo, items=tuple(items))}


def test_only_the_changed_text_is_embedded_and_the_index_is_the_one_built_from_nothing(tmp_path, monkeypatch):
    frameworks = load_frameworks()
    first = Counting()
    total = build_framework_index(frameworks, first)
    changed = with_cairo_6_changed(frameworks)
    again = Counting()
    assert build_framework_index(changed, again) == total
    new_text = next(
        c.text for c in load_index(framework_index_dir()).chunks if c.chunk_id == "cairo:6:en:working-translation"
    )
    assert "flood map" in new_text
    # the changed text, then its sentences (the unchanged ones are taken from the index it replaced)
    assert again.texts[0] == new_text and len(again.texts) < 12, again.texts
    assert len(first.texts) > 50 * len(again.texts)
    reused = load_index(framework_index_dir())

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "empty"))  # no index to take vectors from
    scratch = Counting()
    build_framework_index(changed, scratch, tmp_path / "scratch")
    fresh = load_index(tmp_path / "scratch")
    assert len(scratch.texts) > 50 * len(again.texts)
    assert [c.chunk_id for c in reused.chunks] == [c.chunk_id for c in fresh.chunks]
    assert np.array_equal(reused.vectors, fresh.vectors)
    assert np.array_equal(reused.sentences.spans, fresh.sentences.spans)
    assert np.array_equal(reused.sentences.vectors, fresh.sentences.vectors)


def test_an_empty_overlay_takes_the_users_index_and_another_backends_is_not_taken(tmp_path, monkeypatch):
    frameworks = load_frameworks()
    build_framework_index(frameworks, Counting())  # the user's frameworks index, in the cache
    monkeypatch.setenv("POLICY_ALIGN_FRAMEWORKS", str(tmp_path / "overlay"))
    overlay = Counting()
    build_framework_index(with_cairo_6_changed(frameworks), overlay)
    assert framework_index_dir() == tmp_path / "overlay" / "_index"
    assert len(overlay.texts) < 12, overlay.texts

    other = Counting(backend="fake-other")  # vectors made otherwise are never mixed in
    build_framework_index(frameworks, other, tmp_path / "other")
    assert len(other.texts) > 50 * len(overlay.texts)


def test_a_damaged_index_gives_no_vectors_and_the_rebuild_mends_it(tmp_path):
    frameworks = load_frameworks()
    build_framework_index(frameworks, Counting())
    version = load_index(framework_index_dir()).path
    vectors = version / "vectors.npy"
    vectors.write_bytes(vectors.read_bytes()[:-64] + bytes(64))  # same size, other values: fails its checksum
    again = Counting()
    total = build_framework_index(with_cairo_6_changed(frameworks), again)
    assert len(again.texts) > total  # every text and its sentences embedded, none taken from the damaged index
    assert load_index(framework_index_dir(), verify=True).vectors.shape[0] == total
