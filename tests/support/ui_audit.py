"""What a reviewer checks on every screen of the app, as code: visible interface text still in
English when the interface is in another language, and (in Arabic) text containers whose
computed direction is not right to left, and in every language a button or tab whose label is
cut off (a long Russian or Spanish tab name on a phone). Document text and proper names are not interface
text: the app marks them translate="no" (and .pa-text), and the library's document rows are
the documents' own metadata; file names (Gradio's .filename) read left to right in every
language and are checked apart (tests/test_app_i18n.py). Used by tests/test_app_i18n.py and eval/screens.py."""

from __future__ import annotations

import re

# Gradio's own texts that must follow the interface language too
GRADIO_ENGLISH = ("Drop File Here", "Click to Upload", "Upload", "Clear", "Loading", "Error", "Close", "Examples")
# words of the English strings that are the same in other languages (formats, names, units)
SHARED = {
    "multilingual",
    "pdf",
    "docx",
    "html",
    "txt",
    "md",
    "ocr",
    "cosine",
    "policy",
    "align",
    "cairo",
    "nua",
    "sdg",
    "e5",
}

# Every visible element's own text (its direct text nodes), where it sits, and its direction.
TEXTS_JS = """() => {
  const out = [];
  const skip = (el) => el.closest('[translate=no], .pa-text, .filename, script, style, svg, [aria-hidden=true], .visually-hidden');
  const walker = document.createTreeWalker(document.querySelector('gradio-app') || document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent.trim() || skip(el)) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // checkVisibility: not in a closed <details>, not display:none or visibility:hidden
    if (!box.width || !box.height || !el.checkVisibility({checkOpacity: true, visibilityProperty: true})) continue;
    seen.add(el);
    const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(' ').trim();
    if (el.closest('#library') && !el.closest('th')) continue;  // the documents' own ids and titles
    const where = (el.id ? '#' + el.id : el.tagName.toLowerCase()) + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
    out.push({text: own, where, direction: style.direction});
  }
  for (const input of document.querySelectorAll('input, textarea')) {
    const box = input.getBoundingClientRect();
    if (!box.width || !input.checkVisibility() || skip(input) || input.type === 'file' || input.type === 'hidden') continue;
    if (input.placeholder) out.push({text: input.placeholder, where: 'placeholder', direction: getComputedStyle(input).direction});
    if (input.value && input.getAttribute('role') === 'listbox')
      out.push({text: input.value, where: 'dropdown', direction: getComputedStyle(input).direction});
  }
  return out;
}"""

# Buttons and tabs whose label runs past their box (what runs past is cut off, or drawn over
# the next one): each text node's extent against the box's, so padding the text only eats into
# and an icon beside it are not counted.
CLIPPED_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('button, [role=tab]')) {
    if (!el.checkVisibility() || el.closest('[aria-hidden=true], .visually-hidden') || !el.innerText.trim()) continue;
    const box = el.getBoundingClientRect();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (!/\\p{L}/u.test(walker.currentNode.textContent)) continue;  // words, not an arrow or icon
      const range = document.createRange();
      range.selectNodeContents(walker.currentNode);
      const text = range.getBoundingClientRect();
      if (text.width && (text.left < box.left - 1 || text.right > box.right + 1)) {
        const where = el.id ? '#' + el.id : el.tagName.toLowerCase();
        out.push(`${where}: ${JSON.stringify(el.innerText.trim())} (${Math.round(text.width)} px of text in ${Math.round(box.width)})`);
        break;
      }
    }
  }
  return out;
}"""


def english_words(lang: str) -> set[str]:
    """Words of the English interface strings that no string of `lang` contains."""
    from search.ui.i18n import table
    from search.ui.strings_en import EN

    def words(texts):
        return {w.lower() for text in texts for w in re.findall(r"[A-Za-z]{4,}", re.sub(r"\{\w+\}", "", text))}

    return words(EN.values()) - words(table(lang).values()) - SHARED


def problems(page, lang: str) -> list[str]:
    """The visible English texts (lang != "en"), in Arabic the left-to-right text containers, and
    the buttons and tabs whose label is cut off."""
    english = english_words(lang) if lang != "en" else set()
    found = [f"cut off {label}" for label in page.evaluate(CLIPPED_JS)]
    for entry in page.evaluate(TEXTS_JS):
        text = entry["text"]
        words = re.sub(r"\S*[/\\]\S*|\S+\.[a-z]{2,4}\b", " ", text)  # file names and paths are names
        if lang != "en":
            hits = sorted({w for w in re.findall(r"[A-Za-z]{4,}", words) if w.lower() in english})
            gradio = [g for g in GRADIO_ENGLISH if re.search(rf"\b{g}\b", text)]
            if hits or gradio:
                found.append(f"English in {entry['where']}: {text[:80]!r} ({', '.join(hits + gradio)})")
        # a number alone ("1.", "0.82", a heatmap column) is set left to right inside <bdi> so it
        # reads "1." and not ".1"; direction concerns text with letters
        if lang == "ar" and entry["direction"] != "rtl" and re.search(r"[^\W\d_]", text):
            found.append(f"left-to-right {entry['where']}: {text[:60]!r}")
    return found
