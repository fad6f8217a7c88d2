"""A wheel that works: the corpus ships as package data (`policy_align_corpus`, found through
importlib.resources by indexer.settings.corpus_root) and POLICY_ALIGN_CORPUS still overrides it.

The slow test builds the wheel, installs it alone into a fresh virtual environment and runs
`policy-align corpus show cairo:6` from another folder. The fresh environment reaches the
dependencies (torch, gradio, ...) through a .pth line naming this venv's site-packages: a path
added that way is searched for modules but its own .pth files are not run, so this checkout's
editable install (a finder installed by `__editable__.policy_align-*.pth`) stays out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

CAIRO_6 = (
    "We call for unlocking finance for cities and communities",
    "Closing the financing gap to meet urban development needs is urgent.",
    "我们呼吁为城市和社区释放资金",
)


def test_the_corpus_is_the_repository_folder_here(monkeypatch):
    """An editable install (`make install`) reads the repository's corpus/ itself."""
    monkeypatch.delenv("POLICY_ALIGN_CORPUS", raising=False)
    from indexer.frameworks.model import bundled_root
    from indexer.settings import corpus_root

    assert corpus_root().resolve() == ROOT / "corpus"
    assert bundled_root().resolve() == ROOT / "corpus" / "frameworks"


def test_policy_align_corpus_overrides_the_installed_corpus(tmp_path, monkeypatch):
    corpus = tmp_path / "my corpus"
    shutil.copytree(ROOT / "corpus" / "frameworks" / "cairo", corpus / "frameworks" / "cairo")
    monkeypatch.setenv("POLICY_ALIGN_CORPUS", str(corpus))
    monkeypatch.setenv("POLICY_ALIGN_FRAMEWORKS", str(tmp_path / "overlay"))
    from indexer.frameworks import framework_ids, load_frameworks
    from indexer.frameworks.model import bundled_root
    from indexer.settings import corpus_root

    assert corpus_root() == corpus and bundled_root() == corpus / "frameworks"
    assert framework_ids() == ("cairo",) and list(load_frameworks()) == ["cairo"]


def test_every_package_folder_is_listed_for_the_wheel():
    """setuptools cannot discover the renamed corpus package, so pyproject.toml lists the packages:
    a new subpackage missing from that list would be missing from the wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    assert config["package-dir"] == {"policy_align_corpus": "corpus"} and (ROOT / "corpus" / "__init__.py").is_file()
    folders = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for top in ("indexer", "search")
        for path in (ROOT / top).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert listed == folders | {"policy_align_corpus"}
    assert all((ROOT / name.replace(".", "/") / "__init__.py").is_file() for name in folders)


def _run(*args, cwd, env=None, timeout=300):
    out = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout
    )
    assert out.returncode == 0, f"{args}: exit {out.returncode}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out.stdout


@pytest.mark.slow
def test_the_wheel_alone_runs_corpus_show_from_another_folder(tmp_path):
    # Build from a copy of what the wheel is made of, so no build/ or egg-info is left in the checkout
    # and no earlier build's files can slip in.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "app.py"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("indexer", "search", "corpus"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path / "dist"
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "-w",
        dist,
        ".",
        cwd=src,
    )
    (wheel,) = dist.glob("policy_align-*.whl")

    env_dir = tmp_path / "env"
    _run(sys.executable, "-m", "venv", "--without-pip", env_dir, cwd=tmp_path)
    python = env_dir / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path).strip())
    (site / "_policy_align_deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "POLICY_ALIGN_"))}
    env["POLICY_ALIGN_CACHE"] = str(tmp_path / "cache")
    env["PYTHONIOENCODING"] = "utf-8"  # the item is printed in Chinese, Arabic and Russian too, whatever the locale

    probe = (
        "import json, sys, app, indexer, policy_align_corpus, search\n"
        "from indexer.model.fidelity import fidelity_texts\n"
        "from indexer.settings import corpus_root\n"
        "from search.ui.about import about_markdown\n"
        "print(json.dumps({'files': [m.__file__ for m in (app, indexer, policy_align_corpus, search)],\n"
        "  'corpus': str(corpus_root()), 'samples': len(list((corpus_root() / 'samples').glob('*.md'))),\n"
        "  'fidelity_texts': len(fidelity_texts()), 'about': len(about_markdown('fr', 'm')),\n"
        "  'path': sys.path, 'finders': repr(sys.meta_path) + repr(sys.path_hooks)}))"
    )
    found = json.loads(_run(python, "-c", probe, cwd=elsewhere, env=env))
    installed = env_dir.resolve()
    for path in [*found["files"], found["corpus"]]:
        assert Path(path).resolve().is_relative_to(installed), (path, found["path"])
    assert "editable" not in found["finders"].lower(), found["finders"]
    assert not any(p and Path(p).resolve() == ROOT for p in found["path"]), found["path"]
    assert found["samples"] == 4 and found["fidelity_texts"] > 0 and found["about"] > 0

    script = env_dir / "bin" / "policy-align"
    shown = _run(script, "corpus", "show", "cairo:6", cwd=elsewhere, env=env)
    assert shown.startswith("cairo:6 — Cairo Action Declaration"), shown[:500]
    for phrase in CAIRO_6:
        assert phrase in shown, shown[:2000]
