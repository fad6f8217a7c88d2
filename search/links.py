"""The crosswalk (indexer/frameworks/crosswalk.py) as users see it: an item's links with
titles, and one line per statement naming everything it supports across frameworks
("Cairo 1 · NUA ¶31, ¶106 · SDG 11.1"). Citations are English unless a language is asked
for: the CLI's JSON ("supports") is read by scripts, the app shows the interface language
(framework.toml `[citations]`: "Le Caire 1 · NPV ¶31 · ODD 11.1")."""

from __future__ import annotations

from functools import lru_cache

from indexer.frameworks import loaded
from indexer.shorten import shortened


def item_titles(lang: str = "en") -> dict[str, str]:
    """item id -> its title (or the start of its text) in `lang`, for reports and the app.
    Here, not in search.match: `search --json` names its hits' links without the matcher's imports."""
    from indexer.frameworks import load_frameworks

    out = {}
    for fw in load_frameworks().values():
        for item in fw.items:
            text = item.shown_in(lang)
            out[item.id] = text.title or shortened(text.text, 80)
    return out


@loaded.derived
def _titles() -> dict[str, str]:
    return item_titles()


def linked_items(item_id: str, titles: dict[str, str] | None = None) -> list[dict]:
    """The crosswalk's links of an item: [{"id", "title", "rationale"}], the public JSON of
    `corpus show --json`, of `search --json` hits and of matches in reports."""
    from indexer.frameworks.crosswalk import load_crosswalk

    titles = titles if titles is not None else _titles()
    return [
        {"id": link.item, "title": titles.get(link.item, ""), "rationale": link.rationale}
        for link in load_crosswalk().of(item_id)
    ]


@lru_cache(maxsize=1)
def _entries():
    from indexer.frameworks import registered_frameworks

    return registered_frameworks()


def _prefix(entry, lang: str) -> str:
    """ "NUA " / "NPV ": what comes before the item numbers of `entry` in `lang`."""
    return f"{entry.citation_in(lang)} "


@lru_cache(maxsize=8192)
def citation(item_id: str, lang: str = "en") -> str:
    """ "cairo:1" -> "Cairo 1", "nua:31" -> "NUA ¶31", "sdg:11.1" -> "SDG 11.1" (the
    framework.toml's `citation` and `number_prefix`); in another language its `[citations]`
    form ("sdg:11.1", "fr" -> "ODD 11.1"), English where it has none."""
    fw_id, number = item_id.split(":", 1)
    entry = next((e for e in _entries() if e.id == fw_id), None)
    if entry is None:
        return item_id
    return f"{_prefix(entry, lang)}{entry.number_prefix}{number}"


def supports_line(item_ids, lang: str = "en") -> str:
    """Item ids (any frameworks, best first) -> "Cairo 1 · NUA ¶31, ¶106 · SDG 11.1", in the
    registry's framework order and the citations of `lang`; "" when there are none."""
    by_framework: dict[str, list[str]] = {}
    for item_id in item_ids:
        by_framework.setdefault(item_id.split(":", 1)[0], []).append(item_id)
    parts = []
    for entry in _entries():
        found = by_framework.get(entry.id)
        if found:
            cited = [citation(i, lang) for i in found]
            prefix = _prefix(entry, lang)
            parts.append(prefix + ", ".join(c[len(prefix) :] if c.startswith(prefix) else c for c in cited))
    return " · ".join(parts)
