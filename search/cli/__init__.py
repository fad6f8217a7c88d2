"""`policy-align`: the command line. Library errors become one-line messages here, never tracebacks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from indexer.errors import IndexBusyError, PolicyAlignError
from search.cli import (
    align_command,
    app_commands,
    calibrate_command,
    compare_command,
    corpus_commands,
    demo,
    index_commands,
    match_command,
    model_commands,
    review_command,
    search_command,
)
from search.cli.options import framework_names

# Exit codes (README, "Exit codes"): 0 all good; 1 the command failed, or some files failed (listed);
# 2 bad arguments, an unreadable input, or nothing usable; 3 the index is being written by another process.
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_BUSY = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-align",
        description=(
            f"Multilingual search and alignment of policy documents against the {framework_names()}. Works offline."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    model_commands.register(sub)
    index_commands.register(sub)
    corpus_commands.register(sub)
    search_command.register(sub)
    match_command.register(sub)
    align_command.register(sub)
    review_command.register(sub)
    calibrate_command.register(sub)
    compare_command.register(sub)
    app_commands.register(sub)
    return parser


def main(argv: list[str] | None = None, *, launch: Callable | None = None) -> int:
    """Run a command. `launch` starts the web app (app.py passes it; the CLI never imports Gradio)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "demo" and args.text:
            return int(demo.run_demo(args) or 0)
        if getattr(args, "app", False):
            if launch is None:
                raise PolicyAlignError("the app starts from the `policy-align` command (app.py)")
            return int(launch(args) or 0)
        return int(args.run(args) or 0)
    except IndexBusyError as exc:
        print(f"policy-align: error: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except PolicyAlignError as exc:
        print(f"policy-align: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except UnicodeDecodeError as exc:
        print(f"policy-align: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # a path that is missing, not a folder, not writable; a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"policy-align: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("policy-align: interrupted", file=sys.stderr)
        return 130
