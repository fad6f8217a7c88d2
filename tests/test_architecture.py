"""Imports go one way: app.py -> search/ -> indexer/; the app does not import the CLI; tests
and the package do not import eval/. Read from the source (AST), so a lazy import inside a
function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
    return out


def offenders(files, forbidden: tuple[str, ...]) -> dict[str, set[str]]:
    found = {}
    for path in files:
        bad = {m for m in imports(path) if m.split(".")[0] in forbidden or m.startswith(forbidden)}
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


def sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_the_indexer_imports_neither_search_nor_the_app():
    assert offenders(sources("indexer"), ("search", "app", "eval", "tests")) == {}


def test_search_does_not_import_the_app_or_eval():
    assert offenders(sources("search"), ("app", "eval", "tests")) == {}


def test_the_app_and_its_ui_do_not_import_the_cli():
    """The app's code uses nothing of the CLI; app.main is the `policy-align` entry point and
    hands the command line to search.cli.main, which is the only name app.py imports from it."""
    assert offenders(sources("search/ui"), ("search.cli",)) == {}
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    from_cli = [
        (node.module, [a.name for a in node.names])
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("search.cli")
    ]
    assert from_cli == [("search.cli", ["main"])]
    assert not [
        n for n in ast.walk(tree) if isinstance(n, ast.Import) and any(a.name.startswith("search.cli") for a in n.names)
    ]


def test_tests_do_not_import_eval():
    assert offenders(sources("tests"), ("eval",)) == {}
