"""Raw page texts of one document -> clean Pages: de-duplicated, RTL-repaired, furniture
dropped, lines joined into paragraphs (separated by blank lines), each page scored."""

from __future__ import annotations

from indexer.documents import Page
from indexer.extract.furniture import EDGE, LAID_OUT_EDGE, drop_furniture, furniture_keys, ran_on
from indexer.extract.normalize import ends_sentence, join_pair, normalize_chars, visible_length
from indexer.extract.quality import assess
from indexer.extract.rtl import repair_digit_runs, repair_rtl
from indexer.structure.labels import match_label


def _dedupe_fake_bold(lines: list[str]) -> tuple[list[str], bool]:
    """Fake-bold text drawn twice comes out as each line twice, or each character twice."""
    non_empty = [line for line in lines if line]
    pairs = sum(a == b for a, b in zip(non_empty, non_empty[1:]))
    changed = False
    if pairs >= 3 and pairs >= 0.15 * len(non_empty):
        out = [line for i, line in enumerate(lines) if not (i > 0 and line and line == lines[i - 1])]
        lines, changed = out, True
    text = "".join(lines)
    doubled = sum(a == b for a, b in zip(text[::2], text[1::2]))
    if len(text) >= 20 and doubled >= 0.9 * (len(text) // 2):
        lines, changed = [line[::2] if len(line) % 2 == 0 else line for line in lines], True
    return lines, changed


def paragraphs(lines: list[str]) -> list[str]:
    """Join the lines of each paragraph; a blank line, a numbered label, a short line that
    ends a sentence or a line of under half the usual width closes a paragraph."""
    widths = sorted(visible_length(line) for line in lines if line)
    typical = widths[-1] if widths else 0  # the full line width: wrapped lines come close to it
    out: list[str] = []
    current = previous = ""
    for line in lines:
        if not line:
            if current:
                out.append(current)
            current = ""
            continue
        # the paragraph's last line, not its whole text: a page of one huge paragraph stays linear
        if current and (match_label(line) or _heading_after_sentence(previous, line, typical)):
            out.append(current)
            current = ""
        current, previous = join_pair(current, line), line
        short = visible_length(line) < 0.8 * typical
        # a short line that ends a sentence ends its paragraph; a much shorter one that does
        # not is a title or heading line (wrapped lines run close to the full width)
        if (short and ends_sentence(line)) or visible_length(line) < 0.5 * typical:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _heading_after_sentence(previous: str, line: str, typical: int) -> bool:
    """A much shorter line that ends no sentence, after a paragraph whose last line (`previous`,
    at the full width: a shorter one would have closed it) ended one: a heading ("⛳ 知识库简介"
    after a one-line paragraph as wide as the page), not the last words of a wrapped paragraph
    (they end its sentence)."""
    return ends_sentence(previous) and not ends_sentence(line) and visible_length(line) < 0.5 * typical


def clean_pages(
    raw_pages: list[str], laid_out: list[bool] | None = None, logical: bool = False, runs_on: list[bool] | None = None
) -> list[Page]:
    """-> one Page per raw page, in order, numbered from 1. Never raises on odd text.
    A page that is `laid_out` (layout.py) is in reading order with one paragraph per line
    already: it skips the visual-order repairs and the line joining. `logical`: the text is
    in reading order (a text document, OCR), so only a PDF's pypdf reading is ever repaired
    as visual order (a Persian .docx has no Arabic cues, and was read backwards). `runs_on`:
    the layout found each page's last paragraph cut by its foot (Page.runs_on)."""
    laid_out = laid_out or [False] * len(raw_pages)
    runs_on = runs_on or [False] * len(raw_pages)
    visual_order = [not ordered and not logical for ordered in laid_out]  # pypdf's readings of a PDF
    staged: list[tuple[list[str], list[str]]] = []
    for raw, visual in zip(raw_pages, visual_order):
        lines = normalize_chars(raw or "").split("\n")
        flags: list[str] = []
        lines, deduped = _dedupe_fake_bold(lines)
        if deduped:
            flags.append("deduplicated")
        if visual:
            lines, repaired = repair_rtl(lines)
            if repaired:
                flags.append("rtl-repaired")
        staged.append((lines, flags))
    fixed, digits_repaired = repair_digit_runs([lines if v else [] for (lines, _), v in zip(staged, visual_order)])
    fixed = [f if v else lines for f, (lines, _), v in zip(fixed, staged, visual_order)]
    if digits_repaired:
        staged = [(lines, flags + ["digits-repaired"]) for lines, (_, flags) in zip(fixed, staged)]
    keys = furniture_keys([lines for lines, _ in staged], laid_out)
    pages = []
    for number, ((lines, flags), ordered, cut) in enumerate(zip(staged, laid_out, runs_on), start=1):
        run_on = bool(pages) and (pages[-1].runs_on or ran_on(pages[-1].text))
        kept = drop_furniture(lines, keys, LAID_OUT_EDGE if ordered else EDGE, ordered, run_on)
        if not any(kept):  # a "header" that is all the page holds is its content
            kept = lines
        text = "\n\n".join(line for line in kept if line) if ordered else "\n\n".join(paragraphs(kept))
        quality = assess(text)
        pages.append(Page(number, text, quality.score, tuple(flags) + quality.flags, cut))
    return pages
