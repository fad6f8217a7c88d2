"""Libraries must not write their debug chatter to a user's terminal."""

from __future__ import annotations

import logging

from search.lexical import LexicalIndex


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def test_building_a_lexical_index_logs_nothing_below_warning_even_with_a_root_handler():
    # onnxruntime's quantizer calls logging.basicConfig at import: a root handler is the usual case
    handler = _Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        index = LexicalIndex(["housing for all residents", "public transport and walking"], ["en", "en"])
        assert index.search("housing", 2)
    finally:
        root.removeHandler(handler)
    chatter = [r for r in handler.records if r.levelno < logging.WARNING and r.name.startswith("bm25s")]
    assert not chatter, [r.getMessage() for r in chatter]
