"""The team's matching notes for a framework's items, in several languages, written
independently of the evaluation set and never presented as a translation:

- `aspects*.jsonl`: short descriptions of the measures a plan contains when it supports an item;
- `examples*.jsonl`: example plan statements (fictional cities) that support an item.

Rows: {"id": "cairo:6", "aspect" | "example": n, "lang": "fr", "text": "..."}.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from indexer.frameworks.model import FrameworkError, bundled_root

NOTE_KINDS = ("aspect", "example")


@dataclass(frozen=True)
class Note:
    item: str
    kind: str  # aspect | example
    number: int
    lang: str
    text: str


def load_notes(framework_id: str) -> dict[str, tuple[Note, ...]]:
    """item id -> its notes (every kind and language), in file order; {} when there are none."""
    out: dict[str, list[Note]] = {}
    for kind in NOTE_KINDS:
        for path in sorted((bundled_root() / framework_id).glob(f"{kind}s*.jsonl")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    note = Note(row["id"], kind, int(row[kind]), row["lang"], row["text"].strip())
                except (ValueError, KeyError, TypeError, AttributeError) as exc:
                    raise FrameworkError(f"{path}:{n}: not a valid {kind} row ({exc})") from exc
                if not note.item.startswith(f"{framework_id}:") or not note.text:
                    raise FrameworkError(f"{path}:{n}: {kind} of {note.item!r} is empty or not in {framework_id}")
                out.setdefault(note.item, []).append(note)
    return {item: tuple(rows) for item, rows in out.items()}


@dataclass(frozen=True)
class BackgroundSentence:
    lang: str
    text: str
    id: int | None = None  # the same id in every language says the same thing (the files are parallel)


def load_background() -> tuple[BackgroundSentence, ...]:
    """`corpus/frameworks/background*.jsonl`: the team's off-topic and procedural sentences
    (page furniture, document control, council formalities, plan boilerplate, trivia, news)
    in many languages — what "supports nothing" looks like, for abstention."""
    out: list[BackgroundSentence] = []
    for path in sorted(bundled_root().glob("background*.jsonl")):
        try:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            out += [
                BackgroundSentence(row["lang"], row["text"].strip(), row.get("background"))
                for row in rows
                if row["text"].strip()
            ]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise FrameworkError(f"{path}: not a background file ({exc})") from exc
    return tuple(out)


FORMS = ("definition", "commitment")


@dataclass(frozen=True)
class FormSentence:
    lang: str
    form: str  # one of FORMS
    text: str


def load_forms() -> tuple[FormSentence, ...]:
    """`corpus/frameworks/forms.jsonl`: what follows a label in a glossary entry (a definition:
    "a loan given to a small business without collateral") and in a plan (a commitment: "the
    cooperative will lend up to 5,000 euros to each new member"), on topics of no framework and
    in both forms alike, so that the two differ in form only; () when the file is absent."""
    path = bundled_root() / "forms.jsonl"
    if not path.is_file():
        return ()
    out: list[FormSentence] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            sentence = FormSentence(row["lang"], row["form"], row["text"].strip())
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise FrameworkError(f"{path}:{n}: not a valid form row ({exc})") from exc
        if sentence.form not in FORMS or not sentence.text:
            raise FrameworkError(f"{path}:{n}: form must be one of {', '.join(FORMS)}, with a text")
        out.append(sentence)
    return tuple(out)
