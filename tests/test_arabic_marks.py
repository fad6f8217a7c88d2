"""Arabic letters known by their marks' glyph (indexer/extract/unmapped.py, glyphs.py), on
boxes made by hand."""

from indexer.extract.glyphs import Cluster, to_clusters
from indexer.extract.row_line import row_line
from indexer.extract.unmapped import place_bodies


def _kufi_row(body: bool):
    """'ويُراعى' as Chromium prints it in Noto Kufi Arabic at 14 pt (boxes of the real PDF):
    the yeh's own glyph maps to nothing, and the damma's glyph to 'يُ'."""
    em, base = 14.0, 145.38
    ra = Cluster("ر", 356.68, 362.39, base, em, True, 1047, ink=359.54, pen=357.23)
    yeh = Cluster("ي", 365.26, 367.32, 141.97, em, True, 1043, proper=False, ink=366.29, pen=365.26, marks=["ُ"])
    waw = Cluster("و", 367.48, 375.33, base, em, True, 1044, ink=371.41, pen=367.48)
    if body:
        # the text object of the yeh's body (empty text): its ink box
        place_bodies([ra, yeh, waw], [(362.12, 366.29, 142.6, 152.27), (10.0, 14.0, 142.6, 152.27)])
    return [ra, yeh, waw]


def test_a_letter_known_by_its_marks_takes_its_unmapped_glyph_and_no_space():
    row = _kufi_row(body=True)
    assert row[1].body and (row[1].x0, row[1].x1) == (362.12, 367.32)
    assert row_line(row, True).text == "ويُر"


def test_without_its_glyph_the_gap_beside_it_stays_uncertain():
    assert "\u2063" in row_line(_kufi_row(body=False), True).text  # left to pdftotext, which spaced it


def test_a_body_far_from_the_marks_or_off_the_line_is_not_taken():
    yeh = Cluster("ي", 365.26, 367.32, 141.97, 14.0, True, 1, proper=False, marks=["ُ"])
    place_bodies([yeh], [(340.0, 350.0, 142.6, 152.27), (362.12, 366.29, 120.0, 128.0)])
    assert not yeh.body and (yeh.x0, yeh.x1) == (365.26, 367.32)


def test_marks_listed_apart_from_their_glyph_go_to_its_letter():
    # Chromium's glyph of 'يًّ' at x 63.65 maps to the yeh, the shadda and the tanwin, which
    # PDFium lists after the next word's letters; the alef beside it covers the marks' ink too
    glyphs = [
        ("ي", 63.65, 66.32, 65.91, False, 63.65, 571.64, 9.0, True, 0.0),
        ("و", 66.55, 71.25, 69.08, False, 66.55, 572.13, 9.0, True, 0.0),
        ("ن", 70.80, 74.34, 72.57, False, 70.80, 572.13, 9.0, True, 0.0),
        ("س", 73.89, 80.49, 77.19, False, 73.89, 572.13, 9.0, True, 0.0),
        ("ّ", 63.65, 64.69, 64.29, False, 63.65, 571.64, 9.0, True, 0.0),
        ("ً", 63.65, 65.51, 65.10, False, 63.65, 571.64, 9.0, True, 0.0),
        ("ا", 61.24, 64.31, 63.10, False, 61.24, 572.13, 9.0, True, 0.0),
    ]
    clusters = {c.text: c for c in to_clusters(glyphs)}
    assert sorted(clusters["ي"].marks) == sorted(["ّ", "ً"]) and clusters["ا"].marks == []


def test_a_mark_goes_to_the_letter_under_it_not_to_a_nearer_line_of_the_next_column():
    # LibreOffice, 9 pt columns: the shadda of 'مرحليّ' is drawn from 2.8 pt below its line,
    # 1.7 pt above the line of the other column ('الثالث', 260 pt to the right)
    glyphs = [
        ("ي", 165.5, 172.57, 169.04, True, 165.5, 524.79, 9.0, False, 0.0),
        ("ث", 427.0, 437.29, 432.28, True, 427.0, 520.29, 9.0, False, 0.0),
        ("ّ", 165.9, 168.57, 167.35, True, 165.9, 521.99, 9.0, False, 0.0),
    ]
    clusters = {c.text: c for c in to_clusters(glyphs)}
    assert clusters["ي"].marks == ["ّ"] and clusters["ث"].marks == []


def test_a_shadda_over_lam_alef_drawn_as_two_glyphs_is_the_lam_s():
    # LibreOffice, Noto Naskh Arabic: 'إلّا' as overlapping lam and alef glyphs, the shadda
    # over both (and nearer the alef in the content stream)
    glyphs = [
        ("إ", 224.08, 227.66, 225.96, True, 224.08, 609.59, 14.0, False, 0.0),
        ("ل", 216.80, 224.05, 221.09, True, 216.80, 609.59, 14.0, False, 0.0),
        ("ّ", 220.88, 223.17, 222.02, True, 221.10, 613.79, 14.0, False, 0.0),
        ("ا", 216.75, 223.27, 220.25, True, 216.75, 609.59, 14.0, False, 0.0),
    ]
    clusters = {c.text: c for c in to_clusters(glyphs)}
    assert clusters["ل"].marks == ["ّ"] and clusters["ا"].marks == []


def test_a_shadda_on_a_lam_alef_ligature_follows_the_lam():
    from indexer.extract.marks import lam_alef_marks

    ligature = Cluster("لا", 10.0, 16.0, 700.0, 14.0, False, 1, marks=["ّ"])
    fath = Cluster("لا", 20.0, 26.0, 700.0, 14.0, False, 2, marks=["ً"])  # 'اً' is one way to write it
    lam_alef_marks([ligature, fath])
    assert (ligature.text, ligature.marks) == ("لّا", [])
    assert (fath.text, fath.marks) == ("لا", ["ً"])


def test_a_kashida_drawn_over_the_next_letter_is_a_filler_and_its_hole_no_space():
    # LibreOffice, Noto Kufi Arabic justified 11 pt: 'وفقًا' at a line's left end; the
    # kashida after the qaf (mapped to '$') is drawn from inside the qaf's box, its ink in the
    # hole by the alef, where PDFium guessed a space
    em, base = 11.0, 400.0
    row = [
        Cluster("ا", 168.76, 172.34, base, em, False, 1187, proper=False),
        Cluster(" ", 172.23, 172.23, base, 1.0, False, 1186, proper=False),
        Cluster("$", 175.90, 177.89, base, em, False, 1175),
        Cluster("ق", 174.30, 181.02, base, em, False, 1185, proper=False, marks=["ً"]),
        Cluster("ف", 180.90, 186.40, base, em, False, 1184, proper=False),
        Cluster("و", 186.80, 191.00, base, em, False, 1183, proper=False),
    ]
    assert row_line(row, True).text == "وفقًا"


def test_a_digit_beside_arabic_letters_with_a_gap_is_text():
    em, base = 11.0, 400.0
    row = [
        Cluster("ا", 160.0, 163.0, base, em, False, 1),
        Cluster("4", 166.0, 172.0, base, em, False, 2),
        Cluster("ق", 172.0, 178.0, base, em, False, 3),
    ]
    assert "4" in row_line(row, True).text


def test_a_gershayim_between_hebrew_letters_is_no_kashida():
    # Chromium, held-out Hebrew: 'ק"מ' (kilometres), the gershayim drawn touching both
    # letters; Hebrew letters do not join, so nothing between them is a filler
    em, base = 14.0, 682.4
    row = [
        Cluster("מ", 299.5, 308.7, base, em, True, 208),
        Cluster('"', 308.7, 314.4, base, em, True, 207),
        Cluster("ק", 314.4, 323.2, base, em, True, 206),
    ]
    assert row_line(row, True).text == 'ק"מ'


def test_a_glyph_the_font_maps_to_no_text_is_a_filler_even_when_read_as_a_stop():
    from indexer.extract.drawn import DrawnSpace
    from indexer.extract.kashida import drop_unmapped, suspects

    # LibreOffice, Noto Sans Arabic justified 11 pt (held-out Arabic): the kashida in 'بعام'
    # has the code 0x2E and no ToUnicode entry, so PDFium reads '.'; the line's real full
    # stop (code 0x16, mapped) is drawn elsewhere and stays
    em, base = 11.0, 752.9
    row = [
        Cluster("ب", 97.4, 100.4, base, em, False, 1, pen=97.4),
        Cluster("ع", 91.8, 98.1, base, em, False, 2, pen=91.8),
        Cluster(".", 88.9, 92.4, base, em, False, 3, pen=88.9),
        Cluster("ا", 85.7, 89.4, base, em, False, 4, pen=85.7),
        Cluster("م", 80.4, 85.7, base, em, False, 5, pen=80.4),
        Cluster(".", 77.3, 80.3, base, em, False, 6, pen=77.3),
    ]
    assert suspects(row)
    drop_unmapped(row, (DrawnSpace(88.9, base, 3.5, 7),))
    assert [c.text for c in row] == ["ب", "ع", "", "ا", "م", "."]
    assert row_line(sorted(row, key=lambda c: c.x0), True).text == "بعام."
