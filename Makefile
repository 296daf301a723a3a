# One command sets everything up and starts the app: `make run`.
# One command sets everything up and runs the tests: `make test`.
# CI (.ci/run) runs `make test`, then `make smoke`: build the desktop bundle and run it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
QM := resources/translations/llmplan_de.qm
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
BUNDLE := dist/llmplan-$(VERSION)

.PHONY: setup system-deps run test lint bench accuracy bundle smoke clean

setup: system-deps $(STAMP) $(QM)

system-deps:
	@sh scripts/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The German UI: Qt's compiled translation, built from the .ts kept in the repository.
$(QM): resources/translations/llmplan_de.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

run: setup
	$(BIN)/llmplan-desktop

lint: setup
	$(BIN)/ruff check core desktop tests benches scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

test: lint
	QT_QPA_PLATFORM=offscreen LLMPLAN_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest

bench: setup
	@$(BIN)/python -m benches

accuracy: setup
	@$(BIN)/python -m benches.accuracy

# The desktop bundle (PyInstaller, one folder): dist/llmplan-<version>/.
$(VENV)/.bundle: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bundle]'
	touch $@

bundle: setup $(VENV)/.bundle
	$(BIN)/pyinstaller --noconfirm --log-level ERROR build.spec

smoke: bundle
	sh scripts/smoke-bundle.sh $(BUNDLE)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
