"""A DOCX's footnotes and endnotes: python-docx reads neither, so a plan's notes were lost and
their references left no trace in the text. Each reference becomes a superscript mark where it
stands ("years.¹"), numbered in the order the text refers to the notes (Word's default), and
each note a paragraph at the end of the text in the form of indexer/extract/notes.py ("[^1]: …"),
which the unit rules make a unit of its own."""

from __future__ import annotations

import warnings

from indexer.errors import PageQualityWarning
from indexer.extract.notes import SUPERSCRIPT, note_paragraph

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_KINDS = ("footnote", "endnote")  # their parts, elements and references share a pattern


def _qn(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _notes_of(document, kind: str) -> dict[str, str]:
    """The document's notes of one kind: their id -> their text (separators left out). A notes
    part that is not well-formed XML is left out with a warning: the text is still read."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(f"/{kind}s"):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except etree.XMLSyntaxError as exc:
            warnings.warn(
                f"the document's {kind}s could not be read ({exc}); its text is read without them",
                PageQualityWarning,
                stacklevel=2,
            )
            return {}
        out = {}
        for note in root.iter(_qn(kind)):
            if note.get(_qn("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join("".join(t.text or "" for t in p.iter(_qn("t"))).strip() for p in note.iter(_qn("p")))
            out[note.get(_qn("id"))] = " ".join(text.split())
        return out
    return {}


class Notes:
    """The notes of one DOCX, numbered as the text refers to them."""

    def __init__(self, document):
        self._texts = {kind: _notes_of(document, kind) for kind in _KINDS}
        self._marks: dict[tuple[str, str], str] = {}

    def __bool__(self) -> bool:
        return any(self._texts.values())

    def paragraph_text(self, paragraph) -> str:
        """The paragraph's text (as python-docx's) with a superscript mark at each note reference."""
        p = paragraph._p
        if not self or not p.xpath(" | ".join(f".//w:{kind}Reference" for kind in _KINDS)):
            return paragraph.text
        text = ""
        for element in p.xpath("w:r | w:hyperlink"):
            text += element.text
            for reference in element.iter(*(_qn(f"{kind}Reference") for kind in _KINDS)):
                kind = "footnote" if reference.tag == _qn("footnoteReference") else "endnote"
                key = (kind, reference.get(_qn("id")))
                if key[1] in self._texts[kind]:
                    mark = self._marks.setdefault(key, str(len(self._marks) + 1))
                    text += mark.translate(SUPERSCRIPT)
        return text

    def paragraphs(self) -> list[str]:
        """The notes referred to, in mark order, as note paragraphs; then any never referred to."""
        out = [note_paragraph(mark, self._texts[kind][nid]) for (kind, nid), mark in self._marks.items()]
        extra = len(self._marks)
        for kind in _KINDS:
            for nid, text in self._texts[kind].items():
                if (kind, nid) not in self._marks and text:
                    extra += 1
                    out.append(note_paragraph(str(extra), text))
        return out
