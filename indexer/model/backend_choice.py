"""Which backend is fastest on this machine: `policy-align model build` times them and records it.

The int8 backend's gain depends on the CPU (2.30x fp32 on one machine, 1.19x on a newer one
with AMX: issue 15), so the build embeds the same fixed texts (the fidelity texts, many
languages) with each backend in the same run: one warm-up pass (whose vectors give the cosine
to fp32), then the best of `repeats` timed passes, the backends taking turns so that a noisy
neighbour slows them alike. Each pass also embeds the texts one at a time, as a search embeds
its query: the median of those is what a searcher waits for. A backend is kept when its
minimum cosine to the torch fp32 vectors is >= 0.99; the default (onnx-int8) is replaced only
by a kept backend that is > 5 % faster on batches and not slower on single texts, because one
backend serves both indexing and search. The choice is recorded with the timings, the CPU flags
and the date in CACHE/backend.json, which `indexer.settings.backend_name` reads after an
explicit --backend and POLICY_ALIGN_BACKEND.

bf16 is offered only where the CPU has bf16 instructions (avx512_bf16 or AMX): on an AVX2
machine torch in bfloat16 was 3.5-6.2x slower than fp32 (min cosine 0.998; eval/RESULTS.md,
issue 15). With AMX it embeds batches faster than int8 but single texts slower, so it is
usually not chosen; `batch_hint` names it for building a large index (`--backend`).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from indexer.settings import BACKEND_CHOICE_FILE, BACKENDS, cache_root

THRESHOLD = 0.99  # minimum cosine to the fp32 vectors, as `model check` asks of int8
SINGLE_TEXTS = 20  # texts embedded one at a time per pass, for the single-text (query) median
TIE = 0.05  # another backend must be > 5 % faster than the default to replace it
REFERENCE = "torch"  # plain fp32: the vectors every other backend is compared with
BF16_FLAGS = ("avx512_bf16", "amx_bf16")  # without them bfloat16 is emulated, several times slower than fp32
CPU_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_tile", "amx_int8", "amx_bf16")


@dataclass(frozen=True)
class Timing:
    backend: str
    texts_per_second: float  # best of the timed passes
    min_cosine: float  # lowest cosine to the fp32 vectors over the texts
    kept: bool  # min_cosine >= THRESHOLD
    query_ms: float | None = None  # median time to embed one text alone (a search's query); None: not timed


@dataclass(frozen=True)
class BackendChoice:
    backend: str
    timings: tuple[Timing, ...]
    texts: int
    repeats: int
    threshold: float
    cpu_flags: tuple[str, ...]
    measured_at: str

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> BackendChoice:
        fields = dict(data)
        fields["timings"] = tuple(Timing(**t) for t in data["timings"])
        fields["cpu_flags"] = tuple(data["cpu_flags"])
        choice = cls(**fields)
        if choice.backend not in BACKENDS:
            raise ValueError(f"unknown backend {choice.backend!r}")
        return choice


def choice_path() -> Path:
    return cache_root() / BACKEND_CHOICE_FILE


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> tuple[str, ...]:
    """The CPU flags that matter for int8 and bf16 speed (empty where /proc/cpuinfo is absent)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    present = {word for line in text.splitlines() if line.startswith("flags") for word in line.split()}
    return tuple(flag for flag in CPU_FLAGS if flag in present)


def offered(flags: Sequence[str]) -> tuple[str, ...]:
    """The backends worth timing on a CPU with these flags."""
    with_bf16 = any(flag in flags for flag in BF16_FLAGS)
    return tuple(name for name in BACKENDS if name != "torch-bf16" or with_bf16)


def fastest_kept(timings: Sequence[Timing]) -> str | None:
    """The fastest kept backend on batches; the default (BACKENDS[0]) unless another is faster by
    more than TIE (on a shared machine two runs differ by more than that, and a tie is no reason to
    change) and, where single texts were timed, not slower than the default on them by more than TIE
    (a faster build is no reason to make every search wait longer)."""
    kept = sorted((t for t in timings if t.kept), key=lambda t: -t.texts_per_second)
    if not kept:
        return None
    default = next((t for t in kept if t.backend == BACKENDS[0]), None)
    if default is None:
        return kept[0].backend
    for t in kept:
        if t.texts_per_second <= default.texts_per_second * (1 + TIE):
            break
        if t.query_ms is None or default.query_ms is None or t.query_ms <= default.query_ms * (1 + TIE):
            return t.backend
    return default.backend


def batch_hint(choice: BackendChoice) -> Timing | None:
    """A kept backend faster on batches than the chosen one by more than TIE (and so passed over for
    its single-text time): worth naming with --backend when building a large index."""
    chosen = next((t for t in choice.timings if t.backend == choice.backend), None)
    faster = [
        t for t in choice.timings if t.kept and chosen and t.texts_per_second > chosen.texts_per_second * (1 + TIE)
    ]
    return max(faster, key=lambda t: t.texts_per_second, default=None)


def time_backends(
    encoders: dict[str, Callable[[list[str]], np.ndarray]],
    texts: Sequence[str],
    repeats: int = 2,
    single_texts: Sequence[str] = (),
) -> BackendChoice:
    """Time each encoder (backend name -> texts -> unit rows) on `texts` as batches and, when
    `single_texts` are given, on each of them alone; REFERENCE must be one of the encoders."""
    texts = list(texts)
    vectors = {name: np.asarray(encode(texts), np.float32) for name, encode in encoders.items()}  # warm-up
    reference = vectors[REFERENCE]
    best = dict.fromkeys(encoders, float("inf"))
    single = {name: float("inf") for name in encoders} if single_texts else {}
    for _ in range(repeats):
        for name, encode in encoders.items():  # taking turns: a busy neighbour slows every backend
            start = time.perf_counter()
            encode(texts)
            best[name] = min(best[name], time.perf_counter() - start)
            if single_texts:
                single[name] = min(single[name], _median_single(encode, single_texts))
    timings = []
    for name in encoders:
        cosine = float((vectors[name] * reference).sum(axis=1).min())
        speed = len(texts) / best[name] if best[name] > 0 else float("inf")
        query_ms = round(1000 * single[name], 2) if name in single else None
        timings.append(Timing(name, round(speed, 2), round(cosine, 6), cosine >= THRESHOLD, query_ms))
    return BackendChoice(
        backend=fastest_kept(timings) or REFERENCE,
        timings=tuple(timings),
        texts=len(texts),
        repeats=repeats,
        threshold=THRESHOLD,
        cpu_flags=cpu_flags(),
        measured_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )


def verdict(choice: BackendChoice) -> str:
    return (
        f"{choice.backend} (fastest with min cosine >= {choice.threshold} to fp32, "
        "on batches and no slower on one text at a time)"
    )


def hint(choice: BackendChoice) -> str | None:
    """A line naming a backend worth giving for large builds, or None."""
    if faster := batch_hint(choice):
        return (
            f"{faster.backend} embeds batches faster here but single texts slower; "
            f"for a large index: policy-align index build ... --backend {faster.backend}"
        )
    return None


def _median_single(encode: Callable[[list[str]], np.ndarray], texts: Sequence[str], tries: int = 3) -> float:
    """Median over the texts of each text's best time alone: the minimum of a few tries is the
    least disturbed by a busy neighbour (a 4 ms query measured 17 ms at load 4)."""
    seconds = []
    for text in texts:
        best = float("inf")
        for _ in range(tries):
            start = time.perf_counter()
            encode([text])
            best = min(best, time.perf_counter() - start)
        seconds.append(best)
    return float(np.median(seconds))


def save_choice(choice: BackendChoice, path: Path | None = None) -> Path:
    path = path or choice_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(choice.to_json(), indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_choice(path: Path | None = None) -> BackendChoice | None:
    """The recorded choice, or None when the file is missing or not a valid record."""
    try:
        return BackendChoice.from_json(json.loads((path or choice_path()).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def measure(model: str | None = None, texts: Sequence[str] | None = None, repeats: int = 2) -> BackendChoice:
    """Load every backend this CPU is offered and time them on `texts` (default: the fidelity
    texts), as batches of passages and one at a time as queries."""
    from indexer.model.embedder import Embedder
    from indexer.model.fidelity import fidelity_texts

    texts = list(texts) if texts is not None else [t for _, t in fidelity_texts()]
    embedders = {name: Embedder(model, backend=name) for name in offered(cpu_flags())}
    encoders = {n: (lambda ts, e=e: e.encode(ts, "passage")) for n, e in embedders.items()}
    return time_backends(encoders, texts, repeats, single_texts=texts[:SINGLE_TEXTS])


def table(choice: BackendChoice) -> list[str]:
    lines = [f"{'backend':<11} {'texts/s':>8} {'1 text ms':>9} {'min cos':>8}  kept"]
    for t in choice.timings:
        mark = "yes" if t.kept else f"no (< {choice.threshold})"
        single = f"{t.query_ms:>9.1f}" if t.query_ms is not None else f"{'-':>9}"
        lines.append(f"{t.backend:<11} {t.texts_per_second:>8.1f} {single} {t.min_cosine:>8.4f}  {mark}")
    return lines
