"""The team's matching notes for a framework's items, in several languages, written
independently of the evaluation set and never presented as a translation:

- `aspects*.jsonl`: short descriptions of the measures a plan contains when it supports an item;
- `examples*.jsonl`: example plan statements (fictional cities) that support an item.

Rows: {"id": "cairo:6", "aspect" | "example": n, "lang": "fr", "text": "..."}.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.frameworks.model import FrameworkError, bundled_root
from indexer.jsonl import read_jsonl

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

        def note(row: dict, kind: str = kind) -> Note:
            found = Note(row["id"], kind, int(row[kind]), row["lang"], row["text"].strip())
            if not found.item.startswith(f"{framework_id}:") or not found.text:
                raise ValueError(f"{kind} of {found.item!r} is empty or not in {framework_id}")
            return found

        for path in sorted((bundled_root() / framework_id).glob(f"{kind}s*.jsonl")):
            for found in read_jsonl(path, note, FrameworkError, f"a valid {kind} row"):
                out.setdefault(found.item, []).append(found)
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

    def sentence(row: dict) -> BackgroundSentence:
        return BackgroundSentence(row["lang"], row["text"].strip(), row.get("background"))

    out: list[BackgroundSentence] = []
    for path in sorted(bundled_root().glob("background*.jsonl")):
        out += [s for s in read_jsonl(path, sentence, FrameworkError, "a background row") if s.text]
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

    def sentence(row: dict) -> FormSentence:
        found = FormSentence(row["lang"], row["form"], row["text"].strip())
        if found.form not in FORMS or not found.text:
            raise ValueError(f"form must be one of {', '.join(FORMS)}, with a text")
        return found

    return tuple(read_jsonl(path, sentence, FrameworkError, "a valid form row"))
