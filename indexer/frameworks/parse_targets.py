"""An official text of a framework of goals and targets (the 2030 Agenda, A/RES/70/1) -> the
text of every goal and target.

A target is a paragraph that starts with its label ("11.1", "11.a"; "11.а" in Russian,
"11-أ" in Arabic); a goal is a paragraph that starts with one of the source's goal words
("Goal", "Objectif", "目标" … from corpus/sources.toml) and its number. Labels are taken by a
monotone walk over the targets the framework expects, so cross-references and the list of
goals in the declaration are skipped; a goal's heading is its last occurrence before its
first target. Paragraphs that follow a target (a page break inside it) are joined to it
until the next label or heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from indexer.extract.load import load_document
from indexer.extract.normalize import ends_sentence, join_pair

# letter targets as other scripts write them: Russian а б в г, Arabic أ ب ج د
_LETTERS = str.maketrans({"а": "a", "б": "b", "в": "c", "г": "d", "أ": "a", "ا": "a", "ب": "b", "ج": "c", "د": "d"})
_TARGET = re.compile(r"^\s*(\d{1,2})\s?[.\-–]\s?(\d{1,2}|[a-zа-гأابجد])(?![\d\w])[.)]?\s*(.*)$", re.S)
# a label after a full stop inside a paragraph: two targets the reader did not part
_MERGED = re.compile(r"(?<=[.。])\s+(?=\d{1,2}\s?[.\-–]\s?(?:\d{1,2}|[a-zа-гأابجد])\s)")
_LOOKAHEAD = 6  # labels may be this many targets apart (a target the reader lost is reported)


@dataclass(frozen=True)
class ParsedTargets:
    items: dict[str, tuple[str, str]]  # number ("11", "11.1", "11.a") -> (title, text)
    missing: list[str] = field(default_factory=list)
    sample: str = ""  # the first page's text, to check which document this is


def _paragraphs(path: Path) -> tuple[list[str], str]:
    doc = load_document(path)
    paragraphs = [
        part.strip().removeprefix("## ").strip()
        for page in doc.pages
        for p in page.text.split("\n\n")
        for part in _MERGED.split(p)
        if part.strip()
    ]
    sample = next((p.text for p in doc.pages if p.text.strip()), "")
    return paragraphs, sample[:5000]


def parse_goals_and_targets(path: Path, goals: list[str], targets: list[str], goal_words: list[str]) -> ParsedTargets:
    """`goals` ("1" … "17") and `targets` ("1.1" … "17.19") in document order; `goal_words`
    the words that open a goal's heading in this language."""
    paragraphs, sample = _paragraphs(path)
    words = "|".join(re.escape(w) for w in sorted(goal_words, key=len, reverse=True))
    goal_re = re.compile(rf"^\s*(?:{words})\s*(\d{{1,2}})\s*[.:\-–]?\s*(.*)$", re.S | re.I) if words else None
    found: dict[str, list[str]] = {}
    headings: dict[str, list[tuple[int, str]]] = {}
    first_target_at: dict[str, int] = {}
    position, current = 0, None
    for index, paragraph in enumerate(paragraphs):
        goal = goal_re.match(paragraph) if goal_re else None
        if goal and goal.group(1) in goals:
            headings.setdefault(goal.group(1), []).append((index, " ".join(goal.group(2).split())))
            current = None
            continue
        target = _TARGET.match(paragraph)
        if target:
            number = f"{int(target.group(1))}.{target.group(2).translate(_LETTERS)}"
            window = targets[position : position + _LOOKAHEAD]
            if number in window:
                position += window.index(number) + 1
                found[number] = [target.group(3).strip()]
                first_target_at.setdefault(number.split(".")[0], index)
                current = number
                continue
        if current and (ends_sentence(paragraph) or len(paragraph) > 60) and not re.match(r"^\d+\.\s", paragraph):
            found[current].append(paragraph)  # the rest of a target cut by a page break
        else:
            current = None
    items = {n: ("", _joined(parts)) for n, parts in found.items()}
    for goal, seen in headings.items():
        before = [title for at, title in seen if at < first_target_at.get(goal, len(paragraphs))]
        if before:
            items[goal] = (before[-1], before[-1])
    missing = [n for n in [*goals, *targets] if n not in items]
    return ParsedTargets(items, missing, sample)


def _joined(parts: list[str]) -> str:
    text = ""
    for part in parts:
        text = join_pair(text, " ".join(part.split()))  # no space between two halves of Chinese
    return text
