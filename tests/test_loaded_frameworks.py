"""indexer/frameworks/loaded.py: the app reads the frameworks once, and after an official text
is added every view reads the new one (before, the Align tab's titles, an item's group and the
printable report's item texts stayed as they were until the app restarted)."""

from __future__ import annotations

import pytest


@pytest.fixture()
def overlay(tmp_path, monkeypatch):
    from indexer.frameworks import loaded

    monkeypatch.setenv("POLICY_ALIGN_FRAMEWORKS", str(tmp_path / "overlay"))
    loaded.forget()
    yield tmp_path
    loaded.forget()  # other tests read the bundled texts again


def _official_cairo(folder):
    paragraphs = ["Cairo Action Declaration", "We, the participants of the World Urban Forum held in Cairo:"]
    for n in range(1, 11):
        paragraphs += [f"{n}.", f"We call for action number {n}", f"Body of call {n}, about cities and communities."]
    path = folder / "cairo-en.txt"
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    return path


def test_every_view_reads_an_added_official_text_once_forgotten(overlay):
    from indexer.frameworks import loaded
    from indexer.frameworks.official import add_official
    from search.links import linked_items
    from search.ui.align_view import titles
    from search.ui.search_service import SearchService

    before = titles("en")["cairo:6"]
    linking = [link["title"] for link in linked_items("sdg:17.1") if link["id"] == "cairo:6"]
    assert linking == [before]  # the crosswalk names cairo:6 by its title
    assert loaded.frameworks() is loaded.frameworks()  # read once
    add_official(loaded.frameworks()["cairo"], "en", _official_cairo(overlay), {}, "cairo-en.txt")
    assert titles("en")["cairo:6"] == before  # cached until told

    SearchService.forget_frameworks(_NoEngines())  # what the Library tab calls after adding
    assert titles("en")["cairo:6"] == "We call for action number 6" != before
    cairo = loaded.frameworks()["cairo"]
    assert cairo.item("cairo:6").text_for("en").status == "official"
    assert [link["title"] for link in linked_items("sdg:17.1") if link["id"] == "cairo:6"] == [
        "We call for action number 6"
    ]


class _NoEngines:
    """A SearchService without its engines: only the frameworks are forgotten here."""

    class engines:
        @staticmethod
        def forget_frameworks():
            pass
