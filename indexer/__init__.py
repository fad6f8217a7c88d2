"""Indexer: documents in any script -> citable chunks -> a checked FAISS index.

Nothing heavy is imported here; the embedding model loads on first use.
"""
