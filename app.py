"""Entry point of `policy-align` (the Gradio app grows here; it sits on top of search/ and indexer/)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from search.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
