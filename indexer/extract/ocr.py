"""OCR for pages without a usable text layer: poppler renders the page, Tesseract reads it.

Both are Debian packages (poppler-utils, tesseract-ocr + language packs) installed by the
project's set-up; where they are missing, OCR is reported unavailable and pages stay flagged.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

# ISO 639-1 (as langdetect reports) -> Tesseract traineddata names.
TESSERACT_CODES = {
    "en": ("eng",), "zh": ("chi_sim", "chi_tra"), "ar": ("ara",), "fr": ("fra",), "es": ("spa",), "ru": ("rus",),
}
# What a broken text layer suggests about the real script of the page.
FLAG_HINTS = {"garbled-latin": ("ru", "en"), "garbled-cmap": ("zh", "en")}
TIMEOUT_SECONDS = 120


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return frozenset()
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def available() -> bool:
    return bool(installed_languages())


def tesseract_langs(iso_langs: tuple[str, ...]) -> str:
    have = installed_languages()
    codes = [c for lang in iso_langs for c in TESSERACT_CODES.get(lang, (lang,)) if c in have]
    if not codes and "eng" in have:
        codes = ["eng"]
    return "+".join(dict.fromkeys(codes))


def ocr_pdf_page(pdf: Path, page_number: int, iso_langs: tuple[str, ...], dpi: int = 200) -> str:
    """Text of one page (1-based) read by Tesseract; raises OSError/subprocess errors on failure."""
    langs = tesseract_langs(iso_langs)
    with tempfile.TemporaryDirectory(prefix="policy-align-ocr-") as tmp:
        stem = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-f", str(page_number), "-l", str(page_number), "-singlefile", "-png", str(pdf), str(stem)],
            check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
        )
        out = subprocess.run(
            ["tesseract", f"{stem}.png", "-", "-l", langs],
            check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
        )
    return out.stdout.decode("utf-8", errors="replace")
