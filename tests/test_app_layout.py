"""The app's structure without a server: every component is relabelled from one mapping, the
app builds on the fake embedder, it imports nothing from the CLI, and --auth is checked by the
CLI's parser."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    from indexer.model.fake import FakeEmbedder
    from search.ui.services import Services

    # the frameworks index the fake embedder builds goes to a cache of its own, never over the real one
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICY_ALIGN_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield Services.start(None, FakeEmbedder(), tmp_path_factory.mktemp("app"))


def test_every_labelled_component_follows_the_interface_language(services):
    import gradio as gr

    from search.ui.align_tab import align_tab
    from search.ui.i18n import t
    from search.ui.library_tab import library_tab
    from search.ui.page import Page
    from search.ui.search_tab import search_tab
    from search.ui.strings_en import EN

    with gr.Blocks():
        page = Page()
        page.add("ui_language", gr.Dropdown, choices=[("English", "en")], value="en")
        search_tab(page, services)
        align_tab(page, services)
        library_tab(page, services)
    updates = dict(zip(page.translated(), page.relabel("ar")))
    assert len(updates) == len(page.translated())
    for key, part in page.parts.items():
        if key in EN:  # a component named by an interface string shows it, in English first
            assert part.texts is not None, key
            text = updates[part.component].get("label") or updates[part.component].get("value")
            assert text == t(key, "ar"), key
        else:  # results, coverage, …: no label of their own (the phone's library list has content
            # in the interface language, but no label)
            assert part.texts is None or "label" not in updates[part.component], key
    assert updates[page["source"]]["choices"][0] == (t("source_all", "ar"), "all")
    with pytest.raises(ValueError, match="two components"):
        page.add("query", gr.Textbox)


def test_the_tagline_names_every_framework_in_every_language():
    """Under the title: every registered framework named in each interface language (its name
    there or one of its aliases, e.g. an inflected form or ЦУР)."""
    import re

    from indexer.frameworks import registered_frameworks
    from search.ui.i18n import LANGUAGES, t

    def named(name: str, text: str) -> bool:  # a Latin name as a whole word ("ODS" is not in "methods")
        edge = r"(?<![A-Za-z])" if name.isascii() else ""
        return re.search(edge + re.escape(name) + edge.replace("<", ""), text, re.IGNORECASE) is not None

    for lang in LANGUAGES:
        tagline = t("tagline", lang)
        for fw in registered_frameworks():
            names = (fw.names.get(lang) or fw.names["en"], *fw.aliases)
            assert any(named(n, tagline) for n in names), (lang, fw.id, tagline)


def test_the_app_builds_with_its_api(services):
    import app

    blocks = app.build_app(services, examples=("housing",), banner=True)
    names = {fn.api_name for fn in blocks.fns.values()}
    assert {"search", "align", "add_documents", "remove_document"} <= names


def _imports(path):
    """(the function an import is in, or None at module level; the imported module) for every import."""
    out = []

    def visit(node, where):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                out.extend((where, alias.name) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0:
                out.append((where, child.module or ""))
            visit(child, child.name if isinstance(child, ast.FunctionDef) and where is None else where)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return out


def test_the_app_does_not_import_the_cli():
    """search/ui/ never imports search/cli/; in app.py only main(), the `policy-align` entry
    point, does (it hands `launch` to the CLI, which never imports Gradio)."""

    def cli(module):
        return module == "search.cli" or module.startswith("search.cli.")

    for path in (ROOT / "search" / "ui").rglob("*.py"):
        assert not [m for _, m in _imports(path) if cli(m)], path
    assert {where for where, m in _imports(ROOT / "app.py") if cli(m)} == {"main"}


def test_auth_is_checked_when_the_command_line_is_parsed(tmp_path, capsys):
    from search.cli import build_parser

    (tmp_path / "users").write_text("a:b\n\nc:d:e\n", encoding="utf-8")
    assert build_parser().parse_args(["serve", "--auth", str(tmp_path / "users")]).auth == [("a", "b"), ("c", "d:e")]
    assert build_parser().parse_args(["serve"]).auth is None
    for bad in ("nocolon", ":x", str(tmp_path)):
        with pytest.raises(SystemExit) as exit:
            build_parser().parse_args(["demo", "--auth", bad])  # before the demo index is built
        assert exit.value.code == 2 and "--auth" in capsys.readouterr().err
