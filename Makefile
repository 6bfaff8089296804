# Vetrina. `make help` lists the targets.
.DEFAULT_GOAL := help
UV := scripts/uv.sh

.PHONY: help install demo test lint bench

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

install: ## Install Vetrina and its Python dependencies into .venv (uv, from uv.lock)
	@# Compiled once here, so that each vetrina process (server, worker, seed's helpers) starts at once.
	@$(UV) sync --locked --quiet --compile-bytecode
	@# The .mo catalogues are built here from the committed .po files (with Babel: no system package).
	@scripts/i18n.sh compile

demo: install ## Run Vetrina with demo data at http://127.0.0.1:8000
	.venv/bin/vetrina demo

test: ## Lint, then the whole suite on SQLite and on a throwaway PostgreSQL
	scripts/test.sh

lint: install ## ruff, mypy, the migrations check and the translations check
	scripts/lint.sh

bench: install ## Run the benchmarks; results land in bench/results/
	.venv/bin/python -m bench
