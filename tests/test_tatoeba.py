"""The default embedding path is the real multilingual-e5-small: Tatoeba within 1.5 points of MTEB."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, needs_shared

pytestmark = [pytest.mark.slow, needs_shared]


def test_bitext_retrieval_reaches_published_anchors_minus_1_5():
    run = subprocess.run(
        [sys.executable, "eval/tatoeba.py", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=1200
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["backend"] == "onnx-int8"
    for lang, row in result["languages"].items():
        assert row["pairs"] == 1000
        assert row["accuracy"] >= row["anchor"] - 1.5, f"{lang}: {row['accuracy']} vs anchor {row['anchor']}"
