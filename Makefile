# Quick start:  make demo   (install, simulate responses, analyze, write demo-output/)
#               make test   (install with test extras, run the whole test suite)
# Installs use constraints.txt: the exact versions the suite was last run with.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CEM := $(VENV)/bin/cemsurvey
STAMP := $(VENV)/.installed

.PHONY: install test demo bench lint reference clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -n 2

demo: $(STAMP)
	$(CEM) demo

# Writes benchmarks/RESULTS.md and the README's table. plspm needs pandas < 3, so it gets a
# scratch venv (benchmarks/pls.py looks there); R (lavaan, psych) is optional: without it the
# R peers' cells say "R not installed". BENCH_ARGS: e.g. --peer-timeout 10 --only cfa invariance
PLSPM_VENV ?= /tmp/plspm-venv
BENCH_ARGS ?=
bench: $(STAMP)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[bench]'
	test -x $(PLSPM_VENV)/bin/python || ($(PYTHON) -m venv $(PLSPM_VENV) && \
	  $(PLSPM_VENV)/bin/pip install --quiet "pandas<3" "plspm==0.5.7") || \
	  echo "plspm scratch venv not made: its cells will say not installed"
	$(PY) benchmarks/run_all.py $(BENCH_ARGS)

lint: $(STAMP)
	$(PY) -m pip install --quiet ruff
	$(PY) -m ruff check cemsurvey tests benchmarks

# Regenerate the R reference values (needs R: see tests/reference/README.md)
reference:
	Rscript tests/reference/export_data.R
	for f in tests/reference/*_reference.R; do Rscript $$f || exit 1; done

clean:
	rm -rf $(VENV) demo-output .pytest_cache
