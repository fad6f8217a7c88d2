"""OCR for pages without a usable text layer: poppler renders the page, Tesseract reads it.

Both are Debian packages (poppler-utils, tesseract-ocr + language packs) installed by the
project's set-up; where they are missing, OCR is reported unavailable and pages stay flagged.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

# ISO 639-1 (as langdetect reports) -> Tesseract traineddata names.
TESSERACT_CODES = {
    "en": ("eng",),
    "zh": ("chi_sim", "chi_tra"),
    "ar": ("ara",),
    "fr": ("fra",),
    "es": ("spa",),
    "ru": ("rus",),
}
# What a broken text layer suggests about the real script of the page.
FLAG_HINTS = {"garbled-latin": ("ru", "en"), "garbled-cmap": ("zh", "en")}
TIMEOUT_SECONDS = 120
MIN_SCRIPT_CONFIDENCE = 1.0  # Tesseract's own scale; below it the detected script is a guess


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


# Tesseract's script names (as its orientation-and-script detection reports them) -> the
# ISO 639-1 languages whose traineddata read that script
SCRIPT_LANGS = {
    "Arabic": ("ar",),
    "Han": ("zh",),
    "Cyrillic": ("ru",),
    "Latin": ("en", "fr", "es"),
    "Japanese": ("ja",),
    "Hangul": ("ko",),
    "Devanagari": ("hi",),
    "Hebrew": ("he",),
    "Thai": ("th",),
}
_LETTER_SCRIPTS = {
    "ARABIC": "Arabic",
    "CJK": "Han",
    "CYRILLIC": "Cyrillic",
    "LATIN": "Latin",
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
    "HANGUL": "Hangul",
    "DEVANAGARI": "Devanagari",
    "HEBREW": "Hebrew",
    "THAI": "Thai",
}
TESSERACT_CODES.update({"ja": ("jpn",), "ko": ("kor",), "hi": ("hin",), "he": ("heb",), "th": ("tha",)})


def script_of(text: str) -> str | None:
    """The script most letters of `text` are in (Tesseract's names), or None without letters."""
    import unicodedata
    from collections import Counter

    counts = Counter(_LETTER_SCRIPTS.get(unicodedata.name(c, "?").split(" ")[0], "other") for c in text if c.isalpha())
    return counts.most_common(1)[0][0] if counts else None


def _script_of_langs(iso_langs: tuple[str, ...]) -> set[str]:
    return {script for script, langs in SCRIPT_LANGS.items() if set(langs) & set(iso_langs)}


def _render(pdf: Path, page_number: int, folder: Path, dpi: int) -> Path:
    stem = folder / "page"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            str(page_number),
            "-l",
            str(page_number),
            "-singlefile",
            "-png",
            str(pdf),
            str(stem),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
    )
    return stem.with_suffix(".png")


def _tesseract(png: Path, langs: str, *args: str) -> str:
    out = subprocess.run(
        ["tesseract", str(png), "-", "-l", langs, *args], check=True, capture_output=True, timeout=TIMEOUT_SECONDS
    )
    return out.stdout.decode("utf-8", errors="replace")


def detected_script(png: Path) -> str | None:
    """Tesseract's orientation-and-script detection, where its 'osd' data is installed."""
    if "osd" not in installed_languages():
        return None
    try:
        out = subprocess.run(["tesseract", str(png), "-", "--psm", "0"], capture_output=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.SubprocessError):
        return None
    report = out.stdout.decode("utf-8", errors="replace")
    found = re.search(r"Script:\s*(\w+)", report)
    confidence = re.search(r"Script confidence:\s*([\d.]+)", report)
    if not found or (confidence and float(confidence.group(1)) < MIN_SCRIPT_CONFIDENCE):
        return None
    return found.group(1)


def ocr_pdf_page(pdf: Path, page_number: int, iso_langs: tuple[str, ...], dpi: int = 200) -> str | None:
    """Text of one page (1-based) read by Tesseract, checked. The languages come from the
    script Tesseract detects on the page when it differs from the document's (`iso_langs`),
    else from the document; a reading must be in the script of the languages it was read
    with (Latin gibberish from an Arabic page fails), else the other installed languages are
    tried. -> None when no reading passes; raises OSError/subprocess errors when the tools fail."""
    from indexer.extract.quality import assess

    with tempfile.TemporaryDirectory(prefix="policy-align-ocr-") as tmp:
        png = _render(pdf, page_number, Path(tmp), dpi)
        tried: set[str] = set()
        detected = detected_script(png)
        # the script on the page decides first: the document's language may come from other pages
        candidates = (
            [SCRIPT_LANGS[detected]] if detected in SCRIPT_LANGS and detected not in _script_of_langs(iso_langs) else []
        )
        candidates += [iso_langs] + [langs for script, langs in SCRIPT_LANGS.items() if script != detected]
        for langs in candidates:
            codes = tesseract_langs(langs)
            if not codes or codes in tried or not set(codes.split("+")) - {"eng"} and "en" not in langs:
                continue
            tried.add(codes)
            text = _tesseract(png, codes)
            script = script_of(text)
            # a confidently detected script overrules: Thai read with English is Latin gibberish
            if script in _script_of_langs(langs) and script == (detected or script) and assess(text).usable:
                return text
    return None
