"""`policy-align serve` and `policy-align demo`: the options of the web app. The app itself
(app.py) is started by the `policy-align` entry point, which owns the Gradio side; workshop
mode's sample plans and index are made by search/ui/demo.py."""

from __future__ import annotations

import argparse
from pathlib import Path

from search.cli.index_commands import default_index_dir
from search.cli.options import model_options


def app_options():
    common = model_options()
    common.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this computer only)")
    common.add_argument("--port", type=int, default=7860)
    common.add_argument("--share", action="store_true", help="also open a public Gradio share link (needs network)")
    common.add_argument(
        "--auth", type=parse_auth, default=None, help="user:password, or a file with one user:password per line"
    )
    common.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    return common


def register(sub) -> None:
    serve = sub.add_parser("serve", parents=[app_options()], help="start the web app on an index")
    serve.add_argument(
        "--index", type=Path, default=default_index_dir(), help=f"index folder (default {default_index_dir()})"
    )
    serve.set_defaults(app=True)
    demo = sub.add_parser(
        "demo", parents=[app_options()], help="workshop mode: index the bundled sample plans and start the app, offline"
    )
    demo.add_argument(
        "--text", action="store_true", help="print the cross-lingual model demo instead of starting the app"
    )
    demo.set_defaults(app=True)


def parse_auth(value: str) -> list[tuple[str, str]]:
    """--auth: user:password, or a file of such lines -> the pairs. A mistake is a usage error (exit 2)."""
    try:
        lines = Path(value).read_text(encoding="utf-8").splitlines() if Path(value).is_file() else [value]
    except (OSError, UnicodeDecodeError) as exc:
        raise argparse.ArgumentTypeError(f"cannot read {value}: {exc}") from None
    pairs = [tuple(line.strip().split(":", 1)) for line in lines if line.strip()]
    if not pairs or any(len(p) != 2 or not p[0] or not p[1] for p in pairs):
        raise argparse.ArgumentTypeError("takes user:password (or a file of such lines)")
    return pairs  # type: ignore[return-value]
