from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICY_ALIGN_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT))

needs_shared = pytest.mark.skipif(
    not (SHARED / "README.md").is_file(), reason=f"{SHARED} (the team's shared data) is not beside this checkout"
)


@pytest.fixture(scope="session")
def fp32_embedder():
    from indexer.model import Embedder

    return Embedder(backend="torch", batch_size=16)


@pytest.fixture(scope="session")
def int8_embedder():
    from indexer.model import Embedder

    return Embedder(backend="onnx-int8")
