# ntnu.casemgmt: `make start` runs the demo site, `make test` the tests.
# Everything installs into .venv with the pins of constraints.txt.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HTTP_PORT ?= 8080
PIP := $(BIN)/python -m pip
PIP_FLAGS := --disable-pip-version-check -q -c constraints.txt
INSTALL_STAMP := $(VENV)/.installed

.PHONY: help
help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --disable-pip-version-check -q -c constraints.txt pip setuptools wheel

$(INSTALL_STAMP): $(BIN)/python setup.py constraints.txt
	$(PIP) install $(PIP_FLAGS) -e '.[test]'
	touch $@

.PHONY: install
install: $(INSTALL_STAMP) ## Install the add-on and what the tests need into .venv

# One npm ci (package.json, pinned in package-lock.json) installs both:
# axe-core for the browser tests, oidc-provider for idp/ (make idp).
AXE := node_modules/axe-core/axe.min.js
IDP := node_modules/oidc-provider/package.json
$(AXE) $(IDP) &: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(AXE) $(IDP)

.PHONY: browser
browser: $(AXE) $(IDP) ## Debian's chromium, axe-core and the local OIDC provider (idp/) for the browser tests
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian's chromium (needs root)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	  || echo "chromium could not be installed: the browser tests will be skipped (outside CI)"; }

.PHONY: idp
idp: $(IDP) ## A local OpenID Connect provider (Feide's stand-in) at http://localhost:9000 (idp/)
	node idp/server.mjs

.PHONY: instance
instance: install ## Write the Zope configuration into var/instance
	$(BIN)/python scripts/make_instance.py --port $(HTTP_PORT)

.PHONY: site
site: instance ## Create the admin user and the site Plone (first run only)
	$(BIN)/zconsole run var/instance/etc/zope.conf scripts/create_site.py

.PHONY: start
start: site ## Run the site at http://localhost:$(HTTP_PORT)/Plone
	@echo "Plone site: http://localhost:$(HTTP_PORT)/Plone (admin/admin unless ADMIN_PASSWORD is set)"
	@echo "Development mail is written to var/mail/ unless SMTP_HOST is set."
	$(BIN)/runwsgi var/instance/etc/zope.ini

RS_VAR := var/relstorage
PG_DATABASE ?= casemgmt

.PHONY: start-relstorage
start-relstorage: install ## Like start, on RelStorage/PostgreSQL (127.0.0.1:5432); HTTP_PORT for a second instance
	psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$(PG_DATABASE)'" | grep -q 1 \
	  || createdb -h 127.0.0.1 -U postgres $(PG_DATABASE)
	$(BIN)/python scripts/make_instance.py --storage relstorage --pg-database $(PG_DATABASE) \
	  --var $(RS_VAR)-$(HTTP_PORT) --port $(HTTP_PORT)
	$(BIN)/zconsole run $(RS_VAR)-$(HTTP_PORT)/instance/etc/zope.conf scripts/create_site.py
	$(BIN)/runwsgi $(RS_VAR)-$(HTTP_PORT)/instance/etc/zope.ini

.PHONY: reset
reset: ## Throw the database away (next start builds a new site)
	rm -rf var/filestorage var/blobstorage var/instance

# make backup / make restore (scripts/backup.py): FileStorage with blobs;
# STORAGE=relstorage (with PG_DATABASE) for pg_dump/pg_restore instead.
BACKUP_DIR ?= var/backup

.PHONY: backup
backup: install ## Back up the database and its blobs into $(BACKUP_DIR)/<UTC time>, also while the site runs
	$(BIN)/python scripts/backup.py backup --var var --backup-dir $(BACKUP_DIR)

.PHONY: restore
restore: install ## Restore the newest backup (or BACKUP=<dir>) into var/; stop the site first
	$(BIN)/python scripts/backup.py restore --var var --backup-dir $(BACKUP_DIR) \
	  $(if $(BACKUP),--backup $(BACKUP))

.PHONY: test
test: install browser ## Run the whole test suite
	$(BIN)/pytest

# what make lint and make format look at
LINT_PATHS := src tests bench scripts setup.py
ZPRETTY := $(BIN)/zpretty --include '\.(xml|zcml)$$'

.PHONY: lint
lint: install ## Check the code: ruff (lint and format), zpretty (ZCML/XML), the workflow XML
	$(BIN)/ruff check --no-fix $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(ZPRETTY) --check src
	$(BIN)/python -m ntnu.casemgmt.workflows.generate --check

.PHONY: format
format: install ## Format the code: sort imports, ruff format, zpretty
	$(BIN)/ruff check --select I --fix $(LINT_PATHS)
	$(BIN)/ruff format $(LINT_PATHS)
	$(ZPRETTY) -i src

.PHONY: test-quick
test-quick: install ## Everyday tests: all but browser, release, start, RelStorage and bench, in 2 processes
	$(BIN)/pytest -m "not slow" -n 2

.PHONY: bench
bench: install ## Benchmark against plain Plone (N = 1000, 10000, 100000; built once in var/bench)
	$(BIN)/python bench/run.py

.PHONY: workflows
workflows: install ## Write the workflow XML from src/ntnu/casemgmt/workflows/specification.txt
	$(BIN)/python -m ntnu.casemgmt.workflows.generate

.PHONY: i18n
i18n: install ## Update the .pot and the nb/en catalogues from the code
	$(BIN)/python scripts/i18n.py

.PHONY: constraints
constraints: ## Re-resolve constraints.txt in a throw-away venv (see its header)
	scripts/update_constraints.sh

.PHONY: clean
clean: ## Remove .venv and everything in var/
	rm -rf $(VENV) var
