"""`policy-align match`: the real model, the bundled views and calibration, the public JSON."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from tests.support.cli import policy_align


@pytest.mark.slow
def test_match_json_ranks_the_right_call_first_in_several_languages_and_abstains_off_topic():
    statements = {
        "市政府将在2028年前为城中村1.5万户家庭完成自来水入户和产权登记。": "cairo:1",  # informal settlements, tenure
        "ستصدر البلدية سندات خضراء بقيمة 200 مليون جنيه لتمويل شبكة الصرف الصحي.": "cairo:6",  # municipal green bond
        "El municipio creará un observatorio urbano con datos desagregados por género y barrio.": "cairo:8",
        "Город восстановит исторический квартал купеческих домов с участием местных мастеров-реставраторов.": "cairo:9",
    }
    offtopic = ["Page 12 of 140", "Mélanger la farine et les œufs, puis cuire 20 minutes."]
    run = policy_align("match", "--json", *statements, *offtopic)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert [r["text"] for r in out] == [*statements, *offtopic]
    for record, expected in zip(out, statements.values()):
        best = record["matches"][0]
        assert set(best) >= {"id", "score", "strength", "evidence"}
        assert best["id"] == expected, record
        assert best["strength"] in ("strong", "partial")
        assert best["evidence"] and 0 <= best["score"] <= 1
        scores = [m["score"] for m in record["matches"]]
        assert scores == sorted(scores, reverse=True)
    zh = out[0]["matches"][0]
    assert zh["evidence_lang"] == "zh"  # the call's own sentence, in the statement's language
    for record in out[len(statements) :]:
        assert all(m["strength"] == "none" for m in record["matches"]), record


@pytest.mark.slow
def test_match_reads_a_file_with_bom_and_blank_lines_and_nua_too(tmp_path):
    path = tmp_path / "statements.txt"
    path.write_text(
        "\ufeffThe city will build 4,000 social rental homes by 2030.\n\n   \nPage 3 of 87\n", encoding="utf-8"
    )
    run = policy_align("match", "--file", str(path), "--framework", "all", "--k", "0", "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert [r["text"] for r in out] == ["The city will build 4,000 social rental homes by 2030.", "Page 3 of 87"]
    ids = [m["id"] for m in out[0]["matches"]]
    # every item of every framework (Cairo 10, NUA 175, SDG 17 goals + 169 targets), best first
    assert len(ids) == 10 + 175 + 186 and "cairo:1" in ids[:3], ids[:5]


def test_match_with_nothing_to_match_is_a_message(tmp_path):
    (tmp_path / "blank.txt").write_text("\n  \n", encoding="utf-8")
    for args in (["match"], ["match", "--file", str(tmp_path / "blank.txt")], ["match", "   "]):
        run = policy_align(*args)
        assert run.returncode == 1, run.stderr
        assert "nothing to match" in run.stderr and "Traceback" not in run.stderr


def test_calibration_file_is_checked(tmp_path, monkeypatch):
    import shutil

    from indexer.frameworks.model import FrameworkError
    from search.calibration import load_calibration

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus" / "frameworks", corpus / "frameworks")
    monkeypatch.setenv("POLICY_ALIGN_CORPUS", str(corpus))
    cal = load_calibration("cairo")
    assert cal.partial <= cal.strong and cal.fitted_on
    path = corpus / "frameworks" / "cairo" / "calibration.json"
    raw = json.loads(path.read_text())
    raw["item_features"] = ["score"]
    path.write_text(json.dumps(raw))
    with pytest.raises(FrameworkError, match="features"):
        load_calibration("cairo")
    path.write_text("{not json")
    with pytest.raises(FrameworkError, match="calibration"):
        load_calibration("cairo")


def test_strengths_gate_on_the_topic_model_and_keep_the_best_item():
    import numpy as np

    from search.calibration import Calibration, Logistic
    from search.features import Features

    # P(topic) = sigmoid(x): 0.12 for the first statement, 0.88 for the second
    topic_model = Logistic((1.0,), (0.0,), (1.0,), 0.0)
    cal = Calibration(
        "cairo",
        Logistic((0.0,), (0.0,), (1.0,), 0.0),
        topic_model,
        Logistic((1.0,), (0.0,), (1.0,), 0.0),
        on_topic=0.5,
        strong=0.5,
        partial=0.3,
        fitted_on="test",
        item_features=("pooled_top3",),
    )
    topic = np.array([[-2.0], [2.0], [2.0]])
    found = Features(topic, np.zeros((3, 3, 9)), np.zeros((3, 5)))
    probability = np.array([[0.9, 0.4, 0.1], [0.6, 0.35, 0.1], [0.05, 0.2, 0.1]])
    strengths = cal.strengths(found, probability)
    assert list(strengths[0]) == ["none"] * 3  # off topic: nothing, however high its item scores
    assert list(strengths[1]) == ["strong", "partial", "none"]
    assert list(strengths[2]) == ["none", "partial", "none"]  # on topic: its best item is at least partial


@pytest.mark.slow
def test_match_survives_long_statements_and_scripts_the_model_barely_knows():
    statements = [
        "住房" * 10_000,  # 20,000 characters: cut, not refused
        "ᐃᓄᒃᑎᑐᑦ ᐅᖃᐅᓯᖅ ᓄᓇᕗᒻᒥ",  # Inuktitut syllabics
        "ⵜⴰⵎⴰⵣⵉⵖⵜ ⵜⴰⵏⴰⵡⴰⵢⵜ",  # Tifinagh
        "𒀭𒂗𒆤 𒀭𒂗𒆤 𒂗𒆤",  # cuneiform (a row of house emoji, by contrast, does find the housing call)
    ]
    run = policy_align("match", "--json", *statements)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert len(out) == 4 and len(out[0]["text"]) == 2000
    for record in out[1:]:  # nothing the model can read supports a call
        assert all(m["strength"] == "none" for m in record["matches"]), record


@pytest.mark.slow
def test_match_in_languages_that_no_view_and_no_labelled_statement_uses():
    statements = {
        "시는 2030년까지 저소득층을 위한 공공임대주택 1만 호를 공급한다.": "cairo:1",  # Korean
        "Il comune emetterà obbligazioni verdi per finanziare la rete fognaria.": "cairo:6",  # Italian
        "Pemerintah kota akan membentuk forum anak dan pemuda dengan hak suara dalam perencanaan.": "cairo:3",  # Indonesian
        "Thành phố sẽ bảo tồn khu phố cổ và các nghề thủ công truyền thống.": "cairo:9",  # Vietnamese
        "Het college stelt een open dataportaal in met buurtgegevens uitgesplitst naar geslacht.": "cairo:8",  # Dutch
    }
    offtopic = ["회의는 오후 5시에 폐회되었다.", "Pagina 12 di 140"]
    run = policy_align("match", "--json", *statements, *offtopic)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    shown = 0
    for record, expected in zip(out, statements.values()):
        assert record["matches"][0]["id"] == expected, record
        shown += record["matches"][0]["strength"] != "none"
    # Since the refit on 201 off-topic statements (issue 14) the topic gate is stricter: the
    # Korean statement ranks housing first but is gated out (P(topic) 0.42 < 0.54), see RESULTS.
    assert shown >= len(statements) - 1, out
    for record in out[len(statements) :]:
        assert all(m["strength"] == "none" for m in record["matches"]), record


@pytest.mark.slow
def test_match_on_statements_written_after_the_matcher_was_fixed(tmp_path):
    """A regression guard through the public command on eval/data/cairo_fresh2.jsonl (80
    statements in 16 languages, never used to fit or choose anything): the issue's targets,
    with a margin below what the matcher measured (P@1 0.983, abstention F1 0.919)."""
    rows = [
        json.loads(line)
        for line in (ROOT / "eval" / "data" / "cairo_fresh2.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    (tmp_path / "statements.txt").write_text("\n".join(r["text"] for r in rows) + "\n", encoding="utf-8")
    run = policy_align("match", "--json", "--file", str(tmp_path / "statements.txt"))
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert [r["text"] for r in out] == [r["text"] for r in rows]
    on = [(row, record) for row, record in zip(rows, out) if row["cairo"]]
    off = [record for row, record in zip(rows, out) if not row["cairo"]]
    first = sum(int(record["matches"][0]["id"].split(":")[1]) in row["cairo"] for row, record in on) / len(on)
    abstained = [all(m["strength"] == "none" for m in record["matches"]) for record in off]
    kept = [any(m["strength"] != "none" for m in record["matches"]) for _, record in on]
    assert first >= 0.9, first
    # measured at 8a9750c: 19 of 20 off-topic abstain, 58 of 60 on-topic keep a match (two
    # fall under the stricter topic gate of the issue-14 refit; eval/RESULTS.md)
    assert sum(abstained) / len(off) >= 0.75 and sum(kept) >= len(kept) - 4, (sum(abstained), sum(kept))


def test_a_calibration_fitted_for_another_model_dimension_is_a_clear_error():
    from dataclasses import replace

    from indexer.frameworks import load_frameworks
    from indexer.frameworks.model import FrameworkError
    from indexer.model import Embedder
    from search.calibration import Logistic, load_calibration
    from search.match import Matcher

    other = replace(load_calibration("cairo"), direction=Logistic((0.0,) * 768, (0.0,) * 768, (1.0,) * 768, 0.0))
    with pytest.raises(FrameworkError, match="768-dimensional.*gives 384"):
        Matcher(load_frameworks()["cairo"], Embedder(), other)


def test_broken_notes_background_and_old_calibrations_are_named_errors(tmp_path, monkeypatch):
    import shutil

    from indexer.frameworks.model import FrameworkError
    from indexer.frameworks.notes import load_background, load_notes
    from search.calibration import load_calibration

    corpus = tmp_path / "corpus" / "frameworks"
    shutil.copytree(ROOT / "corpus" / "frameworks", corpus)
    monkeypatch.setenv("POLICY_ALIGN_CORPUS", str(tmp_path / "corpus"))
    assert len(load_background()) >= 1000 and {"en", "zh", "ar"} <= {b.lang for b in load_background()}
    nua = load_notes("nua")
    assert len(nua) == 175 and all(
        sum(n.lang == "en" and n.kind == "aspect" for n in notes) == 3 for notes in nua.values()
    )
    assert all({"en", "zh", "ar", "fr", "es", "ru"} <= {n.lang for n in notes} for notes in nua.values())

    (corpus / "background.jsonl").write_text('{"background": 1, "text": "no language"}\n', encoding="utf-8")
    with pytest.raises(FrameworkError, match="background.jsonl:1: not a background row"):
        load_background()
    with (corpus / "nua" / "aspects.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"id": "cairo:6", "aspect": 1, "lang": "en", "text": "an aspect filed under the wrong framework"}\n')
    with pytest.raises(
        FrameworkError, match=r"aspects.jsonl:526: not a valid aspect row \(aspect of 'cairo:6' is empty or not in nua"
    ):
        load_notes("nua")
    (corpus / "nua" / "aspects.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"aspects.jsonl:1: not a valid aspect row"):
        load_notes("nua")

    path = corpus / "cairo" / "calibration.json"
    raw = json.loads(path.read_text())
    del raw["direction"], raw["on_topic"]  # a calibration written before the topic direction
    raw["topic_features"] = ["reach_over_background"]
    path.write_text(json.dumps(raw))
    with pytest.raises(FrameworkError, match="fitted for other features.*match_eval.py --write"):
        load_calibration("cairo")


@pytest.mark.slow
def test_a_statement_matches_the_same_alone_or_in_a_plan():
    """int8 vectors once moved with their batch-mates: three held-out Portuguese statements
    (cairo_fresh2) on the border of calls 5 and 9 changed call with the rest of their plan.
    Each text now runs through the model alone (indexer/model/onnx_backend.py)."""
    from indexer.frameworks import load_frameworks
    from indexer.model import Embedder
    from search.match import Matcher

    rows = [
        json.loads(line) for line in (ROOT / "eval" / "data" / "cairo_fresh2.jsonl").read_text("utf-8").splitlines()
    ]
    texts = [r["text"] for r in rows]
    matcher = Matcher(load_frameworks()["cairo"], Embedder(backend="onnx-int8"))
    in_plan = matcher.match(texts)
    for n in [n for n, r in enumerate(rows) if r["lang"] == "pt" or n % 10 == 0]:
        alone = matcher.match([texts[n]])[0]
        assert [(m.id, m.strength) for m in alone.matches] == [(m.id, m.strength) for m in in_plan[n].matches]
        # scores are shown to 4 places; float32 sums in matrices of other shapes may round the
        # last place the other way (before, the vectors themselves differed by up to 0.0015)
        assert [m.score for m in alone.matches] == pytest.approx([m.score for m in in_plan[n].matches], abs=1.01e-4)
