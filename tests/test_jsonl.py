"""indexer/jsonl.py: every hand-written JSONL file of the corpus is read through one reader that
names the file and line of a bad row."""

import pytest

from indexer.jsonl import as_dict, read_jsonl


class Bad(Exception):
    pass


def test_rows_in_order_blank_lines_skipped(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"n": 1}\n\n   \n{"n": 2}\n', encoding="utf-8")
    assert read_jsonl(path, lambda row: row["n"], Bad, "a row") == [1, 2]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('{"n": 1}\n{not json\n', 2, "Expecting property name"),
        ('{"n": 1}\n\n{"m": 2}\n', 3, "'n'"),  # the builder's KeyError
        ('{"n": "x"}\n', 1, "invalid literal"),  # the builder's ValueError
        ("[1, 2]\n", 1, "a JSON list, not an object"),
    ],
)
def test_a_bad_row_is_named_by_file_and_line(tmp_path, text, line, reason):
    path = tmp_path / "rows.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Bad, match=rf"rows.jsonl:{line}: not a row \(.*{reason}"):
        read_jsonl(path, lambda row: int(as_dict(row)["n"]), Bad, "a row")


def test_an_unreadable_file_raises_the_callers_error(tmp_path):
    with pytest.raises(Bad, match="missing.jsonl: cannot read it"):
        read_jsonl(tmp_path / "missing.jsonl", as_dict, Bad, "a row")
    (tmp_path / "latin1.jsonl").write_bytes('{"text": "café"}\n'.encode("latin-1"))
    with pytest.raises(Bad, match="latin1.jsonl: cannot read it"):
        read_jsonl(tmp_path / "latin1.jsonl", as_dict, Bad, "a row")


def test_a_line_separator_inside_a_string_is_not_a_line_end(tmp_path):
    """JSON writers (json.dumps(ensure_ascii=False)) leave U+2028, U+2029 and U+0085 raw inside
    strings; a reviewed statement may hold one."""
    import json

    path = tmp_path / "rows.jsonl"
    texts = ["one\u2028two", "three\u0085four", "five\u2029six"]
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    assert read_jsonl(path, lambda row: row["text"], Bad, "a row") == texts


def test_a_row_the_builder_refuses_in_the_callers_terms_is_named_too(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"n": 1}\n{"n": -1}\n', encoding="utf-8")

    def positive(row):
        if row["n"] < 0:
            raise Bad("a negative count")
        return row["n"]

    with pytest.raises(Bad, match=r"rows.jsonl:2: not a row \(a negative count\)"):
        read_jsonl(path, positive, Bad, "a row")
