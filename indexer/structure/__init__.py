"""Structure: clean page text -> the units people cite (numbered paragraphs, articles, calls)."""
