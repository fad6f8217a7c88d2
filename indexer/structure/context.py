"""What a chunk is embedded as: its text, preceded by the title of the article it continues or
the heading it sits under, when its own text does not carry them (the stored and shown text
stays the chunk's own).

Why: an article's later paragraphs (a target under its goal, the second paragraph of
"Article 5 — Right to education") say what they do without saying what the article is about;
embedded alone, a paragraph on data or finance is as close to every goal that has one as to
its own. Embedding "title + text" (contextual chunk embedding; e.g. Anthropic's "contextual
retrieval", 2024, and the heading prefixes of late-chunking work) puts it near its article.

Opt-in (`IndexBuilder(contextual=True)`, `eval/crosslingual_docs_eval.py --contextual`), not
the default: on the SDG declaration (goal titles that name the topic a question asks about) it
raised P@1 0.708 -> 0.756, on the held-out NUA declaration (section titles such as "Means of
implementation") it lowered it 0.493 -> 0.457, and with the article scores of search/articles.py
it adds nothing on either (eval/RESULTS.md, "Articles of a declaration").

A document's chunks come in reading order (indexer/structure/units.py): an article's first
chunk opens with its label ("Article 11", "第11条", "المادة 11"), then a title line or a first
paragraph; every later chunk with the same label continues it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.documents import Chunk
from indexer.structure.labels import match_label
from indexer.structure.units import estimate_tokens

# How chunks are embedded, recorded per document in the index manifest ("embedded"): a
# document without the key was embedded as its bare text (every index written before this).
CONTEXT_VERSION = "context-1"
MAX_CONTEXT_TOKENS = 40  # a title, not a paragraph: units leave ~32 tokens of the 512 window free
_SENTENCE_END = re.compile(r"(?<=[.!?؟;:])\s+|(?<=[。！？；：])\s*")


def _short(text: str) -> str:
    """The first sentence of `text`'s first line, cut to MAX_CONTEXT_TOKENS at a word."""
    line = text.strip().split("\n", 1)[0].strip()
    cut = _SENTENCE_END.search(line, 1)
    if cut and cut.end() < len(line):
        line = line[: cut.start()].strip()
    while line and estimate_tokens(line) > MAX_CONTEXT_TOKENS:
        shorter = line.rsplit(" ", 1)[0] if " " in line.strip() else line[: int(len(line) * 0.8)]
        line = shorter.strip()
    return line


def article_title(opening: str) -> str:
    """The title of an article from its first chunk's text: what follows its label, to the end
    of its first line or sentence ("" when the chunk is its label alone)."""
    label = match_label(opening)
    return _short(opening[label.end :] if label else opening)


def contexts(chunks: Sequence[Chunk]) -> list[str]:
    """Each chunk's context ("" for none): the heading of its section when its text does not
    open with it, then the title of the article it continues (a later chunk with the label of
    an earlier one of its document)."""
    titles: dict[tuple[str, str], str] = {}
    out = []
    for chunk in chunks:
        parts = []
        heading = chunk.section[-1].strip() if chunk.section else ""
        if heading and not chunk.text.lstrip("# ").startswith(heading[:40]):
            parts.append(_short(heading))
        key = (chunk.doc_id, chunk.label)
        if chunk.label and key in titles:
            if titles[key] and titles[key] not in parts:
                parts.append(titles[key])
        elif chunk.label:
            titles[key] = article_title(chunk.text)
        out.append("\n".join(p for p in parts if p))
    return out


def embedding_texts(chunks: Sequence[Chunk]) -> list[str]:
    """The texts the embedder reads for `chunks` (in order): "context\\ntext", or the text."""
    return [f"{c}\n{chunk.text}" if c else chunk.text for c, chunk in zip(contexts(chunks), chunks)]
