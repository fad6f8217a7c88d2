"""Load and validate frameworks from `corpus/frameworks/<id>/` plus the user's additions.

Bundled data (the repository's corpus/) is never written at run time. Official texts that a
user fetches or adds live in an overlay, `<cache>/frameworks/<id>/`, with the same layout;
an overlay text replaces a bundled text of the same language and status.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.errors import PolicyAlignError
from indexer.jsonl import as_dict, read_jsonl
from indexer.settings import cache_root, corpus_root

STATUSES = ("official", "working-translation", "summary")  # a framework text's status, best first
# "nua:13(a)", "sdg:11.1", "sdg:11.a", "cairo:preamble-2"
_ID = re.compile(r"^[a-z0-9-]+:(?:[0-9]+(?:\.[0-9a-z]{1,2})?(?:\([a-z]{1,2}\))?|preamble-[0-9]+)$")


class FrameworkError(PolicyAlignError):
    """Framework data is missing or inconsistent."""


@dataclass(frozen=True)
class ItemText:
    lang: str
    status: str  # official | working-translation | summary
    title: str
    text: str
    source: str  # where it came from: URL, file, or the team's note


@dataclass(frozen=True)
class FrameworkItem:
    id: str
    number: str
    section: str
    parent: str
    texts: tuple[ItemText, ...]

    def text_for(self, lang: str) -> ItemText | None:
        """Best text in `lang`: official first, then working translation, then summary."""
        ranked = sorted((t for t in self.texts if t.lang == lang), key=lambda t: STATUSES.index(t.status))
        return ranked[0] if ranked else None

    def shown_in(self, lang: str) -> ItemText:
        """The text to show a reader of `lang`: theirs, else English (the language most readers
        share), else the item's first."""
        return self.text_for(lang) or self.text_for("en") or self.texts[0]


@dataclass(frozen=True)
class Framework:
    id: str
    citation: str
    names: dict[str, str]
    sections: dict[str, dict]  # id -> {"parent", "title": {lang: text}}
    items: tuple[FrameworkItem, ...]
    text_files: tuple[dict, ...]  # the [[texts]] entries, bundled and added
    # the item-model columns its calibration is fitted on (framework.toml `item_features`;
    # empty: all of search.features.ITEM_FEATURES)
    item_features: tuple[str, ...] = ()
    level_names: tuple[str, ...] = ()  # what its top-level items and sub-items are called: ("goals", "targets")
    adapter: bool = False  # framework.toml `adapter`: its calibration maps statements first (search/adapter.py)
    # framework.toml `companions`: an item scores at least its statement's best item's times how
    # often the labelled statements support both (search/companions.py)
    companions: bool = False

    def item(self, item_id: str) -> FrameworkItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise FrameworkError(
            f"{item_id!r} is not an item of {self.id}; items run {self.items[0].id}…{self.items[-1].id}"
        )

    def section_path(self, section_id: str, lang: str = "en") -> tuple[str, ...]:
        path, current = [], section_id
        while current:
            section = self.sections.get(current, {})
            titles = section.get("title", {})
            path.append(titles.get(lang) or titles.get("en") or current)
            current = section.get("parent", "")
        return tuple(reversed(path))

    def with_parents(self, ids) -> set[str]:
        """Item ids and the items they belong to: a statement that supports target 11.1
        supports goal 11."""
        parents = {item.id: item.parent for item in self.items if item.parent}
        out = set(ids)
        for item_id in ids:
            while item_id in parents:
                item_id = parents[item_id]
                out.add(item_id)
        return out

    def levels(self) -> tuple[tuple[FrameworkItem, ...], tuple[FrameworkItem, ...]]:
        """(top-level items, sub-items): SDG goals and targets; NUA and Cairo have no sub-items."""
        return tuple(i for i in self.items if not i.parent), tuple(i for i in self.items if i.parent)

    def languages(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for entry in self.text_files:
            out.setdefault(entry["lang"], set()).add(entry["status"])
        return out


def bundled_root() -> Path:
    """The bundled frameworks: `<corpus>/frameworks` (indexer.settings.corpus_root; POLICY_ALIGN_CORPUS overrides)."""
    return corpus_root() / "frameworks"


def overlay_root() -> Path:
    """User-added official texts (POLICY_ALIGN_FRAMEWORKS overrides the location)."""
    return Path(os.environ.get("POLICY_ALIGN_FRAMEWORKS") or cache_root() / "frameworks")


def _read_jsonl(path: Path) -> list[dict]:
    return read_jsonl(path, as_dict, FrameworkError, "a JSON object")


def load_framework(folder: Path, overlay: Path | None = None) -> Framework:
    try:
        meta = tomllib.loads((folder / "framework.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FrameworkError(f"{folder}: no valid framework.toml ({exc})") from exc
    fw_id = meta["id"]
    sections = {s["id"]: s for s in meta.get("sections", [])}
    structure = _read_jsonl(folder / "items.jsonl")
    entries = [(folder, e) for e in meta.get("texts", [])]
    added = overlay / "texts.json" if overlay else None
    if added and added.is_file():
        entries += [(overlay, e) for e in json.loads(added.read_text(encoding="utf-8"))]
    texts: dict[str, dict[tuple[str, str], ItemText]] = {}
    for base, entry in entries:
        if entry.get("status") not in STATUSES:
            raise FrameworkError(
                f"{fw_id}: {entry.get('file')} has status {entry.get('status')!r}; use one of {STATUSES}"
            )
        source = entry.get("source_url") or entry.get("source_file") or entry.get("note", "")
        for row in _read_jsonl(base / entry["file"]):
            key = (entry["lang"], entry["status"])
            # the preamble file and the calls file share a language and status; ids keep them apart
            texts.setdefault(row["id"], {})[key] = ItemText(
                entry["lang"], entry["status"], row.get("title", ""), row["text"], source
            )
    items = []
    seen = set()
    for row in structure:
        item_id = row["id"]
        if item_id in seen or not _ID.match(item_id) or not item_id.startswith(f"{fw_id}:"):
            raise FrameworkError(f"{fw_id}: item id {item_id!r} is duplicated or malformed")
        seen.add(item_id)
        if row.get("section") and row["section"] not in sections:
            raise FrameworkError(f"{fw_id}: {item_id} names unknown section {row['section']!r}")
        item_texts = tuple(texts.get(item_id, {}).values())
        if not item_texts:
            raise FrameworkError(f"{fw_id}: {item_id} has no text in any language")
        items.append(FrameworkItem(item_id, row["number"], row.get("section", ""), row.get("parent", ""), item_texts))
    unknown = set(texts) - seen
    if unknown:
        raise FrameworkError(f"{fw_id}: texts for unknown items {sorted(unknown)[:5]}")
    numbers = [int(i.number) for i in items if i.number.isdigit() and not i.parent]
    if numbers != list(range(1, len(numbers) + 1)):
        missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
        raise FrameworkError(f"{fw_id}: numbering is not 1…{len(numbers)}; missing {missing[:10]}")
    return Framework(
        fw_id,
        meta.get("citation", fw_id),
        meta.get("names", {}),
        sections,
        tuple(items),
        tuple(e for _, e in entries),
        tuple(meta.get("item_features", ())),
        tuple(meta.get("level_names", ())),
        bool(meta.get("adapter", False)),
        bool(meta.get("companions", False)),
    )


@dataclass(frozen=True)
class FrameworkEntry:
    """What the CLI and the app list about a framework, read from its framework.toml alone."""

    id: str
    order: int
    names: dict
    citation: str = ""
    aliases: tuple[str, ...] = ()  # other ways people name it in a query ("Cairo", "إعلان القاهرة")
    number_prefix: str = ""  # how an item number is cited after the citation: "¶" for "NUA ¶31"
    # the citation in other interface languages ({"fr": "ODD"}: "ODD 11.1"); `citation` is English
    citations: tuple[tuple[str, str], ...] = ()

    def citation_in(self, lang: str) -> str:
        """The framework's citation word in `lang`, else the English one, else its id."""
        return dict(self.citations).get(lang) or self.citation or self.id


def registered_frameworks() -> tuple[FrameworkEntry, ...]:
    """Every framework in the corpus (a folder with a framework.toml), in `order`, then by id.
    Adding a framework is adding a folder: the CLI's --framework choices, `all`, the app's
    choices and the search filters all come from here."""
    root = bundled_root()
    folders = tuple(sorted(root.iterdir())) if root.is_dir() else ()
    # read again only when a framework.toml changes: a search command asks several times
    # (~20 ms of TOML each, eval/RESULTS.md "Time to first result")
    return _registered(folders, tuple(_file_stamp(folder / "framework.toml") for folder in folders))


def _file_stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_ino, st.st_mtime_ns)


@lru_cache(maxsize=8)
def _registered(folders: tuple[Path, ...], stamps: tuple) -> tuple[FrameworkEntry, ...]:
    entries = []
    for folder in folders:
        try:
            meta = tomllib.loads((folder / "framework.toml").read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue  # not a framework folder (load_frameworks reports a broken one)
        entries.append(
            FrameworkEntry(
                meta.get("id", folder.name),
                int(meta.get("order", 100)),
                meta.get("names", {}),
                meta.get("citation", ""),
                tuple(meta.get("aliases", ())),
                meta.get("number_prefix", ""),
                tuple(sorted(meta.get("citations", {}).items())),
            )
        )
    return tuple(sorted(entries, key=lambda e: (e.order, e.id)))


def framework_ids() -> tuple[str, ...]:
    return tuple(e.id for e in registered_frameworks())


def load_frameworks() -> dict[str, Framework]:
    root = bundled_root()
    if not root.is_dir():
        raise FrameworkError(f"no frameworks at {root}; set POLICY_ALIGN_CORPUS to the project's corpus folder")
    return {
        folder.name: load_framework(folder, overlay_root() / folder.name)
        for folder in sorted(root.iterdir())
        if (folder / "framework.toml").is_file()
    }
