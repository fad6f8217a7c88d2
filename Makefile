# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make demo   set up (venv, CPU PyTorch, the project, the offline model) and run the main job
#   make test   set up and run the whole test suite (what .ci/run calls)
#   make test-fast   the unit tier only (fake embedder, no real model or browser): about 2 minutes
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install system-deps demo test test-fast lint bench eval clean
APT_PACKAGES := tesseract-ocr tesseract-ocr-osd tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-ara tesseract-ocr-fra \
                tesseract-ocr-spa tesseract-ocr-rus poppler-utils \
                libreoffice-writer-nogui fonts-noto-core fonts-noto-cjk fonts-freefont-ttf fonts-dejavu-core chromium

install: system-deps $(STAMP)

# OCR for scanned or garbled pages (with Tesseract's script detection, osd), poppler's
# pdftotext (a second opinion on word spaces), LibreOffice + Noto, FreeSerif and DejaVu fonts
# with which the tests and the fidelity benchmark make real multilingual PDFs, and Chromium
# for the app's browser tests and print-to-PDF (Debian packages). Without root
# or apt the rest still works: such pages stay flagged and the tests that need these tools
# are skipped with a reason.
system-deps:
	@if command -v tesseract >/dev/null && command -v pdftoppm >/dev/null && command -v soffice >/dev/null \
	    && command -v chromium >/dev/null && fc-list 2>/dev/null | grep -q FreeSerif \
	    && tesseract --list-langs 2>/dev/null | grep -q '^chi_sim$$' && tesseract --list-langs 2>/dev/null | grep -q '^osd$$'; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	else echo "note: OCR/LibreOffice/Chromium missing; run as root: apt-get install $(APT_PACKAGES)"; fi

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# The CPU build: a bare `torch` requirement would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/policy-align model build
	touch $(STAMP)

# model build also prepares (or checks) the frameworks index and the matchers' views, so the
# first search and the first alignment in the app read them from the cache (eval/bench_first_result.py)
demo: install
	$(BIN)/policy-align model build
	$(BIN)/policy-align demo

# the unit tier first (fails in seconds), then the rest: every test runs once
test: install
	$(BIN)/python -m pytest -m "not slow" -q
	$(BIN)/python -m pytest -m slow

test-fast: install
	$(BIN)/python -m pytest -m "not slow" -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python eval/extract_fidelity.py
	$(BIN)/python eval/bench_pipeline.py
	$(BIN)/python eval/bench_embed.py
	$(BIN)/python eval/bench_search.py
	$(BIN)/python eval/bench_align.py
	$(BIN)/python eval/bench_memory.py
	$(BIN)/python eval/faults.py

eval: install
	$(BIN)/python eval/tatoeba.py
	$(BIN)/python eval/tatoeba.py --backend torch
	$(BIN)/python eval/match_eval.py
	$(BIN)/python eval/match_eval.py --framework nua
	$(BIN)/python eval/match_eval.py --frozen eval/data/cairo_fresh.jsonl
	$(BIN)/python eval/match_eval.py --frozen eval/data/cairo_fresh2.jsonl
	$(BIN)/python eval/alignment_eval.py --framework cairo
	$(BIN)/python eval/alignment_eval.py --framework nua
	$(BIN)/python eval/numbered_eval.py
	$(BIN)/python eval/crosslingual_eval.py
	$(BIN)/python eval/crosslingual_docs_eval.py
	$(BIN)/python eval/tatoeba_centring.py
	$(BIN)/python eval/search_eval.py

clean:
	rm -rf $(VENV) *.egg-info
