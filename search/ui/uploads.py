"""What the app accepts from a browser: file types and limits of an upload, checked before the
indexer or the aligner sees it, and the error that names the refusal in the interface strings."""

from __future__ import annotations

from pathlib import Path

from indexer.errors import PolicyAlignError
from indexer.extract.load import SUPPORTED

ALLOWED_SUFFIXES = tuple(SUPPORTED)  # what the indexer reads, as `index build` does
MAX_UPLOAD_MB = 25
MAX_PLAN_PAGES = 400
MAX_PASTED_CHARS = 200_000


class UploadError(PolicyAlignError):
    """An upload the app refuses: `key` names the message in the interface strings."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


def check_upload(path: Path) -> None:
    if path.suffix.lower() not in ALLOWED_SUFFIXES:
        raise UploadError("error_file_type")
    if path.stat().st_size > MAX_UPLOAD_MB * 1024 * 1024:
        raise UploadError("error_file_size", mb=MAX_UPLOAD_MB)
    if path.suffix.lower() == ".pdf":
        from indexer.extract.pdf import open_pdf

        pages = len(open_pdf(path).pages)
        if pages > MAX_PLAN_PAGES:
            raise UploadError("error_pages", pages=pages, limit=MAX_PLAN_PAGES)
