"""Lines rebuilt from glyph boxes (indexer/extract/layout.py), on boxes made by hand."""

from indexer.extract.layout import Cluster, _line


def _row(text: str, gaps: dict[int, float] | None = None, em: float = 14.0) -> list[Cluster]:
    """One proper glyph per character, 0.5 em wide, touching unless `gaps` says (index -> pt)."""
    out, x = [], 50.0
    for i, ch in enumerate(text):
        x += (gaps or {}).get(i, 0.0)
        out.append(Cluster(ch, x, x + 0.5 * em, 700.0, em, False, i, ink=x + 0.25 * em, pen=x))
        x += 0.5 * em
    return out


def test_a_list_number_touching_its_text_is_a_label():
    # LibreOffice's automatic numbering in a wide font: "1." fills the indent, 0.06 em from the text
    assert _line(_row("1.Провести обследование", {2: 0.9, 11: 4.0}), False).text.startswith("1. Провести")


def test_a_wrapped_closing_bracket_is_not_taken_for_a_label():
    assert _line(_row("11)과 연계하여"), False).text.startswith("11)과")
    assert _line(_row("2.5亿元"), False).text == "2.5亿元"
