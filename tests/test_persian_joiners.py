"""Persian zero-width non-joiners put back from pdftotext's reading (indexer/extract/poppler.py)."""

from indexer.extract.poppler import ZWNJ, restore_joiners


def test_a_non_joiner_goes_back_between_the_same_two_letters():
    # pdftotext reads a right-to-left line wrapped in bidi embeddings, with the joiners
    reference = "\u202bاین برنامه برای سال\u200cهای ۱۴۰۳ تا ۱۴۰۷\u202c\n"
    assert (
        restore_joiners("این برنامه برای سالهای ۱۴۰۳ تا ۱۴۰۷", reference)
        == "این برنامه برای سال" + ZWNJ + "های ۱۴۰۳ تا ۱۴۰۷"
    )


def test_a_joiner_goes_after_the_letter_s_marks_and_never_across_a_space():
    assert restore_joiners("حملِونقل", "حملِ\u200cونقل") == "حملِ" + ZWNJ + "ونقل"
    # the laid-out text has a space there (another reading): left alone
    assert restore_joiners("حمل ونقل عمومی", "حمل\u200cونقل عمومی") == "حمل ونقل عمومی"


def test_a_context_found_twice_or_no_reference_changes_nothing():
    ours = "سالهای سالهای سالهای"
    assert restore_joiners(ours, "سال\u200cهای سالهای سالهای") == ours
    assert restore_joiners("سالهای", None) == "سالهای"
