"""Search and alignment over an index built by `indexer`."""
