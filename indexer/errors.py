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
