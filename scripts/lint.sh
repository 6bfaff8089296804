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
scripts/i18n.sh check || {
  echo "The Italian catalogue and the code disagree (above). 'scripts/i18n.sh update' extracts the strings;" >&2
  echo "translate what 'scripts/i18n.sh todo' lists in src/vetrina/locale/it/LC_MESSAGES/django.po (docs/translating.md)." >&2
  exit 1
}
