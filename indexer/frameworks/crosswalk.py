"""The crosswalk between frameworks, as data: `corpus/crosswalk.jsonl`.

Each line links one framework item to another it serves or echoes, with the team's one-line
rationale: `{"from": "cairo:1", "to": "sdg:11.1", "rationale": "..."}`. Links are read both
ways, so an SDG target lists the Cairo calls and NUA paragraphs that serve it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.frameworks.model import FrameworkError, bundled_root
from indexer.jsonl import read_jsonl


@dataclass(frozen=True)
class Link:
    item: str  # the item at the other end, e.g. "sdg:11.1"
    rationale: str


@dataclass(frozen=True)
class Crosswalk:
    links: dict[str, tuple[Link, ...]]  # item id -> its links, in file order

    def of(self, item_id: str, framework: str | None = None) -> tuple[Link, ...]:
        """The items linked to `item_id` (optionally only those of `framework`)."""
        found = self.links.get(item_id, ())
        return tuple(link for link in found if framework is None or link.item.startswith(f"{framework}:"))


def crosswalk_path() -> Path:
    return bundled_root().parent / "crosswalk.jsonl"


def read_crosswalk(path: Path) -> Crosswalk:
    if not path.is_file():
        return Crosswalk({})
    seen: set[tuple[str, str]] = set()

    def link(row: dict) -> tuple[str, str, str]:
        source, target = row["from"], row["to"]
        if (source, target) in seen or source == target:
            raise ValueError(f"{source} → {target} is repeated or links an item to itself")
        seen.add((source, target))
        return source, target, row["rationale"]

    links: dict[str, list[Link]] = {}
    for source, target, rationale in read_jsonl(path, link, FrameworkError, "a crosswalk link"):
        links.setdefault(source, []).append(Link(target, rationale))
        links.setdefault(target, []).append(Link(source, rationale))
    return Crosswalk({item: tuple(found) for item, found in links.items()})


@lru_cache(maxsize=1)
def load_crosswalk() -> Crosswalk:
    """The bundled crosswalk (empty when the corpus has none)."""
    return read_crosswalk(crosswalk_path())


def unknown_items(crosswalk: Crosswalk, known: set[str]) -> list[str]:
    """Linked ids that name no framework item (a typo in the data)."""
    return sorted(item for item in crosswalk.links if item not in known)
