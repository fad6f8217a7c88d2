"""The app's components in one mapping, key -> component. The key is the component's string in
strings_*.py, so adding a component is one call, `page.add(key, kind, …)`: it is built with its
English text, the events find it as `page[key]`, and `page.relabel(lang)` gives its texts in
another interface language for the outputs `page.translated()`."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from search.ui.i18n import direction, t

Texts = Callable[[str], dict]  # interface language -> a component's attributes in that language


@dataclass(frozen=True)
class Part:
    component: object
    texts: Texts | None  # None: nothing in it follows the interface language


class Page:
    def __init__(self):
        self.parts: dict[str, Part] = {}

    def add(self, key: str, kind, *, text: str | None = "label", more: Texts | None = None, **kwargs):
        """`kind(**kwargs)` under `key` -> the component. Its attribute `text` ("label", "value"
        for a button, None for none) is t(key); `more(lang)` -> any other attributes that follow
        the interface language (choices, headers, a placeholder, a Markdown text). A component
        with no text of its own (text=None, no `more`) takes a key that is not an interface string."""
        if key in self.parts:
            raise ValueError(f"two components named {key!r}")

        # Gradio writes dir="ltr" on a Textbox, Markdown or Radio unless told `rtl`: those follow
        # the interface's direction too (the page's own dir="rtl" does not reach them)
        rtl = "rtl" in inspect.signature(kind.__init__).parameters and "rtl" not in kwargs

        def texts(lang: str) -> dict:
            return (
                ({text: t(key, lang)} if text else {})
                | ({"rtl": direction(lang) == "rtl"} if rtl else {})
                | (more(lang) if more else {})
            )

        translated = bool(text or more)
        component = kind(**(texts("en") if translated else {}), **kwargs)
        self.parts[key] = Part(component, texts if translated else None)
        return component

    def __getitem__(self, key: str):
        return self.parts[key].component

    def pick(self, *keys: str) -> list:
        """The components named `keys`, in that order (an event's inputs or outputs)."""
        return [self[key] for key in keys]

    def translated(self) -> list:
        """Every component with a text in the interface language, in the order relabel returns them."""
        return [part.component for part in self.parts.values() if part.texts]

    def relabel(self, lang: str) -> list:
        """Updates for `translated()`: their texts in `lang`."""
        import gradio as gr

        return [gr.update(**part.texts(lang)) for part in self.parts.values() if part.texts]
