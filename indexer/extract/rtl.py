"""Right-to-left repair: PDFs whose text layer stores Arabic or Hebrew in visual order.

Two faults are seen in real files. (1) Characters of each word reversed: a word then starts
with a final presentation form and ends with an initial one. (2) Letters in order but words
in reverse order on each line (`arabic-table.pdf`: “العربية الخطوط انواع” for “انواع الخطوط
العربية”). For (2) a page is scored in both orders with cues that hold in logical Arabic
and Hebrew: particles, prepositions and pronouns open phrases rather than close lines, and an
idafa head without the article comes before the definite words that follow it. Latin and
digit runs keep their inner order; only the order of runs on an RTL-based line is reversed.
Neutral punctuation that bidi placed at the visual start of an RTL line goes back to its end.
"""

from __future__ import annotations

import re
import unicodedata

# The right-to-left scripts (Hebrew, Arabic and its supplements, Syriac, Thaana, N'Ko,
# Samaritan, Mandaic) and their presentation forms: one class for every extractor.
RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_LETTER = re.compile(f"[{RTL_LETTERS}]")
_OPENERS = set(
    "في من على إلى الى عن مع هل ما لا لم لن أن ان إن قد ثم أو او بل يا كل هذا هذه ذلك تلك التي الذي الذين "
    "و أنا انا أنت انت هو هي نحن هم كان كانت ليس عند لكن حتى إذا اذا منذ بين "
    "של את על עם כל לא מה זה זו אני אתה הוא היא אנחנו הם גם או כי אם אבל רק מן אל".split()
)
_LEADING_PUNCT = re.compile(r"^([.!?؟،,:;]+)\s*(?=\S)")


def _is_rtl_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and sum(bool(_RTL_LETTER.match(c)) for c in letters) * 2 > len(letters)


def rtl_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(bool(_RTL_LETTER.match(c)) for c in letters) / len(letters) if letters else 0.0


def _form(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for form in ("INITIAL", "FINAL", "MEDIAL", "ISOLATED"):
        if name.endswith(f"{form} FORM"):
            return form
    return ""


def letters_reversed(words: list[str]) -> bool:
    """Presentation forms at the wrong ends of words: each word's characters are reversed."""
    wrong = right = 0
    for word in words:
        first, last = _form(word[0]), _form(word[-1])
        wrong += (first == "FINAL") + (last == "INITIAL")
        right += (first == "INITIAL") + (last == "FINAL")
    return wrong > right


def _runs(words: list[str]) -> tuple[list[list[str]], list[bool]]:
    """Group words into runs of one direction (neutral words join the run before them)."""
    runs: list[list[str]] = []
    kinds: list[bool] = []
    for word in words:
        rtl = _is_rtl_word(word)
        neutral = not any(c.isalpha() for c in word)
        if runs and (neutral or kinds[-1] == rtl):
            runs[-1].append(word)
        else:
            runs.append([word])
            kinds.append(rtl)
    return runs, kinds


def _bare(word: str) -> str:
    return word.strip(".,!?؟،:;()[]«»\"'")


def _line_cues(words: list[str]) -> int:
    """How strongly this word order looks logical (positive) rather than visual (negative)."""
    rtl = [_bare(w) for w in words if _is_rtl_word(w)]
    if len(rtl) < 2:
        return 0
    score = (rtl[0] in _OPENERS) - (rtl[-1] in _OPENERS)
    first_def, last_def = rtl[0].startswith("ال"), rtl[-1].startswith("ال")
    if not first_def and last_def:
        score += 1
    elif first_def and not last_def:
        score -= 1
    return score


def reverse_runs(line: str) -> str:
    """Visual -> logical word order: all words reversed, but LTR runs keep their inner order."""
    runs, kinds = _runs(line.split(" "))
    out: list[str] = []
    for run, rtl in zip(reversed(runs), reversed(kinds)):
        out.extend(reversed(run) if rtl else run)
    return " ".join(out)


def _reverse_letters(line: str) -> str:
    return " ".join(w[::-1] if _is_rtl_word(w) else w for w in line.split(" "))


def _move_leading_punct(line: str) -> str:
    m = _LEADING_PUNCT.match(line)
    if m and rtl_share(line) > 0.5:
        return line[m.end() :] + m.group(1)
    return line


def repair_rtl(lines: list[str]) -> tuple[list[str], bool]:
    """-> (lines in logical order, whether anything was changed). Lines without RTL pass through."""
    rtl_lines = [i for i, line in enumerate(lines) if rtl_share(line) > 0.5]
    if not rtl_lines:
        return lines, False
    out = list(lines)
    words = [w for i in rtl_lines for w in out[i].split(" ") if _is_rtl_word(w)]
    if letters_reversed(words):
        out = [_reverse_letters(line) if i in rtl_lines else line for i, line in enumerate(out)]
    balance = sum(_line_cues(out[i].split(" ")) for i in rtl_lines)
    if balance < 0:
        out = [reverse_runs(line) if i in rtl_lines else line for i, line in enumerate(out)]
    out = [_move_leading_punct(line) for line in out]
    return out, out != lines


_LEADING_INDIC = re.compile(r"^([٠-٩۰-۹]{1,3})(?![٠-٩۰-۹])")
_INDIC_RUN = re.compile(r"[٠-٩۰-۹]{2,}")
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _steps(numbers: list[int]) -> int:
    return sum(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def repair_digit_runs(pages: list[list[str]]) -> tuple[list[list[str]], bool]:
    """Some PDF producers draw right-to-left lines so that pypdf returns runs of Arabic-Indic
    digits reversed (١٠ → ٠١, ٢٠٣٠ → ٠٣٠٢), though not on every line. The paragraph numbers
    decide: a line whose opening number continues the count only when read backwards has its
    runs reversed back; lines without such a number follow the document's majority."""
    leading = [m.group(1) for lines in pages for line in lines if (m := _LEADING_INDIC.match(line))]
    as_is = [int(x.translate(_TO_ASCII)) for x in leading]
    flipped = [int(x[::-1].translate(_TO_ASCII)) for x in leading]
    if not any(len(x) > 1 for x in leading) or _steps(flipped) <= _steps(as_is):
        return pages, False
    flip = lambda line: _INDIC_RUN.sub(lambda m: m.group()[::-1], line) if rtl_share(line) > 0.5 else line  # noqa: E731
    out, previous = [], None
    for lines in pages:
        fixed = []
        for line in lines:
            m = _LEADING_INDIC.match(line)
            if m and len(m.group(1)) > 1:
                plain, backwards = int(m.group(1).translate(_TO_ASCII)), int(m.group(1)[::-1].translate(_TO_ASCII))
                keep = previous is not None and plain == previous + 1 and backwards != previous + 1
                previous = plain if keep else backwards
                fixed.append(line if keep else flip(line))
            else:
                if m:
                    previous = int(m.group(1).translate(_TO_ASCII))
                fixed.append(flip(line))
        out.append(fixed)
    return out, True
