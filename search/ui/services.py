"""What the app does, without Gradio, as three services that share only what they must: the
document index's engines (search reads them, the library writes the index and reloads them),
the embedder and the app's folder for alignments (`workdir`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from search.ui.align_service import AlignService
from search.ui.engines import Engines
from search.ui.library_service import LibraryService
from search.ui.search_service import SearchService


@dataclass(frozen=True)
class Services:
    search: SearchService
    library: LibraryService
    alignment: AlignService
    model: str  # the embedding model's name, for the About tab

    @classmethod
    def start(cls, index: Path | None, embedder, workdir: Path) -> Services:
        """The services of one server: over the document index at `index` (None: frameworks
        only), embedding with `embedder`, writing alignments under `workdir`."""
        engines = Engines(index, embedder)
        return cls(SearchService(engines), LibraryService(engines), AlignService(embedder, workdir), embedder.name)
