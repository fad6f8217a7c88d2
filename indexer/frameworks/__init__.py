"""Reference frameworks (Cairo Action Declaration, New Urban Agenda, …) as validated data."""

from indexer.frameworks.model import (
    Framework,
    FrameworkEntry,
    FrameworkItem,
    ItemText,
    framework_ids,
    load_framework,
    load_frameworks,
    registered_frameworks,
)

__all__ = [
    "Framework",
    "FrameworkEntry",
    "FrameworkItem",
    "ItemText",
    "framework_ids",
    "load_framework",
    "load_frameworks",
    "registered_frameworks",
]
