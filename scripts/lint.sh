#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Lint"
.venv/bin/ruff check src bench
.venv/bin/ruff format --check src bench
.venv/bin/mypy src bench
# The apps as layers (docs/architecture.md; the contract is in pyproject.toml).
.venv/bin/lint-imports --no-cache
.venv/bin/vetrina makemigrations --check --dry-run >/dev/null || {
  echo "Models and migrations disagree: run '.venv/bin/vetrina makemigrations'." >&2
  exit 1
}
