"""The interface in six languages: t(key, lang), the text direction of each, and the frameworks' names."""

from __future__ import annotations

from importlib import import_module

from indexer.language import RTL_LANGS
from search.ui.strings_en import EN

LANGUAGES = {"en": "English", "zh": "中文", "ar": "العربية", "fr": "Français", "es": "Español", "ru": "Русский"}
RTL = frozenset(RTL_LANGS) & LANGUAGES.keys()  # the interface languages written right to left
_TABLES: dict[str, dict[str, str]] = {"en": EN}


def table(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        lang = "en"
    if lang not in _TABLES:
        module = import_module(f"search.ui.strings_{lang}")
        _TABLES[lang] = getattr(module, lang.upper())
    return _TABLES[lang]


def t(key: str, lang: str = "en", **values) -> str:
    """The string for `key` in `lang` (English when a translation is missing), formatted."""
    text = table(lang).get(key) or EN[key]
    return text.format(**values) if values else text


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def shown_citation(item_id: str, lang: str) -> str:
    """An item's citation as the interface shows it: in a right-to-left language its number is
    isolated left to right (Unicode LRI ... PDI), so "SDG 15.b" does not read "b.15" and the
    text around it stays right to left."""
    from search.links import citation

    text = citation(item_id, lang)
    number = item_id.split(":", 1)[1]
    if direction(lang) != "rtl" or not text.endswith(number):
        return text
    return f"{text[: -len(number)]}\u2066{number}\u2069"


def framework_names(lang: str) -> list[tuple[str, str]]:
    """(the framework's own name in `lang`, its id) for every registered framework, in order."""
    from indexer.frameworks import registered_frameworks

    return [(e.names.get(lang) or e.names.get("en") or e.id, e.id) for e in registered_frameworks()]
