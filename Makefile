# fupin — the commands of README.md. Everything runs from the project's own virtual environment.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_COUNTY ?= 220802

.PHONY: install run test test-fast lint format bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: install
	$(BIN)/fupin init
	$(BIN)/fupin demo --county $(DEMO_COUNTY)
	@echo "请在浏览器打开 http://$(HOST):$(PORT)/ ，用上面的演示账号登录（如 admin）。"
	$(BIN)/fupin serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src/fupin
	$(BIN)/python -m django makemigrations --check --dry-run --settings=fupin.settings
# The import contracts of pyproject.toml: core imports no app, the apps' imports point down.
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .import_linter_cache
