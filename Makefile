# The two quickstart commands: `make demo` and `make test`. Both set up .venv on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.claimwatch-installed

# Models ship in PyPI packages; nothing may reach a model hub at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: install demo test clean

install: $(STAMP)

# torch goes first and pinned: a bare `torch` requirement resolved later would pull a
# multi-GB CUDA build; 2.13.0 resolves to the CPU build that this machine kind keeps on disk.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: install
	$(VENV)/bin/claimwatch demo

test: install
	$(PY) -m pytest

clean:
	rm -rf $(VENV) data/demo .pytest_cache
