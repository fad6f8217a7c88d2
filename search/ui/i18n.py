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


def framework_names(lang: str) -> list[tuple[str, str]]:
    """(the framework's own name in `lang`, its id) for every registered framework, in order."""
    from indexer.frameworks import registered_frameworks

    return [(e.names.get(lang) or e.names.get("en") or e.id, e.id) for e in registered_frameworks()]
