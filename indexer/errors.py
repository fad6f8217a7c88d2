"""Every error the library raises on purpose. Only the CLI and app.py turn them into messages."""


class PolicyAlignError(Exception):
    """Base class: the caller must act (the message says how)."""


class ModelSourceError(PolicyAlignError):
    """The packaged weight or tokenizer file is missing, unexpected or corrupt."""


class ModelCacheError(PolicyAlignError):
    """A converted model folder is incomplete or fails its checksum."""


class ModelMismatchError(PolicyAlignError):
    """An index was embedded with a different model than the one asked for."""

    def __init__(self, index_model: str, requested_model: str):
        self.index_model = index_model
        self.requested_model = requested_model
        super().__init__(
            f"this index was embedded with model {index_model!r} but model "
            f"{requested_model!r} was requested; rebuild the index or choose {index_model!r}"
        )


class EmbeddingInputError(PolicyAlignError):
    """A text given to the embedder cannot be embedded (e.g. it is not a string)."""


class EmbeddingTruncationWarning(UserWarning):
    """A text was longer than the model window; only its first tokens were embedded."""


class DocumentError(PolicyAlignError):
    """One input file cannot be read; a build reports it and goes on with the others."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UnsupportedFormatError(DocumentError):
    """The file type is not one the indexer reads."""


class EncryptedDocumentError(DocumentError):
    """The PDF is encrypted with a password we do not have."""


class CorruptDocumentError(DocumentError):
    """The file is truncated, malformed or not what its extension says."""


class DocumentTooLargeError(DocumentError):
    """The file exceeds a safety limit (pages, bytes, decompressed size)."""


class IndexError_(PolicyAlignError):
    """Base for problems with an index folder."""


class IndexNotFoundError(IndexError_):
    """No index at the given folder."""


class IndexCorruptError(IndexError_):
    """The index folder fails its manifest checks."""


class CalibrationWarning(UserWarning):
    """A calibration lacks what its framework now asks for (it was fitted before); matching goes on without it."""


class PageQualityWarning(UserWarning):
    """A page's text layer is unreliable; the page is flagged (and OCR'd when possible)."""


class IndexBusyError(IndexError_):
    """Another process is writing the index and did not finish within the wait."""

    def __init__(self, root, holder: str):
        self.root, self.holder = str(root), holder
        super().__init__(f"index {root} is being written by {holder}; try again later or pass --wait SECONDS")
