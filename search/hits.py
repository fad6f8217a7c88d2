"""What a search returns (Hit) and what it accepts (clean_query, QueryError)."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.errors import PolicyAlignError

MAX_QUERY_CHARS = 2000


class QueryError(PolicyAlignError):
    """The query cannot be searched (empty, for example)."""


@dataclass(frozen=True)
class Hit:
    doc: str
    title: str
    page: int | None
    label: str
    lang: str
    score: float
    text: str
    highlights: tuple[tuple[int, int], ...]  # character offsets into `text`
    flags: tuple[str, ...]
    section: tuple[str, ...]
    chunk_id: str
    path: str = ""  # the indexed file (a framework's corpus folder for its items)

    @classmethod
    def of_chunk(cls, chunk, score: float, highlights: tuple[tuple[int, int], ...], path: str = "") -> Hit:
        """An index's chunk (indexer.documents.Chunk) as a hit with its score and highlights."""
        c = chunk
        page = c.pages[0] if c.pages else None
        return cls(
            c.doc_id, c.title, page, c.label, c.lang, score, c.text, highlights, c.flags, c.section, c.chunk_id, path
        )


def clean_query(query: str) -> str:
    query = " ".join(query.split())
    if not query:
        raise QueryError("the query is empty; type a few words in any language")
    return query[:MAX_QUERY_CHARS]  # e5 reads 512 tokens; a pasted page is cut, not refused
