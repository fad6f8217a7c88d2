"""The index: a folder of plain files (FAISS, JSONL, NumPy, manifest.json), swapped in atomically."""
