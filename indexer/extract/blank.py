"""Which PDF pages are blank, decided before OCR (OCR of a blank page costs ~0.7 s for nothing).

A page is blank when PDFium finds nothing drawn on it, or when a coarse rendering (36 dpi,
grey) has almost no ink: this also catches white boxes, empty form fields and scans of empty
paper. Rendering a page this small costs a few milliseconds."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

RENDER_SCALE = 0.5  # 36 dpi
INK_LEVEL = 200  # a grey pixel darker than this is ink
MAX_INK_FRACTION = 0.0005  # ~60 px of an A4 page: less than one short word at this size


def blank_pages(path: Path, numbers: Iterable[int]) -> set[int]:
    """The 1-based page numbers among `numbers` that are blank; a page that cannot be rendered is
    not called blank (OCR, or its flag, will have the last word)."""
    import pypdfium2

    wanted = sorted(set(numbers))
    if not wanted:
        return set()
    out = set()
    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - PDFium cannot open it: nothing is called blank
        return out
    try:
        for number in wanted:
            try:
                if _is_blank(pdf[number - 1]):
                    out.add(number)
            except Exception:  # noqa: BLE001 - one odd page: let OCR look at it
                continue
    finally:
        pdf.close()
    return out


def _is_blank(page) -> bool:
    if next(iter(page.get_objects()), None) is None:
        return True
    grey = np.asarray(page.render(scale=RENDER_SCALE, grayscale=True).to_numpy())
    if grey.ndim == 3:
        grey = grey.min(axis=2)
    return grey.size > 0 and float((grey < INK_LEVEL).mean()) < MAX_INK_FRACTION
