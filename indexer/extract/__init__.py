"""Text extraction: files -> Pages with clean, logically ordered text and quality flags."""
