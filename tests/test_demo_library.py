"""Workshop mode keeps what a trainer added in the Library: `policy-align demo` builds its index
from the samples *and* the Library's files (search/ui/demo.py, kept_library_files), so a
restart neither loses an addition nor brings back a removed one."""

from __future__ import annotations


def test_the_demo_keeps_library_additions_across_a_restart(tmp_path, monkeypatch):
    from indexer.index.store import read_manifest
    from indexer.model.fake import FakeEmbedder
    from search.ui import demo
    from search.ui.engines import Engines
    from search.ui.library_service import LibraryService, kept_library_files

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    sample = tmp_path / "sample.md"
    sample.write_text("# Sample plan\n\n1. Affordable rental homes for low-income families.\n", encoding="utf-8")
    monkeypatch.setattr(demo, "sample_documents", lambda folder: [sample])  # no LibreOffice needed here
    embedder = FakeEmbedder()

    index, _ = demo.prepare_demo(embedder)  # first start
    library = LibraryService(Engines(index, embedder))
    added, removed = tmp_path / "trainer-note.md", tmp_path / "old-note.md"
    added.write_text("# Trainer note\n\n1. Participatory budgeting in three districts.\n", encoding="utf-8")
    removed.write_text("# Old note\n\n1. Street trees on every avenue.\n", encoding="utf-8")
    assert library.add_documents([added, removed]) == 2
    kept = kept_library_files(index)
    assert len(kept) == 2 and all(p.parent.name == "library-files" for p in kept)  # content-named copies
    old = next(d for d in library.documents() if d.get("title") == "Old note")
    assert library.remove_document(old["id"]) == 1

    index_again, _ = demo.prepare_demo(embedder)  # the restart
    assert index_again == index
    titles = sorted(d.get("title", "") for d in read_manifest(index)["documents"].values())
    assert titles == ["Sample plan", "Trainer note"]  # the addition is back, the removed one is not
    assert [p.read_text(encoding="utf-8")[:14] for p in kept_library_files(index)] == ["# Trainer note"]
