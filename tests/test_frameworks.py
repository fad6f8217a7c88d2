"""Framework data, `corpus list/show`, and official texts attached by `corpus add`/`fetch`
from a real HTTP server on 127.0.0.1, including every failure case."""

import hashlib
import http.server
import json
import re
import threading
import time
from pathlib import Path

import pytest

from indexer.frameworks import load_frameworks
from indexer.frameworks.model import bundled_root
from tests.support.cli import policy_align
from tests.support.libreoffice import make_pdf, soffice

NUA_TITLE = {"zh": "新城市议程", "ar": "الخطة الحضرية الجديدة", "en": "New Urban Agenda"}
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_bundled_frameworks_validate_and_cover_their_languages():
    frameworks = load_frameworks()
    cairo, nua = frameworks["cairo"], frameworks["nua"]
    assert [i.id for i in cairo.items if i.number.isdigit()] == [f"cairo:{n}" for n in range(1, 11)]
    assert [i.id for i in nua.items] == [f"nua:{n}" for n in range(1, 176)]
    for item in cairo.items:
        if item.number.isdigit():
            assert {t.lang for t in item.texts} >= {"zh", "en", "ar", "fr", "es", "ru"}
            assert item.text_for("zh").status == "official" and item.text_for("en").status == "working-translation"
    for item in nua.items:
        assert {t.lang for t in item.texts} >= {"en", "zh", "ar"} and all(t.status == "summary" for t in item.texts)
    assert cairo.item("cairo:6").text_for("zh").title == "我们呼吁为城市和社区释放资金"
    assert "Means of implementation" in " ".join(nua.section_path(nua.item("nua:137").section))
    assert nua.section_path(nua.item("nua:16").section)[-1].startswith("Call for action")


def test_corpus_list_and_show():
    listed = json.loads(policy_align("corpus", "list", "--json").stdout)
    by_id = {row["id"]: row for row in listed}
    assert by_id["cairo"]["languages"]["zh"] == ["official"] and by_id["nua"]["items"] == 175
    assert by_id["nua"]["languages"]["ar"] == ["summary"]
    shown = policy_align("corpus", "show", "cairo:6")
    assert shown.returncode == 0 and "[zh, official] 我们呼吁为城市和社区释放资金" in shown.stdout
    assert "[fr, working-translation]" in shown.stdout
    nua = json.loads(policy_align("corpus", "show", "nua:137", "--json").stdout)
    assert nua["section"][-1].startswith("Means of implementation")
    assert {t["lang"] for t in nua["texts"]} == {"en", "zh", "ar"}
    bad = policy_align("corpus", "show", "nua:176")
    assert bad.returncode == 1 and "nua:1…nua:175" in bad.stderr and "Traceback" not in bad.stderr


# --- official texts over HTTP -------------------------------------------------------------


def nua_paragraphs(lang: str, skip: int | None = None) -> list[str]:
    lines = [f"A/RES/71/256 {NUA_TITLE[lang]}"]
    for n in range(1, 176):
        if n == skip:
            continue
        label = str(n).translate(ARABIC_DIGITS) + " -" if lang == "ar" else f"{n}."
        body = {
            "zh": f"这是第{n}段的正文，涉及可持续城市发展和适足住房。",
            "ar": f"هذا نص الفقرة رقم {str(n).translate(ARABIC_DIGITS)} بشأن التنمية الحضرية المستدامة والسكن اللائق.",
            "en": f"This is the text of paragraph {n} on sustainable urban development and adequate housing.",
        }[lang]
        lines.append(f"{label} {body}")
        if n == 13:
            lines += ["(a) " + body, "(b) " + body]
    return lines


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    if soffice() is None:
        pytest.skip("LibreOffice not installed (make system-deps)")
    folder = tmp_path_factory.mktemp("nua")
    out = {lang: make_pdf(folder, f"nua-{lang}", lang, nua_paragraphs(lang)) for lang in ("zh", "ar", "en")}
    out["missing"] = make_pdf(folder, "nua-missing", "en", nua_paragraphs("en", skip=57))
    out["wrong"] = make_pdf(
        folder, "other", "en", ["Annual report of the parks department"] + [f"{n}. Item {n}." for n in range(1, 30)]
    )
    return out


class Handler(http.server.BaseHTTPRequestHandler):
    files: dict = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        name = self.path.strip("/")
        if name == "stall":
            time.sleep(6)
            return
        if name == "truncated":
            data = self.files["en"].read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.connection.close()
            return
        if name == "html":
            body = b"<!DOCTYPE html><html><body>Service unavailable</body></html>"
        elif name in self.files:
            body = self.files[name].read_bytes()
        else:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server(pdfs):
    Handler.files = pdfs
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def corpus_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(bundled_root().rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture()
def overlay(tmp_path, monkeypatch):
    import os

    env = {**os.environ, "POLICY_ALIGN_FRAMEWORKS": str(tmp_path / "overlay")}
    return env, tmp_path / "overlay"


def sources_file(tmp_path, server, urls: dict) -> Path:
    markers = json.dumps(["A/RES/71/256", *NUA_TITLE.values()], ensure_ascii=False)
    lines = ["[nua]", 'document_symbol = "A/RES/71/256"', "expected_items = 175", f"markers = {markers}", "[nua.urls]"]
    lines += [f'{lang} = "{server}/{name}"' for lang, name in urls.items()]
    path = tmp_path / "sources.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.slow
def test_fetch_attaches_official_zh_ar_en_and_reindexes(tmp_path, server, overlay):
    env, folder = overlay
    before = corpus_digest()
    src = sources_file(tmp_path, server, {"zh": "zh", "ar": "ar", "en": "en"})
    run = policy_align("corpus", "fetch", "nua", "--lang", "zh,ar,en", "--sources", str(src), env=env)
    assert run.returncode == 0, run.stderr
    assert "frameworks index rebuilt" in run.stderr
    from indexer.index.store import load_index

    index = load_index(folder / "_index")
    official = [c for c in index.chunks if c.label == "nua:57" and c.flags == ("official",)]
    assert sorted(c.lang for c in official) == ["ar", "en", "zh"]
    registry = json.loads((folder / "nua" / "texts.json").read_text())
    assert sorted(e["lang"] for e in registry) == ["ar", "en", "zh"]
    assert all(
        e["status"] == "official" and e["source_url"].startswith(server) and len(e["sha256"]) == 64 for e in registry
    )
    shown = json.loads(policy_align("corpus", "show", "nua:13", "--json", env=env).stdout)
    official = {t["lang"]: t["text"] for t in shown["texts"] if t["status"] == "official"}
    assert re.search(r"第\s?13\s?段", official["zh"]) and "(a)" in official["en"] and "(b)" in official["en"]
    assert "paragraph 13 " in official["en"] and "الفقرة رقم" in official["ar"]
    ar_175 = json.loads(policy_align("corpus", "show", "nua:175", "--json", env=env).stdout)
    assert any(t["lang"] == "ar" and t["status"] == "official" and "١٧٥" in t["text"] for t in ar_175["texts"])
    assert corpus_digest() == before  # the bundled data is untouched


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, message",
    [
        ("nope", "HTTP 404"),
        ("truncated", "cut short"),
        ("html", "HTML page instead of the PDF"),
        ("wrong", "does not look like A/RES/71/256"),
        ("missing", "found 174 of 175 numbered items; missing [57]"),
        ("stall", "no answer within 2 s"),
    ],
)
def test_fetch_failures_are_clear_and_change_nothing(tmp_path, server, overlay, name, message):
    env, folder = overlay
    before = corpus_digest()
    src = sources_file(tmp_path, server, {"en": name})
    run = policy_align(
        "corpus", "fetch", "nua", "--lang", "en", "--sources", str(src), "--timeout", "2", "--no-reindex", env=env
    )
    assert run.returncode == 1
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not (folder / "nua" / "texts.json").exists()
    assert corpus_digest() == before


@pytest.mark.slow
def test_add_from_a_local_file_for_offline_workshops(tmp_path, pdfs, overlay):
    env, folder = overlay
    run = policy_align("corpus", "add", str(pdfs["zh"]), "--framework", "nua", "--lang", "zh", "--no-reindex", env=env)
    assert run.returncode == 0, run.stderr and "175 numbered items" in run.stdout
    entry = json.loads((folder / "nua" / "texts.json").read_text())[0]
    assert entry["source_file"] == str(pdfs["zh"].resolve())
    listed = {r["id"]: r for r in json.loads(policy_align("corpus", "list", "--json", env=env).stdout)}
    assert listed["nua"]["languages"]["zh"] == ["official", "summary"]
    bad = policy_align(
        "corpus", "add", str(pdfs["missing"]), "--framework", "nua", "--lang", "en", "--no-reindex", env=env
    )
    assert bad.returncode == 1 and "missing [57]" in bad.stderr and "Nothing was replaced" in bad.stderr


def _write_framework(folder: Path, items: list[dict], texts: list[dict]) -> Path:
    (folder / "texts").mkdir(parents=True)
    (folder / "framework.toml").write_text(
        'id = "sdg"\n[names]\nen = "SDG targets"\n[[sections]]\nid = "goal-11"\ntitle = { en = "Goal 11" }\n'
        '[[texts]]\nlang = "en"\nstatus = "summary"\nfile = "texts/en.summary.jsonl"\nnote = "test"\n',
        encoding="utf-8",
    )
    (folder / "items.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    (folder / "texts" / "en.summary.jsonl").write_text("".join(json.dumps(t) + "\n" for t in texts), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "items, texts, message",
    [
        (
            [
                {"id": "sdg:1", "section": "goal-11", "number": "1"},
                {"id": "sdg:1", "section": "goal-11", "number": "1"},
            ],
            [{"id": "sdg:1", "text": "x"}],
            "duplicated",
        ),
        (
            [
                {"id": "sdg:1", "section": "goal-11", "number": "1"},
                {"id": "sdg:3", "section": "goal-11", "number": "3"},
            ],
            [{"id": "sdg:1", "text": "x"}, {"id": "sdg:3", "text": "y"}],
            "missing \\[2\\]",
        ),
        (
            [
                {"id": "sdg:1", "section": "goal-11", "number": "1"},
                {"id": "sdg:2", "section": "goal-11", "number": "2"},
            ],
            [{"id": "sdg:1", "text": "x"}],
            "sdg:2 has no text",
        ),
        ([{"id": "sdg:1", "section": "goal-12", "number": "1"}], [{"id": "sdg:1", "text": "x"}], "unknown section"),
    ],
)
def test_framework_validation_names_the_problem(tmp_path, items, texts, message):
    from indexer.frameworks.model import FrameworkError, load_framework

    with pytest.raises(FrameworkError, match=message):
        load_framework(_write_framework(tmp_path / "sdg", items, texts))


def test_a_new_framework_with_sub_items_is_just_data(tmp_path):
    from indexer.frameworks.indexing import framework_chunks
    from indexer.frameworks.model import load_framework

    items = [
        {"id": "sdg:1", "section": "goal-11", "number": "1"},
        {"id": "sdg:1(a)", "section": "goal-11", "number": "1(a)", "parent": "sdg:1"},
    ]
    fw = load_framework(
        _write_framework(
            tmp_path / "sdg", items, [{"id": "sdg:1", "text": "Housing"}, {"id": "sdg:1(a)", "text": "Slums"}]
        )
    )
    assert fw.item("sdg:1(a)").parent == "sdg:1"
    assert [c.label for c in framework_chunks(fw)] == ["sdg:1", "sdg:1(a)"]


@pytest.mark.slow
def test_official_cairo_version_in_another_language_uses_the_same_path(tmp_path, overlay):
    if soffice() is None:
        pytest.skip("LibreOffice not installed (make system-deps)")
    env, folder = overlay
    paragraphs = [
        "Cairo Action Declaration",
        "We, the participants of the twelfth session of the World Urban Forum held in Cairo:",
    ]
    for n in range(1, 11):
        paragraphs += [f"{n}.", f"We call for action number {n}", f"Body of call {n}, about cities and communities."]
    pdf = make_pdf(tmp_path, "cairo-en", "en", paragraphs)
    run = policy_align("corpus", "add", str(pdf), "--framework", "cairo", "--lang", "en", "--no-reindex", env=env)
    assert run.returncode == 0, run.stderr
    shown = json.loads(policy_align("corpus", "show", "cairo:6", "--json", env=env).stdout)
    en = [t for t in shown["texts"] if t["lang"] == "en" and t["status"] == "official"]
    assert en and en[0]["title"] == "We call for action number 6" and "Body of call 6" in en[0]["text"]
