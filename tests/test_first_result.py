"""What a first search skips (eval/RESULTS.md, "Time to first result"), with the same answers:
model files unchanged since their last check are not hashed again (indexer/model/stamps.py),
the int8 ONNX weights are external data that onnxruntime memory-maps (an older one-file export
is split once, same outputs), the frameworks index is checked and loaded once, and the search
command imports neither the app's nor the alignment's libraries."""

import hashlib
import json
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import ROOT


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_stamped_file_is_not_hashed_again_until_it_changes(tmp_path, monkeypatch):
    from indexer.model import stamps

    monkeypatch.setattr(stamps, "RECENT_NS", 0)  # the file was just written; stamp it anyway
    (tmp_path / "sub").mkdir()
    weights, small = tmp_path / "w.bin", tmp_path / "sub" / "c.json"
    weights.write_bytes(b"\x01" * 5000)
    small.write_text("{}")
    names = {"w.bin": _sha(weights), "sub/c.json": _sha(small)}
    assert stamps.has_sha256(tmp_path, names) is None
    hashed = []
    real = stamps.sha256_file
    monkeypatch.setattr(stamps, "sha256_file", lambda p: hashed.append(p.name) or real(p))
    assert stamps.has_sha256(tmp_path, names) is None and hashed == []  # both stamps fit
    assert stamps.has_sha256(tmp_path, names, full=True) is None and len(hashed) == 2  # set-up hashes
    with open(weights, "r+b") as fh:  # same size, new bytes: a write changes the stamp
        fh.write(b"\x02")
    assert stamps.has_sha256(tmp_path, names) == "w.bin"
    assert stamps.has_sha256(tmp_path, names) == "w.bin"  # and stays refused
    assert stamps.has_sha256(tmp_path, {**names, "gone": "0" * 64}) == "w.bin"
    assert stamps.has_sha256(tmp_path, {"gone": "0" * 64}) == "gone"


def test_a_file_changed_just_now_is_hashed_every_time(tmp_path, monkeypatch):
    from indexer.model import stamps

    path = tmp_path / "w.bin"
    path.write_bytes(b"abc")
    hashed = []
    real = stamps.sha256_file
    monkeypatch.setattr(stamps, "sha256_file", lambda p: hashed.append(p.name) or real(p))
    monkeypatch.setattr(stamps, "RECENT_NS", 10**12)  # "just now": inside the timestamp tick
    for _ in range(2):
        assert stamps.has_sha256(tmp_path, {"w.bin": _sha(path)}) is None
    assert hashed == ["w.bin", "w.bin"]


def _tiny_onnx(path):
    """A MatMul with a 64 x 32 weight: big enough to go to external data."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weight = np.random.default_rng(0).standard_normal((64, 32)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 32])],
        [numpy_helper.from_array(weight, "w")],
    )
    onnx.save_model(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def _run(path):
    import onnxruntime as ort

    x = np.random.default_rng(1).standard_normal((3, 64)).astype(np.float32)
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]


def test_a_one_file_onnx_cache_is_split_once_with_the_same_outputs(tmp_path, monkeypatch):
    from indexer.model import onnx_export as ob

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    model = tmp_path / "model"
    model.mkdir()
    (model / "model.safetensors").write_bytes(b"weights")
    folder = ob.onnx_dir_for(model)
    folder.mkdir(parents=True)
    _tiny_onnx(folder / ob.ONNX_FILE)
    before = _run(folder / ob.ONNX_FILE)
    record = {"recipe": ob.RECIPE, "source": ob._source_signature(model), "sha256": _sha(folder / ob.ONNX_FILE)}
    (folder / ob.RECORD).write_text(json.dumps(record))

    path = ob.ensure_onnx_model(model)
    files = json.loads((folder / ob.RECORD).read_text())["files"]
    assert set(files) == {ob.ONNX_FILE, ob.DATA_FILE} and (folder / ob.DATA_FILE).stat().st_size >= 64 * 32 * 4
    assert np.array_equal(_run(path), before)  # the same graph and weights: the same outputs
    assert ob.ensure_onnx_model(model) == path and json.loads((folder / ob.RECORD).read_text())["files"] == files
    with open(folder / ob.DATA_FILE, "r+b") as fh:  # damaged weights are caught (and re-exported)
        fh.write(b"\x00\x01\x02\x03")
    monkeypatch.setattr(ob, "_export_and_quantize", lambda *a: (_ for _ in ()).throw(RuntimeError("re-export")))
    with pytest.raises(RuntimeError, match="re-export"):
        ob.ensure_onnx_model(model)


def test_the_framework_search_reads_its_index_once_and_answers_the_same(tmp_path, monkeypatch):
    from indexer.frameworks import indexing
    from indexer.index import store
    from indexer.model.fake import FakeEmbedder
    from search.engine import SearchEngine

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("POLICY_ALIGN_FRAMEWORKS", raising=False)
    embedder = FakeEmbedder()
    root = indexing.ensure_framework_index(embedder)
    loads = []
    real = store.load_index
    monkeypatch.setattr(store, "load_index", lambda *a, **k: loads.append(1) or real(*a, **k))
    data = indexing.load_framework_index(embedder)
    assert len(loads) == 1 and data.path == real(root).path
    for query, framework in (("safe drinking water", "sdg"), ("开罗行动宣言 第3条", "cairo"), ("NUA 137", None)):
        want = SearchEngine(root, embedder).search(query, 10, framework=framework)
        assert SearchEngine(data, embedder).search(query, 10, framework=framework) == want


def test_the_search_command_imports_no_app_or_alignment_libraries():
    code = (
        "import sys; from search.cli import build_parser; build_parser();"
        "import search.cli.search_command, search.engine, indexer.model.onnx_backend, indexer.model.tokenizer;"
        "heavy = ('gradio', 'torch', 'transformers', 'sentence_transformers', 'matplotlib', 'search.match', 'jieba');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
