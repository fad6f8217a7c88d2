"""`model build` times the backends and records the fastest that keeps cosine >= 0.99 to fp32 (issue 15)."""

import json

import numpy as np
import pytest

from indexer.model.backend_choice import (
    BackendChoice,
    Timing,
    batch_hint,
    cpu_flags,
    fastest_kept,
    hint,
    load_choice,
    measure,
    offered,
    save_choice,
    time_backends,
)
from indexer.settings import backend_name, backend_source


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path))
    monkeypatch.delenv("POLICY_ALIGN_BACKEND", raising=False)
    return tmp_path


def unit(rows):
    rows = np.asarray(rows, np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def slow_encoder(vectors, calls=None):
    def encode(texts):
        if calls is not None:
            calls.append(len(texts))
        return vectors

    return encode


def choice(backend="torch", timings=()):
    return BackendChoice(backend, tuple(timings), 62, 2, 0.99, ("avx2",), "2026-12-05T07:00:00+00:00")


def test_the_fastest_kept_backend_wins_and_one_under_099_never_does():
    timings = [Timing("torch", 10.0, 1.0, True), Timing("onnx-int8", 25.0, 0.995, True)]
    assert fastest_kept(timings) == "onnx-int8"
    timings = [Timing("torch", 10.0, 1.0, True), Timing("onnx-int8", 99.0, 0.98, False)]
    assert fastest_kept(timings) == "torch"
    assert fastest_kept([Timing("onnx-int8", 99.0, 0.5, False)]) is None


def test_a_tie_within_5_percent_keeps_the_default():
    assert fastest_kept([Timing("onnx-int8", 40.0, 0.996, True), Timing("torch", 41.9, 1.0, True)]) == "onnx-int8"
    assert fastest_kept([Timing("onnx-int8", 40.0, 0.996, True), Timing("torch", 42.1, 1.0, True)]) == "torch"


def test_time_backends_compares_with_fp32_and_warms_up_first():
    reference = unit([[1, 0, 0], [0, 1, 0]])
    close = unit([[1, 0.05, 0], [0, 1, 0.05]])  # cosine ~0.9988
    far = unit([[1, 0.3, 0], [0, 1, 0]])  # cosine ~0.958 on the first text
    calls = []
    result = time_backends(
        {"torch": slow_encoder(reference, calls), "onnx-int8": slow_encoder(close), "bad": slow_encoder(far)},
        ["a", "b"],
        repeats=3,
    )
    assert len(calls) == 1 + 3  # one warm-up, then the timed passes
    by_name = {t.backend: t for t in result.timings}
    assert by_name["torch"].min_cosine == pytest.approx(1.0) and by_name["torch"].kept
    assert by_name["onnx-int8"].kept and not by_name["bad"].kept
    assert result.backend in {"torch", "onnx-int8"} and result.texts == 2 and result.repeats == 3


def test_a_fast_backend_under_the_threshold_is_not_chosen(monkeypatch):
    import indexer.model.backend_choice as bc

    ticks = iter(range(1000))
    monkeypatch.setattr(bc.time, "perf_counter", lambda: next(ticks))  # every pass takes one tick
    reference = unit([[1, 0], [0, 1]])
    result = time_backends(
        {"torch": slow_encoder(reference), "onnx-int8": slow_encoder(unit([[1, 0.5], [0, 1]]))}, ["a", "b"]
    )
    assert result.backend == "torch"


def test_the_recorded_choice_is_the_default_after_argument_and_environment(cache, monkeypatch):
    assert backend_source() == ("onnx-int8", "default")
    save_choice(choice("torch", [Timing("torch", 12.0, 1.0, True), Timing("onnx-int8", 11.0, 0.998, True)]))
    assert backend_source() == ("torch", "timed by model build")
    assert backend_name("onnx-int8") == "onnx-int8"
    monkeypatch.setenv("POLICY_ALIGN_BACKEND", "onnx-int8")
    assert backend_source() == ("onnx-int8", "POLICY_ALIGN_BACKEND")
    assert load_choice().timings[1] == Timing("onnx-int8", 11.0, 0.998, True)


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"backend": "tpu-fp8"}', '{"backend": 3}', '"torch"'])
def test_a_bad_or_missing_record_falls_back_to_the_default(cache, content):
    assert backend_name() == "onnx-int8" and load_choice() is None
    (cache / "backend.json").write_text(content, encoding="utf-8")
    assert backend_name() == "onnx-int8" and load_choice() is None


def test_a_record_naming_an_unknown_backend_is_ignored(cache):
    record = choice("torch").to_json() | {"backend": "tpu-fp8"}
    (cache / "backend.json").write_text(json.dumps(record), encoding="utf-8")
    assert backend_name() == "onnx-int8" and load_choice() is None


@pytest.mark.slow
def test_real_timing_on_a_few_fidelity_texts(tmp_path):
    from indexer.model.fidelity import fidelity_texts

    texts = [t for _, t in fidelity_texts()][:6]
    result = measure(texts=texts, repeats=1)
    by_name = {t.backend: t for t in result.timings}
    assert set(by_name) == set(offered(cpu_flags())) >= {"onnx-int8", "torch"} and result.texts == 6
    assert by_name["torch"].min_cosine == pytest.approx(1.0, abs=1e-5)
    assert all(t.min_cosine >= 0.99 and t.texts_per_second > 0 and t.query_ms > 0 for t in result.timings)
    assert result.backend == fastest_kept(result.timings)
    # the model cache stays where it is (a fresh one would convert the model again): the record goes aside
    assert load_choice(save_choice(result, tmp_path / "backend.json")) == result


def test_bf16_is_offered_only_where_the_cpu_has_bf16_instructions():
    assert "torch-bf16" not in offered(("avx2", "avx512f"))
    assert offered(("avx2", "amx_tile", "amx_bf16"))[-1] == "torch-bf16"
    assert "torch-bf16" in offered(("avx512_bf16",)) and offered(())[0] == "onnx-int8"


def test_a_backend_faster_on_batches_but_slower_on_one_text_is_not_chosen_and_is_hinted():
    # AMX, measured 2026-12-05: bf16 1.4x int8 on batches, 16 ms against 4 ms for one text
    int8 = Timing("onnx-int8", 342.0, 0.9986, True, 4.0)
    bf16 = Timing("torch-bf16", 483.0, 0.9981, True, 16.1)
    fp32 = Timing("torch", 188.0, 1.0, True, 14.5)
    assert fastest_kept([int8, fp32, bf16]) == "onnx-int8"
    recorded = choice("onnx-int8", [int8, fp32, bf16])
    assert batch_hint(recorded) == bf16 and "--backend torch-bf16" in hint(recorded)
    # faster on both: chosen, and then nothing is left to hint
    quick = Timing("torch-bf16", 483.0, 0.9981, True, 3.0)
    assert fastest_kept([int8, fp32, quick]) == "torch-bf16"
    assert hint(choice("torch-bf16", [int8, fp32, quick])) is None
    # a backend over the threshold in neither way is never hinted
    assert batch_hint(choice("onnx-int8", [int8, Timing("torch-bf16", 483.0, 0.95, False, 3.0)])) is None


def test_single_texts_are_timed_one_at_a_time_and_an_old_record_without_them_still_loads(cache):
    reference = unit([[1, 0], [0, 1]])
    calls = []
    result = time_backends(
        {"torch": slow_encoder(reference, calls), "onnx-int8": slow_encoder(reference)},
        ["a", "b"],
        repeats=2,
        single_texts=["a", "b", "c"],
    )
    # warm-up, then per pass the batch and each text alone, three tries each
    assert calls == [2] + ([2] + [1] * 9) * 2
    assert all(t.query_ms is not None and t.query_ms >= 0 for t in result.timings)
    record = choice("torch", [Timing("torch", 12.0, 1.0, True)]).to_json()
    del record["timings"][0]["query_ms"]  # written before single texts were timed
    (cache / "backend.json").write_text(json.dumps(record), encoding="utf-8")
    assert load_choice().timings[0].query_ms is None and backend_name() == "torch"
