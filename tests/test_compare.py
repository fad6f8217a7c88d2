"""Cross-version alignment with margin scores and a monotone dynamic program."""

import json

import numpy as np
import pytest

from indexer.frameworks import load_frameworks
from search.compare import align_vectors
from tests.support.cli import policy_align


def _unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_dp_finds_skips_and_merges_on_synthetic_vectors():
    rng = np.random.default_rng(1)
    base = _unit(rng.standard_normal((8, 32)))
    a1 = base[[0, 1, 2, 3, 5, 6, 7]]  # paragraph 4 missing in A
    b_texts = [base[0], _unit(base[1] + base[2]), base[3], base[4], base[5], base[6], base[7]]  # B merges 1+2
    b1 = _unit(np.array(b_texts))
    a2 = _unit(a1[:-1] + a1[1:])
    b2 = _unit(b1[:-1] + b1[1:])
    links = [(link.a, link.b) for link in align_vectors(a1, b1, a2, b2, k=2)]
    assert ((0,), (0,)) in links and ((1, 2), (1,)) in links  # 2-1
    assert ((), (3,)) in links  # only in B
    last_a = last_b = -1  # monotone: every link moves forward on both sides, covering each paragraph once
    for a, b in links:
        assert all(i == last_a + 1 + k for k, i in enumerate(a)) and all(j == last_b + 1 + k for k, j in enumerate(b))
        last_a, last_b = (a[-1] if a else last_a), (b[-1] if b else last_b)
    assert (last_a, last_b) == (6, 6)


@pytest.mark.slow
def test_compare_official_chinese_with_an_edited_english_version(tmp_path):
    cairo = load_frameworks()["cairo"]
    calls = [i for i in cairo.items if i.number.isdigit()]
    zh = "\n\n".join(f"{i.number}.\n\n{i.text_for('zh').title}\n\n{i.text_for('zh').text}" for i in calls)
    en_parts = []
    for i in calls:
        t = i.text_for("en")
        if i.number == "4":
            continue  # dropped in this edition
        en_parts.append(f"{i.number}. {t.title}. {t.text}")
    (tmp_path / "zh.txt").write_text(zh, encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n\n".join(en_parts), encoding="utf-8")
    run = policy_align("compare", str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"), "--json")
    assert run.returncode == 0, run.stderr
    links = json.loads(run.stdout)
    pairs = {(tuple(link["a_labels"]), tuple(link["b_labels"])) for link in links}
    for n in range(1, 11):
        if n != 4:
            assert ((str(n),), (str(n),)) in pairs
    assert (("4",), ()) in pairs


@pytest.mark.slow
def test_nua_summaries_with_drops_and_merges_recover_95_percent_of_links(int8_embedder):
    from search.compare import align_texts
    from search.evaluation import make_versions, recovered

    nua = load_frameworks()["nua"]
    a = [i.text_for("en").text for i in nua.items]
    b = [i.text_for("zh").text for i in nua.items]
    units_a, units_b, ia, ib, truth = make_versions(a, b, drops=6, merges=6, seed=0)
    assert recovered(align_texts(units_a, units_b, int8_embedder), ia, ib, truth) >= 0.95


def test_compare_a_document_without_text_is_a_message(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n\n", encoding="utf-8")
    (tmp_path / "plan.txt").write_text("1. Affordable housing for all.\n", encoding="utf-8")
    run = policy_align("compare", str(tmp_path / "empty.txt"), str(tmp_path / "plan.txt"))
    assert run.returncode == 1 and "no extractable text" in run.stderr and "Traceback" not in run.stderr
