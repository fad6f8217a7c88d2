"""Arabic's optional marks (harakat, shadda, sukun, tanwin, tatweel) are left out before the
model reads a text (indexer/optional_marks.py): the same word with and without them is the same
text to the embedder, span offsets move with the text, and vectors made from texts in the
earlier form are made again (indexes, the views cache)."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.index.builder import IndexBuilder
from indexer.index.store import load_index
from indexer.model.embedder import clean_texts
from indexer.model.fake import FakeEmbedder
from indexer.optional_marks import without_optional_marks, without_optional_marks_spans

MARKED = "يُعَدُّ السَّكَنُ اللَّائِقُ حَقّاً لِلْجَمِيعِ. وتلتزم المدينـــة ببناء ٥٠٠٠ مسكن."
PLAIN = "يعد السكن اللائق حقا للجميع. وتلتزم المدينة ببناء ٥٠٠٠ مسكن."


def test_the_marks_go_and_the_letters_stay():
    assert without_optional_marks(MARKED) == PLAIN
    # hamza on its seat, alef madda, Persian and Urdu letters are letters, not marks
    for word in ("أسرة", "إسكان", "مؤسسة", "آمن", "سائق", "پایتخت", "گھر", "ۓ"):
        assert without_optional_marks(word) == word
    assert clean_texts([f"  {MARKED}\n"]) == [PLAIN]
    assert clean_texts(["Logement abordable", "住房"]) == ["Logement abordable", "住房"]


def test_spans_move_with_the_text():
    cut = MARKED.index(". ") + 1
    text, spans = without_optional_marks_spans(MARKED, [(0, cut), (cut + 1, len(MARKED))])
    assert text == PLAIN and [text[a:b] for a, b in spans] == [
        PLAIN[: PLAIN.index(".") + 1],
        PLAIN[PLAIN.index(".") + 2 :],
    ]
    assert without_optional_marks_spans("ـــَُ abc", [(0, 5), (5, 9)]) == (" abc", [(0, 0), (0, 4)])
    assert without_optional_marks_spans("no marks", [(0, 2)]) == ("no marks", [(0, 2)])


def test_the_fake_embedder_reads_both_as_one_text():
    embedder = FakeEmbedder()
    marked, plain = embedder.encode([MARKED, PLAIN], "query")
    assert np.allclose(marked, plain)


def _plans(folder):
    folder.mkdir()
    (folder / "plan-ar.txt").write_text(PLAN_AR, encoding="utf-8")
    (folder / "plan-en.txt").write_text(PLAN_EN, encoding="utf-8")
    return folder


PLAN_AR = "1. " + MARKED + "\n\n2. تطوير شبكة النقل العام وربط الأحياء بالحافلات السريعة.\n"
PLAN_EN = "1. The city will build 5,000 affordable homes by 2030.\n\n2. Bus rapid transit links every district.\n"


def test_an_index_reads_again_only_the_arabic_script_documents_embedded_in_an_earlier_form(tmp_path, monkeypatch):
    import indexer.index.reading as reading

    root = tmp_path / "index"
    builder = IndexBuilder(root, FakeEmbedder(), use_ocr=False)
    plans = _plans(tmp_path / "plans")
    builder.build([plans])
    before = load_index(root)
    assert {m["text_form"] for m in before.manifest["documents"].values()} == {2}
    assert before.manifest["model"]["text_form"] == 2
    assert builder.build([plans]).embedded == []
    monkeypatch.setattr(reading, "TEXT_FORM", 3)  # a later form: Arabic-script documents are stale
    report = builder.build([plans])
    assert report.embedded == [str(plans / "plan-ar.txt")] and report.reused == [str(plans / "plan-en.txt")]
    assert report.documents == 2 and len(load_index(root).chunks) == len(before.chunks)


def test_views_cached_under_another_form_are_not_read_back(tmp_path, monkeypatch):
    import indexer.model.info as info
    from search.views import _cache_file

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    embedder = FakeEmbedder()
    now = _cache_file("cairo", embedder, ["a view"])
    monkeypatch.setattr(info, "TEXT_FORM", 1)
    assert _cache_file("cairo", embedder, ["a view"]) != now
    monkeypatch.setattr(info, "TEXT_FORM", 2)
    assert _cache_file("cairo", embedder, ["a view"]) == now
    monkeypatch.setattr(info, "RUN_FORM", 1)  # int8 texts in batches
    assert _cache_file("cairo", embedder, ["a view"]) != now


@pytest.mark.slow
def test_the_model_reads_a_marked_text_as_the_plain_one_spans_included(int8_embedder):
    """The real model, whole texts and late-chunked sentence spans: a text with Arabic's marks and
    the same text without them give the same vectors, so the spans were moved onto the right letters."""
    marked, plain = int8_embedder.encode([MARKED, PLAIN], "passage")
    assert float(marked @ plain) > 0.9999
    cut, plain_cut = MARKED.index(". ") + 1, PLAIN.index(". ") + 1
    by_marked = int8_embedder.encode_spans([MARKED], [[(0, cut), (cut + 1, len(MARKED))]])[0]
    by_plain = int8_embedder.encode_spans([PLAIN], [[(0, plain_cut), (plain_cut + 1, len(PLAIN))]])[0]
    assert (by_marked * by_plain).sum(axis=1).min() > 0.9999
    # the marked text's offsets read on the plain text pool other tokens: this would fail
    unmoved = int8_embedder.encode_spans([PLAIN], [[(0, cut), (cut + 1, len(PLAIN))]])[0]
    assert (by_marked * unmoved).sum(axis=1).max() < 0.999


@pytest.mark.parametrize("form", ["text_form", "run_form"])
def test_a_users_calibration_of_an_earlier_form_is_set_aside_with_a_warning(tmp_path, monkeypatch, form):
    """`policy-align calibrate` writes the user's calibration with its labelled neighbours'
    vectors; made under an earlier text form (Arabic with its marks) or run form (int8 texts in
    batches), they no longer match what the matcher reads."""
    import json
    import warnings
    from dataclasses import replace

    from indexer.errors import CalibrationWarning
    from search.calibration import (
        calibration_path,
        load_calibration,
        load_calibration_file,
        save_calibration,
        user_calibration_path,
    )

    monkeypatch.setenv("POLICY_ALIGN_CACHE", str(tmp_path / "cache"))
    shipped = load_calibration_file("cairo", calibration_path("cairo"))
    user = user_calibration_path("cairo")
    save_calibration(replace(shipped, fitted_on="reviewed by me"), user)
    assert json.loads(user.read_text(encoding="utf-8"))[form] == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_calibration("cairo").fitted_on == "reviewed by me"
    raw = json.loads(user.read_text(encoding="utf-8"))
    del raw[form]  # written before the form was recorded: form 1
    user.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.warns(CalibrationWarning, match="earlier form; the shipped one is used"):
        assert load_calibration("cairo").fitted_on == shipped.fitted_on
