"""The corpus as package data: installed as `policy_align_corpus` (see pyproject.toml), found by
indexer.settings.corpus_root(). Only data lives here; this file makes the folder a package."""
