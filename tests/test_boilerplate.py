"""Plan boilerplate abstains (issue 14): eval/data/boilerplate_fresh.jsonl holds 112 statements
written after the calibrations were fitted and never fitted on (the seven kinds of the issue
and seven others, eight languages), scored through the public command."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from tests.support.cli import policy_align


@pytest.mark.slow
def test_fresh_boilerplate_abstains_against_every_framework(tmp_path):
    rows = [
        json.loads(line)
        for line in (ROOT / "eval" / "data" / "boilerplate_fresh.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(rows) == 112 and len({r["lang"] for r in rows}) == 8 and len({r["category"] for r in rows}) == 14
    (tmp_path / "plan.txt").write_text("\n".join(r["text"] for r in rows) + "\n", encoding="utf-8")
    run = policy_align("match", "--json", "--framework", "all", "--file", str(tmp_path / "plan.txt"), timeout=1200)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    matched = [row["id"] for row, record in zip(rows, out) if any(m["strength"] != "none" for m in record["matches"])]
    # measured at 4e57d7e: 1 of 112 (a Chinese glossary entry, against the SDG); at the commit
    # before, Cairo 3, NUA 1 and SDG 4 of its 56 rows of the kinds matched (eval/RESULTS.md)
    assert len(matched) <= 3, matched
