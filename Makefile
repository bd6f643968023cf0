# Two commands: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := .make
DATABASE_URL ?= sqlite:///$(CURDIR)/instance/tracker.db
export DATABASE_URL

.PHONY: run test assets install install-dev secret-key migrate seed lint bench dist clean

run: install assets secret-key migrate seed
	$(BIN)/flask --app wsgi run --host 127.0.0.1 --port 5000

# Extra pytest options, e.g. CI's coverage floor: make test PYTEST_ARGS="--cov ...".
test: install-dev assets
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

install: $(STAMP)/install
install-dev: $(STAMP)/install-dev

$(STAMP)/install: pyproject.toml
	@mkdir -p $(STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[local]'
	touch $@

$(STAMP)/install-dev: pyproject.toml
	@mkdir -p $(STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)/install $@

assets: $(STAMP)/assets
$(STAMP)/assets: package.json package-lock.json build-assets.mjs assets/tracker.scss assets/init.mjs assets/favicon.svg
	@mkdir -p $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	node build-assets.mjs
	touch $@

# Without SECRET_KEY, local development signs sessions with a random key kept in instance/.
secret-key: install
	$(BIN)/python -c 'from tracker.config import instance_secret_key; instance_secret_key()'

migrate: install
	@mkdir -p instance
	$(BIN)/flask --app wsgi db upgrade

seed: migrate
	$(BIN)/flask --app wsgi seed demo

lint: install-dev
	$(BIN)/ruff check tracker tests
	$(BIN)/ruff format --check tracker tests
	$(BIN)/mypy tracker

# Every benchmark part on SQLite and PostgreSQL (created if missing); fails if either cannot run.
bench: install-dev
	$(BIN)/python -m bench.run

# The release: a wheel (and its source) with the compiled assets inside, for a server without Node.
dist: install-dev assets
	rm -rf dist build
	$(BIN)/python -m build --outdir dist .

clean:
	rm -rf $(VENV) $(STAMP) node_modules tracker/static instance dist build
