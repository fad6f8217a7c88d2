# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make demo   set up (venv, CPU PyTorch, the project, the offline model) and run the main job
#   make test   set up and run the whole test suite (what .ci/run calls)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench eval clean

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# The CPU build: a bare `torch` requirement would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/policy-align model build
	touch $(STAMP)

demo: install
	$(BIN)/policy-align demo

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python eval/bench_embed.py

eval: install
	$(BIN)/python eval/tatoeba.py
	$(BIN)/python eval/tatoeba.py --backend torch

clean:
	rm -rf $(VENV) *.egg-info
