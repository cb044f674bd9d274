# Two commands: `make demo` and `make test`. Everything else is installed from the lock file.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: demo test test-browser bench bench-signatures lint format typecheck lock messages clean venv

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (set PYTHON=/path/to/python3.11).")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/diplomatie demo

test: $(STAMP)
	DIPLOMATIE_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest $(PYTEST_ARGS)

test-browser: $(STAMP)
	DIPLOMATIE_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -m browser $(PYTEST_ARGS)

# The journal's server time on the demo data and on 100,000 more publications.
# On PostgreSQL: make bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres
bench: $(STAMP)
	$(BIN)/python -m bench.journal $(BENCH_ARGS)

# Time to sign (per signature) and to verify a file with the seal and 5 or 20 signatures.
bench-signatures: $(STAMP)
	$(BIN)/python -m bench.signatures $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(STAMP)
	DIPLOMATIE_DATA_DIR=$(CURDIR)/var/test $(BIN)/mypy

# Regenerate the lock file after changing the dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.lock pyproject.toml

# Extract and compile the translations (needs GNU gettext); the .mo files are committed.
messages: $(STAMP)
	cd src/diplomatie && ../../$(BIN)/diplomatie makemessages -l fr --no-obsolete --ignore 'static/*'
	cd src/diplomatie && ../../$(BIN)/diplomatie compilemessages -l fr

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache
