"""The alignment's real steps for the Align tab's one progress bar: extract, segment, prepare
the frameworks, embed n/N, score, reports. Embedding is the long step on a long plan, so it is
done in slices and each slice is reported (a bar stuck at one value reads as a hang)."""

from __future__ import annotations

from search.embedded import Embedded, embed_statements
from search.form import field_names

SLICES = 10  # about this many progress updates while embedding
MIN_SLICE = 8  # statements; a short plan is embedded in one call


def slice_size(n: int) -> int:
    return max(MIN_SLICE, -(-n // SLICES))


def joined(parts: list[Embedded]) -> Embedded:
    """Embedded slices of consecutive statements -> one Embedded (sentence owners renumbered)."""
    return parts[0] if len(parts) == 1 else Embedded.join(parts)


def embed_in_steps(texts: list[str], embedder, step, start: float, span: float) -> Embedded:
    """embed_statements(texts) slice by slice (the plan's field names read on all of them), calling
    step(fraction, "align_stage_embed", n=, total=)
    before each slice and at the end, the fraction going from `start` to `start + span`."""
    size, total, parts, fields = slice_size(len(texts)), len(texts), [], field_names(texts)
    for first in range(0, total, size):
        step(start + span * first / max(total, 1), "align_stage_embed", n=first, total=total)
        parts.append(embed_statements(texts[first : first + size], embedder, fields=fields))
    step(start + span, "align_stage_embed", n=total, total=total)
    return joined(parts) if parts else embed_statements(texts, embedder, fields=fields)
