"""What describes a loaded model; shared by the loader and the embedders (no import cycle)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EncodeKind = Literal["query", "passage"]

# what the embedder does to a text before the model (embedder.clean_texts; 1: NFC and stripped,
# 2: also without Arabic's optional marks). Recorded with cached and indexed vectors, so that
# vectors made under another form are made again.
TEXT_FORM = 2

# how the int8 backend runs texts through the model (onnx_backend.py; 1: in padded batches, whose
# activation scale a text shared with its batch-mates; 2: each text alone, so that its vector
# depends on its text only). Recorded like TEXT_FORM: framework vectors and calibrations made
# otherwise are made again.
RUN_FORM = 2


def forms() -> dict[str, int]:
    """Every form vectors are made under, by the key that records it (read at call time)."""
    return {"text_form": TEXT_FORM, "run_form": RUN_FORM}


@dataclass(frozen=True)
class ModelInfo:
    name: str
    backend: str
    dimension: int
    max_tokens: int
    path: str
    source: str
    checksum: str

    def record(self) -> dict:
        """What an index or a vector cache records of the model that made its vectors."""
        return {
            "name": self.name,
            "backend": self.backend,
            "dimension": self.dimension,
            "checksum": self.checksum,
            **forms(),
        }
