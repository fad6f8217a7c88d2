"""Running headers and footers, and page numbers: lines that recur at the edges of many pages
(short ones with digits folded: "Page 3" ~ "Page 4") are dropped there. On pages laid out from glyph positions
a header or footer set as close as the text's lines may be read as one line with the text
beside it (the last words of a paragraph run on from the page before, under a header; a
paragraph's last line, over a footer): it is cut off that line, and counted as recurring."""

from __future__ import annotations

import re
from collections import Counter

from indexer.extract.normalize import ends_sentence, join_pair, visible_length, wide
from indexer.extract.notes import parse_note
from indexer.structure.labels import match_label

PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:(?:page|p\.|página|страница|صفحة)\s*)?第?\s*[\d٠-٩]{1,4}\s*(?:页|/\s*\d+|of\s+\d+|из\s+\d+)?[-–—\s]*$",
    re.I,
)
# a running header may be a long title ("Stratégie de l'habitat 2024 — Projet soumis à consultation");
# one longer than FOLDED_CHARS recurs as it is, not with other numbers (a list's items, numbered
# headings), and only as a page's first or last line (a long line of text that recurs near a
# page's edge is a sentence many paragraphs share, which pypdf's and OCR's lines may be)
FURNITURE_CHARS = 100
FOLDED_CHARS = 50
EDGE = 3  # lines at the top and bottom of a page where running headers and footers live
LAID_OUT_EDGE = 2  # the same in paragraphs, for pages laid out from glyph positions
_WORDS = re.compile(r"[^\W\d_]{2,}")


def key_of(line: str) -> str:
    """How a line is compared with the lines at other pages' edges: digits folded ("Page 3" ~
    "Page 4") in a short one, as it is in a long one."""
    return re.sub(r"\d+", "#", line) if visible_length(line) <= FOLDED_CHARS else line


def _folded_key(key: str) -> bool:
    return visible_length(key) <= FOLDED_CHARS  # folding only shortens a line


def _at_edge(k: int, n: int, line: str, reach: int) -> bool:
    """Whether the k-th of a page's n non-empty lines is where its furniture may be."""
    return k in (0, n - 1) or ((k < reach or k >= n - reach) and visible_length(line) <= FOLDED_CHARS)


def _candidate(line: str) -> bool:
    # Running headers are short and unnumbered; "12. …" at the top of many pages is content.
    return visible_length(line) <= FURNITURE_CHARS and match_label(line) is None


def _body(lines: list[str]) -> list[str]:
    return [line for line in lines if line]


def furniture_keys(pages: list[list[str]], laid_out: list[bool]) -> set[str]:
    """The lines (as key_of compares them) that recur at the edges of at least half the pages
    (three at least, or both of two).
    A header or footer seen on its own at the top (bottom) of a page is also counted on a
    laid-out page where it begins (ends) the first (last) line: read as one line with it (a
    footer may stand alone only on the last page, under a paragraph that ended there). Not a
    line that ends a sentence (the last words of paragraphs that end alike)."""
    if len(pages) < 2:
        return set()
    # on both pages of two, for a line of two words or more (one word could open both by chance)
    threshold = max(min(3, len(pages)), int(0.5 * len(pages)))
    counts: Counter[str] = Counter()
    ends: list[tuple[str, str]] = []  # each laid-out page's first and last lines
    for lines, ordered in zip(pages, laid_out):
        body = _body(lines)
        counts.update(
            {key_of(line) for k, line in enumerate(body) if _at_edge(k, len(body), line, EDGE) and _candidate(line)}
        )
        if ordered and body:
            ends.append((body[0], body[-1]))
    keys = {key for key, n in counts.items() if n >= threshold and (len(pages) > 2 or _several_words(key))}
    for top in (True, False):
        own = Counter(key_of(line) for line in (first if top else last for first, last in ends) if _candidate(line))
        for key, n in own.items():
            if key in keys or not _several_words(key) or ends_sentence(key):
                continue
            joined = sum(_cut_off(first if top else last, key, top) is not None for first, last in ends)
            if n + joined >= threshold:
                keys.add(key)
    return keys


def drop_furniture(
    lines: list[str], keys: set[str], reach: int = EDGE, laid_out: bool = False, run_on: bool = False
) -> list[str]:
    """`lines` without the running headers, footers and page numbers at their edges. On a
    `laid_out` page a footer read as one line with the page's last line is cut off it, and,
    where the page before `run_on` (its last paragraph ended no sentence, or its foot cut it),
    a header read as one line with the page's first."""
    body_idx = [i for i, line in enumerate(lines) if line]
    furniture = {
        i
        for k, i in enumerate(body_idx)
        if _at_edge(k, len(body_idx), lines[i], reach) and (key_of(lines[i]) in keys or PAGE_NUMBER.match(lines[i]))
    }
    kept = [line for i, line in enumerate(lines) if i not in furniture]
    texts = [i for i, line in enumerate(kept) if line]
    if not laid_out or not texts:
        return kept
    # the first and last lines, where they are the page's own (no header or footer of their own above or below)
    if run_on and kept[texts[0]] == lines[body_idx[0]]:
        kept[texts[0]] = _without(kept[texts[0]], keys, top=True)
    if kept[texts[-1]] == lines[body_idx[-1]]:
        kept[texts[-1]] = _without(kept[texts[-1]], keys, top=False)
    return kept


def _without(line: str, keys: set[str], top: bool) -> str:
    for key in keys:
        rest = _cut_off(line, key, top)
        if rest is not None:
            return rest
    return line


def _cut_off(line: str, key: str, top: bool) -> str | None:
    """`line` without a header `key` at its start (`top`) or a footer at its end, where the two
    were read as one line as layout joins lines ("Annual Report" is no header of "Annual
    Reports …"); None where it has none."""
    if not _several_words(key):
        return None
    pattern = r"\d+".join(re.escape(part) for part in key.split("#")) if _folded_key(key) else re.escape(key)
    found = re.match(pattern, line) if top else re.search(f"(?:{pattern})$", line)
    if found is None:
        return None
    rest = line[found.end() :].lstrip() if top else line[: found.start()].rstrip()
    if not rest or (top and match_label(rest) is not None):  # a numbered paragraph runs on from nothing
        return None
    return rest if (join_pair(found.group(), rest) if top else join_pair(rest, found.group())) == line else None


def _several_words(key: str) -> bool:
    """Two words or more (four characters of Chinese or Japanese): one could begin or end any line."""
    return len(_WORDS.findall(key)) >= 2 or sum(wide(ch) and ch.isalpha() for ch in key) >= 4


def ran_on(text: str) -> bool:
    """Whether a page's text ends in a paragraph that ends no sentence (its notes aside)."""
    body = [para for para in text.split("\n\n") if para and parse_note(para) is None]
    return bool(body) and not ends_sentence(body[-1])
