"""Reference frameworks (Cairo Action Declaration, New Urban Agenda, …) as validated data."""

from indexer.frameworks.model import Framework, FrameworkItem, ItemText, load_framework, load_frameworks

__all__ = ["Framework", "FrameworkItem", "ItemText", "load_framework", "load_frameworks"]
