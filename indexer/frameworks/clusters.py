"""A framework's own thematic clusters of related items (`corpus/frameworks/<id>/clusters.jsonl`),
e.g. the New Urban Agenda's housing paragraphs 31–33 and 105–112: rows {"cluster": "housing",
"title": {lang: text}, "items": [31, 32, …]}. Matching reads them so that a statement can be
placed in the right cluster before the right item; an item may be in several clusters.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.frameworks.model import FrameworkError, bundled_root
from indexer.jsonl import read_jsonl


@dataclass(frozen=True)
class Cluster:
    id: str
    titles: dict[str, str]
    items: tuple[str, ...]  # item ids, e.g. ("nua:31", "nua:32")


def load_clusters(framework_id: str) -> tuple[Cluster, ...]:
    """The framework's clusters; () when it has none."""
    path = bundled_root() / framework_id / "clusters.jsonl"
    if not path.is_file():
        return ()

    def cluster(row: dict) -> Cluster:
        items = tuple(f"{framework_id}:{i}" for i in row["items"])
        return Cluster(str(row["cluster"]), dict(row.get("title", {})), items)

    return tuple(read_jsonl(path, cluster, FrameworkError, "a cluster row"))
